"""Cases as the database holds them: the draft, its fields, its materials and its history."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from mock_portal.cases.transitions import APPLICANT
from mock_portal.clock import iso
from mock_portal.formdef import EDITABLE, HUKOU, INSURANCE_STATUS, Status
from mock_portal.masking import mask_id
from mock_portal.rules import register_number

if TYPE_CHECKING:
    from mock_portal.state import Portal


@dataclass
class Case:
    """A case as the pages use it."""

    case_no: str
    id_number: str
    status: str
    fields: dict[str, str]
    certificate_number: str
    created_at: str
    submitted_at: str | None
    updated_at: str
    opinion: str
    amount_cents: int | None
    paid_at: str | None
    return_items: list[str]
    returned_at: str | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Case:
        return cls(
            case_no=row["case_no"],
            id_number=row["id_number"],
            status=row["status"],
            fields=json.loads(row["fields"]),
            certificate_number=row["certificate_number"],
            created_at=row["created_at"],
            submitted_at=row["submitted_at"],
            updated_at=row["updated_at"],
            opinion=row["opinion"],
            amount_cents=row["amount_cents"],
            paid_at=row["paid_at"],
            return_items=json.loads(row["return_items"]),
            returned_at=row["returned_at"],
        )

    @property
    def amount_text(self) -> str:
        return f"{(self.amount_cents or 0) / 100:.2f}元"


def citizen_row(portal: Portal, id_number: str) -> sqlite3.Row | None:
    return portal.db.one(
        "SELECT c.*, i.scheme, i.status AS insurance_status, i.unemployment_months "
        "FROM citizens c LEFT JOIN insurance i ON i.id_number = c.id_number "
        "WHERE c.id_number = ?",
        (id_number,),
    )


def readonly_values(portal: Portal, id_number: str) -> dict[str, str]:
    """The account's values the form shows read-only (证件号码 masked)."""
    row = citizen_row(portal, id_number)
    if row is None:
        return {}
    return {
        "name": row["name"],
        "id_number": mask_id(row["id_number"]),
        "hukou": HUKOU.get(row["hukou"], row["hukou"]),
        "insurance_status": INSURANCE_STATUS.get(row["insurance_status"] or "none", "未参保"),
        "unemployment_months": str(row["unemployment_months"] or 0),
    }


def open_draft(portal: Portal, id_number: str) -> str:
    """The applicant's newest draft, or a new one (opening the form creates the draft)."""
    with portal.db.transaction() as conn:
        row = conn.execute(
            "SELECT case_no FROM cases WHERE id_number = ? AND status = ? ORDER BY seq DESC LIMIT 1",
            (id_number, Status.DRAFT),
        ).fetchone()
        if row is not None:
            return str(row[0])
        now = portal.clock.now()
        seq = portal.db.next_value(conn, "case")
        case_no = f"SH{now:%Y%m%d}{seq:06d}"
        phone = conn.execute("SELECT phone FROM citizens WHERE id_number = ?", (id_number,))
        phone_row = phone.fetchone()
        fields = {"phone": phone_row[0] if phone_row else ""}
        conn.execute(
            "INSERT INTO cases(case_no, id_number, status, fields, created_at, updated_at, seq) "
            "VALUES (?,?,?,?,?,?,?)",
            (
                case_no,
                id_number,
                Status.DRAFT,
                json.dumps(fields, ensure_ascii=False),
                iso(now),
                iso(now),
                seq,
            ),
        )
        record_history(conn, case_no, now, None, Status.DRAFT, APPLICANT, "")
        return case_no


def get_case(portal: Portal, case_no: str, id_number: str | None = None) -> Case | None:
    """The case, or None when it does not exist or (given `id_number`) is someone else's."""
    row = portal.db.one("SELECT * FROM cases WHERE case_no = ?", (case_no,))
    if row is None or (id_number is not None and row["id_number"] != id_number):
        return None
    return Case.from_row(row)


def save_fields(portal: Portal, case: Case, posted: dict[str, str]) -> dict[str, str]:
    """Keeps what was entered (only the editable fields); answers the saved values."""
    fields = dict(case.fields)
    for key in EDITABLE:
        if key in posted:
            fields[key] = posted[key].strip()
    portal.db.run(
        "UPDATE cases SET fields = ?, certificate_number = ?, updated_at = ? WHERE case_no = ?",
        (
            json.dumps(fields, ensure_ascii=False),
            register_number(fields.get("cert_number", "")),
            iso(portal.clock.now()),
            case.case_no,
        ),
    )
    case.fields = fields
    return fields


def uploaded_items(portal: Portal, case_no: str) -> set[str]:
    return {
        r["item"] for r in portal.db.all("SELECT item FROM materials WHERE case_no = ?", (case_no,))
    }


def materials_of(portal: Portal, case_no: str) -> dict[str, sqlite3.Row]:
    return {
        r["item"]: r for r in portal.db.all("SELECT * FROM materials WHERE case_no = ?", (case_no,))
    }


def history(portal: Portal, case_no: str) -> list[sqlite3.Row]:
    return portal.db.all("SELECT * FROM case_history WHERE case_no = ? ORDER BY id", (case_no,))


def record_move(
    conn: sqlite3.Connection,
    case: Case,
    to: Status,
    now: datetime,
    actor: str,
    note: str,
    opinion: str,
) -> None:
    """Writes a move of the case to `to` and its line in the history."""
    conn.execute(
        "UPDATE cases SET status = ?, updated_at = ?, opinion = ? WHERE case_no = ?",
        (to, iso(now), opinion, case.case_no),
    )
    record_history(conn, case.case_no, now, case.status, to, actor, note)
    case.status = to


def record_history(
    conn: sqlite3.Connection,
    case_no: str,
    at: datetime,
    src: str | None,
    to: str,
    actor: str,
    note: str,
) -> None:
    conn.execute(
        "INSERT INTO case_history(case_no, at, from_status, to_status, actor, opinion) "
        "VALUES (?,?,?,?,?,?)",
        (case_no, iso(at), src, to, actor, note),
    )
