from __future__ import annotations

from autofill.masking import mask_card, mask_id, mask_phone, mask_text


def test_mask_id_keeps_first_three_and_last_four() -> None:
    assert mask_id("310101199001011234") == "310***********1234"


def test_mask_card_groups_like_the_spec() -> None:
    assert mask_card("6222 0202 0011 2233 445") == "6222 **** **** 3445"


def test_mask_phone() -> None:
    assert mask_phone("13800138000") == "138****8000"


def test_mask_text_hides_every_number_in_a_log_line() -> None:
    line = "user 31010119900101123X card 6222020200112233445 phone 13800138000 cert 2026"
    masked = mask_text(line)
    assert "31010119900101123X" not in masked
    assert "6222020200112233445" not in masked
    assert "13800138000" not in masked
    assert "310***********123X" in masked
    assert "6222 **** **** 3445" in masked
    assert "138****8000" in masked
    assert "cert 2026" in masked
