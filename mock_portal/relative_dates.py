"""Fixture dates relative to the portal's clock: `today-41d`, `today-18m`, `today-3y+2d`.

The default fixtures name their dates this way, so that each fixture person shows the same
situation on any day: they are resolved against the portal clock's today whenever the
fixtures are loaded (at start and at every `/__mock__/reset`).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from mock_portal.rules import add_months

_RELATIVE = re.compile(r"^today((?:[+-]\d+[dmy])*)$")
_TERM = re.compile(r"([+-]\d+)([dmy])")


def relative_day(text: str, today: date) -> date | None:
    """`today-12m-1d` → that date on `today`'s calendar; None when `text` is not such a term."""
    match = _RELATIVE.match(text.replace(" ", ""))
    if match is None:
        return None
    day = today
    for amount, unit in _TERM.findall(match.group(1)):
        n = int(amount)
        if unit == "d":
            day += timedelta(days=n)
        else:
            day = add_months(day, n * (12 if unit == "y" else 1))
    return day


def resolve(value: Any, today: date) -> Any:
    """The same data with every relative date turned into ISO text, recursively."""
    if isinstance(value, str):
        day = relative_day(value, today)
        return value if day is None else day.isoformat()
    if isinstance(value, dict):
        return {key: resolve(item, today) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve(item, today) for item in value]
    return value
