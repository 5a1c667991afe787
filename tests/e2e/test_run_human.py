"""The human gate at a real pseudo-terminal, and following the case until it is decided."""

from __future__ import annotations

import codecs
import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from autofill.status import PollPlan, follow_case
from tests.conftest import MockPortal
from tests.e2e.run_support import (
    PASSWORD,
    ROOT,
    Cli,
    cases_of,
    connect_to,
    context,
    copy_example,
    in_thread,
    run_profile,
    submitted,
)

pytestmark = pytest.mark.e2e

PROMPT = "提交后不可撤回。[y/N]"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class Terminal:
    """`autofill` started on a pseudo-terminal, read until a text shows, answered by typing."""

    def __init__(self, args: list[str], runs_dir: Path, columns: int = 160) -> None:
        self.master, slave = pty.openpty()
        # a terminal of that width, as a person's window would be
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
        env = {
            **os.environ,
            "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
            "AUTOFILL_RUNS_DIR": str(runs_dir),
            "AUTOFILL_PASSWORD": PASSWORD,
            "COLUMNS": str(columns),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "autofill", *args],
            cwd=ROOT,
            env=env,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            close_fds=True,
        )
        os.close(slave)
        self.raw = ""
        self.seen = ""
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def read_until(self, text: str | None, timeout: float = 180) -> str:
        """Reads the terminal until `text` shows (None: until the program ends)."""
        deadline = time.monotonic() + timeout
        while text is None or text not in self.seen:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{text!r} never showed:\n{self.seen}")
            ready, _, _ = select.select([self.master], [], [], remaining)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 4096)
            except OSError:  # the program ended and closed the terminal
                chunk = b""
            if not chunk:
                if text is None:
                    break
                raise AssertionError(f"ended before {text!r} showed:\n{self.seen}")
            # styles are stripped from the whole text: a code may be split between two reads
            self.raw += self.decoder.decode(chunk)
            self.seen = ANSI.sub("", self.raw)
        return self.seen

    def type(self, line: str) -> None:
        os.write(self.master, line.encode() + b"\n")

    def finish(self) -> int:
        self.read_until(None)
        return self.process.wait(timeout=60)

    def close(self) -> None:
        """Ends the program if a failed check left it running."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)
        os.close(self.master)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Callable[[list[str]], Terminal]]:
    opened: list[Terminal] = []

    def start(args: list[str]) -> Terminal:
        opened.append(Terminal(args, tmp_path / "runs"))
        return opened[-1]

    yield start
    for term in opened:
        term.close()


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "applicant")


def test_approving_at_a_terminal_submits_once(
    portal: MockPortal, profile: Path, tmp_path: Path
) -> None:
    term = Terminal(["run", str(profile), "--portal-url", portal.url], tmp_path / "runs")
    screen = term.read_until(PROMPT)
    assert "申请信息核对" in screen and "预览摘要（digest）" in screen
    assert "310***********4321" in screen and "310101199203154321" not in screen
    assert submitted(portal) == []  # nothing before the yes
    term.type("y")
    assert term.finish() == 0, term.seen
    assert "已提交，办件编号" in term.seen
    [case] = submitted(portal)
    assert case["status"] == "待审核"
    record = json.loads(next((tmp_path / "runs").glob("*/run.json")).read_text(encoding="utf-8"))
    assert record["confirmation"]["how"] == "terminal" and record["case_no"] == case["case_no"]


@pytest.mark.parametrize("answer", ["n", ""])
def test_declining_or_just_enter_keeps_the_draft_and_exits_5(
    answer: str, portal: MockPortal, profile: Path, terminal: Callable[[list[str]], Terminal]
) -> None:
    term = terminal(["run", str(profile), "--portal-url", portal.url])
    term.read_until(PROMPT)
    term.type(answer)
    assert term.finish() == 5, term.seen
    assert "未确认，未提交；草稿保留在门户上" in term.seen
    assert submitted(portal) == []
    assert len(cases_of(portal, "草稿")) == 1


def test_status_wait_follows_the_case_to_paid_on_the_portals_clock(
    portal: MockPortal, profile: Path, tmp_path: Path
) -> None:
    from autofill.profile import load_profile

    result = run_profile(profile, portal, context(tmp_path / "runs"))
    assert result.exit_code == 0 and result.case_no
    portal.review_policy(
        mode="auto", decision="approve", reason="材料齐全", after_seconds=[600, 3600, 86400]
    )
    waited: list[float] = []

    def advance(seconds: float) -> None:
        waited.append(seconds)
        portal.clock(advance_seconds=seconds)

    ctx = context(tmp_path / "runs", sleep=advance)
    applicant = load_profile(profile)
    plan = PollPlan(timeout_s=2 * 86400, interval_s=1800)
    followed = in_thread(
        lambda: follow_case(ctx, connect_to(portal), applicant, result.case_no or "", None, plan)
    )
    assert followed.exit_code == 0, followed.message
    assert followed.status is not None
    assert followed.status["status"] == "已发放"
    assert followed.status["amount"] == "2000.00元"
    assert followed.status["paid_on"]
    assert 86400 <= sum(waited) <= 2 * 86400
    # gentle: pauses grow, never shorter than the interval
    assert waited == sorted(waited) and min(waited) == 1800


def test_status_wait_times_out_with_exit_6_and_the_cli_reads_the_status(
    portal: MockPortal, profile: Path, tmp_path: Path
) -> None:
    from autofill.profile import load_profile

    result = run_profile(profile, portal, context(tmp_path / "runs"))
    assert result.exit_code == 0 and result.run_id and result.case_no
    cli = Cli(portal, tmp_path / "runs")
    now = cli("status", result.run_id, "--json")
    assert now.returncode == 0, now.stderr
    shown = json.loads(now.stdout)
    assert shown["status"] == "待审核" and shown["case_no"] == result.case_no
    # the review is manual: the case stays 待审核 however far the portal's clock moves
    waited: list[float] = []

    def advance(seconds: float) -> None:
        waited.append(seconds)
        portal.clock(advance_seconds=seconds)

    ctx = context(tmp_path / "runs", sleep=advance)
    plan = PollPlan(timeout_s=3600, interval_s=300, max_polls=6)
    case_no = result.case_no
    followed = in_thread(
        lambda: follow_case(ctx, connect_to(portal), load_profile(profile), case_no, None, plan)
    )
    assert followed.exit_code == 6
    assert "仍为“待审核”" in followed.message
    assert len(waited) == 5  # the cap on requests: 6 reads, 5 pauses
