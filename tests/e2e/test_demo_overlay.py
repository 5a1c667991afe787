"""The demo's overlay: the caption shows on the page, survives navigation, and stays out of the way."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import Browser, expect

from autofill.training.guides import GUIDES
from autofill.training.overlay import DemoObserver, install_overlay

pytestmark = pytest.mark.e2e

PAGE = """<!doctype html><html><body style="margin:0">
<h1>用户登录</h1>
<form><label for="u">证件号码/手机号</label><input id="u">
<button type="button" onclick="document.title='clicked'"
 style="position:fixed;bottom:20px;left:20px;width:90vw;height:60px">登录</button></form>
</body></html>"""


def test_caption_highlight_and_screenshot(browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    install_overlay(context)
    page = context.new_page()
    page.route(
        "http://portal.test/**",
        lambda route: route.fulfill(body=PAGE, content_type="text/html; charset=utf-8"),
    )
    page.goto("http://portal.test/login")
    observer = DemoObserver()
    button = page.get_by_role("button", name="登录")
    observer.step_started("login", page, button)

    # the caption is on the page, but invisible to the flow's locators (closed shadow root)
    caption = GUIDES["login"].caption
    assert page.get_by_text(caption[:10]).count() == 0
    shown = page.evaluate("() => document.getElementById('autofill-demo-overlay') !== null")
    assert shown
    # the highlighted control has the outline
    assert "solid 4px" in button.evaluate("el => el.style.outline")
    # clicks pass through the overlay, which covers the bottom of the page
    button.click(timeout=3_000)
    expect(page).to_have_title("clicked")

    # a navigation keeps the caption (re-rendered from sessionStorage)
    page.goto("http://portal.test/next")
    assert page.evaluate("() => sessionStorage.getItem('autofill-demo-caption')") is not None
    # the audience sees the caption box (deep blue) over the bottom of the page, above the button
    live = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    r, g, b = live.getpixel((500, 670))
    assert b > r + 30 and r < 60, (r, g, b)
    # the handout's screenshot leaves the box out: the handout prints the caption beside it
    observer.step_finished("login", page)
    assert len(observer.steps) == 1 and observer.steps[0].screenshot
    shot = Image.open(io.BytesIO(observer.steps[0].screenshot)).convert("RGB")
    assert shot.getpixel((500, 690)) == (255, 255, 255)
    assert (
        page.evaluate("() => document.getElementById('autofill-demo-overlay').style.visibility")
        == "visible"
    )
    context.close()


def test_the_submit_screenshot_is_taken_before_the_click(browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 800, "height": 600})
    install_overlay(context)
    page = context.new_page()
    page.set_content("<h1>申请信息预览</h1><button>确认提交</button>")
    observer = DemoObserver()
    observer.step_started("submit", page, page.get_by_role("button", name="确认提交"))
    page.set_content("<h1>提交成功</h1>")
    observer.step_finished("submit", page)
    observer.step_started("upload:id_front", page, None)
    observer.step_finished("upload:id_front", page)
    observer.step_started("find_case", page, None)
    observer.step_finished("find_case", page)
    keys = [s.step for s in observer.steps]
    # find_case is the tool's own business: not in the handout unless the run stopped there
    assert keys == ["submit", "upload", "find_case"]
    observer.step_started("read_result", page, None)
    observer.step_finished("read_result", page)
    assert [s.step for s in observer.steps] == ["submit", "upload", "read_result"]
    observer.step_started("upload:bank_card", page, None)
    observer.step_finished("upload:bank_card", page)
    assert [s.step for s in observer.steps] == ["submit", "upload", "read_result"]
    before = Image.open(io.BytesIO(observer.steps[0].screenshot or b"")).convert("RGB")
    # the outlined button (orange) is in the submit step's picture
    assert any(
        before.getpixel((x, y))[0] > 200 and 120 < before.getpixel((x, y))[1] < 180
        for x in range(0, 200, 2)
        for y in range(40, 120, 2)
    )
    context.close()


def test_handout_pictures_mask_personal_numbers_and_the_page_gets_them_back(
    browser: Browser,
) -> None:
    from autofill.training.overlay import mask_numbers

    page = browser.new_page()
    page.set_content(
        "<p>银行卡号 6222020212345678909 证书编号 S000031000001263000123</p>"
        "<p>证件号码 310101199203154321，联系电话 13800138000</p>"
        '<input id="card" value="6222020212345678909">'
    )
    mask_numbers(page, True)
    text = page.inner_text("body")
    assert "6222 **** **** 8909" in text and "6222020212345678909" not in text
    assert "310***********4321" in text and "138****8000" in text
    assert "S000031000001263000123" in text  # a certificate number is not personal
    assert page.input_value("#card") == "6222 **** **** 8909"
    mask_numbers(page, False)
    assert "6222020212345678909" in page.inner_text("body")
    assert page.input_value("#card") == "6222020212345678909"
    page.close()


def test_handout_pictures_mask_numbers_the_portal_writes_in_groups(browser: Browser) -> None:
    from autofill.training.overlay import mask_numbers

    page = browser.new_page()
    page.set_content(
        "<p>银行卡号 6222 0202 1234 5678 909</p><p>确认银行卡号 6222-0202-1234-5678-909</p>"
        "<p>联系电话 +86 138 0013 8000</p><p>证件号码 310101 19920315 4321</p>"
        "<p>发证日期 2026-10-20 办件编号 SH20261129000001</p>"
        '<input id="phone" value="138-0013-8000">'
    )
    mask_numbers(page, True)
    text = page.inner_text("body")
    assert text.count("6222 **** **** 8909") == 2
    assert "+86 138****8000" in text and "310***********4321" in text
    assert "2026-10-20" in text and "SH20261129000001" in text
    assert page.input_value("#phone") == "138****8000"
    mask_numbers(page, False)
    assert "6222 0202 1234 5678 909" in page.inner_text("body")
    assert page.input_value("#phone") == "138-0013-8000"
    page.close()
