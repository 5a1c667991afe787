"""The mock's review state machine: each row of its table moves a case, anything else is refused.

In-process, against a portal of its own (no server): a case is put in a status by writing the
database, then moved through the same functions the portal's pages and API call.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from mock_portal.cases import (
    APPLICANT,
    TRANSITIONS,
    Role,
    Transition,
    TransitionRefused,
    console_actions,
    get_case,
    history,
    open_draft,
    resubmit,
    review,
    save_fields,
    submit,
)
from mock_portal.formdef import ITEMS, Status
from mock_portal.settings import PortalSettings
from mock_portal.state import Portal
from tests.portal.conftest import WANG, WANG_FORM

#: whom each role signs as in the history
ACTOR = {Role.APPLICANT: APPLICANT, Role.REVIEWER: "reviewer", Role.AUTO: "auto", Role.API: "api"}
APPLICANT_ACTIONS = ("submit", "resubmit")
ACTIONS = ("submit", "start", "approve", "reject", "return", "pay", "resubmit")
#: what the portal says when the case's status has no row for the action
REFUSED = {
    "submit": "该申请已提交，请勿重复提交",
    "resubmit": "当前状态不可重新提交",
    "start": "当前状态为{status}，不能开始审核",
    "approve": "当前状态为{status}，不能审核",
    "reject": "当前状态为{status}，不能审核",
    "return": "当前状态为{status}，不能审核",
    "pay": "当前状态为{status}，不能确认发放",
}
IN_TABLE = {(row.status, row.action) for row in TRANSITIONS}


@pytest.fixture(scope="module")
def shared_portal() -> Iterator[Portal]:
    portal = Portal(PortalSettings(access_log=False))
    yield portal
    portal.close()


@pytest.fixture
def portal(shared_portal: Portal) -> Portal:
    """The module's portal with no cases: another case for the certificate would block 确认提交."""
    with shared_portal.db.transaction() as conn:
        for table in ("cases", "case_history", "materials"):
            conn.execute(f"DELETE FROM {table}")
    return shared_portal


def case_in(portal: Portal, status: Status) -> str:
    """王示例's complete draft (fields and all six uploads), put in `status` as it stands."""
    case_no = open_draft(portal, WANG)
    case = get_case(portal, case_no)
    assert case is not None
    issued = portal.db.one(
        "SELECT issue_date FROM certificates WHERE number = ?", ("S000031000001263000123",)
    )
    assert issued is not None
    save_fields(portal, case, {**WANG_FORM, "issue_date": issued["issue_date"]})
    now = portal.clock.now()
    with portal.db.transaction() as conn:
        for n, item in enumerate(ITEMS):
            conn.execute(
                "INSERT OR REPLACE INTO materials VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    f"{case_no}-{n}",
                    case_no,
                    item,
                    f"{item}.jpg",
                    "x",
                    "x",
                    1,
                    "0",
                    "jpeg",
                    now.isoformat(),
                ),
            )
        submitted = None if status == Status.DRAFT else now.isoformat()
        conn.execute(
            "UPDATE cases SET status = ?, submitted_at = ?, returned_at = ? WHERE case_no = ?",
            (status, submitted, submitted if status == Status.RETURNED else None, case_no),
        )
    return case_no


def take(portal: Portal, case_no: str, action: str, role: Role) -> None:
    """The move as the portal takes it: the applicant's pages, else a review move by `role`."""
    case = get_case(portal, case_no)
    assert case is not None
    if action == "submit" and role == Role.APPLICANT:
        assert submit(portal, case) == []
    elif action == "resubmit" and role == Role.APPLICANT:
        resubmit(portal, case)
    else:
        review(portal, case_no, action, "意见", ACTOR[role])


def state(portal: Portal, case_no: str) -> tuple[str, list[str]]:
    case = get_case(portal, case_no)
    assert case is not None
    return case.status, [h["to_status"] for h in history(portal, case_no)]


