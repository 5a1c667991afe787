"""`autofill demo`: one scenario, slowed down and captioned, with an optional handout."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from playwright.sync_api import Playwright

from autofill.browser.find import launch_args
from autofill.errors import BadInput, ExitCode
from autofill.scenarios.files import ScenarioFile, load_scenario
from autofill.scenarios.runner import worker
from autofill.training.handout import write_handout
from autofill.training.overlay import DemoObserver, install_overlay


def print_pdf(playwright: Playwright, html: Path, pdf: Path) -> Path:
    """Prints the handout to an A4 PDF with Chromium (always headless: only it can print)."""
    browser = playwright.chromium.launch(**launch_args(headless=True))  # type: ignore[arg-type]
    try:
        page = browser.new_page()
        page.goto(html.resolve().as_uri())
        page.emulate_media(media="print")
        pdf.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
    finally:
        browser.close()
    return pdf


def _with_overrides(found: ScenarioFile, device: str | None, layout: str | None) -> ScenarioFile:
    portal = found.scenario.portal
    changes: dict[str, Any] = {}
    if device is not None:
        changes["device"] = device
    if layout is not None:
        changes["layout"] = layout
    if not changes:
        return found
    scenario = found.scenario.model_copy(update={"portal": portal.model_copy(update=changes)})
    return ScenarioFile(found.path, scenario)


def run_demo(
    path: Path,
    *,
    headless: bool = False,
    slow_mo: float = 600,
    pause: bool = False,
    handout: Path | None = None,
    pdf: Path | None = None,
    device: str | None = None,
    layout: str | None = None,
) -> dict[str, Any]:
    """Runs the scenario with captions; writes the handout (and its PDF) when asked."""
    if (
        not headless
        and sys.platform.startswith("linux")
        and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    ):
        raise BadInput(
            "这台机器没有显示器（未设置 DISPLAY），无法打开可见的浏览器窗口；请加 --headless，"
            "并用 --handout 生成讲义查看每一步。",
            errors=[{"path": "--headless", "message": "no display"}],
        )
    found = _with_overrides(load_scenario(path), device, layout)
    observer = DemoObserver(pause=pause, screenshots=handout is not None or pdf is not None)
    with worker(headless=headless, slow_mo=slow_mo) as w:
        result = w.run(found, observer=observer, on_context=install_overlay)
        written: dict[str, str] = {}
        if handout is not None or pdf is not None:
            html = handout or pdf.with_suffix(".html")  # type: ignore[union-attr]
            s = found.scenario
            write_handout(html, s.title, s.description, observer.steps)
            written["handout"] = str(html)
            if pdf is not None:
                assert w.playwright is not None  # worker() always passes its Playwright
                print_pdf(w.playwright, html, pdf)
                written["pdf"] = str(pdf)
    code = ExitCode.OK if result.passed else ExitCode.SCENARIO_MISSED
    lines = [
        f"演示“{found.scenario.title}”：{'符合预期' if result.passed else '未达预期'}（{result.got}）"
    ]
    lines += [f"  • {p}" for p in result.problems]
    lines += [f"讲义：{v}" for v in written.values()]
    return {
        "exit_code": int(code),
        "message": "\n".join(lines),
        "scenario": found.name,
        "passed": result.passed,
        "steps": [s.step for s in observer.steps],
        **written,
    }
