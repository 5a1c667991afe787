"""A Chromium page for one run: headless or headed, slowed down, a phone's viewport, a trace."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from autofill.browser.find import launch_args
from autofill.browser.trace import Trace, save_quietly
from autofill.errors import BadInput
from autofill.messages import t

#: how long an action (click, fill) may wait for its control
ACTION_TIMEOUT_MS = 15_000
NAVIGATION_TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class BrowserOptions:
    """`--headed`, `--slow-mo`, `--device`, and whether a trace is kept (`--no-trace`)."""

    headed: bool = False
    slow_mo: float = 0
    device: str | None = None
    trace: bool = True
    #: `--max-rate`: page loads a minute over every run of the process (None: no limit)
    max_rate: int | None = None
    #: `--browser-ws`: Playwright browser servers to connect to instead of launching Chromium
    endpoints: tuple[str, ...] = ()


def device_names() -> list[str]:
    with sync_playwright() as p:
        return sorted(p.devices)


def check_device(name: str | None, *, lang: str = "zh") -> None:
    """Refuses an unknown `--device` before anything else starts."""
    if not name:
        return
    names = device_names()
    if name not in names:
        close = [n for n in names if name.lower() in n.lower()][:8]
        examples = t("context.device_separator", lang).join(
            close or ["iPhone 13", "Pixel 7", "iPad Mini"]
        )
        hint = t("context.device_hint", lang, names=examples)
        raise BadInput(
            t("context.unknown_device", lang, name=name, hint=hint),
            errors=[{"path": "--device", "message": f"unknown device {name!r}"}],
        )


def context_args(p: Playwright | None, device: str | None) -> dict[str, Any]:
    """`new_context()` arguments: Chinese locale, Shanghai time, and the device's viewport."""
    args: dict[str, Any] = {"locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
    if device:
        if p is None:
            raise ValueError("a device needs the Playwright instance that knows it")
        descriptor = dict(p.devices[device])
        # the system Chromium is what we have: keep the phone's viewport and touch, not its engine
        descriptor.pop("default_browser_type", None)
        args.update(descriptor)
    return args


def new_context(browser: Browser, args: dict[str, Any]) -> BrowserContext:
    """A browser context with the run's action and navigation timeouts."""
    context = browser.new_context(**args)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    return context


@contextmanager
def page_in(
    p: Playwright, browser: Browser, options: BrowserOptions, trace_path: Path | None
) -> Iterator[Page]:
    """A page in a fresh context of `browser`; the trace (if any) is saved when the page closes.

    The trace leaves out every login (see `autofill.browser.trace`).
    """
    context = new_context(browser, context_args(p, options.device))
    if options.max_rate:
        from autofill.browser.interleave import pause
        from autofill.browser.polite import pace, rate_limit

        pace(context, rate_limit(options.max_rate), pause(p))
    trace = Trace(context, trace_path) if options.trace and trace_path is not None else None
    if trace is not None:
        trace.start()
    try:
        yield context.new_page()
    finally:
        if trace is not None:
            save_quietly(trace)
        if options.max_rate:
            # a load still waiting its turn is let go quietly instead of failing as it closes
            context.unroute_all(behavior="ignoreErrors")
        context.close()


def launch_or_connect(p: Playwright, options: BrowserOptions, endpoint: int = 0) -> Browser:
    """Chromium launched here, or connected at `options.endpoints` (from the `endpoint`-th on,
    the next where one does not answer)."""
    if not options.endpoints:
        launch: dict[str, Any] = launch_args(headless=not options.headed, slow_mo=options.slow_mo)
        return p.chromium.launch(**launch)
    from autofill.browser.remote import connect
    from autofill.errors import BrowserUnreachable

    count = len(options.endpoints)
    last: BrowserUnreachable | None = None
    for tried in range(count):
        url = options.endpoints[(endpoint + tried) % count]
        try:
            return connect(p, url, headless=not options.headed, slow_mo=options.slow_mo)
        except BrowserUnreachable as exc:
            last = exc
    assert last is not None
    raise last


@contextmanager
def open_page(options: BrowserOptions, trace_path: Path | None) -> Iterator[Page]:
    """A fresh browser of the run's own with one page (launched, or from the first
    `--browser-ws` server that answers); closed with the page."""
    with sync_playwright() as p:
        browser = launch_or_connect(p, options)
        try:
            with page_in(p, browser, options, trace_path) as page:
                yield page
        finally:
            browser.close()
