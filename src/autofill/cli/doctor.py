"""`autofill doctor`: checks this machine, and with `--profile` walks the portal read-only."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from autofill.cli.common import (
    check_lang,
    command_errors,
    err_console,
    escape,
    finish,
)
from autofill.cli.options import (
    DebugOption,
    HeadedOption,
    JsonOption,
    LangOption,
    LayoutOption,
    RunsDirOption,
    SmsOption,
    TextsOption,
    help_text,
)
from autofill.cli.run import connector
from autofill.messages import t

if TYPE_CHECKING:
    from autofill.doctor import Report
    from autofill.portal.survey import Finding

STYLE = {"ok": "green", "warn": "yellow", "fail": "red"}
RESULT_STYLE = {
    "found": "green",
    "missing": "bold red",
    "unknown": "bold red",
    "not_checked": "dim",
}


def register(app: typer.Typer) -> None:
    """Adds `doctor` to the `autofill` app."""

    @app.command("doctor")
    def doctor_command(
        profile: Annotated[
            Path | None,
            typer.Option(
                "--profile",
                help=help_text("doctor.profile"),
            ),
        ] = None,
        portal_url: Annotated[
            str | None,
            typer.Option(
                "--portal-url",
                help=help_text("doctor.portal_url"),
            ),
        ] = None,
        layout: LayoutOption = None,
        portal_texts: TextsOption = None,
        runs_dir: RunsDirOption = None,
        sms_code_command: SmsOption = None,
        open_form: Annotated[
            bool,
            typer.Option(
                "--open-form",
                help=help_text("doctor.open_form"),
            ),
        ] = False,
        headed: HeadedOption = False,
        json_mode: JsonOption = False,
        lang: LangOption = "zh",
        debug: DebugOption = False,
    ) -> None:
        """检查本机（浏览器、沙箱、中文字体、中文界面包、运行记录目录）与门户字样是否就绪。"""
        with command_errors(json_mode, debug, lang):
            report = _diagnose(
                profile,
                portal_url,
                layout,
                portal_texts,
                runs_dir,
                sms_code_command,
                headed,
                open_form,
                lang,
            )
        finish(report.as_json(), json_mode, lambda: _show(report))


def _diagnose(
    profile: Path | None,
    portal_url: str | None,
    layout: str | None,
    portal_texts: Path | None,
    runs_dir: Path | None,
    sms_code_command: str | None,
    headed: bool,
    open_form: bool,
    lang: str,
) -> "Report":
    from autofill.doctor import Report, machine_checks, walk_portal
    from autofill.errors import BadInput
    from autofill.portal.texts import load_texts
    from autofill.runs import default_runs_dir

    check_lang(lang)
    if portal_url is not None and profile is None:
        raise BadInput(
            t("doctor.portal.no_portal_url_profile", lang),
            errors=[{"path": "--profile", "message": "missing"}],
        )
    # bad input (the map, the profile, the flags) stops before anything starts
    texts = load_texts(portal_texts)
    runs = runs_dir or default_runs_dir()
    connect = applicant = None
    if profile is not None:
        from autofill.profile import load_profile

        applicant = load_profile(profile, lang=lang)
        connect = connector(portal_url, layout, runs, sms_code_command, lang)
    report = Report(machine_checks(runs, lang), lang)
    if connect is None or applicant is None or report.machine_failed:
        return report
    report.survey, access = walk_portal(applicant, texts, connect, headed, open_form=open_form)
    report.portal_url = access.url
    report.embedded = access.embedded
    return report


def _show(report: "Report") -> None:
    from rich.table import Table

    lang = report.lang
    err_console.print(f"[bold]{escape(t('doctor.heading.machine', lang))}[/]")
    for c in report.checks:
        title = t(f"doctor.title.{c.check}", lang)
        err_console.print(
            f" [{STYLE[c.level]}]{c.mark}[/] {escape(title)}：{escape(c.detail)}", soft_wrap=True
        )
        if c.fix:
            err_console.print(
                f"     {escape(t('doctor.fix', lang))}：{escape(c.fix)}", soft_wrap=True
            )
    survey = report.survey
    if survey is not None:
        from autofill.portal.survey import MESSAGES, PAGES

        order = {name: i for i, name in enumerate((*PAGES, MESSAGES))}
        table = Table(title=t("doctor.heading.texts", lang, url=report.portal_url or ""))
        for column in ("page", "key", "text", "result"):
            table.add_column(t(f"doctor.col.{column}", lang), overflow="fold")
        for page, key, text, result, style in _rows(survey.findings, order, lang):
            table.add_row(
                escape(t(f"survey.page.{page}", lang)),
                escape(key),
                escape(text),
                f"[{style}]{escape(result)}[/]",
            )
        err_console.print(table)
        counts = {r: survey.count(r) for r in ("found", "missing", "not_checked", "unknown")}
        err_console.print(t("doctor.counts", lang, **counts))
    colour = "green" if report.exit_code == 0 else "red"
    err_console.print(f"[bold {colour}]{escape(report.message)}[/]", soft_wrap=True)


#: this many texts left unchecked on a page for one reason are shown as one line
GROUP_FROM = 3


def _rows(
    findings: "list[Finding]", order: dict[str, int], lang: str
) -> list[tuple[str, str, str, str, str]]:
    """The table's lines, page by page: each found or missing text on its own line; texts not
    checked for the same reason on the same page together on one line (the JSON lists each)."""
    sep = t("cli.list_separator", lang)
    groups: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        if f.result == "not_checked":
            groups.setdefault((f.page, f.why), []).append(f)
    rows: list[tuple[str, str, str, str, str]] = []
    shown: set[tuple[str, str]] = set()
    for f in sorted(findings, key=lambda f: order.get(f.page, len(order))):
        result = t(f"doctor.result.{f.result}", lang)
        why = t(f"survey.why.{f.why}", lang) if f.why else ""
        if why:
            result += f"（{why}）" if lang == "zh" else f" ({why})"
        group = groups.get((f.page, f.why), [])
        if f.result == "not_checked" and len(group) >= GROUP_FROM:
            if (f.page, f.why) in shown:
                continue
            shown.add((f.page, f.why))
            keys = t("doctor.n_keys", lang, count=len(group))
            texts = sep.join(g.text for g in group)
            rows.append((f.page, keys, texts, result, RESULT_STYLE[f.result]))
            continue
        rows.append((f.page, f.key, f.text, result, RESULT_STYLE[f.result]))
    return rows
