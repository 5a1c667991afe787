"""The real run inside a scenario: the shared browser, the scenario's portal, the operator's answer.

Each invocation is what `autofill run PROFILE --portal-url URL` does, with three differences that
a scenario needs: the page comes from the worker's shared browser (a fresh context each time),
the confirmation is the scenario's `operator`, and the retries' pauses are recorded instead of
waited (a status poll's pause moves the portal's clock instead), so that no scenario sleeps.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import Page
from rich.console import Console

from autofill.amend import amend_run, parse_files
from autofill.browser.context import BrowserOptions, context_args, new_context
from autofill.confirm import DigestConfirmer, TerminalConfirmer
from autofill.errors import AutofillError, BadInput, PortalRefused
from autofill.flow import run_application
from autofill.flow.types import PortalAccess, RunResult
from autofill.flow.types import RunContext as FlowContext
from autofill.portal.form import ApplicationForm
from autofill.portal.navigation import heading, settle
from autofill.portal.texts import DEFAULT_TEXTS
from autofill.profile import Profile, load_profile
from autofill.rehearsal.citizens import REHEARSAL_PASSWORD
from autofill.runs import list_runs
from autofill.scenarios.context import Outcome, ScenarioContext
from autofill.scenarios.model import AmendAction, Operator, StatusAction
from autofill.session import Credentials, PortalSession
from autofill.status import PollPlan, follow_case


def page_opener(
    ctx: ScenarioContext,
) -> Callable[[BrowserOptions, Path | None], AbstractContextManager[Page]]:
    """Opens pages in the worker's shared browser: one new context (device, locale) per run."""
    portal = ctx.found.scenario.portal

    @contextmanager
    def open_page(options: BrowserOptions, trace_path: Path | None) -> Iterator[Page]:
        if portal.device and (
            ctx.playwright is None or portal.device not in ctx.playwright.devices
        ):
            raise BadInput(
                f"{ctx.found.path}: portal.device：不是已知的设备名 {portal.device!r}",
                errors=[{"path": f"{ctx.found.path}: portal.device", "message": portal.device}],
            )
        args = context_args(ctx.playwright, portal.device)
        if portal.viewport:
            args["viewport"] = {"width": portal.viewport[0], "height": portal.viewport[1]}
        context = new_context(ctx.browser, args)
        if ctx.on_context is not None:
            ctx.on_context(context)
        try:
            yield context.new_page()
        finally:
            context.close()

    return open_page


def connector(ctx: ScenarioContext) -> Callable[[Any], AbstractContextManager[PortalAccess]]:
    """The scenario's portal, already provisioned, and how the applicant logs in to it."""
    control = ctx.prepared.control

    @contextmanager
    def connect(profile: Profile) -> Iterator[PortalAccess]:
        phone = str(profile.applicant.phone)
        yield PortalAccess(
            url=control.base_url,
            credentials=Credentials(
                username=str(profile.applicant.id_number),
                # what the applicant believes their password is; the portal may say otherwise
                password=REHEARSAL_PASSWORD,
                sms_code=lambda: control.sms_code(phone),
            ),
            embedded=False,
            layout=ctx.found.scenario.portal.layout,
        )

    return connect


def _confirmer(operator: Operator) -> Callable[[Any], bool]:
    if operator is Operator.APPROVE:
        return lambda review: True
    if operator is Operator.DECLINE:
        return lambda review: False
    # nobody at a terminal: the tool stops at the preview, as in CI
    return TerminalConfirmer(Console(file=io.StringIO()), stdin=io.StringIO(), interactive=False)


def _flow_context(ctx: ScenarioContext, operator: Operator) -> Any:
    return FlowContext(
        confirm=_confirmer(operator),
        runs_dir=ctx.runs_dir,
        browser=BrowserOptions(headed=False, trace=False),
        observer=ctx.observer,
        sleep=ctx.sleeps.append,
        open_page=page_opener(ctx),
    )


def _message(message: str, errors: list[dict[str, str]]) -> str:
    lines = [message] + [f"{e.get('path', '')}: {e.get('message', '')}" for e in errors]
    return "\n".join(lines)


