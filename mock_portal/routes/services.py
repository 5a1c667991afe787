"""个人办事 (search and the 职业能力 category) and the service guide with 立即申请."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from mock_portal.cases import open_draft
from mock_portal.formdef import LEVELS, SERVICE_NAME
from mock_portal.security import guarded
from mock_portal.web import portal_of, render

GUIDE_URL = "/services/skill-subsidy"
AUTH_REQUIRED = "请先完成实名认证（高级认证）后再办理此事项"
MUST_AGREE = "请先阅读并勾选“我已阅读并知晓申请须知”"
CATEGORIES = ["社会保障", "就业创业", "职业能力", "人才人事", "劳动关系"]
KEYWORDS = ("技能提升", "补贴", "职业技能", "职业能力", "技能")
OTHER_SERVICES = {
    "社会保障": ["社会保险个人权益记录查询", "失业保险金申领"],
    "就业创业": ["就业登记", "创业担保贷款申请"],
    "人才人事": ["人事档案查询"],
    "劳动关系": ["劳动人事争议调解申请"],
}


@guarded(auth="citizen")
async def services(request: Request) -> Response:
    query = request.query_params.get("q", "").strip()
    category = request.query_params.get("category", "")
    results: list[tuple[str, str | None]] | None = None
    if query:
        results = (
            [(SERVICE_NAME, GUIDE_URL)]
            if any(k in query for k in KEYWORDS) or query in SERVICE_NAME
            else []
        )
    elif category == "职业能力":
        results = [(SERVICE_NAME, GUIDE_URL), ("职业技能等级证书查询", None)]
    elif category in OTHER_SERVICES:
        results = [(name, None) for name in OTHER_SERVICES[category]]
    return render(
        request,
        "services.html",
        breadcrumb=[("首页", "/"), ("个人办事", None)],
        query=query,
        category=category,
        categories=CATEGORIES,
        results=results,
    )


def _standards(request: Request) -> list[tuple[str, str]]:
    policy = portal_of(request).policy
    rows = [
        (LEVELS[level], f"{amount}元")
        for level, amount in sorted(policy.amounts.items(), reverse=True)
    ]
    return [(text.split("/")[0], amount) for text, amount in rows]


def _guide(request: Request, error: str = "", status: int = 200) -> Response:
    portal = portal_of(request)
    row = portal.db.one(
        "SELECT auth_level FROM citizens WHERE id_number = ?", (request.state.session.subject,)
    )
    advanced = row is not None and row["auth_level"] == "advanced"
    return render(
        request,
        "guide.html",
        status=status,
        breadcrumb=[
            ("首页", "/"),
            ("个人办事", "/services"),
            ("职业能力", "/services?category=职业能力"),
            (SERVICE_NAME, None),
        ],
        policy=portal.policy,
        standards=_standards(request),
        share=portal.policy.share_employed_percent,
        advanced=advanced,
        auth_message=AUTH_REQUIRED,
        error=error,
    )


@guarded(auth="citizen")
async def guide(request: Request) -> Response:
    return _guide(request)


@guarded(auth="citizen")
async def apply(request: Request) -> Response:
    """立即申请: only with the notice ticked and advanced real-name authentication."""
    portal = portal_of(request)
    form = await request.form()
    row = portal.db.one(
        "SELECT auth_level FROM citizens WHERE id_number = ?", (request.state.session.subject,)
    )
    if row is None or row["auth_level"] != "advanced":
        return _guide(request, error=AUTH_REQUIRED, status=403)
    if form.get("agree") != "on":
        return _guide(request, error=MUST_AGREE, status=400)
    case_no = open_draft(portal, request.state.session.subject)
    return RedirectResponse(f"/apply/{case_no}", 303)


routes = [
    Route("/services", services, methods=["GET"]),
    Route(GUIDE_URL, guide, methods=["GET"]),
    Route(GUIDE_URL + "/apply", apply, methods=["POST"]),
]
