"""`autofill run`, `submit`, `status` and `runs`: the application itself, from profile to case."""

import getpass
import json
import os
import re
import shlex
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from autofill.browser.find import find_browser
from autofill.cli import purge
from autofill.cli.common import (
    bullet,
    check_lang,
    command_errors,
    emit_json,
    err_console,
    escape,
    shanghai_time,
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
    NoTraceOption,
    PortalUrlOption,
    RunsDirOption,
    SlowMoOption,
    SmsOption,
    TextsOption,
    help_text,
)
from autofill.errors import BadInput
from autofill.login_options import DEFAULT_TIMEOUT_S, LOGIN_MODES, LoginOptions
from autofill.masking import mask_text
from autofill.messages import t
from autofill.observer import NullObserver, step_title
from autofill.runs import (
    STATES,
    RunFolder,
    default_runs_dir,
    list_runs,
    readable_runs_dir,
    scan_runs,
    usable_runs_dir,
)

if TYPE_CHECKING:
    # the browser half is imported by the commands that use it: `autofill --help` starts at once
    from playwright.sync_api import Locator, Page
    from rich.console import RenderableType

    from autofill.evidence import Comparison
    from autofill.flow.types import Connector, PortalAccess, RunContext, RunResult
    from autofill.portal.texts import PortalTexts
    from autofill.profile import Profile


def state_name(state: str, lang: str = "zh") -> str:
    """A run's state as people read it (已预览, previewed)."""
    return t(f"run.state.{state}", lang) if state in STATES else state


class Progress(NullObserver):
    """Shows each finished step in Chinese on stderr."""

    def __init__(self, lang: str = "zh", quiet: bool = False) -> None:
        self.lang = lang
        self.quiet = quiet
        self.started: dict[str, float] = {}

    def step_started(self, step: str, page: "Page | None", target: "Locator | None") -> None:
        self.started[step] = time.monotonic()

    def step_finished(self, step: str, page: "Page | None") -> None:
        if self.quiet:
            return
        took = time.monotonic() - self.started.pop(step, time.monotonic())
        err_console.print(f"[green]✓[/] {escape(step_title(step, self.lang))} [dim]{took:.1f}s[/]")


def _sms_source(command: str | None, lang: str = "zh") -> Callable[[], str]:
    def from_command() -> str:
        assert command is not None
        done = subprocess.run(
            shlex.split(command), capture_output=True, text=True, timeout=60, check=False
        )
        code = re.search(r"\d{4,8}", done.stdout)
        if done.returncode != 0 or code is None:
            raise BadInput(
                t("cli.sms_command_failed", lang, code=done.returncode),
                errors=[
                    {"path": "--sms-code-command", "message": mask_text(done.stderr.strip()[:200])}
                ],
            )
        return code.group(0)

    def from_terminal() -> str:
        err_console.print(t("cli.sms_prompt", lang), end="")
        return sys.stdin.readline().strip()

    return from_command if command else from_terminal


def connector(
    portal_url: str | None,
    layout: str | None,
    runs_dir: Path,
    sms_command: str | None,
    lang: str = "zh",
) -> "Connector":
    from autofill.flow.types import PortalAccess
    from autofill.session import Credentials

    if layout is not None and layout not in ("classic", "modern"):
        raise BadInput(
            t("cli.layout_choice", lang), errors=[{"path": "--layout", "message": layout}]
        )
    if portal_url is None:
        from autofill.rehearsal.embedded import embedded_portal

        @contextmanager
        def embedded(profile: "Profile") -> "Iterator[PortalAccess]":
            with embedded_portal(runs_dir, profile, layout) as access:
                if sms_command:
                    access.credentials.sms_code = _sms_source(sms_command, lang)
                yield access

        return embedded
    if layout is not None:
        raise BadInput(
            t("cli.layout_embedded_only", lang),
            errors=[{"path": "--layout", "message": "embedded portal only"}],
        )
    password_box: list[str] = []

    @contextmanager
    def remote(profile: "Profile") -> "Iterator[PortalAccess]":
        if not password_box:
            password = os.environ.get("AUTOFILL_PASSWORD") or getpass.getpass(
                t("cli.password_prompt", lang), stream=sys.stderr
            )
            password_box.append(password)
        yield PortalAccess(
            url=portal_url,
            credentials=Credentials(
                profile.applicant.id_number, password_box[0], _sms_source(sms_command, lang)
            ),
            embedded=False,
        )

    return remote


