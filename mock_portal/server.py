"""Running the mock portal with uvicorn: in the foreground (`serve`) or in a background thread."""

from __future__ import annotations

import logging
import socket
import sys
import threading
from dataclasses import dataclass

import uvicorn
from starlette.applications import Starlette
from starlette.types import ASGIApp

from mock_portal.app import ByPort, create_app
from mock_portal.settings import PortalSettings
from mock_portal.state import Portal


def _sites(app: Starlette, settings: PortalSettings) -> tuple[ASGIApp, list[socket.socket]]:
    """The app to serve and its extra sockets: with `--sso`, the 统一身份认证 site on a port of its own."""
    if not settings.sso:
        return app, []
    sso_sock = _bind(settings.host, 0)
    sso_port = sso_sock.getsockname()[1]
    app.state.portal.sso_url = url_for(settings.host, sso_port)
    return ByPort(app, app.state.sso_app, sso_port), [sso_sock]


def _config(app: ASGIApp, settings: PortalSettings, sock_port: int) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        host=settings.host,
        port=sock_port,
        log_config=None,
        access_log=False,  # our own access log masks personal numbers
        proxy_headers=False,
        lifespan="off",
        timeout_graceful_shutdown=2,
    )


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto must say TCP: asyncio only sets TCP_NODELAY on accepted sockets whose proto is
    # IPPROTO_TCP, and without it every response waits ~40 ms on delayed ACKs.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def url_for(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def serve(settings: PortalSettings) -> None:
    """Serves until interrupted; prints the URL (so that --port 0 tells which port it got)."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(name)s %(message)s", stream=sys.stderr
    )
    app = create_app(settings)
    sock = _bind(settings.host, settings.port)
    port = sock.getsockname()[1]
    served, extra = _sites(app, settings)
    print(f"模拟门户已启动 mock portal listening on {url_for(settings.host, port)}", flush=True)
    if extra:
        print(f"统一身份认证平台 SSO site on {app.state.portal.sso_url}", flush=True)
    print(
        "演示账号 demo applicant: 310101199203154321 / Passw0rd!   审核员 reviewer: reviewer / Review123! "
        f"({url_for(settings.host, port)}/review)",
        flush=True,
    )
    server = uvicorn.Server(_config(served, settings, port))
    try:
        server.run(sockets=[sock, *extra])
    finally:
        app.state.portal.close()


@dataclass
class PortalServer:
    """A portal serving in a background thread: `.url`, `.portal` (its state) and `.stop()`."""

    url: str
    app: Starlette
    server: uvicorn.Server
    thread: threading.Thread

    @property
    def sso_url(self) -> str | None:
        """The 统一身份认证 site's address when started with `sso`."""
        return self.portal.sso_url

    @property
    def portal(self) -> Portal:
        portal: Portal = self.app.state.portal
        return portal

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.portal.close()

    def __enter__(self) -> PortalServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_in_thread(settings: PortalSettings | None = None) -> PortalServer:
    """Starts a portal on a free loopback port (unless `settings.port` names one) and waits until it listens."""
    settings = settings or PortalSettings(port=0)
    app = create_app(settings)
    sock = _bind(settings.host, settings.port)
    port = sock.getsockname()[1]
    served, extra = _sites(app, settings)
    server = uvicorn.Server(_config(served, settings, port))
    thread = threading.Thread(
        target=server.run,
        kwargs={"sockets": [sock, *extra]},
        name=f"mock-portal-{port}",
        daemon=True,
    )
    thread.start()
    poll = threading.Event()  # never set: its wait() is an interruptible poll on server.started
    while not server.started and thread.is_alive():
        poll.wait(0.005)
    if not server.started:
        raise RuntimeError("the mock portal did not start")
    return PortalServer(url_for(settings.host, port), app, server, thread)
