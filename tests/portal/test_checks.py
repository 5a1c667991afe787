"""Each server-side check of the spec's table: its message at the top and beside the field,
and the draft keeping what was entered."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from autofill.dates import add_months
from autofill.profile import Certificate, Employer
from mock_portal.server import PortalServer, start_in_thread
from mock_portal.settings import PortalSettings
from tests.conftest import MockPortal
from tests.portal.conftest import (
    Applicant,
    beside,
    citizen,
    errors_box,
    wang_form,
    wang_issued,
)

pytestmark = pytest.mark.portal

Make = Callable[..., Applicant]


def test_passing_application_reaches_the_preview(applicant: Make) -> None:
    wang = applicant()
    response = wang.apply_fully()
    assert "申请信息预览" in response.text
    assert errors_box(response.text) == ""


def test_required_fields_and_uploads(applicant: Make) -> None:
    wang = applicant()
    wang.login()
    wang.open_form()
    response = wang.next(phone="13800138000", cert_number="", employer="")
    box = errors_box(response.text)
    assert "请修正以下问题" in box
    assert "请填写证书编号" in box and "请填写银行卡号" in box and "请填写开户银行" in box
    assert "请上传身份证人像面" in box and "请上传银行卡" in box
    assert beside(response.text, "cert_number") == "请填写证书编号"
    # what was entered is kept
    assert 'name="phone" type="text" value="13800138000"' in response.text


def test_employer_required_only_when_employed(applicant: Make) -> None:
    wang = applicant()
    response = wang.apply_fully(employer="")
    assert beside(response.text, "employer") == "请填写工作单位"


def test_certificate_not_in_register(applicant: Make) -> None:
    wang = applicant()
    response = wang.apply_fully(cert_number="S000031000001263999999")
    assert "证书信息校验失败" in errors_box(response.text)
    assert "证书信息校验失败" in beside(response.text, "cert_number")
    assert 'value="S000031000001263999999"' in response.text


def test_certificate_fields_disagree_with_register(applicant: Make) -> None:
    wang = applicant()
    response = wang.apply_fully(issuer="上海市另一家认定机构")
    assert "证书信息校验失败" in beside(response.text, "issuer")
    assert 'value="上海市另一家认定机构"' in response.text


def test_someone_elses_certificate(applicant: Make) -> None:
    wang = applicant()
    response = wang.apply_fully(cert_number="S000031000001253000201")
    assert "证书信息校验失败" in beside(response.text, "cert_number")


def test_lookup_fills_the_certificate_fields(applicant: Make) -> None:
    wang = applicant()
    wang.login()
    wang.open_form()
    response = wang.lookup("S000031000001263000123")
    assert "已从证书库查询到证书信息并自动填写" in response.text
    assert 'name="occupation" type="text" value="电工"' in response.text
    assert '<option value="三级/高级工" selected>' in response.text
    assert f'value="{wang_issued().isoformat()}"' in response.text


def test_lookup_of_unknown_certificate(applicant: Make) -> None:
    wang = applicant()
    wang.login()
    wang.open_form()
    response = wang.lookup("S000031000001263999999")
    assert "证书信息校验失败" in beside(response.text, "cert_number")


def test_employed_without_employee_insurance(applicant: Make) -> None:
    zhao = applicant("310104198809052025")
    response = zhao.form_after_lookup("S000031000001263000202")
    assert "社保信息比对异常" in errors_box(response.text)
    assert "社保信息比对异常" in beside(response.text, "employment")


def test_resident_insurance_does_not_count(applicant: Make, portal: MockPortal) -> None:
    body = citizen(
        "31010119900202101",
        social_insurance={
            "scheme": "resident",
            "status": "paying",
            "unemployment_insurance_months": 40,
        },
    )
    portal.add_citizen(body)
    person = applicant(body["id_number"])
    response = person.form_after_lookup(body["certificates"][0]["number"])
    assert "社保信息比对异常" in errors_box(response.text)


def test_other_hukou_not_employed(applicant: Make) -> None:
    qian = applicant("410105199001013036")
    response = qian.form_after_lookup("S000031000001263000203", employment="失业", employer="")
    assert "非本市户籍人员须为在本市就业参保的在职人员" in errors_box(response.text)


def test_application_window_passed(applicant: Make) -> None:
    li = applicant("310101198506121012")
    response = li.form_after_lookup("S000031000001253000201")
    assert "已超过申请时限" in errors_box(response.text)
    assert "已超过申请时限" in beside(response.text, "issue_date")


def test_application_window_follows_the_portal_clock(applicant: Make, portal: MockPortal) -> None:
    deadline = add_months(wang_issued(), 12)
    portal.clock(now=f"{deadline.isoformat()}T23:00:00+08:00")
    assert "申请信息预览" in applicant().apply_fully().text
    portal.clock(now=f"{(deadline + timedelta(days=1)).isoformat()}T09:00:00+08:00")
    assert "已超过申请时限" in errors_box(applicant().apply_fully().text)


def test_already_granted_at_this_level(applicant: Make) -> None:
    wu = applicant("310107198611116061")
    response = wu.form_after_lookup("S000031000001263000206")
    assert "不可重复申请" in errors_box(response.text)


def test_higher_level_grant_blocks_lower(applicant: Make, portal: MockPortal) -> None:
    body = citizen(
        "31010119880808202",
        prior_claims=[{"occupation": "电工", "level": 2, "granted_on": "2022-01-01"}],
    )
    portal.add_citizen(body)
    response = applicant(body["id_number"]).form_after_lookup(body["certificates"][0]["number"])
    assert "不可重复申请" in errors_box(response.text)


def test_lower_level_grant_does_not_block(applicant: Make) -> None:
    # 王示例 was granted 电工 level 4 and now applies for level 3
    assert "申请信息预览" in applicant().apply_fully().text


def test_level_digit_of_the_number_must_agree_with_the_level(applicant: Make) -> None:
    # the 16th character of a 职业技能等级证书 number is its level: 2 here, 三级 chosen
    response = applicant().apply_fully(cert_number="S000031000001262999999")
    message = "证书信息校验失败：证书编号中的等级（二级/技师）与所选等级不一致"
    assert message in errors_box(response.text)
    assert beside(response.text, "level") == message


def qualification_holder(number: str) -> dict[str, object]:
    return citizen(
        "31010119880808303",
        certificates=[
            {
                "number": number,
                "kind": "职业资格证书",
                "occupation": "电工",
                "level": 3,
                "issue_date": wang_issued().isoformat(),  # within the window on any date
                "issuer": "上海市职业技能鉴定中心",
                "route": "assessment",
            }
        ],
    )


@pytest.mark.parametrize(
    ("registered", "typed"),
    [("3101200300123", "0003101200300123"), ("0003101200300123", "3101200300123")],
)
def test_a_thirteen_digit_qualification_is_held_with_000_in_front(
    applicant: Make, portal: MockPortal, registered: str, typed: str
) -> None:
    # the register keys old qualification numbers by 16 digits: a 13-digit Shanghai number is
    # "000" + the 13, however it was registered and however it is typed
    body = qualification_holder(registered)
    portal.add_citizen(body)
    response = applicant(str(body["id_number"])).form_after_lookup(typed)
    assert errors_box(response.text) == ""
    assert "申请信息预览" in response.text


def test_certificate_route_not_covered(applicant: Make) -> None:
    zhou = applicant("310106199303035057")
    response = zhou.form_after_lookup("Y000031000001263000205")
    assert "证书取得方式不属于补贴范围" in errors_box(response.text)


def test_case_for_same_certificate_exists(applicant: Make) -> None:
    wang = applicant()
    wang.apply_fully()
    assert "提交成功" in wang.submit().text
    again = applicant()
    response = again.apply_fully()
    assert again.case_no != wang.case_no
    assert "已有在办或已办结的申请" in errors_box(response.text)


def test_rejected_case_does_not_block_a_new_one(applicant: Make, portal: MockPortal) -> None:
    wang = applicant()
    wang.apply_fully()
    wang.submit()
    portal.review(wang.case_no, "reject", "材料不符")
    assert "申请信息预览" in applicant().apply_fully().text


def test_establishment_staff(applicant: Make) -> None:
    sun = applicant("31011519870720404X")
    response = sun.form_after_lookup("S000031000001263000204")
    assert "机关事业单位在编人员" in errors_box(response.text)


@pytest.mark.parametrize(
    ("id17", "expected"),
    [
        ("31010119660101101", True),  # a man aged 60 on 2026-11-29
        ("31010119700101102", True),  # a woman aged 56
        ("31010119700101101", False),  # a man aged 56
        ("31010120110101101", True),  # a boy aged 15
    ],
)
def test_legal_working_age(applicant: Make, portal: MockPortal, id17: str, expected: bool) -> None:
    portal.clock(now="2026-11-29T10:00:00+08:00")
    body = citizen(id17)
    # dated by the pinned clock, not by the machine's
    body["certificates"][0]["issue_date"] = "2026-10-01"
    portal.add_citizen(body)
    response = applicant(body["id_number"]).form_after_lookup(body["certificates"][0]["number"])
    assert ("法定劳动年龄" in errors_box(response.text)) is expected


def test_bank_card_fails_luhn(applicant: Make) -> None:
    response = applicant().apply_fully(
        card_number="6222020212345678900", card_number2="6222020212345678900"
    )
    assert "银行卡号" in beside(response.text, "card_number")


def test_bank_card_entries_differ(applicant: Make) -> None:
    response = applicant().apply_fully(card_number2="6217001234567890122")
    assert "银行卡号" in beside(response.text, "card_number2")
    assert "两次输入的银行卡号不一致" in errors_box(response.text)


def test_upload_of_another_format_judged_by_content(applicant: Make) -> None:
    wang = applicant()
    wang.login()
    wang.open_form()
    response = wang.upload("id_front", b"GIF89a not really a photo", "photo.jpg")
    assert "文件格式不符合要求" in response.text
    assert "已上传" not in response.text
    pdf = wang.upload("id_front", b"%PDF-1.4\n%minimal\n", "scan.bin")
    assert pdf.status_code == 200 and "已上传" in pdf.text


def test_upload_over_one_megabyte(applicant: Make) -> None:
    wang = applicant()
    wang.login()
    wang.open_form()
    big = b"\xff\xd8\xff\xe0" + b"0" * (1024 * 1024)
    response = wang.upload("bank_card", big, "big.jpg")
    assert "文件大小超过限制" in response.text
    assert "已上传" not in response.text


def test_checks_run_again_on_confirm_submit(applicant: Make, portal: MockPortal) -> None:
    wang = applicant()
    assert "申请信息预览" in wang.apply_fully().text
    portal.clock(advance_days=400)
    response = wang.submit()
    assert "已超过申请时限" in errors_box(response.text)
    [case] = [c for c in portal.cases() if c["case_no"] == wang.case_no]
    assert case["status"] == "草稿"


def test_submit_needs_the_promise(applicant: Make, portal: MockPortal) -> None:
    wang = applicant()
    wang.apply_fully()
    response = wang.submit(promise=False)
    assert "本人承诺以上信息真实、准确、完整" in errors_box(response.text)
    assert [c["status"] for c in portal.cases()] == ["草稿"]


def test_save_keeps_the_draft(applicant: Make, portal: MockPortal) -> None:
    wang = applicant()
    wang.login()
    wang.open_form()
    response = wang.form("save", phone="13800138000", card_number="6222020212345678909")
    assert "草稿已暂存" in response.text
    again = applicant()
    again.login()
    again.open_form()
    assert again.case_no == wang.case_no
    assert 'value="6222020212345678909"' in again.page
    [case] = portal.cases()
    assert case["fields"]["银行卡号"] == "6222020212345678909"


# ---- the national policy ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def national_server() -> Iterator[PortalServer]:
    server = start_in_thread(PortalSettings(port=0, policy="national"))
    yield server
    server.stop()


@pytest.fixture
def national(national_server: PortalServer) -> Iterator[MockPortal]:
    import httpx

    with httpx.Client(base_url=national_server.url) as client:
        handle = MockPortal(national_server.url, national_server, client)
        handle.reset()
        yield handle


def test_national_level_two_not_covered(national: MockPortal) -> None:
    with Applicant(national.url, "310110198902148088") as feng:
        response = feng.form_after_lookup("S000031000001262000208")
    assert "该等级不在补贴范围" in errors_box(response.text)


def test_national_needs_twelve_months_of_unemployment_insurance(national: MockPortal) -> None:
    with Applicant(national.url, "310112199405179091") as chen:
        response = chen.form_after_lookup("S000031000001263000209")
    assert "社保信息比对异常" in errors_box(response.text)


def test_national_guide_and_amount(national: MockPortal) -> None:
    with Applicant(national.url) as wang:
        wang.login()
        guide = wang.get("/services/skill-subsidy").text
        assert "2000元" in guide and "3000元" not in guide
        wang.open_form()
        wang.upload_all()
        assert "申请信息预览" in wang.next(**wang_form()).text
        wang.submit()
    case = national.review(wang.case_no, "approve")
    assert case["amount"] == 2000.0


def test_national_refuses_the_self_employed(national: MockPortal, applicant: Make) -> None:
    with Applicant(national.url) as wang:
        response = wang.apply_fully(employment="灵活就业", employer="")
    message = "灵活就业人员不在失业保险技能提升补贴范围"
    assert message in errors_box(response.text)
    assert beside(response.text, "employment") == message
    # the Shanghai subsidy takes them
    assert "申请信息预览" in applicant().apply_fully(employment="灵活就业", employer="").text


def test_national_one_grant_a_year(national: MockPortal) -> None:
    national.clock(now="2026-11-29T10:00:00+08:00")
    seen: dict[str, str] = {}
    for granted_on in ("2026-03-01", "2025-12-31"):
        body = citizen(
            "31010119880808404",
            prior_claims=[{"occupation": "焊工", "level": 4, "granted_on": granted_on}],
        )
        national.add_citizen(body)
        with Applicant(national.url, str(body["id_number"])) as person:
            seen[granted_on] = person.form_after_lookup(body["certificates"][0]["number"]).text
    assert "本年度已享受过技能提升补贴（每人每年限1次）" in errors_box(seen["2026-03-01"])
    # a grant of last year does not count
    assert "申请信息预览" in seen["2025-12-31"]


def test_national_a_case_approved_this_year_counts(national: MockPortal) -> None:
    national.clock(now="2026-11-29T10:00:00+08:00")
    with Applicant(national.url) as wang:
        wang.apply_fully()
        wang.submit()
    national.review(wang.case_no, "approve")
    # the same person, another occupation's certificate, the same year
    body = citizen("31010119920315432")
    body["certificates"][0].update(number="S000031000001264000321", occupation="焊工", level=4)
    national.add_citizen(body)
    with Applicant(national.url) as wang:
        response = wang.form_after_lookup("S000031000001264000321")
    assert "本年度已享受过技能提升补贴" in errors_box(response.text)


# ---- one list of banks, one guide --------------------------------------------------------------

POLICY_DATA = Path(__file__).resolve().parents[2] / "src" / "autofill" / "policy_data"


@pytest.mark.parametrize("policy", ["shanghai", "national"])
def test_the_banks_offered_are_the_clients_list(
    applicant: Make, national: MockPortal, policy: str
) -> None:
    # written twice on purpose: the client's list is read from its data file, not imported
    client = yaml.safe_load((POLICY_DATA / f"{policy}.yaml").read_text("utf-8"))
    with Applicant(national.url) if policy == "national" else applicant() as person:
        person.login()
        page = person.open_form().text
    select = re.search(r'<select[^>]*name="bank".*?</select>', page, re.S)
    assert select is not None
    offered = re.findall(r'<option value="([^"]+)"', select.group(0))
    assert sorted(offered) == sorted(client["accepted_banks"])


def test_the_guide_says_a_higher_grant_blocks_the_lower_and_no_ungraded(applicant: Make) -> None:
    wang = applicant()
    wang.login()
    guide = wang.get("/services/skill-subsidy").text
    assert "同一职业同一等级只能享受一次，已享受较高等级补贴的，不再享受较低等级" in guide
    # neither side can express an ungraded 职业资格证书: it is not offered (docs/policy-rules.md)
    assert "未分等级" not in guide and "1000元" not in guide


def test_the_national_guide_names_who_and_the_yearly_cap(national: MockPortal) -> None:
    with Applicant(national.url) as wang:
        wang.login()
        guide = wang.get("/services/skill-subsidy").text
    assert "灵活就业人员不在补贴范围" in guide and "每人每年享受技能提升补贴不超过1次" in guide


def _client_limit(model: type[BaseModel], field: str) -> int:
    """The autofill tool's own max_length for a profile field (the mock must take as much)."""
    limits = [m.max_length for m in model.model_fields[field].metadata if hasattr(m, "max_length")]
    assert limits, f"{model.__name__}.{field} has no max_length"
    return int(limits[0])


