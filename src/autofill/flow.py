"""The run: validated → checked → logged_in → filled → previewed → confirmed → submitted → status.

Offline first (the profile, the policy, the documents: exit 2 or 3 before any browser starts),
then the portal through one Chromium page. `run.json` is saved after every step; a later `run`
or `submit` resumes from it. The submission is the one irreversible act: before it "我的办件" is
searched for a case of the same certificate, the click is recorded before it is made, and a
lost answer is settled by looking there again, never by a second click on a guess.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from autofill import evidence
from autofill.browser.context import BrowserOptions, open_page
from autofill.browser.find import sandbox_decision
from autofill.confirm import Asking, Confirmer, Review
from autofill.errors import (
    AutofillError,
    AwaitingHuman,
    BadInput,
    ControlNotFound,
    ExitCode,
    NotEligible,
    PortalBusy,
    PortalRefused,
    PortalUnavailable,
    PreviewMismatch,
    SessionExpired,
    UnexpectedPage,
    UploadFailed,
)
from autofill.kept_sessions import KeptSession
from autofill.login_options import LoginOptions
from autofill.masking import mask_data, mask_id, mask_text
from autofill.observer import NullObserver, RunObserver
from autofill.policy import application_deadline
from autofill.portal import locate
from autofill.portal.form import ApplicationForm
from autofill.portal.navigation import goto, heading, press_once, settle
from autofill.portal.preview import PreviewPage, ResultPage
from autofill.portal.texts import DEFAULT_TEXTS, PortalTexts
from autofill.portal.values import expected_preview, form_values
from autofill.retry import FORM_STEPS, Sleep
from autofill.runs import RunFolder, now_iso, resumable
from autofill.session import Credentials, PortalSession

#: clicks on "确认提交" in one run, each only after "我的办件" showed no case
MAX_SUBMIT_CLICKS = 3
SUBMIT_TIMEOUT_MS = 30_000
#: a look in "我的办件" and a preview read back younger than this carry the first click of this
#: pass: nothing of ours can have submitted since, the page is the very preview confirmed, and
#: the portal itself refuses a second case of a certificate ("已有在办或已办结的申请"). Older ones
#: (a slow human) are looked at and read again before the click; `autofill submit` looks and
#: reads the preview afresh at the start of its own pass.
FRESH_S = 120.0


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
Connector = Callable[[Any], AbstractContextManager[PortalAccess]]


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
    return KeptSession.of(ctx.runs_dir, access.url, access.credentials.username)


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


# ---- offline --------------------------------------------------------------------------------


def _offline(profile_path: Path, ctx: RunContext, held: ExitStack) -> tuple[Any, RunFolder]:
    """Validates, checks and prepares: a run folder only for a valid, eligible profile.

    The run folder is held (`RunFolder.hold`) on `held` before anything is written to it.
    """
    from autofill.documents import prepare_documents
    from autofill.policy import evaluate
    from autofill.profile import DOCUMENT_ITEMS, load_profile

    obs = ctx.observer
    obs.step_started("validate", None, None)
    profile = load_profile(profile_path, lang=ctx.lang)
    obs.step_finished("validate", None)
    obs.step_started("check", None, None)
    report = evaluate(profile, lang=ctx.lang)
    if not report.eligible:
        failed = [r for r in report.rules if r.result == "fail"]
        raise NotEligible(
            "不符合补贴条件，未向门户发送任何信息：" + "；".join(r.reason for r in failed),
            errors=[
                {"path": r.rule, "message": r.reason + (f"（{r.fix}）" if r.fix else "")}
                for r in failed
            ],
        )
    obs.step_finished("check", None)
    cert = profile.certificate.number
    folder = resumable(ctx.runs_dir, cert)
    if folder is not None and Path(folder.record.profile) != profile_path.resolve():
        folder = None
    if folder is None:
        folder = RunFolder.create(
            ctx.runs_dir, profile_path, cert, mask_id(profile.applicant.id_number)
        )
        held.enter_context(folder.hold(ctx.lang))
    else:
        held.enter_context(folder.hold(ctx.lang))
        folder.log("resumed", state=folder.record.state)
    obs.step_started("prepare", None, None)
    try:
        prepared = prepare_documents(profile, folder.file("documents"), lang=ctx.lang)
    except BadInput:
        if not folder.record.reached("logged_in"):
            shutil.rmtree(folder.path, ignore_errors=True)
        raise
    folder.record.uploads = {
        item: {
            "label": ctx.texts.materials.get(item, DOCUMENT_ITEMS.get(item, item)),
            "path": str(path),
            "name": path.name,
            "size": path.stat().st_size,
        }
        for item, path in prepared.items()
    }
    obs.step_finished("prepare", None)
    folder.advance("validated")
    folder.advance("checked")
    folder.log("checked", amount=str(report.amount), deadline=str(report.deadline))
    return profile, folder


# ---- entry points -----------------------------------------------------------------------------


def run_application(profile_path: Path, ctx: RunContext, connect: Connector) -> RunResult:
    """`autofill run PROFILE`: from the profile to a submitted case (or a stop at the preview)."""
    with ExitStack() as held:
        profile, folder = _offline(profile_path, ctx, held)
        return _guarded(folder, lambda: _online(folder, profile, ctx, connect))


def submit_run(run_id: str, ctx: RunContext, connect: Connector) -> RunResult:
    """`autofill submit RUN_ID`: re-open the draft's preview, check it, confirm, submit."""
    from autofill.profile import load_profile

    folder = RunFolder.open(ctx.runs_dir, run_id)
    with folder.hold(ctx.lang):
        record = folder.record
        if record.state == "status" and record.case_no:
            return _finished(folder, f"该运行已提交，办件编号 {record.case_no}；未再次提交")
        if not record.reached("previewed") or not record.digest:
            raise BadInput(
                f"运行 {run_id} 尚未到达预览（当前：{record.state}）；请先运行 autofill run {record.profile}",
                errors=[{"path": "RUN_ID", "message": f"state {record.state}"}],
            )
        profile = load_profile(Path(record.profile), lang=ctx.lang)
        return _guarded(folder, lambda: _online(folder, profile, ctx, connect))


