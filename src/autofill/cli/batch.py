"""`autofill batch DIR`: every profile of a folder to its preview, a review queue, a summary."""

import getpass
import os
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from autofill.cli.common import (
    command_errors,
    emit_json,
    err_console,
    escape,
    out_console,
)
from autofill.cli.options import (
    BrowserWsOption,
    DebugOption,
    DeviceOption,
    HeadedOption,
    JsonOption,
    LangOption,
    LayoutOption,
    LoginOption,
    LoginTimeoutOption,
    MaxRateOption,
    MaxSessionsOption,
    NoTraceOption,
    PortalUrlOption,
    RunsDirOption,
    SlowMoOption,
    TextsOption,
    help_text,
)
from autofill.cli.run import (
    run_context,
)
from autofill.errors import BadInput
from autofill.login_options import DEFAULT_TIMEOUT_S
from autofill.masking import mask_text
from autofill.messages import t
from autofill.observer import NullObserver
from autofill.runs import default_runs_dir

if TYPE_CHECKING:
    from rich.table import Table

    # the batch machinery drives browsers: imported when `batch` runs, not at start-up
    from autofill.batch import Batch, BatchEntry
    from autofill.flow.types import Connector, PortalAccess
    from autofill.profile import Profile

DECISIONS = ("submitted", "declined", "left", "failed")
ANSWERS = {"y": "yes", "yes": "yes", "是": "yes", "n": "no", "no": "no", "否": "no"}


def remote_connector(portal_url: str, lang: str = "zh") -> "Connector":
    """Every applicant logs in to `--portal-url` with their ID number and `AUTOFILL_PASSWORD`."""
    from autofill.flow.types import PortalAccess
    from autofill.session import Credentials

    password = os.environ.get("AUTOFILL_PASSWORD") or getpass.getpass(
        t("cli.batch_password_prompt", lang), stream=sys.stderr
    )

    @contextmanager
    def remote(profile: "Profile") -> "Iterator[PortalAccess]":
        yield PortalAccess(
            url=portal_url,
            credentials=Credentials(profile.applicant.id_number, password),
            embedded=False,
        )

    return remote


def _spread(endpoints: tuple[str, ...], served: list[int]) -> list[dict[str, Any]]:
    """How many applicants each browser took: the local Chromium, or each `--browser-ws`."""
    if not endpoints:
        return [{"browser": "local", "applicants": sum(served)}]
    from autofill.browser.remote import shown

    return [
        {"browser": shown(url), "applicants": n} for url, n in zip(endpoints, served, strict=True)
    ]


def _outcome(entry: "BatchEntry", lang: str = "zh") -> str:
    r = entry.result
    if r is None:
        return t("batch.not_run", lang)
    if entry.decision:
        word = (
            t(f"batch.decision.{entry.decision}", lang)
            if entry.decision in DECISIONS
            else entry.decision
        )
        if entry.decision == "submitted" and r.case_no:
            return t("batch.submitted_case", lang, word=word, case_no=r.case_no)
        if entry.decision == "failed":
            return t("batch.failed_because", lang, word=word, message=r.message)
        if entry.decision == "left" and r.run_id:
            return t("batch.left_how", lang, word=word, run_id=r.run_id, digest=r.digest)
        return word
    if r.exit_code == 0:
        return t("batch.done_case", lang, case_no=r.case_no) if r.case_no else r.message
    return r.message


def _progress(entry: "BatchEntry", lang: str = "zh") -> None:
    r = entry.result
    ok = r is not None and r.exit_code in (0, 5)
    mark = "[green]✓[/]" if ok else "[bold red]✗[/]"
    text = (
        t("batch.at_preview", lang) if r is not None and entry.waiting else (r.message if r else "")
    )
    keep = (r.run_id, r.digest, r.case_no) if r is not None else ()
    err_console.print(
        f"{mark} {escape(entry.profile.name)} {escape(mask_text(text, keep))}", keep=keep
    )


def _ask(entry: "BatchEntry", lang: str = "zh") -> str:
    from autofill.confirm import show_review

    if entry.review is not None:
        show_review(entry.review, err_console, lang)
    err_console.print(
        t("batch.ask", lang, name=escape(entry.profile.name)),
        end="",
        soft_wrap=True,  # a question is not cut into lines: the terminal wraps it if need be
    )
    answer = sys.stdin.readline().strip().lower()
    return ANSWERS.get(answer, "leave")


