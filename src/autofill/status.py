"""Following a case: its status, 审核意见, amount and payment date, polled gently until decided."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass

from autofill.errors import AutofillError, ExitCode, WaitTimedOut
from autofill.flow.types import Connector, RunContext, RunResult, portal_session, status_dict
from autofill.messages import t
from autofill.portal.cases import CaseDetail
from autofill.portal.texts import DEFAULT_TEXTS, PortalTexts
from autofill.profile import Profile
from autofill.retry import Sleep
from autofill.runs import RunFolder

#: the longest pause between two polls, as a multiple of `--interval` (or longer: see `ceiling`)
MAX_BACKOFF_FACTOR = 4.0
BACKOFF = 1.5
#: never more requests than this in one `--wait`, whatever the timeout
MAX_POLLS = 200


@dataclass(frozen=True)
class PollPlan:
    """`--timeout` and `--interval` (seconds) and the cap on requests."""

    timeout_s: float = 600.0
    interval_s: float = 30.0
    max_polls: int = MAX_POLLS

    @property
    def ceiling(self) -> float:
        """The longest pause: 4× the interval, or longer when a long `--timeout` would otherwise
        spend the request cap before it ends (a 10-day wait must not give up after hours)."""
        return max(self.interval_s * MAX_BACKOFF_FACTOR, 2 * self.timeout_s / self.max_polls)

    def delays(self) -> list[float]:
        """The pauses between polls: growing from the interval to the ceiling, within the timeout."""
        delays: list[float] = []
        waited, delay = 0.0, self.interval_s
        while waited < self.timeout_s and len(delays) < self.max_polls - 1:
            step = min(delay, self.timeout_s - waited)
            delays.append(step)
            waited += step
            delay = min(delay * BACKOFF, self.ceiling)
        return delays


def wait_for_decision(
    read: Callable[[], CaseDetail],
    texts: PortalTexts,
    plan: PollPlan,
    sleep: Sleep = time.sleep,
    on_poll: Callable[[CaseDetail], None] | None = None,
    lang: str = "zh",
) -> CaseDetail:
    """Reads the case until it is decided (审核不通过, 已发放) or returned to the applicant
    (退回补正: nothing moves until a human acts); WaitTimedOut otherwise."""
    stops = (*texts.terminal_statuses, texts.status_returned)
    detail = read()
    if on_poll is not None:
        on_poll(detail)
    for delay in plan.delays():
        if detail.status in stops:
            return detail
        sleep(delay)
        detail = read()
        if on_poll is not None:
            on_poll(detail)
    if detail.status in stops:
        return detail
    finals = t("cli.list_separator", lang).join(texts.terminal_statuses)
    raise WaitTimedOut(
        t(
            "status.wait_timed_out",
            lang,
            seconds=f"{plan.timeout_s:.0f}",
            case_no=detail.case_no,
            status=detail.status,
        )
        + (f" ({finals})" if lang == "en" else f"（{finals}）")
    )


def follow_case(
    ctx: RunContext,
    connect: Connector,
    profile: Profile,
    case_no: str,
    folder: RunFolder | None = None,
    plan: PollPlan | None = None,
) -> RunResult:
    """`autofill status`: logs in, reads the case from "我的办件"; with a plan, waits for a decision."""

    def record(detail: CaseDetail) -> None:
        if folder is None:
            return
        folder.record.status = status_dict(
            detail.status, detail.opinion, detail.amount, detail.paid_on, detail.items
        )
        folder.save()
        folder.log("status", case_no=case_no, status=detail.status)

    try:
        with ExitStack() as held:
            if folder is not None:  # the status is written to run.json: one process at a time
                held.enter_context(folder.hold(ctx.lang))
            access = held.enter_context(connect(profile))
            page = held.enter_context(ctx.open_page(ctx.browser, None))
            session = portal_session(page, ctx, access, folder.log if folder is not None else None)
            ctx.observer.step_started("login", page, None)
            session.log_in()
            ctx.observer.step_finished("login", page)
            ctx.observer.step_started("status", page, None)
            detail = session.again(lambda: session.case_detail(case_no))
            record(detail)
            if plan is not None:
                detail = wait_for_decision(
                    lambda: session.again(session.reload_detail),
                    ctx.texts,
                    plan,
                    ctx.sleep,
                    record,
                    ctx.lang,
                )
            ctx.observer.step_finished("status", page)
    except AutofillError as exc:
        return RunResult(
            exit_code=int(exc.exit_code),
            message=exc.message,
            run_id=folder.run_id if folder is not None else None,
            state=folder.record.state if folder is not None else None,
            case_no=case_no,
            status=folder.record.status if folder is not None else None,
            errors=exc.errors,
        )
    status = status_dict(detail.status, detail.opinion, detail.amount, detail.paid_on, detail.items)
    run_id = folder.run_id if folder is not None else None
    message = describe(case_no, status, ctx.lang, run_id, ctx.texts)
    code = ExitCode.OK
    if plan is not None and detail.status == ctx.texts.status_returned:
        # the wait ends because a human must act: the amend command says how
        code = ExitCode.AWAITING_HUMAN
        message = t("case.returned_wait", ctx.lang) + "\n" + message
    return RunResult(
        exit_code=int(code),
        message=message,
        run_id=folder.run_id if folder is not None else None,
        state=folder.record.state if folder is not None else None,
        case_no=case_no,
        status=status,
        digest=folder.record.digest if folder is not None else None,
        folder=folder.path if folder is not None else None,
    )


def describe(
    case_no: str,
    status: dict[str, str],
    lang: str = "zh",
    run_id: str | None = None,
    texts: PortalTexts | None = None,
) -> str:
    """A case in a line (its status, the review's opinion, amount and payment date), and at
    退回补正, 审核不通过 and 已发放 a second line: what to do next."""
    texts = texts or DEFAULT_TEXTS
    sep = "; " if lang == "en" else "；"
    parts = [t("case.status", lang, case_no=case_no, status=status.get("status", ""))]
    for key in ("opinion", "amount", "paid_on", "items"):
        if status.get(key):
            parts.append(t(f"case.{key}", lang, value=status[key]))
    line = sep.join(parts)
    shown = status.get("status")
    if shown == texts.status_returned:
        first = (status.get("items") or "").split("、")[0] or "证书等级页"
        nxt = (
            t("case.next_amend", lang, run_id=run_id, item=first)
            if run_id
            else t("case.next_amend_no_run", lang)
        )
        return f"{line}\n{nxt}"
    if shown == texts.status_rejected:
        return f"{line}\n{t('case.rejected_help', lang)}"
    if shown == texts.status_paid:
        return f"{line}\n{t('case.paid_help', lang)}"
    return line
