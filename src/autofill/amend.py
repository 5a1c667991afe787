"""`autofill amend RUN_ID`: the answer to a 退回补正, from the command line.

The portal's "补正材料" names the items to upload again. Each comes from `--file ITEM=PATH` or
from the profile's documents (re-read, after the person replaced the files), is checked and
prepared as `run` does (a bad file: exit 2 before anything is sent), uploaded and confirmed on
the page. The human sees what will be resubmitted and its digest and says yes (or, without a
terminal, `--digest` later). "重新提交" is pressed exactly once: the case is looked at first, the
click is recorded in run.json before it is made, and a lost answer is settled by looking again.
Each answer is an entry of run.json's `amendments`.
"""

from __future__ import annotations

import hashlib
import json
from contextlib import AbstractContextManager, ExitStack
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator

from autofill import evidence
from autofill.confirm import Review
from autofill.documents import human_size, prepare_items
from autofill.errors import (
    AwaitingHuman,
    BadInput,
    ExitCode,
    PortalBusy,
    PortalRefused,
    PortalUnavailable,
    SessionExpired,
    UnexpectedPage,
    UploadFailed,
)
from autofill.flow.guard import guarded
from autofill.flow.types import (
    Connector,
    RunContext,
    RunResult,
    portal_session,
    status_dict,
    step,
)
from autofill.messages import t
from autofill.portal.cases import CaseDetail, CaseDetailPage, CorrectionSection
from autofill.portal.form import ApplicationForm
from autofill.portal.navigation import goto, heading, press_once, settle
from autofill.portal.texts import PortalTexts
from autofill.profile import Profile, load_profile
from autofill.retry import FORM_STEPS
from autofill.runs import RunFolder, now_iso
from autofill.session import PortalSession

#: clicks on "重新提交" in one pass, each only after the case was seen still 退回补正
MAX_RESUBMIT_CLICKS = 3
RESUBMIT_TIMEOUT_MS = 30_000
DIGEST_LENGTH = 12


def parse_files(specs: list[str], texts: PortalTexts, lang: str = "zh") -> dict[str, Path]:
    """`--file ITEM=PATH` options → item key → path; ITEM as the portal names it (or its key)."""
    by_label = {label: key for key, label in texts.materials.items()}
    files: dict[str, Path] = {}
    errors: list[dict[str, str]] = []
    for spec in specs:
        name, sep, path = spec.partition("=")
        name, path = name.strip(), path.strip()
        key = by_label.get(name) or (name if name in texts.materials else None)
        if not sep or not path:
            errors.append(
                {
                    "path": "--file",
                    "message": t("amend.file_format", lang, spec=repr(spec)),
                }
            )
        elif key is None:
            errors.append(
                {
                    "path": "--file",
                    "message": t(
                        "amend.unknown_item",
                        lang,
                        name=name,
                        choices=t("cli.list_separator", lang).join(texts.materials.values()),
                    ),
                }
            )
        elif key in files:
            errors.append(
                {"path": f"--file.{key}", "message": t("amend.item_twice", lang, name=name)}
            )
        else:
            files[key] = Path(path).expanduser()
    if errors:
        raise BadInput(t("amend.file_errors", lang, count=len(errors)), errors=errors)
    return files


