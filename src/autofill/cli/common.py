"""What every command shares: `--json` output, `--lang`, and mapping errors to exit codes.

The shared options themselves are defined in `autofill.cli.options`; `JsonOption`,
`LangOption` and `DebugOption` are named here too for the commands that import them from here.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import typer

from autofill.dates import SHANGHAI
from autofill.errors import AutofillError, BadInput, ExitCode
from autofill.masking import KEPT_KEYS, mask_data, mask_text
from autofill.messages import LANGS, has, t
from autofill.runs import default_runs_dir, make_private_dir, write_private

if TYPE_CHECKING:
    from autofill.cli.console import MaskedConsole

LANG_CHOICES = LANGS


class _DeferredConsole:
    """Stands for a `MaskedConsole` until it is first used: rich (a fifth of `autofill --help`)
    is imported when a command prints, not when the command line starts."""

    def __init__(self, stderr: bool) -> None:
        object.__setattr__(self, "_deferred_stderr", stderr)
        object.__setattr__(self, "_deferred_console", None)

    def _deferred_real(self) -> MaskedConsole:
        console: MaskedConsole | None = object.__getattribute__(self, "_deferred_console")
        if console is None:
            from autofill.cli.console import MaskedConsole

            console = MaskedConsole(stderr=object.__getattribute__(self, "_deferred_stderr"))
            object.__setattr__(self, "_deferred_console", console)
        return console

    def __getattr__(self, name: str) -> Any:
        return getattr(self._deferred_real(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._deferred_real(), name, value)

    def __enter__(self) -> MaskedConsole:
        self._deferred_real().__enter__()
        return self._deferred_real()

    def __exit__(self, *exc_info: object) -> None:
        self._deferred_real().__exit__(*exc_info)


def escape(text: str) -> str:
    """rich's `escape` (markup in `text` printed as it stands), rich imported on first use."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


#: progress, prompts and tables for people; stdout is kept for `--json`
err_console = cast("MaskedConsole", _DeferredConsole(stderr=True))
out_console = cast("MaskedConsole", _DeferredConsole(stderr=False))

log = logging.getLogger("autofill")


class MaskedStderrHandler(logging.Handler):
    """Where the tool's own log records go on the command line: stderr, numbers masked (a
    traceback may quote a profile's value)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(mask_text(self.format(record)) + "\n")
            sys.stderr.flush()
        except Exception:
            self.handleError(record)


if not any(isinstance(h, MaskedStderrHandler) for h in log.handlers):
    log.addHandler(MaskedStderrHandler(logging.WARNING))


_INDEX = re.compile(r"\[\d+\]")


def bullet(path: str, message: str, lang: str = "zh") -> str:
    """One error or warning as a line: the field's name and dotted path (a rule's name), the message.

    `  • 银行卡号（bank.card_number）：…` in Chinese, `  • bank.card_number (card number): …`
    in English;
    the message is masked.
    """
    generic = _INDEX.sub("[]", path)
    name = path
    if has(f"field.{generic}"):
        name = t("cli.field_name", lang, label=t(f"field.{generic}", lang), path=path)
    elif path and has(f"rule.{path}"):
        name = t(f"rule.{path}", lang)
    return t("cli.bullet", lang, name=name, message=mask_text(message))


def shanghai_time(stamp: str | None) -> str:
    """A recorded ISO instant on Shanghai's clock, as the portal prints times: 2026-11-30 17:05:09.

    Records hold Shanghai's time already; one written elsewhere (UTC, say) is converted, and
    a text that is not an instant is shown as it is."""
    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone(SHANGHAI)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def check_lang(lang: str) -> str:
    """The language, or `BadInput` (exit 2) naming the choices."""
    if lang not in LANG_CHOICES:
        message = t("cli.bad_lang", "zh", value=lang)
        raise BadInput(message, errors=[{"path": "--lang", "message": message}])
    return lang


#: left as they are in `--json`: identifiers, and the profile's JSON Schema (its examples are
#: documentation, not anyone's numbers)
JSON_KEPT_KEYS = KEPT_KEYS | {"schema"}


def emit_json(result: dict[str, Any]) -> None:
    """Print exactly one JSON object on stdout, its texts masked as the console's are."""
    masked = mask_data(json.loads(json.dumps(result, default=str)), JSON_KEPT_KEYS)
    sys.stdout.write(json.dumps(masked, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


def crash_log_path(runs_dir: Path | None = None) -> Path:
    """Where a bug's traceback is written: inside the runs folder in use, never anywhere else."""
    return (runs_dir or default_runs_dir()) / "autofill-error.log"


def _write_crash_log(path: Path, text: str) -> bool:
    try:
        if not path.parent.is_dir():
            make_private_dir(path.parent)
        write_private(path, text.encode("utf-8"))
    except OSError:
        return False
    return True


@contextmanager
def command_errors(
    json_mode: bool, debug: bool = False, lang: str = "zh", runs_dir: Path | None = None
) -> Iterator[None]:
    """Turn our errors into their exit codes (and a JSON object with `--json`), bugs into exit 1.

    A bug's traceback goes to `autofill-error.log` in `runs_dir` (the `--runs-dir` given), or
    nowhere when that folder cannot be written.
    """
    try:
        yield
    except AutofillError as exc:
        message = mask_text(exc.message)
        if json_mode:
            emit_json({"exit_code": int(exc.exit_code), "message": message, "errors": exc.errors})
        else:
            err_console.print(f"[bold red]{message}[/]")
            for item in exc.errors:
                err_console.print(bullet(item.get("path", ""), item.get("message", ""), lang))
        raise typer.Exit(code=int(exc.exit_code)) from None
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as exc:
        path = crash_log_path(runs_dir)
        written = _write_crash_log(path, mask_text(traceback.format_exc()))
        key = "cli.crash" if written else "cli.crash_unlogged"
        text = t(key, lang, kind=type(exc).__name__, path=path)
        if debug:
            err_console.print(mask_text(traceback.format_exc()))
        if json_mode:
            emit_json({"exit_code": int(ExitCode.UNEXPECTED), "message": text})
        else:
            err_console.print(f"[bold red]{text}[/]")
        raise typer.Exit(code=int(ExitCode.UNEXPECTED)) from None


def finish(
    result: dict[str, Any], json_mode: bool, human: Callable[[], None] | None = None
) -> None:
    """Print a command's result (JSON or for people) and exit with its `exit_code`."""
    code = int(result.get("exit_code", 0))
    if json_mode:
        emit_json(result)
    elif human is not None:
        human()
    elif result.get("message"):
        err_console.print(result["message"])
    raise typer.Exit(code=code)
