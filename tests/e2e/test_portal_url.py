"""`--portal-url` pointing somewhere that is not the portal: exit 4 or 6 in bounded time, never 1.

Small local servers stand in for the wrong address: a plain page, a 500, a server that accepts
connections and never answers. The in-process runs shorten the timeouts (module constants of
`autofill.session`); one CLI run keeps the defaults, and the defaults' worst case is computed.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

import autofill.session as session
from autofill.browser.find import sandbox_decision
from autofill.flow import run_application
from autofill.flow.types import PortalAccess
from autofill.retry import RetryPolicy
from autofill.session import Credentials
from tests.e2e.run_support import ROOT, context, copy_example, in_thread

pytestmark = pytest.mark.e2e


def _handler(status: int, body: str) -> type[BaseHTTPRequestHandler]:
    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    return Page


@contextmanager
def serving(status: int, body: str) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(status, body))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def silent_server() -> Iterator[str]:
    """Accepts every connection and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/"
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()


PLAIN = "<html><head><title>It works</title></head><body><h1>It works!</h1></body></html>"
ERROR = "<html><body><h1>500 Internal Server Error</h1></body></html>"


@pytest.fixture
def short_timeouts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(session, "LOGIN_PAGE_TIMEOUT_MS", 2_000)
    monkeypatch.setattr(session, "FIRST_CONTACT_TIMEOUT_MS", 2_000)
    monkeypatch.setattr(
        session,
        "FIRST_CONTACT",
        RetryPolicy(
            "first_contact", attempts=8, initial_s=0.1, max_wait_s=0.2, jitter_s=0, deadline_s=3
        ),
    )


def _run_against(url: str, tmp_path: Path) -> tuple[int, str, float]:
    profile = copy_example(tmp_path)

    @contextmanager
    def connect(applicant: Any) -> Iterator[PortalAccess]:
        yield PortalAccess(
            url=url,
            credentials=Credentials(applicant.applicant.id_number, "unused", None),
            embedded=False,
        )

    started = time.monotonic()
    result = in_thread(lambda: run_application(profile, context(tmp_path / "runs"), connect))
    return result.exit_code, result.message, time.monotonic() - started


NOT_THE_PORTAL: list[Any] = [
    pytest.param(lambda: serving(200, PLAIN), id="plain-page"),
    pytest.param(lambda: serving(500, ERROR), id="server-error"),
    pytest.param(lambda: _fixed("data:text/html,<h1>hello</h1>"), id="data-url"),
    pytest.param(lambda: _fixed("about:blank"), id="about-blank"),
]


@contextmanager
def _fixed(url: str) -> Iterator[str]:
    yield url


@pytest.mark.parametrize("where", NOT_THE_PORTAL)
def test_a_page_that_is_not_the_portal_is_exit_4_naming_the_login_page(
    tmp_path: Path, short_timeouts: None, where: Callable[[], Any]
) -> None:
    with where() as url:
        code, message, took = _run_against(url, tmp_path)
    assert code == 4, message
    assert "用户登录" in message and "证件号码/手机号" in message, message
    assert took < 30, took
    # the run's log says whether Chromium ran in its sandbox, and why
    (log,) = (tmp_path / "runs").glob("*/log.jsonl")
    events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    browser = next(e for e in events if e["event"] == "browser")
    assert browser["sandbox"] is sandbox_decision().sandboxed and browser["reason"]


def test_a_server_that_never_answers_is_exit_6(tmp_path: Path, short_timeouts: None) -> None:
    with silent_server() as url:
        code, message, took = _run_against(url, tmp_path)
    assert code == 6, message
    assert took < 30, took


def test_the_default_timeouts_stay_within_the_promised_bounds() -> None:
    # not the portal: the first page answers, then the login page is awaited once
    assert session.LOGIN_PAGE_TIMEOUT_MS / 1000 <= 20
    # no answer: the last attempt starts before the policy's deadline and lasts one timeout
    worst = session.FIRST_CONTACT.deadline_s + session.FIRST_CONTACT_TIMEOUT_MS / 1000
    assert worst <= 55


def test_the_cli_with_default_timeouts_says_not_the_portal_within_30_s(tmp_path: Path) -> None:
    profile = copy_example(tmp_path)
    with serving(200, PLAIN) as url:
        started = time.monotonic()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "autofill",
                "run",
                str(profile),
                "--json",
                "--portal-url",
                url,
                "--runs-dir",
                str(tmp_path / "runs"),
                "--no-trace",
            ],
            cwd=ROOT,
            env={**os.environ, "AUTOFILL_PASSWORD": "unused", "AUTOFILL_RUNS_DIR": ""},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        took = time.monotonic() - started
    assert done.returncode == 4, (done.stdout, done.stderr)
    assert "用户登录" in json.loads(done.stdout)["message"]
    assert took < 35, took
