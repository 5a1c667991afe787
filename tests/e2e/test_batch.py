"""`autofill batch`: a class of applicants to their previews, one failure stopping no other.

Against the session's mock portal (`--portal-url`), so that the cases it holds can be counted:
exactly one per applicant whatever is rerun.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from autofill.batch import Batch, SharedBrowser
from autofill.cli.run import run_context
from autofill.observer import NullObserver
from benchmarks import people
from benchmarks.fault_cases import in_thread
from tests.conftest import MockPortal

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
VALID = range(1, 4)


def class_folder(tmp_path: Path, portal: MockPortal) -> Path:
    """Three valid applicants provisioned on the portal, and a fourth whose card number is wrong."""
    folder = tmp_path / "class"
    people.write_profiles(folder, range(1, 5))
    for index in VALID:
        portal.add_citizen(people.citizen(people.person(index)))
    broken = folder / "applicant-0004.json"
    data = json.loads(broken.read_text(encoding="utf-8"))
    data["bank"]["card_number"] = "6222020200000000015"  # fails the Luhn check
    broken.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder


def autofill(*args: str, runs: Path) -> tuple[int, dict[str, Any]]:
    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        "AUTOFILL_PASSWORD": people.PASSWORD,
        "AUTOFILL_RUNS_DIR": str(runs),
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
    return done.returncode, json.loads(done.stdout)


def submitted(portal: MockPortal, index: int) -> list[dict[str, Any]]:
    id_number = people.person(index).id_number
    return [c for c in portal.cases() if c["id_number"] == id_number and c["status"] != "草稿"]


def test_without_a_terminal_every_valid_profile_waits_at_its_preview(
    tmp_path: Path, portal: MockPortal
) -> None:
    folder = class_folder(tmp_path, portal)
    runs = tmp_path / "runs"
    code, answer = autofill(
        "batch", str(folder), "--concurrency", "2", "--portal-url", portal.url, runs=runs
    )

    # the invalid profile's exit code wins, yet the other three reached their previews
    assert code == 2, answer
    assert answer["counts"] == {
        "total": 4,
        "submitted": 0,
        "waiting": 3,
        "declined": 0,
        "failed": 1,
    }
    by_name = {Path(a["profile"]).name: a for a in answer["applicants"]}
    broken = by_name.pop("applicant-0004.json")
    assert broken["exit_code"] == 2
    assert any(e["path"] == "bank.card_number" for e in broken["errors"])
    for entry in by_name.values():
        assert entry["exit_code"] == 5 and entry["state"] == "previewed"
        assert len(entry["digest"]) == 12 and entry["decision"] == "left"
        assert (runs / entry["run_id"] / "preview.png").is_file()
    # nothing was submitted: the drafts wait on the portal
    assert all(not submitted(portal, i) for i in VALID)

    # one is finished by hand with the digest from the batch ...
    first = by_name["applicant-0001.json"]
    code, done = autofill(
        "submit",
        first["run_id"],
        "--digest",
        first["digest"],
        "--portal-url",
        portal.url,
        runs=runs,
    )
    assert code == 0, done
    [case] = submitted(portal, 1)
    assert case["case_no"] == done["case_no"]

    # ... and a second batch finds that case instead of filing again, and resumes the others
    code, again = autofill("batch", str(folder), "--portal-url", portal.url, runs=runs)
    rerun = {Path(a["profile"]).name: a for a in again["applicants"]}
    assert rerun["applicant-0001.json"]["exit_code"] == 0
    assert rerun["applicant-0001.json"]["case_no"] == case["case_no"]
    for name in ("applicant-0002.json", "applicant-0003.json"):
        assert rerun[name]["exit_code"] == 5
        assert rerun[name]["run_id"] == by_name[name]["run_id"]
    assert [c["case_no"] for c in submitted(portal, 1)] == [case["case_no"]]
    assert not submitted(portal, 2) and not submitted(portal, 3)


def test_the_review_queue_submits_only_what_a_person_confirmed(
    tmp_path: Path, portal: MockPortal, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = class_folder(tmp_path, portal)
    (folder / "applicant-0004.json").unlink()
    monkeypatch.setenv("AUTOFILL_PASSWORD", people.PASSWORD)
    from autofill.cli.batch import remote_connector

    ctx = run_context(False, "zh", tmp_path / "runs", None, False, 0, None, True)
    ctx.observer = NullObserver()
    batch = Batch(sorted(folder.glob("*.json")), ctx, remote_connector(portal.url), concurrency=3)
    answers = {
        "applicant-0001.json": "no",
        "applicant-0002.json": "yes",
        "applicant-0003.json": "later",
    }
    shown: list[str] = []

    def ask(entry: Any) -> str:
        # the person sees the comparison of this applicant's own preview before answering
        assert entry.review is not None and entry.review.digest == entry.result.digest
        assert all(line.same for line in entry.review.lines)
        shown.append(entry.profile.name)
        return answers[entry.profile.name]

    def file_and_review() -> None:
        with SharedBrowser(ctx.browser) as browser:
            batch.to_previews(browser)
            batch.review_queue(ask, browser.opener())

    # a thread of its own: pytest-playwright's session may hold this thread's event loop
    in_thread(file_and_review)

    assert shown == sorted(answers)
    decisions = {e.profile.name: e.decision for e in batch.entries}
    assert decisions == {
        "applicant-0001.json": "declined",
        "applicant-0002.json": "submitted",
        "applicant-0003.json": "left",
    }
    assert batch.exit_code() == 5
    [case] = submitted(portal, 2)
    assert case["status"] == "待审核"
    assert not submitted(portal, 1) and not submitted(portal, 3)
