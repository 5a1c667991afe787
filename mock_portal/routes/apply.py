"""The application: form (查询, 暂存, 下一步), uploads, preview (返回修改, 确认提交) and 提交成功."""

from __future__ import annotations

import logging
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from mock_portal import cases, uploads
from mock_portal.cases import Case, TransitionRefused
from mock_portal.formdef import (
    BANKS,
    CERT_KINDS,
    EMPLOYMENT,
    ITEMS,
    LABELS,
    LEVELS,
    SECTIONS,
    SERVICE_NAME,
    UPLOAD_HINT,
    Status,
    options,
)
from mock_portal.rules import Problem
from mock_portal.security import (
    CSRF_FIELD,
    CSRF_HEADER,
    NOSNIFF,
    csrf_ok,
    forbidden,
    guarded,
    not_found,
)
from mock_portal.web import MaterialView, portal_of, render, render_fragment

log = logging.getLogger("mock_portal")

UPLOAD_FAILED = "上传失败，请重试"
TOO_LARGE = "文件大小超过限制（单个文件不超过1MB）"
BAD_FORMAT = "文件格式不符合要求（仅支持JPG、PNG、PDF格式）"
NO_FILE = "请选择要上传的文件"
IMAGE_TOO_LARGE = (
    f"图片尺寸过大（单张图片不超过{uploads.MAX_IMAGE_PIXELS // 10_000}万像素），请缩小后重新上传"
)
NAME_TOO_LONG = f"文件名过长（不超过{uploads.MAX_NAME_CHARS}个字符），请改名后重新上传"
PROMISE = "本人承诺以上信息真实、准确、完整"
EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)
GATEWAY_TIMEOUT = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>504</title>
</head><body><div>模拟环境 · 仅供测试与培训</div><h1>504 Gateway Time-out</h1></body></html>"""


def breadcrumb() -> list[tuple[str, str | None]]:
    return [
        ("首页", "/"),
        ("个人办事", "/services"),
        (SERVICE_NAME, "/services/skill-subsidy"),
        ("在线申请", None),
    ]


def own_case(request: Request) -> Case | None:
    return cases.get_case(
        portal_of(request), request.path_params["case_no"], request.state.session.subject
    )


def material_views(request: Request, case_no: str) -> dict[str, MaterialView]:
    return {
        item: MaterialView(
            row["file_name"], uploads.size_text(row["size"]), f"/materials/{row['token']}/thumb"
        )
        for item, row in cases.materials_of(portal_of(request), case_no).items()
    }


def upload_urls(case_no: str, item: str) -> tuple[str, str]:
    base = f"/apply/{case_no}/materials/{item}"
    return base, base + "/delete"


def render_form(
    request: Request,
    case: Case,
    problems: list[Problem] | None = None,
    flash: str | None = None,
    status: int = 200,
) -> Response:
    portal = portal_of(request)
    problems = problems or []
    errors: dict[str, str] = {}
    for p in problems:
        if p.field and p.field not in errors:
            errors[p.field] = p.message
    items = [(item, label, *upload_urls(case.case_no, item)) for item, label in ITEMS.items()]
    return render(
        request,
        "form.html",
        status=status,
        breadcrumb=breadcrumb(),
        step=0,
        flash=flash,
        case=case,
        values={**case.fields, **cases.readonly_values(portal, case.id_number)},
        labels=LABELS,
        errors=errors,
        error_list=[p.message for p in problems],
        materials=material_views(request, case.case_no),
        items=items,
        upload_hint=UPLOAD_HINT,
        kind_options=options(CERT_KINDS),
        level_options=options(list(LEVELS.values())),
        employment_options=options(EMPLOYMENT),
        bank_options=options(BANKS),
    )


@guarded(auth="citizen")
async def start(request: Request) -> Response:
    """Opening the form creates the draft (or reopens the newest one)."""
    row = portal_of(request).db.one(
        "SELECT auth_level FROM citizens WHERE id_number = ?", (request.state.session.subject,)
    )
    if row is None or row["auth_level"] != "advanced":
        return RedirectResponse("/services/skill-subsidy", 303)
    case_no = cases.open_draft(portal_of(request), request.state.session.subject)
    return RedirectResponse(f"/apply/{case_no}", 303)


@guarded(auth="citizen")
async def form_page(request: Request) -> Response:
    case = own_case(request)
    if case is None:
        return not_found()
    if case.status != Status.DRAFT:
        return RedirectResponse(f"/cases/{case.case_no}", 303)
    return render_form(request, case)


@guarded(auth="citizen")
async def form_submit(request: Request) -> Response:
    portal = portal_of(request)
    case = own_case(request)
    if case is None:
        return not_found()
    if case.status != Status.DRAFT:
        return RedirectResponse(f"/cases/{case.case_no}", 303)
    form = await request.form()
    posted = {k: str(v) for k, v in form.items() if isinstance(v, str)}
    action = posted.get("action", "save")
    too_long = cases.length_problems(posted)
    if too_long:
        # nothing of this post is kept: a value cut short would be saved as if typed
        return render_form(request, case, too_long, status=400)
    cases.save_fields(portal, case, posted)
    if action == "lookup":
        return _lookup(request, case)
    if action == "next":
        problems = cases.check(portal, case)
        if problems:
            return render_form(request, case, problems)
        return RedirectResponse(f"/apply/{case.case_no}/preview", 303)
    return render_form(request, case, flash="草稿已暂存")


def _lookup(request: Request, case: Case) -> Response:
    """查询: fills the certificate fields from the register."""
    portal = portal_of(request)
    number = case.fields.get("cert_number", "").strip()
    if not number:
        return render_form(request, case, [Problem("cert_number", "请填写证书编号")])
    entry = cases.lookup_certificate(portal, number)
    if entry is None:
        return render_form(
            request,
            case,
            [Problem("cert_number", "证书信息校验失败：证书库中未查询到该证书，请核对证书编号")],
        )
    if entry.id_number != case.id_number:
        return render_form(
            request, case, [Problem("cert_number", "证书信息校验失败：该证书不属于申请人本人")]
        )
    cases.save_fields(
        portal,
        case,
        {
            "cert_number": entry.number,
            "cert_kind": entry.kind,
            "occupation": entry.occupation,
            "level": LEVELS[entry.level],
            "issue_date": entry.issue_date.isoformat(),
            "issuer": entry.issuer,
        },
    )
    return render_form(request, case, flash="已从证书库查询到证书信息并自动填写")


def _mangle(label: str, value: str) -> str:
    """A plausible wrong value: the last digit changed, or another choice, or an extra character."""
    if value and value[-1].isdigit():
        return value[:-1] + str((int(value[-1]) + 1) % 10)
    for choices in (BANKS, EMPLOYMENT, CERT_KINDS, tuple(LEVELS.values())):
        if value in choices:
            return choices[(choices.index(value) + 1) % len(choices)]
    return value + "（变更）"


def preview_rows(request: Request, case: Case) -> list[tuple[str, list[tuple[str, str]]]]:
    portal = portal_of(request)
    values = {**case.fields, **cases.readonly_values(portal, case.id_number)}
    mangled = portal.faults.mangled_label()
    sections = []
    for title, keys in SECTIONS:
        rows = []
        for key in keys:
            if key == "employer" and values.get("employment") != "在职":
                continue
            value = values.get(key, "")
            if mangled == LABELS[key]:
                value = _mangle(LABELS[key], value)
            rows.append((LABELS[key], value))
        sections.append((title, rows))
    return sections


def render_preview(request: Request, case: Case, error: str = "", status: int = 200) -> Response:
    views = material_views(request, case.case_no)
    return render(
        request,
        "preview.html",
        status=status,
        breadcrumb=breadcrumb(),
        step=1,
        case=case,
        sections=preview_rows(request, case),
        materials=[(label, views[item]) for item, label in ITEMS.items() if item in views],
        promise=PROMISE,
        error=error,
    )


@guarded(auth="citizen")
async def preview(request: Request) -> Response:
    case = own_case(request)
    if case is None:
        return not_found()
    if case.status != Status.DRAFT:
        return RedirectResponse(f"/cases/{case.case_no}", 303)
    problems = cases.check(portal_of(request), case)
    if problems:
        return render_form(request, case, problems)
    return render_preview(request, case)


@guarded(auth="citizen")
async def submit(request: Request) -> Response:
    portal = portal_of(request)
    case = own_case(request)
    if case is None:
        return not_found()
    form = await request.form()
    if form.get("action") == "back":
        return RedirectResponse(f"/apply/{case.case_no}", 303)
    if case.status != Status.DRAFT:
        return RedirectResponse(f"/cases/{case.case_no}", 303)
    if form.get("promise") != "on":
        return render_preview(request, case, error=f"请勾选“{PROMISE}”", status=400)
    try:
        problems = cases.submit(portal, case)
    except TransitionRefused:
        return RedirectResponse(f"/cases/{case.case_no}", 303)
    if problems:
        return render_form(request, case, problems)
    log.info("case %s submitted by %s", case.case_no, case.id_number)
    if portal.faults.take_submit_drop():
        return HTMLResponse(GATEWAY_TIMEOUT, status_code=504)
    return RedirectResponse(f"/apply/{case.case_no}/done", 303)


@guarded(auth="citizen")
async def done(request: Request) -> Response:
    case = own_case(request)
    if case is None or case.status == Status.DRAFT:
        return not_found()
    return render(
        request,
        "done.html",
        breadcrumb=breadcrumb(),
        step=2,
        case=case,
    )


# ---- uploads -------------------------------------------------------------------------------


def _item_response(
    request: Request, case: Case, item: str, error: str = "", status: int = 200
) -> Response:
    upload_url, delete_url = upload_urls(case.case_no, item)
    if request.headers.get("x-requested-with") != "fetch":
        # without the script: back to the page the upload came from
        back = (
            f"/cases/{case.case_no}" if case.status == Status.RETURNED else f"/apply/{case.case_no}"
        )
        return RedirectResponse(back, 303)
    context: dict[str, Any] = {
        "label": ITEMS[item],
        "item": item,
        "upload_url": upload_url,
        "delete_url": delete_url,
        "material": material_views(request, case.case_no).get(item),
        "error": error,
    }
    return render_fragment(request, "_upload_item.html", status=status, **context)


@guarded(auth="citizen", csrf=False)
async def upload(request: Request) -> Response:
    """Streams the body (token first, nothing over 1 MB kept), then judges the file by its content."""
    portal = portal_of(request)
    case = own_case(request)
    item = request.path_params["item"]
    if case is None or item not in ITEMS or case.status not in EDITABLE_STATUSES:
        return not_found()
    session = request.state.session
    received = await uploads.read_upload(
        request,
        lambda token: csrf_ok(session, token),
        token_field=CSRF_FIELD,
        token_header=CSRF_HEADER,
    )
    if received.forbidden:
        return forbidden()
    if received.too_large:
        return _item_response(request, case, item, TOO_LARGE, 413)
    if (
        received.name_too_long
        or len(uploads.base_name(received.file_name)) > uploads.MAX_NAME_CHARS
    ):
        return _item_response(request, case, item, NAME_TOO_LONG, 400)
    if received.malformed or not received.has_file or not received.data:
        return _item_response(request, case, item, NO_FILE, 400)
    if portal.faults.chance(portal.faults.current.upload_fail_rate):
        return _item_response(request, case, item, UPLOAD_FAILED, 500)
    kind = uploads.sniff(bytes(received.data[:8]))
    if kind is None:
        return _item_response(request, case, item, BAD_FORMAT, 415)
    pixels = uploads.image_pixels(bytes(received.data), kind)
    if pixels is not None and pixels > uploads.MAX_IMAGE_PIXELS:
        return _item_response(request, case, item, IMAGE_TOO_LARGE, 413)
    # the thumbnail decodes the image: off the event loop, so other requests go on meanwhile
    await run_in_threadpool(uploads.store, portal, case.case_no, item, received, kind)
    return _item_response(request, case, item)


@guarded(auth="citizen")
async def delete_upload(request: Request) -> Response:
    case = own_case(request)
    item = request.path_params["item"]
    if case is None or item not in ITEMS or case.status not in EDITABLE_STATUSES:
        return not_found()
    uploads.remove(portal_of(request), case.case_no, item)
    return _item_response(request, case, item)


@guarded()
async def material_file(request: Request) -> Response:
    """A material or its thumbnail: only for its owner (and reviewers); 404 for anyone else."""
    portal = portal_of(request)
    session = request.state.session
    row = portal.db.one(
        "SELECT m.*, c.id_number FROM materials m JOIN cases c ON c.case_no = m.case_no "
        "WHERE m.token = ?",
        (request.path_params["token"],),
    )
    allowed = row is not None and (
        session.kind == "reviewer"
        or (session.kind == "citizen" and session.subject == row["id_number"])
    )
    if not allowed or row is None:
        return not_found()
    if request.path_params.get("what") == "thumb":
        path = uploads.material_path(portal.thumbs_dir, row["thumb_name"])
        media = "image/png"
    else:
        path = uploads.material_path(portal.files_dir, row["stored_name"])
        media = {"jpg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}[row["kind"]]
    if path is None:
        return not_found()
    return FileResponse(
        path, media_type=media, headers={"Cache-Control": "private, no-store", **NOSNIFF}
    )


routes = [
    Route("/apply", start, methods=["GET"]),
    Route("/apply/{case_no}", form_page, methods=["GET"]),
    Route("/apply/{case_no}", form_submit, methods=["POST"]),
    Route("/apply/{case_no}/preview", preview, methods=["GET"]),
    Route("/apply/{case_no}/submit", submit, methods=["POST"]),
    Route("/apply/{case_no}/done", done, methods=["GET"]),
    Route("/apply/{case_no}/materials/{item}", upload, methods=["POST"]),
    Route("/apply/{case_no}/materials/{item}/delete", delete_upload, methods=["POST"]),
    Route("/materials/{token}/{what:str}", material_file, methods=["GET"]),
    Route("/materials/{token}", material_file, methods=["GET"]),
]
