"""The language of the command line's own texts: help, usage lines and parse errors.

Help is printed while the command line is parsed, before `--lang` has a value, so its language
is read from the raw arguments (`--lang en`, `--lang=en`) or else from AUTOFILL_LANG; Chinese
when neither names one. Click (under Typer) writes its texts ("Usage:", "Options", "Show this
message and exit.", "No such option") through `gettext`; `install` puts the catalogue's
`click.*` entries in its place, so that they read in the same language as the rest.
"""

from __future__ import annotations

import functools
import importlib
import re
import sys
from collections.abc import Callable, Sequence
from typing import IO, Any

from autofill.messages import LANGS, env_lang, t


def help_lang(argv: Sequence[str] | None = None) -> str:
    """The language the command line `argv` asks for: its `--lang`, else AUTOFILL_LANG, else zh."""
    args = list(sys.argv[1:] if argv is None else argv)
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = None
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in LANGS:
            return value
    return env_lang()


#: the language of help and of Click's messages in this process
HELP_LANG = help_lang()

#: Click's texts as gettext message ids → the catalogue's keys (Click's own modules, and the
#: parts of Typer that still go through gettext: section headings, "default:", "required")
CLICK_KEYS: dict[str, str] = {
    "Usage:": "click.usage",
    "Options": "click.options",
    "Arguments": "click.arguments",
    "Commands": "click.commands",
    "Show this message and exit.": "click.help_option",
    "Show the version and exit.": "click.version_option",
    "default: {default}": "click.default",
    "env var: {var}": "click.env_var",
    "required": "click.required",
    "(dynamic)": "click.dynamic",
    "Aborted!": "click.aborted",
}

#: Click's error messages, as it writes them in English → the catalogue's keys. Typer ≥ 0.20
#: carries its own copy of Click whose messages are plain English, not gettext: they are
#: recognised here by their wording, which has not changed between Click versions.
CLICK_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), key)
    for pattern, key in (
        (
            r"No such option:? (?P<name>\S+?)\.?(?: \(Possible options: (?P<possibilities>.+)\))?",
            "click.no_such_option",
        ),
        (r"No such command:? (?P<name>.+?)\.?", "click.no_such_command"),
        (r"Missing command\.", "click.missing_command"),
        (r"Missing argument (?P<name>.+?)\.(?: (?P<detail>.*))?", "click.missing_argument"),
        (r"Missing option (?P<name>.+?)\.(?: (?P<detail>.*))?", "click.missing_option"),
        (r"Missing parameter:? (?P<name>.+?)\.?", "click.missing_parameter"),
        (
            r"Invalid value for (?P<name>'[^']*'(?: \(env var: '[^']*'\))?|[^:]+): (?P<detail>.*)",
            "click.invalid_value_for",
        ),
        (r"Input should be a valid (?P<kind>number|integer|boolean)\b.*", "click.input_kind"),
        (r"Input should be greater than or equal to (?P<limit>\S+)", "click.input_ge"),
        (r"Input should be less than or equal to (?P<limit>\S+)", "click.input_le"),
        (r"Invalid value: (?P<detail>.*)", "click.invalid_value"),
        (r"Got unexpected extra arguments? \((?P<args>.*)\)", "click.extra_arguments"),
        (r"Option (?P<name>\S+) requires an argument\.", "click.requires_argument"),
        (r"Option (?P<name>\S+) requires (?P<nargs>\d+) arguments\.", "click.requires_arguments"),
        (r"Option (?P<name>\S+) does not take a value\.", "click.no_value"),
        (
            r"(?P<value>.+) is not a valid (?P<kind>integer|float|boolean|UUID)(?: range)?\.",
            "click.not_a_number",
        ),
        (r"(?P<value>.+) is not in the range (?P<range>.+)\.", "click.out_of_range"),
        (r"(?P<value>.+) is not one of (?P<choices>.+)\.", "click.not_a_choice"),
        (r"(?P<kind>File|Directory|Path) (?P<name>.+) does not exist\.", "click.path_missing"),
        (r"(?P<kind>File|Directory|Path) (?P<name>.+) is a directory\.", "click.path_is_dir"),
        (r"(?P<kind>File|Directory|Path) (?P<name>.+) is a file\.", "click.path_is_file"),
        (r"(?P<kind>File|Directory|Path) (?P<name>.+) is not readable\.", "click.path_unreadable"),
    )
)


