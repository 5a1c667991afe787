"""Which day it is: every date decision is taken on Shanghai's date, whatever the machine's zone.

The CLI runs as a subprocess with TZ set, so that the machine's local date really differs from
Shanghai's. The instant is fixed either by Debian's `faketime` (the machine's own clock moved)
or by `AUTOFILL_NOW` (the tool's injected clock); both must give Shanghai's answer.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from stdnum.cn import ric

from autofill.dates import NOW_VARIABLE, now_shanghai, today_shanghai
from autofill.runs import RunFolder
from autofill.training.handout import render_handout
from tests.unit.conftest import ProfileWriter, example_data

#: 17:00 UTC on 2027-10-20 is 01:00 on 2027-10-21 in Shanghai: the example certificate, issued
#: 2026-10-20, had its last day on 2027-10-20 in Shanghai, which is still "today" in LA and UTC
JUST_PAST = datetime(2027, 10, 20, 17, 0, tzinfo=UTC)
BEHIND = ["America/Los_Angeles", "UTC"]
CLOCKS = ["faketime", "AUTOFILL_NOW"]


def autofill(
    *args: str | Path, tz: str, at: datetime, clock: str = "faketime"
) -> subprocess.CompletedProcess[str]:
    """`autofill ARGS` in a process whose machine zone is `tz`, at the instant `at`."""
    env = {k: v for k, v in os.environ.items() if k not in (NOW_VARIABLE, "FAKETIME")}
    env["TZ"] = tz
    command = [sys.executable, "-m", "autofill", *map(str, args)]
    if clock == "faketime":
        if shutil.which("faketime") is None:
            pytest.fail("faketime is not installed (apt-get install faketime)")
        # faketime reads the time in the process's own zone; the clock runs on from there
        local = at.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M:%S")
        command = ["faketime", local, *command]
    else:
        env[NOW_VARIABLE] = at.isoformat()
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def as_json(done: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(done.stdout)
    return data


@pytest.mark.parametrize("clock", CLOCKS)
@pytest.mark.parametrize("tz", BEHIND)
def test_a_certificate_past_its_shanghai_deadline_fails_though_the_machine_is_a_day_behind(
    write_profile: ProfileWriter, tz: str, clock: str
) -> None:
    assert JUST_PAST.astimezone(ZoneInfo(tz)).date() == date(2027, 10, 20)  # the machine's date
    done = autofill("check", write_profile(), "--json", tz=tz, at=JUST_PAST, clock=clock)
    data = as_json(done)
    assert done.returncode == 3 and data["exit_code"] == 3, done.stdout + done.stderr
    assert data["on"] == "2027-10-21" and data["days_left"] == -1
    window = next(r for r in data["rules"] if r["rule"] == "window")
    assert window["result"] == "fail" and "截止日期 2027-10-20，已过 1 天" in window["reason"]


def test_a_machine_ahead_of_shanghai_does_not_close_the_window_early(
    write_profile: ProfileWriter,
) -> None:
    # 12:00 UTC: 20:00 on the last day in Shanghai, already 01:00 the next day in Auckland
    at = datetime(2027, 10, 20, 12, 0, tzinfo=UTC)
    assert at.astimezone(ZoneInfo("Pacific/Auckland")).date() == date(2027, 10, 21)
    done = autofill("check", write_profile(), "--json", tz="Pacific/Auckland", at=at)
    assert done.returncode == 0, done.stdout + done.stderr
    assert as_json(done)["days_left"] == 0


@pytest.mark.parametrize("tz", BEHIND)
def test_a_certificate_issued_today_in_shanghai_is_not_in_the_future(
    write_profile: ProfileWriter, tz: str
) -> None:
    # the reverse edge: the machine still says 2026-10-20, Shanghai says the 21st
    data = example_data()
    data["certificate"]["issue_date"] = "2026-10-21"
    at = datetime(2026, 10, 20, 17, 0, tzinfo=UTC)
    done = autofill("check", write_profile(data), "--json", tz=tz, at=at)
    result = as_json(done)
    assert done.returncode == 0, done.stdout + done.stderr
    assert result["deadline"] == "2027-10-21" and result["days_left"] == 365


def test_a_person_born_today_in_shanghai_is_not_born_in_the_future(
    write_profile: ProfileWriter,
) -> None:
    data = example_data()
    body = "310101" + "20261021" + "432"
    data["applicant"]["id_number"] = body + ric.calc_check_digit(
        body + "0"
    )  # it reads the first 17
    at = datetime(2026, 10, 20, 17, 0, tzinfo=UTC)
    done = autofill("validate", write_profile(data), "--json", tz="America/Los_Angeles", at=at)
    assert done.returncode == 0, done.stdout + done.stderr


def test_calendar_reminders_are_those_still_ahead_in_shanghai(
    write_profile: ProfileWriter, tmp_path: Path
) -> None:
    # 2027-09-20 in LA, 2027-09-21 in Shanghai: the 30-day reminder (09-20) is past there
    at = datetime(2027, 9, 20, 17, 0, tzinfo=UTC)
    ics = tmp_path / "deadline.ics"
    done = autofill("check", write_profile(), "--ics", ics, tz="America/Los_Angeles", at=at)
    assert done.returncode == 0, done.stdout + done.stderr
    calendar = Calendar.from_ical(ics.read_bytes())
    [event] = calendar.walk("VEVENT")
    triggers = [alarm.decoded("trigger") for alarm in event.walk("VALARM")]
    assert triggers == [timedelta(days=-7), timedelta(days=-1)]
    assert event.decoded("dtstamp").date() == date(2027, 9, 20)  # in UTC, as iCalendar wants


def test_a_bad_autofill_now_is_bad_input_naming_the_variable(write_profile: ProfileWriter) -> None:
    env = {**os.environ, NOW_VARIABLE: "2027-10-20 17:00"}  # no offset: which zone is meant?
    done = subprocess.run(
        [sys.executable, "-m", "autofill", "check", str(write_profile()), "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert NOW_VARIABLE in json.loads(done.stdout)["message"]


# ---- in this process: the injected clock and a machine zone moved with time.tzset ----------


@pytest.fixture
def los_angeles(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_injected_clock_is_read_in_shanghai(
    monkeypatch: pytest.MonkeyPatch, los_angeles: None
) -> None:
    monkeypatch.setenv(NOW_VARIABLE, JUST_PAST.isoformat())
    assert now_shanghai().isoformat() == "2027-10-21T01:00:00+08:00"
    assert today_shanghai() == date(2027, 10, 21)


def test_run_ids_and_timestamps_are_shanghai_time(
    monkeypatch: pytest.MonkeyPatch, los_angeles: None, tmp_path: Path
) -> None:
    monkeypatch.setenv(NOW_VARIABLE, JUST_PAST.isoformat())
    folder = RunFolder.create(tmp_path, tmp_path / "p.json", "S000031000001263000123", "x")
    assert folder.run_id == "20271021-010000-0123"
    saved = json.loads(folder.file("run.json").read_text(encoding="utf-8"))
    assert saved["created_at"] == "2027-10-21T01:00:00+08:00"


def test_the_handout_is_dated_in_shanghai(
    monkeypatch: pytest.MonkeyPatch, los_angeles: None
) -> None:
    monkeypatch.setenv(NOW_VARIABLE, JUST_PAST.isoformat())
    assert "2027年10月21日" in render_handout("讲义", "说明", [])
