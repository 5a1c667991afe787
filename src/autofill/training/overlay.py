"""The training mode: captions on the page, the control in use highlighted, pauses, a handout.

`DemoObserver` is a run observer (`step_started` / `step_finished`): at each step it writes the
trainer's caption into an overlay on the page, outlines the control the flow is about to use,
optionally waits for Enter, and takes the screenshot for the handout.

The overlay lives in a closed shadow root and lets clicks through, so that the flow's locators
(by visible text, role and label) neither see nor hit it.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import BrowserContext, Locator, Page
from playwright.sync_api import Error as PlaywrightError

from autofill.masking import mask_text
from autofill.profile import DOCUMENT_ITEMS
from autofill.training.guides import guide_for, step_key
from autofill.training.handout import HandoutStep

log = logging.getLogger("autofill.training.overlay")

#: the element that carries the overlay; its shadow root is closed
OVERLAY_HOST_ID = "autofill-demo-overlay"
HIGHLIGHT_ATTR = "data-autofill-demo-highlight"

# Installed in every page of the demo's context (add_init_script) and re-rendered from
# sessionStorage after each navigation, so a caption survives the form's POST-redirect-GET.
OVERLAY_SCRIPT = """
(() => {
  const KEY = "autofill-demo-caption";
  const HOST_ID = "__HOST_ID__";
  let root = null;
  function ensure() {
    let host = document.getElementById(HOST_ID);
    if (host && root) return root;
    if (!document.body) return null;
    host = document.createElement("div");
    host.id = HOST_ID;
    host.setAttribute("aria-hidden", "true");
    host.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:2147483647;pointer-events:none;";
    root = host.attachShadow({mode: "closed"});
    root.innerHTML = `
      <style>
        .box { margin: 0 auto 12px; max-width: min(860px, calc(100vw - 24px)); box-sizing: border-box;
               background: rgba(16, 42, 84, .94); color: #fff; border-left: 6px solid #ff9800;
               border-radius: 8px; padding: 10px 16px 12px; box-shadow: 0 6px 24px rgba(0,0,0,.35);
               font: 15px/1.6 "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
        .title { font-weight: 700; color: #ffcc80; font-size: 14px; letter-spacing: .04em; }
        .text { margin-top: 2px; }
        .hidden { display: none; }
        @media (max-width: 480px) { .box { font-size: 13px; padding: 8px 12px; margin-bottom: 6px; } }
      </style>
      <div class="box hidden"><div class="title"></div><div class="text"></div></div>`;
    document.body.appendChild(host);
    return root;
  }
  function render() {
    const r = ensure();
    if (!r) return;
    let data = null;
    try { data = JSON.parse(sessionStorage.getItem(KEY) || "null"); } catch (e) { data = null; }
    const box = r.querySelector(".box");
    if (!data) { box.classList.add("hidden"); return; }
    r.querySelector(".title").textContent = data.title;
    r.querySelector(".text").textContent = data.text;
    box.classList.remove("hidden");
  }
  // the handout prints the caption beside the screenshot: hide the box while one is taken
  window.__autofillDemoHide = (hidden) => {
    const r = ensure();
    if (r) r.host.style.visibility = hidden ? "hidden" : "visible";
  };
  window.__autofillDemoCaption = (title, text) => {
    sessionStorage.setItem(KEY, JSON.stringify({title, text}));
    render();
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", render);
  } else {
    render();
  }
})();
""".replace("__HOST_ID__", OVERLAY_HOST_ID)

_HIGHLIGHT_JS = """
(el, attr) => {
  for (const old of document.querySelectorAll("[" + attr + "]")) {
    old.style.outline = old.getAttribute(attr);
    old.removeAttribute(attr);
  }
  if (!el) return;
  el.setAttribute(attr, el.style.outline || "");
  el.style.outline = "4px solid #ff9800";
  el.style.outlineOffset = "3px";
  el.scrollIntoView({block: "center", inline: "nearest"});
}
"""


def install_overlay(context: BrowserContext) -> None:
    """Makes every page of `context` able to show the caption overlay."""
    context.add_init_script(script=OVERLAY_SCRIPT)


def show_caption(page: Page, title: str, text: str) -> None:
    """Writes the caption into the page's overlay (installing it if the page predates the script)."""
    try:
        page.evaluate(
            "([t, x, s]) => { if (!window.__autofillDemoCaption) { (0, eval)(s); }"
            " window.__autofillDemoCaption(t, x); }",
            [title, text, OVERLAY_SCRIPT],
        )
    except PlaywrightError as exc:  # a page that is navigating away: the next step captions again
        log.debug("caption not shown: %s", exc)


