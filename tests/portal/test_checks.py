"""Each server-side check of the spec's table: its message at the top and beside the field,
and the draft keeping what was entered."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest

from autofill.dates import add_months
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
