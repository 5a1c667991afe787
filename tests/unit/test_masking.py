"""Masking: personal numbers never survive in any written form; other numbers stay readable.

The rule, as masking.py states it: a resident ID keeps its first 3 and last 4 characters, a
bank card its first 4 and last 4 digits, a mobile number its first 3 and last 4 digits (a
+86 / 0086 country code stays as written).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from autofill.masking import mask_card, mask_data, mask_id, mask_phone, mask_text


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


@pytest.mark.parametrize(
    ("written", "masked"),
    [
        # the leaks of issue 10: grouped cards and phones with a country code or dashes
        ("卡号 6222 0202 1234 5678 909。", "卡号 6222 **** **** 8909。"),
        ("卡号 6222-0202-1234-5678-909。", "卡号 6222 **** **** 8909。"),
        ("电话 +86 138 0013 8000。", "电话 +86 138****8000。"),
        ("电话 138-0013-8000。", "电话 138****8000。"),
        ("电话 0086-138-0013-8000", "电话 0086 138****8000"),
        ("tel:+8613800138000", "tel:+86 138****8000"),
        # IDs grouped as people copy them, with a capital or small x
        ("身份证 310101 19920315 4321", "身份证 310***********4321"),
        ("身份证 310101-1992-0315-4321", "身份证 310***********4321"),
        ("id=31010119920315432x;", "id=310***********432x;"),
        # glued to letters or Chinese, in full-width spaces, twice in one line
        ("card6222020212345678909", "card6222 **** **** 8909"),
        ("银行卡号6222　0202　1234　5678　909", "银行卡号6222 **** **** 8909"),
        ("13800138000 13900139000", "138****8000 139****9000"),
        ("日期 2026-10-20 6222020212345678909", "日期 2026-10-20 6222 **** **** 8909"),
        # a short group glued before an ID: no single reading, so every digit goes
        ("第12 310101 19920315 4321", "第** ****** ******** ****"),
    ],
)
def test_every_written_form_is_masked(written: str, masked: str) -> None:
    assert mask_text(written) == masked


@pytest.mark.parametrize(
    "text",
    [
        "发证日期 2026-10-20，截止 2027-10-20（还有 324 天）",
        "2026-10-20 2027-10-20",
        "2026/10/20 2026.10.20 2026年10月20日 20261020",
        "时间 2026-11-30T06:16:10+08:00 或 2026-11-30 06:16:10",
        "办件编号：SH20261129000001，当前状态：待审核",
        "证书编号 S000031000001263000123 / Y000031000001263000123",
        "补贴金额 2000.00元（2500 × 80%），共 1,500 元",
        "运行编号：20261130-061610-0123 与 20261130-061610-0123-2",
        "累计缴纳失业保险月数 36，提醒 30 7 1 天",
        "统一社会信用代码 91310115MA1H7GXX8Q",
        # a kept session's file name whose hash has a long run of digits
        "已保存登录会话：runs/.sessions/51d80f93372188119985af7d25d5acc0.json",
        '{"session_file": "/tmp/runs/.sessions/12345678901234567890123456789012.json"}',
    ],
)
def test_dates_case_and_certificate_numbers_amounts_and_run_ids_stay(text: str) -> None:
    assert mask_text(text) == text


@pytest.mark.parametrize(
    "message",
    [
        "预览摘要：123456789012\n核对后执行：autofill submit 20261130-061610-0123 --digest 123456789012",
        "Preview digest: 123456789012",
        "预览摘要（digest）：[bold]123456789012[/]",
        "重新打开的预览摘要为 123456789012，与确认的 223456789012 不同：预览已变化，未提交。",
    ],
)
def test_a_digest_stays_even_when_all_digits(message: str) -> None:
    assert mask_text(message) == message


def test_texts_named_to_keep_stay() -> None:
    assert mask_text("编号 123456789012", keep=["123456789012"]) == "编号 123456789012"
    assert mask_text("编号 123456789012") == "编号 1234 **** **** 9012"  # 12 digits: a card


def test_mask_data_masks_every_string_but_identifiers() -> None:
    data = {
        "message": "卡号 6222 0202 1234 5678 909",
        "errors": [{"path": "bank.card_number", "message": "电话 +86 138 0013 8000"}],
        "digest": "123456789012",
        "certificate_number": "1234567890123456",
        "amount": 2000,
    }
    masked = mask_data(data)
    assert masked["message"] == "卡号 6222 **** **** 8909"
    assert masked["errors"][0]["message"] == "电话 +86 138****8000"
    assert masked["digest"] == "123456789012"
    assert masked["certificate_number"] == "1234567890123456"
    assert masked["amount"] == 2000


# ---- properties: any grouping, any surrounding text ------------------------------------

#: province codes that begin real resident IDs (none begins "20", a run id's year)
PROVINCES = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46]
PROVINCES += [50, 51, 52, 53, 54, 61, 62, 63, 64, 65]
SEPARATORS = st.sampled_from([" ", "-", "\u3000", "\u00a0"])
#: surrounding text: Chinese, ASCII letters and punctuation, spaces; no digits, so that every
#: digit left in the masked text comes from the number
SURROUNDING = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
        st.sampled_from(
            list("abcdefghijklmnopqrstuvwxyzXABCDEFGHSYZ +-:;,.()[]/#*=，。：；（）、")
        ),
    ),
    max_size=12,
)


@st.composite
def grouped(draw: st.DrawFn, chars: str, last_at_least: int = 1) -> str:
    """`chars` cut into groups joined by separators: a group inside the number has at least 3
    characters, the last at least `last_at_least`."""
    text = ""
    rest = chars
    while len(rest) >= 3 + last_at_least and draw(st.booleans()):
        size = draw(st.integers(3, len(rest) - last_at_least))
        text += rest[:size] + draw(SEPARATORS)
        rest = rest[size:]
    return text + rest


def _digits(text: str) -> int:
    return len(re.findall(r"\d", text))


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    head = str(draw(st.sampled_from(PROVINCES)))
    body = draw(st.text(alphabet="0123456789", min_size=15, max_size=15))
    last = draw(st.sampled_from(list("0123456789Xx")))
    return head + body + last


@given(
    number=resident_ids().flatmap(lambda n: grouped(n, last_at_least=2)),
    left=SURROUNDING,
    right=SURROUNDING,
)
@settings(max_examples=300, deadline=None)
def test_an_id_in_any_grouping_keeps_at_most_its_first_3_and_last_4(
    number: str, left: str, right: str
) -> None:
    masked = mask_text(left + number + right)
    assert _digits(masked) <= 7, masked
    assert masked.startswith(left) and masked.endswith(right)


@given(
    number=st.integers(12, 19)
    .flatmap(
        lambda n: st.tuples(
            st.sampled_from("3456"), st.text(alphabet="0123456789", min_size=n - 1, max_size=n - 1)
        )
    )
    .map("".join)
    .flatmap(grouped),
    left=SURROUNDING,
    right=SURROUNDING,
)
@settings(max_examples=300, deadline=None)
def test_a_card_in_any_grouping_keeps_at_most_its_first_4_and_last_4(
    number: str, left: str, right: str
) -> None:
    # two capital letters and 14 digits is the portal's case number (SH20261129000001)
    assume(not (re.search(r"(?<![A-Za-z])[A-Z]{2}$", left) and re.fullmatch(r"\d{14}", number)))
    masked = mask_text(left + number + right)
    assert _digits(masked) <= 8, masked
    assert masked.startswith(left) and masked.endswith(right)


@given(
    number=st.tuples(
        st.sampled_from(["", "+86", "0086", "86"]),
        st.sampled_from(["", " ", "-"]),
        st.tuples(
            st.sampled_from("3456789"), st.text(alphabet="0123456789", min_size=9, max_size=9)
        )
        .map(lambda t: "1" + t[0] + t[1])
        .flatmap(grouped),
    ),
    left=SURROUNDING,
    right=SURROUNDING,
)
@settings(max_examples=300, deadline=None)
def test_a_mobile_number_in_any_form_keeps_at_most_its_first_3_and_last_4(
    number: tuple[str, str, str], left: str, right: str
) -> None:
    code, joint, digits = number
    code_digits = _digits(code)
    masked = mask_text(left + code + (joint if code else "") + digits + right)
    assert _digits(masked) <= 7 + code_digits, masked
    assert masked.endswith(right)


HARMLESS = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: f"{d.year}年{d.month}月{d.day}日"),
    st.integers(0, 10**9).map(str),
    st.integers(0, 10**7).map(lambda cents: f"{cents // 100}.{cents % 100:02d}元"),
    st.integers(10**13, 10**14 - 1).map(lambda n: f"SH{n}"),
    st.integers(10**20, 10**21 - 1).map(lambda n: f"S{n}"),
)


@given(parts=st.lists(HARMLESS, min_size=1, max_size=6), glue=st.sampled_from(["，", "；", " 和 "]))
@settings(max_examples=200, deadline=None)
def test_dates_amounts_case_and_certificate_numbers_are_never_changed(
    parts: list[str], glue: str
) -> None:
    text = glue.join(parts)
    assert mask_text(text) == text


def test_the_command_lines_log_records_are_printed_masked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import logging

    import autofill.cli.common  # noqa: F401  (installs the handler)

    try:
        raise ValueError("bad card 6222 0202 1234 5678 909")
    except ValueError:
        logging.getLogger("autofill.scenarios.runner").exception("scenario %s crashed", "x")
    err = capsys.readouterr().err
    assert "scenario x crashed" in err and "bad card 6222 **** **** 8909" in err
    assert "0202" not in err
