"""Finding the portal's controls the way a person does: by visible label, role and button name.

One fallback covers forms whose labels are not tied to their inputs (a label element without
`for`, as on Element-UI portals): the nearest container that holds the label's text and exactly
one control, then that control. The custom dropdown (combobox + teleported listbox), the pop-up
date picker and the drop-area upload of such portals are handled here too, so that the page
objects speak only of labels and values. No XPath, no fixed sleeps.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page

from autofill.errors import ControlNotFound, FieldNotSet
from autofill.messages import t

#: elements that may hold a label and its control (the `.el-form-item`-like wrapper)
CONTAINERS = "div, li, tr, td, dd, dl, p, section, fieldset, form, span, label"
#: what counts as a control a person fills in
_COMBOBOX = "[role=combobox]"
_CONTROLS = (
    "select, textarea, input:not([type=hidden]):not([type=file]):not([type=checkbox])"
    ":not([type=radio]):not([type=submit]):not([type=button]):not([type=reset])"
)
#: how long a control may take to react (an upload, a dropdown opening)
ACTION_TIMEOUT_MS = 15_000

Scope = Page | Locator


def label_pattern(text: str) -> re.Pattern[str]:
    """The label's text as shown: optional asterisk before it, optional colon after it."""
    return re.compile(rf"^[\s*＊]*{re.escape(text)}[\s*＊:：]*$")


def label_text(scope: Scope, text: str) -> Locator:
    """The visible element whose whole text is the label."""
    return scope.get_by_text(label_pattern(text))


def control(scope: Scope, label: str, *, lang: str = "zh") -> Locator:
    """The one control that the label names: tied by `for`/aria, else in the label's form item."""
    tied = scope.get_by_label(label_pattern(label))
    if tied.count() == 1:
        return tied
    candidates = scope.locator(CONTAINERS).filter(has=label_text(scope, label)).all()
    # document order puts ancestors first: the nearest container is the last one
    for container in reversed(candidates):
        boxes = container.locator(_COMBOBOX)
        if boxes.count() == 1:
            return boxes
        if boxes.count() > 1:
            continue
        inputs = container.locator(_CONTROLS)
        count = inputs.count()
        if count == 1:
            return inputs
        if count > 1:
            break
    raise ControlNotFound(t("locate.no_control", lang, label=label))


def _on_the_one(target: Locator, script: str) -> object:
    """`script` (a function of one element) run on the locator's one element, in one round trip.

    `Locator.evaluate` first waits for the element and takes a handle to it (three calls to the
    browser, each a DOM snapshot in the trace); the controls here were just found or used, so one
    call over what matches now is enough. Anything but exactly one match goes the long way,
    which waits for the element and refuses two (Playwright's strictness).
    """
    found = target.evaluate_all(f"(els) => els.length === 1 ? [({script})(els[0])] : null")
    if isinstance(found, list) and len(found) == 1:
        return found[0]
    return target.evaluate(script)


def _tag(target: Locator) -> str:
    return str(_on_the_one(target, "e => e.tagName")).lower()


#: what a control shows, read in one call: a select's chosen option, an input's value, else the
#: value of the one input inside a widget (a dropdown, a date editor), else its text
_SHOWN_VALUE = """e => {
  const tag = e.tagName.toLowerCase();
  if (tag === 'select') return e.selectedIndex < 0 ? '' : e.options[e.selectedIndex].text;
  if (tag === 'input' || tag === 'textarea') return e.value;
  const inner = e.querySelectorAll('input:not([type=hidden])');
  if (inner.length === 1 && inner[0].value.trim()) return inner[0].value;
  return e.innerText;
}"""


def shown_value(target: Locator) -> str:
    """What a control shows right now: an input's value, a select's option, a dropdown's text."""
    return str(_on_the_one(target, _SHOWN_VALUE)).strip()


def _verify(
    label: str, target: Locator, expected: str, secret: bool = False, *, lang: str = "zh"
) -> None:
    got = shown_value(target)
    if got != expected:
        if secret:
            # a password or an SMS code: the message may end up in run.json and log.jsonl
            raise FieldNotSet(t("locate.secret_differs", lang, label=label))
        raise FieldNotSet(t("locate.value_differs", lang, label=label, got=got, expected=expected))


def fill_text(
    scope: Scope, label: str, value: str, secret: bool = False, *, lang: str = "zh"
) -> Locator:
    """Types a value into the labelled text box and checks that the box shows it.

    `secret`: a password or an SMS code, never repeated in an error message.
    """
    target = control(scope, label, lang=lang)
    target.fill(value)
    _verify(label, target, value, secret, lang=lang)
    return target


def choose(page: Page, scope: Scope, label: str, option: str, *, lang: str = "zh") -> Locator:
    """Picks an option of the labelled list: a native select, or a combobox with its listbox."""
    target = control(scope, label, lang=lang)
    if _tag(target) == "select":
        target.select_option(label=option)
    else:
        target.click()
        # the listbox is teleported to the end of <body>: look for it on the page, not the form
        choice = page.get_by_role("option", name=option, exact=True)
        choice.first.click(timeout=ACTION_TIMEOUT_MS)
    _verify(label, target, option, lang=lang)
    return target


def set_date(scope: Scope, label: str, iso_date: str, *, lang: str = "zh") -> Locator:
    """Enters a date: a native date input directly, a pop-up picker by typing it and Enter."""
    target = control(scope, label, lang=lang)
    if target.get_attribute("type") == "date":
        target.fill(iso_date)
    else:
        text_box = target if _tag(target) == "input" else target.locator("input").first
        text_box.click()
        text_box.fill(iso_date)
        text_box.press("Enter")
    _verify(label, target, iso_date, lang=lang)
    return target


def upload_item(scope: Scope, label: str, all_labels: list[str]) -> Locator:
    """The block of one upload item: the outermost container of its label and no other item's."""
    others = [text for text in all_labels if text != label]
    item = scope.locator(CONTAINERS).filter(has=label_text(scope, label))
    if others:
        other = "|".join(re.escape(text) for text in others)
        item = item.filter(
            has_not=scope.get_by_text(re.compile(rf"^[\s*＊]*({other})[\s*＊:：]*$"))
        )
    return item.first


def attach(item: Locator, path: Path) -> None:
    """Gives the item's file input (visible, or hidden behind a drop area) the file."""
    item.locator("input[type=file]").first.set_input_files(str(path))


def checkbox(scope: Scope, label: str, *, lang: str = "zh") -> Locator:
    """The checkbox that the label names, tied or in the label's container."""
    by_role = scope.get_by_role("checkbox", name=label_pattern(label))
    if by_role.count() == 1:
        return by_role
    candidates = scope.locator(CONTAINERS).filter(has=label_text(scope, label)).all()
    for container in reversed(candidates):
        boxes = container.locator("input[type=checkbox], [role=checkbox]")
        if boxes.count() == 1:
            return boxes
    raise ControlNotFound(t("locate.no_checkbox", lang, label=label))


def tick(scope: Scope, label: str, *, lang: str = "zh") -> None:
    """Ticks a checkbox (clicking its label when the box itself is hidden) and checks it took."""
    box = checkbox(scope, label, lang=lang)
    if box.is_checked():
        return
    if box.is_visible():
        box.check()
    else:
        label_text(scope, label).first.click()
    if not box.is_checked():
        raise FieldNotSet(t("locate.not_ticked", lang, label=label))
