"""Login (password, optionally with an SMS code and an image captcha, or a QR code scanned in the
app, or through the 统一身份认证 site), logout, and the lockout after 5 failures."""

from __future__ import annotations

import logging
import re
import sqlite3
from datetime import timedelta
from typing import TYPE_CHECKING
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from mock_portal.accounts import dummy_hash, password_matches
from mock_portal.clock import iso, parse_iso
from mock_portal.humans import captcha_png, qr_png
from mock_portal.masking import mask_phone
from mock_portal.security import TIMEOUT_MESSAGE, end_login, guarded, safe_next, start_login
from mock_portal.web import portal_of, render

if TYPE_CHECKING:
    from mock_portal.state import Portal

log = logging.getLogger("mock_portal")

WRONG = "用户名或密码错误"
WRONG_CODE = "验证码错误或已过期"
WRONG_CAPTCHA = "图形验证码错误"
BAD_TICKET = "登录凭证无效或已使用，请重新登录"
LOCKED = "账户已锁定，请30分钟后再试"
MAX_FAILURES = 5
LOCK_MINUTES = 30
CODE_VALID_MINUTES = 5
PHONE_SHAPE = re.compile(r"1\d{10}")
ID_SHAPE = re.compile(r"\d{17}[\dX]")


@guarded()
async def root(request: Request) -> Response:
    kind = request.state.session.kind
    target = "/review" if kind == "reviewer" else "/services" if kind == "citizen" else "/login"
    return RedirectResponse(target, 303)


def _login_page(
    request: Request,
    *,
    error: str = "",
    flash: str | None = None,
    username: str = "",
    status: int = 200,
) -> Response:
    portal = portal_of(request)
    expired = request.query_params.get("expired") == "1"
    next_path = safe_next(request.query_params.get("next"), "/services")
    # every showing of the form gets a new captcha and a new QR code: a refused answer too
    captcha = portal.humans.new_captcha() if portal.faults.current.captcha else None
    qr = portal.humans.new_qr()
    return render(
        request,
        "login.html",
        status=status,
        breadcrumb=[("首页", "/"), ("用户登录", None)],
        flash=flash or (TIMEOUT_MESSAGE if expired else None),
        error=error,
        username=username,
        sms_login=portal.faults.current.sms_login,
        captcha_id=captcha.id if captcha else None,
        qr_token=qr.token,
        qr_done=f"/login/qr/{qr.token}/done?next={quote(next_path, safe='/')}",
        refresh_url=f"/login?next={quote(next_path, safe='/')}",
        next=next_path,
    )


@guarded()
async def login_page(request: Request) -> Response:
    if request.state.session.kind == "citizen":
        return RedirectResponse("/services", 303)
    portal = portal_of(request)
    if portal.sso_url:
        next_path = safe_next(request.query_params.get("next"), "/services")
        service = f"{request.base_url}sso/callback?next={quote(next_path, safe='/')}"
        return RedirectResponse(
            f"{portal.sso_url}/cas/login?service={quote(service, safe='')}", 303
        )
    return _login_page(request)


def _find_accounts(request: Request, username: str) -> list[sqlite3.Row]:
    return find_accounts(portal_of(request), username)


def find_accounts(portal: Portal, username: str) -> list[sqlite3.Row]:
    name = username.strip().upper()
    return portal.db.all(
        "SELECT * FROM citizens WHERE id_number = ? OR phone = ? ORDER BY created_seq DESC",
        (name, name),
    )


@guarded()
async def login_submit(request: Request) -> Response:
    portal = portal_of(request)
    form = await request.form()
    username = str(form.get("username", "")).strip()
    password = str(form.get("password", ""))
    code = str(form.get("sms_code", "")).strip()
    action = str(form.get("action", "login"))
    target = safe_next(str(form.get("next", "")), "/services")
    accounts = _find_accounts(request, username) if username else []
    if action == "send_code":
        return _send_code(request, username, accounts)
    portal.humans.count("login_posts")
    typed_captcha = str(form.get("captcha", ""))
    if portal.faults.current.captcha and not portal.humans.check_captcha(
        str(form.get("captcha_id", "")), typed_captcha
    ):
        log.info("login refused: wrong captcha")
        return _login_page(request, error=WRONG_CAPTCHA, username=username, status=400)
    who, error = authenticate(portal, username, password, code)
    if who is None:
        return _login_page(request, error=error, username=username, status=400)
    start_login(request, "citizen", who)
    return RedirectResponse(target, 303)


