"""`autofill runs purge`: remove runs and the rehearsal portal's data, after a human's yes."""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from autofill.cli.common import check_lang, command_errors, emit_json, escape, shanghai_time
from autofill.cli.common import err_console as console
from autofill.cli.options import JsonOption, LangOption, RunsDirOption, help_text
from autofill.errors import ExitCode
from autofill.messages import t
from autofill.purge import Plan, Target, carry_out, plan_purge
from autofill.runs import default_runs_dir

if TYPE_CHECKING:
    from rich.table import Table


def human_size(size: int) -> str:
    """Bytes as a person reads them: 532 B, 1.4 MB."""
    amount = float(size)
    for unit in ("B", "KB", "MB"):
        if amount < 1024:
            return f"{amount:.0f} {unit}" if unit == "B" else f"{amount:.1f} {unit}"
        amount /= 1024
    return f"{amount:.1f} GB"


def _table(plan: Plan, lang: str) -> "Table":
    from rich.table import Table

    table = Table(title=t("purge.title", lang, runs_dir=plan.runs_dir))
    for column in ("run", "path", "updated", "size"):
        table.add_column(t(f"purge.column.{column}", lang), overflow="fold")
    for target in plan.targets:
        name = target.run_id or t(f"purge.{target.kind}_name", lang)
        table.add_row(
            escape(name),
            escape(str(target.path)),
            shanghai_time(target.updated_at)[:16],
            human_size(target.size),
        )
    return table


def _listed(targets: list[Target]) -> list[dict[str, object]]:
    return [target.as_json() for target in targets]


def register(runs_app: typer.Typer) -> None:
    """Adds `purge` to `autofill runs`."""

    @runs_app.command("purge")
    def runs_purge(
        ctx: typer.Context,
        run_ids: Annotated[
            list[str] | None, typer.Argument(help=help_text("purge.run_ids"))
        ] = None,
        older_than: Annotated[
            int | None,
            typer.Option("--older-than", help=help_text("purge.older_than"), min=0),
        ] = None,
        portal: Annotated[
            bool,
            typer.Option("--portal", help=help_text("purge.portal")),
        ] = False,
        sessions: Annotated[
            bool,
            typer.Option(
                "--sessions",
                help=help_text("purge.sessions"),
            ),
        ] = False,
        yes: Annotated[bool, typer.Option("--yes", "-y", help=help_text("purge.yes"))] = False,
        runs_dir: RunsDirOption = None,
        json_mode: JsonOption = False,
        lang: LangOption = "zh",
    ) -> None:
        """删除运行记录（某个运行、--older-than 天以前的运行）、演练门户的数据（--portal）或保留的登录状态（--sessions）。"""
        parent = ctx.obj or {}
        base = runs_dir or parent.get("runs_dir") or default_runs_dir()
        as_json = json_mode or parent.get("json", False)
        lang = check_lang(lang if lang != "zh" else parent.get("lang", lang))
        with command_errors(as_json, lang=lang):
            plan = plan_purge(base, run_ids or [], older_than, portal, lang, sessions=sessions)
        for item in plan.skipped:
            console.print(escape(t("purge.skipped", lang, **item)), soft_wrap=True)
        if not plan.targets:
            _finish(as_json, ExitCode.OK, t("purge.nothing", lang, runs_dir=base), plan)
        console.print(_table(plan, lang))
        if not yes:
            if not sys.stdin.isatty():
                message = t("purge.no_terminal", lang, count=len(plan.targets))
                _finish(as_json, ExitCode.AWAITING_HUMAN, message, plan, pending=True)
            prompt = t("purge.prompt", lang, count=len(plan.targets), size=human_size(plan.size))
            console.print(escape(prompt), end="", highlight=False)
            answer = sys.stdin.readline().strip().lower()
            from autofill.confirm import YES  # the gate's own answers; imported when asked

            if answer not in YES:
                _finish(as_json, ExitCode.AWAITING_HUMAN, t("purge.declined", lang), plan, True)
        before = len(plan.skipped)
        removed = carry_out(plan, lang)
        for item in plan.skipped[before:]:  # taken by another process since they were listed
            console.print(escape(t("purge.skipped", lang, **item)), soft_wrap=True)
        size = human_size(sum(target.size for target in removed))
        message = t("purge.done", lang, count=len(removed), size=size)
        _finish(as_json, ExitCode.OK, message, plan, removed=removed)


def _finish(
    as_json: bool,
    code: ExitCode,
    message: str,
    plan: Plan,
    pending: bool = False,
    removed: list[Target] | None = None,
) -> None:
    if as_json:
        result: dict[str, object] = {
            "exit_code": int(code),
            "message": message,
            "removed": _listed(removed or []),
            "skipped": plan.skipped,
        }
        if pending:
            result["would_remove"] = _listed(plan.targets)
        emit_json(result)
    else:
        colour = "green" if code == ExitCode.OK else "yellow"
        console.print(f"[bold {colour}]{escape(message)}[/]", soft_wrap=True)
    raise typer.Exit(code=int(code))
