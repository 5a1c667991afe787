"""Citizens (accounts, register entries, insurance, prior claims) and reviewers: input model and storage."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import sqlite3
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from stdnum.cn import ric

from mock_portal.db import Database
from mock_portal.formdef import MAX_CHARS
from mock_portal.relative_dates import resolve
from mock_portal.rules import register_number

FIXTURES = Path(__file__).parent / "fixtures" / "default.json"
_ITERATIONS = 20_000
KIND_ALIASES = {"skill_level": "职业技能等级证书", "qualification": "职业资格证书"}


def hash_password(password: str) -> str:
    salt = secrets.token_hex(8)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), _ITERATIONS).hex()
    return f"{salt}${digest}"


@cache
def _fixture_hash(password: str) -> str:
    """Fixture passwords are hashed once per process: every /__mock__/reset reloads them."""
    return hash_password(password)


@cache
def dummy_hash() -> str:
    """A hash no password is known for: checked against for an unknown account, so that a
    wrong password costs the same time whether or not the account exists."""
    return hash_password(secrets.token_urlsafe(16))


def password_matches(password: str, stored: str) -> bool:
    salt, _, digest = stored.partition("$")
    candidate = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), _ITERATIONS)
    return hmac.compare_digest(candidate.hex(), digest)


def resident_id(value: str) -> str:
    """Check character and birth date only: the area code is never held against the birth year."""
    number = value.strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise ValueError("id_number must be 17 digits and a check character (0-9 or X)")
    if ric.calc_check_digit(number) != number[-1]:
        raise ValueError("id_number: the check character is wrong")
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValueError("id_number: the birth date is not a real date") from None
    return number


class CertificateIn(BaseModel):
    """A register entry of the citizen."""

    model_config = ConfigDict(extra="forbid")
    number: str = Field(pattern=r"^([YS]\d{21}|\d{13}|\d{16})$")
    kind: str = "职业技能等级证书"
    # as long as the form takes: a register entry the form could not show is never made
    occupation: str = Field(min_length=1, max_length=MAX_CHARS["occupation"])
    level: int = Field(ge=1, le=5)
    issue_date: date
    issuer: str = Field(min_length=1, max_length=MAX_CHARS["issuer"])
    route: Literal["assessment", "employer_recognition", "competition", "commendation"] = (
        "assessment"
    )

    @field_validator("number")
    @classmethod
    def _number(cls, value: str) -> str:
        # the register holds a 13-digit Shanghai qualification number as "000" + the 13
        return register_number(value)

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        value = KIND_ALIASES.get(value, value)
        if value not in ("职业资格证书", "职业技能等级证书"):
            raise ValueError(
                "kind is 职业技能等级证书 (skill_level) or 职业资格证书 (qualification)"
            )
        return value


class InsuranceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    scheme: Literal["employee", "resident"] = "employee"
    status: Literal["paying", "suspended", "none"] = "paying"
    unemployment_insurance_months: int = Field(default=0, ge=0, le=600)


class PriorClaimIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    occupation: str = Field(min_length=1)
    level: int = Field(ge=1, le=5)
    granted_on: date


class CitizenIn(BaseModel):
    """The body of POST /__mock__/citizens."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=20)
    id_number: str
    phone: str = Field(pattern=r"^1\d{10}$")
    password: str = Field(min_length=6, max_length=64)
    auth_level: Literal["advanced", "basic"] = "advanced"
    hukou: Literal["shanghai", "other"] = "shanghai"
    social_insurance: InsuranceIn = Field(default_factory=lambda: InsuranceIn())
    establishment_staff: bool = False
    certificates: list[CertificateIn] = Field(default_factory=list)
    prior_claims: list[PriorClaimIn] = Field(default_factory=list)

    @field_validator("id_number")
    @classmethod
    def _id(cls, value: str) -> str:
        return resident_id(value)


class ReviewerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str
    name: str
    password: str


def provision(db: Database, citizen: CitizenIn) -> None:
    """Creates (or replaces) a citizen with everything attached, in one transaction."""
    with db.transaction() as conn:
        _write_citizen(conn, db, citizen, hash_password(citizen.password))


def _write_citizen(
    conn: sqlite3.Connection, db: Database, c: CitizenIn, password_hash: str
) -> None:
    seq = db.next_value(conn, "citizen")
    for table in ("citizens", "insurance", "prior_claims"):
        conn.execute(f"DELETE FROM {table} WHERE id_number = ?", (c.id_number,))
    conn.execute("DELETE FROM certificates WHERE id_number = ?", (c.id_number,))
    conn.execute(
        "INSERT INTO citizens(id_number, name, phone, password_hash, auth_level, hukou, "
        "establishment_staff, created_seq) VALUES (?,?,?,?,?,?,?,?)",
        (
            c.id_number,
            c.name,
            c.phone,
            password_hash,
            c.auth_level,
            c.hukou,
            int(c.establishment_staff),
            seq,
        ),
    )
    si = c.social_insurance
    conn.execute(
        "INSERT INTO insurance VALUES (?,?,?,?)",
        (c.id_number, si.scheme, si.status, si.unemployment_insurance_months),
    )
    for cert in c.certificates:
        conn.execute(
            "INSERT OR REPLACE INTO certificates VALUES (?,?,?,?,?,?,?,?)",
            (
                cert.number,
                c.id_number,
                cert.kind,
                cert.occupation,
                cert.level,
                cert.issue_date.isoformat(),
                cert.issuer,
                cert.route,
            ),
        )
    for claim in c.prior_claims:
        conn.execute(
            "INSERT INTO prior_claims(id_number, occupation, level, granted_on) VALUES (?,?,?,?)",
            (c.id_number, claim.occupation, claim.level, claim.granted_on.isoformat()),
        )


def load_fixtures(db: Database, today: date, path: Path = FIXTURES) -> None:
    """The default state: the demo applicant, the training citizens and the reviewer account.

    The fixtures' dates are relative (`today-41d`) and resolved against `today`, the portal
    clock's date, so that every fixture person shows the same situation on any day.
    """
    data = resolve(json.loads(path.read_text(encoding="utf-8")), today)
    citizens = [CitizenIn.model_validate(item) for item in data["citizens"]]
    reviewers = [ReviewerIn.model_validate(item) for item in data["reviewers"]]
    with db.transaction() as conn:
        for citizen in citizens:
            _write_citizen(conn, db, citizen, _fixture_hash(citizen.password))
        for r in reviewers:
            conn.execute(
                "INSERT OR REPLACE INTO reviewers(username, name, password_hash) VALUES (?,?,?)",
                (r.username, r.name, _fixture_hash(r.password)),
            )
