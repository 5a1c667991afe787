"""Two processes on one run: the second is refused at once, and the case is filed once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MockPortal
from tests.e2e.run_support import PASSWORD, ROOT, Cli, copy_example, submitted

pytestmark = pytest.mark.e2e


def test_two_submits_of_one_run_started_together_file_one_case_and_refuse_the_other(
    portal: MockPortal, tmp_path: Path
) -> None:
    runs = tmp_path / "runs"
    profile = copy_example(tmp_path / "applicant")
    stopped = Cli(portal, runs)("run", str(profile), "--json")
    assert stopped.returncode == 5, stopped.stderr
    run = json.loads(stopped.stdout)
    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        "AUTOFILL_RUNS_DIR": str(runs),
        "AUTOFILL_PASSWORD": PASSWORD,
    }
    argv = [sys.executable, "-m", "autofill", "submit", run["run_id"], "--digest", run["digest"]]
    argv += ["--portal-url", portal.url, "--json", "--no-trace"]
    both = [
        subprocess.Popen(
            argv,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    answers = {}
    for process in both:
        out, err = process.communicate(timeout=240)
        answers[process.pid] = (process.returncode, json.loads(out), err)

    assert sorted(code for code, _, _ in answers.values()) == [0, 2], answers
    [winner] = [pid for pid, (code, _, _) in answers.items() if code == 0]
    [(_, refusal, _)] = [a for pid, a in answers.items() if pid != winner]
    assert f"运行 {run['run_id']} 正由另一个进程处理：进程 {winner}" in refusal["message"]
    assert f"autofill submit {run['run_id']} --digest {run['digest']}" in refusal["message"]
    assert "请等该进程结束后再试" in refusal["message"]
    [case] = submitted(portal)
    assert answers[winner][1]["case_no"] == case["case_no"]
    record = json.loads((runs / run["run_id"] / "run.json").read_text(encoding="utf-8"))
    assert record["case_no"] == case["case_no"] and len(record["submit_clicks"]) == 1
