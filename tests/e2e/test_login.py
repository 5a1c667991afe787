"""Logging in: by the tool, or by a person (captcha, QR, SSO), and the session kept between commands."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, Playwright

from autofill.kept_sessions import session_files
from mock_portal.server import PortalServer, start_in_thread
from mock_portal.settings import PortalSettings
from tests.conftest import MockPortal
from tests.e2e.run_support import ID_NUMBER, PASSWORD, ROOT, copy_example

pytestmark = pytest.mark.e2e

#: the line the tool prints once the person's window is open
ASKS_PERSON = "请在刚打开的浏览器窗口中登录门户"


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "applicant")


def _env(runs_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        "AUTOFILL_RUNS_DIR": str(runs_dir),
        "AUTOFILL_PASSWORD": PASSWORD,
        "COLUMNS": "200",
        **extra,
    }
    return env


def autofill(
    runs_dir: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "autofill", *args],
        cwd=ROOT,
        env=env or _env(runs_dir),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def _answer(done: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert done.stdout.strip(), done.stderr
    answer: dict[str, Any] = json.loads(done.stdout)
    return answer


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def person_window(
    playwright: Playwright, runs_dir: Path, *args: str
) -> Iterator[tuple[Page, subprocess.Popen[str]]]:
    """Runs `autofill ARGS --login manual` and yields the page of the window it opened for the person.

    The window is headless here (no display): the tool's test seam gives it a DevTools port, and
    the test, as the person, works in that very page.
    """
    port = _free_port()
    env = _env(runs_dir, AUTOFILL_LOGIN_BROWSER_CDP_PORT=str(port))
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    argv = [sys.executable, "-m", "autofill", *args, "--login", "manual", "--json"]
    with subprocess.Popen(
        argv,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        assert proc.stderr is not None
        seen = []
        for line in proc.stderr:
            seen.append(line)
            if ASKS_PERSON in line:
                break
        else:
            raise AssertionError("the tool never asked the person:\n" + "".join(seen))
        browser = playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{port}")
        try:
            [context] = browser.contexts
            [page] = context.pages
            yield page, proc
        finally:
            browser.close()
            if proc.poll() is None:
                proc.wait(timeout=240)


def type_like_a_person(page: Page, portal_url: str, heading: str = "用户登录") -> None:
    """What the person does: reads the picture (here: asks the mock) and logs in."""
    import httpx

    page.get_by_role("heading", name=heading).wait_for()
    captcha_id = page.locator("input[name=captcha_id]").input_value()
    answer = httpx.get(f"{portal_url}/__mock__/captcha", params={"id": captcha_id}).json()["answer"]
    page.get_by_label("证件号码/手机号").fill(ID_NUMBER)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_label("图形验证码").fill(answer)
    page.get_by_role("button", name="登录", exact=True).click()


def _stdout_of(proc: subprocess.Popen[str]) -> dict[str, Any]:
    assert proc.stdout is not None
    proc.wait(timeout=240)
    answer: dict[str, Any] = json.loads(proc.stdout.read())
    return answer


def test_auto_login_stops_at_a_captcha_with_exit_5_and_never_guesses(
    portal: MockPortal, profile: Path, tmp_path: Path
) -> None:
    portal.faults(captcha=True)
    done = autofill(tmp_path / "runs", "run", str(profile), "--portal-url", portal.url)
    assert done.returncode == 5, done.stderr
    assert "图形验证码" in done.stderr and "--login manual" in done.stderr
    assert portal.stats()["login_posts"] == 0  # not one guess
    assert portal.cases() == []


def test_manual_login_through_the_captcha_then_the_tool_reaches_the_preview(
    playwright: Playwright, portal: MockPortal, profile: Path, tmp_path: Path
) -> None:
    portal.faults(captcha=True)
    runs = tmp_path / "runs"
    with person_window(playwright, runs, "run", str(profile), "--portal-url", portal.url) as (
        page,
        proc,
    ):
        caption = page.locator("#autofill-login-caption")
        assert "请在本窗口完成登录" in caption.inner_text()
        type_like_a_person(page, portal.url)
        result = _stdout_of(proc)
    assert proc.returncode == 5, result
    assert result["state"] == "previewed" and result["digest"]
    assert portal.stats()["login_posts"] == 1
    [draft] = portal.cases()
    assert draft["status"] == "草稿"


def test_manual_login_without_a_display_is_exit_2_before_anything_starts(
    profile: Path, tmp_path: Path, portal: MockPortal
) -> None:
    runs = tmp_path / "runs"
    env = _env(runs)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "AUTOFILL_LOGIN_BROWSER_CDP_PORT"):
        env.pop(name, None)
    done = autofill(
        runs, "run", str(profile), "--portal-url", portal.url, "--login", "manual", env=env
    )
    assert done.returncode == 2, done.stderr
    assert "--login manual 需要显示器" in done.stderr and "DISPLAY" in done.stderr
    assert not runs.exists() or not any(runs.iterdir())
    assert portal.stats()["login_posts"] == 0


def test_a_bad_login_mode_is_exit_2_naming_the_flag(profile: Path, tmp_path: Path) -> None:
    done = autofill(tmp_path / "runs", "run", str(profile), "--login", "robot")
    assert done.returncode == 2 and "--login 只能是 auto 或 manual" in done.stderr


@pytest.fixture
def sso_portal() -> Iterator[PortalServer]:
    with start_in_thread(PortalSettings(port=0, sso=True, captcha=True)) as server:
        yield server


def _provision(server: PortalServer) -> None:
    import httpx

    from tests.e2e.run_support import citizen

    answer = httpx.post(f"{server.url}/__mock__/citizens", json=citizen())
    assert answer.status_code == 201, answer.text


def test_auto_login_stops_at_a_sign_on_page_of_another_site(
    sso_portal: PortalServer, profile: Path, tmp_path: Path
) -> None:
    _provision(sso_portal)
    done = autofill(tmp_path / "runs", "run", str(profile), "--portal-url", sso_portal.url)
    assert done.returncode == 5, done.stderr
    assert "统一身份认证页面" in done.stderr and "--login manual" in done.stderr
    assert sso_portal.portal.humans.stats["sso_login_posts"] == 0


def test_a_person_logs_in_on_the_sso_site_and_the_run_goes_on_with_the_portals_session(
    playwright: Playwright, sso_portal: PortalServer, profile: Path, tmp_path: Path
) -> None:
    _provision(sso_portal)
    runs = tmp_path / "runs"
    argv = ("run", str(profile), "--portal-url", sso_portal.url)
    with person_window(playwright, runs, *argv) as (page, proc):
        assert sso_portal.sso_url and page.url.startswith(sso_portal.sso_url)
        type_like_a_person(page, sso_portal.url, heading="统一身份认证平台")
        result = _stdout_of(proc)
    assert proc.returncode == 5 and result["state"] == "previewed", result
    stats = sso_portal.portal.humans.stats
    assert stats["sso_login_posts"] == 1 and stats["tickets_used"] == 1


def test_a_person_scans_the_qr_code_and_the_run_goes_on(
    playwright: Playwright, portal: MockPortal, profile: Path, tmp_path: Path
) -> None:
    runs = tmp_path / "runs"
    argv = ("run", str(profile), "--portal-url", portal.url)
    with person_window(playwright, runs, *argv) as (page, proc):
        page.get_by_text("请使用随申办APP扫码登录").wait_for()
        token = page.locator("[data-qr-state]").get_attribute("data-qr-state")
        assert token
        # the person's phone: the 随申办 app approves this very code
        portal.approve_qr(ID_NUMBER, token.split("/")[-2])
        result = _stdout_of(proc)
    assert proc.returncode == 5 and result["state"] == "previewed", result
    assert portal.stats()["login_posts"] == 0


def test_nobody_logs_in_in_time_is_exit_5_saying_so(
    playwright: Playwright, portal: MockPortal, profile: Path, tmp_path: Path
) -> None:
    portal.faults(captcha=True)
    argv = ("run", str(profile), "--portal-url", portal.url, "--login-timeout", "1")
    with person_window(playwright, tmp_path / "runs", *argv) as (_page, proc):
        result = _stdout_of(proc)
    assert proc.returncode == 5
    assert "等待人工登录超时（1 秒）" in result["message"]
    assert portal.cases() == []


def _all_file_text(folder: Path) -> str:
    """Every file under `folder` as text, zip members (traces) included."""
    import zipfile

    parts = []
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                parts += [archive.read(n).decode("utf-8", "replace") for n in archive.namelist()]
        else:
            parts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(parts)


def test_one_login_serves_run_submit_and_status_without_another_login(
    portal: MockPortal, profile: Path, tmp_path: Path
) -> None:
    runs = tmp_path / "runs"
    url = ("--portal-url", portal.url)
    logged = autofill(runs, "login", str(profile), *url, "--json")
    assert logged.returncode == 0, logged.stderr
    [kept] = session_files(runs)
    assert _answer(logged)["session_file"] == str(kept)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert stat.S_IMODE(kept.parent.stat().st_mode) == 0o700
    assert portal.stats()["login_posts"] == 1

    ran = autofill(runs, "run", str(profile), *url, "--json")
    result = _answer(ran)
    assert ran.returncode == 5 and result["state"] == "previewed", ran.stderr
    assert "沿用已保存的登录会话" in ran.stderr
    submitted = autofill(
        runs, "submit", result["run_id"], "--digest", result["digest"], *url, "--json"
    )
    assert submitted.returncode == 0, submitted.stderr
    status = autofill(runs, "status", result["run_id"], *url, "--json")
    assert status.returncode == 0 and _answer(status)["status"] == "待审核", status.stderr
    # one login for the whole cycle: the portal saw no other login form posted
    assert portal.stats()["login_posts"] == 1
    everything = _all_file_text(runs)
    assert PASSWORD not in everything
    assert ID_NUMBER not in kept.read_text(encoding="utf-8")


def test_an_expired_session_falls_back_to_a_login_and_is_kept_again(
    portal: MockPortal, profile: Path, tmp_path: Path
) -> None:
    runs = tmp_path / "runs"
    url = ("--portal-url", portal.url)
    assert autofill(runs, "login", str(profile), *url).returncode == 0
    [kept] = session_files(runs)
    before = kept.read_text(encoding="utf-8")
    portal.faults(session_ttl_s=600)
    portal.clock(advance_seconds=3600)
    ran = autofill(runs, "run", str(profile), *url, "--json")
    assert ran.returncode == 5 and _answer(ran)["state"] == "previewed", ran.stderr
    assert "沿用已保存的登录会话" not in ran.stderr
    assert portal.stats()["login_posts"] == 2
    assert kept.read_text(encoding="utf-8") != before


@pytest.mark.parametrize("damage", ["truncated", "tampered", "refused_cookie", "not_json"])
def test_a_damaged_session_file_is_ignored_with_a_warning_and_a_fresh_login(
    damage: str, portal: MockPortal, profile: Path, tmp_path: Path
) -> None:
    runs = tmp_path / "runs"
    url = ("--portal-url", portal.url)
    assert autofill(runs, "login", str(profile), *url).returncode == 0
    [kept] = session_files(runs)
    text = kept.read_text(encoding="utf-8")
    if damage == "truncated":
        kept.write_text(text[: len(text) // 2], encoding="utf-8")
    elif damage == "tampered":
        data = json.loads(text)
        data["storage_state"]["cookies"] = [{"name": "portal_session"}]
        kept.write_text(json.dumps(data), encoding="utf-8")
    elif damage == "refused_cookie":
        data = json.loads(text)
        data["storage_state"]["cookies"][0]["sameSite"] = "Sideways"
        kept.write_text(json.dumps(data), encoding="utf-8")
    else:
        kept.write_bytes(b"\x00\xff not a session")
    ran = autofill(runs, "run", str(profile), *url, "--json")
    assert ran.returncode == 5 and _answer(ran)["state"] == "previewed", ran.stderr
    assert "会话文件已损坏或不属于该门户，已忽略" in ran.stderr
    assert "Traceback" not in ran.stderr
    assert portal.stats()["login_posts"] == 2
    json.loads(kept.read_text(encoding="utf-8"))  # replaced by the fresh login's


def test_logout_removes_the_kept_session_and_the_next_command_logs_in(
    portal: MockPortal, profile: Path, tmp_path: Path
) -> None:
    runs = tmp_path / "runs"
    url = ("--portal-url", portal.url)
    assert autofill(runs, "login", str(profile), *url).returncode == 0
    assert autofill(runs, "login", str(profile), *url).returncode == 0
    assert portal.stats()["login_posts"] == 1  # the second found the session alive
    out = autofill(runs, "logout", str(profile), *url, "--json")
    assert out.returncode == 0 and len(_answer(out)["removed"]) == 1
    assert session_files(runs) == []
    assert autofill(runs, "login", str(profile), *url).returncode == 0
    assert portal.stats()["login_posts"] == 2
    everything = autofill(runs, "logout", "--all", "--json")
    assert everything.returncode == 0 and len(_answer(everything)["removed"]) == 1
    assert session_files(runs) == []
    bad = autofill(runs, "logout")
    assert bad.returncode == 2 and "--all" in bad.stderr
