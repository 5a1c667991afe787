"""One process per run folder: a second one is refused at once, a killed holder frees the run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from autofill.dates import today_shanghai
from autofill.errors import RunBusy
from autofill.runs import LOCK_FILE, RunFolder
from tests.unit.conftest import ProfileWriter, example_data

ROOT = Path(__file__).resolve().parents[2]
CERT = "S000031000001263000123"
ENV = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}

#: a process that holds a run and waits: it says "held" once the lock is its
HOLDER = """
import sys
from pathlib import Path
from autofill.runs import RunFolder

with RunFolder.open(Path(sys.argv[1]), sys.argv[2]).hold():
    print("held", flush=True)
    sys.stdin.read()
"""


def new_run(runs: Path, profile: Path, state: str = "previewed") -> RunFolder:
    folder = RunFolder.create(runs, profile, CERT, "310***********4321")
    folder.record.digest = "0a94ec10ded6"
    folder.advance(state)
    return folder


def autofill(*args: str, runs: Path) -> tuple[int, dict[str, Any]]:
    """`autofill ... --json` in a process of its own, without a terminal."""
    done = subprocess.run(
        [sys.executable, "-m", "autofill", *args, "--json"],
        cwd=ROOT,
        env={**ENV, "AUTOFILL_RUNS_DIR": str(runs)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.returncode, json.loads(done.stdout)


@pytest.fixture
def profile(write_profile: ProfileWriter) -> Path:
    """The example applicant, with a certificate recent enough to be eligible on any day."""
    data = example_data()
    data["certificate"]["issue_date"] = (today_shanghai() - timedelta(days=30)).isoformat()
    return write_profile(data)


def test_a_second_hold_is_refused_at_once_naming_the_holder(tmp_path: Path) -> None:
    folder = new_run(tmp_path / "runs", tmp_path / "p.json")
    with folder.hold():
        second = RunFolder.open(tmp_path / "runs", folder.run_id)
        with pytest.raises(RunBusy) as caught, second.hold():
            pytest.fail("two holders of one run")
        lock = folder.file(LOCK_FILE)
        assert lock.stat().st_mode & 0o777 == 0o600
        assert json.loads(lock.read_text(encoding="utf-8"))["pid"] == os.getpid()
    refusal = caught.value
    assert refusal.exit_code == 2
    assert f"运行 {folder.run_id} 正由另一个进程处理：进程 {os.getpid()}" in refusal.message
    assert "请等该进程结束后再试" in refusal.message
    with pytest.raises(RunBusy) as english, folder.hold(), second.hold(lang="en"):
        pytest.fail("two holders of one run")
    assert f"being worked on by another process: pid {os.getpid()}" in english.value.message
    # released when the block ends: the next holder gets it
    with RunFolder.open(tmp_path / "runs", folder.run_id).hold() as again:
        assert again.record.state == "previewed"


def test_a_holder_killed_with_sigkill_never_leaves_the_run_locked(tmp_path: Path) -> None:
    folder = new_run(tmp_path / "runs", tmp_path / "p.json")
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path / "runs"), folder.run_id],
        env=ENV,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
            with pytest.raises(RunBusy) as caught, folder.hold():
                pytest.fail("held by two processes")
            assert f"进程 {holder.pid}" in caught.value.message
            holder.send_signal(signal.SIGKILL)
            assert holder.wait(timeout=30) == -signal.SIGKILL
        finally:
            if holder.poll() is None:
                holder.kill()
    with folder.hold():  # the kernel dropped the dead process's lock
        held_by = json.loads(folder.file(LOCK_FILE).read_text(encoding="utf-8"))
        assert held_by["pid"] == os.getpid()


def test_submit_of_a_held_run_stops_with_exit_2_before_the_portal(
    tmp_path: Path, profile: Path
) -> None:
    runs = tmp_path / "runs"
    folder = new_run(runs, profile)
    with folder.hold():
        code, answer = autofill("submit", folder.run_id, "--digest", "0a94ec10ded6", runs=runs)
    assert code == 2, answer
    assert answer["exit_code"] == 2
    assert f"正由另一个进程处理：进程 {os.getpid()}" in answer["message"]
    assert not (runs / ".portal").exists()  # no portal was started
    assert RunFolder.open(runs, folder.run_id).record.state == "previewed"


def test_run_of_a_profile_whose_run_is_held_stops_with_exit_2(
    tmp_path: Path, profile: Path
) -> None:
    runs = tmp_path / "runs"
    folder = new_run(runs, profile, state="checked")  # `run` resumes this folder
    before = folder.file("run.json").read_bytes()
    with folder.hold():
        code, answer = autofill("run", str(profile), runs=runs)
    assert code == 2, answer
    assert f"运行 {folder.run_id} 正由另一个进程处理：进程 {os.getpid()}" in answer["message"]
    assert folder.file("run.json").read_bytes() == before
    assert [p.name for p in runs.iterdir()] == [folder.run_id]  # no second run folder
    assert not folder.file("log.jsonl").exists()  # not even "resumed" was written


def test_status_of_a_held_run_stops_with_exit_2(tmp_path: Path, profile: Path) -> None:
    runs = tmp_path / "runs"
    folder = new_run(runs, profile, state="status")
    folder.record.case_no = "SH20261129000001"
    folder.save()
    with folder.hold():
        code, answer = autofill("status", folder.run_id, runs=runs)
    assert code == 2, answer
    assert f"进程 {os.getpid()}" in answer["message"]
    assert not (runs / ".portal").exists()


def test_one_place_knows_how_a_run_folder_is_locked() -> None:
    """`runs.run_folder_lock` is the only lock of a run folder: purge and hold() share it."""
    others = [
        path.relative_to(ROOT).as_posix()
        for path in sorted((ROOT / "src" / "autofill").rglob("*.py"))
        if path.name != "runs.py"
        and any(word in path.read_text(encoding="utf-8") for word in ("flock", "LOCK_FILE"))
    ]
    assert others == []
