"""No password and no SMS code is written to any file: the run folder, its trace, the portal's data.

Each run logs in with an SMS code; every byte of every file is then read, zip members (the trace's
actions, DOM snapshots and network bodies) included, for the secret in each form it could take.
"""

from __future__ import annotations

import json
import re
import shlex
import sys
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page

from autofill.browser.context import BrowserOptions
from autofill.errors import FieldNotSet
from autofill.flow import run_application
from autofill.flow.types import PortalAccess
from autofill.portal.login import LoginPage
from autofill.portal.texts import DEFAULT_TEXTS
from autofill.rehearsal.citizens import REHEARSAL_PASSWORD
from autofill.rehearsal.embedded import embedded_portal
from mock_portal.server import start_in_thread
from mock_portal.settings import PortalSettings
from tests.conftest import MockPortal
from tests.e2e.run_support import Cli, Recorder, citizen, context, copy_example, in_thread
from tests.leaks import leaks

pytestmark = pytest.mark.e2e

#: quotes, an ampersand, angle brackets and a Chinese character: each encoding differs
SECRET_PASSWORD = 'S3cret "门" &<pw>!'
PHONE = "13800138000"


def _stretches(trace: Path) -> dict[str, str]:
    """The recorded stretches of a trace (one `.trace` entry each): name → its events."""
    with zipfile.ZipFile(trace) as archive:
        return {
            n: archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".trace")
        }


def _code_command(url: str, codes_file: Path) -> str:
    """An `--sms-code-command` that reads the code from the mock and notes it for the test."""
    script = (
        "import httpx; "
        f"code = httpx.get({url + '/__mock__/sms'!r}, params={{'phone': {PHONE!r}}}).json()['code']; "
        f"open({str(codes_file)!r}, 'a').write(code + '\\n'); print(code)"
    )
    return shlex.join([sys.executable, "-c", script])


@pytest.fixture
def own_portal(tmp_path: Path) -> Iterator[tuple[MockPortal, Path]]:
    """A mock portal of this test's own, its database and uploads in a folder the test reads."""
    data = tmp_path / "portal-data"
    server = start_in_thread(PortalSettings(port=0, db=data / "portal.db"))
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            yield MockPortal(server.url, server, client), data
    finally:
        server.stop()


def test_a_run_with_sms_login_writes_neither_password_nor_code(
    own_portal: tuple[MockPortal, Path], tmp_path: Path
) -> None:
    portal, data = own_portal
    portal.add_citizen(citizen(password=SECRET_PASSWORD))
    portal.faults(sms_login=True)
    profile = copy_example(tmp_path / "applicant")
    cli = Cli(portal, tmp_path / "runs", password=SECRET_PASSWORD)
    codes_file = tmp_path / "codes.txt"
    command = _code_command(portal.url, codes_file)

    done = cli("run", str(profile), "--sms-code-command", command)
    assert done.returncode == 5, done.stderr
    found = re.search(r"运行编号：(\d{8}-\d{6}-0123)", done.stderr)
    assert found, done.stderr
    folder = cli.runs_dir / found.group(1)
    codes = codes_file.read_text().split()
    assert len(codes) == 1
    assert leaks(SECRET_PASSWORD, codes, cli.runs_dir, data) == []
    # the trace still shows the run after the login: the form filled, "下一步" pressed
    stretches = _stretches(folder / "trace.zip")
    assert sorted(stretches) == ["trace-0.trace", "trace.trace"]
    assert "下一步" in stretches["trace.trace"]


def test_a_relogin_after_an_expired_session_on_the_embedded_portal_is_not_recorded_either(
    tmp_path: Path,
) -> None:
    profile = copy_example(tmp_path / "applicant")
    runs = tmp_path / "runs"
    codes: list[str] = []
    portal_url: list[str] = []

    @contextmanager
    def connect(applicant: Any) -> Iterator[PortalAccess]:
        faults = {"sms_login": True, "session_ttl_s": 600}
        with embedded_portal(runs, applicant, faults=faults) as access:
            portal_url.append(access.url)
            ask = access.credentials.sms_code
            assert ask is not None

            def code() -> str:
                codes.append(ask())
                return codes[-1]

            access.credentials.sms_code = code
            yield access

    def expire() -> None:
        answer = httpx.post(f"{portal_url[0]}/__mock__/clock", json={"advance_seconds": 900})
        answer.raise_for_status()

    ctx = context(runs, observer=Recorder(on_start={"fill_bank": expire}))
    ctx.browser = BrowserOptions(trace=True)
    result = in_thread(lambda: run_application(profile, ctx, connect))
    assert result.exit_code == 0, result.message
    assert result.folder is not None
    events = [
        json.loads(line)["event"]
        for line in (result.folder / "log.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert events.count("session_expired") == 1 and events.count("logged_in") == 2
    assert len(codes) == 2
    assert (runs / ".portal" / "portal.db").is_file()
    assert leaks(REHEARSAL_PASSWORD, codes, runs) == []
    # three stretches: before the first login, between the logins, after the second
    stretches = _stretches(result.folder / "trace.zip")
    assert sorted(stretches) == ["trace-0.trace", "trace-1.trace", "trace.trace"]
    assert "确认提交" in stretches["trace.trace"]


def test_a_password_box_that_shows_something_else_is_reported_without_the_password(
    page: Page,
) -> None:
    # a portal whose password box takes 8 characters: the box shows less than was typed, and
    # the message goes to run.json, log.jsonl and the console
    page.set_content(
        "<form><label for=u>证件号码/手机号</label><input id=u>"
        "<label for=p>密码</label><input id=p type=password maxlength=8>"
        "<button>登录</button></form>"
    )
    with pytest.raises(FieldNotSet) as caught:
        LoginPage(page, DEFAULT_TEXTS).log_in("310101199203154321", SECRET_PASSWORD, None)
    assert "“密码”填写后显示的内容与输入的不同" in caught.value.message
    # neither the password nor the part of it the box shows
    assert SECRET_PASSWORD[:8] not in caught.value.message
