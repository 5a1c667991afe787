"""`autofill portal serve` and `python -m mock_portal`: flags, the printed URL, bad flags."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.portal

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}


def test_serve_on_a_free_port_with_faults(tmp_path: Path) -> None:
    db = tmp_path / "portal.db"
    command = [
        sys.executable,
        "-m",
        "autofill",
        "portal",
        "serve",
        "--port",
        "0",
        "--db",
        str(db),
        "--seed",
        "3",
        "--latency-ms",
        "1,2",
        "--sms-login",
        "--policy",
        "national",
    ]
    with subprocess.Popen(
        command, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ) as proc:
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
            assert match, line
            url = match.group(0)
            page = httpx.get(url + "/login", timeout=10).text
            assert "短信验证码" in page
            faults = httpx.get(url + "/__mock__/faults").json()
            assert faults["seed"] == 3 and faults["latency_ms"] == [1, 2] and faults["sms_login"]
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    assert db.exists() and (tmp_path / "portal-files" / "files").is_dir()


@pytest.mark.parametrize(
    "command",
    [
        ["-m", "autofill", "portal", "serve", "--layout", "retro"],
        ["-m", "mock_portal", "--error-rate", "1.5"],
        ["-m", "mock_portal", "--latency-ms", "30,10"],
    ],
)
def test_bad_flag_exits_2_naming_it(command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, *command], env=ENV, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    flag = next(c for c in command if c.startswith("--"))
    assert flag in result.stderr


@pytest.mark.parametrize(
    "entry", [["-m", "autofill", "portal", "serve"], ["-m", "mock_portal"]], ids=["cli", "module"]
)
def test_serve_with_captcha_and_sso_prints_both_sites(entry: list[str]) -> None:
    command = [sys.executable, *entry, "--port", "0", "--captcha", "--sso"]
    with subprocess.Popen(
        command, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ) as proc:
        try:
            assert proc.stdout is not None
            portal = re.search(r"http://127\.0\.0\.1:\d+", proc.stdout.readline())
            sso = re.search(r"SSO site on (http://127\.0\.0\.1:\d+)", proc.stdout.readline())
            assert portal and sso and sso.group(1) != portal.group(0)
            page = httpx.get(portal.group(0) + "/login", follow_redirects=True, timeout=10)
            assert str(page.url).startswith(sso.group(1))
            assert "统一身份认证平台" in page.text and "图形验证码" in page.text
            assert httpx.get(portal.group(0) + "/__mock__/faults").json()["captcha"] is True
        finally:
            proc.terminate()
            proc.wait(timeout=10)
