"""The human gate: the comparison shown, the evidence named, a yes asked for (default no)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from autofill.errors import AwaitingHuman, PreviewMismatch
from autofill.evidence import Comparison
from autofill.messages import t

#: answers taken as yes; everything else (an empty line included) is no
YES = ("y", "yes", "是", "确认")


@dataclass(frozen=True)
class Review:
    """What a person confirms: the comparison, where the evidence is, and the digest."""

    run_id: str
    lines: list[Comparison]
    screenshot: Path
    pdf: Path | None
    digest: str
    #: the 须知's key sections (申请条件, 申请材料) as the guide showed them
    notice: dict[str, list[str]] = field(default_factory=dict)
    #: guide.txt: the whole 须知, saved in the run folder
    notice_file: Path | None = None
    #: the last day to apply, by the policy (ISO date)
    deadline: str | None = None
    #: "submit" (the application's preview) or "amend" (a 补正's materials before 重新提交)
    action: str = "submit"
    #: for "amend": (item, file name, size) of each material to be resubmitted
    materials: tuple[tuple[str, str, str], ...] = ()


#: decides on a review: True submits; False declines; AwaitingHuman stops at the preview
Confirmer = Callable[[Review], bool]


class Asking:
    """A review put to the confirmer in a thread of its own, answered by `answer()`.

    The comparison is on the person's screen at once, and the run meanwhile does what leaves the
    page as it is (printing the preview to PDF) instead of making them wait for it. The confirmer
    never touches the browser: Playwright's sync API stays in the run's thread.
    """

    def __init__(self, confirm: Confirmer, review: Review) -> None:
        self._answer: list[bool] = []
        self._error: list[BaseException] = []
        # a daemon: a run stopped by an error or Ctrl-C does not wait for a line at the prompt
        self._thread = threading.Thread(target=self._ask, args=(confirm, review), daemon=True)
        self._thread.start()

    def _ask(self, confirm: Confirmer, review: Review) -> None:
        try:
            self._answer.append(confirm(review))
        except BaseException as exc:  # raised in the run's thread by answer()
            self._error.append(exc)

    def answer(self) -> bool:
        """The confirmer's answer, once given; what it raised (AwaitingHuman …) is raised here."""
        self._thread.join()
        if self._error:
            raise self._error[0]
        return self._answer[0]


class ComparisonTable:
    """The comparison as a table that never cuts a value: long values wrap inside their cell.

    A person confirms what they read, so a value cut to "上海浦江电气安装有限公…" would have them
    approve text they never saw. Values fold at any width (CJK has no spaces to wrap at); when
    some value wraps, a rule between rows keeps each field's lines together.
    """

    def __init__(self, lines: list[Comparison], title: str, lang: str = "zh") -> None:
        self.lines = lines
        self.title = title
        self.lang = lang

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # about a third of the width is left for each value once the label and mark are placed
        room = max(1, (options.max_width - 30) // 2)
        wraps = any(cell_len(v) > room for line in self.lines for v in (line.profile, line.preview))
        table = Table(title=self.title, show_lines=wraps)
        for column, ratio in (("label", 1), ("profile", 2), ("preview", 2)):
            table.add_column(t(f"confirm.column.{column}", self.lang), overflow="fold", ratio=ratio)
        table.add_column("", justify="center", no_wrap=True)
        for line in self.lines:
            mark = (
                Text("✓", "green")
                if line.same
                else Text(t("confirm.differs", self.lang), "bold red")
            )
            style = "" if line.same else "red"
            # Text, not markup: a value is shown as the portal wrote it, brackets and all
            table.add_row(
                Text(line.label), Text(line.profile), Text(line.preview), mark, style=style
            )
        yield table


def comparison_table(
    lines: list[Comparison], title: str | None = None, lang: str = "zh"
) -> ComparisonTable:
    return ComparisonTable(lines, title or t("confirm.title", lang), lang)


def show_notice(review: Review, console: Console, lang: str = "zh") -> None:
    """Prints the 须知's key points, which the run acknowledged on the person's behalf."""
    if review.notice:
        where = str(review.notice_file) if review.notice_file else ""
        console.print(t("notice.title", lang, path=where), soft_wrap=True, highlight=False)
        for name, lines in review.notice.items():
            console.print(f"  {escape(name)}：", highlight=False)
            for line in lines:
                console.print(f"    · {escape(line)}", soft_wrap=True, highlight=False)
    else:
        console.print(t("notice.missing", lang), soft_wrap=True, highlight=False)
    if review.deadline:
        console.print(t("notice.deadline", lang, deadline=review.deadline), highlight=False)
    console.print(f"[bold]{escape(t('notice.covers', lang))}[/]", soft_wrap=True)


def materials_table(materials: tuple[tuple[str, str, str], ...], lang: str = "zh") -> Table:
    table = Table(title=t("confirm.materials_title", lang))
    for column in ("item", "file", "size"):
        # never cut a value the person confirms
        table.add_column(t(f"confirm.materials.{column}", lang), overflow="fold")
    for row in materials:
        table.add_row(*row)
    return table


def show_review(review: Review, console: Console, lang: str = "zh") -> None:
    """Prints the comparison (or a 补正's materials), the evidence's paths, the digest and the
    须知's key points."""
    if review.action == "amend":
        console.print(materials_table(review.materials, lang))
        console.print(t("confirm.page_screenshot", lang, path=review.screenshot))
        console.print(t("confirm.amend_digest", lang, digest=review.digest))
        return
    console.print(comparison_table(review.lines, lang=lang))
    console.print(t("confirm.screenshot", lang, path=review.screenshot))
    if review.pdf is not None:
        console.print(t("confirm.pdf", lang, path=review.pdf))
    console.print(t("confirm.digest", lang, digest=review.digest))
    show_notice(review, console, lang)


def no_terminal_message(run_id: str, digest: str, lang: str = "zh", action: str = "submit") -> str:
    key = "confirm.no_terminal_amend" if action == "amend" else "confirm.no_terminal"
    return t(key, lang, run_id=run_id, digest=digest)


class TerminalConfirmer:
    """Asks at the terminal; without one, stops at the preview (exit 5)."""

    def __init__(
        self,
        console: Console,
        stdin: TextIO | None = None,
        interactive: bool | None = None,
        lang: str = "zh",
    ) -> None:
        self.console = console
        self.lang = lang
        self.stdin = stdin or sys.stdin
        self.interactive = self.stdin.isatty() if interactive is None else interactive

    def __call__(self, review: Review) -> bool:
        show_review(review, self.console, self.lang)
        if not self.interactive:
            raise AwaitingHuman(
                no_terminal_message(review.run_id, review.digest, self.lang, review.action)
            )
        question = t("confirm.ask_amend" if review.action == "amend" else "confirm.ask", self.lang)
        self.console.print(question, end="", highlight=False)
        answer = self.stdin.readline()
        return answer.strip().lower() in YES


class DigestConfirmer:
    """`autofill submit RUN_ID --digest D`: yes only for exactly the preview that was approved."""

    def __init__(self, digest: str, console: Console | None = None, lang: str = "zh") -> None:
        self.digest = digest.strip().lower()
        self.console = console
        self.lang = lang

    def __call__(self, review: Review) -> bool:
        if self.console is not None:
            show_review(review, self.console, self.lang)
        if review.digest != self.digest:
            key = (
                "confirm.digest_mismatch_amend"
                if review.action == "amend"
                else "confirm.digest_mismatch"
            )
            raise PreviewMismatch(
                t(key, self.lang, now=review.digest, digest=self.digest, run_id=review.run_id)
            )
        return True
