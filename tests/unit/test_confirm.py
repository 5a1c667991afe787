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


def test_english_prompt_and_stop_message() -> None:
    console, out = _console()
    assert TerminalConfirmer(console, stdin=io.StringIO("y\n"), interactive=True, lang="en")(
        _review()
    )
    assert "Submit the application as shown?" in out.getvalue()
    with pytest.raises(AwaitingHuman) as caught:
        TerminalConfirmer(console, stdin=io.StringIO(""), interactive=False, lang="en")(_review())
    assert "autofill submit 20261129-101500-0123 --digest 0a94ec10ded6" in caught.value.message
    assert "No interactive terminal" in caught.value.message


def _with_notice() -> Review:
    review = _review()
    return Review(
        **{
            **review.__dict__,
            "notice": {
                "申请条件": [
                    "取得证书之日起12个月内提出申请；",
                    "机关事业单位在编人员不属于补贴范围。",
                ],
                "申请材料": ["居民身份证（人像面、国徽面）；"],
            },
            "notice_file": Path("runs/x/guide.txt"),
            "deadline": "2027-10-20",
        }
    )


def test_the_notice_the_run_ticked_is_shown_before_the_question() -> None:
    console, out = _console()
    TerminalConfirmer(console, stdin=io.StringIO("n\n"), interactive=True)(_with_notice())
    shown = out.getvalue()
    lines = [line.strip() for line in shown.splitlines()]
    title = next(i for i, line in enumerate(lines) if line.startswith("申请须知要点"))
    assert "运行已代为勾选“我已阅读并知晓申请须知”" in lines[title]
    assert "runs/x/guide.txt" in shown
    assert lines[title + 1 : title + 6] == [
        "申请条件：",
        "· 取得证书之日起12个月内提出申请；",
        "· 机关事业单位在编人员不属于补贴范围。",
        "申请材料：",
        "· 居民身份证（人像面、国徽面）；",
    ]
    assert "申请时限：发证之日起12个月内，最迟 2027-10-20（含当日）" in shown
    # the question stays as written, after the line that makes it cover the notice
    covers = shown.index("回答 y 即表示您已阅读并知晓以上申请须知")
    assert covers < shown.index("确认以上信息无误并提交申请？提交后不可撤回。[y/N]")


def test_the_notice_in_english_and_when_none_was_read() -> None:
    console, out = _console()
    TerminalConfirmer(console, stdin=io.StringIO(""), interactive=True, lang="en")(_with_notice())
    assert "Key points of the portal's application notice" in out.getvalue()
    assert "Answering y means you have read the notice above" in out.getvalue()
    console, out = _console()
    with pytest.raises(AwaitingHuman):
        TerminalConfirmer(console, stdin=io.StringIO(""), interactive=False)(_review())
    assert "本次未读到门户的申请须知" in out.getvalue()


def test_the_gate_speaks_english_with_lang_en() -> None:
    console, out = _console()
    confirm = TerminalConfirmer(console, stdin=io.StringIO("n\n"), interactive=True, lang="en")
    assert confirm(_review()) is False
    shown = out.getvalue()
    for text in ("portal preview", "✗ differs", "Preview digest: 0a94ec10ded6", "[y/N]"):
        assert text in shown, text
    for text in ("不一致", "申请资料", "预览摘要", "确认以上信息"):
        assert text not in shown, text
    with pytest.raises(PreviewMismatch) as caught:
        DigestConfirmer("0a94ec10ded6", lang="en")(_review("ffffffffffff"))
    assert caught.value.message.startswith("the re-opened preview's digest is ffffffffffff")
