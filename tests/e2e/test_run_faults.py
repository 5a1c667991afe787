"""A run against a portal that refuses, alters, drops, forgets the session, or is busy."""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, Route

from autofill.browser.context import BrowserOptions, open_page
from autofill.flow import run_application
from autofill.runs import RunFolder
from tests.conftest import MockPortal
from tests.e2e.run_support import (
    Cli,
    Recorder,
    cases_of,
    citizen,
    connect_to,
    context,
    copy_example,
    in_thread,
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


def _log(runs_dir: Path) -> list[dict[str, Any]]:
    [folder] = [p for p in runs_dir.iterdir() if not p.name.startswith(".")]
    lines = (folder / "log.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


REFUSALS = {
    "register_disagrees": (
        {"certificate": {"issuer": "上海市另一职业技能鉴定所"}},
        {},
        "证书信息校验失败",
    ),
    "not_yet_in_register": ({}, {"cert_db_lag_days": 60}, "证书信息校验失败"),
    "insurance_suspended": ({"social_insurance": {"status": "suspended"}}, {}, "社保信息比对异常"),
    "already_granted": (
        {"prior_claims": [{"occupation": "电工", "level": 3, "granted_on": "2024-05-01"}]},
        {},
        "不可重复申请",
    ),
    "establishment_staff": ({"establishment_staff": True}, {}, "机关事业单位在编人员"),
    "route_not_covered": (
        {"certificate": {"route": "employer_recognition"}},
        {},
        "证书取得方式不属于补贴范围",
    ),
}


@pytest.mark.parametrize("situation", sorted(REFUSALS))
def test_each_portal_refusal_is_exit_4_with_the_portals_message_and_the_draft_kept(
    situation: str, portal: MockPortal, cli: Cli, profile: Path
) -> None:
    register, faults, message = REFUSALS[situation]
    portal.add_citizen(citizen(**register))
    if faults:
        portal.faults(**faults)
    done = cli("run", str(profile))
    assert done.returncode == 4, done.stderr
    assert "门户拒绝了申请（草稿已保留）" in done.stderr
    assert message in done.stderr
    assert submitted(portal) == []
    [draft] = cases_of(portal, "草稿")
    assert draft["fields"]["证书编号"] == "S000031000001263000123"
    assert draft["fields"]["开户银行"] == "中国工商银行"


def test_past_the_deadline_by_the_portals_clock(
    portal: MockPortal, cli: Cli, profile: Path
) -> None:
    portal.clock(advance_days=400)
    done = cli("run", str(profile))
    assert done.returncode == 4, done.stderr
    assert "已超过申请时限" in done.stderr
    assert submitted(portal) == []


def test_an_altered_preview_blocks_the_submission(
    portal: MockPortal, cli: Cli, profile: Path
) -> None:
    portal.faults(mangle_preview=True)
    done = cli("run", str(profile))
    assert done.returncode == 4, done.stderr
    assert "门户预览与申请资料不一致，未提交" in done.stderr
    assert "✗ 不一致" in done.stderr
    assert submitted(portal) == []
    record = json.loads(next(cli.runs_dir.glob("*/run.json")).read_text(encoding="utf-8"))
    assert record["state"] == "previewed" and record["mismatches"]


def test_an_altered_preview_is_refused_even_when_a_human_would_say_yes(
    portal: MockPortal, profile: Path, tmp_path: Path
) -> None:
    portal.faults(mangle_preview="发证机构")
    asked: list[Any] = []
    ctx = context(tmp_path / "runs", confirm=lambda review: asked.append(review) or True)
    result = run_profile(profile, portal, ctx)
    assert result.exit_code == 4
    assert [e["path"] for e in result.errors] == ["发证机构"]
    assert asked == []
    assert submitted(portal) == []


def test_a_dropped_answer_to_the_submission_leaves_exactly_one_case(
    portal: MockPortal, profile: Path, tmp_path: Path
) -> None:
    portal.faults(submit_drop=True)
    result = run_profile(profile, portal, context(tmp_path / "runs"))
    assert result.exit_code == 0, result.message
    assert "提交后的答复丢失，已在“我的办件”中找到" in result.message
    [case] = submitted(portal)
    assert case["case_no"] == result.case_no
    events = [e["event"] for e in _log(tmp_path / "runs")]
    assert events.count("submit_answer_lost") == 1
    assert "submitted" not in events  # the receipt never came; the case was found instead


def test_a_session_that_expires_mid_form_logs_in_again_and_finishes(
    portal: MockPortal, profile: Path, tmp_path: Path
) -> None:
    portal.faults(session_ttl_s=600)
    watcher = Recorder(on_start={"fill_bank": lambda: portal.clock(advance_seconds=900)})
    result = run_profile(profile, portal, context(tmp_path / "runs", observer=watcher))
    assert result.exit_code == 0, result.message
    assert len(submitted(portal)) == 1
    events = [e["event"] for e in _log(tmp_path / "runs")]
    assert "session_expired" in events
    assert watcher.started.count("login") == 1 and events.count("logged_in") == 2
    # the form was opened again after the second login (the draft re-opened, not a new one)
    assert watcher.started.count("open_form") == 2
    assert len(cases_of(portal)) == 1


def test_a_session_that_ends_without_a_notice_logs_in_again_and_finishes(
    portal: MockPortal, profile: Path, tmp_path: Path
) -> None:
    # the fault matrix's "everything" at seed 2: an upload's background request met the expiry,
    # so the page re-opened after "上传失败，请重试" was the login page without "登录已超时":
    # it waited 30 s for the form and ended in exit 1 "页面未在 30 秒内出现预期内容"
    portal.faults(session_ttl_s=600)
    watcher = Recorder(on_start={"upload:id_back": lambda: portal.clock(advance_seconds=900)})
    result = run_profile(profile, portal, context(tmp_path / "runs", observer=watcher))
    assert result.exit_code == 0, result.message
    assert result.message.startswith("已提交，办件编号")
    [case] = submitted(portal)
    assert len(case["materials"]) == 6
    events = [e["event"] for e in _log(tmp_path / "runs")]
    assert events.count("upload_retry") == 1 and events.count("session_expired") == 1
    assert events.count("logged_in") == 2
    assert len(cases_of(portal)) == 1  # the same draft re-opened, not a second one


def test_a_quick_confirmation_clicks_the_preview_it_read_without_a_second_look(
    portal: MockPortal, profile: Path, tmp_path: Path
) -> None:
    watcher = Recorder()
    result = run_profile(profile, portal, context(tmp_path / "runs", observer=watcher))
    assert result.exit_code == 0, result.message
    [case] = submitted(portal)
    assert case["case_no"] == result.case_no
    events = [e["event"] for e in _log(tmp_path / "runs")]
    assert events.count("no_case_found") == 1
    assert events.count("preview_fresh") == 1
    assert "open_preview" not in watcher.started


def test_a_slow_confirmation_looks_in_my_cases_and_reads_the_preview_again_before_the_click(
    portal: MockPortal, profile: Path, tmp_path: Path
) -> None:
    # the human takes 15 minutes: the portal's session (10 minutes) has expired meanwhile
    portal.faults(session_ttl_s=600)
    now = [0.0]

    def slow_human(review: object) -> bool:
        portal.clock(advance_seconds=900)
        now[0] += 900
        return True

    ctx = context(tmp_path / "runs", confirm=slow_human, observer=(watcher := Recorder()))
    ctx.clock = lambda: now[0]
    result = run_profile(profile, portal, ctx)
    assert result.exit_code == 0, result.message
    [case] = submitted(portal)
    assert case["case_no"] == result.case_no
    events = [e["event"] for e in _log(tmp_path / "runs")]
    assert events.count("no_case_found") == 2
    assert "preview_fresh" not in events
    assert "session_expired" in events
    # the confirmed preview was opened again by its address and compared before the click
    assert watcher.started.count("open_preview") == 1


def test_a_session_gone_at_the_click_logs_in_again_looks_and_submits_once(
    portal: MockPortal, profile: Path, tmp_path: Path
) -> None:
    # the portal's clock jumps past the session's life while the human confirms: the click on
    # "确认提交" lands on the login page, and the run must neither give up nor click blindly
    portal.faults(session_ttl_s=600)

    def human(review: object) -> bool:
        portal.clock(advance_seconds=900)
        return True

    result = run_profile(profile, portal, context(tmp_path / "runs", confirm=human))
    assert result.exit_code == 0, result.message
    [case] = submitted(portal)
    assert case["case_no"] == result.case_no
    events = [e["event"] for e in _log(tmp_path / "runs")]
    assert events.count("submit_answer_lost") == 1
    assert "session_expired" in events
    # the second click came only after "我的办件" was looked at again
    assert events.count("no_case_found") == 2
    record = json.loads(next((tmp_path / "runs").glob("*/run.json")).read_text())
    assert len(record["submit_clicks"]) == 2


def test_a_case_filed_by_the_last_click_whose_answer_was_lost_is_found_not_denied(
    portal: MockPortal, profile: Path, tmp_path: Path
) -> None:
    # the fault matrix's "drop_and_errors" at seed 3: two clicks on "确认提交" answered 502, the
    # third filed the case and answered 504 (submit_drop); the run ended in exit 6 "“我的办件”中
    # 没有找到办件" without looking after that third click, while the portal held the case
    answers: list[int] = []

    def lost_answers(route: Route) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        if len(answers) < 2:
            portal.faults(error_rate=1.0)  # the portal's own 502 page, for this one request
        else:
            portal.faults(submit_drop=True)  # files the case, then answers 504
        try:
            answer = route.fetch()
        finally:
            portal.faults(error_rate=None, submit_drop=None)
        answers.append(answer.status)
        route.fulfill(response=answer)

    @contextmanager
    def opener(options: BrowserOptions, trace: Path | None) -> Iterator[Page]:
        with open_page(options, trace) as page:
            page.route("**/submit", lost_answers)
            yield page

    ctx = context(tmp_path / "runs")
    ctx.open_page = opener
    result = run_profile(profile, portal, ctx)
    assert answers == [502, 502, 504]
    assert result.exit_code == 0, result.message
    assert "提交后的答复丢失，已在“我的办件”中找到" in result.message
    [case] = submitted(portal)
    assert case["case_no"] == result.case_no
    record = json.loads(next((tmp_path / "runs").glob("*/run.json")).read_text())
    assert len(record["submit_clicks"]) == 3 and record["state"] == "status"


def test_a_busy_portal_is_retried_with_backoff(
    portal: MockPortal, profile: Path, tmp_path: Path
) -> None:
    portal.faults(error_rate=0.2, seed=7)
    slept: list[float] = []
    result = run_profile(profile, portal, context(tmp_path / "runs", sleep=slept.append))
    assert result.exit_code == 0, result.message
    assert len(submitted(portal)) == 1
    assert slept, "the portal never answered 系统繁忙: the seed does not exercise retries"
    assert all(0 < s <= 8.5 for s in slept)
    assert any(e["event"] == "retry" for e in _log(tmp_path / "runs"))


def test_sms_login_with_a_code_command(portal: MockPortal, cli: Cli, profile: Path) -> None:
    portal.faults(sms_login=True)
    fetch = (
        "import httpx,sys; "
        f"print(httpx.get('{portal.url}/__mock__/sms', params={{'phone': '13800138000'}}).json()['code'])"
    )
    command = shlex.join([sys.executable, "-c", fetch])
    done = cli("run", str(profile), "--sms-code-command", command)
    assert done.returncode == 5, done.stderr
    assert "登录网上服务平台" in done.stderr


def test_a_busy_answer_to_the_sms_request_is_retried_not_taken_for_a_changed_login_form(
    portal: MockPortal, profile: Path, tmp_path: Path
) -> None:
    # the fault matrix's "everything" at seed 1: "获取验证码" answered "系统繁忙" (502), and the
    # busy page was searched for "证件号码/手机号": exit 1 "页面上找不到…" instead of a retry
    portal.faults(sms_login=True)
    busy: list[int] = []

    def busy_once(route: Route) -> None:
        request = route.request
        if busy or request.method != "POST" or "action=send_code" not in (request.post_data or ""):
            route.continue_()
            return
        portal.faults(error_rate=1.0)  # the portal's own 502 page, for this one request
        try:
            answer = route.fetch()
        finally:
            portal.faults(error_rate=None)
        busy.append(answer.status)
        route.fulfill(response=answer)

    @contextmanager
    def opener(options: BrowserOptions, trace: Path | None) -> Iterator[Page]:
        with open_page(options, trace) as page:
            page.route("**/login", busy_once)
            yield page

    def phone_shows() -> str:  # nothing when no code was sent
        answer = portal.call("GET", "sms", params={"phone": "13800138000"})
        return str(answer.json().get("code", "")) if answer.status_code == 200 else ""

    slept: list[float] = []
    ctx = context(tmp_path / "runs", sleep=slept.append)
    ctx.open_page = opener
    result = run_profile(profile, portal, ctx, sms=phone_shows)
    assert busy == [502]
    assert result.exit_code == 0, result.message
    assert result.message.startswith("已提交，办件编号")
    assert len(submitted(portal)) == 1
    retries = [e for e in _log(tmp_path / "runs") if e["event"] == "retry"]
    assert len(retries) == len(slept) == 1 and "系统繁忙" in retries[0]["reason"]


def test_a_login_form_that_really_lacks_a_label_is_a_clear_refusal(
    portal: MockPortal, cli: Cli, profile: Path, tmp_path: Path
) -> None:
    # the same page shown in full, but its label is not the one the portal map names
    texts = tmp_path / "texts.yaml"
    texts.write_text("login_user: 统一身份认证账号\n", encoding="utf-8")
    done = cli("run", str(profile), "--portal-texts", str(texts))
    assert done.returncode == 4, done.stderr
    assert "页面上找不到“统一身份认证账号”的输入项" in done.stderr
    assert "--portal-texts" in done.stderr
    assert cases_of(portal) == []


def test_a_wrong_sms_code_is_the_portals_refusal(
    portal: MockPortal, cli: Cli, profile: Path
) -> None:
    portal.faults(sms_login=True)
    command = shlex.join([sys.executable, "-c", "print('000000')"])
    done = cli("run", str(profile), "--sms-code-command", command)
    assert done.returncode == 4, done.stderr
    assert "验证码错误或已过期" in done.stderr


def test_a_crash_after_the_submit_click_then_a_rerun_makes_exactly_one_case(
    portal: MockPortal, cli: Cli, profile: Path
) -> None:
    def crash() -> None:
        raise RuntimeError("power cut right after the click")

    ctx = context(cli.runs_dir, observer=Recorder(on_finish={"submit": crash}))
    with pytest.raises(RuntimeError, match="power cut"):
        in_thread(lambda: run_application(profile, ctx, connect_to(portal)))
    [folder] = [p for p in cli.runs_dir.iterdir() if not p.name.startswith(".")]
    record = RunFolder.open(cli.runs_dir, folder.name).record
    assert record.state == "confirmed" and len(record.submit_clicks) == 1
    assert len(submitted(portal)) == 1

    rerun = cli("run", str(profile), "--json")
    assert rerun.returncode == 0, rerun.stderr
    result = json.loads(rerun.stdout)
    assert result["run_id"] == folder.name
    [case] = submitted(portal)
    assert result["case_no"] == case["case_no"]
    assert "未再次提交" in result["message"]


def test_failed_uploads_are_retried_until_each_item_shows_uploaded(
    portal: MockPortal, profile: Path, tmp_path: Path
) -> None:
    portal.faults(upload_fail_rate=0.5, seed=3)
    slept: list[float] = []
    result = run_profile(profile, portal, context(tmp_path / "runs", sleep=slept.append))
    assert result.exit_code == 0, result.message
    [case] = submitted(portal)
    assert len(case["materials"]) == 6
    retried = [e for e in _log(tmp_path / "runs") if e["event"] == "upload_retry"]
    assert retried and all("上传失败，请重试" in e["reason"] for e in retried)


def test_an_unreachable_portal_is_exit_6_after_the_retries(profile: Path, tmp_path: Path) -> None:
    import socket
    from contextlib import contextmanager

    from autofill.flow.types import PortalAccess
    from autofill.retry import FIRST_CONTACT
    from autofill.session import Credentials

    with socket.socket() as sock:  # a port that nothing listens on
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"

    @contextmanager
    def nowhere(applicant: Any) -> Any:
        yield PortalAccess(url, Credentials(applicant.applicant.id_number, "x"), embedded=False)

    slept: list[float] = []
    ctx = context(tmp_path / "runs", sleep=slept.append)
    result = in_thread(lambda: run_application(profile, ctx, nowhere))
    assert result.exit_code == 6
    assert "门户无法访问" in result.message
    assert len(slept) == FIRST_CONTACT.attempts - 1
