"""The whole flow in a real Chromium on the modern layout, at desktop and phone size.

Only what a person sees is used: headings, button and link names, option texts, and the one
fallback a client needs where labels are not tied to their controls: the form item that holds
the label text, then the control inside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Locator, Page, ViewportSize, expect

from tests.conftest import MockPortal
from tests.portal.conftest import wang_issued

MONTHS = (
    "一月",
    "二月",
    "三月",
    "四月",
    "五月",
    "六月",
    "七月",
    "八月",
    "九月",
    "十月",
    "十一月",
    "十二月",
)

pytestmark = pytest.mark.e2e

ITEMS = ["身份证人像面", "身份证国徽面", "证书封面", "证书个人信息页", "证书等级页", "银行卡"]
SIZES: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}


@pytest.fixture
def modern(portal: MockPortal) -> Iterator[MockPortal]:
    """The portal switched to the modern layout for one test, and back afterwards."""
    assert portal.faults(layout="modern")["layout"] == "modern"
    yield portal
    portal.faults(layout=None)


def item(page: Page, label: str) -> Locator:
    """The form item whose label reads exactly `label` (labels here are not tied to inputs)."""
    return page.locator(".el-form-item").filter(
        has=page.locator(".el-form-item__label", has_text=re.compile(f"^{re.escape(label)}$"))
    )


def text_input(page: Page, label: str) -> Locator:
    return item(page, label).locator("input:not([type=hidden])")


def choose(page: Page, label: str, option: str) -> None:
    item(page, label).get_by_role("combobox").click()
    page.get_by_role("listbox").get_by_role("option", name=option, exact=True).click()
    expect(page.get_by_role("listbox")).to_have_count(0)


def scan(folder: Path, name: str) -> Path:
    path = folder / f"{name}.jpg"
    Image.new("RGB", (900, 620), (235, 240, 250)).save(path, "JPEG", quality=80)
    return path


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_walk_the_whole_flow_on_the_modern_layout(
    page: Page, modern: MockPortal, tmp_path: Path, size: str
) -> None:
    page.set_viewport_size(SIZES[size])
    page.goto(modern.url + "/login")
    expect(page.get_by_text("模拟环境 · 仅供测试与培训")).to_be_visible()
    expect(page.get_by_role("heading", name="用户登录")).to_be_visible()
    expect(page.get_by_label("证件号码/手机号")).to_have_count(0)  # the modern layout's labels
    text_input(page, "证件号码/手机号").fill("310101199203154321")
    text_input(page, "密码").fill("Passw0rd!")
    page.get_by_role("button", name="登录").click()

    expect(page.get_by_role("heading", name="个人办事")).to_be_visible()
    expect(page.get_by_role("banner")).to_contain_text("王**")
    text_input(page, "搜索服务").fill("技能提升")
    page.get_by_role("button", name="搜索").click()
    page.get_by_role("link", name="职业技能提升补贴申请").click()

    expect(page.get_by_role("heading", name="职业技能提升补贴申请", exact=True)).to_be_visible()
    page.get_by_label("我已阅读并知晓申请须知").check()
    page.get_by_role("button", name="立即申请").click()

    expect(page.get_by_role("heading", name="职业技能提升补贴申请表")).to_be_visible()
    expect(item(page, "证件号码")).to_contain_text("310***********4321")
    text_input(page, "证书编号").fill("S000031000001263000123")
    page.get_by_role("button", name="查询").click()
    expect(text_input(page, "职业（工种）")).to_have_value("电工")
    expect(text_input(page, "等级")).to_have_value("三级/高级工")
    issued = wang_issued()
    expect(text_input(page, "发证日期")).to_have_value(issued.isoformat())

    # the date once more, from the pop-up calendar: year, month, then the day
    text_input(page, "发证日期").fill("")
    text_input(page, "发证日期").press("Enter")
    text_input(page, "发证日期").click()
    calendar = page.locator(".el-picker-panel").filter(visible=True)
    year_label = calendar.locator(".el-date-picker__header-label", has_text="年")
    shown_year = int(year_label.inner_text().split()[0])
    year_label.click()
    # the year view shows the browser's decade; its arrows move by a decade
    for _ in range(shown_year // 10 - issued.year // 10):
        calendar.get_by_role("button", name="前一年").click()
    for _ in range(issued.year // 10 - shown_year // 10):
        calendar.get_by_role("button", name="后一年").click()
    calendar.get_by_text(str(issued.year), exact=True).click()
    calendar.get_by_text(MONTHS[issued.month - 1], exact=True).click()
    calendar.locator("td.available").get_by_text(str(issued.day), exact=True).click()
    expect(text_input(page, "发证日期")).to_have_value(issued.isoformat())

    choose(page, "就业状态", "在职")
    text_input(page, "工作单位").fill("上海示例机电工程有限公司")
    choose(page, "开户银行", "中国工商银行")
    text_input(page, "银行卡号").fill("6222020212345678909")
    text_input(page, "确认银行卡号").fill("6222020212345678909")

    # 下一步 without the materials: refused, every field kept, each missing item named beside it
    page.get_by_role("button", name="下一步").click()
    expect(page.get_by_role("alert")).to_contain_text("请修正以下问题")
    expect(item(page, "身份证人像面").locator(".el-form-item__error")).to_contain_text(
        "请上传身份证人像面"
    )
    expect(text_input(page, "开户银行")).to_have_value("中国工商银行")
    expect(text_input(page, "就业状态")).to_have_value("在职")
    expect(text_input(page, "发证日期")).to_have_value(issued.isoformat())
    expect(text_input(page, "确认银行卡号")).to_have_value("6222020212345678909")

    # the first item through "点击上传" and the file chooser, the others through their inputs
    with page.expect_file_chooser() as chooser:
        item(page, ITEMS[0]).get_by_role("button", name="点击上传").click()
    chooser.value.set_files(scan(tmp_path, "scan1"))
    expect(item(page, ITEMS[0]).get_by_text("已上传")).to_be_visible()
    for n, label in enumerate(ITEMS[1:], start=2):
        item(page, label).locator('input[type="file"]').set_input_files(scan(tmp_path, f"scan{n}"))
        expect(item(page, label).get_by_text("已上传")).to_be_visible()
        expect(item(page, label).get_by_text(f"scan{n}.jpg")).to_be_visible()
    expect(page.get_by_text("已上传")).to_have_count(len(ITEMS))
    expect(text_input(page, "确认银行卡号")).to_have_value("6222020212345678909")
    page.get_by_role("button", name="下一步").click()

    expect(page.get_by_role("heading", name="申请信息预览")).to_be_visible()
    expect(page.get_by_role("cell", name="310***********4321")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("^发证日期"))).to_contain_text(
        issued.isoformat()
    )
    expect(page.get_by_role("row", name=re.compile("^开户银行"))).to_contain_text("中国工商银行")
    expect(page.get_by_role("img", name="银行卡缩略图")).to_be_visible()
    page.get_by_label("本人承诺以上信息真实、准确、完整").check()
    page.get_by_role("button", name="确认提交").click()

    expect(page.get_by_role("heading", name="提交成功")).to_be_visible()
    expect(page.get_by_text("当前状态：待审核")).to_be_visible()
    receipt = page.get_by_text(re.compile(r"^办件编号：")).inner_text()
    case_no = receipt.split("：", 1)[1].strip()
    page.get_by_role("main").get_by_role("link", name="我的办件").click()

    expect(page.get_by_role("heading", name="我的办件")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=case_no)
    expect(row).to_contain_text("待审核")
    row.get_by_role("link", name="查看").click()
    expect(page.get_by_role("heading", name="办件详情")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("^办件状态"))).to_contain_text("待审核")

    [case] = [c for c in modern.cases() if c["case_no"] == case_no]
    assert case["status"] == "待审核"
    assert case["fields"]["发证日期"] == issued.isoformat()
    assert case["fields"]["开户银行"] == "中国工商银行"
    assert case["fields"]["就业状态"] == "在职"
    assert case["fields"]["银行卡号"] == "6222020212345678909"
    assert sorted(case["materials"]) == sorted(ITEMS)
    if size == "phone":
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390


def open_form(page: Page, portal: MockPortal) -> None:
    page.goto(portal.url + "/login")
    text_input(page, "证件号码/手机号").fill("310101199203154321")
    text_input(page, "密码").fill("Passw0rd!")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="职业能力").click()
    page.get_by_role("link", name="职业技能提升补贴申请").click()
    page.get_by_label("我已阅读并知晓申请须知").check()
    page.get_by_role("button", name="立即申请").click()
    expect(page.get_by_role("heading", name="职业技能提升补贴申请表")).to_be_visible()


def test_upload_refusal_shows_beside_the_item_and_delete_empties_it(
    page: Page, modern: MockPortal, tmp_path: Path
) -> None:
    open_form(page, modern)
    fake = tmp_path / "假照片.jpg"
    fake.write_text("这不是图片", encoding="utf-8")
    item(page, "证书封面").locator('input[type="file"]').set_input_files(fake)
    error = item(page, "证书封面").locator(".el-form-item__error")
    expect(error).to_contain_text("文件格式不符合要求")
    expect(error).to_have_css("color", "rgb(245, 108, 108)")
    expect(item(page, "证书封面").get_by_text("已上传")).to_have_count(0)

    item(page, "证书封面").locator('input[type="file"]').set_input_files(scan(tmp_path, "cover"))
    expect(item(page, "证书封面").get_by_text("已上传")).to_be_visible()
    expect(item(page, "证书封面").locator(".el-form-item__error")).to_have_count(0)
    item(page, "证书封面").get_by_role("button", name="删除").click()
    expect(item(page, "证书封面").get_by_text("已上传")).to_have_count(0)
    expect(item(page, "证书封面").get_by_role("button", name="点击上传")).to_be_visible()
    page.reload()
    expect(item(page, "证书封面").get_by_text("cover.jpg")).to_have_count(0)


def test_review_console_shows_every_status_tab_whole_at_phone_size(
    modern: MockPortal, page: Page
) -> None:
    page.set_viewport_size(SIZES["phone"])
    page.goto(f"{modern.url}/review")
    text_input(page, "用户名").fill("reviewer")
    text_input(page, "密码").fill("Review123!")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="审核工作台")).to_be_visible()
    tabs = page.get_by_role("navigation", name="按状态筛选").get_by_role("link")
    names = ["全部", "草稿", "待审核", "审核中", "审核通过", "审核不通过", "退回补正", "已发放"]
    shown = tabs.all_inner_texts()
    assert set(shown) >= set(names) - {"草稿"}, shown
    for tab in tabs.all():
        box = tab.bounding_box()
        assert box is not None
        # the whole tab is on the screen, not scrolled or clipped away
        assert box["x"] >= 0 and box["x"] + box["width"] <= SIZES["phone"]["width"], (
            tab.inner_text()
        )
        assert tab.evaluate("e => e.scrollWidth <= e.clientWidth"), tab.inner_text()
