"""`autofill runs purge`: one run, runs older than N days, the rehearsal portal's data; never a
thing outside the runs folder, never through a symbolic link, never a run another process holds;
a yes at a terminal (default no), or `--yes`."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from autofill.cli import app, common
from autofill.runs import RunRecord, write_json

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.fixture(autouse=True)
def wide_console() -> Iterator[None]:
    saved = common.err_console.width
    common.err_console.width = 240
    yield
    common.err_console.width = saved


@pytest.fixture
def runs(tmp_path: Path) -> Path:
    """A runs folder with an old run, a recent one and the rehearsal portal's data."""
    folder = tmp_path / "runs"
    make_run(folder, "20261001-090000-0123", days_ago=40)
    make_run(folder, "20261128-090000-0456", days_ago=2)
    portal = folder / ".portal"
    (portal / "portal-files" / "files").mkdir(parents=True)
    (portal / "portal.db").write_bytes(b"SQLite format 3\x00 310101199203154321")
    (portal / "portal-files" / "files" / "a1b2.jpg").write_bytes(b"\xff\xd8 a scan")
    return folder


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """Something outside the runs folder that looks like a run: it must survive every purge."""
    folder = tmp_path / "elsewhere"
    make_run(tmp_path, "elsewhere", days_ago=400)
    (folder / "keep.txt").write_text("not yours to remove")
    return folder


def make_run(runs_dir: Path, run_id: str, days_ago: float) -> Path:
    folder = runs_dir / run_id
    (folder / "documents").mkdir(parents=True)
    when = (datetime.now().astimezone() - timedelta(days=days_ago)).isoformat(timespec="seconds")
    record = RunRecord(
        run_id=run_id,
        profile="/p.json",
        certificate_number="S000031000001263000123",
        applicant="310***********4321",
        created_at=when,
        updated_at=when,
    )
    write_json(folder / "run.json", asdict(record))
    (folder / "preview.png").write_bytes(b"\x89PNG full numbers as the portal showed them")
    return folder


def purge(runs: Path, *args: str) -> Result:
    return runner.invoke(app, ["runs", "purge", "--runs-dir", str(runs), *args])


def as_json(result: Result) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def names(runs: Path) -> list[str]:
    return sorted(p.name for p in runs.iterdir())


def test_one_run_is_removed_and_nothing_else(runs: Path) -> None:
    done = purge(runs, "20261001-090000-0123", "--yes", "--json")
    assert done.exit_code == 0, done.output
    result = as_json(done)
    assert [r["run_id"] for r in result["removed"]] == ["20261001-090000-0123"]
    assert result["message"].startswith("已删除 1 项")
    assert names(runs) == [".portal", "20261128-090000-0456"]
    assert (runs / ".portal" / "portal.db").is_file()


def test_runs_older_than_n_days_are_removed_the_recent_kept(runs: Path) -> None:
    done = purge(runs, "--older-than", "30", "--yes")
    assert done.exit_code == 0, done.output
    assert "已删除 1 项" in done.output
    assert names(runs) == [".portal", "20261128-090000-0456"]
    assert purge(runs, "--older-than", "1", "--yes").exit_code == 0
    assert names(runs) == [".portal"]


def test_the_rehearsal_portals_data_is_removed_with_portal(runs: Path) -> None:
    done = purge(runs, "--portal", "--yes", "--json")
    assert done.exit_code == 0, done.output
    assert [r["kind"] for r in as_json(done)["removed"]] == ["portal"]
    assert names(runs) == ["20261001-090000-0123", "20261128-090000-0456"]


def test_the_kept_logins_are_removed_with_sessions(runs: Path) -> None:
    kept = runs / ".sessions"
    kept.mkdir(mode=0o700)
    (kept / "0123abcd.json").write_text('{"cookies": []}', "utf-8")
    done = purge(runs, "--sessions", "--yes", "--json")
    assert done.exit_code == 0, done.output
    assert [r["kind"] for r in as_json(done)["removed"]] == ["sessions"]
    assert not kept.exists()
    assert names(runs) == [".portal", "20261001-090000-0123", "20261128-090000-0456"]


def test_a_sessions_folder_that_is_a_link_is_refused(tmp_path: Path, outside: Path) -> None:
    base = tmp_path / "runs"
    base.mkdir()
    (base / ".sessions").symlink_to(outside, target_is_directory=True)
    done = purge(base, "--sessions", "--yes")
    assert done.exit_code == 2
    assert outside.exists() and any(outside.iterdir())


def test_without_a_terminal_and_without_yes_it_lists_and_removes_nothing(runs: Path) -> None:
    done = purge(runs, "--older-than", "30", "--portal")
    assert done.exit_code == 5
    assert "20261001-090000-0123" in done.output and "演练门户的数据" in done.output
    assert "没有可交互的终端，什么都没有删除" in done.output and "--yes" in done.output
    done = purge(runs, "--older-than", "30", "--portal", "--json")
    assert done.exit_code == 5
    result = as_json(done)
    assert result["exit_code"] == 5 and result["removed"] == []
    assert {r["kind"] for r in result["would_remove"]} == {"run", "portal"}
    assert names(runs) == [".portal", "20261001-090000-0123", "20261128-090000-0456"]


