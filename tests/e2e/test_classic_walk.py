"""The whole flow in a real Chromium, classic layout, by the spec's headings, labels and buttons only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.conftest import MockPortal
from tests.portal.conftest import wang_issued

pytestmark = pytest.mark.e2e

ITEMS = ["身份证人像面", "身份证国徽面", "证书封面", "证书个人信息页", "证书等级页", "银行卡"]


def scan(folder: Path, name: str) -> Path:
    path = folder / f"{name}.jpg"
    Image.new("RGB", (900, 620), (235, 240, 250)).save(path, "JPEG", quality=80)
    return path


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 900}, {"width": 390, "height": 844}],
    ids=["desktop", "phone"],
)
def test_login_to_my_cases(
    browser: Browser, portal: MockPortal, tmp_path: Path, viewport: ViewportSize
) -> None:
    context = browser.new_context(viewport=viewport)
    try:
        walk(context.new_page(), portal, tmp_path)
    finally:
        context.close()


def walk(page: Page, portal: MockPortal, tmp_path: Path) -> None:
    page.goto(portal.url + "/login")
    expect(page.get_by_text("模拟环境 · 仅供测试与培训")).to_be_visible()
    expect(page.get_by_role("heading", name="用户登录")).to_be_visible()
    page.get_by_label("证件号码/手机号").fill("310101199203154321")
    page.get_by_label("密码", exact=True).fill("Passw0rd!")
    page.get_by_role("button", name="登录").click()

    expect(page.get_by_role("heading", name="个人办事")).to_be_visible()
    page.get_by_label("搜索服务").fill("技能提升")
    page.get_by_role("button", name="搜索").click()
    page.get_by_role("link", name="职业技能提升补贴申请").click()

    expect(page.get_by_role("heading", name="职业技能提升补贴申请", exact=True)).to_be_visible()
    expect(page.get_by_text("三级/高级工")).to_be_visible()
    page.get_by_label("我已阅读并知晓申请须知").check()
    page.get_by_role("button", name="立即申请").click()

    expect(page.get_by_role("heading", name="职业技能提升补贴申请表")).to_be_visible()
    page.get_by_label("证书编号").fill("S000031000001263000123")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_label("职业（工种）")).to_have_value("电工")
    expect(page.get_by_label("等级", exact=True)).to_have_value("三级/高级工")
    expect(page.get_by_label("发证日期")).to_have_value(wang_issued().isoformat())

    page.get_by_label("就业状态").select_option("在职")
    page.get_by_label("工作单位").fill("上海示例机电工程有限公司")
    page.get_by_label("开户银行").select_option("中国工商银行")
    page.get_by_label("银行卡号", exact=True).fill("6222020212345678909")
    page.get_by_label("确认银行卡号").fill("6222020212345678909")
    for n, label in enumerate(ITEMS, start=1):
        page.get_by_label(label, exact=True).set_input_files(scan(tmp_path, f"scan{n}"))
        expect(page.get_by_text("已上传")).to_have_count(n)
    # the typed fields survived the uploads (the items are swapped in place)
    expect(page.get_by_label("确认银行卡号")).to_have_value("6222020212345678909")
    page.get_by_role("button", name="下一步").click()

    expect(page.get_by_role("heading", name="申请信息预览")).to_be_visible()
    expect(page.get_by_role("cell", name="310***********4321")).to_be_visible()
    expect(page.get_by_role("cell", name="S000031000001263000123")).to_be_visible()
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
    expect(row).to_contain_text("职业技能提升补贴申请")

    [case] = [c for c in portal.cases() if c["case_no"] == case_no]
    assert case["status"] == "待审核"
    assert case["fields"]["银行卡号"] == "6222020212345678909"
    assert sorted(case["materials"]) == sorted(ITEMS)
