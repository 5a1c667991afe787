"""Commands of this group are added here with `register(app)`."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Adds this module's commands to the `autofill` app."""
