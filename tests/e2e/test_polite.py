"""Polite to a real portal: a batch keeps to `--max-sessions` and `--max-rate`, counted by the
portal itself (the mock's request log), retries included."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from autofill.batch import Batch, SharedBrowser
from autofill.browser import polite
from autofill.cli.batch import remote_connector
from autofill.cli.run import run_context
from autofill.observer import NullObserver
from benchmarks import people
from tests.conftest import MockPortal
from tests.e2e.run_support import in_thread
from tests.e2e.traffic import most_in_window, page_loads, sessions_at_once

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


def a_class(tmp_path: Path, portal: MockPortal, count: int) -> Path:
    folder = tmp_path / "class"
    people.write_profiles(folder, range(1, count + 1))
    for index in range(1, count + 1):
        portal.add_citizen(people.citizen(people.person(index)))
    return folder


def test_a_batch_against_a_real_portal_keeps_to_two_sessions_by_default(
    tmp_path: Path, portal: MockPortal
) -> None:
    folder = a_class(tmp_path, portal, 3)
    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        "AUTOFILL_PASSWORD": people.PASSWORD,
    }
    command = [sys.executable, "-m", "autofill", "batch", str(folder), "--portal-url", portal.url]
    command += ["--concurrency", "4", "--json", "--no-trace", "--runs-dir", str(tmp_path / "runs")]
    done = subprocess.run(
        command,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    answer = json.loads(done.stdout)
    assert done.returncode == 5, answer
    assert answer["counts"]["waiting"] == 3
    # the person is told which limits are in force
    assert "同时最多 2 个会话，每分钟最多 60 次页面加载" in done.stderr
    hits = portal.traffic()
    # three applicants asked for at four at once, yet the portal saw no more than two of them
    assert sessions_at_once(hits) == 2
    assert most_in_window(page_loads(hits), 60.0) <= polite.DEFAULT_MAX_RATE


def test_page_loads_keep_to_the_rate_in_every_window_retries_included(
    tmp_path: Path, portal: MockPortal, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the same limit on a shorter clock: 12 page loads in any 5 s instead of a minute
    monkeypatch.setattr(polite, "WINDOW_S", 5.0)
    monkeypatch.setattr(polite, "_LIMITS", {})
    rate = 12
    folder = a_class(tmp_path, portal, 3)
    # a busy portal: about one answer in five is "系统繁忙", which the runs retry
    portal.faults(error_rate=0.15, seed=7)
    monkeypatch.setenv("AUTOFILL_PASSWORD", people.PASSWORD)
    ctx = run_context(False, "zh", tmp_path / "runs", None, False, 0, None, True, max_rate=rate)
    ctx.observer = NullObserver()
    batch = Batch(
        sorted(folder.glob("*.json")),
        ctx,
        remote_connector(portal.url),
        concurrency=3,
        max_sessions=2,
    )

    def file_all() -> None:
        with SharedBrowser(ctx.browser) as browser:
            batch.to_previews(browser)

    in_thread(file_all)

    assert [e.result.exit_code if e.result else None for e in batch.entries] == [5, 5, 5]
    hits = portal.traffic()
    loads = page_loads(hits)
    busy = [h for h in hits if h["status"] == 502]
    assert busy, "the portal was never busy: no retry was counted"
    assert len(loads) > 2 * rate  # enough loads that the limit had to hold some back
    assert most_in_window(loads, 5.0) <= rate
    assert sessions_at_once(hits) <= 2
