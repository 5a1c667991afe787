"""Shared fixtures: pytest-playwright is pointed at the system Chromium by the tool's own lookup."""

from __future__ import annotations

from typing import Any

import pytest

from autofill.browser import CHROMIUM_ARGS, find_browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    # Playwright cannot download its own browser on these machines; use the same lookup as
    # `autofill run` (AUTOFILL_BROWSER, Playwright's own, then chromium on PATH).
    return {
        **browser_type_launch_args,
        "executable_path": str(find_browser()),
        "args": list(CHROMIUM_ARGS),
    }
