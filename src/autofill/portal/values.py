"""The profile in the portal's words: what to type into the form, what the preview should show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from autofill.masking import mask_card, mask_id, mask_phone, mask_text
from autofill.portal.form import FormValues
from autofill.portal.texts import PortalTexts

if TYPE_CHECKING:
    from autofill.profile import Profile

#: how a shown value is compared with the profile's (and masked): a certificate number is
#: compared as text and never masked, being no personal number even when it has 16 digits
Kind = Literal["text", "certificate", "id", "phone", "card", "date", "number", "one_of"]


@dataclass(frozen=True)
class Expected:
    """The profile's value of one preview field and how the portal may format it."""

    value: str
    kind: Kind = "text"
    options: tuple[str, ...] = ()
    required: bool = True

    @property
    def shown(self) -> str:
        """The value as it may be printed (personal numbers masked)."""
        if self.kind == "id":
            return mask_id(self.value)
        if self.kind == "card":
            return mask_card(self.value)
        if self.kind == "phone":
            return mask_phone(self.value)
        if self.kind == "one_of":
            return " / ".join(self.options)
        if self.kind == "certificate":
            return self.value
        return mask_text(self.value)


def _code(value: object) -> str:
    return str(getattr(value, "value", value))


def form_values(profile: Profile, texts: PortalTexts) -> FormValues:
    """What to enter on the form."""
    applicant, cert = profile.applicant, profile.certificate
    employer = applicant.employer.name if applicant.employer is not None else None
    return FormValues(
        phone=applicant.phone,
        certificate_number=cert.number,
        certificate_kind=texts.certificate_kinds[_code(cert.kind)],
        occupation=cert.occupation,
        level=texts.level_name(int(cert.level)),
        issue_date=cert.issue_date.isoformat(),
        issuer=cert.issuer,
        employment=texts.employments[_code(applicant.category)],
        employer=employer if _code(applicant.category) == "employed" else None,
        bank=profile.bank.bank,
        card_number=profile.bank.card_number,
    )


def expected_preview(profile: Profile, texts: PortalTexts) -> dict[str, Expected]:
    """Label → the value the preview should show for this profile."""
    values = form_values(profile, texts)
    applicant, insurance = profile.applicant, profile.social_insurance
    t = texts
    paying = (t.insurance_paying,) if insurance.paying else tuple(t.insurance_not_paying)
    expected = {
        t.name: Expected(applicant.name),
        t.id_number: Expected(applicant.id_number, "id"),
        t.phone: Expected(values.phone, "phone"),
        t.certificate_number: Expected(values.certificate_number, "certificate"),
        t.certificate_kind: Expected(values.certificate_kind),
        t.occupation: Expected(values.occupation),
        t.level: Expected(values.level),
        t.issue_date: Expected(values.issue_date, "date"),
        t.issuer: Expected(values.issuer),
        t.hukou: Expected(t.hukous[_code(applicant.hukou)]),
        t.insurance_status: Expected("", "one_of", paying, required=False),
        t.unemployment_months: Expected(
            str(insurance.unemployment_insurance_months), "number", required=False
        ),
        t.employment: Expected(values.employment),
        **({t.employer: Expected(values.employer)} if values.employer else {}),
        t.bank: Expected(values.bank),
        t.card_number: Expected(values.card_number, "card"),
        t.card_number_again: Expected(values.card_number, "card", required=False),
    }
    return expected
