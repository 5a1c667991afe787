"""Shared fixtures: pytest-playwright is pointed at the system Chromium by the tool's own lookup,
and the live mock portal of the mock's own pytest plugin (`mock_portal.pytest_plugin`) is served
on a free loopback port for the whole session, under the names the suite uses."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from slugify import slugify

from autofill.browser.find import launch_args
from mock_portal.pytest_plugin import MockPortal
from mock_portal.server import PortalServer

__all__ = ["MockPortal"]  # the tests import the handle from here


# Where Playwright finds each branded channel on Linux (its own `chromium` needs a download that
# these machines cannot make).
CHANNEL_EXECUTABLES = {
    "chrome": "/opt/google/chrome/chrome",
    "chrome-beta": "/opt/google/chrome-beta/chrome",
    "chrome-dev": "/opt/google/chrome-unstable/chrome",
    "msedge": "/opt/microsoft/msedge/msedge",
    "msedge-beta": "/opt/microsoft/msedge-beta/msedge",
    "msedge-dev": "/opt/microsoft/msedge-dev/msedge",
}


def pytest_configure(config: pytest.Config) -> None:
    """`--browser-channel` is honoured by every test, or refused at once when not installed."""
    channel = config.getoption("--browser-channel", default=None)
    if not channel:
        return
    executable = CHANNEL_EXECUTABLES.get(channel)
    if executable is None or not os.access(executable, os.X_OK):
        where = f" (looked for {executable})" if executable else ""
        raise pytest.UsageError(
            f"--browser-channel {channel}: that browser is not installed on this machine{where}. "
            f"Install it, or leave the option out to use Debian's chromium "
            f"(known channels: {', '.join(CHANNEL_EXECUTABLES)})."
        )
    # the tests that run the tool (which launches its own browser) use the same browser
    os.environ["AUTOFILL_BROWSER"] = executable


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    # Playwright cannot download its own browser on these machines; use the same lookup as
    # `autofill run` (AUTOFILL_BROWSER, Playwright's own, then chromium on PATH). A channel
    # (--browser-channel) was checked and exported as AUTOFILL_BROWSER by pytest_configure.
    ours = launch_args()
    return {
        **{k: v for k, v in browser_type_launch_args.items() if k != "channel"},
        **{k: ours[k] for k in ("executable_path", "args", "env", "chromium_sandbox")},
    }


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        item.stash[FAILED] = True


FAILED = pytest.StashKey[bool]()


def pytest_sessionstart(session: pytest.Session) -> None:
    """`--output` is emptied once, when the run starts: by the controller under pytest-xdist
    (`pytest -n N`), by the one process otherwise."""
    if hasattr(session.config, "workerinput"):
        return
    output = session.config.getoption("--output", default=None)
    if output:
        shutil.rmtree(output, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def delete_output_dir() -> None:
    """Replaces pytest-playwright's fixture of that name, which empties `--output` when each
    session starts: under pytest-xdist every worker is a session, and a worker starting late
    removed the traces that another had already kept of a failing test."""


@pytest.fixture(autouse=True)
def keep_tool_traces(request: pytest.FixtureRequest, pytestconfig: pytest.Config) -> Iterator[None]:
    """`--tracing on|retain-on-failure` also keeps the traces that the tool itself wrote (each
    run's trace.zip under the test's tmp_path), in the test's folder of `--output`."""
    # taken before the test, so that tmp_path is torn down after this fixture looks into it
    tmp_path: Path | None = (
        request.getfixturevalue("tmp_path") if "tmp_path" in request.fixturenames else None
    )
    yield
    mode = pytestconfig.getoption("--tracing", default="off")
    failed = request.node.stash.get(FAILED, False)
    if tmp_path is None or mode == "off" or (mode == "retain-on-failure" and not failed):
        return
    traces = sorted(tmp_path.rglob("trace.zip"))
    if not traces:
        return
    # the folder pytest-playwright gives the test's own artifacts
    out = Path(pytestconfig.getoption("--output")).absolute() / slugify(request.node.nodeid)
    out.mkdir(parents=True, exist_ok=True)
    for trace in traces:
        name = "-".join(trace.relative_to(tmp_path).parts[:-1][-2:]) or "run"
        shutil.copy2(trace, out / f"{name}-trace.zip")


@pytest.fixture(scope="session")
def portal_server(mock_portal_server: PortalServer) -> PortalServer:
    """One mock portal for the whole session: the mock's own pytest plugin serves it."""
    return mock_portal_server


@pytest.fixture(scope="session")
def base_url(portal_server: PortalServer) -> str:
    # pytest-playwright's own `base_url` (from pytest-base-url) is a deprecated instance-method
    # fixture that warnings-as-errors refuses; ours points relative `page.goto()` at the mock.
    return portal_server.url


@pytest.fixture
def portal(mock_portal: MockPortal) -> MockPortal:
    """The session's mock portal, reset to its default fixtures before the test."""
    return mock_portal