def _finished(folder: RunFolder, message: str) -> RunResult:
    r = folder.record
    return RunResult(
        exit_code=int(ExitCode.OK),
        message=message,
        run_id=r.run_id,
        state=r.state,
        digest=r.digest,
        case_no=r.case_no,
        status=r.status,
        folder=folder.path,
        rehearsal=_rehearsal(folder),
    )


def _rehearsal(folder: RunFolder) -> bool:
    """Whether the run reached a portal, and that portal was the embedded mock."""
    return bool(folder.record.portal_url) and folder.record.embedded


def _guarded(folder: RunFolder, body: Callable[[], RunResult]) -> RunResult:
    """Runs the online part; our errors become a result that names the run."""
    try:
        try:
            return body()
        except PlaywrightError as exc:
            # a control that never showed: the portal's page is not what the portal map says
            lines = (exc.message or type(exc).__name__).splitlines()
            waiting = next((line.strip(" -") for line in lines if "waiting for" in line), "")
            first = lines[0].rstrip("。.") + (f"（{waiting}）" if waiting else "")
            # waiting in vain for a control is the portal's wording changing, as a missing label
            # is (exit 4); any other browser failure stays unexpected
            stop = ControlNotFound if isinstance(exc, PlaywrightTimeout) else UnexpectedPage
            raise stop(
                f"浏览器操作未完成：{first}。门户页面可能与预期不同（字样可用 --portal-texts 调整）；"
                f"过程记录见 {folder.file('trace.zip')}"
            ) from None
    except AutofillError as exc:
        record = folder.record
        record.last_error = {
            "at": now_iso(),
            "exit_code": int(exc.exit_code),
            "message": mask_text(exc.message),
            "errors": exc.errors,
        }
        folder.save()
        folder.log("stopped", exit_code=int(exc.exit_code), message=exc.message, errors=exc.errors)
        return RunResult(
            exit_code=int(exc.exit_code),
            message=exc.message,
            run_id=record.run_id,
            state=record.state,
            digest=record.digest,
            case_no=record.case_no,
            status=record.status,
            errors=exc.errors,
            comparison=getattr(exc, "comparison", []),
            folder=folder.path,
            rehearsal=_rehearsal(folder),
        )


