"""`autofill runs` on an 80-column terminal: the run id and case number stay whole."""

from __future__ import annotations

import codecs
import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

from rich.cells import cell_len

from autofill.runs import RunFolder

ROOT = Path(__file__).resolve().parents[2]
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def on_terminal(args: list[str], runs: Path, columns: int) -> tuple[int, str]:
    """`autofill ARGS` on a pseudo-terminal `columns` wide: its exit code and the screen's text."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        "AUTOFILL_RUNS_DIR": str(runs),
        "COLUMNS": str(columns),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "autofill", *args],
        cwd=ROOT,
        env=env,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        close_fds=True,
    )
    os.close(slave)
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    raw = ""
    try:
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the program ended and closed the terminal
                break
            if not chunk:
                break
            raw += decoder.decode(chunk)
        return process.wait(timeout=60), ANSI.sub("", raw)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
        os.close(master)


def column(screen: str, index: int) -> str:
    """One column of the table, its cells read down and joined (wrapped text put back)."""
    cells = [line.split("│")[1 + index].strip() for line in screen.splitlines() if "│" in line]
    return "".join(cells)


def test_the_run_list_keeps_the_run_id_and_case_number_whole_at_80_columns(
    tmp_path: Path,
) -> None:
    runs = tmp_path / "runs"
    done = RunFolder.create(runs, tmp_path / "p.json", "S000031000001263000123", "x")
    done.record.digest = "0a94ec10ded6"
    done.record.case_no = "SH20261130000001"
    done.record.status = {"status": "审核不通过"}
    done.advance("status")
    waiting = RunFolder.create(runs, tmp_path / "p.json", "S000031000001263000456", "x")
    waiting.record.digest = "7f3c2a9b1d04"
    waiting.advance("previewed")

    code, screen = on_terminal(["runs"], runs, 80)
    assert code == 0, screen
    assert "…" not in screen, screen
    assert max(cell_len(line) for line in screen.splitlines()) <= 80
    for whole in (done.run_id, waiting.run_id, "SH20261130000001", "0a94ec10ded6", "7f3c2a9b1d04"):
        assert whole in screen, screen  # on one line, as `submit` and `status` take it
    states = column(screen, 1)
    assert "已查询状态" in states and "已预览" in states, screen  # wrapped, never emptied
    assert "审核不通过" in column(screen, 3), screen
