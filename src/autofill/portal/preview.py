"""The preview ("申请信息预览") and the result page ("提交成功")."""

from __future__ import annotations

import re

from playwright.sync_api import Page

from autofill.portal import locate
from autofill.portal.navigation import heading, settle
from autofill.portal.texts import PortalTexts

# Reads label → value pairs the way a person reads a two-column table: the element whose whole
# text is the label, then the element beside it; failing that, "label：value" in one element.
READ_PAIRS_JS = """
(labels) => {
  const clean = (s) => (s || '').replace(/\\s+/g, ' ').trim();
  const bare = (s) => clean(s).replace(/^[*＊\\s]+/, '').replace(/[:：\\s]+$/, '');
  const shown = (e) => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
  const out = {};
  const all = Array.from(document.body.querySelectorAll('*')).filter(shown);
  for (const el of all) {
    if (el.childElementCount > 2) continue;
    const text = bare(el.textContent);
    if (!labels.includes(text) || text in out) continue;
    const next = el.nextElementSibling;
    if (next && shown(next)) out[text] = clean(next.innerText);
  }
  for (const label of labels) {
    if (label in out) continue;
    const pattern = new RegExp('^[*＊\\\\s]*' + label.replace(/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&') + '\\\\s*[:：]\\\\s*');
    for (const el of all) {
      if (el.childElementCount > 3) continue;
      const text = clean(el.innerText);
      if (pattern.test(text)) { out[label] = text.replace(pattern, '').trim(); break; }
    }
  }
  return out;
}
"""


class PreviewPage:
    """Reads the preview back; ticks the promise and presses "确认提交" (the flow decides when)."""

    def __init__(self, page: Page, texts: PortalTexts) -> None:
        self.page = page
        self.texts = texts
        self.heading = heading(page, texts.preview_heading)
        self.submit_button = page.get_by_role("button", name=texts.submit_button, exact=True)
        self.back_button = page.get_by_role("button", name=texts.back_button, exact=True).or_(
            page.get_by_role("link", name=texts.back_button, exact=True)
        )

    def is_shown(self) -> bool:
        return self.heading.is_visible()

    def field_labels(self) -> list[str]:
        t = self.texts
        return [
            t.name, t.id_number, t.phone, t.certificate_number, t.certificate_kind,
            t.occupation, t.level, t.issue_date, t.issuer, t.hukou, t.insurance_status,
            t.unemployment_months, t.employment, t.employer, t.bank, t.card_number,
            t.card_number_again,
        ]  # fmt: skip

    def read_preview(self) -> dict[str, str]:
        """The form's fields as the preview shows them: label → value."""
        pairs = self.page.evaluate(READ_PAIRS_JS, self.field_labels())
        return {str(k): str(v) for k, v in pairs.items()}

    def read_materials(self) -> dict[str, str]:
        """The uploaded materials as the preview lists them: item label → the text beside it."""
        pairs = self.page.evaluate(READ_PAIRS_JS, list(self.texts.materials.values()))
        return {str(k): str(v) for k, v in pairs.items()}

    def accept_promise(self) -> None:
        locate.tick(self.page, self.texts.promise)

    def press_submit(self) -> None:
        """Presses "确认提交" once; what came back is for the flow to find out."""
        self.submit_button.click(no_wait_after=True)


class ResultPage:
    """ "提交成功": the case number and its status."""

    def __init__(self, page: Page, texts: PortalTexts) -> None:
        self.page = page
        self.texts = texts
        self.heading = heading(page, texts.result_heading)

    def wait(self) -> None:
        settle(self.page, self.texts, {"result": self.heading})

    def read_case_no(self) -> str:
        text = self.page.locator("body").inner_text()
        found = re.search(re.escape(self.texts.case_no_prefix) + r"\s*([A-Za-z0-9-]+)", text)
        return found.group(1) if found else ""

    def read_status(self) -> str:
        text = self.page.locator("body").inner_text()
        found = re.search(re.escape(self.texts.current_status_prefix) + r"\s*(\S+)", text)
        return found.group(1) if found else ""
