"""`autofill amend --file ITEM=PATH`: items as the portal names them, refused clearly otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from autofill.amend import amend_digest, parse_files
from autofill.errors import BadInput
from autofill.portal.texts import DEFAULT_TEXTS


def test_items_are_taken_by_the_portals_label_or_the_profiles_key() -> None:
    files = parse_files(["证书等级页=new.jpg", "bank_card = card.png"], DEFAULT_TEXTS)
    assert files == {"certificate_level": Path("new.jpg"), "bank_card": Path("card.png")}


def test_an_unknown_item_or_a_missing_path_is_exit_2_naming_the_items() -> None:
    with pytest.raises(BadInput) as caught:
        parse_files(["证书页=x.jpg", "证书等级页"], DEFAULT_TEXTS)
    assert caught.value.exit_code == 2
    messages = [e["message"] for e in caught.value.errors]
    assert "不认识的材料“证书页”" in messages[0] and "证书等级页" in messages[0]
    assert "材料名=文件路径" in messages[1]


def test_the_digest_binds_the_case_and_each_file_and_size() -> None:
    one = amend_digest("SH1", [("证书等级页", "a.jpg", 100)])
    assert len(one) == 12
    assert one != amend_digest("SH1", [("证书等级页", "a.jpg", 101)])
    assert one != amend_digest("SH2", [("证书等级页", "a.jpg", 100)])
