"""The command line's rich console: imported when a command first prints, not at start-up."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console

from autofill.masking import mask_text


class MaskedConsole(Console):
    """A console that masks personal numbers in every text it is given to print.

    Tables are built from values masked where they are made (the comparison, the documents,
    the rules); a text is masked here, before rich renders it, so that highlighting, markup
    and wrapping never split a number in two and let it through."""

    def print(self, *objects: Any, keep: Iterable[str | None] = (), **kwargs: Any) -> None:
        """As `Console.print`; `keep` names identifiers to leave whole (a run id, a digest, a
        case number the portal numbers like an ID)."""
        keep = tuple(keep)
        super().print(*(mask_text(o, keep) if isinstance(o, str) else o for o in objects), **kwargs)
