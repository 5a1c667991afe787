"""The server-side checks of a draft: field lengths, the certificate register, the applicant."""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING

from mock_portal.cases.store import Case, citizen_row, uploaded_items
from mock_portal.clock import parse_iso
from mock_portal.formdef import (
    ACTIVE_OR_DONE,
    EDITABLE,
    LEVEL_NUMBER,
    MAX_CHARS,
    Status,
    too_long_message,
)
from mock_portal.masking import mask_id
from mock_portal.rules import (
    Applicant,
    Problem,
    RegisterEntry,
    Situation,
    check_application,
    register_number,
)

if TYPE_CHECKING:
    from mock_portal.state import Portal


def length_problems(posted: dict[str, str]) -> list[Problem]:
    """Every editable field longer than its limit (MAX_CHARS), each named with its label."""
    return [
        Problem(key, too_long_message(key))
        for key in EDITABLE
        if len(posted.get(key, "").strip()) > MAX_CHARS[key]
    ]


def lookup_certificate(portal: Portal, number: str) -> RegisterEntry | None:
    """The register entry, unless absent or too recent to be visible (`cert_db_lag_days`)."""
    row = portal.db.one("SELECT * FROM certificates WHERE number = ?", (register_number(number),))
    if row is None:
        return None
    entry = RegisterEntry(
        number=row["number"],
        id_number=row["id_number"],
        kind=row["kind"],
        occupation=row["occupation"],
        level=int(row["level"]),
        issue_date=date.fromisoformat(row["issue_date"]),
        issuer=row["issuer"],
        route=row["route"],
    )
    lag = portal.faults.current.cert_db_lag_days
    if lag and (portal.clock.today() - entry.issue_date).days < lag:
        return None
    return entry


def applicant(portal: Portal, id_number: str, except_case: str) -> Applicant:
    row = citizen_row(portal, id_number)
    if row is None:
        raise LookupError(f"no citizen {mask_id(id_number)}")
    grants = [
        (r["occupation"], int(r["level"]), date.fromisoformat(r["granted_on"]))
        for r in portal.db.all(
            "SELECT occupation, level, granted_on FROM prior_claims WHERE id_number = ?",
            (id_number,),
        )
    ]
    # a case of this portal counts as granted from the day it was approved
    for r in portal.db.all(
        "SELECT c.fields, c.updated_at, (SELECT MIN(h.at) FROM case_history h "
        "WHERE h.case_no = c.case_no AND h.to_status IN (?, ?)) AS granted_at "
        "FROM cases c WHERE c.id_number = ? AND c.status IN (?, ?) AND c.case_no != ?",
        (Status.APPROVED, Status.PAID, id_number, Status.APPROVED, Status.PAID, except_case),
    ):
        f = json.loads(r["fields"])
        if f.get("level") in LEVEL_NUMBER:
            granted = parse_iso(r["granted_at"] or r["updated_at"]).date()
            grants.append((f.get("occupation", ""), LEVEL_NUMBER[f["level"]], granted))
    return Applicant(
        id_number=row["id_number"],
        name=row["name"],
        hukou=row["hukou"],
        establishment_staff=bool(row["establishment_staff"]),
        scheme=row["scheme"] or "resident",
        insurance_status=row["insurance_status"] or "none",
        unemployment_months=int(row["unemployment_months"] or 0),
        grants=tuple(grants),
    )


def check(portal: Portal, case: Case) -> list[Problem]:
    """Every server-side check, on what the draft holds now."""
    number = register_number(case.fields.get("cert_number", ""))
    blocking = False
    if number:
        placeholders = ",".join("?" * len(ACTIVE_OR_DONE))
        blocking = (
            portal.db.one(
                f"SELECT 1 FROM cases WHERE certificate_number = ? AND case_no != ? "
                f"AND status IN ({placeholders})",
                (number, case.case_no, *ACTIVE_OR_DONE),
            )
            is not None
        )
    situation = Situation(
        policy=portal.policy,
        applicant=applicant(portal, case.id_number, case.case_no),
        fields=case.fields,
        register=lookup_certificate(portal, number) if number else None,
        uploaded=uploaded_items(portal, case.case_no),
        today=portal.clock.today(),
        other_case_blocks=blocking,
    )
    return check_application(situation)
