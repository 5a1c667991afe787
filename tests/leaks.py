"""Reading every byte of some folders for a secret (a password, an SMS code) in any form it takes.

Zip files are opened and each member read (a Playwright trace: its actions, DOM snapshots and
network bodies), recursively; SQLite databases are also read value by value, where a code may sit
right beside other digits (a phone number, a timestamp) in the raw bytes.
"""

from __future__ import annotations

import html
import io
import json
import re
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, quote_plus


def forms(secret: str) -> set[bytes]:
    """The secret as a file could hold it: plain, URL-encoded, JSON-escaped, HTML-escaped."""
    texts = {
        secret,
        quote(secret, safe=""),
        quote_plus(secret),
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        html.escape(secret),
        html.escape(secret, quote=False),
    }
    return {t.encode("utf-8") for t in texts} | {secret.encode("utf-16-le")}


def _contents(name: str, data: bytes) -> Iterator[tuple[str, bytes]]:
    """A file's bytes, then those of each member when it is a zip (recursively)."""
    yield name, data
    if data.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                yield from _contents(f"{name}!{info.filename}", archive.read(info))


def _values(path: Path) -> Iterator[str]:
    """Every value of every table of a SQLite database, as text (its WAL included)."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                yield from (str(v) for v in row if v is not None)
    finally:
        conn.close()


def leaks(password: str, codes: list[str], *roots: Path) -> list[str]:
    """Where the password or a code appears in any file under the folders (none: `[]`)."""
    needles = forms(password)
    # in raw bytes a code (digits) counts only where no digit nor a decimal point touches it,
    # so that the timestamps and sizes of a trace cannot look like one
    patterns = [re.compile(rb"(?<![0-9.])" + c.encode() + rb"(?![0-9])") for c in codes]
    found: list[str] = []
    files = [p for root in roots for p in sorted(root.rglob("*")) if p.is_file()]
    assert files, f"nothing to read under {roots}"
    for path in files:
        data = path.read_bytes()
        for name, content in _contents(str(path), data):
            found += [f"{name}: password {n!r}" for n in needles if n in content]
            found += [f"{name}: code {p.pattern!r}" for p in patterns if p.search(content)]
        if data.startswith(b"SQLite format 3\x00"):
            for value in _values(path):
                if password in value or value in codes:
                    found.append(f"{path}: a value of the database: {value[:40]!r}")
    return found
