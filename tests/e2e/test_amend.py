"""`autofill amend RUN_ID`: a returned case (退回补正) answered from the command line, and
`status --wait` stopping at 退回补正, 审核不通过 and 已发放."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from autofill.amend import amend_run
from autofill.browser.context import BrowserOptions, open_page
from autofill.flow.types import RunResult
from autofill.session import Credentials, PortalSession
from autofill.status import PollPlan, follow_case
from tests.conftest import MockPortal
from tests.e2e.run_support import (
    PASSWORD,
    ROOT,
    Cli,
    cases_of,
    connect_to,
    context,
    copy_example,
    in_thread,
    run_profile,
)
from tests.e2e.test_run_human import Terminal

pytestmark = pytest.mark.e2e

PROMPT = "确认重新提交以上补正材料？[y/N]"
LEVEL = "证书等级页"
REASON = "证书等级页照片模糊，请重新上传清晰的扫描件"


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "applicant")


@pytest.fixture
def cli(portal: MockPortal, tmp_path: Path) -> Cli:
    return Cli(portal, tmp_path / "runs")


@pytest.fixture
def terminals(tmp_path: Path) -> Iterator[Callable[[list[str]], Terminal]]:
    opened: list[Terminal] = []

    def start(args: list[str]) -> Terminal:
        opened.append(Terminal(args, tmp_path / "runs"))
        return opened[-1]

    yield start
    for term in opened:
        term.close()


def new_scan(path: Path, colour: str = "navy") -> Path:
    """A clearer scan of the certificate's level page: a new JPEG, other bytes than the first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (1200, 900), colour).save(path, "JPEG", quality=90)
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def submitted_and_returned(
    portal: MockPortal, profile: Path, runs_dir: Path, items: list[str] | None = None
) -> RunResult:
    """`autofill run` to a 待审核 case, which the reviewer then returns for 补正."""
    result = run_profile(profile, portal, context(runs_dir))
    assert result.exit_code == 0 and result.case_no, result.message
    body: dict[str, Any] = {"decision": "return", "reason": REASON}
    if items is not None:
        body["items"] = items
    answer = portal.call("POST", f"cases/{result.case_no}/review", body)
    assert answer.status_code == 200, answer.text
    assert len(cases_of(portal, "退回补正")) == 1
    return result


def the_case(portal: MockPortal) -> dict[str, Any]:
    [case] = [c for c in cases_of(portal) if c["status"] != "草稿"]
    return case


