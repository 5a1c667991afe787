"""The applicant's moves: 确认提交 of the draft, and 重新提交 after 退回补正."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from mock_portal.cases.checks import check
from mock_portal.cases.store import (
    Case,
    get_case,
    materials_of,
    readonly_values,
    record_history,
    record_move,
)
from mock_portal.cases.transitions import (
    APPLICANT,
    Role,
    TransitionRefused,
    refusal,
    transition,
)
from mock_portal.clock import iso, parse_iso
from mock_portal.formdef import ITEMS, LEVEL_NUMBER, Status
from mock_portal.rules import Problem, subsidy_amount_cents

if TYPE_CHECKING:
    from mock_portal.state import Portal


def submit(portal: Portal, case: Case) -> list[Problem]:
    """草稿 → 待审核, after the checks; the checks and the move hold the lock together."""
    with portal.db.transaction() as conn:
        fresh = get_case(portal, case.case_no)
        if fresh is None:
            raise refusal("submit", "")
        move = transition(Status(fresh.status), "submit", Role.APPLICANT)
        problems = check(portal, fresh)
        if problems:
            return problems
        now = portal.clock.now()
        fields = {**fresh.fields, **readonly_values(portal, fresh.id_number)}
        level = LEVEL_NUMBER.get(fields.get("level", ""), 0)
        amount = subsidy_amount_cents(
            portal.policy, fields.get("cert_kind", ""), level, fields.get("employment", "")
        )
        conn.execute(
            "UPDATE cases SET status = ?, fields = ?, submitted_at = ?, updated_at = ?, "
            "amount_cents = ? WHERE case_no = ?",
            (
                move.to,
                json.dumps(fields, ensure_ascii=False),
                iso(now),
                iso(now),
                amount,
                fresh.case_no,
            ),
        )
        record_history(conn, fresh.case_no, now, fresh.status, move.to, APPLICANT, "")
    return []


def missing_corrections(portal: Portal, case: Case) -> list[str]:
    """Labels of the named items not uploaded again since the case was returned."""
    materials = materials_of(portal, case.case_no)
    if not case.returned_at:
        return []
    since = parse_iso(case.returned_at)
    return [
        ITEMS[item]
        for item in case.return_items
        if item not in materials or parse_iso(materials[item]["uploaded_at"]) <= since
    ]


def resubmit(portal: Portal, case: Case) -> None:
    """退回补正 → 待审核, after the applicant re-uploaded what was asked for."""
    with portal.db.transaction() as conn:
        fresh = get_case(portal, case.case_no)
        if fresh is None:
            raise refusal("resubmit", "")
        move = transition(Status(fresh.status), "resubmit", Role.APPLICANT)
        missing = missing_corrections(portal, fresh)
        if missing:
            raise TransitionRefused("；".join(f"请重新上传{label}" for label in missing))
        now = portal.clock.now()
        conn.execute(
            "UPDATE cases SET submitted_at = ? WHERE case_no = ?", (iso(now), fresh.case_no)
        )
        record_move(conn, fresh, move.to, now, APPLICANT, "补正后重新提交", fresh.opinion)