def authenticate(portal: Portal, username: str, password: str, code: str) -> tuple[str | None, str]:
    """The citizen's ID number when the password (and SMS code) are right, else the portal's words.

    Shared by the portal's own login form and the 统一身份认证 site: one account, one lockout.
    """
    now = portal.clock.now()
    accounts = find_accounts(portal, username) if username else []
    if not accounts:
        # the same work as for a known account, so that the answer's time tells nothing
        password_matches(password, dummy_hash())
        log.info("login failed for unknown user %s", username)
        return None, WRONG
    account = next((a for a in accounts if password_matches(password, a["password_hash"])), None)
    who = account or accounts[0]
    if who["locked_until"] and parse_iso(who["locked_until"]) > now:
        return None, LOCKED
    error = ""
    if account is None:
        error = WRONG
    elif portal.faults.current.sms_login and not _code_ok(portal, who["phone"], code):
        error = WRONG_CODE
    if error:
        failures = int(who["failed_logins"]) + 1
        locked = iso(now + timedelta(minutes=LOCK_MINUTES)) if failures >= MAX_FAILURES else None
        portal.db.run(
            "UPDATE citizens SET failed_logins = ?, locked_until = ? WHERE id_number = ?",
            (0 if locked else failures, locked, who["id_number"]),
        )
        log.info("login failed for %s (%d in a row)", who["id_number"], failures)
        return None, LOCKED if locked else error
    portal.db.run(
        "UPDATE citizens SET failed_logins = 0, locked_until = NULL WHERE id_number = ?",
        (who["id_number"],),
    )
    if portal.faults.current.sms_login:
        portal.sms.used(who["phone"])
    portal.humans.count("logins")
    log.info("login ok for %s", who["id_number"])
    return str(who["id_number"]), ""


def _send_code(request: Request, username: str, accounts: list[sqlite3.Row]) -> Response:
    """获取验证码: the same answer whether the account exists and whether SMS login is on.

    Only the shape of what was typed is judged; a code is sent only to a known account while
    SMS login is on, and the page never says which of these it was.
    """
    portal = portal_of(request)
    typed = username.strip().upper()
    is_phone = PHONE_SHAPE.fullmatch(typed) is not None
    if not is_phone and ID_SHAPE.fullmatch(typed) is None:
        return _login_page(
            request, error="请先填写正确的证件号码/手机号", username=username, status=400
        )
    if accounts and portal.faults.current.sms_login:
        phone = accounts[0]["phone"]
        # in memory only: a code never reaches the portal's database
        portal.sms.send(phone, portal.faults.random_digits(6), portal.clock.now())
        log.info("sms code sent to %s", phone)
    where = mask_phone(typed) if is_phone else "该账号绑定的手机"
    return _login_page(request, flash=f"验证码已发送至{where}，5分钟内有效", username=username)


def _code_ok(portal: Portal, phone: str, code: str) -> bool:
    sent = portal.sms.last(phone)
    if sent is None or not code or sent.code != code:
        return False
    age = portal.clock.now() - sent.sent_at
    return age <= timedelta(minutes=CODE_VALID_MINUTES)


@guarded()
async def logout(request: Request) -> Response:
    kind = request.state.session.kind
    end_login(request)
    return RedirectResponse("/review/login" if kind == "reviewer" else "/login", 303)


NO_STORE = {"Cache-Control": "no-store"}


async def captcha_image(request: Request) -> Response:
    """The captcha's picture; its address names the captcha, never its answer."""
    captcha = portal_of(request).humans.captcha(request.path_params["captcha_id"])
    if captcha is None:
        return Response(status_code=404)
    return Response(captcha_png(captcha.answer), media_type="image/png", headers=NO_STORE)


async def qr_image(request: Request) -> Response:
    qr = portal_of(request).humans.qr(request.path_params["token"])
    if qr is None:
        return Response(status_code=404)
    return Response(qr_png(qr.token), media_type="image/png", headers=NO_STORE)


async def qr_state(request: Request) -> Response:
    """What the QR panel polls: whether the app approved the login yet."""
    qr = portal_of(request).humans.qr(request.path_params["token"])
    if qr is None:
        return JSONResponse({"state": "expired"}, headers=NO_STORE)
    return JSONResponse({"state": "approved" if qr.approved_by else "waiting"}, headers=NO_STORE)


@guarded()
async def qr_done(request: Request) -> Response:
    """The QR panel lands here once the app approved: the login of the citizen who approved."""
    portal = portal_of(request)
    who = portal.humans.take_qr(request.path_params["token"])
    target = safe_next(request.query_params.get("next"), "/services")
    if who is None:
        return RedirectResponse(f"/login?next={quote(target, safe='/')}", 303)
    portal.humans.count("logins")
    start_login(request, "citizen", who)
    return RedirectResponse(target, 303)


@guarded()
async def sso_callback(request: Request) -> Response:
    """The 统一身份认证 site sends the browser back here with a one-time ticket."""
    portal = portal_of(request)
    who = portal.humans.take_ticket(request.query_params.get("ticket", ""))
    if who is None:
        log.info("sso ticket refused")
        return render(
            request,
            "ticket_refused.html",
            status=400,
            breadcrumb=[("首页", "/"), ("用户登录", None)],
            error=BAD_TICKET,
        )
    start_login(request, "citizen", who)
    return RedirectResponse(safe_next(request.query_params.get("next"), "/services"), 303)


routes = [
    Route("/", root),
    Route("/login", login_page, methods=["GET"]),
    Route("/login", login_submit, methods=["POST"]),
    Route("/login/captcha/{captcha_id}.png", captcha_image, methods=["GET"]),
    Route("/login/qr/{token}.png", qr_image, methods=["GET"]),
    Route("/login/qr/{token}/state", qr_state, methods=["GET"]),
    Route("/login/qr/{token}/done", qr_done, methods=["GET"]),
    Route("/sso/callback", sso_callback, methods=["GET"]),
    Route("/logout", logout, methods=["POST"]),
]
