"""pytest-playwright's options hold for the whole suite, also for the tests that run the tool."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CONFTEST = 'pytest_plugins = ["tests.conftest"]\n'
TESTS = """
def test_a_run_that_failed(tmp_path):
    folder = tmp_path / "runs" / "20261130-101500-0123"
    folder.mkdir(parents=True)
    (folder / "trace.zip").write_bytes(b"PK the tool's trace")
    assert False, "the run went wrong"


def test_a_run_that_passed(tmp_path):
    folder = tmp_path / "runs" / "20261130-101600-0123"
    folder.mkdir(parents=True)
    (folder / "trace.zip").write_bytes(b"PK another trace")
"""


# Under pytest-xdist: the passing test's worker starts its session only once the failing test's
# worker has kept that test's trace (the two meet at a named pipe, opened by both).
IN_TWO_WORKERS = """
import os
import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if item.name == "test_a_run_that_passed":
        with open(os.environ["MEET_AT"]):
            pass


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item):
    yield
    if item.name == "test_a_run_that_failed":
        with open(os.environ["MEET_AT"], "w"):
            pass
"""


def pytest_in(
    folder: Path, *args: str, conftest: str = CONFTEST, **env_vars: str
) -> subprocess.CompletedProcess[str]:
    (folder / "conftest.py").write_text(conftest, "utf-8")
    (folder / "test_runs.py").write_text(TESTS, "utf-8")
    env = {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{REPO / 'src'}", **env_vars}
    env.pop("AUTOFILL_BROWSER", None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_retain_on_failure_keeps_the_tools_trace_of_a_failing_test_only(tmp_path: Path) -> None:
    suite, out = tmp_path / "suite", tmp_path / "results"
    suite.mkdir()
    result = pytest_in(suite, "--tracing", "retain-on-failure", "--output", str(out))
    assert "1 failed, 1 passed" in result.stdout, result.stdout + result.stderr
    kept = sorted(p.relative_to(out) for p in out.rglob("*.zip"))
    assert len(kept) == 1, kept
    assert "test-a-run-that-failed" in str(kept[0])
    assert kept[0].name == "runs-20261130-101500-0123-trace.zip"
    assert (out / kept[0]).read_bytes() == b"PK the tool's trace"


def test_in_parallel_workers_a_late_worker_keeps_the_trace_another_kept(tmp_path: Path) -> None:
    suite, out, meet = tmp_path / "suite", tmp_path / "results", tmp_path / "meet"
    suite.mkdir()
    os.mkfifo(meet)
    result = pytest_in(
        suite,
        *("-n", "2", "--tracing", "retain-on-failure", "--output", str(out)),
        conftest=CONFTEST + IN_TWO_WORKERS,
        MEET_AT=str(meet),
    )
    assert "1 failed, 1 passed" in result.stdout, result.stdout + result.stderr
    kept = sorted(p.relative_to(out) for p in out.rglob("*.zip"))
    assert [p.name for p in kept] == ["runs-20261130-101500-0123-trace.zip"], kept
    assert "test-a-run-that-failed" in str(kept[0])


def test_a_browser_channel_that_is_not_installed_is_refused_at_once(tmp_path: Path) -> None:
    channel = "msedge-dev"
    assert not Path("/opt/microsoft/msedge-dev/msedge").exists()
    result = pytest_in(tmp_path, "--browser-channel", channel)
    assert result.returncode == 4, result.stdout + result.stderr
    assert f"--browser-channel {channel}: that browser is not installed" in result.stderr
    assert "passed" not in result.stdout
