"""`autofill doctor`'s machine checks on a machine that lacks one thing at a time (no browser is
launched: the lookups are stood in), and the portal map's coverage by the survey."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from autofill import doctor
from autofill.cli import app
from autofill.doctor import Check, Machine, Report, machine_checks, runs_dir_check
from autofill.errors import BrowserNotFound
from autofill.portal.survey import MAP_KEYS, covered_keys, expectations
from autofill.portal.texts import DEFAULT_TEXTS

FLAGS = ["--no-sandbox", "--disable-gpu"]


def _answer(stdout: str, code: int = 0) -> subprocess.CompletedProcess[str]:
    return subprocess.CompletedProcess([], code, stdout, "")


def _fake_run(argv: Sequence[str], timeout: float) -> subprocess.CompletedProcess[str]:
    if list(argv)[-1] == "--version":
        return _answer("Chromium 156.0.8078.108 built on Debian\n")
    return subprocess.run(list(argv), capture_output=True, text=True, timeout=timeout, check=False)


@pytest.fixture
def browser(tmp_path: Path) -> Path:
    """A browser binary with its Chinese locale pack beside it, as Playwright's own has."""
    folder = tmp_path / "chrome-linux"
    (folder / "locales").mkdir(parents=True)
    (folder / "locales" / "zh-CN.pak").write_bytes(b"pak")
    exe = folder / "chrome"
    exe.write_bytes(b"\x7fELF")
    exe.chmod(0o755)
    return exe


def machine(browser: Path, **changes: Any) -> Machine:
    """A machine where everything is in order, but for `changes`."""
    launched: list[dict[str, Any]] = []
    base: dict[str, Any] = {
        "find_browser": lambda: browser,
        "launch_args": lambda: {
            "executable_path": str(browser),
            "args": list(FLAGS),
            "env": {"LANGUAGE": "zh_CN:zh", "LANG": "zh_CN.UTF-8"},
        },
        "run": _fake_run,
        "launch": launched.append,
        "euid": lambda: 0,
        "fc_list": ("printf", "Noto Sans CJK SC,Noto Sans CJK SC Regular\\n"),
        "locale_dirs": [],
    }
    base.update(changes)
    return Machine(**base)


def by_name(checks: list[Check]) -> dict[str, Check]:
    return {c.check: c for c in checks}


def test_a_ready_machine_passes_every_check(browser: Path, tmp_path: Path) -> None:
    checks = by_name(machine_checks(tmp_path / "runs", machine=machine(browser)))
    assert [c.level for c in checks.values()] == ["ok"] * 7
    assert checks["browser_version"].detail.startswith("Chromium 156")
    assert checks["locale_pack"].detail.startswith(str(browser.parent / "locales" / "zh-CN.pak"))
    assert "root" in checks["sandbox"].detail and "--no-sandbox" in checks["sandbox"].detail
    assert Report(list(checks.values())).exit_code == 0


def test_no_browser_is_exit_2_with_how_to_install_one(tmp_path: Path) -> None:
    def missing() -> Path:
        raise BrowserNotFound("未找到可用的 Chromium 浏览器。")

    def never(_: Any) -> None:
        raise AssertionError("nothing to launch")

    checks = machine_checks(
        tmp_path / "runs", machine=machine(tmp_path, find_browser=missing, launch=never)
    )
    found = by_name(checks)
    assert found["browser"].level == "fail"
    assert "apt-get install" in found["browser"].fix and "AUTOFILL_BROWSER" in found["browser"].fix
    assert "headless_launch" not in found  # nothing to launch
    report = Report(checks)
    assert report.exit_code == 2
    assert report.message == "本机尚未就绪：浏览器（按上面每行的“修复”处理）"


def test_a_browser_that_does_not_start_headless_fails_with_its_error(
    browser: Path, tmp_path: Path
) -> None:
    def crash(_: Any) -> None:
        raise RuntimeError("Browser closed.\nerror while loading shared libraries: libnss3.so")

    check = by_name(machine_checks(tmp_path / "r", machine=machine(browser, launch=crash)))[
        "headless_launch"
    ]
    assert check.level == "fail" and check.detail == "无界面启动失败：Browser closed."
    assert "apt-get install -y chromium" in check.fix


def test_an_unreadable_version_is_a_warning_not_a_failure(browser: Path, tmp_path: Path) -> None:
    def hangs(argv: Sequence[str], timeout: float) -> subprocess.CompletedProcess[str]:
        raise subprocess.TimeoutExpired(list(argv), timeout)

    checks = machine_checks(tmp_path / "r", machine=machine(browser, run=hangs, fc_list=("true",)))
    version = by_name(checks)["browser_version"]
    assert version.level == "warn" and "TimeoutExpired" in version.detail
    assert f"{browser} --version" in version.fix


ON = {"args": ["--disable-gpu"], "chromium_sandbox": True}


@pytest.mark.parametrize(
    ("euid", "launch", "level", "says"),
    [
        (0, {"args": FLAGS}, "ok", "当前以 root 运行"),
        (1000, {"args": FLAGS}, "warn", "而当前不是 root"),
        # Playwright adds --no-sandbox itself unless chromium_sandbox is true
        (0, {"args": ["--disable-gpu"], "chromium_sandbox": False}, "ok", "当前以 root 运行"),
        (1000, {"args": ["--disable-gpu"]}, "warn", "而当前不是 root"),
        (0, ON, "fail", "Chromium 会拒绝启动"),
        (1000, ON, "ok", "已开启"),
    ],
)
def test_the_sandbox_is_read_from_the_tools_own_launch_arguments(
    browser: Path, tmp_path: Path, euid: int, launch: dict[str, Any], level: str, says: str
) -> None:
    fake = machine(browser, euid=lambda: euid, launch_args=lambda: {**launch, "env": {}})
    check = by_name(machine_checks(tmp_path / "r", machine=fake))["sandbox"]
    assert check.level == level and says in check.detail


