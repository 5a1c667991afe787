"""`autofill scenario run|schema` and `autofill demo`: scenarios for QA and training."""

import json
import os
import time
from pathlib import Path
from typing import Annotated

import typer

from autofill.cli.common import (
    DebugOption,
    JsonOption,
    LangOption,
    check_lang,
    command_errors,
    err_console,
    finish,
    out_console,
)
from autofill.errors import ExitCode

scenario_app = typer.Typer(
    name="scenario",
    help="场景：一个文件描述一种情形（门户设置、档案、操作员的回答、预期结果）。",
    no_args_is_help=True,
)


def _default_workers() -> int:
    # each worker is a browser plus a portal: two fit on a 2-core machine
    return max(1, min(2, os.cpu_count() or 1))


@scenario_app.command("run")
def run_command(
    paths: Annotated[list[Path], typer.Argument(help="场景文件或包含场景文件的目录。")],
    workers: Annotated[
        int,
        typer.Option(
            "--workers", "-j", min=1, help="并行的工作进程数（每个一个浏览器和一个模拟门户）。"
        ),
    ] = _default_workers(),
    junit: Annotated[
        Path | None,
        typer.Option(
            "--junit", help="同时把结果写成 JUnit XML（CI 系统读取的格式），每个场景一个测试用例。"
        ),
    ] = None,
    json_mode: JsonOption = False,
    lang: LangOption = "zh",
    debug: DebugOption = False,
) -> None:
    """逐个场景在全新的模拟门户上运行，打印结果表；有未达预期的场景时退出码为 7。"""
    from autofill.scenarios.files import collect
    from autofill.scenarios.runner import ScenarioResult, run_scenarios

    check_lang(lang)
    with command_errors(json_mode, debug, lang):
        files = collect(paths)
        err_console.print(f"运行 {len(files)} 个场景，{min(workers, len(files))} 个工作进程…")

        def progress(result: ScenarioResult) -> None:
            mark = "[green]通过[/]" if result.passed else "[red]未通过[/]"
            err_console.print(f"  {mark} {result.name}（{result.seconds:.1f} 秒）")

        started = time.monotonic()
        results = run_scenarios(files, workers=workers, on_result=progress)
        wall = time.monotonic() - started
        if junit is not None:
            from autofill.scenarios.junit import write_junit

            write_junit(junit, results, wall)
    missed = [r for r in results if not r.passed]
    total = sum(r.seconds for r in results)
    code = ExitCode.SCENARIO_MISSED if missed else ExitCode.OK
    message = f"{len(results) - len(missed)}/{len(results)} 个场景通过" + (
        f"，未通过：{'、'.join(r.name for r in missed)}" if missed else ""
    )

    def human() -> None:
        from rich.table import Table

        table = Table(title="场景结果", show_lines=False)
        for column in ("场景", "标题", "预期", "实际", "结果", "秒"):
            table.add_column(column, overflow="fold")
        for r in results:
            table.add_row(
                r.name,
                r.title,
                r.expected,
                r.got,
                "[green]通过[/]" if r.passed else "[red]未通过[/]",
                f"{r.seconds:.1f}",
            )
        out_console.print(table)
        for r in missed:
            err_console.print(f"[red]{r.name}[/]：")
            for p in r.problems:
                err_console.print(f"  • {p}")
        err_console.print(f"{message}（用时 {wall:.1f} 秒，各场景合计 {total:.1f} 秒）")

    finish(
        {
            "exit_code": int(code),
            "message": message,
            "passed": len(results) - len(missed),
            "failed": len(missed),
            "seconds": round(wall, 1),
            "results": [r.as_json() for r in results],
        },
        json_mode,
        human,
    )


@scenario_app.command("schema")
def schema_command() -> None:
    """打印场景文件的 JSON Schema（编辑器可用它补全和检查）。"""
    from autofill.scenarios.files import scenario_schema

    typer.echo(json.dumps(scenario_schema(), ensure_ascii=False, indent=2))


def demo_command(
    scenario: Annotated[Path, typer.Argument(help="要演示的场景文件。")],
    headless: Annotated[
        bool, typer.Option("--headless", help="不显示浏览器窗口（无显示器时用）。")
    ] = False,
    slow_mo: Annotated[
        float, typer.Option("--slow-mo", min=0, help="每个浏览器操作之间放慢的毫秒数。")
    ] = 600,
    step: Annotated[
        bool,
        typer.Option("--step", help="每一步开始前暂停（说明已显示在页面上），讲完按回车继续。"),
    ] = False,
    handout: Annotated[
        Path | None, typer.Option("--handout", help="写出讲义（HTML，每步一张截图）。")
    ] = None,
    pdf: Annotated[Path | None, typer.Option("--pdf", help="同时把讲义打印成 PDF（A4）。")] = None,
    device: Annotated[
        str | None, typer.Option("--device", help='Playwright 设备名，如 "iPhone 13"。')
    ] = None,
    layout: Annotated[
        str | None, typer.Option("--layout", help="门户界面：classic 或 modern（覆盖场景的设置）。")
    ] = None,
    json_mode: JsonOption = False,
    lang: LangOption = "zh",
    debug: DebugOption = False,
) -> None:
    """培训演示：放慢的浏览器，每一步在页面上显示中文说明并高亮正在操作的控件。"""
    from autofill.training.demo import run_demo

    check_lang(lang)
    if layout not in (None, "classic", "modern"):
        raise typer.BadParameter("--layout 只能是 classic 或 modern")
    with command_errors(json_mode, debug, lang):
        result = run_demo(
            scenario,
            headless=headless,
            slow_mo=slow_mo,
            pause=step,
            handout=handout,
            pdf=pdf,
            device=device,
            layout=layout,
        )
    finish(result, json_mode)


def register(app: typer.Typer) -> None:
    """Adds `scenario run|schema` and `demo` to the `autofill` app."""
    app.add_typer(scenario_app, name="scenario")
    app.command("demo")(demo_command)