_ENV_VAR = re.compile(r" ?\(env var: '(?P<var>[^']*)'\)")


def translate_click_error(message: str, lang: str = HELP_LANG) -> str:
    """One of Click's English error messages in `lang` (as it is when not recognised)."""
    for pattern, key in CLICK_ERRORS:
        match = pattern.fullmatch(message.strip())
        if match is None:
            continue
        params = {k: v for k, v in match.groupdict().items() if v is not None}
        if "detail" in params:
            params["detail"] = translate_click_error(params["detail"], lang)
        if "name" in params:
            params["name"] = _ENV_VAR.sub(
                lambda m: t("click.env_var_hint", lang, var=m.group("var")), params["name"]
            )
        if "kind" in params:
            params["kind"] = t(f"click.kind.{params['kind'].lower()}", lang)
        text = t(key, lang, **{"detail": "", "possibilities": "", **params})
        if params.get("possibilities"):
            text += " " + t("click.did_you_mean", lang, possibilities=params["possibilities"])
        return text.strip()
    return message


def _show(self: Any, file: IO[str] | None = None) -> None:
    """`ClickException.show` in the language of the help: usage, where to get help, the error."""
    lang = HELP_LANG
    out = file if file is not None else sys.stderr
    ctx = getattr(self, "ctx", None)
    if ctx is not None:
        text = ctx.get_usage() + "\n"
        if ctx.command.get_help_option(ctx) is not None:
            command, option = ctx.command_path, ctx.help_option_names[0]
            text += t("click.try_help", lang, command=command, option=option) + "\n"
        out.write(text + "\n")
    message = translate_click_error(self.format_message(), lang)
    out.write(t("click.error", lang, message=message) + "\n")
    out.flush()


#: the modules of Click and Typer that bind `gettext as _` (and `ngettext`) at import
_GETTEXT_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.types",
    "click.termui",
    "click.utils",
    "typer.core",
)


def gettext_in(lang: str) -> Callable[[str], str]:
    """A `gettext` that reads Click's message ids from the catalogue in `lang`."""

    def gettext(message: str) -> str:
        key = CLICK_KEYS.get(message)
        return message if key is None else t(key, lang)

    return gettext


def install(lang: str = HELP_LANG) -> None:
    """Click's and Typer's own texts in `lang` from now on: help, usage lines and parse errors."""
    gettext = gettext_in(lang)
    for name in _GETTEXT_MODULES:
        module = sys.modules.get(name)
        if module is not None and hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
    # the Click Typer runs on: its own copy (Typer >= 0.20) or Click itself
    base = "typer._click" if "typer._click" in sys.modules else "click"
    exceptions = importlib.import_module(f"{base}.exceptions")
    formatting = importlib.import_module(f"{base}.formatting")
    core = importlib.import_module(f"{base}.core")
    exceptions.ClickException.show = _show
    exceptions.UsageError.show = _show
    usage = t("click.usage", lang)
    heading_of = functools.partial(t, "click.heading", lang)

    def write_heading(self: Any, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading_of(heading=heading)}\n")

    formatting.HelpFormatter.write_heading = write_heading
    write_usage = getattr(
        formatting.HelpFormatter.write_usage, "__wrapped__", formatting.HelpFormatter.write_usage
    )

    @functools.wraps(write_usage)
    def translated_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, usage if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = translated_usage
    get_help_option = getattr(
        core.Command.get_help_option, "__wrapped__", core.Command.get_help_option
    )

    @functools.wraps(get_help_option)
    def translated_help_option(self: Any, ctx: Any) -> Any:
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = t("click.help_option", lang)
        return option

    core.Command.get_help_option = translated_help_option
