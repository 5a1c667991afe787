"""Rendering pages with the layout seam's context, and who is logged in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from mock_portal.masking import mask_name

if TYPE_CHECKING:
    from mock_portal.state import Portal

TEMPLATES = Path(__file__).parent / "templates"
STEP_LABELS = ["填写申请", "预览确认", "提交成功"]

templates = Jinja2Templates(directory=str(TEMPLATES))
templates.env.globals["static_url"] = lambda path: f"/static/{path}"


@dataclass(frozen=True)
class CurrentUser:
    """The logged-in person as the header shows them."""

    kind: str  # citizen | reviewer
    subject: str
    name: str

    @property
    def masked_name(self) -> str:
        return mask_name(self.name) if self.kind == "citizen" else self.name


@dataclass(frozen=True)
class MaterialView:
    """An uploaded material as `upload_item` shows it."""

    file_name: str
    size_text: str
    thumb_url: str


def portal_of(request: Request) -> Portal:
    portal: Portal = request.app.state.portal
    return portal


def current_user(request: Request) -> CurrentUser | None:
    session = request.state.session
    if session.kind == "citizen":
        row = portal_of(request).db.one(
            "SELECT name FROM citizens WHERE id_number = ?", (session.subject,)
        )
        return CurrentUser("citizen", session.subject, row["name"]) if row else None
    if session.kind == "reviewer":
        row = portal_of(request).db.one(
            "SELECT name FROM reviewers WHERE username = ?", (session.subject,)
        )
        return CurrentUser("reviewer", session.subject, row["name"]) if row else None
    return None


def steps(index: int) -> tuple[list[str], int]:
    return (STEP_LABELS, index)


def render(
    request: Request,
    template: str,
    *,
    status: int = 200,
    breadcrumb: list[tuple[str, str | None]] | None = None,
    step: int | None = None,
    flash: str | None = None,
    **context: Any,
) -> Response:
    """A page of `templates/pages/` in the layout now in force."""
    portal = portal_of(request)
    base = {
        "layout": portal.faults.current.layout,
        "user": current_user(request),
        "csrf_token": request.state.session.csrf,
        "breadcrumb": breadcrumb or [],
        "steps": steps(step) if step is not None else None,
        "flash": flash,
        "static_url": lambda path: f"/static/{path}",
    }
    return templates.TemplateResponse(
        request, f"pages/{template}", {**base, **context}, status_code=status
    )


def render_fragment(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    """An HTML fragment (an upload item swapped in place by upload.js)."""
    portal = portal_of(request)
    base = {"layout": portal.faults.current.layout, "csrf_token": request.state.session.csrf}
    response = templates.TemplateResponse(
        request, f"pages/{template}", {**base, **context}, status_code=status
    )
    response.headers["X-Upload-Fragment"] = "1"
    return response
