"""What a client made of the portal: every request with its time, kind and session.

A site's operator sees its visitors this way, and so does a test of a client's politeness:
how many sessions were open at once, how many pages were loaded a minute. The log is in memory,
bounded, and holds no personal number (the session is a short hash of its cookie, the path has
no query string).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: the session cookie's name (mock_portal.security.COOKIE, repeated to keep this module a leaf)
COOKIE = "portal_session"
#: the newest requests kept
KEEP = 50_000


@dataclass(frozen=True)
class Hit:
    """One request as the portal saw it."""

    #: seconds since the portal started (a monotonic clock), when it arrived and when answered
    at: float
    done: float
    method: str
    path: str
    #: the browser's `Sec-Fetch-Dest` ("document" for a page load, "empty" for fetch/XHR)
    dest: str
    status: int
    #: a short hash of the session cookie it carried or was given ("" for none)
    session: str
    #: who that session was logged in as when the answer left: "citizen", "reviewer" or ""
    login: str


def _session_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:10] if token else ""


class Traffic:
    """The bounded log, shared by the portal's requests (threads of the server)."""

    def __init__(self, login_of: Callable[[str], str | None] = lambda token: None) -> None:
        #: the kind of login a session token holds now (None: anonymous or gone)
        self.login_of = login_of
        self._hits: deque[Hit] = deque(maxlen=KEEP)
        self._lock = threading.Lock()
        self._start = time.monotonic()

    def now(self) -> float:
        return time.monotonic() - self._start

    def add(self, hit: Hit) -> None:
        with self._lock:
            self._hits.append(hit)

    def hits(self) -> list[dict[str, Any]]:
        with self._lock:
            return [asdict(h) for h in self._hits]

    def clear(self) -> None:
        with self._lock:
            self._hits.clear()


def _cookie(headers: list[tuple[bytes, bytes]], name: bytes, key: bytes) -> str:
    for header, value in headers:
        if header.lower() != name:
            continue
        for part in value.split(b";"):
            k, _, v = part.strip().partition(b"=")
            if k == key:
                return v.decode("latin-1")
    return ""


class TrafficLog:
    """ASGI middleware: one `Hit` per request, except the control API and static files."""

    def __init__(self, app: ASGIApp, traffic: Traffic) -> None:
        self.app = app
        self.traffic = traffic

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path.startswith(("/__mock__", "/static")):
            await self.app(scope, receive, send)
            return
        at = self.traffic.now()
        headers: list[tuple[bytes, bytes]] = scope.get("headers", [])
        token = _cookie(headers, b"cookie", COOKIE.encode())
        dest = next((v.decode("latin-1") for k, v in headers if k == b"sec-fetch-dest"), "")
        status = 0

        async def send_wrapper(message: Message) -> None:
            nonlocal status, token
            if message["type"] == "http.response.start":
                status = message["status"]
                given = _cookie(message.get("headers", []), b"set-cookie", COOKIE.encode())
                token = given or token
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            self.traffic.add(
                Hit(
                    at=round(at, 4),
                    done=round(self.traffic.now(), 4),
                    method=scope["method"],
                    path=path,
                    dest=dest,
                    status=status,
                    session=_session_of(token),
                    login=self.traffic.login_of(token) or "",
                )
            )
