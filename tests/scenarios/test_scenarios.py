"""The scenario suite: every file of scenarios/ is one test, run against a fresh mock portal.

The same files are run by `autofill scenario run scenarios/`; a QA engineer adds a case by adding
a file. One browser (pytest-playwright's) and one portal per policy serve the whole session.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Playwright

from autofill.scenarios.files import collect
from autofill.scenarios.runner import PortalPool, ScenarioWorker

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
FILES = sorted(SCENARIOS.glob("*.yaml"))

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def scenario_worker(browser: Browser, playwright: Playwright) -> Iterator[ScenarioWorker]:
    pool = PortalPool()
    try:
        yield ScenarioWorker(browser, pool, playwright=playwright)
    finally:
        pool.close()


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_scenario(path: Path, scenario_worker: ScenarioWorker) -> None:
    (found,) = collect([path])
    result = scenario_worker.run(found)
    assert result.passed, f"{found.scenario.title}：\n" + "\n".join(result.problems)
