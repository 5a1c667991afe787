"""Running `autofill run` against the session's mock portal: as a CLI process, or in-process.

In-process runs happen in a worker thread: Playwright's sync API refuses a thread where
pytest-playwright's own session loop is running.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from playwright.sync_api import Locator, Page

from autofill.browser.context import BrowserOptions
from autofill.flow.types import PortalAccess, RunContext, RunResult
from autofill.observer import NullObserver
from autofill.samples import example_profile
from autofill.session import Credentials
from tests.conftest import MockPortal

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
PASSWORD = "Passw0rd!"
ID_NUMBER = "310101199203154321"
T = TypeVar("T")


def copy_example(dest: Path, **changes: Any) -> Path:
    """The example profile (dated from Shanghai's today) and its documents under `dest`, with
    top-level sections changed."""
    import json

    shutil.copytree(EXAMPLES / "documents", dest / "documents", dirs_exist_ok=True)
    data = example_profile()
    for key, value in changes.items():
        data[key] = {**data[key], **value} if isinstance(value, dict) else value
    path = dest / "profile.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def citizen(**changes: Any) -> dict[str, Any]:
    """The example applicant as the mock's register knows them (dated from Shanghai's today,
    as `copy_example` is), with fields changed."""
    example = example_profile()
    base: dict[str, Any] = {
        "name": "王示例",
        "id_number": ID_NUMBER,
        "phone": "13800138000",
        "password": PASSWORD,
        "auth_level": "advanced",
        "hukou": "shanghai",
        "social_insurance": {
            "scheme": "employee",
            "status": "paying",
            "unemployment_insurance_months": 36,
        },
        "establishment_staff": False,
        "certificates": [
            {
                "number": "S000031000001263000123",
                "kind": "职业技能等级证书",
                "occupation": "电工",
                "level": 3,
                "issue_date": example["certificate"]["issue_date"],
                "issuer": "上海市示例职业技能等级认定中心",
                "route": "assessment",
            }
        ],
        "prior_claims": example["prior_claims"],
    }
    for key, value in changes.items():
        if key == "certificate":
            base["certificates"] = [{**base["certificates"][0], **value}]
        elif isinstance(value, dict):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
    return base


def cases_of(portal: MockPortal, status: str | None = None) -> list[dict[str, Any]]:
    found = [c for c in portal.cases() if c["id_number"] == ID_NUMBER]
    return [c for c in found if status is None or c["status"] == status]


def submitted(portal: MockPortal) -> list[dict[str, Any]]:
    return [c for c in cases_of(portal) if c["status"] != "草稿"]


@dataclass
class Cli:
    """`python -m autofill ...` against the session's portal, without a terminal."""

    portal: MockPortal
    runs_dir: Path
    password: str = PASSWORD

    def __call__(
        self, *args: str, portal_url: bool = True, timeout: float = 240
    ) -> subprocess.CompletedProcess[str]:
        argv = [sys.executable, "-m", "autofill", *args]
        if portal_url:
            argv += ["--portal-url", self.portal.url]
        env = {
            **os.environ,
            "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
            "AUTOFILL_RUNS_DIR": str(self.runs_dir),
            "AUTOFILL_PASSWORD": self.password,
            "COLUMNS": "160",
        }
        return subprocess.run(
            argv,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


def in_thread(fn: Callable[[], T]) -> T:
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn).result()


def connect_to(portal: MockPortal, sms: Callable[[], str] | None = None) -> Callable[[Any], Any]:
    @contextmanager
    def connect(profile: Any) -> Iterator[PortalAccess]:
        yield PortalAccess(
            url=portal.url,
            credentials=Credentials(profile.applicant.id_number, PASSWORD, sms),
            embedded=False,
        )

    return connect


@dataclass
class Recorder(NullObserver):
    """An observer that records the steps and runs hooks at chosen ones."""

    started: list[str] = field(default_factory=list)
    finished: list[str] = field(default_factory=list)
    on_start: dict[str, Callable[[], None]] = field(default_factory=dict)
    on_finish: dict[str, Callable[[], None]] = field(default_factory=dict)

    def step_started(self, step: str, page: Page | None, target: Locator | None) -> None:
        self.started.append(step)
        hook = self.on_start.pop(step, None)
        if hook is not None:
            hook()

    def step_finished(self, step: str, page: Page | None) -> None:
        self.finished.append(step)
        hook = self.on_finish.pop(step, None)
        if hook is not None:
            hook()


def context(
    runs_dir: Path,
    confirm: Callable[[Any], bool] = lambda review: True,
    observer: Any = None,
    sleep: Callable[[float], None] | None = None,
    device: str | None = None,
) -> RunContext:
    ctx = RunContext(
        confirm=confirm,
        runs_dir=runs_dir,
        browser=BrowserOptions(device=device, trace=False),
    )
    if observer is not None:
        ctx.observer = observer
    if sleep is not None:
        ctx.sleep = sleep
    return ctx


def run_profile(
    profile: Path, portal: MockPortal, ctx: RunContext, sms: Callable[[], str] | None = None
) -> RunResult:
    from autofill.flow import run_application

    return in_thread(lambda: run_application(profile, ctx, connect_to(portal, sms)))
