"""Auto-review: cases move on by the review policy, on the portal's clock, whenever they are read."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from mock_portal.cases.decisions import review
from mock_portal.cases.transitions import Role, TransitionRefused, transition
from mock_portal.clock import parse_iso
from mock_portal.formdef import Status

if TYPE_CHECKING:
    from mock_portal.state import Portal


def apply_auto_review(portal: Portal) -> None:
    """Moves cases on by the auto-review policy, lazily, whenever cases are read.

    Each move is stamped with the moment the policy says it happened (submission + s_i).
    """
    policy = portal.review
    if policy.mode != "auto":
        return
    with portal.auto_review_lock:
        now = portal.clock.now()
        rows = portal.db.all(
            "SELECT case_no, status, submitted_at FROM cases WHERE status IN (?, ?, ?)",
            (Status.SUBMITTED, Status.IN_REVIEW, Status.APPROVED),
        )
        marks = list(policy.after_seconds) + [policy.after_seconds[-1]] * 3
        for row in rows:
            if not row["submitted_at"]:
                continue
            base = parse_iso(row["submitted_at"])
            at = [base + timedelta(seconds=s) for s in marks[:3]]
            status = row["status"]
            try:
                if status == Status.SUBMITTED and now >= at[0] and now < at[1]:
                    review(portal, row["case_no"], "start", "", "auto", at[0])
                elif status in (Status.SUBMITTED, Status.IN_REVIEW) and now >= at[1]:
                    if status == Status.SUBMITTED:
                        review(portal, row["case_no"], "start", "", "auto", at[0])
                    review(portal, row["case_no"], policy.decision, policy.reason, "auto", at[1])
                    status = transition(Status.IN_REVIEW, policy.decision, Role.AUTO).to
                if status == Status.APPROVED and policy.decision == "approve" and now >= at[2]:
                    review(portal, row["case_no"], "pay", "", "auto", at[2])
            except TransitionRefused:
                continue
