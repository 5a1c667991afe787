"""The logins only a person can pass: the image captcha, the QR panel, the 统一身份认证 site."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import httpx
import pytest
from PIL import Image

from mock_portal.server import PortalServer, start_in_thread
from mock_portal.settings import PortalSettings
from tests.conftest import MockPortal
from tests.portal.conftest import PASSWORD, WANG, Applicant, errors_box


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden {name} on the page"
    return match.group(1).replace("&amp;", "&")


def test_the_captcha_is_a_picture_whose_answer_is_nowhere_in_the_page(
    applicant: Applicant, portal: MockPortal
) -> None:
    portal.faults(captcha=True)
    person = applicant()
    page = person.get("/login").text
    assert "图形验证码" in page and "看不清，换一张" in page
    captcha_id = hidden(page, "captcha_id")
    answer = portal.captcha(captcha_id)
    assert answer not in page and answer.lower() not in page
    src = re.search(r'<img class="captcha-img" src="([^"]+)"', page)
    assert src and answer not in src.group(1)
    picture = person.get(src.group(1))
    assert picture.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(picture.content)).size == (132, 44)


def test_a_wrong_captcha_is_refused_with_a_new_picture_and_the_right_one_logs_in(
    applicant: Applicant, portal: MockPortal
) -> None:
    portal.faults(captcha=True)
    person = applicant()
    first = hidden(person.get("/login").text, "captcha_id")
    refused = person.post(
        "/login",
        {"username": WANG, "password": PASSWORD, "captcha_id": first, "captcha": "XXXX"},
    )
    assert refused.status_code == 400 and "图形验证码错误" in errors_box(refused.text)
    second = hidden(refused.text, "captcha_id")
    assert second != first
    # a captcha is good for one try: its answer, late, no longer opens the door
    late = person.post(
        "/login",
        {
            "username": WANG,
            "password": PASSWORD,
            "captcha_id": first,
            "captcha": portal.captcha(second),
        },
    )
    assert "图形验证码错误" in late.text
    third = hidden(late.text, "captcha_id")
    ok = person.post(
        "/login",
        {
            "username": WANG,
            "password": PASSWORD,
            "captcha_id": third,
            "captcha": portal.captcha(third).lower(),
        },
    )
    assert "个人办事" in ok.text and "退出" in ok.text
    assert portal.stats()["login_posts"] == 3


def test_without_the_fault_there_is_no_captcha(applicant: Applicant, portal: MockPortal) -> None:
    person = applicant()
    page = person.get("/login").text
    assert "图形验证码" not in page
    assert "个人办事" in person.login().text


def test_the_qr_panel_logs_in_only_once_the_app_approves(
    applicant: Applicant, portal: MockPortal
) -> None:
    person = applicant()
    page = person.get("/login").text
    assert "请使用随申办APP扫码登录" in page
    done = re.search(r'data-qr-done="([^"]+)"', page)
    state = re.search(r'data-qr-state="([^"]+)"', page)
    assert done and state
    done_url = done.group(1).replace("&amp;", "&")
    assert person.get(state.group(1)).json() == {"state": "waiting"}
    # nothing a script can do on its own completes it
    assert "用户登录" in person.get(done_url).text
    token = state.group(1).split("/")[-2]
    portal.approve_qr(WANG, token)
    assert person.get(state.group(1)).json() == {"state": "approved"}
    assert "个人办事" in person.get(done_url).text
    # a QR code is good for one login
    stranger = Applicant(portal.url)
    try:
        assert "用户登录" in stranger.get(done_url).text
    finally:
        stranger.close()


def test_the_control_api_answers_captcha_and_qr_only_for_what_was_issued(
    portal: MockPortal,
) -> None:
    assert portal.call("GET", "captcha").status_code == 404
    assert portal.call("POST", "qr/approve", {"id_number": WANG}).status_code == 404
    assert portal.call("POST", "qr/approve", {"id_number": "nobody"}).status_code == 422
    assert portal.faults(captcha=True)["captcha"] is True
    assert portal.faults(captcha=None)["captcha"] is False


@pytest.fixture
def sso_portal() -> Iterator[PortalServer]:
    with start_in_thread(PortalSettings(port=0, sso=True, captcha=True)) as server:
        yield server


def test_sso_logs_in_on_another_origin_and_comes_back_with_a_one_time_ticket(
    sso_portal: PortalServer,
) -> None:
    assert sso_portal.sso_url and sso_portal.sso_url != sso_portal.url
    with (
        httpx.Client(base_url=sso_portal.url, follow_redirects=True) as browser,
        httpx.Client(base_url=sso_portal.url) as control,
    ):
        page = browser.get("/login?next=/cases")
        assert str(page.url).startswith(sso_portal.sso_url)
        assert "统一身份认证平台" in page.text and "请使用随申办APP扫码登录" in page.text
        captcha_id = hidden(page.text, "captcha_id")
        answer = control.get("/__mock__/captcha", params={"id": captcha_id}).json()["answer"]
        assert answer not in page.text
        form = {
            "lt": hidden(page.text, "lt"),
            "service": hidden(page.text, "service"),
            "username": WANG,
            "password": PASSWORD,
            "captcha_id": captcha_id,
            "captcha": answer,
        }
        back = browser.post(f"{sso_portal.sso_url}/cas/login", data=form, follow_redirects=False)
        assert back.status_code == 303
        ticket_url = back.headers["location"]
        assert (
            ticket_url.startswith(sso_portal.url + "/sso/callback") and "ticket=ST-" in ticket_url
        )
        landed = browser.get(ticket_url)
        assert "我的办件" in landed.text and str(landed.url).endswith("/cases")
        # the ticket was spent: another browser presenting it gets nothing
        with httpx.Client() as thief:
            replay = thief.get(ticket_url, follow_redirects=False)
        assert replay.status_code == 400 and "登录凭证无效或已使用" in replay.text
        stats = control.get("/__mock__/stats").json()
        assert stats["sso_login_posts"] == 1 and stats["login_posts"] == 0


def test_sso_refuses_a_wrong_captcha_and_a_foreign_service(sso_portal: PortalServer) -> None:
    assert sso_portal.sso_url
    with httpx.Client(base_url=sso_portal.url, follow_redirects=True) as browser:
        page = browser.get("/login")
        form = {
            "lt": hidden(page.text, "lt"),
            "service": hidden(page.text, "service"),
            "username": WANG,
            "password": PASSWORD,
            "captcha_id": hidden(page.text, "captcha_id"),
            "captcha": "0000",
        }
        refused = browser.post(f"{sso_portal.sso_url}/cas/login", data=form)
        assert refused.status_code == 400 and "图形验证码错误" in refused.text
        assert hidden(refused.text, "captcha_id") != form["captcha_id"]
        foreign = browser.get(
            f"{sso_portal.sso_url}/cas/login", params={"service": "http://evil.example/steal"}
        )
        assert foreign.status_code == 400 and "未知的业务系统地址" in foreign.text