def hide_caption(page: Page, hidden: bool) -> None:
    """Hides (or shows again) the caption box, for a screenshot without it."""
    try:
        page.evaluate("(h) => window.__autofillDemoHide && window.__autofillDemoHide(h)", hidden)
    except PlaywrightError as exc:
        log.debug("caption not hidden: %s", exc)


# Masks ID, card and phone numbers in the page's text and inputs while a handout picture is
# taken (the handout is printed and handed out), and puts every original back afterwards. The
# page hands its texts over and takes them back masked by autofill.masking, the tool's one
# masking rule, so that a number the portal writes in groups is masked as everywhere else.
_READ_TEXTS_JS = """
() => {
  const nodes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (/\\d/.test(n.nodeValue)) nodes.push([n, "nodeValue"]);
  }
  for (const el of document.querySelectorAll("input, textarea")) {
    if (el.type === "hidden" || el.type === "file") continue;
    if (/\\d/.test(el.value)) nodes.push([el, "value"]);
  }
  window.__autofillDemoNodes = nodes;
  return nodes.map(([node, prop]) => node[prop]);
}
"""
_WRITE_TEXTS_JS = """
(texts) => {
  const masked = [];
  (window.__autofillDemoNodes || []).forEach(([node, prop], i) => {
    if (texts[i] !== node[prop]) { masked.push([node, prop, node[prop]]); node[prop] = texts[i]; }
  });
  window.__autofillDemoNodes = [];
  window.__autofillDemoMasked = masked;
}
"""
_RESTORE_TEXTS_JS = """
() => {
  for (const [node, prop, value] of (window.__autofillDemoMasked || [])) node[prop] = value;
  window.__autofillDemoMasked = [];
}
"""


def mask_numbers(page: Page, on: bool) -> None:
    try:
        if on:
            texts = page.evaluate(_READ_TEXTS_JS)
            page.evaluate(_WRITE_TEXTS_JS, [mask_text(str(text)) for text in texts])
        else:
            page.evaluate(_RESTORE_TEXTS_JS)
    except PlaywrightError as exc:
        log.debug("numbers not masked: %s", exc)
        raise


# Brings the outlined control into view and tells whether it is really in the picture: on the
# page, rendered, and inside the viewport (the handout promises the orange box only then).
_OUTLINE_IN_VIEW_JS = """
(a) => {
  const el = document.querySelector('[' + a + ']');
  if (!el) return false;
  el.scrollIntoView({block: 'center'});
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
    && r.top < window.innerHeight && r.left < window.innerWidth;
}
"""


@dataclass(frozen=True)
class Shot:
    """A handout picture and whether the step's control is outlined in it."""

    png: bytes
    outlined: bool


def screenshot(page: Page) -> Shot | None:
    """The visible page for the handout: highlight kept, caption box left out, numbers masked."""
    hide_caption(page, True)
    try:
        # later actions of the step may have scrolled the outlined control out of the picture
        outlined = bool(page.evaluate(_OUTLINE_IN_VIEW_JS, HIGHLIGHT_ATTR))
        mask_numbers(page, True)
        try:
            return Shot(page.screenshot(full_page=False, animations="disabled"), outlined)
        finally:
            mask_numbers(page, False)
    except PlaywrightError as exc:  # no picture rather than an unmasked one
        log.debug("no screenshot: %s", exc)
        return None
    finally:
        hide_caption(page, False)


def _present(target: Locator) -> bool:
    try:
        return target.count() > 0
    except PlaywrightError:
        return False