def amend_digest(case_no: str, materials: list[tuple[str, str, int]]) -> str:
    """The first 12 hex characters of the SHA-256 of the case and its (item, file, size) lines."""
    text = json.dumps(
        {"case_no": case_no, "materials": [list(m) for m in materials]},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


def amend_run(
    run_id: str, files: dict[str, Path], ctx: RunContext, connect: Connector
) -> RunResult:
    """`autofill amend RUN_ID [--file ITEM=PATH ...]`."""
    folder = RunFolder.open(ctx.runs_dir, run_id, lang=ctx.lang)
    record = folder.record
    if not record.case_no:
        raise BadInput(
            t("amend.no_case", ctx.lang, run_id=run_id, state=record.state),
            errors=[{"path": "RUN_ID", "message": "no case number yet"}],
        )
    profile = load_profile(Path(record.profile), lang=ctx.lang)
    amendment = _current(folder)
    if not files:
        # `--digest` finishes a pass that stopped at the gate: the same files as that pass
        files = {i["item"]: Path(i["given"]) for i in amendment.get("items", []) if i.get("given")}
    dest = folder.file("amend") / str(amendment["n"])
    # the files named on the command line are checked before a browser starts
    prepared = prepare_items(profile, files, dest, ctx.lang, source="--file") if files else {}
    return guarded(
        folder,
        lambda: _online(folder, profile, ctx, connect, amendment, files, prepared, dest),
        ctx.lang,
    )


def _current(folder: RunFolder) -> dict[str, Any]:
    """The amendment in progress (not resubmitted yet), or a new one (not saved until used)."""
    amendments = folder.record.amendments
    if amendments and not amendments[-1].get("resubmitted_at"):
        return amendments[-1]
    return {"n": len(amendments) + 1, "started_at": now_iso(), "clicks": []}


def _online(
    folder: RunFolder,
    profile: Profile,
    ctx: RunContext,
    connect: Connector,
    amendment: dict[str, Any],
    files: dict[str, Path],
    prepared: dict[str, Path],
    dest: Path,
) -> RunResult:
    with ExitStack() as stack:
        ctx.observer.step_started("portal", None, None)
        access = stack.enter_context(connect(profile))
        ctx.observer.step_finished("portal", None)
        trace = folder.file("amend-trace.zip") if ctx.browser.trace else None
        ctx.observer.step_started("browser", None, None)
        page = stack.enter_context(ctx.open_page(ctx.browser, trace))
        ctx.observer.step_finished("browser", None)
        session = portal_session(page, ctx, access, folder.log)
        return Amend(folder, profile, ctx, session, amendment, files, prepared, dest).run()


class Amend:
    """One pass of `autofill amend`: look, upload, confirm, press "重新提交" once, record."""

    def __init__(
        self,
        folder: RunFolder,
        profile: Profile,
        ctx: RunContext,
        session: PortalSession,
        amendment: dict[str, Any],
        files: dict[str, Path],
        prepared: dict[str, Path],
        dest: Path,
    ) -> None:
        self.folder = folder
        self.record = folder.record
        self.case_no = folder.record.case_no or ""
        self.profile = profile
        self.ctx = ctx
        self.session = session
        self.page = session.page
        self.texts = ctx.texts
        self.amendment = amendment
        self.files = files
        self.prepared = prepared
        self.dest = dest
        self.detail_url: str | None = None

    def step(self, name: str, target: Locator | None = None) -> AbstractContextManager[None]:
        return step(self.ctx, name, self.page, target)

    def save(self) -> None:
        if self.amendment not in self.record.amendments:
            self.record.amendments.append(self.amendment)
        self.folder.save()

    # -- the pass --

    def run(self) -> RunResult:
        with self.step("login"):
            self.session.log_in()
        with self.step("open_case"):
            detail = self.session.again(lambda: self.session.case_detail(self.case_no))
        self.detail_url = self.page.url
        self.note(detail)
        if detail.status != self.texts.status_returned:
            return self.not_returned(detail)
        uploads = self.choose(detail)
        self.amendment.update(opinion=detail.opinion, asked=list(detail.items))
        self.save()
        first = self.texts.materials[next(iter(uploads))]
        with self.step(
            "reupload", ApplicationForm(self.page, self.texts, lang=self.ctx.lang).material(first)
        ):
            self.upload_all(uploads)
        digest = self.confirm(uploads)
        return self.resubmit(digest)

    def note(self, detail: CaseDetail) -> None:
        self.record.status = status_dict(
            detail.status, detail.opinion, detail.amount, detail.paid_on, detail.items
        )
        self.folder.save()
        self.folder.log("status", case_no=self.case_no, status=detail.status)

    def not_returned(self, detail: CaseDetail) -> RunResult:
        """Nothing to amend: resubmitted already (by us, or by hand), or never returned."""
        m, lang = self.texts, self.ctx.lang
        clicked = bool(self.amendment.get("clicks"))
        if clicked or (
            self.record.amendments and detail.status in (m.status_pending, m.status_reviewing)
        ):
            if clicked:
                self.finish(detail, found=True)
            how = t(
                "amend.found_after_lost_answer" if clicked else "amend.resubmitted_before", lang
            )
            return self.result(
                0,
                t("amend.found_case", lang, how=how, case_no=self.case_no, status=detail.status),
                detail,
            )
        raise BadInput(
            t(
                "amend.not_returned",
                lang,
                case_no=self.case_no,
                status=detail.status,
                returned=m.status_returned,
            ),
            errors=[{"path": "RUN_ID", "message": f"status {detail.status}"}],
        )

    # -- which files --

    def choose(self, detail: CaseDetail) -> dict[str, Path]:
        """Item key → the file to upload, for every item the portal asks for (exit 2 otherwise)."""
        materials = self.texts.materials
        asked = [key for key, label in materials.items() if label in detail.items]
        if not asked:
            raise UnexpectedPage(
                t(
                    "amend.no_items_on_page",
                    self.ctx.lang,
                    case_no=self.case_no,
                    returned=self.texts.status_returned,
                    heading=self.texts.correction_heading,
                )
            )
        lang = self.ctx.lang
        names = t("cli.list_separator", lang).join(materials[k] for k in asked)
        extra = [key for key in self.files if key not in asked]
        if extra:
            raise BadInput(
                t(
                    "amend.items_not_asked",
                    lang,
                    extra=t("cli.list_separator", lang).join(materials[k] for k in extra),
                    names=names,
                ),
                errors=[
                    {"path": f"--file.{k}", "message": t("amend.items_asked", lang, names=names)}
                    for k in extra
                ],
            )
        from_profile = {k: self.profile.document_path(k) for k in asked if k not in self.files}
        chosen = dict(self.prepared)
        if from_profile:
            chosen.update(prepare_items(self.profile, from_profile, self.dest, self.ctx.lang))
        return {k: chosen[k] for k in asked}

    # -- the uploads --

    def upload_all(self, uploads: dict[str, Path]) -> None:
        form = ApplicationForm(self.page, self.texts, lang=self.ctx.lang)
        lines = []
        for key, path in uploads.items():
            label = self.texts.materials[key]

            def attempt(label: str = label, path: Path = path) -> None:
                try:
                    form.upload(label, path)
                except UploadFailed as exc:
                    if not any(m in exc.message for m in self.texts.upload_errors[:2]):
                        self.folder.log("upload_retry", item=label, reason=exc.message)
                        self.look()
                        raise PortalBusy(exc.message) from None
                    raise

            FORM_STEPS.retrying(sleep=self.ctx.sleep)(attempt)
            if not form.uploaded_name(label, path.name):
                raise UploadFailed(
                    t(
                        "amend.upload_unconfirmed",
                        self.ctx.lang,
                        label=label,
                        uploaded=self.texts.uploaded,
                    )
                )
            self.folder.log("uploaded", item=label, file=path.name)
            lines.append(
                {
                    "item": key,
                    "label": label,
                    "file": path.name,
                    "path": str(path),
                    "size": path.stat().st_size,
                    "source": "--file" if key in self.files else "documents",
                    **({"given": str(self.files[key])} if key in self.files else {}),
                }
            )
        self.amendment.update(items=lines, uploaded_at=now_iso())
        self.save()

    # -- the human --

    def confirm(self, uploads: dict[str, Path]) -> str:
        lines = self.amendment["items"]
        digest = amend_digest(self.case_no, [(i["label"], i["file"], i["size"]) for i in lines])
        self.amendment["digest"] = digest
        shot = self.folder.file("amend-materials.png")
        evidence.save_bytes(shot, self.page.screenshot(full_page=True))
        self.save()
        self.folder.log("amend_ready", digest=digest, items=[i["label"] for i in lines])
        done = self.amendment.get("confirmation")
        if done and done.get("digest") == digest:
            self.folder.log("confirmation_reused", digest=digest)
            return digest
        review = Review(
            run_id=self.record.run_id,
            lines=[],
            screenshot=shot,
            pdf=None,
            digest=digest,
            action="amend",
            materials=tuple((i["label"], i["file"], human_size(i["size"])) for i in lines),
        )
        with self.step("confirm"):
            approved = self.ctx.confirm(review)
        if not approved:
            self.folder.log("declined", digest=digest)
            raise AwaitingHuman(
                t("amend.not_confirmed", self.ctx.lang, run_id=self.record.run_id, digest=digest)
            )
        how = "digest" if type(self.ctx.confirm).__name__ == "DigestConfirmer" else "terminal"
        self.amendment["confirmation"] = {"how": how, "at": now_iso(), "digest": digest}
        self.save()
        self.folder.log("confirmed", how=how, digest=digest)
        return digest

    # -- the irreversible act --

    def look(self) -> CaseDetail:
        """The case's detail afresh, by its address (a lost answer leaves the page elsewhere)."""
        detail_page = CaseDetailPage(self.page, self.texts)

        def attempt() -> CaseDetail:
            goto(self.page, self.detail_url or "")
            settle(self.page, self.texts, {"detail": detail_page.heading})
            return detail_page.read()

        return self.session.again(lambda: self.session.navigate(attempt))

    def resubmit(self, digest: str) -> RunResult:
        returned = self.texts.status_returned
        for _ in range(MAX_RESUBMIT_CLICKS):
            detail = self.look()
            if detail.status != returned:
                return self.not_returned(detail)
            # recorded before the click: a crash right after it leaves a trace to look for
            self.amendment["clicks"].append({"at": now_iso(), "digest": digest})
            self.save()
            section = CorrectionSection(self.page, self.texts)
            with self.step("resubmit", section.resubmit_button.first):
                answer = self.press(section)
            if answer == "done":
                detail = self.look()
                if detail.status == returned:
                    problems = ApplicationForm(
                        self.page, self.texts, lang=self.ctx.lang
                    ).read_errors()
                    raise PortalRefused(
                        t(
                            "amend.refused",
                            self.ctx.lang,
                            problems=t("cli.clause_separator", self.ctx.lang).join(problems)
                            or detail.status,
                        ),
                        errors=[{"path": "portal", "message": p} for p in problems],
                    )
                self.finish(detail, found=False)
                return self.result(
                    0,
                    t(
                        "amend.resubmitted",
                        self.ctx.lang,
                        case_no=self.case_no,
                        status=detail.status,
                    ),
                    detail,
                )
            self.folder.log("resubmit_answer_lost", reason=answer)
        detail = self.look()
        if detail.status != returned:
            return self.not_returned(detail)
        raise PortalUnavailable(t("amend.answer_lost", self.ctx.lang, run_id=self.record.run_id))

    def press(self, section: CorrectionSection) -> str:
        """Presses "重新提交" once: "done", or why the answer was lost."""

        lost = press_once(self.page, section.press_resubmit, RESUBMIT_TIMEOUT_MS)
        if lost:
            return lost
        try:
            settle(
                self.page,
                self.texts,
                {"detail": heading(self.page, self.texts.detail_heading)},
                timeout_ms=RESUBMIT_TIMEOUT_MS,
            )
        except (PortalBusy, UnexpectedPage, SessionExpired) as exc:
            return f"lost: {type(exc).__name__}"
        return "done"

    def finish(self, detail: CaseDetail, found: bool) -> None:
        self.note(detail)
        evidence.save_bytes(
            self.folder.file("amend-receipt.png"), self.page.screenshot(full_page=True)
        )
        self.amendment.update(
            resubmitted_at=now_iso(), status=detail.status, found_after_lost_answer=found
        )
        self.save()
        self.folder.log("resubmitted", case_no=self.case_no, status=detail.status, found=found)

    def result(self, code: int, message: str, detail: CaseDetail) -> RunResult:
        return RunResult(
            exit_code=int(ExitCode(code)),
            message=message,
            run_id=self.record.run_id,
            state=self.record.state,
            digest=self.amendment.get("digest"),
            case_no=self.case_no,
            status=self.record.status,
            folder=self.folder.path,
        )
