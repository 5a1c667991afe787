"""`autofill scenario run|schema` and `autofill demo`: scenarios for QA and training."""

import json
import os
import time
from pathlib import Path
from typing import Annotated

import typer

from autofill.cli.common import (
    check_lang,
    command_errors,
    err_console,
    finish,
    out_console,
)
from autofill.cli.options import DebugOption, JsonOption, LangOption, help_text
from autofill.errors import ExitCode
from autofill.messages import t

scenario_app = typer.Typer(
    name="scenario",
    help=help_text("scenario"),
    no_args_is_help=True,
)


def _default_workers() -> int:
    # each worker is a browser plus a portal: two fit on a 2-core machine
    return max(1, min(2, os.cpu_count() or 1))


def _mark(passed: bool, lang: str) -> str:
    return (
        f"[green]{t('scenario.passed', lang)}[/]"
        if passed
        else f"[red]{t('scenario.missed', lang)}[/]"
    )


@scenario_app.command("run")
def run_command(
    paths: Annotated[list[Path], typer.Argument(help=help_text("scenario_run.paths"))],
    workers: Annotated[
        int,
        typer.Option("--workers", "-j", min=1, help=help_text("scenario_run.workers")),
    ] = _default_workers(),
    junit: Annotated[
        Path | None,
        typer.Option("--junit", help=help_text("scenario_run.junit")),
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
        files = collect(paths, lang=lang)
        count, used = len(files), min(workers, len(files))
        err_console.print(t("scenario.running", lang, count=count, workers=used))

        def progress(result: ScenarioResult) -> None:
            seconds = f"{result.seconds:.1f}"
            mark = _mark(result.passed, lang)
            line = t("scenario.progress", lang, mark=mark, name=result.name, seconds=seconds)
            err_console.print(line)

        started = time.monotonic()
        results = run_scenarios(files, workers=workers, on_result=progress, lang=lang)
        wall = time.monotonic() - started
        if junit is not None:
            from autofill.scenarios.junit import write_junit

            write_junit(junit, results, wall)
    missed = [r for r in results if not r.passed]
    total = sum(r.seconds for r in results)
    code = ExitCode.SCENARIO_MISSED if missed else ExitCode.OK
    message = t("scenario.summary", lang, passed=len(results) - len(missed), total=len(results))
    if missed:
        names = t("cli.list_separator", lang).join(r.name for r in missed)
        message += t("scenario.summary_missed", lang, names=names)

    def human() -> None:
        from rich.table import Table

        table = Table(title=t("scenario.table_title", lang), show_lines=False)
        for column in ("name", "title", "expected", "got", "result", "seconds"):
            table.add_column(t(f"scenario.column.{column}", lang), overflow="fold")
        for r in results:
            table.add_row(
                r.name,
                r.title,
                r.expected,
                r.got,
                _mark(r.passed, lang),
                f"{r.seconds:.1f}",
            )
        out_console.print(table)
        for r in missed:
            err_console.print(f"[red]{t('scenario.missed_heading', lang, name=r.name)}[/]")
            for p in r.problems:
                err_console.print(f"  • {p}")
        timing = t(
            "scenario.timing", lang, message=message, wall=f"{wall:.1f}", total=f"{total:.1f}"
        )
        err_console.print(timing)

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
def schema_command(lang: LangOption = "zh") -> None:
    """打印场景文件的 JSON Schema（编辑器可用它补全和检查）。"""
    from autofill.scenarios.files import scenario_schema

    lang = check_lang(lang)
    typer.echo(json.dumps(scenario_schema(lang), ensure_ascii=False, indent=2))


def demo_command(
    scenario: Annotated[Path, typer.Argument(help=help_text("demo.scenario"))],
    headless: Annotated[bool, typer.Option("--headless", help=help_text("demo.headless"))] = False,
    slow_mo: Annotated[
        float, typer.Option("--slow-mo", min=0, help=help_text("demo.slow_mo"))
    ] = 600,
    step: Annotated[
        bool,
        typer.Option("--step", help=help_text("demo.step")),
    ] = False,
    handout: Annotated[
        Path | None, typer.Option("--handout", help=help_text("demo.handout"))
    ] = None,
    pdf: Annotated[Path | None, typer.Option("--pdf", help=help_text("demo.pdf"))] = None,
    device: Annotated[str | None, typer.Option("--device", help=help_text("demo.device"))] = None,
    layout: Annotated[str | None, typer.Option("--layout", help=help_text("demo.layout"))] = None,
    json_mode: JsonOption = False,
    lang: LangOption = "zh",
    debug: DebugOption = False,
) -> None:
    """培训演示：放慢的浏览器，每一步在页面上显示中文说明并高亮正在操作的控件。"""
    from autofill.training.demo import run_demo

    check_lang(lang)
    if layout not in (None, "classic", "modern"):
        raise typer.BadParameter(t("cli.layout_choice", lang))
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
