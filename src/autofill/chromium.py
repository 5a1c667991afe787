"""A Chromium page for one run: headless or headed, slowed down, a phone's viewport, a trace."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

from autofill.browser import launch_args
from autofill.errors import BadInput
from autofill.runs import FILE_MODE

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


def device_names() -> list[str]:
    with sync_playwright() as p:
        return sorted(p.devices)


def check_device(name: str | None) -> None:
    """Refuses an unknown `--device` before anything else starts."""
    if not name:
        return
    names = device_names()
    if name not in names:
        close = [n for n in names if name.lower() in n.lower()][:8]
        hint = "，例如：" + "、".join(close or ["iPhone 13", "Pixel 7", "iPad Mini"])
        raise BadInput(
            f"--device 不是已知的设备名：{name}{hint}",
            errors=[{"path": "--device", "message": f"unknown device {name!r}"}],
        )


@contextmanager
def open_page(options: BrowserOptions, trace_path: Path | None) -> Iterator[Page]:
    """A fresh browser context and page; the trace (if any) is saved when the page closes."""
    with sync_playwright() as p:
        launch: dict[str, Any] = launch_args(headless=not options.headed, slow_mo=options.slow_mo)
        browser = p.chromium.launch(**launch)
        context_args: dict[str, Any] = {"locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
        if options.device:
            descriptor = dict(p.devices[options.device])
            # the system Chromium is what we have: keep the phone's viewport and touch, not its engine
            descriptor.pop("default_browser_type", None)
            context_args.update(descriptor)
        context = browser.new_context(**context_args)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        tracing = options.trace and trace_path is not None
        if tracing:
            context.tracing.start(screenshots=True, snapshots=True, sources=False)
        try:
            yield context.new_page()
        finally:
            if tracing and trace_path is not None:
                try:
                    context.tracing.stop(path=str(trace_path))
                    os.chmod(trace_path, FILE_MODE)
                except Exception:  # a trace is evidence, never a reason to fail the run
                    pass
            context.close()
            browser.close()
