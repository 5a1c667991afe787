"""The running portal's state: settings, database, data folder, clock, faults, review policy, sessions."""

from __future__ import annotations

import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from mock_portal.accounts import load_fixtures
from mock_portal.clock import PortalClock
from mock_portal.db import Database
from mock_portal.faults import FaultState
from mock_portal.humans import HumanChecks
from mock_portal.rules import Policy, load_policy
from mock_portal.security import SessionStore
from mock_portal.settings import PortalSettings
from mock_portal.sms import SmsCodes
from mock_portal.traffic import Traffic


@dataclass
class ReviewPolicy:
    """How submitted cases move on: by hand (console or API), or automatically on the portal clock."""

    mode: str = "manual"  # manual | auto
    decision: str = "approve"  # approve | reject | return
    reason: str = ""
    after_seconds: tuple[int, ...] = field(default=(60, 300, 600))


class Portal:
    """One mock portal instance; `create_app` hangs it on `app.state.portal`."""

    def __init__(self, settings: PortalSettings) -> None:
        self.settings = settings
        if settings.db is None:
            self._tmp: str | None = tempfile.mkdtemp(prefix="mock-portal-")
            db_path = Path(self._tmp) / "portal.db"
        else:
            self._tmp = None
            db_path = settings.db.expanduser().resolve()
            db_path.parent.mkdir(parents=True, exist_ok=True)
        #: uploaded files and thumbnails live here, under generated names only
        self.data_dir = db_path.parent / f"{db_path.stem}-files"
        self.files_dir = self.data_dir / "files"
        self.thumbs_dir = self.data_dir / "thumbs"
        for folder in (self.files_dir, self.thumbs_dir):
            folder.mkdir(parents=True, exist_ok=True)
        self.db = Database(db_path)
        self.clock = PortalClock()
        self.faults = FaultState(settings)
        self.review = ReviewPolicy()
        self.sessions = SessionStore()
        #: SMS login codes: in memory only, never in the database
        self.sms = SmsCodes()
        #: captchas, QR codes and SSO tickets, and how many logins were asked for
        self.humans = HumanChecks()
        #: every request a client made (GET /__mock__/traffic): sessions at once, pages a minute
        self.traffic = Traffic(self._login_of)
        #: the 统一身份认证 site's address when started with `--sso` (set by the server)
        self.sso_url: str | None = None
        #: one lazy auto-review pass at a time, so that a move is never applied twice
        self.auto_review_lock = threading.Lock()
        if settings.load_fixtures and self.db.one("SELECT 1 FROM reviewers") is None:
            load_fixtures(self.db, self.clock.today())

    def _login_of(self, token: str) -> str | None:
        session = self.sessions.get(token)
        return session.kind if session is not None else None

    @property
    def policy(self) -> Policy:
        return load_policy(self.settings.policy)

    def reset(self) -> None:
        """Empties all state and loads the default fixtures (POST /__mock__/reset)."""
        self.db.wipe()
        for folder in (self.files_dir, self.thumbs_dir):
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True, exist_ok=True)
        self.sessions.clear()
        self.sms.clear()
        self.humans.clear()
        self.traffic.clear()
        self.clock.reset()
        self.faults.reset()
        self.review = ReviewPolicy()
        load_fixtures(self.db, self.clock.today())

    def close(self) -> None:
        self.db.close()
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
