"""`autofill run` / `submit` end to end against the mock portal, in a real headless Chromium."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MockPortal
from tests.e2e.run_support import (
    Cli,
    cases_of,
    context,
    copy_example,
    run_profile,
    submitted,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def cli(portal: MockPortal, tmp_path: Path) -> Cli:
    return Cli(portal, tmp_path / "runs")


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "applicant")


def _run_id(output: str) -> str:
    found = re.search(r"运行编号：(\d{8}-\d{6}-0123)", output)
    assert found, output
    return found.group(1)


def test_without_a_terminal_the_run_stops_at_the_preview_and_submit_finishes_it(
    cli: Cli, profile: Path, portal: MockPortal
) -> None:
    done = cli("run", str(profile))
    assert done.returncode == 5, done.stderr
    assert "没有可交互的终端，已停在预览页等待人工确认" in done.stderr
    assert "这是一次演练" not in done.stderr  # a portal given by --portal-url is no rehearsal
    run_id = _run_id(done.stderr)
    digest = re.search(r"预览摘要：([0-9a-f]{12})", done.stderr)
    assert digest, done.stderr
    # the comparison shows masked numbers only
    assert "310***********4321" in done.stderr and "6222 **** **** 8909" in done.stderr
    assert "310101199203154321" not in done.stderr + done.stdout
    assert "6222020212345678909" not in done.stderr + done.stdout
    folder = cli.runs_dir / run_id
    assert folder.stat().st_mode & 0o777 == 0o700
    for name in (
        "run.json",
        "preview.png",
        "preview.pdf",
        "preview.json",
        "log.jsonl",
        "trace.zip",
    ):
        assert (folder / name).stat().st_mode & 0o777 == 0o600, name
    assert (folder / "preview.pdf").read_bytes().startswith(b"%PDF")
    record = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    assert record["state"] == "previewed" and record["digest"] == digest.group(1)
    log = (folder / "log.jsonl").read_text(encoding="utf-8")
    assert "310101199203154321" not in log and "13800138000" not in log
    # nothing submitted: the draft waits on the portal
    assert submitted(portal) == []
    assert len(cases_of(portal, "草稿")) == 1

    wrong = cli("submit", run_id, "--digest", "000000000000")
    assert wrong.returncode == 4, wrong.stderr
    assert "预览已变化，未提交" in wrong.stderr
    assert submitted(portal) == []

    ok = cli("submit", run_id, "--digest", digest.group(1), "--json")
    assert ok.returncode == 0, ok.stderr
    result = json.loads(ok.stdout)
    assert result["state"] == "status" and result["status"] == "待审核"
    [case] = submitted(portal)
    assert case["case_no"] == result["case_no"]
    assert case["certificate_number"] == "S000031000001263000123"
    assert (folder / "receipt.png").exists()

    again = cli("submit", run_id, "--digest", digest.group(1))
    assert again.returncode == 0
    assert len(submitted(portal)) == 1

    listed = cli("runs", "--json", portal_url=False)
    assert listed.returncode == 0
    [row] = json.loads(listed.stdout)["runs"]
    assert row["run_id"] == run_id and row["case_no"] == case["case_no"]
    shown = cli("runs", "show", run_id, portal_url=False)
    assert shown.returncode == 0 and case["case_no"] in shown.stderr


def test_lang_en_covers_the_run_the_gate_runs_show_and_submit(cli: Cli, profile: Path) -> None:
    done = cli("run", str(profile), "--lang", "en")
    assert done.returncode == 5, done.stderr
    err = done.stderr
    for text in (
        "No interactive terminal: stopped at the preview",
        "The application checked (profile ↔ portal preview)",
        "Preview digest: ",
        "Run record: ",
    ):
        assert text in err, text
    for text in (
        "没有可交互的终端",
        "预览摘要",
        "申请资料",
        "门户预览",
        "运行记录：",
        "运行编号：",
    ):
        assert text not in err, text
    found = re.search(r"Run id: (\d{8}-\d{6}-0123)", err)
    assert found, err
    run_id = found.group(1)

    shown = cli("runs", "show", run_id, "--lang", "en", portal_url=False)
    assert shown.returncode == 0, shown.stderr
    assert f"Run {run_id}" in shown.stderr and "Files:" in shown.stderr

    wrong = cli("submit", run_id, "--digest", "000000000000", "--lang", "en")
    assert wrong.returncode == 4, wrong.stderr
    assert "the preview has changed; not submitted" in wrong.stderr
    assert "预览已变化" not in wrong.stderr


@pytest.mark.parametrize("layout", ["classic", "modern"])
def test_both_layouts_fill_preview_and_submit(
    layout: str, portal: MockPortal, profile: Path, tmp_path: Path
) -> None:
    portal.faults(layout=layout)
    ctx = context(tmp_path / "runs")
    result = run_profile(profile, portal, ctx)
    assert result.exit_code == 0, result.message
    [case] = submitted(portal)
    assert case["case_no"] == result.case_no
    assert case["fields"]["银行卡号"] == "6222020212345678909"
    assert case["fields"]["等级"] == "三级/高级工"
    issued = json.loads(profile.read_text(encoding="utf-8"))["certificate"]["issue_date"]
    assert case["fields"]["发证日期"] == issued
    assert case["fields"]["开户银行"] == "中国工商银行"
    assert sorted(case["materials"]) == sorted(
        ["身份证人像面", "身份证国徽面", "证书封面", "证书个人信息页", "证书等级页", "银行卡"]
    )
    assert case["materials"]["银行卡"]["file_name"] == "bank-card.jpg"


def test_a_phone_viewport_on_the_modern_layout(portal: MockPortal, cli: Cli, profile: Path) -> None:
    portal.faults(layout="modern")
    done = cli("run", str(profile), "--device", "iPhone 13", "--json")
    assert done.returncode == 5, done.stderr
    result = json.loads(done.stdout)
    assert result["state"] == "previewed" and re.fullmatch(r"[0-9a-f]{12}", result["digest"])
    from PIL import Image

    with Image.open(cli.runs_dir / result["run_id"] / "preview.png") as shot:
        assert shot.width == 390 * 3  # the phone's viewport at its device scale factor


def test_an_unknown_device_is_bad_input_before_anything_starts(cli: Cli, profile: Path) -> None:
    done = cli("run", str(profile), "--device", "Nokia 3310")
    assert done.returncode == 2
    assert "--device" in done.stderr
    assert not cli.runs_dir.exists() or not any(cli.runs_dir.iterdir())


def test_the_portal_map_is_read_from_portal_texts(cli: Cli, profile: Path, tmp_path: Path) -> None:
    texts = tmp_path / "texts.yaml"
    texts.write_text("search_phrase: 补贴\n", encoding="utf-8")
    done = cli("run", str(profile), "--portal-texts", str(texts))
    assert done.returncode == 5, done.stderr
    # a wording the portal does not use: the run stops and names what it looked for
    texts.write_text("apply_button: 马上申请\n", encoding="utf-8")
    fresh = Cli(
        cli.portal, tmp_path / "other-runs"
    )  # not resuming the run that reached the preview
    changed = fresh("run", str(profile), "--portal-texts", str(texts))
    assert changed.returncode == 4, changed.stderr  # the portal is not as the map says
    assert "马上申请" in changed.stderr and "--portal-texts" in changed.stderr


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_rehearsal_shows_the_notice_it_ticked_and_says_what_it_did_not_check(
    cli: Cli, profile: Path, lang: str
) -> None:
    done = cli("run", str(profile), "--lang", lang, portal_url=False)  # the embedded mock
    assert done.returncode == 5, done.stderr
    [folder] = [p for p in cli.runs_dir.iterdir() if not p.name.startswith(".")]
    # the 须知 the run acknowledged for the person, whole, in the evidence
    guide = folder / "guide.txt"
    assert guide.stat().st_mode & 0o777 == 0o600
    assert (folder / "guide.json").stat().st_mode & 0o777 == 0o600
    text = guide.read_text(encoding="utf-8")
    for section in ("【申请条件】", "【申请材料】", "【办理流程】", "【补贴标准】"):
        assert section in text
    assert "已享受较高等级补贴的，不再享受较低等级" in text and "三级 2500元" in text
    sections = json.loads((folder / "guide.json").read_text(encoding="utf-8"))["sections"]
    assert list(sections) == ["申请条件", "申请材料", "办理流程", "补贴标准"]
    # its key points before the gate: conditions (the 12-month limit among them), materials
    err = done.stderr
    notice = err.index("申请须知要点" if lang == "zh" else "Key points of the portal's")
    assert str(guide) in err
    conditions, materials = err.index("申请条件：", notice), err.index("申请材料：", notice)
    assert notice < conditions < materials
    assert "· 取得证书之日起12个月内提出申请" in err[conditions:materials]
    assert "· 居民身份证（人像面、国徽面）；" in err[materials:]
    assert "办理流程" not in err[notice:]  # only the key points on the screen
    # what the rehearsal did not check, and where to check it, at the end
    tail = err[notice:]
    if lang == "zh":
        assert "回答 y 即表示您已阅读并知晓以上申请须知" in tail
        assert "这是一次演练（内置模拟门户）" in tail
        assert "技能人才评价证书全国联网查询" in tail and "证书编号是否在全国证书库中" in tail
        assert "“上海人社”App 或“随申办”" in tail and "参保记录" in tail
    else:
        assert "Answering y means you have read the notice above" in tail
        assert "This was a rehearsal (the embedded mock portal)" in tail
        assert "national certificate query (技能人才评价证书全国联网查询" in tail
        assert "上海人社 app or 随申办" in tail


def test_the_person_reads_the_comparison_while_the_pdf_is_printed(
    portal: MockPortal, profile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the comparison is put to the person before the preview's PDF is printed (no waiting for
    # it at the prompt), and the PDF is in the run folder before their yes is acted on
    from autofill import evidence

    asked = threading.Event()
    pdf_waited_for_the_question: list[bool] = []
    save = evidence.save_bytes

    def save_bytes(path: Path, data: bytes) -> None:
        if path.name == "preview.pdf":
            pdf_waited_for_the_question.append(asked.wait(timeout=60))
        save(path, data)

    monkeypatch.setattr(evidence, "save_bytes", save_bytes)
    pdf_there_at_the_answer: list[bool] = []

    def person(review: Any) -> bool:
        asked.set()
        assert review.pdf is not None and review.pdf.name == "preview.pdf"
        return True

    def submit_step(step: str, *_: Any) -> None:
        if step == "submit":
            [pdf] = (tmp_path / "runs").glob("*/preview.pdf")
            pdf_there_at_the_answer.append(pdf.read_bytes().startswith(b"%PDF"))

    ctx = context(tmp_path / "runs", confirm=person)
    ctx.observer.step_started = submit_step  # type: ignore[method-assign]
    result = run_profile(profile, portal, ctx)
    assert result.exit_code == 0, result.message
    assert pdf_waited_for_the_question == [True]
    assert pdf_there_at_the_answer == [True]
    [case] = submitted(portal)
    assert case["case_no"] == result.case_no
