"""The commands that need no browser: `validate`, `check`, `schema` and `init`."""

import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from autofill.cli.common import (
    bullet,
    check_lang,
    command_errors,
    escape,
    finish,
    out_console,
)
from autofill.cli.options import DebugOption, JsonOption, LangOption, help_text
from autofill.errors import BadInput, ExitCode
from autofill.masking import mask_text
from autofill.messages import t

if TYPE_CHECKING:
    from rich.table import Table

    # each command imports its library when it runs: `autofill --help` starts at once
    from autofill.documents import DocumentReport
    from autofill.policy import EligibilityReport

ProfileArgument = Annotated[
    Path, typer.Argument(help=help_text("profile_file"), show_default=False)
]

_STYLE = {"pass": "green", "fail": "bold red", "warn": "yellow"}


def _amount_value(amount: Decimal | None) -> int | float | None:
    if amount is None:
        return None
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _document_row(report: "DocumentReport", lang: str) -> dict[str, Any]:
    return {
        "item": report.item,
        "label": report.label,
        "path": str(report.path),
        "ok": report.ok,
        "kind": report.kind,
        "size": report.size,
        "width": report.width,
        "height": report.height,
        "problems": report.problems,
        "notes": report.notes,
        "will_prepare": report.will_prepare,
        "preparation": report.plan,
    }


def _documents_table(reports: "list[DocumentReport]", lang: str) -> "Table":
    from rich.table import Table

    from autofill.documents import human_size

    table = Table(show_lines=True)
    for key in ("col.item", "col.file", "col.format", "col.size", "col.pixels", "col.check"):
        table.add_column(t(key, lang), overflow="fold")
    table.add_column(t("col.prepare", lang), overflow="fold")
    for r in reports:
        pixels = f"{r.width}×{r.height}" if r.width else ""
        check = (
            "\n".join(map(mask_text, r.problems)) if r.problems else f"[green]{t('ok', lang)}[/]"
        )
        if r.notes:
            check += "\n" + "\n".join(f"[dim]{note}[/]" for note in r.notes)
        table.add_row(
            r.label,
            mask_text(str(r.path)),
            (r.kind or "").upper(),
            human_size(r.size) if r.size else "",
            pixels,
            check,
            r.plan,
        )
    return table


def _rules_table(report: "EligibilityReport", lang: str) -> "Table":
    from rich.table import Table

    table = Table(show_lines=True)
    for key in ("col.rule", "col.result", "col.reason", "col.fix"):
        table.add_column(t(key, lang), overflow="fold")
    for r in report.rules:
        style = _STYLE[r.result]
        table.add_row(
            t(f"rule.{r.rule}", lang),
            f"[{style}]{t(f'result.{r.result}', lang)}[/]",
            mask_text(r.reason),
            r.fix or "",
        )
    return table


def validate(
    profile: ProfileArgument,
    json_mode: JsonOption = False,
    lang: LangOption = "zh",
    debug: DebugOption = False,
) -> None:
    """校验档案和六项材料（不启动浏览器）。"""
    from autofill.documents import check_documents, document_errors
    from autofill.profile import id_area_warning, load_profile

    lang = check_lang(lang)
    with command_errors(json_mode, debug, lang):
        loaded = load_profile(profile, lang)
        reports = check_documents(loaded, lang)
        errors = document_errors(reports)
        warning = id_area_warning(loaded.applicant.id_number, lang)
        warnings = [{"path": "applicant.id_number", "message": warning}] if warning else []
        code = ExitCode.BAD_INPUT if errors else ExitCode.OK
        message = (
            t("doc.problems", lang, count=len(errors))
            if errors
            else t("cli.valid", lang, path=profile)
        )
        result: dict[str, Any] = {
            "exit_code": int(code),
            "message": message,
            "errors": errors,
            "warnings": warnings,
            "documents": [_document_row(r, lang) for r in reports],
        }

    def human() -> None:
        out_console.print(_documents_table(reports, lang))
        for item in warnings:
            line = bullet(item["path"], item["message"], lang).strip()
            out_console.print(f"[yellow]{t('cli.warnings', lang)} {escape(line)}[/]")
        style = "bold red" if errors else "bold green"
        out_console.print(f"[{style}]{message}[/]")
        for item in errors:
            out_console.print(escape(bullet(item["path"], item["message"], lang)))

    finish(result, json_mode, human)


