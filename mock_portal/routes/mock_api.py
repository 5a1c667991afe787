"""The /__mock__ test-control API (JSON, loopback clients only): reset, citizens, clock, faults, review.

A browser on the same machine is a loopback client too, and any page it shows may send a
no-cors POST here. So a request must also not come from another web origin (an `Origin` that is
not the portal's own, or `Sec-Fetch-Site` other than same-origin/none: 403), and a body must be
`application/json` (415), which a page cannot send to another origin without a CORS preflight
that the mock never grants. A POST without a body (`/__mock__/reset`) needs no content type.
"""

from __future__ import annotations

import itertools
import json
from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from mock_portal import cases
from mock_portal.accounts import CitizenIn, provision
from mock_portal.cases import TransitionRefused
from mock_portal.clock import iso
from mock_portal.faults import FaultsIn
from mock_portal.formdef import ITEMS, MAX_OPINION_CHARS
from mock_portal.state import ReviewPolicy
from mock_portal.web import portal_of

LOOPBACK = {"127.0.0.1", "::1", "localhost"}
#: the largest control body (a citizen with many certificates is a few KB)
MAX_BODY_BYTES = 1024 * 1024
#: Sec-Fetch-Site values of a request that no other site's page made
_OWN_FETCH_SITES = {"same-origin", "none"}


class ClockIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    now: datetime | None = None
    advance_days: float | None = None
    advance_seconds: float | None = None

    @model_validator(mode="after")
    def _one(self) -> ClockIn:
        given = [v for v in (self.now, self.advance_days, self.advance_seconds) if v is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of now, advance_days, advance_seconds")
        return self


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    mode: Literal["manual", "auto"]
    decision: Literal["approve", "reject", "return"] = "approve"
    reason: str = Field(default="", max_length=MAX_OPINION_CHARS)
    after_seconds: list[int] = Field(
        default_factory=lambda: [60, 300, 600], min_length=2, max_length=3
    )

    @model_validator(mode="after")
    def _ordered(self) -> ReviewIn:
        s = self.after_seconds
        if any(v < 0 for v in s) or any(a > b for a, b in itertools.pairwise(s)):
            raise ValueError("after_seconds must be non-negative and non-decreasing")
        if self.decision == "approve" and len(s) != 3:
            raise ValueError("approve needs three after_seconds: 审核中, 审核通过, 已发放")
        return self


class CaseReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    decision: Literal["approve", "reject", "return", "pay", "start"]
    reason: str = Field(default="", max_length=MAX_OPINION_CHARS)
    #: for "return": the upload items (labels) to correct; default: those the reason names, else all
    items: list[str] | None = None

    @model_validator(mode="after")
    def _items(self) -> CaseReviewIn:
        unknown = [i for i in self.items or [] if i not in ITEMS.values()]
        if unknown:
            raise ValueError(
                f"unknown items {unknown}; use the portal's labels: {list(ITEMS.values())}"
            )
        return self


def _loopback(request: Request) -> bool:
    host = request.client.host if request.client else ""
    return host in LOOPBACK or host.startswith("127.")


def _error(status: int, detail: Any) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status)


async def _read_capped(request: Request) -> bytes | None:
    """The body, or None once it passes MAX_BODY_BYTES (the rest is never read)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > MAX_BODY_BYTES:
            return None
    return bytes(body)


async def _body(request: Request, model: type[BaseModel]) -> BaseModel | JSONResponse:
    raw = await _read_capped(request)
    if raw is None:
        return _error(413, f"body over {MAX_BODY_BYTES} bytes")
    try:
        data = json.loads(raw or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return _error(422, f"body is not JSON: {exc}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        return _error(422, json.loads(exc.json(include_url=False, include_input=False)))


def _foreign_origin(request: Request) -> str | None:
    """Why the request looks made by another site's page, or None when it does not."""
    origin = request.headers.get("origin")
    own = f"{request.url.scheme}://{request.headers.get('host', '')}"
    if origin is not None and origin.rstrip("/").lower() != own.lower():
        return f"Origin {origin!r} is not this portal's own ({own})"
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site.lower() not in _OWN_FETCH_SITES:
        return f"Sec-Fetch-Site is {fetch_site!r}: only the portal's own pages or a non-browser client may call"
    return None


def _content_type_refused(request: Request) -> str | None:
    """Why a POST's body is refused for its type: JSON only; no body needs no type."""
    ctype = request.headers.get("content-type")
    if ctype is None:
        has_body = request.headers.get("content-length", "0") != "0" or (
            "transfer-encoding" in request.headers
        )
        return "a body needs Content-Type: application/json" if has_body else None
    if ctype.split(";", 1)[0].strip().lower() != "application/json":
        return f"Content-Type {ctype!r} refused: send application/json"
    return None


def control(fn: Any) -> Any:
    """Only loopback clients may drive the mock, never another site's page; JSON bodies only."""

    async def endpoint(request: Request) -> Response:
        if not _loopback(request):
            return _error(404, "Not Found")
        foreign = _foreign_origin(request)
        if foreign:
            return _error(403, f"cross-site request refused: {foreign}")
        if request.method == "POST":
            refused = _content_type_refused(request)
            if refused:
                return _error(415, refused)
        response: Response = await fn(request)
        return response

    endpoint.__name__ = fn.__name__
    return endpoint


@control
async def reset(request: Request) -> Response:
    portal_of(request).reset()
    return Response(status_code=204)


