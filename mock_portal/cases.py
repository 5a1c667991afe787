"""The case lifecycle: drafts, checks, submission, review moves, auto-review and the listings."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from mock_portal.clock import iso, parse_iso
from mock_portal.formdef import (
    ACTIVE_OR_DONE,
    EDITABLE,
    HUKOU,
    INSURANCE_STATUS,
    ITEMS,
    LABELS,
    LEVEL_NUMBER,
    MAX_CHARS,
    SERVICE_NAME,
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
    subsidy_amount_cents,
)

if TYPE_CHECKING:
    from mock_portal.state import Portal

PAGE_SIZE = 10
#: who made a move, as the history shows it (never the applicant's ID number)
APPLICANT = "申请人"
ACTOR_NAMES = {"auto": "自动审核", "api": "测试接口"}


class TransitionRefused(Exception):
    """A review move that the case's status does not allow."""


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
        _history(conn, case_no, now, None, Status.DRAFT, APPLICANT, "")
        return case_no


def get_case(portal: Portal, case_no: str, id_number: str | None = None) -> Case | None:
    """The case, or None when it does not exist or (given `id_number`) is someone else's."""
    row = portal.db.one("SELECT * FROM cases WHERE case_no = ?", (case_no,))
    if row is None or (id_number is not None and row["id_number"] != id_number):
        return None
    return Case.from_row(row)


def length_problems(posted: dict[str, str]) -> list[Problem]:
    """Every editable field longer than its limit (MAX_CHARS), each named with its label."""
    return [
        Problem(key, too_long_message(key))
        for key in EDITABLE
        if len(posted.get(key, "").strip()) > MAX_CHARS[key]
    ]


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


def uploaded_items(portal: Portal, case_no: str) -> set[str]:
    return {
        r["item"] for r in portal.db.all("SELECT item FROM materials WHERE case_no = ?", (case_no,))
    }


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


def submit(portal: Portal, case: Case) -> list[Problem]:
    """草稿 → 待审核, after the checks; the checks and the move hold the lock together."""
    with portal.db.transaction() as conn:
        fresh = get_case(portal, case.case_no)
        if fresh is None or fresh.status != Status.DRAFT:
            raise TransitionRefused("该申请已提交，请勿重复提交")
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
                Status.SUBMITTED,
                json.dumps(fields, ensure_ascii=False),
                iso(now),
                iso(now),
                amount,
                fresh.case_no,
            ),
        )
        _history(conn, fresh.case_no, now, Status.DRAFT, Status.SUBMITTED, APPLICANT, "")
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
        if fresh is None or fresh.status != Status.RETURNED:
            raise TransitionRefused("当前状态不可重新提交")
        missing = missing_corrections(portal, fresh)
        if missing:
            raise TransitionRefused("；".join(f"请重新上传{label}" for label in missing))
        now = portal.clock.now()
        conn.execute(
            "UPDATE cases SET status = ?, submitted_at = ?, updated_at = ? WHERE case_no = ?",
            (Status.SUBMITTED, iso(now), iso(now), fresh.case_no),
        )
        _history(
            conn,
            fresh.case_no,
            now,
            Status.RETURNED,
            Status.SUBMITTED,
            APPLICANT,
            "补正后重新提交",
        )


DECISIONS = {
    "approve": Status.APPROVED,
    "reject": Status.REJECTED,
    "return": Status.RETURNED,
}
DEFAULT_OPINIONS = {
    "approve": "材料齐全，符合补贴条件，审核通过",
    "reject": "不符合补贴申领条件",
    "return": "材料不清晰，请补正后重新提交",
    "pay": "",
}


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
    """A review move: start (→审核中), approve, reject, return, or pay (审核通过 → 已发放)."""
    now = at or portal.clock.now()
    with portal.db.transaction() as conn:
        case = get_case(portal, case_no)
        if case is None:
            raise LookupError(case_no)
        status = Status(case.status)
        opinion = reason.strip() or DEFAULT_OPINIONS.get(decision, "")
        if decision == "start":
            if status != Status.SUBMITTED:
                raise TransitionRefused(f"当前状态为{status}，不能开始审核")
            _move(conn, case, Status.IN_REVIEW, now, actor, "", case.opinion)
        elif decision in DECISIONS:
            if status not in (Status.SUBMITTED, Status.IN_REVIEW):
                raise TransitionRefused(f"当前状态为{status}，不能审核")
            if status == Status.SUBMITTED:
                _move(conn, case, Status.IN_REVIEW, now, actor, "", case.opinion)
            if decision == "return":
                conn.execute(
                    "UPDATE cases SET return_items = ?, returned_at = ? WHERE case_no = ?",
                    # full precision: a re-upload in the same second must count as newer
                    (json.dumps(named_items(opinion, items)), now.isoformat(), case_no),
                )
            _move(conn, case, DECISIONS[decision], now, actor, opinion, opinion)
        elif decision == "pay":
            if status != Status.APPROVED:
                raise TransitionRefused(f"当前状态为{status}，不能确认发放")
            conn.execute("UPDATE cases SET paid_at = ? WHERE case_no = ?", (iso(now), case_no))
            _move(conn, case, Status.PAID, now, actor, reason.strip(), case.opinion)
        else:
            raise TransitionRefused(f"unknown decision: {decision}")
    fresh = get_case(portal, case_no)
    assert fresh is not None
    return fresh


def _move(
    conn: sqlite3.Connection,
    case: Case,
    to: Status,
    now: datetime,
    actor: str,
    note: str,
    opinion: str,
) -> None:
    conn.execute(
        "UPDATE cases SET status = ?, updated_at = ?, opinion = ? WHERE case_no = ?",
        (to, iso(now), opinion, case.case_no),
    )
    _history(conn, case.case_no, now, case.status, to, actor, note)
    case.status = to


def _history(
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
                    status = DECISIONS[policy.decision]
                if status == Status.APPROVED and policy.decision == "approve" and now >= at[2]:
                    review(portal, row["case_no"], "pay", "", "auto", at[2])
            except TransitionRefused:
                continue


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


def history(portal: Portal, case_no: str) -> list[sqlite3.Row]:
    return portal.db.all("SELECT * FROM case_history WHERE case_no = ? ORDER BY id", (case_no,))


def materials_of(portal: Portal, case_no: str) -> dict[str, sqlite3.Row]:
    return {
        r["item"]: r for r in portal.db.all("SELECT * FROM materials WHERE case_no = ?", (case_no,))
    }


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
