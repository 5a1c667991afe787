"""Deadline reminders as a calendar file, so that the 12-month deadline lands where people look.

The seed's loudest warning: "一旦逾期，目前没有补救通道". The event is an all-day event on the
deadline itself, with one display alarm per reminder day before it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from datetime import UTC, date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from autofill.atomic import write_atomic
from autofill.dates import now_shanghai
from autofill.errors import BadInput
from autofill.messages import t
from autofill.policy import policy_data
from autofill.profile import Profile, display_name

if TYPE_CHECKING:
    from icalendar import Calendar

DEFAULT_REMINDER_DAYS = (30, 7, 1)


def reminder_days(profile: Profile) -> list[int]:
    """How many days before the deadline to remind, from the policy data."""
    return list(policy_data(profile.policy.value).get("reminder_days", DEFAULT_REMINDER_DAYS))


def deadline_calendar(
    profile: Profile,
    deadline: date,
    on: date,
    days_before: Sequence[int] | None = None,
    lang: str = "zh",
) -> Calendar:
    """A calendar with the deadline and alarms `days_before` it (those not yet past on `on`)."""
    # imported here: only `check --ics` writes a calendar, and icalendar is slow to import
    from icalendar import Alarm, Calendar, Event

    if days_before is None:
        days_before = reminder_days(profile)
    cert = profile.certificate
    calendar = Calendar()
    calendar.add("prodid", "-//autofill//skill subsidy deadline//ZH")
    calendar.add("version", "2.0")
    event = Event()
    # the same certificate and deadline give the same UID, so importing twice updates, not duplicates
    event.add("uid", f"autofill-deadline-{cert.number}-{deadline.isoformat()}@autofill")
    event.add("dtstamp", now_shanghai().astimezone(UTC))
    event.add("dtstart", deadline)
    event.add("dtend", deadline + timedelta(days=1))
    level_name = display_name(cert.level)
    event.add("summary", t("ics.summary", lang, occupation=cert.occupation, level_name=level_name))
    event.add(
        "description",
        t(
            "ics.description",
            lang,
            policy_title=policy_data(profile.policy.value)["title"],
            last4=cert.number[-4:],
            issue=cert.issue_date.isoformat(),
            deadline=deadline.isoformat(),
        ),
    )
    event.add("transp", "TRANSPARENT")
    for days in active_reminders(deadline, on, days_before):
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", t("ics.alarm", lang, days=days))
        alarm.add("trigger", timedelta(days=-days))
        event.add_component(alarm)
    calendar.add_component(event)
    return calendar


def active_reminders(deadline: date, on: date, reminder_days: Sequence[int]) -> list[int]:
    """The reminder days (largest first) whose date is not yet past on `on`."""
    return [
        d for d in sorted(set(reminder_days), reverse=True) if deadline - timedelta(days=d) >= on
    ]


def _refuse(path: Path, key: str, lang: str, **params: object) -> BadInput:
    message = t(key, lang, path=path, **params)
    return BadInput(message, errors=[{"path": "--ics", "message": message}])


def write_calendar(path: Path, calendar: Calendar, lang: str = "zh") -> Path:
    """Writes the calendar atomically: a temporary file beside it, then renamed over it.

    Only a regular file (a link to one is followed) or a new file is written; a folder, a
    device or a FIFO is refused, and a missing folder is not created (`BadInput`, exit 2).
    """
    path = Path(path)
    try:
        target = Path(os.path.realpath(path)) if path.is_symlink() else path
        found = os.stat(target)
    except FileNotFoundError:
        found = None
    except OSError as exc:  # a link loop, a file where a folder should be
        raise _refuse(path, "ics.unwritable", lang, detail=exc.strerror) from None
    if found is not None and not stat.S_ISREG(found.st_mode):
        raise _refuse(path, "ics.not_regular", lang)
    folder = target.parent
    if not folder.is_dir():
        raise _refuse(path, "ics.no_folder", lang, folder=folder)
    # replacing a file keeps its mode; a new one is the user's only
    mode = stat.S_IMODE(found.st_mode) if found is not None else 0o600
    try:
        write_atomic(target, calendar.to_ical(), mode)
    except OSError as exc:
        raise _refuse(path, "ics.unwritable", lang, detail=exc.strerror) from None
    return path
