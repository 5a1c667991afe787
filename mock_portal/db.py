"""The mock's state in SQLite (stdlib sqlite3, WAL): one connection behind a lock, so no write is lost."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS citizens (
    id_number TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    phone TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    auth_level TEXT NOT NULL,
    hukou TEXT NOT NULL,
    establishment_staff INTEGER NOT NULL DEFAULT 0,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    created_seq INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS citizens_phone ON citizens(phone);
CREATE TABLE IF NOT EXISTS insurance (
    id_number TEXT PRIMARY KEY,
    scheme TEXT NOT NULL,
    status TEXT NOT NULL,
    unemployment_months INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS certificates (
    number TEXT PRIMARY KEY,
    id_number TEXT NOT NULL,
    kind TEXT NOT NULL,
    occupation TEXT NOT NULL,
    level INTEGER NOT NULL,
    issue_date TEXT NOT NULL,
    issuer TEXT NOT NULL,
    route TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS prior_claims (
    id INTEGER PRIMARY KEY,
    id_number TEXT NOT NULL,
    occupation TEXT NOT NULL,
    level INTEGER NOT NULL,
    granted_on TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS prior_claims_person ON prior_claims(id_number);
CREATE TABLE IF NOT EXISTS reviewers (
    username TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT
);
CREATE TABLE IF NOT EXISTS cases (
    case_no TEXT PRIMARY KEY,
    id_number TEXT NOT NULL,
    status TEXT NOT NULL,
    fields TEXT NOT NULL DEFAULT '{}',
    certificate_number TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    submitted_at TEXT,
    updated_at TEXT NOT NULL,
    opinion TEXT NOT NULL DEFAULT '',
    amount_cents INTEGER,
    paid_at TEXT,
    return_items TEXT NOT NULL DEFAULT '[]',
    returned_at TEXT,
    seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS cases_person ON cases(id_number, seq);
CREATE INDEX IF NOT EXISTS cases_cert ON cases(certificate_number);
CREATE TABLE IF NOT EXISTS case_history (
    id INTEGER PRIMARY KEY,
    case_no TEXT NOT NULL,
    at TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    actor TEXT NOT NULL,
    opinion TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS case_history_case ON case_history(case_no);
CREATE TABLE IF NOT EXISTS materials (
    token TEXT PRIMARY KEY,
    case_no TEXT NOT NULL,
    item TEXT NOT NULL,
    file_name TEXT NOT NULL,
    stored_name TEXT NOT NULL,
    thumb_name TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    kind TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    UNIQUE (case_no, item)
);
-- SMS codes are held in memory only (sms.py); a database of an older mock may still hold them
DROP TABLE IF EXISTS sms_codes;
CREATE TABLE IF NOT EXISTS counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
"""

#: columns added since a table was first made: a --db file from before gets them on open
ADDED_COLUMNS = {
    "reviewers": (
        ("failed_logins", "INTEGER NOT NULL DEFAULT 0"),
        ("locked_until", "TEXT"),
    ),
}

TABLES = (
    "citizens",
    "insurance",
    "certificates",
    "prior_claims",
    "reviewers",
    "cases",
    "case_history",
    "materials",
    "counters",
)


class Database:
    """One SQLite connection shared by all requests; every statement and transaction holds the lock.

    The mock's queries take microseconds, so serialising them costs nothing measurable and makes
    "50 applicants at once lose no write" true by construction.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute("PRAGMA foreign_keys=ON")
        # deleted rows (a reset, a dropped table) are overwritten, not left in free pages
        self._conn.execute("PRAGMA secure_delete=ON")
        self._conn.executescript(SCHEMA)
        self._add_columns()

    def _add_columns(self) -> None:
        for table, columns in ADDED_COLUMNS.items():
            have = {row["name"] for row in self._conn.execute(f"PRAGMA table_info({table})")}
            for name, decl in columns:
                if name not in have:
                    self._conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {decl}")

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All statements inside commit together or not at all."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return list(self._conn.execute(sql, params).fetchall())

    def one(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        with self._lock:
            row: sqlite3.Row | None = self._conn.execute(sql, params).fetchone()
            return row

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Executes one statement in its own transaction; returns the rows changed."""
        with self._lock:
            return self._conn.execute(sql, params).rowcount

    def wipe(self) -> None:
        with self.transaction() as conn:
            for table in TABLES:
                conn.execute(f"DELETE FROM {table}")

    def next_value(self, conn: sqlite3.Connection, name: str) -> int:
        """A counter that only grows (case numbers, ordering); call inside a transaction."""
        conn.execute(
            "INSERT INTO counters(name, value) VALUES (?, 1) "
            "ON CONFLICT(name) DO UPDATE SET value = value + 1",
            (name,),
        )
        row = conn.execute("SELECT value FROM counters WHERE name = ?", (name,)).fetchone()
        return int(row[0])
