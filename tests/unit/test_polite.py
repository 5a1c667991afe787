"""Politeness towards a real portal: which limits hold, and the page-load limit itself."""

from __future__ import annotations

import json

import pytest

from autofill.browser.polite import (
    DEFAULT_MAX_RATE,
    DEFAULT_MAX_SESSIONS,
    MARGIN_S,
    NOT_STATIC,
    Politeness,
    RateLimit,
    politeness,
)
from autofill.browser.remote import shown, split
from autofill.errors import BadInput, ExitCode


def test_a_real_portal_gets_the_defaults_and_the_embedded_mock_no_limit() -> None:
    assert politeness(True, None, None) == Politeness(DEFAULT_MAX_SESSIONS, DEFAULT_MAX_RATE)
    assert politeness(False, None, None) == Politeness(None, None)
    assert not politeness(False, None, None).limited
    # a flag given is kept, on either portal; --max-rate 0 is no limit
    assert politeness(True, 5, 0) == Politeness(5, None)
    assert politeness(False, 1, 30) == Politeness(1, 30)


@pytest.mark.parametrize(
    ("sessions", "rate", "flag"), [(0, None, "--max-sessions"), (None, -1, "--max-rate")]
)
def test_a_limit_out_of_range_is_bad_input_naming_its_flag(
    sessions: int | None, rate: int | None, flag: str
) -> None:
    with pytest.raises(BadInput) as raised:
        politeness(True, sessions, rate)
    assert raised.value.exit_code == ExitCode.BAD_INPUT
    assert flag in raised.value.message
    assert raised.value.errors[0]["path"] == flag


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_no_window_of_a_minute_holds_more_page_loads_than_the_limit() -> None:
    fake = FakeTime()
    limit = RateLimit(5, window_s=60.0, clock=fake.clock)
    went: list[float] = []
    for _ in range(12):
        limit.turn(fake.sleep)
        went.append(fake.now)
        fake.now += 1.0  # each page takes a second to load
    # the first five go at once; the sixth waits until the first is a minute (and a margin) old
    assert went[:5] == [0.0, 1.0, 2.0, 3.0, 4.0]
    assert went[5] == pytest.approx(60.0 + MARGIN_S)
    for i, start in enumerate(went):
        assert sum(1 for t in went if start <= t < start + 60.0) <= 5, (i, went)


def test_a_run_below_the_limit_is_never_held() -> None:
    fake = FakeTime()
    limit = RateLimit(DEFAULT_MAX_RATE, clock=fake.clock)
    for _ in range(30):  # an applicant's run needs about 15 page loads
        limit.turn(fake.sleep)
        fake.now += 0.2
    assert fake.slept == []


@pytest.mark.parametrize(
    ("url", "paced"),
    [
        ("http://portal.example/apply/form", True),
        ("http://portal.example/login?next=/services", True),
        ("http://portal.example/uploads/3", True),
        ("http://portal.example/static/classic.css", False),
        ("http://portal.example/static/upload.js?v=2", False),
        ("http://portal.example/login/qr/abc.png", False),
    ],
)
def test_static_files_are_not_paced(url: str, paced: bool) -> None:
    assert bool(NOT_STATIC.match(url)) is paced


def test_a_browser_ws_url_keeps_its_launch_options_and_prints_without_secrets() -> None:
    options = json.dumps({"executablePath": "/usr/bin/chromium"})
    url, extra = split(f"ws://user:pw@10.0.0.5:3000/pw?token=s3cret&launch-options={options}")
    assert url == "ws://user:pw@10.0.0.5:3000/pw?token=s3cret"
    assert extra == {"executablePath": "/usr/bin/chromium"}
    assert shown(url) == "ws://10.0.0.5:3000/pw"


@pytest.mark.parametrize(
    "bad", ["http://127.0.0.1:3000/", "127.0.0.1:3000", "ws://h:1/?launch-options=[1]"]
)
def test_a_browser_ws_that_is_not_a_ws_url_is_bad_input(bad: str) -> None:
    with pytest.raises(BadInput) as raised:
        split(bad)
    assert raised.value.errors[0]["path"] == "--browser-ws"
