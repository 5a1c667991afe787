from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from icalendar import Calendar

from autofill.ics import active_reminders, deadline_calendar, write_calendar
from autofill.profile import validate_profile
from tests.unit.conftest import example_data

ON = date(2026, 11, 29)
DEADLINE = date(2027, 10, 20)


def test_the_calendar_has_the_deadline_and_three_reminders(tmp_path: Path) -> None:
    profile = validate_profile(example_data(ON), today=ON)
    path = write_calendar(tmp_path / "deadline.ics", deadline_calendar(profile, DEADLINE, ON))
    calendar = Calendar.from_ical(path.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert event.decoded("dtstart") == DEADLINE
    assert "电工" in str(event.get("summary")) and "三级/高级工" in str(event.get("summary"))
    assert "2027-10-20" in str(event.get("description"))
    assert "310101199203154321" not in path.read_text(encoding="utf-8")
    triggers = [alarm.decoded("trigger") for alarm in event.walk("VALARM")]
    assert triggers == [timedelta(days=-30), timedelta(days=-7), timedelta(days=-1)]


def test_reminders_already_past_are_left_out() -> None:
    assert active_reminders(DEADLINE, date(2027, 10, 1), [30, 7, 1]) == [7, 1]
    assert active_reminders(DEADLINE, DEADLINE, [30, 7, 1]) == []
    profile = validate_profile(example_data(ON), today=ON)
    calendar = deadline_calendar(profile, DEADLINE, date(2027, 10, 15), lang="en")
    alarms = list(calendar.walk("VALARM"))
    assert [str(a.get("description")) for a in alarms] == ["1 day(s) to the skill subsidy deadline"]