def run_context(
    json_mode: bool,
    lang: str,
    runs_dir: Path | None,
    texts_file: Path | None,
    headed: bool,
    slow_mo: float,
    device: str | None,
    no_trace: bool,
    confirm: Any = None,
    login: str = "auto",
    login_timeout: float = DEFAULT_TIMEOUT_S,
    browser_ws: list[str] | None = None,
    max_rate: int | None = None,
) -> "RunContext":
    """The run's settings checked; `max_rate` is the page loads a minute already resolved
    (`autofill.browser.polite.politeness`), None for no limit."""
    from autofill.browser.context import BrowserOptions, check_device
    from autofill.confirm import TerminalConfirmer
    from autofill.flow.types import RunContext
    from autofill.portal.texts import load_texts

    check_lang(lang)
    texts: PortalTexts = load_texts(texts_file)
    login_options = login_options_of(login, login_timeout, lang)
    endpoints = tuple(browser_ws or ())
    if endpoints:
        from autofill.browser.remote import probe

        for endpoint in endpoints:  # a dead server: exit 2 before a run folder exists
            probe(endpoint, lang=lang)
    else:
        find_browser(lang=lang)  # no browser: exit 2 before a run folder exists
    check_device(device, lang=lang)
    folder = usable_runs_dir(runs_dir or default_runs_dir(), lang)
    return RunContext(
        login=login_options,
        confirm=confirm or TerminalConfirmer(err_console, lang=lang),
        texts=texts,
        runs_dir=folder,
        browser=BrowserOptions(
            headed=headed,
            slow_mo=slow_mo,
            device=device,
            trace=not no_trace,
            max_rate=max_rate,
            endpoints=endpoints,
        ),
        observer=Progress(lang),
        lang=lang,
    )


def login_options_of(mode: str, timeout_s: float, lang: str) -> LoginOptions:
    """`--login` and `--login-timeout` checked (a bad mode, or manual without a display: exit 2)."""
    if mode not in LOGIN_MODES:
        raise BadInput(
            t("cli.login_choice", lang, mode=mode),
            errors=[{"path": "--login", "message": f"{mode!r} is not auto or manual"}],
        )
    if mode == "manual":
        from autofill.manual_login import check_display

        check_display(lang)

    def tell(text: str) -> None:
        err_console.print(f"[bold yellow]{escape(text)}[/]", soft_wrap=True)

    return LoginOptions(mode=mode, timeout_s=timeout_s, lang=lang, tell=tell)


def rehearsal_limits(lang: str = "zh") -> list[str]:
    """What a rehearsal did not check, and where a person checks it before the real application."""
    return [
        t(key, lang) for key in ("rehearsal.title", "rehearsal.certificate", "rehearsal.insurance")
    ]


def _show_rehearsal_limits(result: "RunResult", lang: str) -> None:
    if result.rehearsal:
        # the embedded mock was given the profile's own certificate and insurance record
        for line in rehearsal_limits(lang):
            err_console.print(escape(line), soft_wrap=True, highlight=False, style="yellow")


def _show(result: "RunResult", json_mode: bool, lang: str = "zh") -> None:
    if json_mode:
        _show_rehearsal_limits(result, lang)
        emit_json(result.as_json())
        raise typer.Exit(code=result.exit_code)
    if result.exit_code == 4 and result.comparison:
        from autofill.confirm import comparison_table

        err_console.print(comparison_table(result.comparison, lang=lang))
    colour = {0: "green", 5: "yellow"}.get(result.exit_code, "red")
    keep = (result.run_id, result.digest, result.case_no)
    err_console.print(
        f"[bold {colour}]{escape(mask_text(result.message, keep))}[/]", soft_wrap=True, keep=keep
    )
    for item in result.errors:
        if result.exit_code == 4 and result.comparison:
            break
        err_console.print(escape(bullet(item.get("path", ""), item.get("message", ""), lang)))
    if result.folder is not None:
        err_console.print(t("cli.run_folder", lang, path=result.folder), soft_wrap=True)
    _show_rehearsal_limits(result, lang)
    raise typer.Exit(code=result.exit_code)


