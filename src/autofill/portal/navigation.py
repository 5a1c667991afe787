"""Telling what a page turned out to be: the page hoped for, a busy portal, an expired session."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import suppress

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, Response
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from autofill.errors import (
    PortalBusy,
    SessionExpired,
    UnexpectedPage,
)
from autofill.messages import t
from autofill.portal.texts import PortalTexts

#: how long a page may take to show one of the states we wait for
PAGE_TIMEOUT_MS = 30_000


def heading(page: Page | Locator, text: str) -> Locator:
    """A page's heading by its exact text."""
    return page.get_by_role("heading", name=text, exact=True)


def settle(
    page: Page,
    texts: PortalTexts,
    expected: Mapping[str, Locator],
    timeout_ms: float = PAGE_TIMEOUT_MS,
    login_means_expired: bool = True,
    *,
    lang: str = "zh",
) -> str:
    """Waits until one of `expected` shows and returns its name; busy → PortalBusy, expiry → SessionExpired.

    The login page counts as an expired session unless the caller is on it (logging in).
    """
    busy = page.get_by_text(texts.busy)
    expired = page.get_by_text(texts.session_expired)
    if login_means_expired:
        # a session that is gone without a word (dropped earlier, the cookie cleared) shows the
        # bare login page: that is an expired session too, not a page that never came
        expired = expired.or_(heading(page, texts.login_heading))
    anything = busy.or_(expired)
    for locator in expected.values():
        anything = anything.or_(locator)
    try:
        anything.first.wait_for(state="visible", timeout=timeout_ms)
    except PlaywrightTimeout:
        raise UnexpectedPage(
            t(
                "navigation.not_shown",
                lang,
                seconds=f"{timeout_ms / 1000:.0f}",
                expected=t("navigation.separator", lang).join(expected),
                url=page.url,
            )
        ) from None
    except PlaywrightError as exc:
        raise PortalBusy(
            t("navigation.dropped", lang, detail=exc.message.splitlines()[0])
        ) from None
    if busy.first.is_visible():
        raise PortalBusy(texts.busy)
    for name, locator in expected.items():
        if locator.first.is_visible():
            return name
    raise SessionExpired(texts.session_expired)


#: Playwright's words when a page.goto meets a navigation already under way on the page
INTERRUPTED = "interrupted by another navigation"
#: how many navigations already under way one goto lets land before it counts as busy
MAX_INTERRUPTIONS = 3


def settle_navigation(page: Page) -> None:
    """Lets a navigation already under way land (the late answer to a click), quietly."""
    # whatever became of it, the next goto replaces it
    with suppress(PlaywrightError):
        page.wait_for_load_state("domcontentloaded", timeout=PAGE_TIMEOUT_MS)


def goto(page: Page, url: str, timeout_ms: float | None = None, *, lang: str = "zh") -> None:
    """Opens a URL; a refused or dropped connection is a busy portal (retryable).

    A goto interrupted by a navigation already under way (the page still loading the answer to
    a click whose answer we stopped waiting for) first lets that one land and goes again: the
    retry policies' pauses are not waited in scenarios, so retrying alone could run out before
    a slow machine finished loading it. `timeout_ms` overrides the context's navigation timeout
    for this one page.
    """
    for attempt in range(MAX_INTERRUPTIONS + 1):
        try:
            page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
            return
        except PlaywrightError as exc:
            if INTERRUPTED in exc.message and attempt < MAX_INTERRUPTIONS:
                settle_navigation(page)
                continue
            raise PortalBusy(
                t("navigation.unreachable", lang, detail=exc.message.splitlines()[0])
            ) from None


#: elements that may wrap a block of text such as an error box
CONTAINERS_WITH_TEXT = "div, section, ul, form, article, aside"


def press_once(page: Page, press: Callable[[], None], timeout_ms: float) -> str | None:
    """Presses a button whose form post must never be repeated blindly (确认提交, 重新提交).

    None when the portal answered; else why the answer was lost ("no answer: …" or "HTTP 5xx"),
    for the caller to look at the case before anything else.
    """

    def is_post(response: Response) -> bool:
        return response.request.method == "POST" and response.request.resource_type == "document"

    try:
        with page.expect_response(is_post, timeout=timeout_ms) as answer:
            press()
        status = answer.value.status
    except (PlaywrightTimeout, PlaywrightError) as exc:
        return f"no answer: {type(exc).__name__}"
    if status >= 500:
        settle_navigation(page)  # the error page may still be loading: let it land
        return f"HTTP {status}"
    return None
