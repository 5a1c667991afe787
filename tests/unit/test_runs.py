"""Run folders: names, privacy, atomic run.json, masked log."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from autofill import runs
from autofill.runs import RunFolder


def test_a_run_folder_is_private_and_named_by_time_and_certificate(tmp_path: Path) -> None:
    folder = RunFolder.create(
        tmp_path / "runs", tmp_path / "p.json", "S000031000001263000123", "310***********4321"
    )
    assert re.fullmatch(r"\d{8}-\d{6}-0123", folder.run_id)
    assert folder.path.stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "runs").stat().st_mode & 0o777 == 0o700
    assert folder.file("run.json").stat().st_mode & 0o777 == 0o600
    again = RunFolder.create(tmp_path / "runs", tmp_path / "p.json", "S000031000001263000123", "x")
    assert again.run_id != folder.run_id


def test_advance_saves_every_step_and_never_goes_back(tmp_path: Path) -> None:
    folder = RunFolder.create(tmp_path, tmp_path / "p.json", "S000031000001263000123", "x")
    folder.advance("previewed")
    folder.advance("logged_in")
    data = json.loads(folder.file("run.json").read_text(encoding="utf-8"))
    assert data["state"] == "previewed"
    assert set(data["steps"]) == {"previewed", "logged_in"}
    assert RunFolder.open(tmp_path, folder.run_id).record.state == "previewed"


def test_run_json_is_replaced_atomically_a_failed_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = RunFolder.create(tmp_path, tmp_path / "p.json", "S000031000001263000123", "x")
    folder.advance("checked")
    before = folder.file("run.json").read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    folder.record.case_no = "BJ2026"
    with pytest.raises(OSError):
        folder.advance("logged_in")
    assert folder.file("run.json").read_bytes() == before
    assert [p.name for p in folder.path.iterdir() if p.name.endswith(".tmp")] == []


def test_the_log_masks_personal_numbers(tmp_path: Path) -> None:
    folder = RunFolder.create(tmp_path, tmp_path / "p.json", "S000031000001263000123", "x")
    folder.log("login", user="310101199203154321", phone="13800138000", card="6222020212345678909")
    line = folder.file("log.jsonl").read_text(encoding="utf-8").strip()
    event = json.loads(line)
    assert event["user"] == "310***********4321"
    assert event["phone"] == "138****8000"
    assert event["card"] == "6222 **** **** 8909"
    assert folder.file("log.jsonl").stat().st_mode & 0o777 == 0o600


def test_an_unfinished_run_of_the_same_certificate_is_resumed(tmp_path: Path) -> None:
    done = RunFolder.create(tmp_path, tmp_path / "p.json", "S000031000001263000123", "x")
    done.advance("status")
    assert runs.resumable(tmp_path, "S000031000001263000123") is None
    waiting = RunFolder.create(tmp_path, tmp_path / "p.json", "S000031000001263000123", "x")
    waiting.advance("previewed")
    found = runs.resumable(tmp_path, "S000031000001263000123")
    assert found is not None and found.run_id == waiting.run_id
    assert runs.resumable(tmp_path, "Y000031000001263000999") is None


def test_run_json_masks_what_the_portal_said_and_keeps_identifiers(tmp_path: Path) -> None:
    folder = RunFolder.create(
        tmp_path, tmp_path / "p.json", "1231000000300123", "310***********4321"
    )
    record = folder.record
    record.digest = "123456789012"  # all digits: still the digest, not a card
    record.case_no = "SH20261129000001"
    record.preview_url = "/apply/preview?draft=6222020212345678909"  # an address to reopen
    record.last_error = {
        "message": "门户拒绝了申请：银行卡号 6222 0202 1234 5678 909 不是本人账户",
        "errors": [{"path": "portal", "message": "联系电话 +86 138 0013 8000 有误"}],
    }
    record.status = {"status": "退回补正", "opinion": "请核对身份证 310101-19920315-4321"}
    folder.save()
    saved = json.loads(folder.file("run.json").read_text(encoding="utf-8"))
    assert saved["last_error"]["message"].endswith("银行卡号 6222 **** **** 8909 不是本人账户")
    assert saved["last_error"]["errors"][0]["message"] == "联系电话 +86 138****8000 有误"
    assert saved["status"]["opinion"] == "请核对身份证 310***********4321"
    assert saved["digest"] == "123456789012" and saved["case_no"] == "SH20261129000001"
    assert saved["certificate_number"] == "1231000000300123"
    assert saved["preview_url"] == record.preview_url
    assert RunFolder.open(tmp_path, folder.run_id).record.digest == "123456789012"


def test_the_log_masks_grouped_numbers_and_keeps_the_digest(tmp_path: Path) -> None:
    folder = RunFolder.create(tmp_path, tmp_path / "p.json", "S000031000001263000123", "x")
    folder.log("refused", problems=["银行卡号 6222-0202-1234-5678-909 有误"], digest="123456789012")
    event = json.loads(folder.file("log.jsonl").read_text(encoding="utf-8"))
    assert event["problems"] == ["银行卡号 6222 **** **** 8909 有误"]
    assert event["digest"] == "123456789012"
