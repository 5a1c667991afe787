"""我的办件 (newest first, 10 a page) and 办件详情 with 补正材料 / 重新提交 for returned cases."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from mock_portal import cases
from mock_portal.cases import TransitionRefused
from mock_portal.clock import shown
from mock_portal.formdef import ITEMS, LABELS, SERVICE_NAME, Status
from mock_portal.routes.apply import GATEWAY_TIMEOUT, material_views, upload_urls
from mock_portal.security import guarded, not_found
from mock_portal.web import portal_of, render

STATUS_TONE = {
    Status.DRAFT: "info",
    Status.SUBMITTED: "warning",
    Status.IN_REVIEW: "primary",
    Status.APPROVED: "success",
    Status.PAID: "success",
    Status.REJECTED: "danger",
    Status.RETURNED: "danger",
}


@guarded(auth="citizen")
async def my_cases(request: Request) -> Response:
    try:
        page = int(request.query_params.get("page", "1"))
    except ValueError:
        page = 1
    rows, pages = cases.list_cases(portal_of(request), request.state.session.subject, page)
    page = min(max(1, page), pages)
    return render(
        request,
        "cases.html",
        breadcrumb=[("首页", "/"), ("我的办件", None)],
        rows=[
            {
                "case_no": c.case_no,
                "service": SERVICE_NAME,
                "submitted": shown(c.submitted_at),
                "status": c.status,
                "tone": STATUS_TONE.get(Status(c.status), "info"),
                "url": f"/apply/{c.case_no}" if c.status == Status.DRAFT else f"/cases/{c.case_no}",
            }
            for c in rows
        ],
        page=page,
        pages=pages,
    )


def _detail(
    request: Request, case: cases.Case, error: str = "", flash: str | None = None
) -> Response:
    portal = portal_of(request)
    values = {**cases.readonly_values(portal, case.id_number), **case.fields}
    status = Status(case.status)
    shows_amount = status in (Status.APPROVED, Status.PAID)
    returned = status == Status.RETURNED
    named = case.return_items or list(ITEMS)
    # a named item still showing its old file says so beside it, until it is uploaded again
    pending = set(cases.missing_corrections(portal, case)) if returned else set()
    items = [
        (
            item,
            ITEMS[item],
            *upload_urls(case.case_no, item),
            f"请重新上传{ITEMS[item]}" if ITEMS[item] in pending else "",
        )
        for item in ITEMS
        if item in named
    ]
    return render(
        request,
        "case_detail.html",
        breadcrumb=[("首页", "/"), ("我的办件", "/cases"), ("办件详情", None)],
        flash=flash,
        case=case,
        service=SERVICE_NAME,
        tone=STATUS_TONE.get(status, "info"),
        submitted=shown(case.submitted_at),
        opinion=case.opinion
        if status in (Status.APPROVED, Status.PAID, Status.REJECTED, Status.RETURNED)
        else "",
        amount=case.amount_text if shows_amount else "",
        paid_at=shown(case.paid_at) if status == Status.PAID else "",
        fields=[(LABELS[k], values[k]) for k in LABELS if k in values and values[k] != ""],
        materials=material_views(request, case.case_no),
        items=items,
        returned=returned,
        error=error,
        history=[
            (shown(h["at"]), h["to_status"], h["opinion"])
            for h in cases.history(portal, case.case_no)
        ],
    )


@guarded(auth="citizen")
async def detail(request: Request) -> Response:
    portal = portal_of(request)
    cases.apply_auto_review(portal)
    case = cases.get_case(portal, request.path_params["case_no"], request.state.session.subject)
    if case is None:
        return not_found()
    return _detail(request, case)


@guarded(auth="citizen")
async def resubmit(request: Request) -> Response:
    portal = portal_of(request)
    case = cases.get_case(portal, request.path_params["case_no"], request.state.session.subject)
    if case is None:
        return not_found()
    uploaded = cases.uploaded_items(portal, case.case_no)
    missing = [label for item, label in ITEMS.items() if item not in uploaded]
    if missing:
        return _detail(request, case, error="；".join(f"请上传{label}" for label in missing))
    try:
        cases.resubmit(portal, case)
    except TransitionRefused as exc:
        return _detail(request, case, error=str(exc))
    # `submit_drop` covers both submissions of a case: the case is 待审核 again, the answer is lost
    if portal.faults.take_submit_drop():
        return HTMLResponse(GATEWAY_TIMEOUT, status_code=504)
    return RedirectResponse(f"/cases/{case.case_no}", 303)


routes = [
    Route("/cases", my_cases, methods=["GET"]),
    Route("/cases/{case_no}", detail, methods=["GET"]),
    Route("/cases/{case_no}/resubmit", resubmit, methods=["POST"]),
]
