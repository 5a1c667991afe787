"""Kept portal sessions: one private file per portal and account, and damaged files ignored."""

from __future__ import annotations

import json
import logging
import stat
from pathlib import Path

import pytest

from autofill.kept_sessions import KeptSession, session_files

STATE = {
    "cookies": [
        {
            "name": "portal_session",
            "value": "abc",
            "domain": "127.0.0.1",
            "path": "/",
            "expires": -1,
            "httpOnly": True,
            "secure": False,
            "sameSite": "Lax",
        }
    ],
    "origins": [],
}
ID = "310101199203154321"


def test_one_private_file_per_portal_and_account(tmp_path: Path) -> None:
    a = KeptSession.of(tmp_path, "http://127.0.0.1:8000/", ID)
    same = KeptSession.of(tmp_path, "HTTP://127.0.0.1:8000/services", ID.lower())
    other_port = KeptSession.of(tmp_path, "http://127.0.0.1:8001/", ID)
    other_person = KeptSession.of(tmp_path, "http://127.0.0.1:8000/", "310101199001011237")
    assert a.path == same.path
    assert len({a.path, other_port.path, other_person.path}) == 3
    a.save(STATE)
    assert stat.S_IMODE(a.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(a.path.parent.stat().st_mode) == 0o700
    assert ID not in a.path.name and ID not in a.path.read_text(encoding="utf-8")
    assert a.load() == STATE and other_port.load() is None
    assert session_files(tmp_path) == [a.path]
    assert a.remove() and not a.remove() and session_files(tmp_path) == []


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b'{"format": 1, "portal": "http://127.0.0.1:8000", "storage_state": {"cookies": [{"na',
        b"\xff\xfe\x00garbage",
        b'{"format": 1, "portal": "http://127.0.0.1:8000", "storage_state": {"cookies": "x"}}',
        b'{"format": 1, "portal": "http://evil.example", "storage_state": {"cookies": []}}',
        b"[1, 2, 3]",
    ],
    ids=["empty", "truncated", "not_utf8", "cookies_not_a_list", "another_portal", "a_list"],
)
def test_a_damaged_file_is_ignored_with_a_warning_naming_it(
    damage: bytes, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    kept = KeptSession.of(tmp_path, "http://127.0.0.1:8000", ID)
    kept.save(STATE)
    kept.path.write_bytes(damage)
    with caplog.at_level(logging.WARNING, logger="autofill"):
        assert kept.load() is None
    assert "会话文件已损坏或不属于该门户，已忽略" in caplog.text and str(kept.path) in caplog.text
    kept.save(STATE)  # the fresh login's state replaces it
    assert json.loads(kept.path.read_text(encoding="utf-8"))["storage_state"] == STATE
