"""The portal's own clock (Asia/Shanghai): real time plus an offset that tests set or advance."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


class PortalClock:
    """Runs on with real time after being set, so that a set clock still ticks."""

    def __init__(self) -> None:
        self._offset = timedelta(0)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return datetime.now(SHANGHAI) + self._offset

    def today(self) -> date:
        return self.now().date()

    def set(self, moment: datetime) -> datetime:
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=SHANGHAI)
        with self._lock:
            self._offset = moment - datetime.now(SHANGHAI)
        return self.now()

    def advance(self, delta: timedelta) -> datetime:
        with self._lock:
            self._offset += delta
        return self.now()

    def reset(self) -> None:
        with self._lock:
            self._offset = timedelta(0)


def iso(moment: datetime) -> str:
    """A timestamp as stored and as answered by /__mock__: ISO 8601 in +08:00, to the second."""
    return moment.astimezone(SHANGHAI).replace(microsecond=0).isoformat()


def parse_iso(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=SHANGHAI)


def shown(text: str | None) -> str:
    """A stored timestamp as the pages show it: 2026-11-29 10:00:00."""
    if not text:
        return "—"
    return parse_iso(text).strftime("%Y-%m-%d %H:%M:%S")
