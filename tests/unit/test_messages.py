from __future__ import annotations

import json
import string
from pathlib import Path

import pytest

from autofill.messages import catalogue, error_path, hint, t, translate_error

FILES = Path(__file__).resolve().parents[2] / "src" / "autofill" / "messages"


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_language_files_hold_the_same_keys_with_the_same_placeholders() -> None:
    zh = json.loads((FILES / "zh.json").read_text(encoding="utf-8"))
    en = json.loads((FILES / "en.json").read_text(encoding="utf-8"))
    assert sorted(set(zh) ^ set(en)) == []
    for key in zh:
        assert isinstance(zh[key], str) and isinstance(en[key], str), key
        assert zh[key].strip() and en[key].strip(), key
        assert fields(zh[key]) == fields(en[key]), key


def test_the_catalogue_is_read_from_the_language_files() -> None:
    assert catalogue("en")["runs_dir.not_a_folder"] == "not a folder"
    assert catalogue("zh")["runs_dir.not_a_folder"] == "不是目录"
    assert catalogue("fr") is catalogue("zh")


def test_t_fills_parameters_and_defaults_to_chinese() -> None:
    assert t("window.passed", days=1, issue="2026-10-20", deadline="2027-10-20").startswith(
        "已超过申请时限"
    )
    assert (
        t("ui.short", "en", months=3, min=12) == "3 months of unemployment insurance, fewer than 12"
    )
    assert t("ui.short", "fr", months=3, min=12).startswith("累计缴纳失业保险 3 个月")
    assert t("no.such.key") == "no.such.key"
    assert t("ui.short", months=3) == "累计缴纳失业保险 3 个月，不足 {min} 个月"


def test_paths_are_dotted_with_list_indices() -> None:
    assert error_path(("prior_claims", 0, "level")) == "prior_claims[0].level"
    assert error_path(("certificate", "issue_date")) == "certificate.issue_date"
    assert hint("prior_claims[3].level") == "等级：1–5 或等级名称"


def test_pydantic_error_types_are_translated() -> None:
    error = {"type": "missing", "loc": ("applicant", "phone"), "msg": "Field required"}
    assert translate_error(error) == {
        "path": "applicant.phone",
        "message": "缺少必填项；请填写：11 位手机号码，以 1 开头，例如 13800138000",
    }
    literal = {"type": "literal_error", "loc": ("x",), "msg": "", "ctx": {"expected": "'a' or 'b'"}}
    assert translate_error(literal, "en")["message"] == "not an allowed value; expected 'a' or 'b'"


def test_an_unknown_pydantic_error_keeps_its_detail_and_a_hint() -> None:
    error = {"type": "uuid_parsing", "loc": ("bank", "bank"), "msg": "Input should be a UUID"}
    message = translate_error(error)["message"]
    assert "Input should be a UUID" in message and "开户银行名称" in message


def test_a_cross_field_error_points_at_its_field() -> None:
    error = {
        "type": "employer_required",
        "loc": ("applicant",),
        "msg": "",
        "ctx": {"field": "employer"},
    }
    assert translate_error(error)["path"] == "applicant.employer"


def test_messages_moved_into_the_catalogue_read_in_english(tmp_path: Path) -> None:
    from autofill.batch import profiles_in
    from autofill.browser.polite import Politeness
    from autofill.errors import BadInput

    missing = tmp_path / "applicants"
    with pytest.raises(BadInput) as english:
        profiles_in(missing, lang="en")
    assert str(english.value) == (
        f"not a folder: {missing}; give the folder that holds the applicants' profiles (*.json)"
    )
    with pytest.raises(BadInput) as chinese:
        profiles_in(missing)
    assert str(chinese.value) == f"不是文件夹：{missing}；请给出存放申请人资料（*.json）的文件夹"
    assert Politeness(2, 60).describe("en") == (
        "limits on the portal: at most 2 sessions at once, at most 60 page loads a minute"
    )
    assert Politeness(None, None).describe() == "对门户的限制：会话数不限，页面加载不限速"
