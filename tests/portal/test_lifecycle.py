"""Each status move of a case: submission, the reviewer console, the API, auto-review, 退回补正."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime, time, timedelta

import pytest

from autofill.dates import SHANGHAI, today_shanghai
from mock_portal.cases import console_actions
from mock_portal.formdef import Status
from tests.conftest import MockPortal
from tests.portal.conftest import Applicant, Reviewer, errors_box, jpeg

pytestmark = pytest.mark.portal

Make = Callable[..., Applicant]


def submitted(applicant: Make, **overrides: str) -> Applicant:
    wang = applicant()
    assert "申请信息预览" in wang.apply_fully(**overrides).text
    done = wang.submit()
    assert "提交成功" in done.text
    return wang


def status_on_my_cases(person: Applicant) -> str:
    page = person.get("/cases").text
    row = re.search(
        rf"{person.case_no}</td>.*?<span class=\"tag[^\"]*\">([^<]+)</span>", page, re.S
    )
    assert row, page
    return row.group(1)


def detail_value(html: str, label: str) -> str:
    match = re.search(rf"<th scope=\"row\">{label}</th><td>(?:<span[^>]*>)?([^<]*)<", html)
    return match.group(1) if match else ""


def test_submission_moves_draft_to_submitted(applicant: Make, portal: MockPortal) -> None:
    wang = applicant()
    wang.apply_fully()
    assert [c["status"] for c in portal.cases()] == ["草稿"]
    done = wang.submit()
    assert f"办件编号：{wang.case_no}" in done.text
    assert "当前状态：待审核" in done.text
    [case] = portal.cases()
    assert case["status"] == "待审核" and case["submitted_at"]
    assert case["certificate_number"] == "S000031000001263000123"
    assert case["fields"]["证件号码"] == "310***********4321"
    assert status_on_my_cases(wang) == "待审核"


def test_console_approve_then_pay(
    applicant: Make, portal: MockPortal, reviewer: Callable[[], Reviewer]
) -> None:
    wang = submitted(applicant)
    staff = reviewer()
    assert "审核工作台" in staff.login()
    assert wang.case_no in staff.page
    staff.open(wang.case_no)
    assert status_on_my_cases(wang) == "审核中"
    staff.decide(wang.case_no, "approve", "材料齐全，同意")
    detail = wang.get(f"/cases/{wang.case_no}").text
    assert detail_value(detail, "办件状态") == "审核通过"
    assert detail_value(detail, "审核意见") == "材料齐全，同意"
    assert detail_value(detail, "补贴金额") == "2000.00元"
    assert "发放时间" not in detail
    paid = datetime.combine(today_shanghai() + timedelta(days=15), time(9, 30), SHANGHAI)
    portal.clock(now=paid.isoformat())
    staff.decide(wang.case_no, "pay")
    detail = wang.get(f"/cases/{wang.case_no}").text
    assert detail_value(detail, "办件状态") == "已发放"
    assert detail_value(detail, "发放时间") == paid.strftime("%Y-%m-%d 09:30:00")
    assert detail_value(detail, "补贴金额") == "2000.00元"


def decision_buttons(page: str) -> list[tuple[str, str]]:
    """The console's decision buttons on a case page: (action, label)."""
    return re.findall(
        r'<button[^>]* name="decision" value="([^"]+)"[^>]*>(?:<span>)?([^<]+)<', page
    )


def test_console_buttons_are_the_rows_of_the_transition_table(
    applicant: Make, portal: MockPortal, reviewer: Callable[[], Reviewer]
) -> None:
    wang = submitted(applicant)
    staff = reviewer()
    staff.login()
    page = staff.open(wang.case_no)  # opening it starts the review
    assert decision_buttons(page) == console_actions(Status.IN_REVIEW)
    assert [label for _, label in decision_buttons(page)] == ["通过", "不通过", "退回补正"]
    portal.review(wang.case_no, "approve")
    page = staff.open(wang.case_no)
    assert decision_buttons(page) == console_actions(Status.APPROVED) == [("pay", "确认发放")]
    # a move the table does not hold for 审核通过, posted all the same: the portal's message
    refused = staff.decide(wang.case_no, "return", "请补正")
    assert refused.status_code == 409
    assert "当前状态为审核通过，不能审核" in errors_box(refused.text)
    assert portal.cases()[0]["status"] == "审核通过"
    portal.review(wang.case_no, "pay")
    page = staff.open(wang.case_no)
    assert decision_buttons(page) == [] and "审核操作" not in page


def test_console_reject_needs_an_opinion(
    applicant: Make, portal: MockPortal, reviewer: Callable[[], Reviewer]
) -> None:
    wang = submitted(applicant)
    staff = reviewer()
    staff.login()
    staff.open(wang.case_no)
    response = staff.decide(wang.case_no, "reject")
    assert "请填写审核意见" in response.text
    staff.decide(wang.case_no, "reject", "证书与本人信息不符")
    detail = wang.get(f"/cases/{wang.case_no}").text
    assert detail_value(detail, "办件状态") == "审核不通过"
    assert detail_value(detail, "审核意见") == "证书与本人信息不符"
    assert "补贴金额" not in detail
    # terminal: nothing moves it any more
    assert (
        portal.call("POST", f"cases/{wang.case_no}/review", {"decision": "approve"}).status_code
        == 409
    )


