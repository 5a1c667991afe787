"""Shared fixtures: pytest-playwright is pointed at the system Chromium by the tool's own lookup,
and a live mock portal is served on a free loopback port for the whole session."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from autofill.browser.find import CHROMIUM_ARGS, find_browser, sandbox_decision
from mock_portal.server import PortalServer, start_in_thread
from mock_portal.settings import PortalSettings


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    # Playwright cannot download its own browser on these machines; use the same lookup as
    # `autofill run` (AUTOFILL_BROWSER, Playwright's own, then chromium on PATH).
    return {
        **browser_type_launch_args,
        "executable_path": str(find_browser()),
        "chromium_sandbox": sandbox_decision().sandboxed,
        "args": list(CHROMIUM_ARGS),
    }


@dataclass
class MockPortal:
    """A running mock portal: its `url` and helpers for its /__mock__ control API."""

    url: str
    server: PortalServer
    client: httpx.Client

    def call(self, method: str, path: str, json: Any = None, **kw: Any) -> httpx.Response:
        return self.client.request(method, f"/__mock__/{path.lstrip('/')}", json=json, **kw)

    def _ok(self, response: httpx.Response) -> Any:
        assert response.status_code < 300, f"{response.status_code}: {response.text}"
        return response.json() if response.content else None

    def reset(self) -> None:
        self._ok(self.call("POST", "reset"))

    def add_citizen(self, citizen: dict[str, Any]) -> Any:
        return self._ok(self.call("POST", "citizens", citizen))

    def clock(self, **body: Any) -> str:
        response = self.call("POST", "clock", body) if body else self.call("GET", "clock")
        now: str = self._ok(response)["now"]
        return now

    def faults(self, **body: Any) -> dict[str, Any]:
        result: dict[str, Any] = self._ok(self.call("POST", "faults", body))
        return result

    def review_policy(self, **body: Any) -> Any:
        return self._ok(self.call("POST", "review", body))

    def review(self, case_no: str, decision: str, reason: str = "") -> dict[str, Any]:
        result: dict[str, Any] = self._ok(
            self.call("POST", f"cases/{case_no}/review", {"decision": decision, "reason": reason})
        )
        return result

    def cases(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self._ok(self.call("GET", "cases"))
        return result

    def sms_code(self, phone: str) -> str:
        code: str = self._ok(self.call("GET", "sms", params={"phone": phone}))["code"]
        return code


@pytest.fixture(scope="session")
def portal_server() -> Iterator[PortalServer]:
    """One mock portal for the whole session (default settings, a temporary database)."""
    server = start_in_thread(PortalSettings(port=0))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def base_url(portal_server: PortalServer) -> str:
    # pytest-playwright's own `base_url` (from pytest-base-url) is a deprecated instance-method
    # fixture that warnings-as-errors refuses; ours points relative `page.goto()` at the mock.
    return portal_server.url


@pytest.fixture
def portal(portal_server: PortalServer) -> Iterator[MockPortal]:
    """The session's mock portal, reset to its default fixtures before the test."""
    with httpx.Client(base_url=portal_server.url, timeout=30) as client:
        handle = MockPortal(portal_server.url, portal_server, client)
        handle.reset()
        yield handle
