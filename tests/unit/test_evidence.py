"""The preview's comparison with the profile and its digest."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from autofill import evidence
from autofill.portal.texts import DEFAULT_TEXTS
from autofill.portal.values import Expected, expected_preview
from autofill.profile import load_profile
from tests.unit.conftest import example_data

T = DEFAULT_TEXTS


def test_the_portal_masking_of_the_id_number_matches() -> None:
    want = Expected("310101199203154321", "id")
    assert evidence.value_matches(want, "310***********4321")
    assert evidence.value_matches(want, "310101199203154321")
    assert not evidence.value_matches(want, "310***********4322")
    assert not evidence.value_matches(want, "320***********4321")
    # a mask that shows every character is not a mask of something else
    assert not evidence.value_matches(want, "310101199203154321*")


def test_dates_in_the_portal_formats_match_and_others_do_not() -> None:
    want = Expected("2026-10-20", "date")
    for shown in ("2026-10-20", "2026/10/20", "2026年10月20日", "2026.10.20"):
        assert evidence.value_matches(want, shown), shown
    assert not evidence.value_matches(want, "2026-10-21")
    assert not evidence.value_matches(want, "")


def test_bank_card_grouping_and_masking() -> None:
    want = Expected("6222020212345678909", "card")
    assert evidence.value_matches(want, "6222 0202 1234 5678 909")
    assert evidence.value_matches(want, "6222 **** **** 8909")
    assert not evidence.value_matches(want, "6222 0202 1234 5678 900")
    assert not evidence.value_matches(want, "6222 **** **** 8900")


def test_level_and_months() -> None:
    assert evidence.value_matches(Expected("三级/高级工"), "三级/高级工")
    assert not evidence.value_matches(Expected("三级/高级工"), "四级/中级工")
    assert evidence.value_matches(Expected("36", "number"), "36个月")
    assert not evidence.value_matches(Expected("36", "number"), "35")


def _example_preview() -> dict[str, str]:
    return {
        "姓名": "王示例",
        "证件号码": "310***********4321",
        "联系电话": "13800138000",
        "证书编号": "S000031000001263000123",
        "证书类型": "职业技能等级证书",
        "职业（工种）": "电工",
        "等级": "三级/高级工",
        "发证日期": example_data()["certificate"]["issue_date"],
        "发证机构": "上海市示例职业技能等级认定中心",
        "户籍": "本市",
        "参保状态": "正常缴费",
        "累计缴纳失业保险月数": "36",
        "就业状态": "在职",
        "工作单位": "上海示例机电工程有限公司",
        "开户银行": "中国工商银行",
        "银行卡号": "6222020212345678909",
        "确认银行卡号": "6222020212345678909",
    }


def test_the_example_profile_matches_a_faithful_preview(write_profile) -> None:  # type: ignore[no-untyped-def]
    profile = load_profile(write_profile())
    expected = expected_preview(profile, T)
    lines = evidence.compare(expected, _example_preview(), {}, {})
    assert evidence.differences(lines) == []
    # what is printed is masked
    shown = {line.label: line for line in lines}
    assert shown["证件号码"].profile == "310***********4321"
    assert shown["银行卡号"].profile == "6222 **** **** 8909"
    assert "6222020212345678909" not in shown["银行卡号"].preview


def test_an_altered_value_a_missing_field_and_a_missing_material_are_differences(
    write_profile,
) -> None:  # type: ignore[no-untyped-def]
    profile = load_profile(write_profile())
    preview = _example_preview()
    preview["开户银行"] = "中国农业银行"
    del preview["发证日期"]
    lines = evidence.compare(
        expected_preview(profile, T),
        preview,
        {"身份证人像面": "id-front.jpg", "银行卡": "bank-card.jpg"},
        {"身份证人像面": "id-front.jpg 已上传"},
    )
    assert {line.label for line in evidence.differences(lines)} == {
        "开户银行",
        "发证日期",
        "银行卡",
    }


def test_digest_is_the_first_12_hex_of_sha256_of_canonical_json() -> None:
    fields = {"姓名": "王示例", "等级": "三级/高级工"}
    materials = [evidence.Material("银行卡", "bank-card.jpg", 1234)]
    canonical = json.dumps(
        {
            "fields": {"姓名": "王示例", "等级": "三级/高级工"},
            "materials": {"银行卡": {"name": "bank-card.jpg", "size": 1234}},
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    want = hashlib.sha256(canonical.encode()).hexdigest()[:12]
    assert evidence.digest(fields, materials) == want
    # the order in which the page listed things does not matter
    assert evidence.digest(dict(reversed(list(fields.items()))), materials) == want
    # any change of a value, a name or a size changes it
    assert evidence.digest({**fields, "等级": "四级/中级工"}, materials) != want
    assert evidence.digest(fields, [evidence.Material("银行卡", "bank-card.jpg", 1235)]) != want


def test_preview_json_masks_personal_numbers(tmp_path: Path) -> None:
    path = tmp_path / "preview.json"
    evidence.save_preview_json(path, {"银行卡号": "6222020212345678909"}, [], [], "abc")
    text = path.read_text(encoding="utf-8")
    assert "6222020212345678909" not in text
    assert "6222 **** **** 8909" in text
    assert path.stat().st_mode & 0o777 == 0o600


def _digits(text: str) -> int:
    return sum(c.isdigit() for c in text)


def test_a_portal_that_groups_numbers_leaks_nothing_in_the_table_or_preview_json(
    write_profile, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    profile = load_profile(write_profile())
    preview = _example_preview()
    preview["证件号码"] = "310101 19920315 4321"
    preview["联系电话"] = "+86 138-0013-8000"
    preview["银行卡号"] = "6222 0202 1234 5678 909"
    preview["确认银行卡号"] = "6222·0202·1234·5678·909"  # a separator free text does not know
    lines = evidence.compare(expected_preview(profile, T), preview, {}, {})
    shown = {line.label: line.preview for line in lines}
    assert shown["证件号码"] == "310***********4321"
    assert shown["联系电话"] == "+86 138****8000"
    assert shown["银行卡号"] == "6222 **** **** 8909"
    assert _digits(shown["确认银行卡号"]) <= 8
    # the certificate number is no personal number: shown whole, on both sides
    assert shown["证书编号"] == "S000031000001263000123"
    path = tmp_path / "preview.json"
    evidence.save_preview_json(path, preview, [], lines, "abc")
    saved = json.loads(path.read_text(encoding="utf-8"))
    for label in ("证件号码", "联系电话", "银行卡号", "确认银行卡号"):
        assert saved["fields"][label] == shown[label]
    assert saved["fields"]["证书编号"] == "S000031000001263000123"


def test_a_16_digit_qualification_certificate_number_is_shown_whole(write_profile) -> None:  # type: ignore[no-untyped-def]
    profile = load_profile(write_profile())
    want = expected_preview(profile, T)["证书编号"]
    qualification = Expected("1231000000300123", want.kind)
    [line] = evidence.compare({"证书编号": qualification}, {"证书编号": "1231000000300123"}, {}, {})
    assert line.profile == line.preview == "1231000000300123" and line.same
