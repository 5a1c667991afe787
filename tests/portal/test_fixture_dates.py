"""The default fixtures on any date: a mock portal started with the machine's clock moved (Debian's
`faketime`) shows each fixture person the same way as today."""

from __future__ import annotations

import os
import re
import select
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.portal.conftest import Applicant, errors_box

pytestmark = pytest.mark.portal

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}
FAKETIME = shutil.which("faketime")


@pytest.fixture(scope="module", params=["2028-06-01", "2031-01-01"])
def moved_portal(request: pytest.FixtureRequest) -> Iterator[tuple[str, date]]:
    """A mock portal whose machine clock reads the parameter's day, 10:00 in Shanghai."""
    assert FAKETIME, "faketime is needed: apt-get install faketime (scripts/bootstrap.sh does)"
    day = date.fromisoformat(request.param)
    command = [FAKETIME, f"{day.isoformat()} 02:00:00", sys.executable, "-m", "mock_portal"]
    env = {**ENV, "TZ": "UTC"}
    # faketime runs the portal as its child: in a process group of their own, both are stopped
    # (stopping faketime alone left the portal running after the suite)
    with subprocess.Popen(
        [*command, "--port", "0"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    ) as proc:
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            match = re.search(r"http://127\.0\.0\.1:\d+", line)
            assert match, line
            yield match.group(0), day
        finally:
            portal = _children(proc.pid)  # faketime forks the portal, then waits for it
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
            gone = [_exits_within(pid, 10) for pid in portal]
            assert portal and all(gone), f"the moved portal {portal} outlived its faketime"


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def _exits_within(pid: int, seconds: float) -> bool:
    """Whether that process (not a child of ours) ends within `seconds`."""
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        ready, _, _ = select.select([handle], [], [], seconds)
        return bool(ready)
    finally:
        os.close(handle)


def test_the_demo_applicant_reaches_the_preview_with_a_certificate_41_days_old(
    moved_portal: tuple[str, date],
) -> None:
    url, day = moved_portal
    with Applicant(url) as wang:
        wang.login()
        wang.open_form()
        looked_up = wang.lookup("S000031000001263000123")
        issued = (day - timedelta(days=41)).isoformat()
        assert f'value="{issued}"' in looked_up.text
    with Applicant(url) as wang:
        response = wang.form_after_lookup("S000031000001263000123")
        assert "申请信息预览" in response.text, errors_box(response.text)


@pytest.mark.parametrize(
    ("id_number", "certificate"),
    [
        ("310110198902148088", "S000031000001262000208"),  # 冯技师: refused only by national
        ("310112199405179091", "S000031000001263000209"),  # 陈少保: refused only by national
    ],
)
def test_the_people_refused_only_by_the_national_policy_are_within_the_window(
    moved_portal: tuple[str, date], id_number: str, certificate: str
) -> None:
    url, _ = moved_portal
    with Applicant(url, id_number) as person:
        response = person.form_after_lookup(certificate)
        assert "申请信息预览" in response.text, errors_box(response.text)


@pytest.mark.parametrize(
    ("id_number", "certificate", "refusal", "overrides"),
    [
        ("310101198506121012", "S000031000001253000201", "已超过申请时限", {}),
        ("310104198809052025", "S000031000001263000202", "社保信息比对异常", {}),
        (
            "410105199001013036",
            "S000031000001263000203",
            "非本市户籍人员须为在本市就业参保的在职人员",
            {"employment": "失业", "employer": ""},
        ),
        ("31011519870720404X", "S000031000001263000204", "机关事业单位在编人员", {}),
        ("310106199303035057", "Y000031000001263000205", "证书取得方式不属于补贴范围", {}),
        ("310107198611116061", "S000031000001263000206", "不可重复申请", {}),
    ],
)
def test_each_fixture_person_shows_the_same_refusal(
    moved_portal: tuple[str, date],
    id_number: str,
    certificate: str,
    refusal: str,
    overrides: dict[str, str],
) -> None:
    url, _ = moved_portal
    with Applicant(url, id_number) as person:
        response = person.form_after_lookup(certificate, **overrides)
        box = errors_box(response.text)
        assert refusal in box
        if refusal != "已超过申请时限":
            assert "已超过申请时限" not in box
