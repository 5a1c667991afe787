"""The handout's pictures match their captions: each shows its step's own page, and the orange
box is promised only under a picture that has it."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, Playwright

from autofill.scenarios.files import load_scenario
from autofill.scenarios.runner import PortalPool, ScenarioWorker
from autofill.training import overlay
from autofill.training.handout import render_handout
from autofill.training.overlay import DemoObserver, install_overlay

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
ORANGE = (0xFF, 0x98, 0x00)


@pytest.fixture
def headings(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[bytes, str]]:
    """The page heading (h1) on screen when each handout picture was taken, by picture."""
    seen: dict[bytes, str] = {}
    take = overlay.screenshot

    def recording(page: Page) -> Any:
        shot = take(page)
        if shot is not None:
            seen[shot.png] = page.locator("h1").first.inner_text()
        return shot

    monkeypatch.setattr(overlay, "screenshot", recording)
    yield seen


def has_orange(png: bytes) -> bool:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    return any(
        count >= 20 and all(abs(a - b) <= 12 for a, b in zip(rgb, ORANGE, strict=True))
        for count, rgb in colours
    )


def test_each_picture_shows_its_step_and_the_promised_orange_box(
    browser: Browser, playwright: Playwright, headings: dict[bytes, str]
) -> None:
    pool = PortalPool()
    try:
        observer = DemoObserver()
        found = load_scenario(REPO / "scenarios" / "happy_classic.yaml")
        result = ScenarioWorker(browser, pool, None, playwright).run(
            found, observer=observer, on_context=install_overlay
        )
    finally:
        pool.close()
    assert result.passed, result.problems
    steps = {s.step: s for s in observer.steps}
    # the login step shows the login form, the guide step the guide, before they are left
    for key, heading in (("login", "用户登录"), ("open_form", "职业技能提升补贴申请")):
        shot = steps[key].screenshot
        assert shot is not None and headings[shot] == heading, (key, headings.get(shot or b""))
    outlined = [s for s in observer.steps if s.outlined]
    assert {"login", "open_form", "upload", "submit"} <= {s.step for s in outlined}
    for s in observer.steps:
        if s.screenshot is not None:
            assert has_orange(s.screenshot) == s.outlined, s.step
    html = render_handout(found.scenario.title, "", observer.steps)
    promised = html.count("橙色框为本步操作的控件")
    assert promised == len(outlined)
