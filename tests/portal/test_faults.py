"""Each fault of the spec's table, switched by /__mock__/faults, random ones replayable by seed."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import httpx
import pytest

from tests.conftest import MockPortal
from tests.portal.conftest import WANG_FORM, Applicant, beside

pytestmark = pytest.mark.portal

Make = Callable[..., Applicant]


def test_latency_is_added(portal: MockPortal) -> None:
    portal.faults(latency_ms=150)
    started = time.perf_counter()
    httpx.get(portal.url + "/login")
    assert time.perf_counter() - started >= 0.15
    portal.faults(latency_ms=[100, 120])
    started = time.perf_counter()
    httpx.get(portal.url + "/login")
    assert time.perf_counter() - started >= 0.10


def test_error_rate_answers_502_but_never_the_control_api(portal: MockPortal) -> None:
    portal.faults(error_rate=1.0)
    response = httpx.get(portal.url + "/login")
    assert response.status_code == 502
    assert "系统繁忙，请稍后再试" in response.text
    assert "模拟环境 · 仅供测试与培训" in response.text
    assert portal.call("GET", "cases").status_code == 200


def test_random_faults_replay_with_the_same_seed(portal: MockPortal) -> None:
    def pattern() -> list[int]:
        return [httpx.get(portal.url + "/login").status_code for _ in range(24)]

    portal.faults(seed=7, error_rate=0.5)
    first = pattern()
    portal.faults(seed=7)
    assert pattern() == first
    assert 502 in first and 200 in first


def test_session_ttl_expires_and_keeps_the_draft(applicant: Make, portal: MockPortal) -> None:
    portal.faults(session_ttl_s=60)
    wang = applicant()
    wang.login()
    wang.open_form()
    wang.form("save", phone="13800138000", card_number="6222020212345678909")
    portal.clock(advance_seconds=30)
    assert "职业技能提升补贴申请表" in wang.get(f"/apply/{wang.case_no}").text
    portal.clock(advance_seconds=61)
    page = wang.get(f"/apply/{wang.case_no}")
    assert "登录已超时，请重新登录" in page.text
    assert "用户登录" in page.text
    again = wang.post(
        "/login",
        {"username": wang.id_number, "password": "Passw0rd!", "next": f"/apply/{wang.case_no}"},
    )
    assert "职业技能提升补贴申请表" in again.text
    assert 'value="6222020212345678909"' in again.text


def test_cert_db_lag_hides_recent_certificates(applicant: Make, portal: MockPortal) -> None:
    # the fixtures' certificate of 王示例 is 41 days old on the portal clock, whatever the date
    portal.faults(cert_db_lag_days=60)
    wang = applicant()
    wang.login()
    wang.open_form()
    assert "证书信息校验失败" in beside(wang.lookup("S000031000001263000123").text, "cert_number")
    portal.faults(cert_db_lag_days=30)
    assert "已从证书库查询到证书信息" in wang.lookup("S000031000001263000123").text


def test_upload_fail_rate(applicant: Make, portal: MockPortal) -> None:
    portal.faults(upload_fail_rate=1.0)
    wang = applicant()
    wang.login()
    wang.open_form()
    response = wang.upload("id_front")
    assert "上传失败，请重试" in response.text
    assert "已上传" not in response.text
    assert portal.cases()[0]["materials"] == {}


def test_submit_drop_commits_then_answers_504_once(applicant: Make, portal: MockPortal) -> None:
    portal.faults(submit_drop=True)
    wang = applicant()
    wang.apply_fully()
    response = wang.submit()
    assert response.status_code == 504
    assert "提交成功" not in response.text
    assert [c["status"] for c in portal.cases()] == ["待审核"]
    assert wang.case_no in wang.get("/cases").text
    assert portal.faults()["submit_drop"] is False
    # a second click finds the case already submitted: no second case
    again = wang.submit()
    assert "办件详情" in again.text
    assert len(portal.cases()) == 1


def test_mangle_preview_alters_one_value(applicant: Make, portal: MockPortal) -> None:
    portal.faults(mangle_preview=True)
    preview = applicant().apply_fully().text
    shown = re.search(r"<th scope=\"row\">银行卡号</th><td>([^<]*)<", preview)
    assert shown and shown.group(1) != WANG_FORM["card_number"]
    assert shown.group(1)[:-1] == WANG_FORM["card_number"][:-1]
    portal.faults(mangle_preview="开户银行")
    preview = applicant().apply_fully().text
    assert re.search(r"<th scope=\"row\">开户银行</th><td>中国农业银行<", preview)
    assert re.search(r"<th scope=\"row\">银行卡号</th><td>6222020212345678909<", preview)


def test_sms_login(applicant: Make, portal: MockPortal) -> None:
    portal.faults(sms_login=True)
    wang = applicant()
    page = wang.get("/login").text
    assert "短信验证码" in page and "获取验证码" in page
    assert "验证码错误或已过期" in wang.login().text
    wang.post("/login", {"username": wang.id_number, "action": "send_code"})
    code = portal.sms_code("13800138000")
    portal.clock(advance_seconds=301)
    assert "验证码错误或已过期" in wang.login(sms_code=code).text
    wang.post("/login", {"username": wang.id_number, "action": "send_code"})
    assert "个人办事" in wang.login(sms_code=portal.sms_code("13800138000")).text


def test_layout_switch(portal: MockPortal) -> None:
    assert portal.faults(layout="modern")["layout"] == "modern"
    portal.reset()
    assert portal.faults()["layout"] == "classic"
    assert "/static/classic.css" in httpx.get(portal.url + "/login").text
