"""The run's types: where the portal is (PortalAccess), what a run needs (RunContext), how it
ended (RunResult), and the small helpers every pass through the portal shares."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page

from autofill import evidence
from autofill.browser.context import BrowserOptions, open_page
from autofill.confirm import Confirmer
from autofill.kept_sessions import KeptSession
from autofill.login_options import LoginOptions
from autofill.masking import mask_data, mask_text
from autofill.observer import NullObserver, RunObserver
from autofill.portal.texts import DEFAULT_TEXTS, PortalTexts
from autofill.profile import Profile
from autofill.retry import Sleep
from autofill.runs import now_iso
from autofill.session import Credentials, PortalSession


@dataclass
class PortalAccess:
    """Where the portal is and how to log in (the embedded mock, or `--portal-url`)."""

    url: str
    credentials: Credentials
    embedded: bool
    layout: str | None = None


#: opens one page for a run in a context of its own, closed when the run ends
PageOpener = Callable[[BrowserOptions, "Path | None"], AbstractContextManager[Page]]

#: opens the portal for a profile (starting the embedded one when needed) for the run's length
Connector = Callable[[Profile], AbstractContextManager[PortalAccess]]


@dataclass
class RunContext:
    """Everything a run needs besides the profile: texts, folders, browser, the human, hooks."""

    confirm: Confirmer
    texts: PortalTexts = DEFAULT_TEXTS
    runs_dir: Path = Path("runs")
    browser: BrowserOptions = field(default_factory=BrowserOptions)
    observer: RunObserver = field(default_factory=NullObserver)
    sleep: Sleep = time.sleep
    #: seconds for telling a fresh look in "我的办件" from an old one (tests move it on)
    clock: Callable[[], float] = time.monotonic
    lang: str = "zh"
    #: where pages come from: a browser of the run's own, or a shared one (scenarios, demos, batch)
    open_page: PageOpener = open_page
    #: `--login auto|manual` and `--login-timeout`
    login: LoginOptions = field(default_factory=LoginOptions)


@dataclass
class RunResult:
    """How a run ended: for the console, for `--json`, and for the exit code."""

    exit_code: int
    message: str
    run_id: str | None = None
    state: str | None = None
    digest: str | None = None
    case_no: str | None = None
    status: dict[str, str] | None = None
    errors: list[dict[str, str]] = field(default_factory=list)
    comparison: list[evidence.Comparison] = field(default_factory=list)
    folder: Path | None = None
    #: the run went to the embedded mock portal (a rehearsal), not to a real one
    rehearsal: bool = False

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "exit_code": self.exit_code,
            "message": mask_text(self.message, keep=(self.run_id, self.digest, self.case_no)),
            "run_id": self.run_id,
            "state": self.state,
            "digest": self.digest,
            "case_no": self.case_no,
            "status": (self.status or {}).get("status"),
            "errors": mask_data(self.errors),
        }
        if self.status:
            data["review"] = self.status
        if self.folder is not None:
            data["run_dir"] = str(self.folder)
        return data


def kept_session(ctx: RunContext, access: PortalAccess) -> KeptSession | None:
    """The session file of this portal and account; none for the embedded mock (a new one each run)."""
    if access.embedded:
        return None
    return KeptSession.of(ctx.runs_dir, access.url, access.credentials.username, lang=ctx.lang)


def portal_session(
    page: Page, ctx: RunContext, access: PortalAccess, log: Callable[..., None] | None
) -> PortalSession:
    """The conversation with the portal for one pass, with the run's login options and kept session."""
    return PortalSession(
        page,
        ctx.texts,
        access.url,
        access.credentials,
        ctx.observer,
        ctx.sleep,
        log,
        login=ctx.login,
        kept=kept_session(ctx, access),
    )


@contextmanager
def step(
    ctx: RunContext, name: str, page: Page | None, target: Locator | None = None
) -> Iterator[None]:
    """One step of a pass, told to the run's observer as it starts and when it finishes."""
    ctx.observer.step_started(name, page, target)
    yield
    ctx.observer.step_finished(name, page)


def status_dict(
    status: str,
    opinion: str = "",
    amount: str = "",
    paid_on: str = "",
    items: tuple[str, ...] = (),
) -> dict[str, str]:
    """A case's status as run.json keeps it (`status` in the record), stamped with the time read."""
    found = {
        "status": status,
        "opinion": opinion,
        "amount": amount,
        "paid_on": paid_on,
        "checked_at": now_iso(),
    }
    if items:  # a 退回补正: the items "补正材料" asks for again
        found["items"] = "、".join(items)
    return found
