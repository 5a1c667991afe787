"""The tool's calendar: which day it is in Shanghai, and calendar-month arithmetic.

Every date decision of the tool (the 12-month window, "not in the future", days left, the
deadline, reminders, run ids and timestamps) is taken on Shanghai's date, as the portal takes
it, whatever the machine's time zone.

A testing aid: `AUTOFILL_NOW` (an ISO instant with its offset, `2027-10-20T17:00:00+00:00`)
fixes the tool's "now" to that instant. It is read here and nowhere else; the embedded mock
portal keeps its own clock.
"""

from __future__ import annotations

import calendar
import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

from autofill.errors import BadInput
from autofill.messages import t

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: the environment variable that fixes the tool's clock (for tests)
NOW_VARIABLE = "AUTOFILL_NOW"


def _fixed_now(text: str, lang: str = "zh") -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        message = t("dates.bad_now", lang, name=NOW_VARIABLE, value=repr(text))
        raise BadInput(message, errors=[{"path": NOW_VARIABLE, "message": message}])
    return moment


def now_shanghai(*, lang: str = "zh") -> datetime:
    """The current moment on Shanghai's clock (the instant `AUTOFILL_NOW` names, if set)."""
    fixed = os.environ.get(NOW_VARIABLE)
    if fixed:
        return _fixed_now(fixed, lang).astimezone(SHANGHAI)
    return datetime.now(SHANGHAI)


def today_shanghai(*, lang: str = "zh") -> date:
    """Today's date in Shanghai (the portal's and the applicant's time zone)."""
    return now_shanghai(lang=lang).date()


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later (or earlier), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )
