"""Opening a page while the page is still loading the late answer to a click."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError

from autofill.errors import PortalBusy
from autofill.portal.navigation import goto

INTERRUPTED = (
    'Navigation to "http://127.0.0.1/cases" is interrupted by another navigation to '
    '"http://127.0.0.1/apply/SH1/submit"'
)


class LoadingPage:
    """A page that is still loading another document for the first `busy` gotos."""

    def __init__(self, busy: int, message: str = INTERRUPTED) -> None:
        self.busy = busy
        self.message = message
        self.calls: list[str] = []

    def goto(self, url: str, wait_until: str, timeout: float | None = None) -> None:
        self.calls.append(f"goto {url}")
        if self.busy:
            self.busy -= 1
            raise PlaywrightError(self.message)

    def wait_for_load_state(self, state: str, timeout: float) -> None:
        self.calls.append(f"wait {state}")


def test_a_goto_interrupted_by_a_navigation_under_way_lets_it_land_and_goes_again() -> None:
    page = LoadingPage(busy=2)
    goto(page, "http://127.0.0.1/cases")  # type: ignore[arg-type]
    assert page.calls == [
        "goto http://127.0.0.1/cases",
        "wait domcontentloaded",
        "goto http://127.0.0.1/cases",
        "wait domcontentloaded",
        "goto http://127.0.0.1/cases",
    ]


def test_a_page_that_keeps_navigating_is_busy_after_three_landed_and_refusals_at_once() -> None:
    page = LoadingPage(busy=10)
    with pytest.raises(PortalBusy):
        goto(page, "http://127.0.0.1/cases")  # type: ignore[arg-type]
    assert page.calls.count("wait domcontentloaded") == 3 and len(page.calls) == 7
    refused = LoadingPage(busy=1, message="net::ERR_CONNECTION_REFUSED at http://127.0.0.1/")
    with pytest.raises(PortalBusy):
        goto(refused, "http://127.0.0.1/")  # type: ignore[arg-type]
    assert refused.calls == ["goto http://127.0.0.1/"]  # not a navigation under way: no waiting
