"""The human gate: default no, no terminal means stop at the preview, a digest binds the yes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from autofill.confirm import DigestConfirmer, Review, TerminalConfirmer
from autofill.errors import AwaitingHuman, PreviewMismatch
from autofill.evidence import Comparison


def _review(digest: str = "0a94ec10ded6") -> Review:
    return Review(
        run_id="20261129-101500-0123",
        lines=[
            Comparison("证件号码", "310***********4321", "310***********4321", True),
            Comparison("开户银行", "中国工商银行", "中国农业银行", False),
        ],
        screenshot=Path("runs/x/preview.png"),
        pdf=Path("runs/x/preview.pdf"),
        digest=digest,
    )


def _console() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, width=120, color_system=None), out


@pytest.mark.parametrize(
    ("typed", "approved"),
    [("y\n", True), ("yes\n", True), ("是\n", True), ("\n", False), ("n\n", False), ("", False)],
)
def test_only_an_explicit_yes_approves(typed: str, approved: bool) -> None:
    console, out = _console()
    confirm = TerminalConfirmer(console, stdin=io.StringIO(typed), interactive=True)
    assert confirm(_review()) is approved
    shown = out.getvalue()
    assert "✗ 不一致" in shown and "0a94ec10ded6" in shown and "runs/x/preview.pdf" in shown
    assert "[y/N]" in shown


def test_without_a_terminal_it_stops_at_the_preview_with_the_run_id_and_digest() -> None:
    console, _ = _console()
    confirm = TerminalConfirmer(console, stdin=io.StringIO("y\n"), interactive=False)
    with pytest.raises(AwaitingHuman) as caught:
        confirm(_review())
    assert caught.value.exit_code == 5
    assert "autofill submit 20261129-101500-0123 --digest 0a94ec10ded6" in caught.value.message


def test_a_digest_approves_only_the_same_preview() -> None:
    assert DigestConfirmer("0A94EC10DED6")(_review()) is True
    with pytest.raises(PreviewMismatch) as caught:
        DigestConfirmer("0a94ec10ded6")(_review("ffffffffffff"))
    assert caught.value.exit_code == 4