@control
async def citizens(request: Request) -> Response:
    body = await _body(request, CitizenIn)
    if isinstance(body, JSONResponse):
        return body
    assert isinstance(body, CitizenIn)
    provision(portal_of(request).db, body)
    return JSONResponse({"id_number": body.id_number, "name": body.name}, status_code=201)


@control
async def clock(request: Request) -> Response:
    portal = portal_of(request)
    if request.method == "POST":
        body = await _body(request, ClockIn)
        if isinstance(body, JSONResponse):
            return body
        assert isinstance(body, ClockIn)
        if body.now is not None:
            portal.clock.set(body.now)
        elif body.advance_days is not None:
            portal.clock.advance(timedelta(days=body.advance_days))
        elif body.advance_seconds is not None:
            portal.clock.advance(timedelta(seconds=body.advance_seconds))
    return JSONResponse({"now": iso(portal.clock.now())})


@control
async def faults(request: Request) -> Response:
    portal = portal_of(request)
    if request.method == "POST":
        body = await _body(request, FaultsIn)
        if isinstance(body, JSONResponse):
            return body
        assert isinstance(body, FaultsIn)
        portal.faults.update(body)
    return JSONResponse(portal.faults.current.as_json())


@control
async def review_policy(request: Request) -> Response:
    portal = portal_of(request)
    if request.method == "POST":
        body = await _body(request, ReviewIn)
        if isinstance(body, JSONResponse):
            return body
        assert isinstance(body, ReviewIn)
        portal.review = ReviewPolicy(
            body.mode, body.decision, body.reason, tuple(body.after_seconds)
        )
    r = portal.review
    return JSONResponse(
        {
            "mode": r.mode,
            "decision": r.decision,
            "reason": r.reason,
            "after_seconds": list(r.after_seconds),
        }
    )


@control
async def case_review(request: Request) -> Response:
    portal = portal_of(request)
    body = await _body(request, CaseReviewIn)
    if isinstance(body, JSONResponse):
        return body
    assert isinstance(body, CaseReviewIn)
    cases.apply_auto_review(portal)
    try:
        case = cases.review(
            portal,
            request.path_params["case_no"],
            body.decision,
            body.reason,
            "api",
            items=body.items,
        )
    except LookupError:
        return _error(404, "no such case")
    except TransitionRefused as exc:
        return _error(409, str(exc))
    return JSONResponse(
        cases.case_json(portal, case, list(cases.materials_of(portal, case.case_no).values()))
    )


@control
async def case_list(request: Request) -> Response:
    return JSONResponse(cases.all_cases_json(portal_of(request)))


@control
async def sms(request: Request) -> Response:
    phone = request.query_params.get("phone", "")
    sent = portal_of(request).sms.last(phone)
    if sent is None:
        return _error(404, "no code sent to this phone")
    return JSONResponse({"code": sent.code})


class QrApproveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    #: the citizen whose app scans the code
    id_number: str = Field(min_length=1, max_length=32)
    #: the QR code's token (default: the one shown last)
    token: str | None = None


@control
async def captcha(request: Request) -> Response:
    """The answer of a captcha: `?id=` (the form's hidden captcha_id) or the one issued last."""
    humans = portal_of(request).humans
    wanted = request.query_params.get("id")
    found = humans.captcha(wanted) if wanted else humans.latest_captcha()
    if found is None:
        return _error(404, "no such captcha issued")
    return JSONResponse({"id": found.id, "answer": found.answer})


@control
async def qr_approve(request: Request) -> Response:
    """What a person's 随申办 app does after scanning: approves the login as that citizen."""
    portal = portal_of(request)
    body = await _body(request, QrApproveIn)
    if isinstance(body, JSONResponse):
        return body
    assert isinstance(body, QrApproveIn)
    if portal.db.one("SELECT 1 FROM citizens WHERE id_number = ?", (body.id_number,)) is None:
        return _error(422, "no such citizen")
    found = portal.humans.approve_qr(body.token, body.id_number)
    if found is None:
        return _error(404, "no such QR code shown")
    return JSONResponse({"token": found.token, "state": "approved"})


@control
async def stats(request: Request) -> Response:
    """Counters since the last reset: login forms posted (portal, SSO), logins, tickets used."""
    return JSONResponse(dict(portal_of(request).humans.stats))


@control
async def traffic(request: Request) -> Response:
    """Every request since the last reset (not this API's, not static files): when it arrived
    and was answered, method, path, `Sec-Fetch-Dest`, status, and a hash of its session."""
    return JSONResponse(portal_of(request).traffic.hits())


routes = [
    Route("/__mock__/reset", reset, methods=["POST"]),
    Route("/__mock__/citizens", citizens, methods=["POST"]),
    Route("/__mock__/clock", clock, methods=["GET", "POST"]),
    Route("/__mock__/faults", faults, methods=["GET", "POST"]),
    Route("/__mock__/review", review_policy, methods=["GET", "POST"]),
    Route("/__mock__/cases", case_list, methods=["GET"]),
    Route("/__mock__/cases/{case_no}/review", case_review, methods=["POST"]),
    Route("/__mock__/sms", sms, methods=["GET"]),
    Route("/__mock__/captcha", captcha, methods=["GET"]),
    Route("/__mock__/qr/approve", qr_approve, methods=["POST"]),
    Route("/__mock__/stats", stats, methods=["GET"]),
    Route("/__mock__/traffic", traffic, methods=["GET"]),
]
