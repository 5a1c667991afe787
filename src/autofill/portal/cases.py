""" "我的办件" (the applicant's cases, newest first) and "办件详情" (one case)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from playwright.sync_api import Locator, Page

from autofill.portal import locate
from autofill.portal.navigation import CONTAINERS_WITH_TEXT, heading, settle
from autofill.portal.preview import READ_PAIRS_JS
from autofill.portal.texts import PortalTexts

#: containers that may hold one case of the list (a table row, or a card on a phone)
_ROWS = "tr, li, article, div"


@dataclass(frozen=True)
class CaseRow:
    """One line of "我的办件"."""

    case_no: str
    service: str
    submitted_at: str
    status: str


@dataclass(frozen=True)
class CaseDetail:
    """What "办件详情" shows of a case."""

    case_no: str
    status: str
    opinion: str = ""
    amount: str = ""
    paid_on: str = ""
    #: the upload items a 退回补正 asks for again, as "补正材料" names them
    items: tuple[str, ...] = ()
    text: str = field(default="", repr=False)


class MyCasesPage:
    """Lists the cases, page by page, and opens one."""

    def __init__(self, page: Page, texts: PortalTexts) -> None:
        self.page = page
        self.texts = texts
        self.heading = heading(page, texts.my_cases_heading)
        self.link = page.get_by_role("link", name=texts.my_cases_link, exact=True)
        self.next_link = page.get_by_role("link", name=texts.next_page, exact=True).or_(
            page.get_by_role("button", name=texts.next_page, exact=True)
        )

    def open(self) -> None:
        """Follows "我的办件" in the header."""
        self.link.first.click()
        settle(self.page, self.texts, {"cases": self.heading})

    def _row_blocks(self) -> list[Locator]:
        view = self.page.get_by_role("link", name=self.texts.view_link, exact=True)
        holders = self.page.locator(_ROWS).filter(has=view)
        # the nearest container of each "查看": one that holds no other container of the list
        # (one query, rather than a count per candidate: each is a round trip and a DOM snapshot)
        return holders.filter(has_not=holders).all()

    def read_rows(self) -> list[CaseRow]:
        """The cases on this page of the list."""
        t = self.texts
        headers = [h.strip() for h in self.page.get_by_role("columnheader").all_inner_texts()]
        rows: list[CaseRow] = []
        for block in self._row_blocks():
            cells = [c.strip() for c in block.get_by_role("cell").all_inner_texts()]
            if headers and len(cells) == len(headers):
                by = dict(zip(headers, cells, strict=True))
                rows.append(
                    CaseRow(
                        case_no=by.get(t.column_case_no, ""),
                        service=by.get(t.column_service, ""),
                        submitted_at=by.get(t.column_submitted, ""),
                        status=by.get(t.column_status, ""),
                    )
                )
                continue
            text = block.inner_text()
            rows.append(
                CaseRow(
                    case_no=_after(text, t.column_case_no),
                    service=_after(text, t.column_service),
                    submitted_at=_after(text, t.column_submitted),
                    status=next((s for s in t.statuses if s in text), ""),
                )
            )
        return rows

    def has_next(self) -> bool:
        nxt = self.next_link.first
        return nxt.count() > 0 and nxt.is_visible() and nxt.is_enabled()

    def go_next(self) -> None:
        self.next_link.first.click()
        settle(self.page, self.texts, {"cases": self.heading})

    def view_link_of(self, case_no: str) -> Locator | None:
        """The "查看" link on the line of this case (None when the case is not on this page)."""
        for block in self._row_blocks():
            if case_no in block.inner_text():
                return block.locator("a").filter(has_text=self.texts.view_link).first
        return None

    def open_case(self, case_no: str) -> None:
        """Opens "查看" on the line of this case."""
        link = self.view_link_of(case_no)
        if link is None:
            raise LookupError(case_no)
        link.click()
        settle(self.page, self.texts, {"detail": heading(self.page, self.texts.detail_heading)})


class CaseDetailPage:
    """Reads one case's status, review opinion, amount and payment date."""

    def __init__(self, page: Page, texts: PortalTexts) -> None:
        self.page = page
        self.texts = texts
        self.heading = heading(page, texts.detail_heading)

    def read(self) -> CaseDetail:
        t = self.texts
        labels = [
            t.column_case_no,
            t.detail_status,
            t.detail_opinion,
            t.detail_amount,
            t.detail_paid_on,
        ]
        pairs = {str(k): str(v) for k, v in self.page.evaluate(READ_PAIRS_JS, labels).items()}
        text = self.page.locator("body").inner_text()
        status = pairs.get(t.detail_status, "")
        if status not in t.statuses:
            status = next((s for s in t.statuses if s in status), status)
        items = CorrectionSection(self.page, t).asked() if status == t.status_returned else ()
        return CaseDetail(
            case_no=pairs.get(t.column_case_no, ""),
            status=status,
            opinion=pairs.get(t.detail_opinion, ""),
            amount=pairs.get(t.detail_amount, ""),
            paid_on=pairs.get(t.detail_paid_on, ""),
            items=items,
            text=text,
        )


class CorrectionSection:
    """ "补正材料" on a returned case's detail: the items asked for again, and "重新提交"."""

    def __init__(self, page: Page, texts: PortalTexts) -> None:
        self.page = page
        self.texts = texts
        self.heading = heading(page, texts.correction_heading)
        # the innermost block that holds both the heading and the upload controls
        self.block = (
            page.locator(CONTAINERS_WITH_TEXT)
            .filter(has=self.heading)
            .filter(has=page.locator("input[type=file]"))
            .last
        )
        self.resubmit_button = page.get_by_role("button", name=texts.resubmit_button, exact=True)

    def is_shown(self) -> bool:
        return self.heading.count() > 0 and self.heading.first.is_visible()

    def asked(self) -> tuple[str, ...]:
        """The labels of the upload items the section offers, in the portal's order."""
        if not self.is_shown() or self.block.count() == 0:
            return ()
        return tuple(
            label
            for label in self.texts.materials.values()
            if locate.label_text(self.block, label).count() > 0
        )

    def press_resubmit(self) -> None:
        self.resubmit_button.first.click()


def _after(text: str, label: str) -> str:
    found = re.search(re.escape(label) + r"\s*[:：]?\s*(\S+)", text)
    return found.group(1) if found else ""
