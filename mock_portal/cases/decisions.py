"""The staff's moves of a case: start the review, approve, reject, return for correction, pay."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING

from mock_portal.cases.store import Case, get_case, record_move
from mock_portal.cases.transitions import role_of, transition
from mock_portal.clock import iso
from mock_portal.formdef import ITEMS, Status

if TYPE_CHECKING:
    from mock_portal.state import Portal

DEFAULT_OPINIONS = {
    "approve": "材料齐全，符合补贴条件，审核通过",
    "reject": "不符合补贴申领条件",
    "return": "材料不清晰，请补正后重新提交",
    "pay": "",
}
#: the moves that decide a case: their opinion becomes the case's 审核意见
DECIDING = ("approve", "reject", "return")


def named_items(reason: str, items: list[str] | None) -> list[str]:
    """The upload items a return asks for: given explicitly, else those the opinion names, else all."""
    if items:
        return [key for key in ITEMS if key in items or ITEMS[key] in items]
    named = [key for key, label in ITEMS.items() if label in reason]
    return named or list(ITEMS)


def review(
    portal: Portal,
    case_no: str,
    decision: str,
    reason: str,
    actor: str,
    at: datetime | None = None,
    items: list[str] | None = None,
) -> Case:
    """A review move by `actor` (a reviewer, "auto" or "api"), as the transition table allows.

    start (→审核中), approve, reject, return, or pay (审核通过 → 已发放); LookupError for a
    case that does not exist, TransitionRefused for a move the table does not hold.
    """
    now = at or portal.clock.now()
    with portal.db.transaction() as conn:
        case = get_case(portal, case_no)
        if case is None:
            raise LookupError(case_no)
        move = transition(Status(case.status), decision, role_of(actor))
        if move.via is not None:
            record_move(conn, case, move.via, now, actor, "", case.opinion)
        if decision in DECIDING:
            opinion = reason.strip() or DEFAULT_OPINIONS[decision]
            if decision == "return":
                conn.execute(
                    "UPDATE cases SET return_items = ?, returned_at = ? WHERE case_no = ?",
                    # full precision: a re-upload in the same second must count as newer
                    (json.dumps(named_items(opinion, items)), now.isoformat(), case_no),
                )
            record_move(conn, case, move.to, now, actor, opinion, opinion)
        elif decision == "pay":
            conn.execute("UPDATE cases SET paid_at = ? WHERE case_no = ?", (iso(now), case_no))
            record_move(conn, case, move.to, now, actor, reason.strip(), case.opinion)
        else:  # start: someone opened the case; the history line carries no note
            record_move(conn, case, move.to, now, actor, "", case.opinion)
    fresh = get_case(portal, case_no)
    assert fresh is not None
    return fresh