@pytest.mark.parametrize(
    ("field", "longest", "message"),
    [
        # the longest the autofill tool's profile allows must be taken
        ("employer", "单" * _client_limit(Employer, "name"), "工作单位不能超过100个字"),
        ("issuer", "机" * _client_limit(Certificate, "issuer"), "发证机构不能超过100个字"),
        (
            "occupation",
            "工" * _client_limit(Certificate, "occupation"),
            "职业（工种）不能超过50个字",
        ),
        ("cert_number", "S" * 32, "证书编号不能超过32个字符"),
        ("phone", "1" * 20, "联系电话不能超过20个字符"),
        # 19 digits in groups of four, as printed on a card
        ("card_number", "6222 0202 1234 5678 909", "银行卡号不能超过23个字符"),
        ("bank", "行" * 50, "开户银行不能超过50个字"),
    ],
)
def test_text_over_its_limit_is_refused_naming_the_field(
    applicant: Make, portal: MockPortal, field: str, longest: str, message: str
) -> None:
    wang = applicant()
    wang.login()
    wang.open_form()
    taken = wang.form("save", **{**wang_form(), field: longest})
    assert taken.status_code == 200 and "草稿已暂存" in taken.text
    response = wang.form("save", **{**wang_form(), "employer": "新单位", field: longest + "多"})
    assert response.status_code == 400
    assert message in errors_box(response.text) and message in beside(response.text, field)
    assert "草稿已暂存" not in response.text
    [case] = portal.cases()
    # nothing of the refused post was kept
    assert longest in case["fields"].values() and "新单位" not in case["fields"].values()


def test_a_million_character_employer_is_refused_unread(
    applicant: Make, portal: MockPortal
) -> None:
    wang = applicant()
    wang.login()
    wang.open_form()
    response = wang.form("save", **{**wang_form(), "employer": "单" * 1_000_000})
    assert response.status_code == 413
    [case] = portal.cases()
    assert all(len(str(v)) <= 100 for v in case["fields"].values())
    assert "草稿已暂存" in wang.form("save", **wang_form()).text
