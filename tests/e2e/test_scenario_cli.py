"""`autofill scenario run` and `autofill demo` as a user runs them: tables, JSON, exit codes, files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from autofill.cli import app

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


def autofill(*args: str) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it: its own process (and its own Playwright)."""
    env = {**os.environ, "PYTHONPATH": f"{REPO / 'src'}{os.pathsep}{REPO}"}
    return subprocess.run(
        [sys.executable, "-m", "autofill", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


def two_offline_scenarios(tmp_path: Path) -> None:
    """Two offline scenarios (no portal traffic): one as shipped, one expecting the wrong exit code."""
    shutil.copy(REPO / "scenarios" / "offline_bad_card.yaml", tmp_path / "bad_card.yaml")
    wrong = (REPO / "scenarios" / "offline_deadline_passed.yaml").read_text("utf-8")
    (tmp_path / "wrong.yaml").write_text(wrong.replace("exit_code: 3", "exit_code: 0"), "utf-8")
    for f in tmp_path.glob("*.yaml"):
        f.write_text(f.read_text("utf-8").replace("../examples/", f"{REPO}/examples/"), "utf-8")
        f.write_text(f.read_text("utf-8").replace("../scenarios/", f"{REPO}/scenarios/"), "utf-8")


def test_a_missed_expectation_exits_7_and_json_names_it(tmp_path: Path) -> None:
    two_offline_scenarios(tmp_path)
    result = autofill("scenario", "run", str(tmp_path), "--json", "-j", "1")
    assert result.returncode == 7, result.stderr
    data = json.loads(result.stdout)
    assert data["exit_code"] == 7 and data["passed"] == 1 and data["failed"] == 1
    by_name = {r["scenario"]: r for r in data["results"]}
    assert by_name["bad_card"]["passed"] is True
    assert by_name["wrong"]["passed"] is False
    assert "退出码应为 0，实际 3" in by_name["wrong"]["problems"][0]


def test_lang_en_reports_the_whole_scenario_run_in_english(tmp_path: Path) -> None:
    two_offline_scenarios(tmp_path)
    result = autofill("scenario", "run", str(tmp_path), "-j", "1", "--lang", "en")
    assert result.returncode == 7, result.stderr
    out = result.stdout + result.stderr
    for text in ("Running 2 scenario(s)", "Scenario results", "expected", "passed", "missed"):
        assert text in out, text
    assert "exit code should be 0, got 3" in out
    assert "1/2 scenario(s) passed; missed: wrong" in out
    for text in ("场景结果", "个场景通过", "退出码应为", "未通过"):
        assert text not in out, text


def test_junit_xml_has_a_testcase_per_scenario_and_the_problems_as_failure(
    tmp_path: Path,
) -> None:
    two_offline_scenarios(tmp_path)
    report = tmp_path / "out" / "junit.xml"
    report.parent.mkdir()
    result = autofill("scenario", "run", str(tmp_path), "--junit", str(report), "-j", "1")
    assert result.returncode == 7, result.stderr
    suite = ET.parse(report).getroot().find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("2", "1", "0")
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert set(cases) == {"bad_card", "wrong"}
    assert cases["bad_card"].find("failure") is None
    failure = cases["wrong"].find("failure")
    assert failure is not None and "退出码应为 0，实际 3" in (failure.text or "")


def test_a_bad_scenario_file_is_exit_2_naming_the_key(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text(
        "title: 标题\ndescription: 说明\nexpect: {exit_code: 0}\n", "utf-8"
    )
    result = runner.invoke(app, ["scenario", "run", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2
    assert "profile" in result.output


def test_schema_prints_the_shipped_schema() -> None:
    result = runner.invoke(app, ["scenario", "schema"])
    assert result.exit_code == 0
    shipped = json.loads((REPO / "scenarios" / "schema.json").read_text("utf-8"))
    assert json.loads(result.stdout) == shipped


def test_demo_without_a_display_asks_for_headless(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    result = runner.invoke(app, ["demo", str(REPO / "scenarios" / "happy_classic.yaml")])
    assert result.exit_code == 2
    assert "--headless" in result.output


def test_demo_writes_a_handout_with_a_page_per_step(tmp_path: Path) -> None:
    handout, pdf = tmp_path / "handout.html", tmp_path / "handout.pdf"
    result = autofill(
        "demo",
        str(REPO / "scenarios" / "refuse_insurance_suspended.yaml"),
        "--headless",
        "--slow-mo",
        "0",
        "--handout",
        str(handout),
        "--pdf",
        str(pdf),
        "--json",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    # the run stopped where the portal refused: the handout ends on the form's error box
    assert data["steps"][-1] == "next"
    html = handout.read_text("utf-8")
    assert html.count('<section class="step"') == len(data["steps"])
    assert "社保信息比对异常" in html
    assert html.count("data:image/png;base64,") >= 5
    from pypdf import PdfReader

    pages = PdfReader(str(pdf)).pages
    assert len(pages) == len(data["steps"]) + 1  # the cover, then one page a step
    assert round(float(pages[0].mediabox.width)) == 595  # A4