@pytest.mark.parametrize(
    "run_id", ["../elsewhere", "..", ".", ".portal", "a/b", "/tmp", "20261001-090000-0123/.."]
)
def test_a_run_id_naming_anything_outside_the_runs_folder_is_refused(
    runs: Path, outside: Path, run_id: str
) -> None:
    done = purge(runs, run_id, "--yes")
    assert done.exit_code == 2, done.output
    assert "purge 只删除运行记录目录里的内容" in done.output
    assert (outside / "keep.txt").is_file()
    assert names(runs) == [".portal", "20261001-090000-0123", "20261128-090000-0456"]


def test_a_symbolic_link_is_never_followed_for_deletion(runs: Path, outside: Path) -> None:
    (runs / "20261002-090000-0999").symlink_to(outside, target_is_directory=True)
    # a link inside a run folder too: removed as a link, its target untouched
    (runs / "20261001-090000-0123" / "documents" / "id_front.jpg").symlink_to(outside / "keep.txt")
    done = purge(runs, "20261002-090000-0999", "--yes")
    assert done.exit_code == 2
    assert "是符号链接：不会顺着链接删除" in done.output
    done = purge(runs, "--older-than", "0", "--yes", "--json")
    assert done.exit_code == 0, done.output
    result = as_json(done)
    assert {r["run_id"] for r in result["removed"]} == {
        "20261001-090000-0123",
        "20261128-090000-0456",
    }
    assert result["skipped"] == [
        {"path": str(runs / "20261002-090000-0999"), "reason": "符号链接：不会顺着链接删除"}
    ]
    assert (outside / "keep.txt").read_text() == "not yours to remove"
    assert (outside / "run.json").is_file()
    assert (runs / "20261002-090000-0999").is_symlink()


def test_a_portal_folder_that_is_a_link_is_refused(tmp_path: Path, outside: Path) -> None:
    runs = tmp_path / "runs"
    make_run(runs, "20261001-090000-0123", days_ago=40)
    (runs / ".portal").symlink_to(outside, target_is_directory=True)
    done = purge(runs, "--portal", "--yes")
    assert done.exit_code == 2
    assert "是符号链接：不会顺着链接删除演练门户的数据" in done.output
    assert (outside / "keep.txt").is_file() and (runs / ".portal").is_symlink()


def test_nothing_asked_is_bad_input(runs: Path) -> None:
    done = purge(runs, "--yes")
    assert done.exit_code == 2
    assert "请指明要删除什么" in done.output


def test_an_unknown_run_is_bad_input(runs: Path) -> None:
    done = purge(runs, "20991231-000000-0000", "--yes", "--json")
    assert done.exit_code == 2
    assert "找不到运行记录 20991231-000000-0000" in as_json(done)["message"]


@pytest.fixture
def held(runs: Path) -> Iterator[Path]:
    """The recent run's folder, locked as a process working on it locks it (flock on `.lock`)."""
    folder = runs / "20261128-090000-0456"
    fd = os.open(folder / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    yield folder
    os.close(fd)


def test_a_run_another_process_holds_is_left_alone(runs: Path, held: Path) -> None:
    done = purge(runs, held.name, "--yes")
    assert done.exit_code == 2
    assert f"运行 {held.name} 正在被另一个进程使用，未删除" in done.output
    done = purge(runs, "--older-than", "0", "--portal", "--yes", "--json")
    assert done.exit_code == 0, done.output
    result = as_json(done)
    assert [r["run_id"] for r in result["removed"]] == ["20261001-090000-0123"]
    reasons = {Path(s["path"]).name: s["reason"] for s in result["skipped"]}
    assert reasons[held.name] == "正在被另一个进程使用"
    # the rehearsal portal has its database open while a run works
    assert "有运行正在进行" in reasons[".portal"]
    assert names(runs) == [".portal", held.name]


class Terminal:
    """`autofill runs purge` on a pseudo-terminal."""

    def __init__(self, runs: Path, *args: str) -> None:
        self.master, slave = pty.openpty()
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "120"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "autofill", "runs", "purge", "--runs-dir", str(runs), *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            close_fds=True,
        )
        os.close(slave)
        self.seen = b""

    def read_until(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while text.encode() not in self.seen:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"{text!r} never showed: {self.seen.decode(errors='replace')}"
            ready, _, _ = select.select([self.master], [], [], remaining)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                chunk = b""
            assert chunk, f"ended before {text!r} showed: {self.seen.decode(errors='replace')}"
            self.seen += chunk
        return self.seen.decode(errors="replace")

    def answer(self, line: str) -> int:
        os.write(self.master, line.encode() + b"\n")
        code = self.process.wait(timeout=60)
        os.close(self.master)
        return code


@pytest.mark.parametrize("answer", ["", "n", "no"])
def test_at_a_terminal_the_default_answer_is_no(runs: Path, answer: str) -> None:
    term = Terminal(runs, "20261001-090000-0123")
    term.read_until("[y/N]")
    assert term.answer(answer) == 5
    assert (runs / "20261001-090000-0123").is_dir()


def test_at_a_terminal_yes_removes(runs: Path) -> None:
    term = Terminal(runs, "--portal")
    shown = term.read_until("[y/N]")
    assert "删除以上 1 项" in shown and "删除后无法恢复" in shown
    assert term.answer("y") == 0
    assert not (runs / ".portal").exists()
