"""Politeness towards a real portal: at most so many sessions at once, so many page loads a minute.

A public government site serves every citizen of the city; a training school's batch must not
look like a crawler to it. Two limits, both counted by the tool itself:

- sessions: a batch keeps at most `max_sessions` applicants on the portal at once (each in a
  browser context of its own, so each is one portal session); `run` has one.
- page loads: at most `max_rate` in any minute, over every run of the process, retries
  included. A page load is a request for a page (a navigation or a form posted) or a fetch/XHR
  call of a page's script; the styles, scripts and images that come with a page are not counted.

The embedded mock portal (a rehearsal on this machine) is not limited unless asked to be.
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from autofill.errors import BadInput
from autofill.messages import t

if TYPE_CHECKING:
    # the CLI reads the limits before any browser is needed: Playwright only for the pacing
    from playwright.sync_api import BrowserContext, Route

#: sessions at once against a real portal: about what a family filling in two forms would open
DEFAULT_MAX_SESSIONS = 2
#: page loads a minute against a real portal: one a second on average, the pace of a brisk
#: person or two; a single applicant's run needs fewer, so `run` is never slowed by it
DEFAULT_MAX_RATE = 60
#: the window `max_rate` is counted in, and a margin for a request's way to the portal
WINDOW_S = 60.0
MARGIN_S = 1.0
#: what counts as a page load (Playwright's resource types)
COUNTED = frozenset({"document", "xhr", "fetch"})
#: every URL but static files (which are not counted) goes through the pacer
NOT_STATIC = re.compile(r"^(?!.*\.(?:css|js|mjs|png|jpe?g|gif|svg|ico|woff2?|ttf|map)(?:[?#]|$))")


@dataclass(frozen=True)
class Politeness:
    """The limits in force; `None` is no limit."""

    max_sessions: int | None = None
    max_rate: int | None = None

    @property
    def limited(self) -> bool:
        return self.max_sessions is not None or self.max_rate is not None

    def describe(self, lang: str = "zh") -> str:
        sessions = (
            t("polite.sessions", lang, count=self.max_sessions)
            if self.max_sessions
            else t("polite.sessions_unlimited", lang)
        )
        rate = (
            t("polite.rate", lang, count=self.max_rate)
            if self.max_rate
            else t("polite.rate_unlimited", lang)
        )
        return t("polite.limits", lang, sessions=sessions, rate=rate)


def politeness(
    real_portal: bool, max_sessions: int | None, max_rate: int | None, *, lang: str = "zh"
) -> Politeness:
    """The limits of `--max-sessions` / `--max-rate`: a real portal gets the defaults where a flag
    is not given, the embedded mock none; `--max-rate 0` is no limit."""
    if max_sessions is not None and max_sessions < 1:
        raise BadInput(
            t("polite.min_sessions", lang, value=max_sessions),
            errors=[{"path": "--max-sessions", "message": "must be at least 1"}],
        )
    if max_rate is not None and max_rate < 0:
        raise BadInput(
            t("polite.negative_rate", lang, value=max_rate),
            errors=[{"path": "--max-rate", "message": "must be 0 (no limit) or more"}],
        )
    if real_portal:
        max_sessions = DEFAULT_MAX_SESSIONS if max_sessions is None else max_sessions
        max_rate = DEFAULT_MAX_RATE if max_rate is None else max_rate
    return Politeness(max_sessions, max_rate or None)


class RateLimit:
    """At most `per_window` page loads in any `window_s`: a load past that waits its turn.

    Shared by every run of the process. The runs of a batch take turns on one thread (see
    `autofill.browser.interleave`), and a waiting load sleeps with the sleep it is given, which
    in a batch lets the other runs go on.
    """

    def __init__(
        self,
        per_window: int,
        window_s: float = WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_window = per_window
        self.window_s = window_s
        self.clock = clock
        self._times: deque[float] = deque()
        self._lock = threading.Lock()

    def _delay(self) -> float:
        """0 and a load booked now, or how long to wait before asking again."""
        with self._lock:
            now = self.clock()
            while self._times and self._times[0] <= now - self.window_s - MARGIN_S:
                self._times.popleft()
            if len(self._times) < self.per_window:
                self._times.append(now)
                return 0.0
            return self._times[0] + self.window_s + MARGIN_S - now

    def turn(self, sleep: Callable[[float], None]) -> None:
        """Returns when a page load may go (booking it)."""
        while True:
            delay = self._delay()
            if delay <= 0:
                return
            sleep(delay)


_LIMITS: dict[int, RateLimit] = {}


def rate_limit(per_minute: int) -> RateLimit:
    """The process's one limit of that rate (every run and retry of the process counts in it)."""
    found = _LIMITS.get(per_minute)
    if found is None:
        found = _LIMITS[per_minute] = RateLimit(per_minute, WINDOW_S)
    return found


def pace(context: BrowserContext, limit: RateLimit, sleep: Callable[[float], None]) -> None:
    """Holds each page load of `context`'s pages until `limit` lets it go."""

    from playwright.sync_api import Error as PlaywrightError

    def handle(route: Route) -> None:
        try:
            if route.request.resource_type in COUNTED:
                limit.turn(sleep)
            route.fallback()
        except (asyncio.CancelledError, PlaywrightError):
            # the page closed while its load waited its turn: nothing is left to let go
            return

    context.route(NOT_STATIC, handle)
