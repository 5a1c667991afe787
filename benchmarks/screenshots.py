"""Screenshots of every page of the mock portal, in both layouts, at desktop and phone size.

    PYTHONPATH=src:. python benchmarks/screenshots.py OUT_DIR [--layout classic|modern ...]
                                                          [--size desktop|phone ...]

Starts a portal of its own on a free loopback port (clock fixed at 10:00 of Shanghai's today),
walks the demo applicant's flow in a real Chromium and writes OUT_DIR/<layout>-<size>-<nn>-<page>.png,
full-page. The pictures are for a person to look at: does it look like a government portal?
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time
from pathlib import Path

import httpx
from PIL import Image, ImageDraw
from playwright.sync_api import Locator, Page, ViewportSize, expect, sync_playwright

from autofill.browser.find import launch_args
from autofill.dates import SHANGHAI, today_shanghai
from mock_portal.server import start_in_thread
from mock_portal.settings import PortalSettings

SIZES: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}
LAYOUTS = ("classic", "modern")
ITEMS = ["身份证人像面", "身份证国徽面", "证书封面", "证书个人信息页", "证书等级页", "银行卡"]
ID_NUMBER = "310101199203154321"
CARD = "6222020212345678909"


class Walker:
    """Fills the portal's forms by their visible labels, in either layout."""

    def __init__(self, page: Page, layout: str) -> None:
        self.page = page
        self.layout = layout

    def control(self, label: str) -> Locator:
        if self.layout == "classic":
            return self.page.get_by_label(label, exact=True)
        # modern: labels are not tied to inputs; the form item holding the label, then its input
        item = self.page.locator(".el-form-item").filter(
            has=self.page.locator(
                ".el-form-item__label", has_text=re.compile(f"^{re.escape(label)}$")
            )
        )
        return item.locator("input:not([type=hidden])")

    def fill(self, label: str, value: str) -> None:
        self.control(label).fill(value)

    def choose(self, label: str, option: str) -> None:
        if self.layout == "classic":
            self.control(label).select_option(option)
            return
        self.control(label).click()
        self.page.get_by_role("option", name=option, exact=True).click()
        expect(self.page.get_by_role("listbox")).to_have_count(0)

    def upload(self, label: str, path: Path, count: int) -> None:
        if self.layout == "classic":
            self.control(label).set_input_files(path)
        else:
            item = self.page.locator("[data-upload-item]").filter(
                has=self.page.get_by_text(label, exact=True)
            )
            item.locator('input[type="file"]').set_input_files(path)
        expect(self.page.get_by_text("已上传", exact=True)).to_have_count(count)

    def heading(self, text: str) -> None:
        expect(self.page.get_by_role("heading", name=text, exact=True)).to_be_visible()

    def click(self, role: str, name: str) -> None:
        self.page.get_by_role(role, name=name, exact=True).first.click()  # type: ignore[arg-type]


def sample_scan(folder: Path, name: str, colour: tuple[int, int, int]) -> Path:
    """A plainly fake document picture: a tinted card with a few grey lines and a stamp."""
    image = Image.new("RGB", (900, 570), colour)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((30, 30, 870, 540), radius=28, outline=(120, 130, 150), width=6)
    for row in range(5):
        draw.rectangle((80, 120 + row * 70, 520 - row * 40, 140 + row * 70), fill=(150, 160, 175))
    draw.ellipse((620, 150, 800, 330), outline=(200, 60, 60), width=10)
    draw.text((660, 360), "SAMPLE", fill=(200, 60, 60))
    path = folder / f"{name}.jpg"
    image.save(path, "JPEG", quality=82)
    return path


@contextmanager
def portal_server() -> Iterator[tuple[str, httpx.Client]]:
    server = start_in_thread(PortalSettings(port=0, access_log=False))
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            yield server.url, client
    finally:
        server.stop()


def control(client: httpx.Client, path: str, body: object | None = None) -> httpx.Response:
    response = client.post(f"/__mock__/{path}", json=body)
    response.raise_for_status()
    return response


class Camera:
    """Takes the numbered full-page pictures of one layout at one size."""

    def __init__(self, page: Page, out: Path, prefix: str) -> None:
        self.page = page
        self.out = out
        self.prefix = prefix
        self.count = 0

    def __call__(self, name: str, full_page: bool = True) -> None:
        self.count += 1
        path = self.out / f"{self.prefix}-{self.count:02d}-{name}.png"
        if full_page:
            # At the end of the page a sticky action bar sits in its own place instead of over
            # whatever the last scroll left under the fold.
            self.page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
        self.page.screenshot(path=str(path), full_page=full_page)