def test_no_cjk_font_fails_with_the_package_to_install(browser: Path, tmp_path: Path) -> None:
    # fc-list :lang=zh prints nothing on a machine without CJK fonts
    checks = by_name(machine_checks(tmp_path / "r", machine=machine(browser, fc_list=("true",))))
    assert checks["cjk_fonts"].level == "fail"
    assert "方框" in checks["cjk_fonts"].detail and "fonts-noto-cjk" in checks["cjk_fonts"].fix
    assert Report(list(checks.values())).exit_code == 2


def test_without_fc_list_the_font_check_fails_and_says_so(browser: Path, tmp_path: Path) -> None:
    fake = machine(browser, fc_list=(str(tmp_path / "no-fc-list"), ":lang=zh"))
    check = by_name(machine_checks(tmp_path / "r", machine=fake))["cjk_fonts"]
    assert check.level == "fail" and "无法运行" in check.detail and "fontconfig" in check.fix


def test_a_missing_locale_pack_is_a_warning_naming_where_it_looked(tmp_path: Path) -> None:
    # Debian's /usr/bin/chromium is a launcher script: the pack is beside the binary it starts
    launcher = tmp_path / "bin" / "chromium"
    launcher.parent.mkdir()
    launcher.write_text('#!/bin/sh\nexec /usr/lib/chromium/chromium "$@"\n')
    launcher.chmod(0o755)
    lib = tmp_path / "lib-chromium"
    lib.mkdir()
    fake = machine(launcher, locale_dirs=[lib])
    checks = by_name(machine_checks(tmp_path / "r", machine=fake))
    pack = checks["locale_pack"]
    assert pack.level == "warn" and str(lib / "locales" / "zh-CN.pak") in pack.detail
    assert "Choose File" in pack.detail and "chromium-l10n" in pack.fix
    assert Report(list(checks.values())).exit_code == 0  # a warning lets the machine pass

    (lib / "locales").mkdir()
    (lib / "locales" / "zh-CN.pak").write_bytes(b"pak")
    assert by_name(machine_checks(tmp_path / "r", machine=fake))["locale_pack"].level == "ok"


def test_a_runs_folder_others_can_read_fails_with_chmod(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    runs.mkdir(mode=0o755)
    runs.chmod(0o755)
    check = runs_dir_check(runs)
    assert check.level == "fail" and "0755" in check.detail
    assert check.fix == f"chmod 700 {runs}"
    runs.chmod(0o700)
    assert runs_dir_check(runs).level == "ok"


def test_a_runs_folder_that_is_a_file_fails(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    runs.write_text("not a folder")
    check = runs_dir_check(runs, "en")
    assert check.level == "fail" and check.detail == f"{runs} is a file, not a folder"
    assert "--runs-dir" in check.fix


def test_a_runs_folder_yet_to_be_made_passes_without_being_made(tmp_path: Path) -> None:
    runs = tmp_path / "a" / "runs"
    check = runs_dir_check(runs)
    assert check.level == "ok" and "首次运行时以权限 0700 创建" in check.detail
    assert not (tmp_path / "a").exists()


def test_the_command_prints_each_check_with_its_fix(
    browser: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(doctor, "Machine", lambda: machine(browser, fc_list=("true",)))
    runs = tmp_path / "runs"
    runs.mkdir()
    runs.chmod(0o750)
    human = CliRunner().invoke(app, ["doctor", "--runs-dir", str(runs)])
    assert human.exit_code == 2
    assert "✓ 浏览器：" in human.output and "✗ 中文字体：" in human.output
    assert f"修复：chmod 700 {runs}" in human.output
    assert "本机尚未就绪：中文字体、运行记录目录" in human.output

    english = CliRunner().invoke(app, ["doctor", "--runs-dir", str(runs), "--json", "--lang", "en"])
    assert english.exit_code == 2
    report = json.loads(english.stdout)
    assert report["exit_code"] == 2
    assert report["message"].startswith("this machine is not ready: CJK fonts, runs folder")
    fonts = next(c for c in report["checks"] if c["check"] == "cjk_fonts")
    assert set(fonts) >= {"check", "ok", "detail", "fix"} and fonts["ok"] is False
    assert "fonts-noto-cjk" in fonts["fix"]
    assert os.stat(runs).st_mode & 0o777 == 0o750  # the doctor only looks; it changes nothing


def test_every_text_of_the_portal_map_has_a_page_in_the_survey() -> None:
    assert covered_keys(DEFAULT_TEXTS) == MAP_KEYS
    keys = [x.key for x in expectations(DEFAULT_TEXTS)]
    assert len(keys) == len(set(keys))


def test_bad_flags_stop_before_any_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_machine() -> Machine:
        raise AssertionError("no check should run on bad input")

    monkeypatch.setattr(doctor, "Machine", no_machine)
    example = Path(__file__).resolve().parents[2] / "examples" / "profile.json"
    wrong = CliRunner().invoke(app, ["doctor", "--profile", str(example), "--layout", "wide"])
    assert wrong.exit_code == 2 and "--layout 只能是 classic 或 modern" in wrong.output
    alone = CliRunner().invoke(app, ["doctor", "--portal-url", "https://example.org", "--json"])
    assert alone.exit_code == 2
    assert json.loads(alone.stdout)["message"].startswith("--portal-url 须与 --profile 同用")
