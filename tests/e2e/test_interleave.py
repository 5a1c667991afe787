"""Runs taking turns on one Playwright connection: waits overlap, failures are not lost."""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import sync_playwright

from autofill.browser.find import launch_args
from autofill.browser.interleave import run_interleaved, supported
from tests.e2e.run_support import in_thread

pytestmark = pytest.mark.e2e


def test_each_run_waits_on_its_own_call_while_the_others_go_on() -> None:
    def scene() -> list[str]:
        with sync_playwright() as p:
            assert supported(p), "this Playwright cannot interleave: batches would run one by one"
            browser = p.chromium.launch(**launch_args())  # type: ignore[arg-type]
            pages = [browser.new_page() for _ in range(2)]
            turns = itertools.count()
            seen: list[str] = []

            def worker() -> None:
                n = next(turns)
                if n < 2:
                    # waits for a flag only the third run sets: one at a time, it would time out
                    seen.append(f"waiting {n}")
                    pages[n].wait_for_function("window.go === true", timeout=20_000)
                    seen.append(f"woke {n}")
                else:
                    for page in pages:
                        page.evaluate("window.go = true")
                    seen.append("released")

            run_interleaved(p, worker, 3)
            browser.close()
            return seen

    seen = in_thread(scene)
    # both were waiting before the third run released them (a run woken by the first release
    # may go on before the third run has noted the second)
    assert seen[:2] == ["waiting 0", "waiting 1"]
    assert sorted(seen[2:]) == ["released", "woke 0", "woke 1"]


def test_a_run_that_fails_is_reported_after_the_others_finish() -> None:
    def scene() -> list[str]:
        with sync_playwright() as p:
            browser = p.chromium.launch(**launch_args())  # type: ignore[arg-type]
            turns = itertools.count()
            finished: list[str] = []

            def worker() -> None:
                n = next(turns)
                page = browser.new_page()
                page.set_content(f"<h1>run {n}</h1>")
                if n == 0:
                    raise ValueError("run 0 broke")
                finished.append(page.inner_text("h1"))

            with pytest.raises(ValueError, match="run 0 broke"):
                run_interleaved(p, worker, 3)
            browser.close()
            return finished

    assert sorted(in_thread(scene)) == ["run 1", "run 2"]
