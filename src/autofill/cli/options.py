"""The options the commands share, defined once: each command lists the ones it takes.

A command that drives a browser takes the browser and portal options below; every command
takes `--json`, `--lang` and (most) `--debug`. Their help texts come from the message
catalogue in the language of the help (see `autofill.cli.lang`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from autofill.cli.lang import HELP_LANG
from autofill.messages import LANG_ENV, LANGS, t


def _help(key: str) -> str:
    return t(f"opt.{key}", HELP_LANG)


def _lang_choice(value: str) -> str:
    """`--lang` (or AUTOFILL_LANG) checked while the command line is parsed: exit 2 with the choices."""
    if value not in LANGS:
        raise typer.BadParameter(t("cli.bad_lang", HELP_LANG, value=value))
    return value


JsonOption = Annotated[bool, typer.Option("--json", help=_help("json"))]
LangOption = Annotated[
    str, typer.Option("--lang", envvar=LANG_ENV, help=_help("lang"), callback=_lang_choice)
]
DebugOption = Annotated[bool, typer.Option("--debug", help=_help("debug"))]

PortalUrlOption = Annotated[str | None, typer.Option("--portal-url", help=_help("portal_url"))]
HeadedOption = Annotated[bool, typer.Option("--headed", help=_help("headed"))]
SlowMoOption = Annotated[float, typer.Option("--slow-mo", help=_help("slow_mo"), min=0)]
DeviceOption = Annotated[str | None, typer.Option("--device", help=_help("device"))]
LayoutOption = Annotated[str | None, typer.Option("--layout", help=_help("layout"))]
TextsOption = Annotated[Path | None, typer.Option("--portal-texts", help=_help("portal_texts"))]
RunsDirOption = Annotated[
    Path | None, typer.Option("--runs-dir", envvar="AUTOFILL_RUNS_DIR", help=_help("runs_dir"))
]
NoTraceOption = Annotated[bool, typer.Option("--no-trace", help=_help("no_trace"))]
LoginOption = Annotated[str, typer.Option("--login", help=_help("login"))]
LoginTimeoutOption = Annotated[
    float, typer.Option("--login-timeout", help=_help("login_timeout"), min=1)
]
BrowserWsOption = Annotated[
    list[str] | None, typer.Option("--browser-ws", help=_help("browser_ws"))
]
MaxRateOption = Annotated[int | None, typer.Option("--max-rate", help=_help("max_rate"))]
MaxSessionsOption = Annotated[
    int | None, typer.Option("--max-sessions", help=_help("max_sessions"))
]
SmsOption = Annotated[
    str | None, typer.Option("--sms-code-command", help=_help("sms_code_command"))
]


def help_text(key: str) -> str:
    """The help text `help.<key>` in the language of the help."""
    return t(f"help.{key}", HELP_LANG)