def _parse_on(value: str | None, lang: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        message = t("cli.bad_date", lang, value=value)
        raise BadInput(message, errors=[{"path": "--on", "message": message}]) from None


def check(
    profile: ProfileArgument,
    on: Annotated[str | None, typer.Option("--on", help=help_text("check.on"))] = None,
    ics: Annotated[Path | None, typer.Option("--ics", help=help_text("check.ics"))] = None,
    json_mode: JsonOption = False,
    lang: LangOption = "zh",
    debug: DebugOption = False,
) -> None:
    """按补贴政策判断是否符合条件：每条规则、截止日期和补贴金额。"""
    from autofill.dates import today_shanghai
    from autofill.policy import evaluate
    from autofill.profile import load_profile

    lang = check_lang(lang)
    with command_errors(json_mode, debug, lang):
        day = _parse_on(on, lang) or today_shanghai()
        loaded = load_profile(profile, lang)
        report = evaluate(loaded, day, lang)
        ics_written: Path | None = None
        ics_note = ""
        if ics is not None:
            if report.eligible:
                from autofill.ics import (
                    active_reminders,
                    deadline_calendar,
                    reminder_days,
                    write_calendar,
                )

                calendar = deadline_calendar(loaded, report.deadline, day, lang=lang)
                ics_written = write_calendar(ics, calendar, lang)
                days = active_reminders(report.deadline, day, reminder_days(loaded))
                ics_note = t(
                    "cli.ics_written",
                    lang,
                    path=ics,
                    days=t("cli.list_separator", lang).join(map(str, days)) or "-",
                )
            elif report.days_left < 0:
                ics_note = t("cli.ics_skipped", lang)
            else:
                ics_note = t("cli.ics_not_eligible", lang)
        if report.eligible:
            code = ExitCode.OK
            message = t(
                "cli.eligible",
                lang,
                amount=report.amount_explained,
                deadline=report.deadline.isoformat(),
                days=report.days_left,
            )
        else:
            code = ExitCode.NOT_ELIGIBLE
            message = t(
                "cli.not_eligible",
                lang,
                rules=t("cli.clause_separator", lang).join(r.reason for r in report.failed),
            )
        result: dict[str, Any] = {
            "exit_code": int(code),
            "message": mask_text(message),
            "policy": report.policy,
            "eligible": report.eligible,
            "errors": [],
            "on": day.isoformat(),
            "rules": [
                {"rule": r.rule, "result": r.result, "reason": mask_text(r.reason), "fix": r.fix}
                for r in report.rules
            ],
            "amount": _amount_value(report.amount),
            "amount_explained": report.amount_explained,
            "deadline": report.deadline.isoformat(),
            "days_left": report.days_left,
            "ics": str(ics_written) if ics_written else None,
        }

    def human() -> None:
        out_console.print(_rules_table(report, lang))
        days_text = (
            t("cli.days_left", lang, days=report.days_left)
            if report.days_left >= 0
            else t("cli.days_passed", lang, days=-report.days_left)
        )
        out_console.print(
            t("cli.deadline", lang, deadline=report.deadline.isoformat(), days_text=days_text)
        )
        out_console.print(t("cli.amount", lang, explained=report.amount_explained))
        if ics_note:
            out_console.print(ics_note)
        style = "bold green" if report.eligible else "bold red"
        out_console.print(f"[{style}]{mask_text(message)}[/]")

    finish(result, json_mode, human)


def schema(json_mode: JsonOption = False, lang: LangOption = "zh") -> None:
    """打印档案的 JSON Schema（中文标题和说明，供编辑器提示）。"""
    from autofill.profile import profile_schema

    lang = check_lang(lang)
    document = profile_schema()
    if json_mode:
        finish({"exit_code": 0, "message": t("cli.schema", lang), "schema": document}, json_mode)
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    raise typer.Exit(code=0)


def init(
    directory: Annotated[Path, typer.Argument(help=help_text("init.dir"))] = Path("."),
    force: Annotated[bool, typer.Option("--force", help=help_text("init.force"))] = False,
    profile_only: Annotated[
        bool,
        typer.Option("--profile-only", help=help_text("init.profile_only")),
    ] = False,
    json_mode: JsonOption = False,
    lang: LangOption = "zh",
    debug: DebugOption = False,
) -> None:
    """写一份示例档案（虚构的人，日期相对今天）和六份样本材料，作为起点。"""
    from autofill.samples import write_example

    lang = check_lang(lang)
    with command_errors(json_mode, debug, lang):
        target = directory / "profile.json"
        try:
            files = write_example(directory, overwrite=force, profile_only=profile_only)
        except FileExistsError:
            message = t("cli.init_exists", lang, path=target)
            raise BadInput(message, errors=[{"path": str(target), "message": message}]) from None
        done = "cli.init_profile_done" if profile_only else "cli.init_done"
        message = t(done, lang, path=target)
        result = {
            "exit_code": 0,
            "message": message,
            "files": [str(f) for f in files],
        }

    def human() -> None:
        out_console.print(f"[bold green]{message}[/]")
        for f in files:
            out_console.print(f"  {f}")

    finish(result, json_mode, human)


def register(app: typer.Typer) -> None:
    """Adds this module's commands to the `autofill` app."""
    app.command("validate")(validate)
    app.command("check")(check)
    app.command("schema")(schema)
    app.command("init")(init)