def walk(
    page: Page,
    url: str,
    layout: str,
    shot: Camera,
    client: httpx.Client,
    scans: list[Path],
) -> None:
    """The demo applicant's flow, one picture per page, then the reviewer's console."""
    w = Walker(page, layout)
    page.goto(url + "/login")
    w.heading("用户登录")
    shot("login")
    w.fill("证件号码/手机号", ID_NUMBER)
    w.fill("密码", "Passw0rd!")
    w.click("button", "登录")
    w.heading("个人办事")
    shot("services")
    w.fill("搜索服务", "技能提升")
    w.click("button", "搜索")
    expect(page.get_by_role("link", name="职业技能提升补贴申请")).to_be_visible()
    shot("search-results")
    w.click("link", "职业技能提升补贴申请")
    w.heading("职业技能提升补贴申请")
    shot("guide")
    page.get_by_label("我已阅读并知晓申请须知").check()
    w.click("button", "立即申请")
    w.heading("职业技能提升补贴申请表")
    shot("form-empty")
    if layout == "modern":
        # the pop-ups as a person sees them in the window: the option list and the calendar
        w.control("开户银行").click()
        expect(page.get_by_role("listbox")).to_be_visible()
        shot("form-select-open", full_page=False)
        page.keyboard.press("Escape")
        w.control("发证日期").click()
        expect(page.locator(".el-picker-panel").filter(visible=True)).to_be_visible()
        shot("form-calendar-open", full_page=False)
        page.keyboard.press("Escape")
    w.click("button", "下一步")
    expect(page.get_by_text("请修正以下问题")).to_be_visible()
    shot("form-errors")
    w.fill("证书编号", "S000031000001263000123")
    w.click("button", "查询")
    expect(w.control("职业（工种）")).to_have_value("电工")
    w.choose("就业状态", "在职")
    w.fill("工作单位", "上海示例机电工程有限公司")
    w.choose("开户银行", "中国工商银行")
    w.fill("银行卡号", CARD)
    w.fill("确认银行卡号", CARD)
    for n, (label, path) in enumerate(zip(ITEMS, scans, strict=True), start=1):
        w.upload(label, path, n)
    shot("form-uploads")
    w.click("button", "下一步")
    w.heading("申请信息预览")
    shot("preview")
    page.get_by_label("本人承诺以上信息真实、准确、完整").check()
    w.click("button", "确认提交")
    w.heading("提交成功")
    shot("done")
    page.get_by_role("main").get_by_role("link", name="我的办件").click()
    w.heading("我的办件")
    shot("my-cases")
    w.click("link", "查看")
    w.heading("办件详情")
    shot("case-detail")
    case_no = page.get_by_role("row", name=re.compile("^办件编号")).get_by_role("cell").inner_text()
    case_no = case_no.strip()
    reason = "证书等级页照片不清晰，请重新上传"
    control(client, f"cases/{case_no}/review", {"decision": "return", "reason": reason})
    page.reload()
    expect(page.get_by_role("heading", name="补正材料")).to_be_visible()
    if layout == "classic":
        page.get_by_label("证书等级页", exact=True).set_input_files(scans[0])
    else:
        item = page.locator("[data-upload-item]").filter(
            has=page.get_by_text("证书等级页", exact=True)
        )
        item.locator('input[type="file"]').set_input_files(scans[0])
    # only the item the opinion names (证书等级页) is offered again under 补正材料
    expect(page.get_by_text(scans[0].name)).to_have_count(1)
    shot("case-detail-returned")
    w.click("button", "重新提交")
    expect(page.get_by_role("row", name=re.compile("^办件状态"))).to_contain_text("待审核")
    for decision in ("approve", "pay"):
        control(client, f"cases/{case_no}/review", {"decision": decision, "reason": ""})
    page.reload()
    w.heading("办件详情")
    shot("case-detail-paid")
    page.get_by_role("banner").get_by_role("button", name="退出").click()

    page.goto(url + "/review/login")
    w.heading("审核工作台")
    w.fill("用户名", "reviewer")
    w.fill("密码", "Review123!")
    w.click("button", "登录")
    w.heading("审核工作台")
    shot("review-console")
    w.click("link", "审核")
    w.heading("审核工作台")
    shot("review-case")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the PNG files (created if missing)")
    parser.add_argument("--layout", action="append", choices=LAYOUTS, help="default: both")
    parser.add_argument("--size", action="append", choices=sorted(SIZES), help="default: both")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    scans_dir = out / "_scans"
    scans_dir.mkdir(exist_ok=True)
    tints = [
        (236, 242, 250),
        (250, 244, 232),
        (232, 246, 236),
        (246, 236, 246),
        (240, 240, 232),
        (232, 240, 248),
    ]
    scans = [sample_scan(scans_dir, f"scan{n}", tint) for n, tint in enumerate(tints, start=1)]
    written = 0
    with portal_server() as (url, client), sync_playwright() as p:
        browser = p.chromium.launch(**launch_args())  # type: ignore[arg-type]
        try:
            for layout in args.layout or LAYOUTS:
                for size in args.size or sorted(SIZES):
                    control(client, "reset")
                    ten = datetime.combine(today_shanghai(), time(10, 0), SHANGHAI)
                    control(client, "clock", {"now": ten.isoformat()})
                    control(client, "faults", {"layout": layout})
                    context = browser.new_context(viewport=SIZES[size], locale="zh-CN")
                    camera = Camera(context.new_page(), out, f"{layout}-{size}")
                    walk(camera.page, url, layout, camera, client, scans)
                    written += camera.count
                    context.close()
        finally:
            browser.close()
    for scan in scans:
        scan.unlink()
    scans_dir.rmdir()
    print(f"{written} screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