def register(app: typer.Typer) -> None:
    """Adds `run`, `submit`, `status` and `runs` to the `autofill` app."""

    @app.command("run")
    def run_command(
        profile: Annotated[Path, typer.Argument(help=help_text("run.profile"))],
        portal_url: PortalUrlOption = None,
        headed: HeadedOption = False,
        slow_mo: SlowMoOption = 0,
        device: DeviceOption = None,
        layout: LayoutOption = None,
        portal_texts: TextsOption = None,
        runs_dir: RunsDirOption = None,
        no_trace: NoTraceOption = False,
        sms_code_command: SmsOption = None,
        login: LoginOption = "auto",
        login_timeout: LoginTimeoutOption = DEFAULT_TIMEOUT_S,
        browser_ws: BrowserWsOption = None,
        max_rate: MaxRateOption = None,
        json_mode: JsonOption = False,
        lang: LangOption = "zh",
        debug: DebugOption = False,
    ) -> None:
        """校验资料、核对条件、登录填表、读回预览核对，经人工确认后提交，记录办件编号。"""
        from autofill.browser.polite import politeness
        from autofill.flow import run_application

        with command_errors(json_mode, debug, lang, runs_dir or default_runs_dir()):
            limits = politeness(portal_url is not None, None, max_rate, lang=lang)
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
            connect = connector(portal_url, layout, ctx.runs_dir, sms_code_command, lang)
            result = run_application(profile, ctx, connect)
        _show(result, json_mode, lang)

    @app.command("submit")
    def submit_command(
        run_id: Annotated[str, typer.Argument(help=help_text("submit.run_id"))],
        digest: Annotated[
            str | None,
            typer.Option("--digest", help=help_text("submit.digest")),
        ] = None,
        portal_url: PortalUrlOption = None,
        headed: HeadedOption = False,
        slow_mo: SlowMoOption = 0,
        device: DeviceOption = None,
        layout: LayoutOption = None,
        portal_texts: TextsOption = None,
        runs_dir: RunsDirOption = None,
        no_trace: NoTraceOption = False,
        sms_code_command: SmsOption = None,
        login: LoginOption = "auto",
        login_timeout: LoginTimeoutOption = DEFAULT_TIMEOUT_S,
        json_mode: JsonOption = False,
        lang: LangOption = "zh",
        debug: DebugOption = False,
    ) -> None:
        """完成停在预览的运行：重新登录、打开草稿预览、核对摘要、确认后提交。"""
        from autofill.confirm import DigestConfirmer
        from autofill.flow import submit_run

        with command_errors(json_mode, debug, lang, runs_dir or default_runs_dir()):
            confirm = DigestConfirmer(digest, err_console, lang) if digest else None
            ctx = run_context(
                json_mode,
                lang,
                runs_dir,
                portal_texts,
                headed,
                slow_mo,
                device,
                no_trace,
                confirm,
                login=login,
                login_timeout=login_timeout,
            )
            connect = connector(portal_url, layout, ctx.runs_dir, sms_code_command, lang)
            result = submit_run(run_id, ctx, connect)
        _show(result, json_mode, lang)

    @app.command("amend")
    def amend_command(
        run_id: Annotated[str, typer.Argument(help=help_text("amend.run_id"))],
        file: Annotated[
            list[str] | None,
            typer.Option(
                "--file",
                help=help_text("amend.file"),
            ),
        ] = None,
        digest: Annotated[
            str | None,
            typer.Option("--digest", help=help_text("amend.digest")),
        ] = None,
        portal_url: PortalUrlOption = None,
        headed: HeadedOption = False,
        slow_mo: SlowMoOption = 0,
        device: DeviceOption = None,
        layout: LayoutOption = None,
        portal_texts: TextsOption = None,
        runs_dir: RunsDirOption = None,
        no_trace: NoTraceOption = False,
        sms_code_command: SmsOption = None,
        login: LoginOption = "auto",
        login_timeout: LoginTimeoutOption = DEFAULT_TIMEOUT_S,
        json_mode: JsonOption = False,
        lang: LangOption = "zh",
        debug: DebugOption = False,
    ) -> None:
        """答复退回补正：重新上传门户要求的材料，经人工确认后点击“重新提交”（只提交一次）。"""
        from autofill.amend import amend_run, parse_files
        from autofill.confirm import DigestConfirmer

        with command_errors(json_mode, debug, lang, runs_dir or default_runs_dir()):
            confirm = DigestConfirmer(digest, err_console, lang) if digest else None
            ctx = run_context(
                json_mode,
                lang,
                runs_dir,
                portal_texts,
                headed,
                slow_mo,
                device,
                no_trace,
                confirm,
                login=login,
                login_timeout=login_timeout,
            )
            files = parse_files(file or [], ctx.texts, lang)
            connect = connector(portal_url, layout, ctx.runs_dir, sms_code_command, lang)
            result = amend_run(run_id, files, ctx, connect)
        _show(result, json_mode, lang)

    @app.command("status")
    def status_command(
        run_id: Annotated[str | None, typer.Argument(help=help_text("status.run_id"))] = None,
        case: Annotated[str | None, typer.Option("--case", help=help_text("status.case"))] = None,
        profile: Annotated[
            Path | None, typer.Option("--profile", help=help_text("status.profile"))
        ] = None,
        wait: Annotated[
            bool,
            typer.Option("--wait", help=help_text("status.wait")),
        ] = False,
        timeout: Annotated[
            float, typer.Option("--timeout", help=help_text("status.timeout"), min=1)
        ] = 600,
        interval: Annotated[
            float, typer.Option("--interval", help=help_text("status.interval"), min=1)
        ] = 30,
        portal_url: PortalUrlOption = None,
        headed: HeadedOption = False,
        slow_mo: SlowMoOption = 0,
        device: DeviceOption = None,
        layout: LayoutOption = None,
        portal_texts: TextsOption = None,
        runs_dir: RunsDirOption = None,
        sms_code_command: SmsOption = None,
        login: LoginOption = "auto",
        login_timeout: LoginTimeoutOption = DEFAULT_TIMEOUT_S,
        json_mode: JsonOption = False,
        lang: LangOption = "zh",
        debug: DebugOption = False,
    ) -> None:
        """查询办件状态、审核意见、补贴金额与发放时间；--wait 轮询到最终状态。"""
        from autofill.profile import load_profile
        from autofill.status import PollPlan, follow_case

        with command_errors(json_mode, debug, lang, runs_dir or default_runs_dir()):
            ctx = run_context(
                json_mode,
                lang,
                runs_dir,
                portal_texts,
                headed,
                slow_mo,
                device,
                True,
                login=login,
                login_timeout=login_timeout,
            )
            folder, case_no, profile_path = _status_target(
                ctx.runs_dir, run_id, case, profile, lang
            )
            connect = connector(portal_url, layout, ctx.runs_dir, sms_code_command, lang)
            applicant = load_profile(profile_path, lang=lang)
            plan = PollPlan(timeout_s=timeout, interval_s=interval) if wait else None
            result = follow_case(ctx, connect, applicant, case_no, folder, plan)
        _show(result, json_mode, lang)

    runs_app = typer.Typer(help=help_text("runs"), invoke_without_command=True)

    @runs_app.callback()
    def runs_command(
        ctx: typer.Context,
        runs_dir: RunsDirOption = None,
        json_mode: JsonOption = False,
        lang: LangOption = "zh",
    ) -> None:
        """列出运行记录：状态、办件编号、预览摘要。"""
        if ctx.invoked_subcommand is not None:
            ctx.obj = {"runs_dir": runs_dir, "json": json_mode, "lang": lang}
            return
        base = runs_dir or default_runs_dir()
        with command_errors(json_mode, lang=lang, runs_dir=base):
            if base.exists() and not base.is_dir():
                readable_runs_dir(base, lang)
            folders, skipped = scan_runs(base)
        warnings = [
            {
                "path": e.errors[0]["path"],
                "message": t(
                    "runs.skipped", lang, path=e.errors[0]["path"], detail=e.errors[0]["message"]
                ),
            }
            for e in skipped
        ]
        for warning in warnings:
            err_console.print(f"[yellow]{escape(warning['message'])}[/]", soft_wrap=True)
        if json_mode:
            emit_json(
                {
                    "exit_code": 0,
                    "message": t("runs.count", lang, count=len(folders)),
                    "runs": [_run_summary(f) for f in folders],
                    "warnings": warnings,
                }
            )
            raise typer.Exit()
        title = t("runs.title", lang, path=runs_dir or default_runs_dir())
        view = _runs_view(folders, title, err_console.width, lang)
        err_console.print(view if folders else t("runs.none", lang))
        raise typer.Exit()

    @runs_app.command("show")
    def runs_show(
        ctx: typer.Context,
        run_id: Annotated[str, typer.Argument(help=help_text("runs_show.run_id"))],
        runs_dir: RunsDirOption = None,
        json_mode: JsonOption = False,
        lang: LangOption = "zh",
        debug: DebugOption = False,
    ) -> None:
        """显示一个运行的记录与文件。"""
        parent = ctx.obj or {}
        base = runs_dir or parent.get("runs_dir") or default_runs_dir()
        as_json = json_mode or parent.get("json", False)
        if lang == "zh":  # `autofill runs --lang en show RUN_ID` as well
            lang = parent.get("lang", lang)
        with command_errors(as_json, debug, lang=lang, runs_dir=base):
            folder = RunFolder.open(base, run_id, lang=lang)
        summary = _run_summary(folder)
        if as_json:
            emit_json(
                {
                    "exit_code": 0,
                    "message": t("runs.show.title", lang, run_id=run_id),
                    **summary,
                    "record": asdict(folder.record),
                }
            )
            raise typer.Exit()
        _show_run(folder, lang)
        raise typer.Exit()

    purge.register(runs_app)
    app.add_typer(runs_app, name="runs")


