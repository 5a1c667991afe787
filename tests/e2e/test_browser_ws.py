"""`--browser-ws`: runs in browsers of Playwright browser servers instead of a local Chromium."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from autofill.browser.find import chinese_ui_env, find_browser
from benchmarks import people
from benchmarks.mockserver import free_port
from tests.conftest import MockPortal

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def servers() -> Iterator[list[str]]:
    """Two `playwright run-server`s on this machine, each told which Chromium to launch."""
    options = quote(json.dumps({"executablePath": str(find_browser())}))
    started: list[subprocess.Popen[str]] = []
    urls: list[str] = []
    try:
        for _ in range(2):
            server = subprocess.Popen(
                [sys.executable, "-m", "playwright", "run-server", "--port", "0", "--unsafe"],
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                env=chinese_ui_env(),
                start_new_session=True,  # its driver (node) goes with it at the end
            )
            started.append(server)
            assert server.stdout is not None
            line = server.stdout.readline()  # "Listening on ws://127.0.0.1:PORT/"
            assert line.startswith("Listening on ws://"), line
            urls.append(f"{line.split()[-1]}?launch-options={options}")
        yield urls
    finally:
        for server in started:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
            if server.stdout is not None:
                server.stdout.close()


def autofill(*args: str, tmp_path: Path) -> tuple[int, dict[str, Any], str]:
    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        "AUTOFILL_PASSWORD": people.PASSWORD,
        "AUTOFILL_RUNS_DIR": str(tmp_path / "runs"),
        # no browser here: whatever ran, ran in the servers' browsers
        "AUTOFILL_BROWSER": str(tmp_path / "no-such-chromium"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "autofill", *args, "--json", "--no-trace"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    return done.returncode, json.loads(done.stdout), done.stderr


def test_a_batch_spreads_its_applicants_over_two_browser_servers(
    tmp_path: Path, portal: MockPortal, servers: list[str]
) -> None:
    folder = tmp_path / "class"
    people.write_profiles(folder, range(1, 3))
    for index in range(1, 3):
        portal.add_citizen(people.citizen(people.person(index)))
    code, answer, _ = autofill(
        "batch",
        str(folder),
        "--portal-url",
        portal.url,
        "--browser-ws",
        servers[0],
        "--browser-ws",
        servers[1],
        tmp_path=tmp_path,
    )
    failed = [(a["profile"], a["message"], a["errors"]) for a in answer["applicants"]]
    assert code == 5, failed
    assert answer["counts"]["waiting"] == 2
    # one applicant in each server's browser
    shown = [s.split("?")[0] for s in servers]
    assert answer["browsers"] == [
        {"browser": shown[0], "applicants": 1},
        {"browser": shown[1], "applicants": 1},
    ]
    drafts = [c for c in portal.cases() if c["status"] == "草稿"]
    assert len(drafts) == 2


def test_a_run_goes_to_its_preview_in_a_remote_browser(tmp_path: Path, servers: list[str]) -> None:
    code, answer, _ = autofill(
        "run",
        str(ROOT / "examples" / "profile.json"),
        "--browser-ws",
        servers[0],
        tmp_path=tmp_path,
    )
    assert code == 5, answer
    assert answer["state"] == "previewed" and len(answer["digest"]) == 12


@pytest.mark.parametrize("command", ["batch", "run"])
def test_a_dead_browser_server_is_bad_input_before_anything_is_written(
    tmp_path: Path, command: str
) -> None:
    folder = tmp_path / "class"
    people.write_profiles(folder, range(1, 3))
    target = str(folder) if command == "batch" else str(folder / "applicant-0001.json")
    dead = f"ws://127.0.0.1:{free_port()}/"
    code, answer, _ = autofill(command, target, "--browser-ws", dead, tmp_path=tmp_path)
    assert code == 2, answer
    assert f"无法连接远程浏览器 {dead}" in answer["message"]
    assert answer["errors"][0]["path"] == "--browser-ws"
    runs = tmp_path / "runs"
    assert not runs.exists() or not any(runs.iterdir())
