"""The personal services page ("个人办事") and the service's guide ("申请须知")."""

from __future__ import annotations

from playwright.sync_api import Page

from autofill.errors import PortalRefused
from autofill.portal import locate
from autofill.portal.navigation import heading, settle
from autofill.portal.texts import PortalTexts


class ServiceSearchPage:
    """Finds the subsidy service by searching for it."""

    def __init__(self, page: Page, texts: PortalTexts) -> None:
        self.page = page
        self.texts = texts
        self.heading = heading(page, texts.home_heading)
        self.search_button = page.get_by_role("button", name=texts.search_button, exact=True)
        self.service_link = page.get_by_role("link", name=texts.service_link, exact=True)

    def is_shown(self) -> bool:
        return self.heading.is_visible()

    def search(self, phrase: str | None = None) -> None:
        """Searches for the service and waits for its link."""
        locate.fill_text(self.page, self.texts.search_box, phrase or self.texts.search_phrase)
        self.search_button.click()
        settle(self.page, self.texts, {"found": self.service_link})

    def open_service(self) -> None:
        """Follows the service's link to its guide."""
        self.service_link.first.click()
        settle(self.page, self.texts, {"guide": heading(self.page, self.texts.guide_heading)})


#: each named section's lines: the elements after its heading, up to the next heading
_READ_SECTIONS = """(names) => {
  const out = {};
  for (const h of document.querySelectorAll("h1, h2, h3")) {
    const name = h.textContent.trim();
    if (!names.includes(name) || name in out) continue;
    const lines = [];
    for (let el = h.nextElementSibling; el && !/^H[1-3]$/.test(el.tagName);
         el = el.nextElementSibling) {
      for (const line of el.innerText.split("\\n")) {
        const text = line.replace(/\\s+/g, " ").trim();
        if (text) lines.push(text);
      }
    }
    out[name] = lines;
  }
  return out;
}"""


class GuidePage:
    """The guide: conditions, materials, amounts; the acknowledgement and "立即申请"."""

    def __init__(self, page: Page, texts: PortalTexts) -> None:
        self.page = page
        self.texts = texts
        self.heading = heading(page, texts.guide_heading)
        self.apply_button = page.get_by_role("button", name=texts.apply_button, exact=True).or_(
            page.get_by_role("link", name=texts.apply_button, exact=True)
        )
        self.blocked = page.get_by_text(texts.real_name_required)
        #: the 须知 as read before the acknowledgement was ticked (section → lines)
        self.notice: dict[str, list[str]] = {}

    def read_notice(self) -> dict[str, list[str]]:
        """The guide's sections (申请条件, 申请材料 …) as lines of text, as the page shows them."""
        found: dict[str, list[str]] = self.page.evaluate(
            _READ_SECTIONS, list(self.texts.guide_sections)
        )
        return {name: found[name] for name in self.texts.guide_sections if name in found}

    def apply(self) -> None:
        """Reads the 须知, ticks the acknowledgement and presses "立即申请"; waits for the form."""
        if self.blocked.first.is_visible():
            raise PortalRefused(self.texts.real_name_required)
        # the run ticks "我已阅读并知晓申请须知" for the person: keep what it said, to show them
        self.notice = self.read_notice()
        locate.tick(self.page, self.texts.guide_ack)
        self.apply_button.first.click()
        outcome = settle(
            self.page,
            self.texts,
            {"form": heading(self.page, self.texts.form_heading), "blocked": self.blocked},
        )
        if outcome == "blocked":
            raise PortalRefused(self.texts.real_name_required)