def _show_run(folder: RunFolder, lang: str) -> None:
    """`autofill runs show` for people: the steps and their times, the files, the case."""
    from rich.table import Table

    from autofill.confirm import comparison_table
    from autofill.status import describe

    r = folder.record
    title = t("runs.show.title", lang, run_id=r.run_id)
    err_console.print(f"[bold]{title}[/]  {state_name(r.state, lang)}", keep=(r.run_id,))
    steps = Table.grid(padding=(0, 2))
    steps.add_column(no_wrap=True)
    steps.add_column(overflow="fold")
    for state in STATES:
        if state in r.steps:
            steps.add_row(f"  {state_name(state, lang)}", shanghai_time(r.steps[state]))
    err_console.print(steps)
    err_console.print(t("runs.show.profile", lang, path=escape(r.profile)))
    embedded = t("runs.show.embedded", lang) if r.embedded else ""
    err_console.print(t("runs.show.portal", lang, url=r.portal_url or "") + embedded)
    compared = _saved_comparison(folder)
    if compared:
        err_console.print(comparison_table(compared, lang=lang))
    if r.digest:
        err_console.print(t("runs.show.digest", lang, digest=r.digest), keep=(r.digest,))
    if r.confirmation:
        how, at = r.confirmation.get("how"), shanghai_time(r.confirmation.get("at"))
        err_console.print(t("runs.show.confirmation", lang, how=how, at=at))
    if r.case_no:
        err_console.print(
            describe(r.case_no, r.status or {}, run_id=r.run_id),
            soft_wrap=True,
            keep=(r.case_no,),
        )
    for a in r.amendments:
        labels = [i["label"] for i in a.get("items", [])]
        items = t("cli.list_separator", lang).join(labels) or t("runs.show.not_uploaded", lang)
        done = a.get("resubmitted_at")
        state = (
            t("runs.show.resubmitted", lang, at=shanghai_time(done))
            if done
            else t("runs.show.not_resubmitted", lang)
        )
        digest = a.get("digest", "")
        line = t("runs.show.amendment", lang, n=a["n"], items=items, digest=digest, state=state)
        err_console.print(line, soft_wrap=True)
    if r.last_error:
        message = escape(str(r.last_error.get("message", "")))
        err_console.print(f"[red]{t('runs.show.last_error', lang, message=message)}[/]")
    err_console.print(t("runs.show.files", lang))
    for path in sorted(folder.path.iterdir()):
        if not path.name.startswith("."):
            err_console.print(f"  {path.name}")