def test_the_table_is_the_lifecycle_of_the_spec() -> None:
    """portal.md: 待审核 → 审核中 → 审核通过 → 已发放, or 审核不通过 / 退回补正; the terminal ones stay."""
    moves = {(row.status, row.action): row.to for row in TRANSITIONS}
    assert moves == {
        (Status.DRAFT, "submit"): Status.SUBMITTED,
        (Status.SUBMITTED, "start"): Status.IN_REVIEW,
        (Status.SUBMITTED, "approve"): Status.APPROVED,
        (Status.SUBMITTED, "reject"): Status.REJECTED,
        (Status.SUBMITTED, "return"): Status.RETURNED,
        (Status.IN_REVIEW, "approve"): Status.APPROVED,
        (Status.IN_REVIEW, "reject"): Status.REJECTED,
        (Status.IN_REVIEW, "return"): Status.RETURNED,
        (Status.APPROVED, "pay"): Status.PAID,
        (Status.RETURNED, "resubmit"): Status.SUBMITTED,
    }
    assert len(moves) == len(TRANSITIONS)  # one row per status and action
    assert not {row.status for row in TRANSITIONS} & {Status.REJECTED, Status.PAID}
    # the applicant submits and resubmits; a reviewer, auto-review and the test API do the rest
    staff = {Role.REVIEWER, Role.AUTO, Role.API}
    assert {row.action: row.by for row in TRANSITIONS} == {
        "submit": {Role.APPLICANT},
        "start": staff,
        "approve": staff,
        "reject": staff,
        "return": staff,
        "pay": staff,
        "resubmit": {Role.APPLICANT},
    }


@pytest.mark.parametrize("row", TRANSITIONS, ids=lambda r: f"{r.status}-{r.action}")
def test_each_row_moves_the_case_for_each_one_who_may_take_it(
    portal: Portal, row: Transition
) -> None:
    for role in sorted(row.by):
        case_no = case_in(portal, row.status)
        _, before = state(portal, case_no)
        take(portal, case_no, row.action, role)
        status, lines = state(portal, case_no)
        assert status == row.to, role
        passed = [row.via] if row.via else []
        assert lines == [*before, *passed, row.to], role
        signed = [h["actor"] for h in history(portal, case_no)][len(before) :]
        assert signed == [ACTOR[role]] * len(signed)


@pytest.mark.parametrize("row", TRANSITIONS, ids=lambda r: f"{r.status}-{r.action}")
def test_each_row_is_refused_to_the_others(portal: Portal, row: Transition) -> None:
    """The applicant cannot decide a case; the staff cannot submit for the applicant."""
    for role in sorted(set(Role) - row.by):
        case_no = case_in(portal, row.status)
        before = state(portal, case_no)
        with pytest.raises(TransitionRefused, match=f"不支持的操作：{row.action}"):
            take(portal, case_no, row.action, role)
        assert state(portal, case_no) == before


def not_in_table() -> list[tuple[Status, str]]:
    return [
        (status, action)
        for status, action in itertools.product(Status, ACTIONS)
        if (status, action) not in IN_TABLE
    ]


@pytest.mark.parametrize(("status", "action"), not_in_table(), ids=lambda v: str(v))
def test_a_move_not_in_the_table_is_refused_with_the_portals_message(
    portal: Portal, status: Status, action: str
) -> None:
    role = Role.APPLICANT if action in APPLICANT_ACTIONS else Role.REVIEWER
    case_no = case_in(portal, status)
    before = state(portal, case_no)
    with pytest.raises(TransitionRefused) as refused:
        take(portal, case_no, action, role)
    assert str(refused.value) == REFUSED[action].format(status=status)
    assert state(portal, case_no) == before


def test_an_action_the_table_does_not_know_is_refused(portal: Portal) -> None:
    case_no = case_in(portal, Status.IN_REVIEW)
    before = state(portal, case_no)
    with pytest.raises(TransitionRefused, match="不支持的操作：archive"):
        review(portal, case_no, "archive", "", "reviewer")
    assert state(portal, case_no) == before


def test_the_console_offers_the_reviewers_rows_as_buttons() -> None:
    decide = [("approve", "通过"), ("reject", "不通过"), ("return", "退回补正")]
    assert {status: console_actions(status) for status in Status} == {
        Status.DRAFT: [],
        Status.SUBMITTED: decide,
        Status.IN_REVIEW: decide,
        Status.APPROVED: [("pay", "确认发放")],
        Status.REJECTED: [],
        Status.RETURNED: [],
        Status.PAID: [],
    }
