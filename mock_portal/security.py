"""Sessions, CSRF tokens and the guard every page endpoint goes through."""

from __future__ import annotations

import hmac
import secrets
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

if TYPE_CHECKING:
    from mock_portal.state import Portal

COOKIE = "portal_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
TIMEOUT_MESSAGE = "登录已超时，请重新登录"
#: on every uploaded file and thumbnail: a browser must not guess an HTML page out of one
NOSNIFF = {"X-Content-Type-Options": "nosniff"}


@dataclass
class Session:
    """A browser's session: anonymous until login, then a citizen's or a reviewer's."""

    token: str
    csrf: str
    last_seen: datetime
    kind: str | None = None  # "citizen" | "reviewer"
    subject: str | None = None  # id_number or reviewer username


class SessionStore:
    """Sessions in memory: they do not need to outlive the process, unlike drafts and cases."""

    def __init__(self) -> None:
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def create(self, now: datetime, kind: str | None = None, subject: str | None = None) -> Session:
        session = Session(secrets.token_urlsafe(24), secrets.token_urlsafe(24), now, kind, subject)
        with self._lock:
            self._sessions[session.token] = session
        return session

    def get(self, token: str | None) -> Session | None:
        if not token:
            return None
        with self._lock:
            return self._sessions.get(token)

    def drop(self, token: str) -> None:
        with self._lock:
            self._sessions.pop(token, None)

    def clear(self) -> None:
        with self._lock:
            self._sessions.clear()


def csrf_ok(session: Session, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(session.csrf, str(token))


def forbidden() -> Response:
    return Response("403 Forbidden: 缺少或无效的安全令牌，请刷新页面后重试", status_code=403)


def not_found() -> Response:
    return Response("404 Not Found: 页面不存在或无权访问", status_code=404)


def login_url(kind: str, next_path: str, expired: bool) -> str:
    base = "/review/login" if kind == "reviewer" else "/login"
    query = f"?next={quote(next_path, safe='/')}"
    return base + query + ("&expired=1" if expired else "")


Endpoint = Callable[[Request], Awaitable[Response]]


def guarded(auth: str | None = None, csrf: bool = True) -> Callable[[Endpoint], Endpoint]:
    """Loads (or starts) the session, expires idle logins, enforces login and the CSRF token.

    `csrf=False` is for endpoints that check the token themselves (the streamed upload).
    """

    def decorate(fn: Endpoint) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            portal: Portal = request.app.state.portal
            now = portal.clock.now()
            cookie = request.cookies.get(COOKIE)
            session = portal.sessions.get(cookie)
            expired = False
            ttl = portal.faults.current.session_ttl_s
            idle = (now - session.last_seen).total_seconds() if session else 0.0
            if session is not None and session.kind and ttl and idle > ttl:
                portal.sessions.drop(session.token)
                session, expired = None, True
            if session is None:
                session = portal.sessions.create(now)
            else:
                session.last_seen = now
            request.state.session = session
            request.state.session_expired = expired
            if auth is not None and session.kind != auth:
                next_path = request.url.path if request.method == "GET" else "/services"
                response: Response = RedirectResponse(login_url(auth, next_path, expired), 303)
            elif request.method == "POST" and csrf and not await _csrf_from_form(request, session):
                response = forbidden()
            else:
                response = await fn(request)
            current: Session = request.state.session
            if current.token != cookie:
                response.set_cookie(COOKIE, current.token, httponly=True, samesite="lax", path="/")
            return response

        endpoint.__name__ = fn.__name__
        endpoint.__doc__ = fn.__doc__
        return endpoint

    return decorate


async def _csrf_from_form(request: Request, session: Session) -> bool:
    token = request.headers.get(CSRF_HEADER)
    if token is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        token = value if isinstance(value, str) else None
    return csrf_ok(session, token)


def start_login(request: Request, kind: str, subject: str) -> None:
    """A fresh session token at login, so that a token seen before login is worth nothing after."""
    portal: Portal = request.app.state.portal
    old: Session = request.state.session
    portal.sessions.drop(old.token)
    request.state.session = portal.sessions.create(portal.clock.now(), kind, subject)


def end_login(request: Request) -> None:
    portal: Portal = request.app.state.portal
    old: Session = request.state.session
    portal.sessions.drop(old.token)
    request.state.session = portal.sessions.create(portal.clock.now())


def safe_next(value: str | None, default: str) -> str:
    """Only same-site paths: `next` must never send a user to another host."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return default