def _summary(batch: "Batch", lang: str = "zh") -> "Table":
    from rich.table import Table

    table = Table(title=t("batch.table_title", lang))
    for column in ("profile", "run_id", "state", "outcome", "exit_code"):
        table.add_column(t(f"batch.column.{column}", lang))
    for entry in batch.entries:
        r = entry.result
        table.add_row(
            escape(entry.profile.name),
            (r.run_id if r else None) or "",
            (r.state if r else None) or "",
            escape(mask_text(_outcome(entry, lang), (r.run_id, r.digest, r.case_no) if r else ())),
            str(r.exit_code if r else ""),
        )
    return table


def _counts(batch: "Batch") -> dict[str, int]:
    counts: Counter[str] = Counter()
    for entry in batch.entries:
        r = entry.result
        if r is not None and r.exit_code == 0:
            counts["submitted"] += 1
        elif entry.decision == "declined":
            counts["declined"] += 1
        elif entry.waiting:
            counts["waiting"] += 1
        else:
            counts["failed"] += 1
    return {
        "total": len(batch.entries),
        **{k: counts[k] for k in ("submitted", "waiting", "declined", "failed")},
    }


def register(app: typer.Typer) -> None:
    """Adds `batch` to the `autofill` app."""

    @app.command("batch")
    def batch_command(
        folder: Annotated[Path, typer.Argument(help=help_text("batch.folder"))],
        concurrency: Annotated[
            int,
            typer.Option("--concurrency", help=help_text("batch.concurrency"), min=1),
        ] = 4,
        max_sessions: MaxSessionsOption = None,
        max_rate: MaxRateOption = None,
        browser_ws: BrowserWsOption = None,
        portal_url: PortalUrlOption = None,
        headed: HeadedOption = False,
        slow_mo: SlowMoOption = 0,
        device: DeviceOption = None,
        layout: LayoutOption = None,
        portal_texts: TextsOption = None,
        runs_dir: RunsDirOption = None,
        no_trace: NoTraceOption = False,
        login: LoginOption = "auto",
        login_timeout: LoginTimeoutOption = DEFAULT_TIMEOUT_S,
        json_mode: JsonOption = False,
        lang: LangOption = "zh",
        debug: DebugOption = False,
    ) -> None:
        """把文件夹中每份资料办到预览，再逐份人工确认或拒绝（或留待 autofill submit），最后汇总。

        退出码：有人失败时为失败中最高的退出码；否则仍有待确认的预览时为 5；全部提交为 0。
        """
        from autofill.batch import Batch, SharedBrowser, SharedEmbeddedPortal, profiles_in
        from autofill.browser.polite import politeness

        with command_errors(json_mode, debug, lang, runs_dir or default_runs_dir()):
            limits = politeness(portal_url is not None, max_sessions, max_rate, lang=lang)
            ctx = run_context(
                json_mode,
                lang,
                runs_dir,
                portal_texts,
                headed,
                slow_mo,
                device,
                no_trace,
                login=login,
                login_timeout=login_timeout,
                browser_ws=browser_ws,
                max_rate=limits.max_rate,
            )
            # step-by-step progress of many runs at once would interleave; one line per applicant
            ctx = replace(ctx, observer=NullObserver())
            paths = profiles_in(folder, lang=lang)
            if layout is not None and portal_url is not None:
                raise BadInput(
                    t("cli.layout_embedded_only", lang),
                    errors=[{"path": "--layout", "message": "embedded portal only"}],
                )
            shared = None if portal_url else SharedEmbeddedPortal(ctx.runs_dir, layout)
            connect: Connector = (
                remote_connector(portal_url, lang) if portal_url else shared.connect  # type: ignore[union-attr]
            )
            batch = Batch(
                paths,
                ctx,
                connect,
                concurrency,
                limits.max_sessions,
                on_result=partial(_progress, lang=lang),
            )
            if limits.limited:
                err_console.print(escape(limits.describe(lang)), highlight=False)
            try:
                with SharedBrowser(ctx.browser) as browser:
                    batch.to_previews(browser)
                    spread = _spread(ctx.browser.endpoints, browser.served)
                    interactive = sys.stdin.isatty()
                    if interactive and any(e.waiting for e in batch.entries):
                        batch.review_queue(partial(_ask, lang=lang), browser.opener())
                    else:
                        batch.review_queue(None)
            finally:
                if shared is not None:
                    shared.close()
        counts = _counts(batch)
        code = batch.exit_code()
        message = t("batch.counts", lang, **counts)
        if json_mode:
            emit_json(
                {
                    "exit_code": code,
                    "message": message,
                    "counts": counts,
                    "applicants": [e.as_json() for e in batch.entries],
                    "browsers": spread,
                }
            )
        else:
            out_console.print(_summary(batch, lang))
            colour = {0: "green", 5: "yellow"}.get(code, "red")
            err_console.print(f"[bold {colour}]{message}[/]")
        raise typer.Exit(code=code)
