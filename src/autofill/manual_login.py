"""`--login manual`: a person logs in in a visible browser window, then the tool carries on alone.

The person gets a browser of their own (headed, launched by the run's Playwright), opened on the
portal's login page with a caption saying what to do. Once the portal shows the logged-in
state ("我的办件" / "退出"), the window's storage state (cookies, local storage) is handed to
the run's own context and the window closes: the run stays headless, so that the preview can
still be printed to PDF (Chromium prints only headless), a batch keeps its one shared browser,
and the person's clicks never meet the tool's in the same page.

Tests act as the person without a display: `AUTOFILL_LOGIN_BROWSER_CDP_PORT=PORT` launches that
browser headless with a DevTools endpoint on 127.0.0.1:PORT, where the test connects, reads the
captcha's answer from the mock and types it in the very page the tool is waiting on.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any, cast

from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from autofill.browser.context import new_context
from autofill.browser.find import launch_args
from autofill.errors import AwaitingHuman, BadInput
from autofill.messages import t
from autofill.portal.texts import PortalTexts

#: the test seam: run the person's browser headless, reachable over CDP on this port
CDP_PORT_ENV = "AUTOFILL_LOGIN_BROWSER_CDP_PORT"
CAPTION_ID = "autofill-login-caption"


def display_available() -> bool:
    """Whether a window can be shown: always on macOS and Windows; on Linux, X11 or Wayland."""
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def check_display(lang: str = "zh") -> None:
    """`--login manual` without a screen: exit 2 before a run folder or a browser exists."""
    if os.environ.get(CDP_PORT_ENV) or display_available():
        return
    raise BadInput(
        t("login.no_display", lang),
        errors=[{"path": "--login", "message": "manual needs a display (DISPLAY/WAYLAND_DISPLAY)"}],
    )


def _caption_script(text: str) -> str:
    """A bar at the bottom of every page of the person's window saying what to do."""
    return f"""
(() => {{
  const show = () => {{
    if (document.getElementById({json.dumps(CAPTION_ID)}) || !document.body) return;
    const bar = document.createElement("div");
    bar.id = {json.dumps(CAPTION_ID)};
    bar.setAttribute("role", "status");
    bar.textContent = {json.dumps(text, ensure_ascii=False)};
    bar.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:2147483647;" +
      "background:#1d4ed8;color:#fff;font:15px/1.5 sans-serif;padding:10px 16px;" +
      "text-align:center;box-shadow:0 -2px 8px rgba(0,0,0,.25);pointer-events:none";
    document.body.appendChild(bar);
  }};
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", show);
  else show();
}})();
"""


def log_in_by_person(
    run_page: Page,
    url: str,
    texts: PortalTexts,
    timeout_s: float,
    lang: str,
    tell: Any,
) -> dict[str, Any]:
    """Opens the person's window on `url`, waits until they are logged in, returns the storage state.

    `tell(text)` shows the person what to do (on stderr). Raises AwaitingHuman (exit 5) when the
    time runs out or the window is closed before the login.
    """
    run_context = run_page.context
    browser = run_context.browser
    if browser is None:  # a persistent context: not one the tool makes
        raise BadInput(t("login.needs_own_browser", lang))
    cdp_port = os.environ.get(CDP_PORT_ENV)
    launch = launch_args(headless=bool(cdp_port))
    if cdp_port:
        args = cast(list[str], launch["args"])
        launch["args"] = [*args, f"--remote-debugging-port={int(cdp_port)}"]
    person_browser = browser.browser_type.launch(**launch)  # type: ignore[arg-type]
    try:
        context = new_context(person_browser, {"locale": "zh-CN", "timezone_id": "Asia/Shanghai"})
        context.add_init_script(_caption_script(t("login.caption", lang)))
        page = context.new_page()
        try:
            page.goto(url, wait_until="domcontentloaded")
        except PlaywrightError as exc:
            raise AwaitingHuman(
                t("login.window_failed", lang, reason=exc.message.splitlines()[0])
            ) from None
        tell(t("login.instructions", lang, minutes=f"{timeout_s / 60:g}"))
        _wait_for_login(page, texts, timeout_s, lang)
        return _state_of(context)
    finally:
        person_browser.close()


def _wait_for_login(page: Page, texts: PortalTexts, timeout_s: float, lang: str) -> None:
    logged_in = page.get_by_role("link", name=texts.my_cases_link, exact=True).or_(
        page.get_by_role("button", name=texts.logout, exact=True)
    )
    try:
        logged_in.first.wait_for(state="visible", timeout=timeout_s * 1000)
    except PlaywrightTimeout:
        raise AwaitingHuman(t("login.timed_out", lang, seconds=f"{timeout_s:g}")) from None
    except PlaywrightError:
        raise AwaitingHuman(t("login.window_closed", lang)) from None


def _state_of(context: BrowserContext) -> dict[str, Any]:
    state: dict[str, Any] = dict(context.storage_state())
    return state


def apply_state(context: BrowserContext, state: dict[str, Any]) -> None:
    """Gives a context that exists already the cookies and local storage of a storage state."""
    cookies = state.get("cookies") or []
    if cookies:
        context.add_cookies(cookies)
    for origin in state.get("origins") or []:
        items = {i["name"]: i["value"] for i in origin.get("localStorage", [])}
        if not items:
            continue
        context.add_init_script(
            f"""(() => {{ if (location.origin !== {json.dumps(origin["origin"])}) return;
  const items = {json.dumps(items, ensure_ascii=False)};
  for (const [k, v] of Object.entries(items)) {{
    if (localStorage.getItem(k) === null) localStorage.setItem(k, v);
  }} }})();"""
        )
