"""The cases as they are listed: the applicant's 我的办件 pages, and GET /__mock__/cases (JSON)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from mock_portal.cases.scheduler import apply_auto_review
from mock_portal.cases.store import Case, readonly_values
from mock_portal.formdef import ITEMS, LABELS, SERVICE_NAME, Status

if TYPE_CHECKING:
    from mock_portal.state import Portal

PAGE_SIZE = 10


def list_cases(portal: Portal, id_number: str, page: int) -> tuple[list[Case], int]:
    """One page of the applicant's cases, newest first, and the number of pages."""
    apply_auto_review(portal)
    total = portal.db.one("SELECT COUNT(*) FROM cases WHERE id_number = ?", (id_number,))
    count = int(total[0]) if total else 0
    pages = max(1, (count + PAGE_SIZE - 1) // PAGE_SIZE)
    page = min(max(1, page), pages)
    rows = portal.db.all(
        "SELECT * FROM cases WHERE id_number = ? ORDER BY seq DESC LIMIT ? OFFSET ?",
        (id_number, PAGE_SIZE, (page - 1) * PAGE_SIZE),
    )
    return [Case.from_row(r) for r in rows], pages


def case_json(portal: Portal, case: Case, materials: list[sqlite3.Row]) -> dict[str, Any]:
    """A case as GET /__mock__/cases answers it: fields and materials by their portal labels."""
    values = {**case.fields}
    if case.status == Status.DRAFT:
        values = {**readonly_values(portal, case.id_number), **values}
    fields = {LABELS[k]: v for k, v in values.items() if k in LABELS}
    return {
        "case_no": case.case_no,
        "id_number": case.id_number,
        "certificate_number": case.certificate_number,
        "service": SERVICE_NAME,
        "status": case.status,
        "created_at": case.created_at,
        "submitted_at": case.submitted_at,
        "updated_at": case.updated_at,
        "opinion": case.opinion,
        "amount": (case.amount_cents or 0) / 100 if case.amount_cents is not None else None,
        "paid_at": case.paid_at,
        "return_items": [ITEMS[i] for i in case.return_items]
        if case.status == Status.RETURNED
        else [],
        "fields": fields,
        "materials": {
            ITEMS[m["item"]]: {
                "file_name": m["file_name"],
                "size": m["size"],
                "sha256": m["sha256"],
            }
            for m in materials
        },
    }


def all_cases_json(portal: Portal) -> list[dict[str, Any]]:
    apply_auto_review(portal)
    by_case: dict[str, list[sqlite3.Row]] = {}
    for m in portal.db.all("SELECT * FROM materials"):
        by_case.setdefault(m["case_no"], []).append(m)
    return [
        case_json(portal, Case.from_row(r), by_case.get(r["case_no"], []))
        for r in portal.db.all("SELECT * FROM cases ORDER BY seq")
    ]
