"""Login (password, optionally with an SMS code), logout, and the lockout after 5 failures."""

from __future__ import annotations

import logging
import re
import sqlite3
from datetime import timedelta

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from mock_portal.accounts import dummy_hash, password_matches
from mock_portal.clock import iso, parse_iso
from mock_portal.masking import mask_phone
from mock_portal.security import TIMEOUT_MESSAGE, end_login, guarded, safe_next, start_login
from mock_portal.web import portal_of, render

log = logging.getLogger("mock_portal")

WRONG = "用户名或密码错误"
WRONG_CODE = "验证码错误或已过期"
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
    return render(
        request,
        "login.html",
        status=status,
        breadcrumb=[("首页", "/"), ("用户登录", None)],
        flash=flash or (TIMEOUT_MESSAGE if expired else None),
        error=error,
        username=username,
        sms_login=portal.faults.current.sms_login,
        next=safe_next(request.query_params.get("next"), "/services"),
    )


@guarded()
async def login_page(request: Request) -> Response:
    if request.state.session.kind == "citizen":
        return RedirectResponse("/services", 303)
    return _login_page(request)


def _find_accounts(request: Request, username: str) -> list[sqlite3.Row]:
    portal = portal_of(request)
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
    now = portal.clock.now()
    accounts = _find_accounts(request, username) if username else []
    if action == "send_code":
        return _send_code(request, username, accounts)
    if not accounts:
        # the same work as for a known account, so that the answer's time tells nothing
        password_matches(password, dummy_hash())
        log.info("login failed for unknown user %s", username)
        return _login_page(request, error=WRONG, username=username, status=400)
    account = next((a for a in accounts if password_matches(password, a["password_hash"])), None)
    who = account or accounts[0]
    if who["locked_until"] and parse_iso(who["locked_until"]) > now:
        return _login_page(request, error=LOCKED, username=username, status=400)
    error = ""
    if account is None:
        error = WRONG
    elif portal.faults.current.sms_login and not _code_ok(request, who["phone"], code):
        error = WRONG_CODE
    if error:
        failures = int(who["failed_logins"]) + 1
        locked = iso(now + timedelta(minutes=LOCK_MINUTES)) if failures >= MAX_FAILURES else None
        portal.db.run(
            "UPDATE citizens SET failed_logins = ?, locked_until = ? WHERE id_number = ?",
            (0 if locked else failures, locked, who["id_number"]),
        )
        log.info("login failed for %s (%d in a row)", who["id_number"], failures)
        return _login_page(
            request, error=LOCKED if locked else error, username=username, status=400
        )
    portal.db.run(
        "UPDATE citizens SET failed_logins = 0, locked_until = NULL WHERE id_number = ?",
        (who["id_number"],),
    )
    if portal.faults.current.sms_login:
        portal.sms.used(who["phone"])
    start_login(request, "citizen", who["id_number"])
    log.info("login ok for %s", who["id_number"])
    return RedirectResponse(target, 303)


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


def _code_ok(request: Request, phone: str, code: str) -> bool:
    portal = portal_of(request)
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


routes = [
    Route("/", root),
    Route("/login", login_page, methods=["GET"]),
    Route("/login", login_submit, methods=["POST"]),
    Route("/logout", logout, methods=["POST"]),
]
