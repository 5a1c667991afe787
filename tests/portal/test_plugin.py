"""The mock's pytest plugin, as another team uses it: installed, nothing imported, a live portal."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.portal

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "pytest_plugin"


def test_the_readme_example_runs_against_a_live_portal(tmp_path: Path) -> None:
    shutil.copy(EXAMPLE / "test_mock_portal_example.py", tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def pytest_in(folder: Path, *args: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    ).stdout


def test_the_plugin_offers_its_fixtures_and_options(tmp_path: Path) -> None:
    fixtures = pytest_in(tmp_path, "--fixtures")
    assert "mock_portal_server [session scope]" in fixtures
    assert "mock_portal -- " in fixtures
    options = pytest_in(tmp_path, "--help")
    assert "--mock-portal-layout" in options and "--mock-portal-policy" in options