# ---- online ---------------------------------------------------------------------------------


@contextmanager
def _step(
    ctx: RunContext, name: str, page: Page | None, target: Locator | None = None
) -> Iterator[None]:
    ctx.observer.step_started(name, page, target)
    yield
    ctx.observer.step_finished(name, page)


def _online(folder: RunFolder, profile: Any, ctx: RunContext, connect: Connector) -> RunResult:
    record = folder.record
    with ExitStack() as stack:
        with _step(ctx, "portal", None):
            access = stack.enter_context(connect(profile))
        record.portal_url = access.url
        record.embedded = access.embedded
        record.layout = access.layout
        folder.save()
        folder.log("portal", url=access.url, embedded=access.embedded, layout=access.layout)
        sandbox = sandbox_decision()
        folder.log("browser", sandbox=sandbox.sandboxed, reason=sandbox.reason)
        trace = folder.file("trace.zip") if ctx.browser.trace else None
        with _step(ctx, "browser", None):
            page = stack.enter_context(ctx.open_page(ctx.browser, trace))
        session = portal_session(page, ctx, access, folder.log)
        if record.form_url:
            session.form_url = session.url(record.form_url)
        return Drive(folder, profile, ctx, session).run()


class Drive:
    """One pass through the portal for a run folder, from login to the case's status."""

    def __init__(
        self, folder: RunFolder, profile: Any, ctx: RunContext, session: PortalSession
    ) -> None:
        self.folder = folder
        self.record = folder.record
        self.profile = profile
        self.ctx = ctx
        self.session = session
        self.page = session.page
        self.texts = ctx.texts
        self.values = form_values(profile, ctx.texts)
        self.uploads = {item: Path(info["path"]) for item, info in self.record.uploads.items()}
        #: when this pass last found no case in "我的办件" (monotonic seconds)
        self.looked_at: float | None = None

    def step(self, name: str, target: Locator | None = None) -> AbstractContextManager[None]:
        return _step(self.ctx, name, self.page, target)

    # -- the whole pass --

    def run(self) -> RunResult:
        with self.step("login"):
            self.session.log_in()
        self.folder.advance("logged_in")
        existing = self.look_for_case()
        if existing is not None:
            return existing
        if not (self.record.reached("previewed") and self.session.again(self.open_preview)):
            self.session.again(self.fill_and_preview)
        lines, digest = self.read_preview()
        self.confirm(lines, digest)
        return self.submit(digest)

    # -- exactly once: looking in 我的办件 --

    def look_for_case(self) -> RunResult | None:
        """A case of this certificate already submitted: record it and follow it instead."""
        with self.step("find_case"):
            detail = self.session.again(
                lambda: self.session.find_case_of(self.record.certificate_number)
            )
        if detail is None:
            self.looked_at = self.ctx.clock()
            self.folder.log("no_case_found")
            return None
        clicked = bool(self.record.submit_clicks)
        self.record.case_no = detail.case_no
        self.record.case_found_existing = not clicked
        self.folder.advance("submitted")
        self.record.status = _status_dict(
            detail.status, detail.opinion, detail.amount, detail.paid_on
        )
        self.folder.advance("status")
        self.folder.log("case_found", case_no=detail.case_no, status=detail.status)
        how = (
            "提交后的答复丢失，已在“我的办件”中找到"
            if clicked
            else "已在“我的办件”中找到此前提交的"
        )
        return _finished(self.folder, f"{how}办件 {detail.case_no}（{detail.status}）；未再次提交")

    # -- filling --

    def fill_and_preview(self) -> None:
        """Opens the draft, uploads, fills every section and presses "下一步" until the preview."""

        def attempt() -> None:
            with self.step("open_form"):
                self.session.navigate(self.session.open_form)
            self.record.form_url = _path(self.session.form_url)
            self.folder.save()
            self.save_notice()
            form = ApplicationForm(self.page, self.texts)
            for item, path in self.uploads.items():
                label = self.texts.materials[item]
                with self.step(f"upload:{item}", form.material(label)):
                    self.upload(form, label, path)
            t, v = self.texts, self.values
            with self.step("fill_contact", locate.control(self.page, t.phone)):
                form.fill_contact(v)
            with self.step("fill_certificate", locate.control(self.page, t.certificate_number)):
                form.fill_certificate(v)
            with self.step("fill_employment", locate.control(self.page, t.employment)):
                form.fill_employment(v)
            with self.step("fill_bank", locate.control(self.page, t.bank)):
                form.fill_bank(v)
            self.folder.advance("filled")
            with self.step("next", form.next_button):
                outcome = form.next()
            if outcome == "refused":
                problems = form.read_errors()
                self.folder.log("refused", problems=problems)
                raise PortalRefused(
                    "门户拒绝了申请（草稿已保留）：" + "；".join(problems),
                    errors=[{"path": "portal", "message": p} for p in problems],
                )
            self.record.preview_url = _path(self.page.url)
            self.folder.save()

        FORM_STEPS.retrying(sleep=self.ctx.sleep, on=(PortalBusy, UnexpectedPage))(attempt)

    def save_notice(self) -> None:
        """Keeps the 须知 read on the guide (the run ticked its acknowledgement for the person)."""
        notice = self.session.notice
        if not notice:
            return
        evidence.save_notice(
            self.folder.file("guide.json"),
            self.folder.file("guide.txt"),
            notice,
            self.session.notice_url or "",
            now_iso(),
        )
        self.session.notice = {}
        self.folder.log("guide_saved", sections=list(notice))

    def upload(self, form: ApplicationForm, label: str, path: Path) -> None:
        """One upload, again from a freshly opened form while it fails for a passing reason."""

        def attempt() -> None:
            try:
                form.upload(label, path)
            except UploadFailed as exc:
                if not any(m in exc.message for m in self.texts.upload_errors[:2]):
                    self.folder.log("upload_retry", item=label, reason=exc.message)
                    self.session.navigate(self.session.open_form)
                    raise PortalBusy(exc.message) from None
                raise

        FORM_STEPS.retrying(sleep=self.ctx.sleep)(attempt)
        self.folder.log("uploaded", item=label, file=path.name)

    # -- the preview --

    def read_preview(self) -> tuple[list[evidence.Comparison], str]:
        """Reads the preview back, compares it with the profile, saves the evidence."""
        preview = PreviewPage(self.page, self.texts)
        with self.step("read_preview", preview.heading):
            fields = self.session.read(preview.read_preview)
            shown = preview.read_materials()
        names = {self.texts.materials[item]: p.name for item, p in self.uploads.items()}
        expected = expected_preview(self.profile, self.texts)
        lines = evidence.compare(expected, fields, names, shown)
        materials = [
            evidence.Material(
                label=self.texts.materials[item],
                name=path.name
                if path.name in shown.get(self.texts.materials[item], "")
                else shown.get(self.texts.materials[item], ""),
                size=int(self.record.uploads[item]["size"]),
            )
            for item, path in self.uploads.items()
        ]
        digest = evidence.digest(fields, materials)
        with self.step("save_evidence"):
            self.save_evidence(fields, materials, lines, digest)
        self.record.digest = digest
        different = evidence.differences(lines)
        self.record.mismatches = [line.label for line in different]
        self.folder.advance("previewed")
        self.folder.log("previewed", digest=digest, mismatches=self.record.mismatches)
        if different:
            self.save_pdf()
            raise PreviewMismatch(
                "门户预览与申请资料不一致，未提交：" + "、".join(line.label for line in different),
                errors=[
                    {"path": line.label, "message": f"资料：{line.profile}；预览：{line.preview}"}
                    for line in different
                ],
                comparison=lines,
            )
        return lines, digest

    def save_evidence(
        self,
        fields: dict[str, str],
        materials: list[evidence.Material],
        lines: list[evidence.Comparison],
        digest: str,
    ) -> None:
        evidence.save_bytes(self.folder.file("preview.png"), self.page.screenshot(full_page=True))
        evidence.save_preview_json(
            self.folder.file("preview.json"), fields, materials, lines, digest
        )

    # -- the human --

    def save_pdf(self) -> None:
        """The preview printed to PDF (Chromium prints only when headless)."""
        if not self.ctx.browser.headed:
            evidence.save_bytes(
                self.folder.file("preview.pdf"), self.page.pdf(print_background=True)
            )

    def confirm(self, lines: list[evidence.Comparison], digest: str) -> None:
        record = self.record
        if record.confirmation and record.confirmation.get("digest") == digest:
            self.save_pdf()
            self.folder.log("confirmation_reused", digest=digest)
            return
        pdf = self.folder.file("preview.pdf")
        guide = self.folder.file("guide.txt")
        notice = evidence.load_notice(self.folder.file("guide.json"))
        review = Review(
            run_id=record.run_id,
            lines=lines,
            screenshot=self.folder.file("preview.png"),
            pdf=pdf if not self.ctx.browser.headed or pdf.exists() else None,
            digest=digest,
            notice={k: v for k, v in notice.items() if k in self.texts.guide_key_sections},
            notice_file=guide if guide.exists() else None,
            deadline=application_deadline(self.profile).isoformat(),
        )
        # printed while the person reads the comparison; written before any answer counts
        asking = Asking(self.ctx.confirm, review)
        self.save_pdf()
        with self.step("confirm"):
            approved = asking.answer()
        if not approved:
            self.folder.log("declined", digest=digest)
            raise AwaitingHuman(
                f"未确认，未提交；草稿保留在门户上。运行编号：{record.run_id}，预览摘要：{digest}。"
                f"确认无误后可执行：autofill submit {record.run_id}"
            )
        how = type(self.ctx.confirm).__name__
        record.confirmation = {
            "how": "digest" if how == "DigestConfirmer" else "terminal",
            "at": now_iso(),
            "digest": digest,
        }
        self.folder.advance("confirmed")
        self.folder.log("confirmed", how=record.confirmation["how"], digest=digest)

    # -- the irreversible act --

    def open_preview(self) -> bool:
        """Opens the draft's preview by its address; False when the portal shows the form instead."""
        if not self.record.preview_url:
            return False
        preview = PreviewPage(self.page, self.texts)

        def attempt() -> str:
            goto(self.page, self.session.url(self.record.preview_url or ""))
            return settle(
                self.page,
                self.texts,
                {"preview": preview.heading, "form": heading(self.page, self.texts.form_heading)},
            )

        with self.step("open_preview", preview.heading):
            return self.session.navigate(attempt) == "preview"

    def reopen_preview(self, digest: str) -> PreviewPage:
        """Back on the preview after "我的办件", and still exactly the confirmed one."""
        preview = PreviewPage(self.page, self.texts)
        if not self.open_preview():
            self.fill_and_preview()
        fields = self.session.read(preview.read_preview)
        shown = preview.read_materials()
        materials = [
            evidence.Material(
                label=label,
                name=self.uploads[item].name
                if self.uploads[item].name in shown.get(label, "")
                else shown.get(label, ""),
                size=int(self.record.uploads[item]["size"]),
            )
            for item, label in ((i, self.texts.materials[i]) for i in self.uploads)
        ]
        now = evidence.digest(fields, materials)
        if now != digest:
            raise PreviewMismatch(
                f"重新打开的预览摘要为 {now}，与确认的 {digest} 不同：预览已变化，未提交。"
            )
        return preview

    def still_fresh(self) -> PreviewPage | None:
        """The preview on screen, when this pass looked in "我的办件" and read it moments ago."""
        if self.record.submit_clicks or self.looked_at is None:
            return None
        if self.ctx.clock() - self.looked_at > FRESH_S:
            return None
        preview = PreviewPage(self.page, self.texts)
        return preview if preview.heading.is_visible() else None

    def submit(self, digest: str) -> RunResult:
        for _ in range(MAX_SUBMIT_CLICKS):
            preview = self.still_fresh()
            if preview is None:
                existing = self.look_for_case()
                if existing is not None:
                    return existing
                preview = self.session.again(lambda: self.reopen_preview(digest))
            else:
                self.folder.log("preview_fresh", digest=digest)
            preview.accept_promise()
            # recorded before the click: a crash right after it leaves a trace to look for
            self.record.submit_clicks.append({"at": now_iso(), "digest": digest})
            self.folder.save()
            with self.step("submit", preview.submit_button):
                answer = self.press_submit(preview)
            if answer == "done":
                return self.read_result()
            self.folder.log("submit_answer_lost", reason=answer)
        # the last click's answer was lost as well: it may have filed the case all the same
        existing = self.look_for_case()
        if existing is not None:
            return existing
        raise PortalUnavailable(
            "点击“确认提交”后未得到门户的答复，且“我的办件”中没有找到办件；"
            f"请稍后再运行 autofill submit {self.record.run_id}（会先查看“我的办件”）"
        )

    def press_submit(self, preview: PreviewPage) -> str:
        """Presses "确认提交" once: "done", or why the answer was lost."""
        result = ResultPage(self.page, self.texts)

        lost = press_once(self.page, preview.press_submit, SUBMIT_TIMEOUT_MS)
        if lost:
            return lost
        try:
            outcome = settle(
                self.page,
                self.texts,
                {
                    "done": result.heading,
                    "refused": self.page.get_by_text(self.texts.form_errors, exact=True),
                },
                timeout_ms=SUBMIT_TIMEOUT_MS,
            )
        except (PortalBusy, UnexpectedPage, SessionExpired) as exc:
            return f"lost: {type(exc).__name__}"
        if outcome == "refused":
            problems = ApplicationForm(self.page, self.texts).read_errors()
            raise PortalRefused(
                "门户拒绝了提交（草稿已保留）：" + "；".join(problems),
                errors=[{"path": "portal", "message": p} for p in problems],
            )
        return "done"

    def read_result(self) -> RunResult:
        result = ResultPage(self.page, self.texts)
        with self.step("read_result", result.heading):
            case_no = result.read_case_no()
            status = result.read_status() or self.texts.status_pending
        self.record.case_no = case_no
        self.folder.advance("submitted")
        self.folder.log("submitted", case_no=case_no)
        evidence.save_bytes(self.folder.file("receipt.png"), self.page.screenshot(full_page=True))
        self.record.status = _status_dict(status)
        self.folder.advance("status")
        return _finished(self.folder, f"已提交，办件编号：{case_no}，当前状态：{status}")


def _path(url: str | None) -> str | None:
    """A page's address without the portal's origin: the embedded portal's port changes."""
    if not url:
        return None
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _status_dict(
    status: str,
    opinion: str = "",
    amount: str = "",
    paid_on: str = "",
    items: tuple[str, ...] = (),
) -> dict[str, str]:
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
