"""Retry policies: backoff with jitter, a cap on attempts, nothing retried that is not safe."""

from __future__ import annotations

import pytest

from autofill.errors import PortalBusy, PortalRefused
from autofill.retry import NAVIGATION, READS, RetryPolicy


def test_a_busy_portal_is_retried_with_growing_pauses_until_it_answers() -> None:
    slept: list[float] = []
    calls = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 4:
            raise PortalBusy("系统繁忙，请稍后再试")
        return "ok"

    assert NAVIGATION.retrying(sleep=slept.append)(flaky) == "ok"
    assert len(calls) == 4
    assert len(slept) == 3
    # exponential: each pause at least the base pause of its attempt, at most that plus jitter
    for n, pause in enumerate(slept):
        base = min(NAVIGATION.initial_s * 2**n, NAVIGATION.max_wait_s)
        assert base <= pause <= base + NAVIGATION.jitter_s


def test_attempts_are_capped_and_the_last_error_surfaces() -> None:
    slept: list[float] = []

    def always_busy() -> None:
        raise PortalBusy("系统繁忙，请稍后再试")

    with pytest.raises(PortalBusy):
        READS.retrying(sleep=slept.append)(always_busy)
    assert len(slept) == READS.attempts - 1


def test_a_refusal_is_not_retried() -> None:
    slept: list[float] = []
    calls = []

    def refused() -> None:
        calls.append(1)
        raise PortalRefused("证书信息校验失败")

    with pytest.raises(PortalRefused):
        NAVIGATION.retrying(sleep=slept.append)(refused)
    assert calls == [1] and slept == []


def test_the_total_deadline_stops_retrying(monkeypatch: pytest.MonkeyPatch) -> None:
    policy = RetryPolicy("t", attempts=100, initial_s=1, max_wait_s=1, jitter_s=0, deadline_s=5)
    clock = [0.0]
    monkeypatch.setattr("time.monotonic", lambda: clock[0])

    def sleep(s: float) -> None:
        clock[0] += s

    calls = []

    def busy() -> None:
        calls.append(1)
        raise PortalBusy("x")

    with pytest.raises(PortalBusy):
        policy.retrying(sleep=sleep)(busy)
    assert 5 <= len(calls) <= 7
