"""The `autofill` command line: thin commands that parse, call the library and map errors to exit codes.

Each command group lives in its own module and adds itself with `register(app)`.

The command modules do without `from __future__ import annotations`: typer reads the signature
of every command as the command line starts, and a string annotation costs it an `eval` each
time it is read (four times a parameter), a tenth of `autofill --help`. Names imported only
for type checking are quoted where they are used.
"""

import typer

from autofill.cli import batch, doctor, lang, login, offline, portal, run, scenario
from autofill.cli.options import help_text
from autofill.messages import has, t

# Click's own texts ("Usage:", "Show this message and exit.") in the language of the help
lang.install()

app = typer.Typer(
    name="autofill",
    help=help_text("app"),
    no_args_is_help=True,
    invoke_without_command=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # plain help: rich's boxed help imports a Markdown parser and a syntax highlighter first
    # (a third of `autofill --help`), and at 80 columns it cut command descriptions short
    rich_markup_mode=None,
)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", help=help_text("version"), is_eager=True),
) -> None:
    """上海职业技能提升补贴网上申请助手。"""
    if version:
        from autofill import __version__

        typer.echo(__version__)
        raise typer.Exit()


for module in (offline, run, login, portal, scenario, batch, doctor):
    module.register(app)


def _localise_help(group: typer.Typer, path: str = "") -> None:
    """Each command's help from the catalogue (`help.cmd.<command path>`) in the language of the
    help, in place of its (Chinese) docstring."""
    key = f"help.cmd.{path}" if path else "help.cmd"
    if has(key):
        text = t(key, lang.HELP_LANG)
        group.info.help = text
        if group.registered_callback is not None:
            group.registered_callback.help = text
    for command in group.registered_commands:
        name = command.name or ""
        key = f"help.cmd.{path} {name}".replace("cmd. ", "cmd.")
        if has(key):
            command.help = t(key, lang.HELP_LANG)
    for sub in group.registered_groups:
        if sub.typer_instance is not None:
            name = sub.name or sub.typer_instance.info.name or ""
            if has(f"help.cmd.{(path + ' ' + name).strip()}"):
                sub.help = t(f"help.cmd.{(path + ' ' + name).strip()}", lang.HELP_LANG)
            _localise_help(sub.typer_instance, (path + " " + name).strip())


_localise_help(app)


def main() -> None:
    """The console script's entry point."""
    app()
