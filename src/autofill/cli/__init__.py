"""The `autofill` command line: thin commands that parse, call the library and map errors to exit codes.

Each command group lives in its own module and adds itself with `register(app)`.

The command modules do without `from __future__ import annotations`: typer reads the signature
of every command as the command line starts, and a string annotation costs it an `eval` each
time it is read (four times a parameter), a tenth of `autofill --help`. Names imported only
for type checking are quoted where they are used.
"""

import typer

from autofill.cli import batch, doctor, login, offline, portal, run, scenario

app = typer.Typer(
    name="autofill",
    help="上海职业技能提升补贴网上申请助手：离线校验、自动填表、人工确认后提交。",
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
    version: bool = typer.Option(False, "--version", help="显示版本号。", is_eager=True),
) -> None:
    """上海职业技能提升补贴网上申请助手。"""
    if version:
        from autofill import __version__

        typer.echo(__version__)
        raise typer.Exit()


for module in (offline, run, login, portal, scenario, batch, doctor):
    module.register(app)


def main() -> None:
    """The console script's entry point."""
    app()