#: the columns of `autofill runs`; those `submit` and `status` take are never cut nor wrapped
RUN_COLUMNS = ("run_id", "state", "case_no", "status", "digest", "updated")
WHOLE_COLUMNS = ("run_id", "case_no", "digest")
#: below this width the update time is left out; below NARROW_WIDTH one block per run instead
FULL_WIDTH = 100
NARROW_WIDTH = 72


def _runs_view(
    folders: list[RunFolder], title: str, width: int, lang: str = "zh"
) -> "RenderableType":
    """The run list at the console's width: the run id, case number and digest always whole.

    `submit` and `status` need the run id, and `submit --digest` the digest, copied exactly:
    the state columns wrap and the update time goes first; on a very narrow terminal each run
    gets a few lines of its own instead of a table row.
    """
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    rows = [
        (
            r.run_id,
            state_name(r.state, lang),
            r.case_no or "",
            (r.status or {}).get("status", ""),
            r.digest or "",
            shanghai_time(r.updated_at)[5:16],
        )
        for r in (f.record for f in folders)
    ]
    names = [t(f"runs.column.{column}", lang) for column in RUN_COLUMNS]
    if width < NARROW_WIDTH:
        blocks = []
        for row in rows:
            colon = t("click.heading", lang, heading="")
            lines = [Text(f"{names[0]}{colon}{row[0]}  {names[1]}{colon}{row[1]}")]
            lines += [
                Text(f"  {name}{colon}{value}")
                for name, value in zip(names[2:], row[2:], strict=True)
                if value
            ]
            blocks.append(Text("\n").join(lines))
        return Group(Text(title), *blocks)
    shown = RUN_COLUMNS if width >= FULL_WIDTH else RUN_COLUMNS[:-1]
    table = Table(title=title)
    for column, name in zip(shown, names, strict=False):
        whole = column in WHOLE_COLUMNS
        table.add_column(name, no_wrap=whole, overflow="fold", min_width=None if whole else 6)
    for row in rows:
        table.add_row(*row[: len(shown)])
    return table


