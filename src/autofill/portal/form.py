"""The application form ("职业技能提升补贴申请表")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from autofill import messages
from autofill.errors import UploadFailed
from autofill.portal import locate
from autofill.portal.navigation import CONTAINERS_WITH_TEXT, heading, settle
from autofill.portal.texts import PortalTexts

#: how long an upload may take to show "已上传" (or its error)
UPLOAD_TIMEOUT_MS = 20_000


@dataclass(frozen=True)
class FormValues:
    """What the applicant enters, written as the portal shows it (its wording of every choice)."""

    phone: str
    certificate_number: str
    certificate_kind: str
    occupation: str
    level: str
    issue_date: str  # YYYY-MM-DD
    issuer: str
    employment: str
    employer: str | None
    bank: str
    card_number: str


class ApplicationForm:
    """Fills the form section by section; every value is checked by what the page then shows."""

    def __init__(self, page: Page, texts: PortalTexts, *, lang: str = "zh") -> None:
        self.page = page
        self.texts = texts
        self.lang = lang
        self.heading = heading(page, texts.form_heading)
        self.next_button = page.get_by_role("button", name=texts.next_button, exact=True)
        self.save_button = page.get_by_role("button", name=texts.save_button, exact=True)
        self.error_box = (
            page.locator(CONTAINERS_WITH_TEXT)
            .filter(has=page.get_by_text(texts.form_errors, exact=True))
            .last
        )
        self.material_labels = list(texts.materials.values())

    def is_shown(self) -> bool:
        return self.heading.is_visible()

    def fill_contact(self, values: FormValues) -> None:
        locate.fill_text(self.page, self.texts.phone, values.phone, lang=self.lang)

    def fill_certificate(self, values: FormValues) -> None:
        """The certificate section, by hand: the server checks it against the register anyway."""
        t = self.texts
        locate.fill_text(self.page, t.certificate_number, values.certificate_number, lang=self.lang)
        locate.choose(
            self.page, self.page, t.certificate_kind, values.certificate_kind, lang=self.lang
        )
        locate.fill_text(self.page, t.occupation, values.occupation, lang=self.lang)
        locate.choose(self.page, self.page, t.level, values.level, lang=self.lang)
        locate.set_date(self.page, t.issue_date, values.issue_date, lang=self.lang)
        locate.fill_text(self.page, t.issuer, values.issuer, lang=self.lang)

    def fill_employment(self, values: FormValues) -> None:
        locate.choose(
            self.page, self.page, self.texts.employment, values.employment, lang=self.lang
        )
        if values.employer:
            locate.fill_text(self.page, self.texts.employer, values.employer, lang=self.lang)

    def fill_bank(self, values: FormValues) -> None:
        t = self.texts
        locate.choose(self.page, self.page, t.bank, values.bank, lang=self.lang)
        locate.fill_text(self.page, t.card_number, values.card_number, lang=self.lang)
        locate.fill_text(self.page, t.card_number_again, values.card_number, lang=self.lang)

    def material(self, label: str) -> Locator:
        """The block of one upload item."""
        return locate.upload_item(self.page, label, self.material_labels)

    def uploaded_name(self, label: str, file_name: str) -> bool:
        """Whether the item shows "已上传" with this file name."""
        item = self.material(label)
        text = item.inner_text() if item.count() else ""
        return self.texts.uploaded in text and file_name in text

    def upload(self, label: str, path: Path) -> None:
        """Uploads one file and waits until the item shows "已上传" and the file's name."""
        item = self.material(label)
        shown = item.inner_text()
        if self.texts.uploaded in shown:
            if path.name in shown:
                return
            # another file is in place (an earlier attempt, a refused one): delete it first
            delete = item.get_by_role("button", name=self.texts.delete, exact=True)
            if delete.count():
                delete.first.click()
                item.locator("input[type=file]").first.wait_for(state="attached")
        locate.attach(item, path)
        done = item.filter(has_text=self.texts.uploaded).filter(has_text=path.name)
        refused = item.filter(
            has_text=re.compile("|".join(map(re.escape, self.texts.upload_errors)))
        )
        try:
            done.or_(refused).first.wait_for(state="visible", timeout=UPLOAD_TIMEOUT_MS)
        except (PlaywrightTimeout, PlaywrightError):
            raise UploadFailed(
                messages.t(
                    "form.upload_not_shown", self.lang, label=label, uploaded=self.texts.uploaded
                )
            ) from None
        if not done.count():
            message = next(
                (m for m in self.texts.upload_errors if m in item.inner_text()),
                messages.t("form.upload_failed", self.lang),
            )
            raise UploadFailed(
                messages.t("form.upload_refused", self.lang, label=label, message=message)
            )

    def read_errors(self) -> list[str]:
        """The messages under "请修正以下问题", one per line."""
        if not self.error_box.count():
            return []
        lines = [line.strip(" •·-\t") for line in self.error_box.inner_text().splitlines()]
        return [line for line in lines if line and line != self.texts.form_errors]

    def next(self) -> str:
        """Presses "下一步": "preview" when the portal accepted the form, else "refused"."""
        self.next_button.click()
        return settle(
            self.page,
            self.texts,
            {
                "preview": heading(self.page, self.texts.preview_heading),
                "refused": self.page.get_by_text(self.texts.form_errors, exact=True),
            },
        )