def test_return_then_correct_and_resubmit(
    applicant: Make, portal: MockPortal, reviewer: Callable[[], Reviewer]
) -> None:
    wang = submitted(applicant)
    staff = reviewer()
    staff.login()
    staff.open(wang.case_no)
    staff.decide(wang.case_no, "return", "银行卡照片不清晰，请重新上传")
    detail = wang.get(f"/cases/{wang.case_no}").text
    assert detail_value(detail, "办件状态") == "退回补正"
    assert detail_value(detail, "审核意见") == "银行卡照片不清晰，请重新上传"
    assert "补正材料" in detail and "重新提交" in detail
    # only the item the opinion names is asked for again
    assert 'data-upload-item="bank_card"' in detail and 'data-upload-item="id_front"' not in detail
    assert "请重新上传银行卡" in detail
    refused = wang.post(f"/cases/{wang.case_no}/resubmit")
    assert "请重新上传银行卡" in errors_box(refused.text)
    assert portal.cases()[0]["status"] == "退回补正"
    before = portal.cases()[0]["materials"]["银行卡"]["sha256"]
    response = wang.upload("bank_card", jpeg(1000, 700), "bank-card-new.jpg")
    assert "bank-card-new.jpg" in response.text and "已上传" in response.text
    assert "请重新上传银行卡" not in wang.get(f"/cases/{wang.case_no}").text
    wang.post(f"/cases/{wang.case_no}/resubmit")
    assert status_on_my_cases(wang) == "待审核"
    case = portal.cases()[0]
    assert case["status"] == "待审核"
    assert case["materials"]["银行卡"]["sha256"] != before


def test_console_names_the_items_to_correct(
    applicant: Make, portal: MockPortal, reviewer: Callable[[], Reviewer]
) -> None:
    wang = submitted(applicant)
    staff = reviewer()
    staff.login()
    staff.open(wang.case_no)
    staff.client.post(
        f"/review/cases/{wang.case_no}",
        data={
            "csrf_token": staff.csrf(),
            "decision": "return",
            "opinion": "请补正",
            "return_id_front": "on",
            "return_certificate_level": "on",
        },
    )
    assert portal.cases()[0]["return_items"] == ["身份证人像面", "证书等级页"]
    refused = wang.post(f"/cases/{wang.case_no}/resubmit")
    assert "请重新上传身份证人像面" in refused.text and "请重新上传证书等级页" in refused.text


def test_api_return_with_items(applicant: Make, portal: MockPortal) -> None:
    wang = submitted(applicant)
    assert (
        portal.call(
            "POST", f"cases/{wang.case_no}/review", {"decision": "return", "items": ["护照"]}
        ).status_code
        == 422
    )
    case = portal.call(
        "POST", f"cases/{wang.case_no}/review", {"decision": "return", "items": ["证书封面"]}
    ).json()
    assert case["status"] == "退回补正" and case["return_items"] == ["证书封面"]
    detail = wang.get(f"/cases/{wang.case_no}").text
    assert 'data-upload-item="certificate_cover"' in detail
    assert 'data-upload-item="bank_card"' not in detail


def test_cannot_resubmit_unless_returned(applicant: Make) -> None:
    wang = submitted(applicant)
    wang.get(f"/cases/{wang.case_no}")
    response = wang.post(f"/cases/{wang.case_no}/resubmit")
    assert "当前状态不可重新提交" in errors_box(response.text)


def test_api_moves_and_refusals(applicant: Make, portal: MockPortal) -> None:
    wang = submitted(applicant)
    assert (
        portal.call("POST", f"cases/{wang.case_no}/review", {"decision": "pay"}).status_code == 409
    )
    assert portal.review(wang.case_no, "approve")["status"] == "审核通过"
    paid = portal.review(wang.case_no, "pay")
    assert paid["status"] == "已发放" and paid["paid_at"] and paid["amount"] == 2000.0
    assert (
        portal.call("POST", "cases/SH00000000000000/review", {"decision": "pay"}).status_code == 404
    )


def test_flexible_worker_gets_the_full_standard(applicant: Make, portal: MockPortal) -> None:
    wang = submitted(applicant, employment="灵活就业", employer="")
    portal.review(wang.case_no, "approve")
    assert detail_value(wang.get(f"/cases/{wang.case_no}").text, "补贴金额") == "2500.00元"


def test_auto_review_approve_on_the_portal_clock(applicant: Make, portal: MockPortal) -> None:
    portal.review_policy(mode="auto", decision="approve", after_seconds=[60, 120, 180])
    wang = submitted(applicant)
    assert status_on_my_cases(wang) == "待审核"
    portal.clock(advance_seconds=61)
    assert status_on_my_cases(wang) == "审核中"
    portal.clock(advance_seconds=60)
    assert status_on_my_cases(wang) == "审核通过"
    portal.clock(advance_seconds=60)
    assert status_on_my_cases(wang) == "已发放"
    [case] = portal.cases()
    from datetime import datetime

    gap = datetime.fromisoformat(case["paid_at"]) - datetime.fromisoformat(case["submitted_at"])
    assert gap.total_seconds() == 180


