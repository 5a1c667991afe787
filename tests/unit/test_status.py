"""Polling a case gently: backoff between polls, a cap, the timeout, and no real sleeping."""

from __future__ import annotations

import pytest

from autofill.errors import WaitTimedOut
from autofill.portal.cases import CaseDetail
from autofill.portal.texts import DEFAULT_TEXTS
from autofill.status import MAX_POLLS, PollPlan, wait_for_decision


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