def record_of(runs_dir: Path, run_id: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((runs_dir / run_id / "run.json").read_text(encoding="utf-8"))
    return data


def events(runs_dir: Path, run_id: str) -> list[str]:
    lines = (runs_dir / run_id / "log.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["event"] for line in lines]


def test_status_names_the_opinion_the_items_and_the_amend_command(
    portal: MockPortal, profile: Path, tmp_path: Path, cli: Cli
) -> None:
    result = submitted_and_returned(portal, profile, tmp_path / "runs", [LEVEL, "银行卡"])
    shown = cli("status", result.run_id or "")
    assert shown.returncode == 0, shown.stderr
    assert "退回补正" in shown.stderr and REASON in shown.stderr
    assert "需重新上传：证书等级页、银行卡" in shown.stderr
    assert f"autofill amend {result.run_id}" in shown.stderr
    assert f"--file {LEVEL}=" in shown.stderr
    as_json = json.loads(cli("status", result.run_id or "", "--json").stdout)
    assert as_json["status"] == "退回补正" and as_json["review"]["items"] == "证书等级页、银行卡"


def test_amend_at_a_terminal_resubmits_the_replaced_file_once(
    portal: MockPortal,
    profile: Path,
    tmp_path: Path,
    terminals: Callable[[list[str]], Terminal],
) -> None:
    runs = tmp_path / "runs"
    result = submitted_and_returned(portal, profile, runs, [LEVEL])
    before = the_case(portal)["materials"]
    # the person replaces the file the profile names, then runs amend
    replaced = new_scan(profile.parent / "documents" / "cert-level.jpg")
    term = terminals(["amend", result.run_id or "", "--portal-url", portal.url])
    screen = term.read_until(PROMPT)
    assert "将重新提交的补正材料" in screen and LEVEL in screen and "cert-level.jpg" in screen
    assert "补正摘要（digest）" in screen
    assert the_case(portal)["status"] == "退回补正"  # nothing resubmitted before the yes
    term.type("y")
    assert term.finish() == 0, term.seen
    assert "已重新提交补正材料" in term.seen and "待审核" in term.seen
    case = the_case(portal)
    assert case["status"] == "待审核"
    assert case["materials"][LEVEL]["sha256"] == sha(replaced)
    others = {k: v for k, v in case["materials"].items() if k != LEVEL}
    assert others == {k: v for k, v in before.items() if k != LEVEL}
    [amendment] = record_of(runs, result.run_id or "")["amendments"]
    assert amendment["confirmation"]["how"] == "terminal"
    assert len(amendment["clicks"]) == 1 and amendment["resubmitted_at"]
    assert [i["label"] for i in amendment["items"]] == [LEVEL]
    assert "resubmitted" in events(runs, result.run_id or "")
    assert (runs / (result.run_id or "") / "amend-receipt.png").stat().st_size > 0


def test_amend_without_a_terminal_stops_at_exit_5_and_the_digest_finishes_it(
    portal: MockPortal, profile: Path, tmp_path: Path, cli: Cli
) -> None:
    result = submitted_and_returned(portal, profile, tmp_path / "runs", [LEVEL])
    run_id = result.run_id or ""
    scan = new_scan(tmp_path / "new.jpg", "darkgreen")
    first = cli("amend", run_id, "--file", f"{LEVEL}={scan}")
    assert first.returncode == 5, first.stderr
    command = re.search(rf"autofill amend {run_id} --digest ([0-9a-f]{{12}})", first.stderr)
    assert command is not None, first.stderr
    assert the_case(portal)["status"] == "退回补正"
    pending = cli("runs", "show", run_id, portal_url=False)
    assert f"补正 1：{LEVEL}；摘要 {command.group(1)}；尚未重新提交" in pending.stderr
    done = cli("amend", run_id, "--digest", command.group(1), "--json")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["exit_code"] == 0 and answer["status"] == "待审核"
    assert answer["digest"] == command.group(1) and answer["case_no"] == result.case_no
    case = the_case(portal)
    assert case["status"] == "待审核" and case["materials"][LEVEL]["sha256"] == sha(scan)
    [amendment] = record_of(tmp_path / "runs", run_id)["amendments"]
    assert amendment["confirmation"]["how"] == "digest" and len(amendment["clicks"]) == 1


def test_a_lost_answer_to_resubmit_is_settled_by_looking_not_by_a_second_click(
    portal: MockPortal, profile: Path, tmp_path: Path
) -> None:
    runs = tmp_path / "runs"
    result = submitted_and_returned(portal, profile, runs, [LEVEL])
    new_scan(profile.parent / "documents" / "cert-level.jpg")
    portal.faults(submit_drop=True)  # 重新提交 is committed, then answered 504
    ctx = context(runs)
    amended = in_thread(lambda: amend_run(result.run_id or "", {}, ctx, connect_to(portal)))
    assert amended.exit_code == 0, amended.message
    assert "答复丢失" in amended.message and "未再次提交" in amended.message
    assert the_case(portal)["status"] == "待审核"
    [amendment] = record_of(runs, result.run_id or "")["amendments"]
    assert len(amendment["clicks"]) == 1 and amendment["found_after_lost_answer"] is True
    assert "resubmit_answer_lost" in events(runs, result.run_id or "")
    # the portal's own history: one resubmission
    assert timeline(portal, profile).count("补正后重新提交") == 1


def timeline(portal: MockPortal, profile: Path) -> str:
    case_no = the_case(portal)["case_no"]

    def read() -> str:
        with open_page(BrowserOptions(trace=False), None) as page:
            session = PortalSession(
                page,
                context(Path(".")).texts,
                portal.url,
                Credentials("310101199203154321", PASSWORD),
            )
            session.log_in()
            return session.case_detail(case_no).text

    return in_thread(read)


def test_a_bad_file_is_exit_2_and_nothing_is_sent(
    portal: MockPortal, profile: Path, tmp_path: Path, cli: Cli
) -> None:
    result = submitted_and_returned(portal, profile, tmp_path / "runs", [LEVEL])
    before = the_case(portal)
    not_an_image = ROOT / "scenarios" / "data" / "not-an-image.jpg"
    bad = cli("amend", result.run_id or "", "--file", f"{LEVEL}={not_an_image}")
    assert bad.returncode == 2, bad.stderr
    assert "--file.certificate_level" in bad.stderr
    assert the_case(portal) == before  # materials and status unchanged on the portal
    assert record_of(tmp_path / "runs", result.run_id or "")["amendments"] == []


def test_an_item_the_portal_did_not_ask_for_is_exit_2_naming_the_ones_it_did(
    portal: MockPortal, profile: Path, tmp_path: Path, cli: Cli
) -> None:
    result = submitted_and_returned(portal, profile, tmp_path / "runs", [LEVEL])
    before = the_case(portal)
    scan = new_scan(tmp_path / "card.jpg")
    wrong = cli("amend", result.run_id or "", "--file", f"银行卡={scan}")
    assert wrong.returncode == 2, wrong.stderr
    assert (
        "门户没有要求补正“银行卡”" in wrong.stderr and f"本次需补正的材料：{LEVEL}" in wrong.stderr
    )
    assert the_case(portal) == before


def _wait(
    portal: MockPortal, profile: Path, runs: Path, decision: str, lang: str = "zh"
) -> RunResult:
    result = run_profile(profile, portal, context(runs))
    assert result.exit_code == 0 and result.case_no
    portal.review_policy(
        mode="auto", decision=decision, reason=REASON, after_seconds=[600, 3600, 86400]
    )
    ctx = context(runs, sleep=lambda s: portal.clock(advance_seconds=s))
    ctx.lang = lang
    from autofill.profile import load_profile
    from autofill.runs import RunFolder

    folder = RunFolder.open(runs, result.run_id or "")
    plan = PollPlan(timeout_s=3 * 86400, interval_s=1800)
    case_no = result.case_no
    return in_thread(
        lambda: follow_case(ctx, connect_to(portal), load_profile(profile), case_no, folder, plan)
    )


def test_status_wait_stops_at_returned_with_exit_5_and_the_amend_command(
    portal: MockPortal, profile: Path, tmp_path: Path
) -> None:
    waited = _wait(portal, profile, tmp_path / "runs", "return")
    assert waited.exit_code == 5, waited.message
    assert "退回补正" in waited.message and REASON in waited.message
    assert f"需重新上传：{LEVEL}" in waited.message
    assert f"autofill amend {waited.run_id}" in waited.message


def test_status_wait_at_rejected_says_whom_to_ask(
    portal: MockPortal, profile: Path, tmp_path: Path
) -> None:
    waited = _wait(portal, profile, tmp_path / "runs", "reject")
    assert waited.exit_code == 0, waited.message
    assert "审核不通过" in waited.message and REASON in waited.message
    assert "人社部门" in waited.message and "12333" in waited.message


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", "补贴一般在几周内到账，请注意查收银行账户"), ("en", "within a few weeks")],
)
def test_status_wait_at_paid_gives_amount_date_and_when_the_money_arrives(
    lang: str, words: str, portal: MockPortal, profile: Path, tmp_path: Path
) -> None:
    waited = _wait(portal, profile, tmp_path / "runs", "approve", lang)
    assert waited.exit_code == 0, waited.message
    assert waited.status is not None and waited.status["status"] == "已发放"
    assert "2000.00元" in waited.message and waited.status["paid_on"] in waited.message
    assert words in waited.message