def highlight(page: Page, target: Locator | None) -> None:
    """Outlines the control the flow is about to use, and removes the previous outline."""
    try:
        if target is None:
            page.evaluate(f"() => ({_HIGHLIGHT_JS})(null, {json.dumps(HIGHLIGHT_ATTR)})")
            return
        target.first.evaluate(_HIGHLIGHT_JS, HIGHLIGHT_ATTR, timeout=5_000)
    except PlaywrightError as exc:  # the control is not there (yet): the caption still helps
        log.debug("highlight skipped: %s", exc)


def wait_for_enter(prompt: str) -> None:
    """Waits for Enter at the terminal (the trainer talks meanwhile)."""
    with contextlib.suppress(EOFError):  # no terminal: nothing to wait for
        input(prompt)


def caption_title(step: object) -> str:
    """The overlay's heading: the seed's step and what this step does (an upload names its item)."""
    guide = guide_for(step)
    _, _, item = str(getattr(step, "value", step)).partition(":")
    what = guide.subtitle
    if item:
        what = f"{what}：{DOCUMENT_ITEMS.get(item, item)}"
    return f"{guide.title} · {what}" if what != guide.title else guide.title


@dataclass
class DemoObserver:
    """Captions, highlights, pauses and screenshots at each step of a run."""

    pause: bool = False
    screenshots: bool = True
    ask: Callable[[str], None] = wait_for_enter
    #: the screenshot of each step (by the guide's key), in the order the steps first happened
    shots: dict[str, Shot | None] = field(default_factory=dict)
    #: steps whose picture was taken on their own page (shown, or at the start): not replaced by
    #: the page a step ends on, nor by a later pass that never showed that page (a second login
    #: that found the session still alive)
    _pinned: set[str] = field(default_factory=set)
    #: the control the current step uses, outlined again when the step re-rendered the page
    _target: Locator | None = None

    def step_started(self, step: Any, page: Page | None, target: Locator | None = None) -> None:
        guide = guide_for(step)
        key = step_key(step)
        self._target = target
        if page is not None:
            show_caption(page, caption_title(step), guide.caption)
            highlight(page, target)
            if self.screenshots and guide.shot == "start":
                self._keep(key, screenshot(page), pin=True)
        if self.pause:
            self.ask(f"\n【{caption_title(step)}】{guide.caption}\n按回车继续…")

    def step_shown(self, step: Any, page: Page, target: Locator | None) -> None:
        """The step's own page (the login form, the guide) is on screen: caption, outline and
        picture it there, before the step's action leaves it."""
        guide = guide_for(step)
        show_caption(page, caption_title(step), guide.caption)
        highlight(page, target)
        if self.screenshots:
            self._keep(step_key(step), screenshot(page), pin=True)

    def step_finished(self, step: Any, page: Page | None) -> None:
        key = step_key(step)
        guide = guide_for(step)
        if key in self._pinned:
            return
        if page is None or not self.screenshots:
            self.shots.setdefault(key, None)
            return
        # after a navigation the new page needs its caption again (for the live audience), and
        # the control its outline when the page still has it (an upload re-renders its item)
        show_caption(page, caption_title(step), guide.caption)
        if self._target is not None and _present(self._target):
            highlight(page, self._target)
        self._keep(key, screenshot(page))

    def _keep(self, key: str, shot: Shot | None, pin: bool = False) -> None:
        # a repeated step (six uploads, a second login to read the status) keeps its place in
        # the handout and its last picture
        self.shots[key] = shot
        if pin:
            self._pinned.add(key)

    @property
    def steps(self) -> list[HandoutStep]:
        """The handout's steps: those meant for applicants, and where a refusal stopped the run."""
        keys = list(self.shots)
        chosen = []
        for i, key in enumerate(keys):
            last = i == len(keys) - 1
            shot = self.shots[key]
            if guide_for(key).in_handout or (last and shot is not None):
                chosen.append(
                    HandoutStep(
                        key, shot.png if shot else None, outlined=bool(shot and shot.outlined)
                    )
                )
        return chosen
