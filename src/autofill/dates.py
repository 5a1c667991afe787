"""The tool's calendar: which day it is in Shanghai, and calendar-month arithmetic.

Every date decision of the tool (the 12-month window, "not in the future", days left, the
deadline, reminders) is taken on Shanghai's date, as the portal takes it, whatever the
machine's time zone.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def now_shanghai() -> datetime:
    """The current moment, on Shanghai's clock."""
    return datetime.now(SHANGHAI)


def today_shanghai() -> date:
    """Today's date in Shanghai (the portal's and the applicant's time zone)."""
    return now_shanghai().date()


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later (or earlier), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )
