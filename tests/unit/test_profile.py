from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError
from stdnum import luhn
from stdnum.cn import ric

from autofill.errors import BadInput
from autofill.profile import (
    BankCardNumber,
    Category,
    CertificateKind,
    CertificateNumber,
    CreditCode,
    Hukou,
    Level,
    PolicyName,
    Profile,
    ResidentId,
    Route,
    display_name,
    id_area_warning,
    load_profile,
    profile_schema,
    validate_profile,
)
from tests.unit.conftest import ProfileWriter, example_data

TODAY = date(2026, 11, 29)
ID_ADAPTER: TypeAdapter[str] = TypeAdapter(ResidentId)
CARD_ADAPTER: TypeAdapter[str] = TypeAdapter(BankCardNumber)
CODE_ADAPTER: TypeAdapter[str] = TypeAdapter(CreditCode)
NUMBER_ADAPTER: TypeAdapter[str] = TypeAdapter(CertificateNumber)


def errors_of(data: object, lang: str = "zh") -> dict[str, str]:
    with pytest.raises(BadInput) as caught:
        validate_profile(data, lang, today=TODAY)
    return {e["path"]: e["message"] for e in caught.value.errors}


def test_the_example_profile_is_valid_and_typed(write_profile: ProfileWriter) -> None:
    profile = load_profile(write_profile())
    assert profile.policy is PolicyName.SHANGHAI
    assert profile.applicant.hukou is Hukou.SHANGHAI
    assert profile.applicant.category is Category.EMPLOYED
    assert profile.certificate.kind is CertificateKind.SKILL_LEVEL
    assert profile.certificate.level == 3
    assert profile.certificate.route is Route.ASSESSMENT
    assert profile.bank.card_number == "6222020212345678909"
    assert profile.base_dir == write_profile().parent.resolve()
    assert profile.document_path("id_front") == profile.base_dir / "documents/id-front.jpg"
    assert profile.document_path("id_front").is_file()


def test_chinese_names_are_accepted_for_every_enumeration() -> None:
    data = example_data(TODAY)
    data["policy"] = "上海"
    data["applicant"].update(hukou="本市", category="在职")
    data["social_insurance"]["scheme"] = "城镇职工"
    data["certificate"].update(kind="职业技能等级证书", route="认定考核", level="三级/高级工")
    data["prior_claims"][0]["level"] = "中级工"
    profile = validate_profile(data, today=TODAY)
    assert profile.applicant.category is Category.EMPLOYED
    assert profile.social_insurance.scheme.value == "employee"
    assert profile.certificate.level is Level.THREE
    assert profile.prior_claims[0].level is Level.FOUR
    assert display_name(profile.applicant.category) == "在职"
    assert display_name(profile.certificate.level) == "三级/高级工"
    assert display_name(profile.applicant.hukou) == "本市"


@pytest.mark.parametrize("value", [3, "3", "三级", "高级工", "三级/高级工"])
def test_the_level_takes_a_number_or_its_chinese_name(value: object) -> None:
    data = example_data(TODAY)
    data["certificate"]["level"] = value
    assert validate_profile(data, today=TODAY).certificate.level == 3


@pytest.mark.parametrize("value", [0, 6, "六级", True, 3.5])
def test_a_level_outside_one_to_five_is_refused(value: object) -> None:
    data = example_data(TODAY)
    data["certificate"]["level"] = value
    assert "1–5" in errors_of(data)["certificate.level"]


def test_an_unknown_enumeration_value_lists_codes_and_names() -> None:
    data = example_data(TODAY)
    data["applicant"]["category"] = "retired"
    message = errors_of(data)["applicant.category"]
    assert "employed（在职）" in message and "unemployed（失业）" in message


def test_unknown_keys_are_refused_with_the_allowed_ones() -> None:
    data = example_data(TODAY)
    data["applicant"]["nmae"] = "王示例"
    data["polcy"] = "shanghai"
    errors = errors_of(data)
    assert "拼写错误" in errors["applicant.nmae"] and "name" in errors["applicant.nmae"]
    assert "policy" in errors["polcy"]


def test_a_schema_key_is_allowed() -> None:
    data = example_data(TODAY)
    data["$schema"] = "./profile.schema.json"
    assert validate_profile(data, today=TODAY).schema_ == "./profile.schema.json"


