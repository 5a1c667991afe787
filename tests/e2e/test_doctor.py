"""`autofill doctor` against the live mock portal: the machine, the walk, a renamed label, and
proof that the walk leaves every case on the portal exactly as it was."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MockPortal
from tests.e2e.run_support import Cli, copy_example
from tests.portal.conftest import WANG_FORM, Applicant, id_with_check

pytestmark = pytest.mark.e2e


@pytest.fixture
def cli(portal: MockPortal, tmp_path: Path) -> Cli:
    return Cli(portal, tmp_path / "runs")


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "applicant")


def _doctor(cli: Cli, *args: str, portal_url: bool = True) -> tuple[int, dict[str, Any], str]:
    done = cli("doctor", *args, "--json", portal_url=portal_url)
    return done.returncode, json.loads(done.stdout), done.stderr


def _doctor_at(cli: Cli, url: str, *args: str) -> tuple[int, dict[str, Any], str]:
    done = cli("doctor", *args, "--portal-url", url, "--json", portal_url=False)
    return done.returncode, json.loads(done.stdout), done.stderr


def _results(report: dict[str, Any]) -> dict[str, str]:
    return {row["key"]: row["result"] for row in report["texts"]}


def _submitted_case_and_a_draft(portal: MockPortal) -> None:
    """The example applicant with a case 待审核 and, after it, a half-filled draft with a file."""
    with Applicant(portal.url) as wang:
        assert "申请信息预览" in wang.apply_fully().text
        assert "提交成功" in wang.submit().text
        wang.open_form()
        wang.form("save", phone=WANG_FORM["phone"], employer=WANG_FORM["employer"])
        assert wang.upload("id_front").status_code == 200


def test_this_machine_is_ready(cli: Cli) -> None:
    code, report, _ = _doctor(cli, portal_url=False)
    assert code == 0, report
    checks = {c["check"]: c for c in report["checks"]}
    assert set(checks) == {
        "browser",
        "browser_version",
        "headless_launch",
        "sandbox",
        "cjk_fonts",
        "locale_pack",
        "runs_dir",
    }
    assert all(c["ok"] for c in checks.values()), checks
    assert checks["browser_version"]["detail"].startswith(("Chromium", "Google Chrome"))
    assert checks["locale_pack"]["detail"].split("；")[0].endswith("zh-CN.pak")
    assert report["message"] == "本机已就绪"


def test_the_walk_finds_every_text_and_changes_no_case(
    cli: Cli, profile: Path, portal: MockPortal
) -> None:
    _submitted_case_and_a_draft(portal)
    before = portal.cases()
    assert sorted(c["status"] for c in before if c["id_number"] == "310101199203154321") == [
        "待审核",
        "草稿",
    ]

    code, report, stderr = _doctor(cli, "--profile", str(profile))

    assert code == 0, (report["message"], stderr)
    results = _results(report)
    # the existing draft's form was read: its labels, upload items and choices
    for key in (
        "form_heading",
        "certificate_number",
        "issue_date",
        "bank",
        "materials.bank_card",
        "levels.3",
        "uploaded",
        "save_button",
        "next_button",
    ):
        assert results[key] == "found", key
    # the submitted case's detail, the list and its statuses
    for key in (
        "detail_heading",
        "detail_status",
        "column_status",
        "status_pending",
        "status_draft",
    ):
        assert results[key] == "found", key
    assert results["preview_heading"] == "not_checked"
    assert "missing" not in results.values()
    # nothing new, nothing changed: the same cases with the same fields and materials
    assert portal.cases() == before


def test_without_a_draft_the_form_is_not_opened(
    cli: Cli, profile: Path, portal: MockPortal
) -> None:
    code, report, _ = _doctor(cli, "--profile", str(profile))
    assert code == 0, report["message"]
    rows = {row["key"]: row for row in report["texts"]}
    assert rows["certificate_number"]["result"] == "not_checked"
    assert rows["certificate_number"]["why"] == "no_draft"
    assert rows["guide_ack"]["result"] == "found"
    assert portal.cases() == []  # "立即申请" was never pressed: no draft was created


def test_a_renamed_label_fails_with_exit_4_and_is_named(
    cli: Cli, profile: Path, portal: MockPortal, tmp_path: Path
) -> None:
    _submitted_case_and_a_draft(portal)
    before = portal.cases()
    # as if the portal now wrote "开户行" where the map says "开户银行", and renamed a category
    texts = tmp_path / "texts.yaml"
    texts.write_text(
        "bank: 开户行\ncategory_link: 职业培训\nstatus_pending: 等待审核\n", encoding="utf-8"
    )

    code, report, _ = _doctor(cli, "--profile", str(profile), "--portal-texts", str(texts))

    assert code == 4, report
    missing = {row["key"]: row for row in report["texts"] if row["result"] == "missing"}
    assert set(missing) == {"bank", "category_link"}
    # the list shows a status the map does not know: the map's 等待审核 is the portal's 待审核
    unknown = [row for row in report["texts"] if row["result"] == "unknown"]
    assert [(row["key"], row["text"]) for row in unknown] == [("statuses", "待审核")]
    assert missing["bank"]["text"] == "开户行" and missing["bank"]["page"] == "form"
    assert "“开户行”（bank）" in report["message"] and "--portal-texts" in report["message"]
    assert portal.cases() == before


def test_the_table_names_the_missing_label_for_people(
    cli: Cli, profile: Path, tmp_path: Path
) -> None:
    texts = tmp_path / "texts.yaml"
    texts.write_text("guide_ack: 我已阅读并同意\n", encoding="utf-8")
    done = cli("doctor", "--profile", str(profile), "--portal-texts", str(texts))
    assert done.returncode == 4, done.stderr
    assert "我已阅读并同意" in done.stderr and "缺少" in done.stderr
    assert "门户页面上缺少 1 项字样" in done.stderr


def test_the_modern_layout_passes_too(cli: Cli, profile: Path, portal: MockPortal) -> None:
    portal.faults(layout="modern")
    _submitted_case_and_a_draft(portal)
    before = portal.cases()
    code, report, _ = _doctor(cli, "--profile", str(profile))
    assert code == 0, report["message"]
    results = _results(report)
    assert results["certificate_kind"] == "found" and results["levels.2"] == "found"
    assert results["materials.id_back"] == "found"
    assert portal.cases() == before


def test_the_embedded_portal_is_the_default(cli: Cli, profile: Path) -> None:
    code, report, _ = _doctor(
        cli, "--profile", str(profile), "--layout", "modern", portal_url=False
    )
    assert code == 0, report["message"]
    assert report["embedded"] is True
    assert _results(report)["login_button"] == "found"


def test_open_form_leaves_one_empty_draft_and_reuses_it(
    cli: Cli, profile: Path, portal: MockPortal
) -> None:
    code, report, _ = _doctor(cli, "--profile", str(profile), "--open-form")
    assert code == 0, report["message"]
    assert _results(report)["certificate_number"] == "found"
    drafts = portal.cases()
    assert [c["status"] for c in drafts] == ["草稿"]
    assert drafts[0]["materials"] == {} and not drafts[0]["fields"].get("cert_number")

    # the second time the draft is there: it is read, not made again, and stays as it was
    code, report, _ = _doctor(cli, "--profile", str(profile), "--open-form")
    assert code == 0, report["message"]
    assert _results(report)["bank"] == "found"
    assert portal.cases() == drafts


def test_a_refused_login_is_exit_4_with_the_portals_words(cli: Cli, tmp_path: Path) -> None:
    # an applicant the portal has no account for
    stranger = copy_example(
        tmp_path / "stranger", applicant={"id_number": id_with_check("31010119900101555")}
    )
    code, report, _ = _doctor(cli, "--profile", str(stranger))
    assert code == 4, report
    assert report["message"].startswith("无法登录门户：用户名或密码错误")
    assert _results(report)["login_button"] == "found"
    assert _results(report)["guide_ack"] == "not_checked"


def test_an_unreachable_portal_is_exit_6(cli: Cli, profile: Path) -> None:
    code, report, _ = _doctor_at(cli, "http://127.0.0.1:9", "--profile", str(profile))
    assert code == 6, report
    assert report["message"].startswith("无法打开门户")


def test_a_renamed_login_button_is_named_and_stops_the_walk(
    cli: Cli, profile: Path, tmp_path: Path
) -> None:
    texts = tmp_path / "texts.json"
    texts.write_text('{"login_button": "登 录"}', encoding="utf-8")
    code, report, _ = _doctor(cli, "--profile", str(profile), "--portal-texts", str(texts))
    assert code == 4, report
    assert report["message"].startswith("无法登录门户：")
    assert "“登 录”（login_button）" in report["message"]
    assert _results(report)["login_user"] == "found"
    assert _results(report)["home_heading"] == "not_checked"
