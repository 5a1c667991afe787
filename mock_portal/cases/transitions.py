"""The review state machine as a table: status × action → next status, and who may take it.

Every move of a case is one row of TRANSITIONS. The code that moves cases (submission,
decisions, scheduler) asks `transition()` for the row and takes the next status from it, and
the reviewer console shows a button for each row the reviewer may take from the case's status
(`console_actions`). A move that is not in the table is refused with the portal's message for
that action (`TransitionRefused`); the case is left as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from mock_portal.formdef import Status

#: who made a move, as the history shows it (never the applicant's ID number); a reviewer
#: signs with the console's username
APPLICANT = "申请人"
ACTOR_NAMES = {"auto": "自动审核", "api": "测试接口"}


class Role(StrEnum):
    """Who takes a move: the applicant, a reviewer at the console, auto-review, the test API."""

    APPLICANT = "applicant"
    REVIEWER = "reviewer"
    AUTO = "auto"
    API = "api"


STAFF = frozenset({Role.REVIEWER, Role.AUTO, Role.API})
ONLY_APPLICANT = frozenset({Role.APPLICANT})


class TransitionRefused(Exception):
    """A move that the case's status (or the one asking) does not allow; the portal's message."""


@dataclass(frozen=True)
class Transition:
    """One row of the table: `action` takes a case in `status` to `to`, if `by` may take it."""

    status: Status
    action: str
    to: Status
    by: frozenset[Role]
    #: a status the move passes through first, recorded in the history on its own line
    via: Status | None = None
    #: the reviewer console's button for the move (None: not a button of the console)
    button: str | None = None


_S = Status
#: the whole lifecycle after the draft is opened; a decision on a case that nobody opened yet
#: passes through 审核中, as it would in the console
TRANSITIONS: tuple[Transition, ...] = (
    Transition(_S.DRAFT, "submit", _S.SUBMITTED, ONLY_APPLICANT),
    Transition(_S.SUBMITTED, "start", _S.IN_REVIEW, STAFF),
    Transition(_S.SUBMITTED, "approve", _S.APPROVED, STAFF, _S.IN_REVIEW, "通过"),
    Transition(_S.SUBMITTED, "reject", _S.REJECTED, STAFF, _S.IN_REVIEW, "不通过"),
    Transition(_S.SUBMITTED, "return", _S.RETURNED, STAFF, _S.IN_REVIEW, "退回补正"),
    Transition(_S.IN_REVIEW, "approve", _S.APPROVED, STAFF, button="通过"),
    Transition(_S.IN_REVIEW, "reject", _S.REJECTED, STAFF, button="不通过"),
    Transition(_S.IN_REVIEW, "return", _S.RETURNED, STAFF, button="退回补正"),
    Transition(_S.APPROVED, "pay", _S.PAID, STAFF, button="确认发放"),
    Transition(_S.RETURNED, "resubmit", _S.SUBMITTED, ONLY_APPLICANT),
)

#: the portal's message when an action is asked of a case whose status has no row for it
REFUSALS = {
    "submit": "该申请已提交，请勿重复提交",
    "resubmit": "当前状态不可重新提交",
    "start": "当前状态为{status}，不能开始审核",
    "approve": "当前状态为{status}，不能审核",
    "reject": "当前状态为{status}，不能审核",
    "return": "当前状态为{status}，不能审核",
    "pay": "当前状态为{status}，不能确认发放",
}


def role_of(actor: str) -> Role:
    """The role of whoever the history names: 申请人, auto, api, else a reviewer's username."""
    if actor == APPLICANT:
        return Role.APPLICANT
    if actor in ACTOR_NAMES:
        return Role(actor)
    return Role.REVIEWER


def refusal(action: str, status: str) -> TransitionRefused:
    """The portal's refusal of `action` for a case in `status`."""
    return TransitionRefused(REFUSALS[action].format(status=status))


def transition(status: Status, action: str, role: Role) -> Transition:
    """The table's row for the move; TransitionRefused when there is none.

    An action that `role` never takes is unknown to it (the console cannot submit for the
    applicant); one it takes, but not from `status`, is refused with the portal's message.
    """
    rows = [row for row in TRANSITIONS if row.action == action and role in row.by]
    if not rows:
        raise TransitionRefused(f"不支持的操作：{action}")
    for row in rows:
        if row.status == status:
            return row
    raise refusal(action, status)


def console_actions(status: Status) -> list[tuple[str, str]]:
    """The reviewer console's buttons for a case in `status`: (action, label), in table order."""
    return [
        (row.action, row.button)
        for row in TRANSITIONS
        if row.status == status and row.button is not None and Role.REVIEWER in row.by
    ]
