"""`autofill run`, `submit`, `status` and `runs`: the application itself, from profile to case."""

from __future__ import annotations

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
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from autofill.browser.find import find_browser
from autofill.cli import purge
from autofill.cli.common import (
    DebugOption,
    JsonOption,
    LangOption,
    check_lang,
    command_errors,
    emit_json,
    err_console,
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

    from autofill.evidence import Comparison
    from autofill.flow import Connector, PortalAccess, RunContext, RunResult
    from autofill.portal.texts import PortalTexts

PortalUrlOption = Annotated[
    str | None,
    typer.Option("--portal-url", help="门户地址；不给则在本机启动内置的模拟门户（演练）。"),
]
HeadedOption = Annotated[bool, typer.Option("--headed", help="显示浏览器窗口。")]
SlowMoOption = Annotated[
    float, typer.Option("--slow-mo", help="每个浏览器动作放慢的毫秒数。", min=0)
]
DeviceOption = Annotated[
    str | None, typer.Option("--device", help='模拟的设备，例如 "iPhone 13"（Playwright 设备名）。')
]
LayoutOption = Annotated[
    str | None, typer.Option("--layout", help="内置模拟门户的版式：classic 或 modern。")
]
TextsOption = Annotated[
    Path | None,
    typer.Option(
        "--portal-texts", help="门户字样映射文件（JSON 或 YAML），覆盖默认的标题、标签与按钮名。"
    ),
]
RunsDirOption = Annotated[
    Path | None,
    typer.Option("--runs-dir", envvar="AUTOFILL_RUNS_DIR", help="运行记录目录（默认 ./runs）。"),
]
NoTraceOption = Annotated[
    bool, typer.Option("--no-trace", help="不保存 Playwright 追踪文件 trace.zip。")
]
LoginOption = Annotated[
    str,
    typer.Option(
        "--login",
        help="谁来登录：auto（默认，工具登录；遇图形验证码、扫码或统一身份认证页则停下，退出码 5）"
        "或 manual（打开浏览器窗口由您登录，之后工具继续）。",
    ),
]
LoginTimeoutOption = Annotated[
    float,
    typer.Option(
        "--login-timeout", help="--login manual 等待您登录的最长秒数（默认 300）。", min=1
    ),
]
BrowserWsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--browser-ws",
        help="远程浏览器服务（playwright run-server）的 ws:// 地址，代替在本机启动 Chromium；"
        "可给多次，批量办理时申请人分摊到各服务。",
    ),
]
MaxRateOption = Annotated[
    int | None,
    typer.Option(
        "--max-rate",
        help="每分钟最多的页面加载次数（含重试；0 为不限）。用 --portal-url 时默认 60，"
        "内置模拟门户默认不限。",
    ),
]
SmsOption = Annotated[
    str | None,
    typer.Option("--sms-code-command", help="输出短信验证码的命令（不给则在终端询问）。"),
]

STATE_NAMES = {
    "validated": "已校验",
    "checked": "已核对条件",
    "logged_in": "已登录",
    "filled": "已填表",
    "previewed": "已预览",
    "confirmed": "已确认",
    "submitted": "已提交",
    "status": "已查询状态",
}


class Progress(NullObserver):
    """Shows each finished step in Chinese on stderr."""

    def __init__(self, lang: str = "zh", quiet: bool = False) -> None:
        self.lang = lang
        self.quiet = quiet
        self.started: dict[str, float] = {}

    def step_started(self, step: str, page: Page | None, target: Locator | None) -> None:
        self.started[step] = time.monotonic()

    def step_finished(self, step: str, page: Page | None) -> None:
        if self.quiet:
            return
        took = time.monotonic() - self.started.pop(step, time.monotonic())
        err_console.print(f"[green]✓[/] {escape(step_title(step, self.lang))} [dim]{took:.1f}s[/]")


def _sms_source(command: str | None) -> Callable[[], str]:
    def from_command() -> str:
        assert command is not None
        done = subprocess.run(
            shlex.split(command), capture_output=True, text=True, timeout=60, check=False
        )
        code = re.search(r"\d{4,8}", done.stdout)
        if done.returncode != 0 or code is None:
            raise BadInput(
                f"--sms-code-command 没有输出验证码（退出码 {done.returncode}）",
                errors=[
                    {"path": "--sms-code-command", "message": mask_text(done.stderr.strip()[:200])}
                ],
            )
        return code.group(0)

    def from_terminal() -> str:
        err_console.print("请输入手机收到的短信验证码：", end="")
        return sys.stdin.readline().strip()

    return from_command if command else from_terminal


