"""The portal map and its override file."""

from __future__ import annotations

from pathlib import Path

import pytest

from autofill.errors import BadInput
from autofill.portal.texts import DEFAULT_TEXTS, load_texts


def test_defaults_are_the_spec_texts() -> None:
    t = DEFAULT_TEXTS
    assert t.login_heading == "用户登录"
    assert t.submit_button == "确认提交"
    assert t.level_name(3) == "三级/高级工"
    assert t.terminal_statuses == ("审核不通过", "已发放")
    assert next(iter(t.materials.values())) == "身份证人像面"


def test_a_yaml_file_overrides_some_texts(tmp_path: Path) -> None:
    path = tmp_path / "texts.yaml"
    path.write_text("login_button: 登 录\nlevels:\n  '3': 三级（高级工）\n", encoding="utf-8")
    t = load_texts(path)
    assert t.login_button == "登 录"
    assert t.level_name(3) == "三级（高级工）"
    assert t.level_name(4) == "四级/中级工"
    assert t.submit_button == "确认提交"


def test_a_json_file_with_unknown_keys_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "texts.json"
    path.write_text('{"login_buton": "登录", "submit_button": ""}', encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        load_texts(path)
    paths = {e["path"] for e in caught.value.errors}
    assert paths == {"--portal-texts.login_buton", "--portal-texts.submit_button"}
