"""The submission: the one irreversible act, pressed at most once per look in "我的办件".

Before each click "我的办件" is searched for a case of the certificate (unless this pass looked
and read the preview moments ago), the preview is reopened and must still have the confirmed
digest, and the click is recorded in run.json before it is made. A lost answer is settled by
looking in "我的办件" again, never by a second click on a guess.
"""

from __future__ import annotations

from autofill import evidence
from autofill.errors import (
    PortalBusy,
    PortalRefused,
    PortalUnavailable,
    PreviewMismatch,
    SessionExpired,
    UnexpectedPage,
)
from autofill.flow.drive import Drive
from autofill.flow.guard import finished
from autofill.flow.types import RunResult, status_dict
from autofill.messages import t
from autofill.portal.form import ApplicationForm
from autofill.portal.navigation import press_once, settle
from autofill.portal.preview import PreviewPage, ResultPage
from autofill.runs import now_iso

#: clicks on "确认提交" in one run, each only after "我的办件" showed no case
MAX_SUBMIT_CLICKS = 3
SUBMIT_TIMEOUT_MS = 30_000
#: a look in "我的办件" and a preview read back younger than this carry the first click of this
#: pass: nothing of ours can have submitted since, the page is the very preview confirmed, and
#: the portal itself refuses a second case of a certificate ("已有在办或已办结的申请"). Older ones
#: (a slow human) are looked at and read again before the click; `autofill submit` looks and
#: reads the preview afresh at the start of its own pass.
FRESH_S = 120.0


def submit(drive: Drive, digest: str) -> RunResult:
    """Presses "确认提交" on the confirmed preview: the case, or the one found in "我的办件"."""
    for _ in range(MAX_SUBMIT_CLICKS):
        preview = _still_fresh(drive)
        if preview is None:
            existing = drive.look_for_case()
            if existing is not None:
                return existing
            preview = drive.session.again(lambda: _reopen_preview(drive, digest))
        else:
            drive.folder.log("preview_fresh", digest=digest)
        preview.accept_promise()
        # recorded before the click: a crash right after it leaves a trace to look for
        drive.record.submit_clicks.append({"at": now_iso(), "digest": digest})
        drive.folder.save()
        with drive.step("submit", preview.submit_button):
            answer = _press_submit(drive, preview)
        if answer == "done":
            return _read_result(drive)
        drive.folder.log("submit_answer_lost", reason=answer)
    # the last click's answer was lost as well: it may have filed the case all the same
    existing = drive.look_for_case()
    if existing is not None:
        return existing
    raise PortalUnavailable(t("flow.answer_lost", drive.ctx.lang, run_id=drive.record.run_id))


def _reopen_preview(drive: Drive, digest: str) -> PreviewPage:
    """Back on the preview after "我的办件", and still exactly the confirmed one."""
    preview = PreviewPage(drive.page, drive.texts)
    if not drive.open_preview():
        drive.fill_and_preview()
    fields = drive.session.read(preview.read_preview)
    shown = preview.read_materials()
    now = evidence.digest(fields, drive.materials(shown))
    if now != digest:
        raise PreviewMismatch(t("flow.preview_changed", drive.ctx.lang, now=now, digest=digest))
    return preview


def _still_fresh(drive: Drive) -> PreviewPage | None:
    """The preview on screen, when this pass looked in "我的办件" and read it moments ago."""
    if drive.record.submit_clicks or drive.looked_at is None:
        return None
    if drive.ctx.clock() - drive.looked_at > FRESH_S:
        return None
    preview = PreviewPage(drive.page, drive.texts)
    return preview if preview.heading.is_visible() else None


def _press_submit(drive: Drive, preview: PreviewPage) -> str:
    """Presses "确认提交" once: "done", or why the answer was lost."""
    page, texts = drive.page, drive.texts
    result = ResultPage(page, texts)

    lost = press_once(page, preview.press_submit, SUBMIT_TIMEOUT_MS)
    if lost:
        return lost
    try:
        outcome = settle(
            page,
            texts,
            {
                "done": result.heading,
                "refused": page.get_by_text(texts.form_errors, exact=True),
            },
            timeout_ms=SUBMIT_TIMEOUT_MS,
        )
    except (PortalBusy, UnexpectedPage, SessionExpired) as exc:
        return f"lost: {type(exc).__name__}"
    if outcome == "refused":
        problems = ApplicationForm(page, texts).read_errors()
        raise PortalRefused(
            t(
                "flow.portal_refused_submission",
                drive.ctx.lang,
                problems=t("cli.clause_separator", drive.ctx.lang).join(problems),
            ),
            errors=[{"path": "portal", "message": p} for p in problems],
        )
    return "done"


def _read_result(drive: Drive) -> RunResult:
    result = ResultPage(drive.page, drive.texts)
    with drive.step("read_result", result.heading):
        case_no = result.read_case_no()
        status = result.read_status() or drive.texts.status_pending
    drive.record.case_no = case_no
    drive.folder.advance("submitted")
    drive.folder.log("submitted", case_no=case_no)
    evidence.save_bytes(drive.folder.file("receipt.png"), drive.page.screenshot(full_page=True))
    drive.record.status = status_dict(status)
    drive.folder.advance("status")
    return finished(
        drive.folder, t("flow.submitted", drive.ctx.lang, case_no=case_no, status=status)
    )