def test_every_error_of_the_file_is_reported_at_once() -> None:
    data = example_data(TODAY)
    data["applicant"]["id_number"] = "310101199203154323"  # wrong check character
    del data["applicant"]["employer"]
    data["certificate"]["issue_date"] = "2027-01-05"
    data["bank"]["card_number"] = "6222020212345678900"
    errors = errors_of(data)
    assert set(errors) >= {
        "applicant.id_number",
        "applicant.employer",
        "certificate.issue_date",
        "bank.card_number",
    }
    assert "校验位" in errors["applicant.id_number"] and "应为 1" in errors["applicant.id_number"]
    assert "在职时必须填写工作单位" in errors["applicant.employer"]
    assert "2027-01-05 在未来" in errors["certificate.issue_date"]
    assert "Luhn" in errors["bank.card_number"]


def test_english_messages_with_lang_en() -> None:
    data = example_data(TODAY)
    del data["applicant"]["employer"]
    data["applicant"]["phone"] = "2380013800"
    errors = errors_of(data, "en")
    assert errors["applicant.employer"].startswith("an employed applicant needs the employer")
    assert "11 digits starting with 1" in errors["applicant.phone"]


def test_employer_is_not_needed_when_not_employed() -> None:
    data = example_data(TODAY)
    del data["applicant"]["employer"]
    data["applicant"]["category"] = "unemployed"
    assert validate_profile(data, today=TODAY).applicant.employer is None


def test_missing_and_pydantic_types_are_translated() -> None:
    data = example_data(TODAY)
    del data["applicant"]["name"]
    data["social_insurance"]["unemployment_insurance_months"] = "abc"
    data["social_insurance"]["paying"] = "maybe"
    data["certificate"]["issue_date"] = "2026-13-01"
    data["prior_claims"][0]["granted_on"] = "2023-06-01T10:00:00"
    data["applicant"]["employer"]["name"] = "x"
    errors = errors_of(data)
    assert errors["applicant.name"] == "缺少必填项；请填写：姓名，2–20 个字符，与身份证一致"
    assert errors["social_insurance.unemployment_insurance_months"].startswith("应为整数")
    assert errors["social_insurance.paying"] == "应为 true 或 false"
    assert "YYYY-MM-DD" in errors["certificate.issue_date"]
    assert "不要带时间" in errors["prior_claims[0].granted_on"]
    assert errors["applicant.employer.name"].startswith("太短（至少 2 个字符）")
    english = errors_of(data, "en")
    assert english["applicant.name"].startswith("required but missing; expected: the name")
    assert english["applicant.employer.name"].startswith("too short (at least 2 characters)")


def test_months_out_of_range() -> None:
    data = example_data(TODAY)
    data["social_insurance"]["unemployment_insurance_months"] = 601
    assert errors_of(data)["social_insurance.unemployment_insurance_months"].startswith(
        "不能大于 600"
    )


def test_future_dates_are_refused_everywhere() -> None:
    data = example_data(TODAY)
    data["certificate"]["issue_date"] = "2026-11-30"
    data["prior_claims"][0]["granted_on"] = "2027-01-01"
    errors = errors_of(data)
    assert "今天是 2026-11-29" in errors["certificate.issue_date"]
    assert "在未来" in errors["prior_claims[0].granted_on"]
    data["certificate"]["issue_date"] = "2026-11-29"  # today itself is fine
    data["prior_claims"][0]["granted_on"] = "2023-06-01"
    assert validate_profile(data, today=TODAY).certificate.issue_date == TODAY


def test_id_number_x_is_upper_cased() -> None:
    assert ID_ADAPTER.validate_python("11010519491231002x") == "11010519491231002X"


@pytest.mark.parametrize(
    ("number", "key"),
    [
        ("31010119920315432", "位"),  # 17 characters
        ("3101011992031543A1", "17 位应为数字"),
        ("310101199202304321", "出生日期"),  # 30 February
        ("310101203001014321", "在未来"),
        ("310101199203154323", "校验位"),
    ],
)
def test_resident_id_errors(number: str, key: str) -> None:
    data = example_data(TODAY)
    data["applicant"]["id_number"] = number
    assert key in errors_of(data)["applicant.id_number"]


def test_the_area_code_is_not_held_against_the_birth_year() -> None:
    # 310115 浦东新区 was created in 1993; stdnum's full validate refuses a 1990 birth there
    number = "31011519900101123"
    number += ric.calc_check_digit(number + "0")
    assert not ric.is_valid(number)
    assert ID_ADAPTER.validate_python(number) == number
    assert id_area_warning(number) is None


