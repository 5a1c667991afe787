"""Reusable field types that are not numbers: text typed into the form, dates not in the future."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, ValidationInfo
from pydantic_core import PydanticCustomError

from autofill.dates import today_shanghai


def context_today(info: ValidationInfo | None) -> date:
    """The day "the future" starts after: the validation context's `today`, else Shanghai's."""
    context = info.context if info is not None else None
    today = context.get("today") if isinstance(context, Mapping) else None
    return today if isinstance(today, date) else today_shanghai()


def _not_future(value: date, info: ValidationInfo) -> date:
    today = context_today(info)
    if value > today:
        raise PydanticCustomError(
            "date_in_future",
            "in the future",
            {"date": value.isoformat(), "today": today.isoformat()},
        )
    return value


PastDate = Annotated[date, AfterValidator(_not_future)]


#: characters no name, employer, occupation or bank needs: C0 and C1 controls (newline, NUL,
#: ESC…), line separators, and the marks and overrides that reorder text on screen
_CONTROL_CHARS = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def _plain_text(value: str) -> str:
    found = sorted(set(_CONTROL_CHARS.findall(value)))
    if found:
        raise PydanticCustomError(
            "control_chars",
            "contains control characters {chars}",
            {"chars": ", ".join(f"U+{ord(c):04X}" for c in found)},
        )
    return value


#: text typed into the portal's form as it stands
PlainText = Annotated[str, AfterValidator(_plain_text)]
