"""Portal sessions kept between commands, so that a person logs in once for run, submit, status, amend.

One private file per portal and account: `RUNS_DIR/.sessions/<hash>.json` (folder 0700, file
0600), holding Playwright's storage state (cookies and local storage) and nothing else of the
login: never the password, never an SMS code. The hash is of the portal's origin and the
account, so that the file's name tells nobody whose it is. A file that cannot be read (cut
short, edited, another format) is ignored with a warning and replaced after a fresh login.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from autofill.masking import mask_text
from autofill.messages import t
from autofill.runs import make_private_dir, now_iso, write_private

SESSIONS_DIR = ".sessions"
FORMAT = 1

log = logging.getLogger("autofill")


def origin_of(url: str) -> str:
    """`scheme://host:port` of a portal address, as a browser tells sites apart."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def sessions_dir(runs_dir: Path) -> Path:
    return runs_dir / SESSIONS_DIR


def session_path(runs_dir: Path, portal_url: str, account: str) -> Path:
    """Where the session of `account` on that portal is kept."""
    key = f"{origin_of(portal_url)}\n{account.strip().upper()}".encode()
    return sessions_dir(runs_dir) / f"{hashlib.sha256(key).hexdigest()[:32]}.json"


def session_files(runs_dir: Path) -> list[Path]:
    """Every kept session under the runs folder (for `autofill logout --all` and `runs purge`)."""
    folder = sessions_dir(runs_dir)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.json") if p.is_file())


@dataclass(frozen=True)
class KeptSession:
    """The session file of one portal and account."""

    path: Path
    portal: str
    account: str
    lang: str = "zh"

    @classmethod
    def of(cls, runs_dir: Path, portal_url: str, account: str, *, lang: str = "zh") -> KeptSession:
        path = session_path(runs_dir, portal_url, account)
        return cls(path, origin_of(portal_url), account, lang)

    def load(self) -> dict[str, Any] | None:
        """The storage state to open the portal with, or None (no file, or one not to trust)."""
        try:
            raw = self.path.read_bytes().decode("utf-8", errors="replace")
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning(
                "%s",
                t("kept_sessions.unreadable", self.lang, path=self.path, reason=exc.strerror),
            )
            return None
        state = _state_in(raw, self.portal)
        if state is None:
            self.warn_damaged()
        return state

    def warn_damaged(self) -> None:
        log.warning("%s", t("kept_sessions.damaged", self.lang, path=self.path))

    def save(self, storage_state: dict[str, Any]) -> None:
        """Keeps the storage state privately, written whole or not at all."""
        make_private_dir(self.path.parent)
        body = {
            "format": FORMAT,
            "portal": self.portal,
            "account": mask_text(self.account),
            "saved_at": now_iso(),
            "storage_state": {
                "cookies": list(storage_state.get("cookies", [])),
                "origins": list(storage_state.get("origins", [])),
            },
        }
        write_private(self.path, json.dumps(body, ensure_ascii=False).encode("utf-8"))

    def remove(self) -> bool:
        try:
            self.path.unlink()
            return True
        except FileNotFoundError:
            return False


def _state_in(raw: str, portal: str) -> dict[str, Any] | None:
    """The storage state of a kept file's text, if it is whole, ours, and of this portal."""
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("portal") != portal:
        return None
    state = data.get("storage_state")
    if not isinstance(state, dict):
        return None
    cookies, origins = state.get("cookies"), state.get("origins", [])
    if not isinstance(cookies, list) or not isinstance(origins, list):
        return None
    if not all(
        isinstance(c, dict) and {"name", "value", "domain", "path"} <= c.keys() for c in cookies
    ):
        return None
    return {"cookies": cookies, "origins": origins}