def test_an_unknown_area_code_is_only_a_warning() -> None:
    number = "99999919900101123"
    number += ric.calc_check_digit(number + "0")
    assert ID_ADAPTER.validate_python(number) == number
    warning = id_area_warning(number)
    assert warning is not None and "999999" in warning
    assert "999999" in (id_area_warning(number, "en") or "")


_digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


@settings(deadline=None)
@given(
    area=st.integers(min_value=110000, max_value=659999),
    born=st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)),
    sequence=st.integers(min_value=0, max_value=999),
    check=st.sampled_from([*"0123456789X", None]),
)
def test_resident_id_agrees_with_stdnum(
    area: int, born: date, sequence: int, check: str | None
) -> None:
    body = f"{area:06d}{born:%Y%m%d}{sequence:03d}"
    expected = ric.calc_check_digit(body + "0")
    number = body + (check if check is not None else expected)
    stdnum_accepts = (
        number[-1] == ric.calc_check_digit(number) and ric.get_birth_date(number) <= date.today()
    )
    try:
        ID_ADAPTER.validate_python(number)
        ours = True
    except ValidationError:
        ours = False
    assert ours == stdnum_accepts


@settings(deadline=None)
@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_resident_id_with_impossible_dates_agrees_with_stdnum(date_digits: str) -> None:
    body = f"310101{date_digits}432"
    number = body + ric.calc_check_digit(body + "0")
    try:
        ric.get_birth_date(number)
        real_date = ric.get_birth_date(number) <= date.today()
    except Exception:
        real_date = False
    try:
        ID_ADAPTER.validate_python(number)
        ours = True
    except ValidationError:
        ours = False
    assert ours == real_date


@settings(deadline=None)
@given(st.text(alphabet="0123456789", min_size=15, max_size=18), st.booleans())
def test_bank_card_agrees_with_stdnum_luhn(prefix: str, make_valid: bool) -> None:
    number = prefix + luhn.calc_check_digit(prefix) if make_valid else prefix + "0"
    expected = 16 <= len(number) <= 19 and luhn.is_valid(number)
    try:
        CARD_ADAPTER.validate_python(number)
        ours = True
    except ValidationError:
        ours = False
    assert ours == expected
    if make_valid and expected:
        spaced = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
        assert CARD_ADAPTER.validate_python(spaced) == number


@pytest.mark.parametrize("number", ["622202021234567", "62220202123456789091", "6222abcd12345678"])
def test_bank_card_length_and_digits(number: str) -> None:
    data = example_data(TODAY)
    data["bank"]["card_number"] = number
    assert "16–19 位数字" in errors_of(data)["bank.card_number"]


def test_credit_code() -> None:
    assert CODE_ADAPTER.validate_python("91310000ma1k3yj12k") == "91310000MA1K3YJ12K"
    data = example_data(TODAY)
    data["applicant"]["employer"]["credit_code"] = "91310000MA1K3YJ12A"
    assert "校验位" in errors_of(data)["applicant.employer.credit_code"]
    data["applicant"]["employer"]["credit_code"] = "9131000"
    assert "18 位" in errors_of(data)["applicant.employer.credit_code"]
    data["applicant"]["employer"]["credit_code"] = None
    assert validate_profile(data, today=TODAY).applicant.employer is not None


def test_certificate_number_formats() -> None:
    assert NUMBER_ADAPTER.validate_python("s000031000001263000123") == "S000031000001263000123"
    assert NUMBER_ADAPTER.validate_python("1531000000300123") == "1531000000300123"
    # an old 13-digit Shanghai number is padded with 000 in front, as the national lookup wants
    assert NUMBER_ADAPTER.validate_python("1531000300123") == "0001531000300123"


def test_a_qualification_number_with_thirteen_digits_is_accepted() -> None:
    data = example_data(TODAY)
    data["certificate"].update(kind="qualification", number="1531000300123", level=3)
    profile = validate_profile(data, today=TODAY)
    assert profile.certificate.number == "0001531000300123"