def test_auto_review_skips_straight_to_the_decision(applicant: Make, portal: MockPortal) -> None:
    portal.review_policy(
        mode="auto", decision="reject", reason="不符合条件", after_seconds=[10, 20]
    )
    wang = submitted(applicant)
    portal.clock(advance_days=1)
    detail = wang.get(f"/cases/{wang.case_no}").text
    assert detail_value(detail, "办件状态") == "审核不通过"
    assert detail_value(detail, "审核意见") == "不符合条件"
    assert "审核中" in detail  # the history shows the step it passed through


def test_auto_review_return(applicant: Make, portal: MockPortal) -> None:
    portal.review_policy(
        mode="auto", decision="return", reason="请补正证书等级页", after_seconds=[0, 5]
    )
    submitted(applicant)
    portal.clock(advance_seconds=6)
    assert [c["status"] for c in portal.cases()] == ["退回补正"]


def test_my_cases_newest_first_ten_a_page(applicant: Make, portal: MockPortal) -> None:
    wang = submitted(applicant)
    db = portal.server.portal.db
    with db.transaction() as conn:
        row = dict(
            conn.execute("SELECT * FROM cases WHERE case_no = ?", (wang.case_no,)).fetchone()
        )
        for n in range(11):
            seq = 100 + n
            copy = {**row, "case_no": f"SH20261201{seq:06d}", "seq": seq, "fields": json.dumps({})}
            conn.execute(
                f"INSERT INTO cases({','.join(copy)}) VALUES ({','.join('?' * len(copy))})",
                tuple(copy.values()),
            )
    first = wang.get("/cases").text
    numbers = re.findall(r"<td[^>]*data-label=\"办件编号\">(\w+)</td>", first)
    assert len(numbers) == 10
    assert numbers[0] == "SH20261201000110" and numbers == sorted(numbers, reverse=True)
    assert "下一页</a>" in first and "上一页</a>" not in first
    second = wang.get("/cases?page=2").text
    assert re.findall(r"<td[^>]*data-label=\"办件编号\">(\w+)</td>", second) == [
        "SH20261201000100",
        wang.case_no,
    ]
    assert "上一页</a>" in second and "下一页</a>" not in second


def test_console_needs_the_reviewer_login(
    applicant: Make, portal: MockPortal, reviewer: Callable[[], Reviewer]
) -> None:
    wang = applicant()
    wang.login()
    assert "审核人员登录" in wang.get("/review").text
    staff = reviewer()
    assert "用户名或密码错误" in staff.login("nope")


def test_console_history_does_not_show_the_id_number(
    applicant: Make, portal: MockPortal, reviewer: Callable[[], Reviewer]
) -> None:
    wang = submitted(applicant)
    staff = reviewer()
    staff.login()
    page = staff.open(wang.case_no)
    assert "310101199203154321" not in page
    assert "310***********4321" in page and "申请人" in page


def test_submit_drop_loses_the_answer_to_resubmit_once_after_committing_it(
    applicant: Make, portal: MockPortal
) -> None:
    wang = submitted(applicant)
    review = {"decision": "return", "reason": "请补正", "items": ["银行卡"]}
    assert portal.call("POST", f"cases/{wang.case_no}/review", review).status_code == 200
    wang.upload("bank_card", jpeg(1000, 700), "bank-card-new.jpg")
    portal.faults(submit_drop=True)
    lost = wang.post(f"/cases/{wang.case_no}/resubmit")
    assert lost.status_code == 504 and "办件详情" not in lost.text
    assert portal.cases()[0]["status"] == "待审核"  # committed all the same
    assert portal.faults()["submit_drop"] is False  # once
    # a second click finds nothing to resubmit: the case is not moved twice
    again = wang.post(f"/cases/{wang.case_no}/resubmit")
    assert again.status_code != 504 and "当前状态不可重新提交" in again.text
    assert portal.cases()[0]["status"] == "待审核"


def test_review_opinion_over_500_characters_is_refused(
    applicant: Make, portal: MockPortal, reviewer: Callable[[], Reviewer]
) -> None:
    wang = submitted(applicant)
    staff = reviewer()
    staff.login()
    staff.open(wang.case_no)
    response = staff.decide(wang.case_no, "reject", "材" * 501)
    assert response.status_code == 400 and "审核意见不能超过500个字" in response.text
    [case] = portal.cases()
    assert case["status"] == "审核中"
    assert staff.decide(wang.case_no, "reject", "材" * 500).status_code == 200
    assert portal.cases()[0]["status"] == "审核不通过"
    api = portal.call(
        "POST", f"cases/{wang.case_no}/review", {"decision": "pay", "reason": "x" * 501}
    )
    assert api.status_code == 422 and "500" in api.text
