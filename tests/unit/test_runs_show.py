"""`autofill runs show`: the run's steps on Shanghai's clock, in the person's language."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from autofill.runs import RunFolder

ROOT = Path(__file__).resolve().parents[2]


def autofill(*args: str, runs: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AUTOFILL_RUNS_DIR": str(runs), "COLUMNS": "200", "NO_COLOR": "1"}
    env.pop("AUTOFILL_LANG", None)
    return subprocess.run(
        [sys.executable, "-m", "autofill", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def run_at_utc(tmp_path: Path) -> tuple[Path, str]:
    """A run whose record was written with UTC times (09:00Z is 17:00 in Shanghai)."""
    runs = tmp_path / "runs"
    folder = RunFolder.create(runs, tmp_path / "p.json", "S000031000001263000123", "x")
    folder.advance("previewed")
    folder.record.steps = {
        "validated": "2026-11-30T09:00:00+00:00",
        "previewed": "2026-11-30T09:02:05+00:00",
    }
    folder.record.digest = "0a94ec10ded6"
    folder.record.confirmation = {"how": "terminal", "at": "2026-11-30T16:30:00+00:00"}
    folder.save()
    return runs, folder.run_id


def test_runs_show_prints_times_on_shanghais_clock(run_at_utc: tuple[Path, str]) -> None:
    runs, run_id = run_at_utc
    done = autofill("runs", "show", run_id, runs=runs)
    assert done.returncode == 0, done.stderr
    assert "2026-11-30 17:00:00" in done.stderr
    assert "2026-11-30 17:02:05" in done.stderr
    # half past four in the afternoon UTC is the next morning in Shanghai
    assert "确认：terminal 2026-12-01 00:30:00" in done.stderr
    assert "+00:00" not in done.stderr and "T09:00" not in done.stderr
    assert "已预览" in done.stderr and "预览摘要：0a94ec10ded6" in done.stderr


def test_runs_show_and_the_run_list_speak_english_with_lang_en(
    run_at_utc: tuple[Path, str],
) -> None:
    runs, run_id = run_at_utc
    shown = autofill("runs", "show", run_id, "--lang", "en", runs=runs)
    assert shown.returncode == 0, shown.stderr
    for text in (f"Run {run_id}", "previewed", "Preview digest: 0a94ec10ded6", "Files:"):
        assert text in shown.stderr, text
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in shown.stderr), shown.stderr

    listed = autofill("runs", "--lang", "en", runs=runs)
    assert listed.returncode == 0, listed.stderr
    assert "run id" in listed.stderr and "previewed" in listed.stderr
    assert "运行编号" not in listed.stderr


def test_runs_show_json_ends_with_a_newline(run_at_utc: tuple[Path, str]) -> None:
    runs, run_id = run_at_utc
    done = autofill("runs", "show", run_id, "--json", "--lang", "en", runs=runs)
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("}\n")
    assert json.loads(done.stdout)["message"] == f"Run {run_id}"
