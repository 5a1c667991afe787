"""The 统一身份认证 site (`--sso`): another origin (a port of its own) where citizens log in.

The portal's login page sends the browser here with `service` (where to come back); a good
login sends it back with a one-time ticket (`ST-...`) that the portal exchanges for a session
of its own (`/sso/callback`). The SSO site keeps no session: its form carries a one-time form
token instead, and the captcha (fault `captcha`) and the QR panel are the portal's own kind.
"""

from __future__ import annotations

import logging
from urllib.parse import quote, urlencode, urlsplit

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from mock_portal.routes.auth import (
    NO_STORE,
    WRONG_CAPTCHA,
    authenticate,
    captcha_image,
    qr_image,
    qr_state,
)
from mock_portal.state import Portal
from mock_portal.web import portal_of, templates

log = logging.getLogger("mock_portal")

HEADING = "统一身份认证平台"
BAD_SERVICE = "未知的业务系统地址"
SERVICE_PATH = "/sso/callback"


def _service(value: str | None) -> str | None:
    """Only the portal's callback may receive a ticket (http(s), the callback's path)."""
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path != SERVICE_PATH:
        return None
    return value


def _with_ticket(service: str, ticket: str) -> str:
    joiner = "&" if "?" in service else "?"
    return f"{service}{joiner}{urlencode({'ticket': ticket})}"


def _page(
    request: Request, service: str, *, error: str = "", username: str = "", status: int = 200
) -> Response:
    portal = portal_of(request)
    captcha = portal.humans.new_captcha() if portal.faults.current.captcha else None
    qr = portal.humans.new_qr()
    response = templates.TemplateResponse(
        request,
        "pages/sso_login.html",
        {
            "heading": HEADING,
            "error": error,
            "username": username,
            "service": service,
            "form_token": portal.humans.new_form_token(),
            "captcha_id": captcha.id if captcha else None,
            "qr_token": qr.token,
            "qr_done": f"/cas/qr/{qr.token}/done?service={quote(service, safe='')}",
            "refresh_url": f"/cas/login?service={quote(service, safe='')}",
        },
        status_code=status,
    )
    response.headers.update(NO_STORE)
    return response


def _refused(request: Request, message: str) -> Response:
    return templates.TemplateResponse(
        request,
        "pages/sso_login.html",
        {"heading": HEADING, "error": message, "service": None},
        status_code=400,
    )


async def login_page(request: Request) -> Response:
    service = _service(request.query_params.get("service"))
    if service is None:
        return _refused(request, BAD_SERVICE)
    return _page(request, service)


async def login_submit(request: Request) -> Response:
    portal = portal_of(request)
    form = await request.form()
    service = _service(str(form.get("service", "")))
    if service is None:
        return _refused(request, BAD_SERVICE)
    if not portal.humans.take_form_token(str(form.get("lt", ""))):
        return Response("403 Forbidden: 表单已失效，请刷新页面后重试", status_code=403)
    portal.humans.count("sso_login_posts")
    username = str(form.get("username", "")).strip()
    if portal.faults.current.captcha and not portal.humans.check_captcha(
        str(form.get("captcha_id", "")), str(form.get("captcha", ""))
    ):
        return _page(request, service, error=WRONG_CAPTCHA, username=username, status=400)
    who, error = authenticate(portal, username, str(form.get("password", "")), "")
    if who is None:
        return _page(request, service, error=error, username=username, status=400)
    return RedirectResponse(_with_ticket(service, portal.humans.new_ticket(who)), 303)


async def qr_done(request: Request) -> Response:
    portal = portal_of(request)
    service = _service(request.query_params.get("service"))
    if service is None:
        return _refused(request, BAD_SERVICE)
    who = portal.humans.take_qr(request.path_params["token"])
    if who is None:
        return RedirectResponse(f"/cas/login?service={quote(service, safe='')}", 303)
    portal.humans.count("logins")
    return RedirectResponse(_with_ticket(service, portal.humans.new_ticket(who)), 303)


def create_sso_app(portal: Portal) -> Starlette:
    """The SSO site of `portal`: same accounts, captchas and QR codes, served on its own port."""
    app = Starlette(
        routes=[
            Route("/cas/login", login_page, methods=["GET"]),
            Route("/cas/login", login_submit, methods=["POST"]),
            Route("/cas/captcha/{captcha_id}.png", captcha_image, methods=["GET"]),
            Route("/cas/qr/{token}.png", qr_image, methods=["GET"]),
            Route("/cas/qr/{token}/state", qr_state, methods=["GET"]),
            Route("/cas/qr/{token}/done", qr_done, methods=["GET"]),
        ]
    )
    app.state.portal = portal
    return app
