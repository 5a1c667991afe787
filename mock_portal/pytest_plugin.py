"""A pytest plugin that gives any test suite a live mock portal (registered as `pytest11`).

Installing this package makes these fixtures available everywhere, with nothing to import:

- `mock_portal_server` (session): one portal on a free loopback port, a temporary database;
- `mock_portal` (function): that portal reset to its default fixtures before the test, as a
  `MockPortal` handle: `.url` and the `/__mock__` control API (`.add_citizen()`, `.clock()`,
  `.faults()`, `.review_policy()`, `.review()`, `.cases()`, `.sms_code()`, `.captcha()`,
  `.approve_qr()`, `.stats()`).

`--mock-portal-layout classic|modern` and `--mock-portal-policy shanghai|national` choose how the
session's portal starts. Importing the plugin is cheap: the server is imported when first used.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx
import pytest

if TYPE_CHECKING:
    from mock_portal.server import PortalServer


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("mock-portal", "the autofill mock portal")
    group.addoption(
        "--mock-portal-layout",
        choices=("classic", "modern"),
        default="classic",
        help="the layout the session's mock portal starts with (default classic)",
    )
    group.addoption(
        "--mock-portal-policy",
        choices=("shanghai", "national"),
        default="shanghai",
        help="the rule set of the session's mock portal (default shanghai)",
    )


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

    def captcha(self, captcha_id: str | None = None) -> str:
        """The answer of that captcha (the form's hidden `captcha_id`), or of the last one issued."""
        params = {"id": captcha_id} if captcha_id else None
        answer: str = self._ok(self.call("GET", "captcha", params=params))["answer"]
        return answer

    def approve_qr(self, id_number: str, token: str | None = None) -> Any:
        body: dict[str, Any] = {"id_number": id_number}
        if token:
            body["token"] = token
        return self._ok(self.call("POST", "qr/approve", body))

    def stats(self) -> dict[str, int]:
        result: dict[str, int] = self._ok(self.call("GET", "stats"))
        return result

    def traffic(self) -> list[dict[str, Any]]:
        """Every request since the last reset (see `mock_portal.traffic.Hit`)."""
        result: list[dict[str, Any]] = self._ok(self.call("GET", "traffic"))
        return result


@pytest.fixture(scope="session")
def mock_portal_server(pytestconfig: pytest.Config) -> Iterator[PortalServer]:
    """One mock portal for the whole session (a temporary database, a free loopback port)."""
    from mock_portal.server import start_in_thread
    from mock_portal.settings import PortalSettings

    settings = PortalSettings(
        port=0,
        layout=pytestconfig.getoption("mock_portal_layout"),
        policy=pytestconfig.getoption("mock_portal_policy"),
    )
    server = start_in_thread(settings)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def mock_portal(mock_portal_server: PortalServer) -> Iterator[MockPortal]:
    """The session's mock portal, reset to its default fixtures before the test."""
    with httpx.Client(base_url=mock_portal_server.url, timeout=30) as client:
        handle = MockPortal(mock_portal_server.url, mock_portal_server, client)
        handle.reset()
        yield handle