def _saved_comparison(folder: RunFolder) -> "list[Comparison]":
    """The comparison saved in preview.json (empty before the preview, or if unreadable)."""
    from autofill.evidence import Comparison

    try:
        data = json.loads(folder.file("preview.json").read_text(encoding="utf-8"))
        return [Comparison(**line) for line in data.get("comparison", [])]
    except (OSError, ValueError, TypeError, AttributeError):
        return []


def _run_summary(folder: RunFolder) -> dict[str, Any]:
    r = folder.record
    return {
        "run_id": r.run_id,
        "state": r.state,
        "case_no": r.case_no,
        "status": (r.status or {}).get("status"),
        "digest": r.digest,
        "updated_at": r.updated_at,
        "run_dir": str(folder.path),
    }


def _status_target(
    runs_dir: Path, run_id: str | None, case_no: str | None, profile: Path | None, lang: str = "zh"
) -> tuple[RunFolder | None, str, Path]:
    """The run (if any), the case number and the profile to log in with."""
    if run_id:
        folder = RunFolder.open(runs_dir, run_id, lang=lang)
        if not folder.record.case_no:
            raise BadInput(
                t(
                    "status.no_case_yet",
                    lang,
                    run_id=run_id,
                    state=state_name(folder.record.state, lang),
                ),
                errors=[{"path": "RUN_ID", "message": "no case number yet"}],
            )
        return folder, folder.record.case_no, Path(profile or folder.record.profile)
    if not case_no:
        raise BadInput(
            t("status.target_missing", lang), errors=[{"path": "RUN_ID", "message": "missing"}]
        )
    owner = next((f for f in list_runs(runs_dir) if f.record.case_no == case_no), None)
    if profile is None and owner is None:
        raise BadInput(
            t("status.case_unknown", lang, case_no=case_no),
            errors=[{"path": "--profile", "message": "missing"}],
        )
    return owner, case_no, Path(profile or owner.record.profile)  # type: ignore[union-attr]