def _connector(
    portal_url: str | None, layout: str | None, runs_dir: Path, sms_command: str | None
) -> Connector:
    from autofill.flow import PortalAccess
    from autofill.session import Credentials

    if layout is not None and layout not in ("classic", "modern"):
        raise BadInput(
            "--layout 只能是 classic 或 modern", errors=[{"path": "--layout", "message": layout}]
        )
    if portal_url is None:
        from autofill.rehearsal.embedded import embedded_portal

        @contextmanager
        def embedded(profile: Any) -> Iterator[PortalAccess]:
            with embedded_portal(runs_dir, profile, layout) as access:
                if sms_command:
                    access.credentials.sms_code = _sms_source(sms_command)
                yield access

        return embedded
    if layout is not None:
        raise BadInput(
            "--layout 只用于内置的模拟门户，不能与 --portal-url 同用",
            errors=[{"path": "--layout", "message": "embedded portal only"}],
        )
    password_box: list[str] = []

    @contextmanager
    def remote(profile: Any) -> Iterator[PortalAccess]:
        if not password_box:
            password = os.environ.get("AUTOFILL_PASSWORD") or getpass.getpass(
                "门户登录密码（不会保存）：", stream=sys.stderr
            )
            password_box.append(password)
        yield PortalAccess(
            url=portal_url,
            credentials=Credentials(
                profile.applicant.id_number, password_box[0], _sms_source(sms_command)
            ),
            embedded=False,
        )

    return remote


def _context(
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
) -> RunContext:
    """The run's settings checked; `max_rate` is the page loads a minute already resolved
    (`autofill.browser.polite.politeness`), None for no limit."""
    from autofill.browser.context import BrowserOptions, check_device
    from autofill.confirm import TerminalConfirmer
    from autofill.flow import RunContext
    from autofill.portal.texts import load_texts

    check_lang(lang)
    texts: PortalTexts = load_texts(texts_file)
    login_options = login_options_of(login, login_timeout, lang)
    endpoints = tuple(browser_ws or ())
    if endpoints:
        from autofill.browser.remote import probe

        for endpoint in endpoints:  # a dead server: exit 2 before a run folder exists
            probe(endpoint)
    else:
        find_browser()  # no browser: exit 2 before a run folder exists
    check_device(device)
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
            f"--login 只能是 auto 或 manual：{mode}",
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


def _show_rehearsal_limits(result: RunResult, lang: str) -> None:
    if result.rehearsal:
        # the embedded mock was given the profile's own certificate and insurance record
        for line in rehearsal_limits(lang):
            err_console.print(escape(line), soft_wrap=True, highlight=False, style="yellow")


def _show(result: RunResult, json_mode: bool, lang: str = "zh") -> None:
    if json_mode:
        _show_rehearsal_limits(result, lang)
        emit_json(result.as_json())
        raise typer.Exit(code=result.exit_code)
    if result.exit_code == 4 and result.comparison:
        from autofill.confirm import comparison_table

        err_console.print(comparison_table(result.comparison))
    colour = {0: "green", 5: "yellow"}.get(result.exit_code, "red")
    keep = (result.run_id, result.digest, result.case_no)
    err_console.print(
        f"[bold {colour}]{escape(mask_text(result.message, keep))}[/]", soft_wrap=True, keep=keep
    )
    for item in result.errors:
        if result.exit_code == 4 and result.comparison:
            break
        err_console.print(
            f"  • {escape(item.get('path', ''))}: {escape(mask_text(item.get('message', '')))}"
        )
    if result.folder is not None:
        err_console.print(f"运行记录：{result.folder}", soft_wrap=True)
    _show_rehearsal_limits(result, lang)
    raise typer.Exit(code=result.exit_code)


