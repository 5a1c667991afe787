"""The drive: one pass through the portal for a run folder, up to the confirmed preview.

Log in, look in "我的办件" for a case of the certificate, open the draft, upload and fill it,
read the preview back and compare it with the profile, keep the evidence, ask the human. The
irreversible act that follows is `flow.submit`.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Locator

from autofill import evidence
from autofill.confirm import Asking, Review
from autofill.errors import (
    AwaitingHuman,
    PortalBusy,
    PortalRefused,
    PreviewMismatch,
    UnexpectedPage,
    UploadFailed,
)
from autofill.flow.guard import finished
from autofill.flow.types import RunContext, RunResult, status_dict, step
from autofill.messages import t
from autofill.policy import application_deadline
from autofill.portal import locate
from autofill.portal.form import ApplicationForm
from autofill.portal.navigation import goto, heading, settle
from autofill.portal.preview import PreviewPage
from autofill.portal.values import expected_preview, form_values
from autofill.profile import Profile
from autofill.retry import FORM_STEPS
from autofill.runs import RunFolder, now_iso
from autofill.session import PortalSession


class Drive:
    """One pass through the portal for a run folder, from login to the confirmed preview."""

    def __init__(
        self, folder: RunFolder, profile: Profile, ctx: RunContext, session: PortalSession
    ) -> None:
        self.folder = folder
        self.record = folder.record
        self.profile = profile
        self.ctx = ctx
        self.session = session
        self.page = session.page
        self.texts = ctx.texts
        self.values = form_values(profile, ctx.texts)
        self.uploads = {item: Path(info["path"]) for item, info in self.record.uploads.items()}
        #: when this pass last found no case in "我的办件" (monotonic seconds)
        self.looked_at: float | None = None

    def step(self, name: str, target: Locator | None = None) -> AbstractContextManager[None]:
        return step(self.ctx, name, self.page, target)

    # -- exactly once: looking in 我的办件 --

    def look_for_case(self) -> RunResult | None:
        """A case of this certificate already submitted: record it and follow it instead."""
        with self.step("find_case"):
            detail = self.session.again(
                lambda: self.session.find_case_of(self.record.certificate_number)
            )
        if detail is None:
            self.looked_at = self.ctx.clock()
            self.folder.log("no_case_found")
            return None
        clicked = bool(self.record.submit_clicks)
        self.record.case_no = detail.case_no
        self.record.case_found_existing = not clicked
        self.folder.advance("submitted")
        self.record.status = status_dict(
            detail.status, detail.opinion, detail.amount, detail.paid_on
        )
        self.folder.advance("status")
        self.folder.log("case_found", case_no=detail.case_no, status=detail.status)
        lang = self.ctx.lang
        how = t("flow.found_after_lost_answer" if clicked else "flow.found_earlier", lang)
        return finished(
            self.folder,
            t("flow.found_case", lang, how=how, case_no=detail.case_no, status=detail.status),
        )

    # -- filling --

    def fill_and_preview(self) -> None:
        """Opens the draft, uploads, fills every section and presses "下一步" until the preview."""

        def attempt() -> None:
            with self.step("open_form"):
                self.session.navigate(self.session.open_form)
            self.record.form_url = _path(self.session.form_url)
            self.folder.save()
            self.save_notice()
            form = ApplicationForm(self.page, self.texts, lang=self.ctx.lang)
            for item, path in self.uploads.items():
                label = self.texts.materials[item]
                with self.step(f"upload:{item}", form.material(label)):
                    self.upload(form, label, path)
            m, v = self.texts, self.values
            with self.step("fill_contact", locate.control(self.page, m.phone)):
                form.fill_contact(v)
            with self.step("fill_certificate", locate.control(self.page, m.certificate_number)):
                form.fill_certificate(v)
            with self.step("fill_employment", locate.control(self.page, m.employment)):
                form.fill_employment(v)
            with self.step("fill_bank", locate.control(self.page, m.bank)):
                form.fill_bank(v)
            self.folder.advance("filled")
            with self.step("next", form.next_button):
                outcome = form.next()
            if outcome == "refused":
                problems = form.read_errors()
                self.folder.log("refused", problems=problems)
                raise PortalRefused(
                    t(
                        "flow.portal_refused_application",
                        self.ctx.lang,
                        problems=t("cli.clause_separator", self.ctx.lang).join(problems),
                    ),
                    errors=[{"path": "portal", "message": p} for p in problems],
                )
            self.record.preview_url = _path(self.page.url)
            self.folder.save()

        FORM_STEPS.retrying(sleep=self.ctx.sleep, on=(PortalBusy, UnexpectedPage))(attempt)

    def save_notice(self) -> None:
        """Keeps the 须知 read on the guide (the run ticked its acknowledgement for the person)."""
        notice = self.session.notice
        if not notice:
            return
        evidence.save_notice(
            self.folder.file("guide.json"),
            self.folder.file("guide.txt"),
            notice,
            self.session.notice_url or "",
            now_iso(),
        )
        self.session.notice = {}
        self.folder.log("guide_saved", sections=list(notice))

    def upload(self, form: ApplicationForm, label: str, path: Path) -> None:
        """One upload, again from a freshly opened form while it fails for a passing reason."""

        def attempt() -> None:
            try:
                form.upload(label, path)
            except UploadFailed as exc:
                if not any(m in exc.message for m in self.texts.upload_errors[:2]):
                    self.folder.log("upload_retry", item=label, reason=exc.message)
                    self.session.navigate(self.session.open_form)
                    raise PortalBusy(exc.message) from None
                raise

        FORM_STEPS.retrying(sleep=self.ctx.sleep)(attempt)
        self.folder.log("uploaded", item=label, file=path.name)

    # -- the preview --

    def open_preview(self) -> bool:
        """Opens the draft's preview by its address; False when the portal shows the form instead."""
        if not self.record.preview_url:
            return False
        preview = PreviewPage(self.page, self.texts)

        def attempt() -> str:
            goto(self.page, self.session.url(self.record.preview_url or ""))
            return settle(
                self.page,
                self.texts,
                {"preview": preview.heading, "form": heading(self.page, self.texts.form_heading)},
            )

        with self.step("open_preview", preview.heading):
            return self.session.navigate(attempt) == "preview"

    def materials(self, shown: dict[str, str]) -> list[evidence.Material]:
        """The uploads as the preview lists them (the file's name when the preview shows it,
        else what it shows), with the sizes prepared: half of what the digest binds."""
        materials = []
        for item, path in self.uploads.items():
            label = self.texts.materials[item]
            on_page = shown.get(label, "")
            materials.append(
                evidence.Material(
                    label=label,
                    name=path.name if path.name in on_page else on_page,
                    size=int(self.record.uploads[item]["size"]),
                )
            )
        return materials

    def read_preview(self) -> tuple[list[evidence.Comparison], str]:
        """Reads the preview back, compares it with the profile, saves the evidence."""
        preview = PreviewPage(self.page, self.texts)
        with self.step("read_preview", preview.heading):
            fields = self.session.read(preview.read_preview)
            shown = preview.read_materials()
        names = {self.texts.materials[item]: p.name for item, p in self.uploads.items()}
        expected = expected_preview(self.profile, self.texts)
        lines = evidence.compare(expected, fields, names, shown, lang=self.ctx.lang)
        materials = self.materials(shown)
        digest = evidence.digest(fields, materials)
        with self.step("save_evidence"):
            self.save_evidence(fields, materials, lines, digest)
        self.record.digest = digest
        different = evidence.differences(lines)
        self.record.mismatches = [line.label for line in different]
        self.folder.advance("previewed")
        self.folder.log("previewed", digest=digest, mismatches=self.record.mismatches)
        if different:
            self.save_pictures()
            raise PreviewMismatch(
                t(
                    "flow.preview_differs",
                    self.ctx.lang,
                    labels=t("cli.list_separator", self.ctx.lang).join(
                        line.label for line in different
                    ),
                ),
                errors=[
                    {
                        "path": line.label,
                        "message": t(
                            "flow.preview_line",
                            self.ctx.lang,
                            profile=line.profile,
                            preview=line.preview,
                        ),
                    }
                    for line in different
                ],
                comparison=lines,
            )
        return lines, digest

    def save_evidence(
        self,
        fields: dict[str, str],
        materials: list[evidence.Material],
        lines: list[evidence.Comparison],
        digest: str,
    ) -> None:
        evidence.save_preview_json(
            self.folder.file("preview.json"), fields, materials, lines, digest
        )

    # -- the human --

    def save_pictures(self) -> None:
        """The preview as a full-page screenshot, and printed to PDF (Chromium prints only when
        headless)."""
        evidence.save_bytes(self.folder.file("preview.png"), self.page.screenshot(full_page=True))
        if not self.ctx.browser.headed:
            evidence.save_bytes(
                self.folder.file("preview.pdf"), self.page.pdf(print_background=True)
            )

    def confirm(self, lines: list[evidence.Comparison], digest: str) -> None:
        record = self.record
        if record.confirmation and record.confirmation.get("digest") == digest:
            self.save_pictures()
            self.folder.log("confirmation_reused", digest=digest)
            return
        pdf = self.folder.file("preview.pdf")
        guide = self.folder.file("guide.txt")
        notice = evidence.load_notice(self.folder.file("guide.json"))
        review = Review(
            run_id=record.run_id,
            lines=lines,
            screenshot=self.folder.file("preview.png"),
            pdf=pdf if not self.ctx.browser.headed or pdf.exists() else None,
            digest=digest,
            notice={k: v for k, v in notice.items() if k in self.texts.guide_key_sections},
            notice_file=guide if guide.exists() else None,
            deadline=application_deadline(self.profile).isoformat(),
        )
        # taken while the person reads the comparison (the page stays as it is); written before
        # any answer counts
        asking = Asking(self.ctx.confirm, review)
        self.save_pictures()
        with self.step("confirm"):
            approved = asking.answer()
        if not approved:
            self.folder.log("declined", digest=digest)
            raise AwaitingHuman(
                t("flow.not_confirmed", self.ctx.lang, run_id=record.run_id, digest=digest)
            )
        how = type(self.ctx.confirm).__name__
        record.confirmation = {
            "how": "digest" if how == "DigestConfirmer" else "terminal",
            "at": now_iso(),
            "digest": digest,
        }
        self.folder.advance("confirmed")
        self.folder.log("confirmed", how=record.confirmation["how"], digest=digest)


def _path(url: str | None) -> str | None:
    """A page's address without the portal's origin: the embedded portal's port changes."""
    if not url:
        return None
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