@pytest.mark.parametrize(
    ("number", "key"),
    [
        ("S00003100000126300012", "格式不对"),
        ("X000031000001263000123", "格式不对"),
        ("T310101199203154321", "特种作业操作证"),
        ("310101199203154321", "特种作业操作证"),
    ],
)
def test_certificate_number_errors(number: str, key: str) -> None:
    data = example_data(TODAY)
    data["certificate"]["number"] = number
    assert key in errors_of(data)["certificate.number"]


def test_the_level_digit_must_agree_with_the_level() -> None:
    data = example_data(TODAY)
    data["certificate"]["level"] = 4
    message = errors_of(data)["certificate.number"]
    assert "等级位是 3（三级/高级工）" in message and "等级 4（四级/中级工）" in message
    data = example_data(TODAY)
    data["certificate"].update(kind="qualification", number="1531000000400123", level=3)
    assert "等级位是 4" in errors_of(data)["certificate.number"]


def test_the_number_must_fit_the_kind() -> None:
    data = example_data(TODAY)
    data["certificate"]["kind"] = "qualification"
    assert "职业资格证书的编号应为16 位数字" in errors_of(data)["certificate.number"]


def test_cross_field_errors_are_reported_beside_field_errors() -> None:
    data = example_data(TODAY)
    data["certificate"]["level"] = 4  # disagrees with the number
    data["certificate"]["issuer"] = ""  # a field error in the same model
    errors = errors_of(data)
    assert "certificate.issuer" in errors and "certificate.number" in errors


def test_broken_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "profile.json"
    path.write_text('{\n  "policy": "shanghai",\n  "applicant": {,}\n}', encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        load_profile(path)
    assert "第 3 行第 17 列" in caught.value.message
    with pytest.raises(BadInput) as caught:
        load_profile(path, "en")
    assert "line 3, column 17" in caught.value.message


def test_a_missing_file_and_a_non_object(tmp_path: Path) -> None:
    with pytest.raises(BadInput) as caught:
        load_profile(tmp_path / "nope.json")
    assert "无法读取档案文件" in caught.value.message
    path = tmp_path / "list.json"
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        load_profile(path)
    assert "JSON 对象" in caught.value.message


def test_the_schema_has_chinese_titles_and_no_base_dir() -> None:
    schema = profile_schema()
    text = json.dumps(schema, ensure_ascii=False)
    assert schema["title"] == "职业技能提升补贴申请档案"
    assert "base_dir" not in text
    applicant = schema["$defs"]["Applicant"]
    assert applicant["properties"]["id_number"]["title"] == "身份证号码"
    assert "在职" in json.dumps(applicant["properties"]["category"], ensure_ascii=False)
    assert applicant["additionalProperties"] is False
    assert "$schema" in schema["properties"]


def test_the_model_alone_enforces_the_cross_field_rules() -> None:
    data = example_data(TODAY)
    del data["applicant"]["employer"]
    with pytest.raises(ValidationError) as caught:
        Profile.model_validate(data)
    assert caught.value.errors()[0]["type"] == "employer_required"


def test_errors_come_in_the_order_of_the_file() -> None:
    data = example_data(TODAY)
    data["zzz"] = 1
    data["bank"]["card_number"] = "1"
    data["applicant"]["phone"] = "1"
    del data["applicant"]["employer"]
    data["applicant"]["id_number"] = "1"
    with pytest.raises(BadInput) as caught:
        validate_profile(data, today=TODAY)
    assert [e["path"] for e in caught.value.errors] == [
        "applicant.id_number",
        "applicant.phone",
        "applicant.employer",
        "bank.card_number",
        "zzz",
    ]


def test_wrong_types_everywhere_read_in_chinese() -> None:
    data = example_data(TODAY)
    data["applicant"]["name"] = 5
    data["applicant"]["establishment_staff"] = "maybe"
    data["social_insurance"] = {
        "scheme": "employee",
        "paying": True,
        "unemployment_insurance_months": 1.5,
    }
    data["certificate"]["issue_date"] = 20261020
    data["prior_claims"] = {"occupation": "电工"}
    data["bank"] = "中国工商银行"
    data["documents"]["id_front"] = 5
    errors = errors_of(data)
    assert set(errors) == {
        "applicant.name",
        "applicant.establishment_staff",
        "social_insurance.unemployment_insurance_months",
        "certificate.issue_date",
        "prior_claims",
        "bank",
        "documents.id_front",
    }
    for path, message in errors.items():
        assert "Input should" not in message, path
        assert "；" in message or message.startswith("应为"), path
