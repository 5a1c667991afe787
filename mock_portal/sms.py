"""SMS login codes, held in memory only: a code is a secret and never reaches the database.

A code lives 5 minutes and ends with the login it served; a portal restarted in between simply
asks for a new one, as a real portal would after its code store was flushed.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class SentCode:
    code: str
    sent_at: datetime


class SmsCodes:
    """The last code sent to each phone, shared by all requests."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._codes: dict[str, SentCode] = {}

    def send(self, phone: str, code: str, at: datetime) -> None:
        with self._lock:
            self._codes[phone] = SentCode(code, at)

    def last(self, phone: str) -> SentCode | None:
        with self._lock:
            return self._codes.get(phone)

    def used(self, phone: str) -> None:
        with self._lock:
            self._codes.pop(phone, None)

    def clear(self) -> None:
        with self._lock:
            self._codes.clear()