def register(app: typer.Typer) -> None:
    """Adds `run`, `submit`, `status` and `runs` to the `autofill` app."""

    @app.command("run")
    def run_command(
        profile: Annotated[Path, typer.Argument(help="申请人资料文件（JSON）。")],
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
            limits = politeness(portal_url is not None, None, max_rate)
            ctx = _context(
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
            connect = _connector(portal_url, layout, ctx.runs_dir, sms_code_command)
            result = run_application(profile, ctx, connect)
        _show(result, json_mode, lang)

    @app.command("submit")
    def submit_command(
        run_id: Annotated[str, typer.Argument(help="停在预览的运行编号（见 autofill runs）。")],
        digest: Annotated[
            str | None,
            typer.Option("--digest", help="已核对的预览摘要；给出则不再询问，摘要不符则不提交。"),
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
            confirm = DigestConfirmer(digest, err_console) if digest else None
            ctx = _context(
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
            connect = _connector(portal_url, layout, ctx.runs_dir, sms_code_command)
            result = submit_run(run_id, ctx, connect)
        _show(result, json_mode, lang)

    @app.command("amend")
    def amend_command(
        run_id: Annotated[
            str, typer.Argument(help="办件被退回补正的运行编号（见 autofill runs）。")
        ],
        file: Annotated[
            list[str] | None,
            typer.Option(
                "--file",
                help="补正材料：材料名=文件路径（材料名按门户的写法，如 证书等级页=new.jpg）；可给多次。"
                "不给则取资料中 documents 的文件。",
            ),
        ] = None,
        digest: Annotated[
            str | None,
            typer.Option(
                "--digest", help="已核对的补正摘要；给出则不再询问，摘要不符则不重新提交。"
            ),
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
            confirm = DigestConfirmer(digest, err_console) if digest else None
            ctx = _context(
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
            files = parse_files(file or [], ctx.texts)
            connect = _connector(portal_url, layout, ctx.runs_dir, sms_code_command)
            result = amend_run(run_id, files, ctx, connect)
        _show(result, json_mode)

    @app.command("status")
    def status_command(
        run_id: Annotated[str | None, typer.Argument(help="运行编号。")] = None,
        case: Annotated[
            str | None, typer.Option("--case", help="办件编号（代替运行编号）。")
        ] = None,
        profile: Annotated[
            Path | None, typer.Option("--profile", help="与 --case 同用：登录所用的申请人资料。")
        ] = None,
        wait: Annotated[
            bool,
            typer.Option(
                "--wait", help="等到最终状态（审核不通过、已发放），或退回补正（退出码 5）。"
            ),
        ] = False,
        timeout: Annotated[
            float, typer.Option("--timeout", help="--wait 最长等待秒数。", min=1)
        ] = 600,
        interval: Annotated[
            float, typer.Option("--interval", help="--wait 两次查询的起始间隔秒数。", min=1)
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
            ctx = _context(
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
            folder, case_no, profile_path = _status_target(ctx.runs_dir, run_id, case, profile)
            connect = _connector(portal_url, layout, ctx.runs_dir, sms_code_command)
            applicant = load_profile(profile_path, lang=lang)
            plan = PollPlan(timeout_s=timeout, interval_s=interval) if wait else None
            result = follow_case(ctx, connect, applicant, case_no, folder, plan)
        _show(result, json_mode, lang)

    runs_app = typer.Typer(help="列出运行记录，或查看其中一个。", invoke_without_command=True)

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
                    "message": f"{len(folders)} 个运行",
                    "runs": [_run_summary(f) for f in folders],
                    "warnings": warnings,
                }
            )
            raise typer.Exit()
        title = f"运行记录（{runs_dir or default_runs_dir()}）"
        view = _runs_view(folders, title, err_console.width)
        err_console.print(view if folders else "还没有运行记录。")
        raise typer.Exit()

    @runs_app.command("show")
    def runs_show(
        ctx: typer.Context,
        run_id: Annotated[str, typer.Argument(help="运行编号。")],
        runs_dir: RunsDirOption = None,
        json_mode: JsonOption = False,
    ) -> None:
        """显示一个运行的记录与文件。"""
        from autofill.confirm import comparison_table
        from autofill.status import describe

        parent = ctx.obj or {}
        base = runs_dir or parent.get("runs_dir") or default_runs_dir()
        as_json = json_mode or parent.get("json", False)
        with command_errors(as_json, lang=parent.get("lang", "zh"), runs_dir=base):
            folder = RunFolder.open(base, run_id)
        summary = _run_summary(folder)
        if as_json:
            emit_json(
                {
                    "exit_code": 0,
                    "message": f"运行 {run_id}",
                    **summary,
                    "record": asdict(folder.record),
                }
            )
            raise typer.Exit()
        r = folder.record
        err_console.print(f"[bold]运行 {r.run_id}[/]  {STATE_NAMES.get(r.state, r.state)}")
        steps = Table.grid(padding=(0, 2))
        steps.add_column(no_wrap=True)
        steps.add_column(overflow="fold")
        for state in STATES:
            if state in r.steps:
                steps.add_row(f"  {STATE_NAMES[state]}", r.steps[state])
        err_console.print(steps)
        err_console.print(f"资料：{escape(r.profile)}")
        err_console.print(f"门户：{r.portal_url or ''}{'（内置模拟门户）' if r.embedded else ''}")
        compared = _saved_comparison(folder)
        if compared:
            err_console.print(comparison_table(compared))
        if r.digest:
            err_console.print(f"预览摘要：{r.digest}")
        if r.confirmation:
            err_console.print(f"确认：{r.confirmation.get('how')} {r.confirmation.get('at')}")
        if r.case_no:
            err_console.print(
                describe(r.case_no, r.status or {}, run_id=r.run_id),
                soft_wrap=True,
                keep=(r.case_no,),
            )
        for a in r.amendments:
            items = "、".join(i["label"] for i in a.get("items", [])) or "（未上传）"
            done = a.get("resubmitted_at")
            err_console.print(
                f"补正 {a['n']}：{items}；摘要 {a.get('digest', '')}；"
                + (f"已重新提交 {done}" if done else "尚未重新提交"),
                soft_wrap=True,
            )
        if r.last_error:
            err_console.print(f"[red]最近的错误：{escape(str(r.last_error.get('message', '')))}[/]")
        err_console.print("文件：")
        for path in sorted(folder.path.iterdir()):
            if not path.name.startswith("."):
                err_console.print(f"  {path.name}")
        raise typer.Exit()

    purge.register(runs_app)
    app.add_typer(runs_app, name="runs")


#: the columns of `autofill runs`; those `submit` and `status` take are never cut nor wrapped
RUN_COLUMNS = ("运行编号", "状态", "办件编号", "办件状态", "预览摘要", "更新时间")
WHOLE_COLUMNS = ("运行编号", "办件编号", "预览摘要")
#: below this width the update time is left out; below NARROW_WIDTH one block per run instead
FULL_WIDTH = 100
NARROW_WIDTH = 72


def _runs_view(folders: list[RunFolder], title: str, width: int) -> RenderableType:
    """The run list at the console's width: the run id, case number and digest always whole.

    `submit` and `status` need the run id, and `submit --digest` the digest, copied exactly:
    the state columns wrap and the update time goes first; on a very narrow terminal each run
    gets a few lines of its own instead of a table row.
    """
    rows = [
        (
            r.run_id,
            STATE_NAMES.get(r.state, r.state),
            r.case_no or "",
            (r.status or {}).get("status", ""),
            r.digest or "",
            r.updated_at[5:16].replace("T", " "),
        )
        for r in (f.record for f in folders)
    ]
    if width < NARROW_WIDTH:
        blocks = []
        for row in rows:
            lines = [Text(f"{RUN_COLUMNS[0]}：{row[0]}  {RUN_COLUMNS[1]}：{row[1]}")]
            lines += [
                Text(f"  {name}：{value}")
                for name, value in zip(RUN_COLUMNS[2:], row[2:], strict=True)
                if value
            ]
            blocks.append(Text("\n").join(lines))
        return Group(Text(title), *blocks)
    shown = RUN_COLUMNS if width >= FULL_WIDTH else RUN_COLUMNS[:-1]
    table = Table(title=title)
    for column in shown:
        whole = column in WHOLE_COLUMNS
        table.add_column(column, no_wrap=whole, overflow="fold", min_width=None if whole else 6)
    for row in rows:
        table.add_row(*row[: len(shown)])
    return table


def _saved_comparison(folder: RunFolder) -> list[Comparison]:
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
    runs_dir: Path, run_id: str | None, case_no: str | None, profile: Path | None
) -> tuple[RunFolder | None, str, Path]:
    """The run (if any), the case number and the profile to log in with."""
    if run_id:
        folder = RunFolder.open(runs_dir, run_id)
        if not folder.record.case_no:
            raise BadInput(
                f"运行 {run_id} 还没有办件编号（当前：{STATE_NAMES.get(folder.record.state)}）",
                errors=[{"path": "RUN_ID", "message": "no case number yet"}],
            )
        return folder, folder.record.case_no, Path(profile or folder.record.profile)
    if not case_no:
        raise BadInput(
            "请给出运行编号或 --case 办件编号", errors=[{"path": "RUN_ID", "message": "missing"}]
        )
    owner = next((f for f in list_runs(runs_dir) if f.record.case_no == case_no), None)
    if profile is None and owner is None:
        raise BadInput(
            f"找不到办件 {case_no} 的运行记录；请用 --profile 指定登录所用的申请人资料",
            errors=[{"path": "--profile", "message": "missing"}],
        )
    return owner, case_no, Path(profile or owner.record.profile)  # type: ignore[union-attr]
