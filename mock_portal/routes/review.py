"""审核工作台: the reviewer's login, the case list and the per-case decisions."""

from __future__ import annotations

from datetime import timedelta

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from mock_portal import cases
from mock_portal.accounts import dummy_hash, password_matches
from mock_portal.cases import TransitionRefused
from mock_portal.clock import iso, parse_iso, shown
from mock_portal.formdef import ITEMS, LABELS, MAX_OPINION_CHARS, SERVICE_NAME, Status
from mock_portal.masking import mask_id
from mock_portal.routes.auth import LOCK_MINUTES, LOCKED, MAX_FAILURES, WRONG
from mock_portal.routes.mycases import STATUS_TONE
from mock_portal.security import guarded, not_found, safe_next, start_login
from mock_portal.uploads import size_text
from mock_portal.web import MaterialView, portal_of, render

TITLE = "审核工作台"


def _crumbs(last: str | None = None) -> list[tuple[str, str | None]]:
    crumbs: list[tuple[str, str | None]] = [("首页", "/"), (TITLE, "/review" if last else None)]
    if last:
        crumbs.append((last, None))
    return crumbs


@guarded()
async def login_page(request: Request) -> Response:
    return render(
        request,
        "review_login.html",
        breadcrumb=_crumbs(),
        error="",
        username="",
        next=safe_next(request.query_params.get("next"), "/review"),
    )


@guarded()
async def login_submit(request: Request) -> Response:
    """The reviewer's login, locked after MAX_FAILURES wrong passwords as an applicant's is."""
    portal = portal_of(request)
    form = await request.form()
    username = str(form.get("username", "")).strip()
    now = portal.clock.now()
    row = portal.db.one("SELECT * FROM reviewers WHERE username = ?", (username,))
    # an unknown name costs the same hashing as a known one
    matches = password_matches(
        str(form.get("password", "")), row["password_hash"] if row else dummy_hash()
    )
    error = ""
    if row is not None and row["locked_until"] and parse_iso(row["locked_until"]) > now:
        error = LOCKED
    elif row is None or not matches:
        error = WRONG
        if row is not None:
            failures = int(row["failed_logins"]) + 1
            locked = (
                iso(now + timedelta(minutes=LOCK_MINUTES)) if failures >= MAX_FAILURES else None
            )
            portal.db.run(
                "UPDATE reviewers SET failed_logins = ?, locked_until = ? WHERE username = ?",
                (0 if locked else failures, locked, username),
            )
            error = LOCKED if locked else WRONG
    if error:
        return render(
            request,
            "review_login.html",
            status=400,
            breadcrumb=_crumbs(),
            error=error,
            username=username,
            next="/review",
        )
    portal.db.run(
        "UPDATE reviewers SET failed_logins = 0, locked_until = NULL WHERE username = ?",
        (username,),
    )
    start_login(request, "reviewer", username)
    return RedirectResponse(safe_next(str(form.get("next", "")), "/review"), 303)


@guarded(auth="reviewer")
async def case_list(request: Request) -> Response:
    portal = portal_of(request)
    cases.apply_auto_review(portal)
    status = request.query_params.get("status", "")
    sql = "SELECT c.*, z.name FROM cases c JOIN citizens z ON z.id_number = c.id_number WHERE c.status != ?"
    params: list[str] = [Status.DRAFT]
    if status in {s.value for s in Status}:
        sql += " AND c.status = ?"
        params.append(status)
    rows = portal.db.all(sql + " ORDER BY c.seq DESC LIMIT 200", params)
    return render(
        request,
        "review_list.html",
        breadcrumb=_crumbs(),
        status_filter=status,
        statuses=[s.value for s in Status if s != Status.DRAFT],
        rows=[
            {
                "case_no": r["case_no"],
                "applicant": r["name"],
                "id_number": mask_id(r["id_number"]),
                "submitted": shown(r["submitted_at"]),
                "status": r["status"],
                "tone": STATUS_TONE.get(Status(r["status"]), "info"),
            }
            for r in rows
        ],
    )


def _case_page(request: Request, case: cases.Case, error: str = "", status: int = 200) -> Response:
    portal = portal_of(request)
    name = portal.db.one("SELECT name FROM citizens WHERE id_number = ?", (case.id_number,))
    materials = [
        (
            ITEMS[item],
            MaterialView(m["file_name"], size_text(m["size"]), f"/materials/{m['token']}/thumb"),
            f"/materials/{m['token']}",
        )
        for item, m in sorted(
            cases.materials_of(portal, case.case_no).items(),
            key=lambda kv: list(ITEMS).index(kv[0]),
        )
    ]
    st = Status(case.status)
    return render(
        request,
        "review_case.html",
        status=status,
        breadcrumb=_crumbs(case.case_no),
        case=case,
        service=SERVICE_NAME,
        applicant=name["name"] if name else "",
        tone=STATUS_TONE.get(st, "info"),
        fields=[(LABELS[k], case.fields[k]) for k in LABELS if case.fields.get(k)],
        materials=materials,
        actions=cases.console_actions(st),
        return_choices=[(f"return_{key}", f"补正：{label}") for key, label in ITEMS.items()],
        amount=case.amount_text,
        error=error,
        history=[
            (
                shown(h["at"]),
                h["to_status"],
                cases.ACTOR_NAMES.get(h["actor"], h["actor"]),
                h["opinion"],
            )
            for h in cases.history(portal, case.case_no)
        ],
    )


@guarded(auth="reviewer")
async def case_page(request: Request) -> Response:
    """Opening a 待审核 case puts it 审核中: someone is looking at it."""
    portal = portal_of(request)
    cases.apply_auto_review(portal)
    case = cases.get_case(portal, request.path_params["case_no"])
    if case is None or case.status == Status.DRAFT:
        return not_found()
    if case.status == Status.SUBMITTED:
        case = cases.review(portal, case.case_no, "start", "", request.state.session.subject)
    return _case_page(request, case)


@guarded(auth="reviewer")
async def decide(request: Request) -> Response:
    portal = portal_of(request)
    case = cases.get_case(portal, request.path_params["case_no"])
    if case is None or case.status == Status.DRAFT:
        return not_found()
    form = await request.form()
    decision = str(form.get("decision", ""))
    opinion = str(form.get("opinion", "")).strip()
    if decision in ("reject", "return") and not opinion:
        return _case_page(request, case, error="请填写审核意见", status=400)
    if len(opinion) > MAX_OPINION_CHARS:
        return _case_page(
            request, case, error=f"审核意见不能超过{MAX_OPINION_CHARS}个字", status=400
        )
    items = [key for key in ITEMS if form.get(f"return_{key}") == "on"]
    try:
        cases.review(
            portal, case.case_no, decision, opinion, request.state.session.subject, items=items
        )
    except TransitionRefused as exc:
        return _case_page(request, case, error=str(exc), status=409)
    return RedirectResponse(f"/review/cases/{case.case_no}", 303)


routes = [
    Route("/review/login", login_page, methods=["GET"]),
    Route("/review/login", login_submit, methods=["POST"]),
    Route("/review", case_list, methods=["GET"]),
    Route("/review/cases/{case_no}", case_page, methods=["GET"]),
    Route("/review/cases/{case_no}", decide, methods=["POST"]),
]
