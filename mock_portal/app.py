"""The mock portal's ASGI app: `create_app(settings)`."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mock_portal.faults import FaultMiddleware
from mock_portal.limits import FormBodyLimit
from mock_portal.masking import install_log_masking
from mock_portal.routes import apply, auth, mock_api, mycases, review, services
from mock_portal.settings import PortalSettings
from mock_portal.state import Portal
from mock_portal.traffic import TrafficLog

STATIC = Path(__file__).parent / "static"
log = logging.getLogger("mock_portal")


class AccessLog:
    """One line per request on the `mock_portal` logger (masked by its filter)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            query = scope.get("query_string", b"").decode("latin-1")
            path = scope["path"] + (f"?{query}" if query else "")
            log.info(
                "%s %s %s %.1fms",
                scope["method"],
                path,
                status,
                (time.perf_counter() - started) * 1000,
            )


async def _not_found(request: object, exc: Exception) -> Response:
    return Response("404 Not Found: 页面不存在或无权访问", status_code=404)


def create_app(settings: PortalSettings | None = None) -> Starlette:
    """A fresh portal with its own database and data folder."""
    settings = settings or PortalSettings()
    install_log_masking()
    portal = Portal(settings)
    routes = [
        *auth.routes,
        *services.routes,
        *apply.routes,
        *mycases.routes,
        *review.routes,
        *mock_api.routes,
        Mount("/static", app=StaticFiles(directory=str(STATIC)), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={404: _not_found})
    app.state.portal = portal
    app.add_middleware(FaultMiddleware, state=portal.faults)
    app.add_middleware(FormBodyLimit)
    if settings.access_log:
        app.add_middleware(AccessLog)
    app.add_middleware(TrafficLog, traffic=portal.traffic)
    if settings.sso:
        from mock_portal.routes.sso import create_sso_app

        sso_app = create_sso_app(portal)
        if settings.access_log:
            sso_app.add_middleware(AccessLog)
        app.state.sso_app = sso_app
    return app


class ByPort:
    """One process, two sites: requests that arrived on `sso_port` go to the 统一身份认证 app."""

    def __init__(self, portal_app: ASGIApp, sso_app: ASGIApp, sso_port: int) -> None:
        self.portal_app = portal_app
        self.sso_app = sso_app
        self.sso_port = sso_port

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        server = scope.get("server") or ("", 0)
        target = self.sso_app if server[1] == self.sso_port else self.portal_app
        await target(scope, receive, send)
