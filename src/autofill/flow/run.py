"""The entry points: `autofill run` and `autofill submit`, each one guarded pass through the portal."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

from autofill.browser.find import sandbox_decision
from autofill.errors import BadInput
from autofill.flow.drive import Drive
from autofill.flow.guard import finished, guarded
from autofill.flow.offline import offline
from autofill.flow.submit import submit
from autofill.flow.types import Connector, RunContext, RunResult, portal_session, step
from autofill.messages import t
from autofill.profile import Profile, load_profile
from autofill.runs import RunFolder


def run_application(profile_path: Path, ctx: RunContext, connect: Connector) -> RunResult:
    """`autofill run PROFILE`: from the profile to a submitted case (or a stop at the preview)."""
    with ExitStack() as held:
        profile, folder = offline(profile_path, ctx, held)
        return guarded(folder, lambda: online(folder, profile, ctx, connect), ctx.lang)


def submit_run(run_id: str, ctx: RunContext, connect: Connector) -> RunResult:
    """`autofill submit RUN_ID`: re-open the draft's preview, check it, confirm, submit."""
    folder = RunFolder.open(ctx.runs_dir, run_id, lang=ctx.lang)
    with folder.hold(ctx.lang):
        record = folder.record
        if record.state == "status" and record.case_no:
            return finished(folder, t("flow.already_submitted", ctx.lang, case_no=record.case_no))
        if not record.reached("previewed") or not record.digest:
            raise BadInput(
                t(
                    "flow.not_at_preview",
                    ctx.lang,
                    run_id=run_id,
                    state=record.state,
                    profile=record.profile,
                ),
                errors=[{"path": "RUN_ID", "message": f"state {record.state}"}],
            )
        profile = load_profile(Path(record.profile), lang=ctx.lang)
        return guarded(folder, lambda: online(folder, profile, ctx, connect), ctx.lang)


def online(folder: RunFolder, profile: Profile, ctx: RunContext, connect: Connector) -> RunResult:
    """Opens the portal and a page for the run folder, then makes one pass through it."""
    record = folder.record
    with ExitStack() as stack:
        with step(ctx, "portal", None):
            access = stack.enter_context(connect(profile))
        record.portal_url = access.url
        record.embedded = access.embedded
        record.layout = access.layout
        folder.save()
        folder.log("portal", url=access.url, embedded=access.embedded, layout=access.layout)
        sandbox = sandbox_decision()
        folder.log("browser", sandbox=sandbox.sandboxed, reason=sandbox.reason)
        trace = folder.file("trace.zip") if ctx.browser.trace else None
        with step(ctx, "browser", None):
            page = stack.enter_context(ctx.open_page(ctx.browser, trace))
        session = portal_session(page, ctx, access, folder.log)
        if record.form_url:
            session.form_url = session.url(record.form_url)
        return one_pass(Drive(folder, profile, ctx, session))


def one_pass(drive: Drive) -> RunResult:
    """Log in; follow a case already filed; else fill (or reopen) the preview, read it back,
    have it confirmed, and submit it."""
    with drive.step("login"):
        drive.session.log_in()
    drive.folder.advance("logged_in")
    existing = drive.look_for_case()
    if existing is not None:
        return existing
    if not (drive.record.reached("previewed") and drive.session.again(drive.open_preview)):
        drive.session.again(drive.fill_and_preview)
    lines, digest = drive.read_preview()
    drive.confirm(lines, digest)
    return submit(drive, digest)
