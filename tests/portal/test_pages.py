"""Finding the service and the guide: search, the 职业能力 category, 立即申请 and its refusals."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from tests.conftest import MockPortal
from tests.portal.conftest import Applicant, errors_box

pytestmark = pytest.mark.portal

Make = Callable[..., Applicant]
SERVICE_LINK = '<a href="/services/skill-subsidy">职业技能提升补贴申请</a>'


def test_every_page_carries_the_banner(portal: MockPortal, applicant: Make) -> None:
    assert "模拟环境 · 仅供测试与培训" in httpx.get(portal.url + "/login").text
    wang = applicant()
    page = wang.login().text
    assert "模拟环境 · 仅供测试与培训" in page
    assert "王**" in page and ">我的办件</a>" in page and ">退出</button>" in page
    assert "王示例" not in page


@pytest.mark.parametrize("query", ["技能提升", "补贴"])
def test_search_finds_the_service(applicant: Make, query: str) -> None:
    wang = applicant()
    wang.login()
    assert SERVICE_LINK in wang.get("/services", params={"q": query}).text


def test_search_for_something_else(applicant: Make) -> None:
    wang = applicant()
    wang.login()
    page = wang.get("/services", params={"q": "公积金"}).text
    assert SERVICE_LINK not in page and "未找到相关事项" in page


def test_category_lists_the_service(applicant: Make) -> None:
    wang = applicant()
    page = wang.login().text
    assert ">职业能力</a>" in page
    assert SERVICE_LINK in wang.get("/services", params={"category": "职业能力"}).text


def test_guide_sections_and_standards(applicant: Make) -> None:
    wang = applicant()
    wang.login()
    page = wang.get("/services/skill-subsidy").text
    for heading in ("申请条件", "申请材料", "办理流程", "补贴标准"):
        assert f"<h2>{heading}</h2>" in page
    for level, amount in (
        ("五级", 1500),
        ("四级", 2000),
        ("三级", 2500),
        ("二级", 3000),
        ("一级", 3500),
    ):
        assert f"<td>{level}</td><td>{amount}元</td>" in page
    # the ungraded 职业资格证书 is not offered online (docs/policy-rules.md)
    assert "1000元" not in page and "80%" in page
    assert "我已阅读并知晓申请须知" in page and "立即申请" in page


def test_apply_needs_the_notice_ticked(applicant: Make, portal: MockPortal) -> None:
    wang = applicant()
    wang.login()
    wang.get("/services/skill-subsidy")
    response = wang.post("/services/skill-subsidy/apply", {})
    assert "我已阅读并知晓申请须知" in errors_box(response.text)
    assert portal.cases() == []


def test_basic_authentication_cannot_apply(applicant: Make, portal: MockPortal) -> None:
    zheng = applicant("31010919910808707X")
    zheng.login()
    page = zheng.get("/services/skill-subsidy").text
    assert "请先完成实名认证（高级认证）后再办理此事项" in page
    assert "disabled>立即申请" in page
    response = zheng.post("/services/skill-subsidy/apply", {"agree": "on"})
    assert response.status_code == 403
    assert "请先完成实名认证（高级认证）后再办理此事项" in response.text
    assert "职业技能提升补贴申请表" not in zheng.get("/apply").text
    assert portal.cases() == []


def test_opening_the_form_creates_one_draft(applicant: Make, portal: MockPortal) -> None:
    wang = applicant()
    wang.login()
    page = wang.open_form().text
    assert "职业技能提升补贴申请表" in page
    assert "310***********4321" in page and "310101199203154321" not in page
    wang.open_form()
    [case] = portal.cases()
    assert case["status"] == "草稿" and case["case_no"] == wang.case_no


def test_pages_need_a_login(portal: MockPortal) -> None:
    with httpx.Client(base_url=portal.url) as anonymous:
        for path in ("/services", "/apply", "/cases", "/services/skill-subsidy"):
            response = anonymous.get(path)
            assert response.status_code == 303
            assert response.headers["location"].startswith("/login")
        assert anonymous.get("/review").headers["location"].startswith("/review/login")


def test_login_returns_to_the_page_asked_for(applicant: Make) -> None:
    wang = applicant()
    wang.get("/cases")
    assert "用户登录" in wang.page
    response = wang.post(
        "/login", {"username": wang.id_number, "password": "Passw0rd!", "next": "/cases"}
    )
    assert "<h1>我的办件</h1>" in response.text
    evil = applicant()
    evil.get("/login")
    page = evil.post(
        "/login", {"username": wang.id_number, "password": "Passw0rd!", "next": "//evil.example/"}
    )
    assert str(page.url).startswith(wang.client.base_url.scheme + "://127.0.0.1")