def outcome_of(result: RunResult) -> Outcome:
    status = result.status or {}
    return Outcome(
        exit_code=result.exit_code,
        message=_message(result.message, result.errors),
        case_no=result.case_no,
        status=status.get("status"),
        opinion=status.get("opinion", ""),
        amount=status.get("amount", ""),
    )


def run_flow(ctx: ScenarioContext, operator: Operator) -> Outcome:
    """`autofill run` of the scenario's profile against the scenario's portal."""
    try:
        result = run_application(
            ctx.prepared.profile_path, _flow_context(ctx, operator), connector(ctx)
        )
    except AutofillError as exc:  # offline stops (exit 2, 3) come before a run folder exists
        return Outcome(int(exc.exit_code), _message(exc.message, exc.errors))
    return outcome_of(result)


def read_status(ctx: ScenarioContext, case_no: str | None, action: StatusAction) -> Outcome:
    """`autofill status --case CASE_NO` (`--wait`: polls, the waits spent on the portal's clock)."""
    if case_no is None:
        return Outcome(4, "门户上没有该申请人的办件，无法查询状态")
    control = ctx.prepared.control
    flow_ctx = _flow_context(ctx, Operator.NONE)
    # a poll's pause passes on the portal's clock: auto-review moves on, nobody waits
    flow_ctx.sleep = lambda seconds: control.clock({"advance_seconds": max(1, int(seconds))})
    plan = PollPlan(timeout_s=action.timeout_s, interval_s=30) if action.status == "wait" else None
    profile = load_profile(ctx.prepared.profile_path)
    return outcome_of(follow_case(flow_ctx, connector(ctx), profile, case_no, None, plan))


def reupload(ctx: ScenarioContext, items: list[str], case_no: str | None) -> None:
    """The applicant answers 退回补正: on 办件详情, re-uploads the items and presses 重新提交."""
    if case_no is None:
        raise PortalRefused("门户上没有可补正的办件")
    texts = DEFAULT_TEXTS
    profile = load_profile(ctx.prepared.profile_path)
    opener = page_opener(ctx)
    with (
        connector(ctx)(profile) as access,
        opener(_flow_context(ctx, Operator.NONE).browser, None) as page,
    ):
        assert isinstance(access, PortalAccess)
        session = PortalSession(page, texts, access.url, access.credentials, ctx.observer)
        session.log_in()
        session.case_detail(case_no)
        form = ApplicationForm(page, texts)
        resubmit = page.get_by_role("button", name="重新提交", exact=True)
        ctx.observer.step_started("reupload", page, form.material(texts.materials[items[0]]))
        for item in items:
            form.upload(texts.materials[item], profile.document_path(item))
        ctx.observer.step_finished("reupload", page)
        resubmit.click()
        settle(page, texts, {"detail": heading(page, texts.detail_heading)})


def amend(ctx: ScenarioContext, action: AmendAction, case_no: str | None) -> Outcome:
    """`autofill amend RUN_ID [--file ITEM=PATH ...]` (`--digest`: the one the last stop printed)."""
    folder = next((f for f in list_runs(ctx.runs_dir) if f.record.case_no == case_no), None)
    if case_no is None or folder is None:
        return Outcome(2, "没有带办件编号的运行，无法补正")
    base = ctx.found.path.parent
    specs = [f"{label}={(base / path).resolve()}" for label, path in action.files.items()]
    operator = Operator.APPROVE if action.amend == "digest" else Operator(action.amend)
    flow_ctx = _flow_context(ctx, operator)
    if action.amend == "digest":
        pending = folder.record.amendments[-1:] or [{}]
        flow_ctx.confirm = DigestConfirmer(str(pending[0].get("digest", "")))
    try:
        files = parse_files(specs, DEFAULT_TEXTS)
        result = amend_run(folder.run_id, files, flow_ctx, connector(ctx))
    except AutofillError as exc:  # bad --file: exit 2 before anything is sent
        return Outcome(int(exc.exit_code), _message(exc.message, exc.errors), case_no)
    return outcome_of(result)
