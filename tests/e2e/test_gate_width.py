"""Every value a person confirms is shown whole, at any terminal width.

The human gate of `autofill run`, `autofill runs show` and the review queue of `autofill batch`,
on a real pseudo-terminal 60 and 80 columns wide, with the longest employer and issuer names
the profile schema allows (100 characters each): each value of the comparison must be readable
whole once the wrapped lines of its column are put back together.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from autofill.profile import Certificate, Employer
from tests.conftest import MockPortal
from tests.e2e.run_support import cases_of, citizen, copy_example, submitted
from tests.e2e.test_run_human import PROMPT, Terminal

pytestmark = pytest.mark.e2e

#: characters that do not repeat, so that only the whole name can match the whole name
FILLER = "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳云腾致雨露结为霜金生丽水玉出昆冈剑号巨阙珠称夜光果珍李柰菜重芥姜海咸河淡鳞潜羽翔龙师火帝鸟官人皇始制文字乃服衣裳推位让国有虞陶唐"


def longest(field: Any, head: str, tail: str) -> str:
    """A name exactly as long as the profile schema allows for `field`."""
    limit = next(m.max_length for m in field.metadata if hasattr(m, "max_length"))
    name = head + FILLER[: limit - len(head) - len(tail)] + tail
    assert len(name) == limit
    return name


EMPLOYER = longest(Employer.model_fields["name"], "上海浦江电气安装工程", "有限公司")
ISSUER = longest(Certificate.model_fields["issuer"], "上海市浦东新区职业技能", "等级认定中心")
BATCH_PROMPT = "[y] 提交 / [n] 不提交 / 回车 留待以后"


def table_columns(screen: str) -> list[str]:
    """Each column of the boxed table(s) on the screen, its cells read down and joined.

    A wrapped value continues on the next line of the same column, so joining a column's
    cells (box characters and padding dropped) gives back every value of that column whole.
    """
    columns: dict[int, list[str]] = {}
    for line in screen.splitlines():
        if "│" not in line:
            continue  # titles, the header (┃), rules between rows (┼), other output
        for index, cell in enumerate(line.split("│")[1:-1]):
            columns.setdefault(index, []).append(cell.strip())
    return ["".join(cells) for _, cells in sorted(columns.items())]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def assert_shown_whole(screen: str, run_dir: Path) -> None:
    """Every label and value of the run's comparison is on the screen, whole."""
    assert "…" not in screen, screen
    lines = json.loads((run_dir / "preview.json").read_text(encoding="utf-8"))["comparison"]
    labels, profile, preview = (squash(c) for c in table_columns(screen)[:3])
    for line in lines:
        assert squash(line["label"]) in labels, (line, screen)
        assert squash(line["profile"]) in profile, (line, screen)
        assert squash(line["preview"]) in preview, (line, screen)
    for name in (EMPLOYER, ISSUER):
        assert name in profile and name in preview, screen


@pytest.fixture
def long_names(tmp_path: Path, portal: MockPortal) -> Path:
    """The example applicant with the longest employer and issuer names, known to the portal."""
    portal.add_citizen(citizen(certificate={"issuer": ISSUER}))
    return copy_example(
        tmp_path / "applicant",
        applicant={"employer": {"name": EMPLOYER, "credit_code": "91310000MA1K3YJ12K"}},
        certificate={"issuer": ISSUER},
    )


@pytest.mark.parametrize("columns", [60, 80])
def test_the_gate_and_runs_show_wrap_long_values_instead_of_cutting_them(
    columns: int, long_names: Path, portal: MockPortal, tmp_path: Path
) -> None:
    runs = tmp_path / "runs"
    term = Terminal(["run", str(long_names), "--portal-url", portal.url], runs, columns)
    try:
        screen = term.read_until(PROMPT)
        [run_dir] = [p for p in runs.iterdir() if p.is_dir() and not p.name.startswith(".")]
        assert_shown_whole(screen, run_dir)
        term.type("n")
        assert term.finish() == 5, term.seen
    finally:
        term.close()
    assert submitted(portal) == [] and len(cases_of(portal, "草稿")) == 1

    show = Terminal(["runs", "show", run_dir.name], runs, columns)
    try:
        assert show.finish() == 0, show.seen
    finally:
        show.close()
    assert "申请信息核对" in show.seen
    assert_shown_whole(show.seen, run_dir)


@pytest.mark.parametrize("columns", [60, 80])
def test_the_batch_review_queue_wraps_long_values_instead_of_cutting_them(
    columns: int, long_names: Path, portal: MockPortal, tmp_path: Path
) -> None:
    runs = tmp_path / "runs"
    batch = long_names.parent
    term = Terminal(["batch", str(batch), "--portal-url", portal.url, "--no-trace"], runs, columns)
    try:
        screen = term.read_until(BATCH_PROMPT)
        [run_dir] = [p for p in runs.iterdir() if p.is_dir() and not p.name.startswith(".")]
        assert_shown_whole(screen, run_dir)
        term.type("n")
        assert term.finish() == 5, term.seen
    finally:
        term.close()
    assert submitted(portal) == []
