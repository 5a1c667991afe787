"""Shared fixtures: pytest-playwright is pointed at the system Chromium by the tool's own lookup,
and the live mock portal of the mock's own pytest plugin (`mock_portal.pytest_plugin`) is served
on a free loopback port for the whole session, under the names the suite uses."""

from __future__ import annotations

from typing import Any

import pytest

from autofill.browser.find import CHROMIUM_ARGS, find_browser
from mock_portal.pytest_plugin import MockPortal
from mock_portal.server import PortalServer

__all__ = ["MockPortal"]  # the tests import the handle from here


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    # Playwright cannot download its own browser on these machines; use the same lookup as
    # `autofill run` (AUTOFILL_BROWSER, Playwright's own, then chromium on PATH).
    return {
        **browser_type_launch_args,
        "executable_path": str(find_browser()),
        "args": list(CHROMIUM_ARGS),
    }


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
