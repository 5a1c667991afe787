"""Polling a case gently: backoff between polls, a cap, the timeout, and no real sleeping."""

from __future__ import annotations

import pytest

from autofill.errors import WaitTimedOut
from autofill.portal.cases import CaseDetail
from autofill.portal.texts import DEFAULT_TEXTS
from autofill.status import MAX_POLLS, PollPlan, describe, wait_for_decision


def test_the_pauses_grow_to_four_times_the_interval_and_fit_the_timeout() -> None:
    delays = PollPlan(timeout_s=300, interval_s=10).delays()
    assert delays[:4] == [10, 15, 22.5, 33.75]
    assert max(delays) == 40
    assert sum(delays) == pytest.approx(300)


def test_the_number_of_requests_is_capped() -> None:
    assert len(PollPlan(timeout_s=10**6, interval_s=1, max_polls=20).delays()) == 19


def test_a_ten_day_wait_spans_its_whole_timeout_within_the_cap_and_at_most_one_poll_a_minute() -> (
    None
):
    ten_days = 10 * 86400
    delays = PollPlan(timeout_s=ten_days, interval_s=30).delays()
    assert sum(delays) == pytest.approx(ten_days)
    assert len(delays) < MAX_POLLS
    steady = delays[len(delays) // 2 :]
    assert min(steady[:-1]) >= 60


def test_polling_stops_at_a_terminal_status() -> None:
    statuses = iter(["待审核", "审核中", "审核通过", "已发放", "已发放"])
    slept: list[float] = []
    detail = wait_for_decision(
        lambda: CaseDetail("C1", next(statuses)), DEFAULT_TEXTS, PollPlan(600, 5), slept.append
    )
    assert detail.status == "已发放"
    assert len(slept) == 3


def test_a_wait_that_runs_out_is_wait_timed_out() -> None:
    slept: list[float] = []
    with pytest.raises(WaitTimedOut) as caught:
        wait_for_decision(
            lambda: CaseDetail("C1", "审核中"), DEFAULT_TEXTS, PollPlan(60, 10), slept.append
        )
    assert sum(slept) == pytest.approx(60)
    assert caught.value.exit_code == 6


def test_polling_stops_at_returned_where_only_a_human_can_move_the_case() -> None:
    statuses = iter(["待审核", "审核中", "退回补正", "退回补正"])
    slept: list[float] = []
    detail = wait_for_decision(
        lambda: CaseDetail("C1", next(statuses)), DEFAULT_TEXTS, PollPlan(600, 5), slept.append
    )
    assert detail.status == "退回补正"
    assert len(slept) == 2


def test_a_returned_case_names_the_items_and_the_amend_command() -> None:
    status = {"status": "退回补正", "opinion": "证书等级页模糊", "items": "证书等级页、银行卡"}
    text = describe("C1", status, run_id="20261130-101010-0123")
    assert "审核意见：证书等级页模糊" in text and "需重新上传：证书等级页、银行卡" in text
    assert "autofill amend 20261130-101010-0123 --file 证书等级页=" in text


def test_a_rejected_case_says_whom_to_ask() -> None:
    text = describe("C1", {"status": "审核不通过", "opinion": "已离职"})
    assert "审核意见：已离职" in text and "人社部门" in text and "12333" in text


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", "补贴一般在几周内到账，请注意查收银行账户"), ("en", "within a few weeks")],
)
def test_a_paid_case_gives_amount_date_and_when_the_money_arrives(lang: str, words: str) -> None:
    status = {"status": "已发放", "amount": "2000.00元", "paid_on": "2026-12-01 10:00"}
    text = describe("C1", status, lang)
    assert "2000.00元" in text and "2026-12-01 10:00" in text and words in text
