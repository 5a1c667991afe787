"""Screenshots of every page of the mock portal, at desktop and phone size, for a person to look at.

PYTHONPATH=src:. python scripts/portal_screenshots.py --layout classic --out /tmp/shots-portal
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import httpx
from PIL import Image, ImageDraw
from playwright.sync_api import Page, sync_playwright

from autofill.browser import launch_args
from mock_portal.server import start_in_thread
from mock_portal.settings import PortalSettings

WANG = "310101199203154321"
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
ITEMS = ["身份证人像面", "身份证国徽面", "证书封面", "证书个人信息页", "证书等级页", "银行卡"]


def sample_scan(folder: Path, n: int) -> Path:
    img = Image.new("RGB", (900, 600), (228, 236, 247))
    draw = ImageDraw.Draw(img)
    draw.rectangle((40, 40, 860, 560), outline=(11, 61, 145), width=6)
    draw.rectangle((80, 120, 300, 400), fill=(180, 196, 222))
    for row in range(5):
        draw.rectangle((340, 140 + row * 60, 800, 160 + row * 60), fill=(120, 140, 170))
    path = folder / f"sample-{n}.jpg"
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80)
    path.write_bytes(buf.getvalue())
    return path


def shoot(page: Page, out: Path, name: str) -> None:
    page.screenshot(path=str(out / f"{name}.png"), full_page=True)


def walk(page: Page, url: str, out: Path, scans: list[Path]) -> None:
    page.goto(url + "/login")
    shoot(page, out, "01-login")
    page.get_by_label("证件号码/手机号").fill(WANG)
    page.get_by_label("密码", exact=True).fill("wrong")
    page.get_by_role("button", name="登录").click()
    shoot(page, out, "02-login-error")
    page.get_by_label("密码", exact=True).fill("Passw0rd!")
    page.get_by_role("button", name="登录").click()
    page.get_by_label("搜索服务").fill("补贴")
    page.get_by_role("button", name="搜索").click()
    shoot(page, out, "03-services")
    page.get_by_role("link", name="职业技能提升补贴申请").click()
    shoot(page, out, "04-guide")
    page.get_by_label("我已阅读并知晓申请须知").check()
    page.get_by_role("button", name="立即申请").click()
    page.get_by_role("button", name="下一步").click()
    shoot(page, out, "05-form-errors")
    page.get_by_label("证书编号").fill("S000031000001263000123")
    page.get_by_role("button", name="查询").click()
    page.get_by_label("就业状态").select_option("在职")
    page.get_by_label("工作单位").fill("上海示例机电工程有限公司")
    page.get_by_label("开户银行").select_option("中国工商银行")
    page.get_by_label("银行卡号", exact=True).fill("6222020212345678909")
    page.get_by_label("确认银行卡号").fill("6222020212345678909")
    for n, label in enumerate(ITEMS):
        page.get_by_label(label, exact=True).set_input_files(scans[n])
        page.get_by_text("已上传").nth(n).wait_for()
    shoot(page, out, "06-form-filled")
    page.get_by_role("button", name="下一步").click()
    shoot(page, out, "07-preview")
    page.get_by_label("本人承诺以上信息真实、准确、完整").check()
    page.get_by_role("button", name="确认提交").click()
    shoot(page, out, "08-submitted")
    page.get_by_role("main").get_by_role("link", name="我的办件").click()
    shoot(page, out, "09-my-cases")
    page.get_by_role("link", name="查看").first.click()
    shoot(page, out, "10-case-detail")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--layout", default="classic", choices=["classic", "modern"])
    parser.add_argument("--out", type=Path, default=Path("/tmp/shots-portal"))
    args = parser.parse_args()
    server = start_in_thread(PortalSettings(port=0, layout=args.layout, access_log=False))
    control = httpx.Client(base_url=server.url + "/__mock__")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(**launch_args())  # type: ignore[arg-type]
            for size_name, (width, height) in SIZES.items():
                out = args.out / args.layout / size_name
                out.mkdir(parents=True, exist_ok=True)
                scans = [sample_scan(out, n) for n in range(len(ITEMS))]
                control.post("/reset")
                control.post("/faults", json={"layout": args.layout})
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                walk(page, server.url, out, scans)
                case_no = control.get("/cases").json()[0]["case_no"]
                control.post(
                    f"/cases/{case_no}/review",
                    json={"decision": "return", "reason": "银行卡照片不清晰，请重新上传"},
                )
                page.reload()
                shoot(page, out, "11-case-returned")
                context.close()
                # the reviewer's console
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                page.goto(server.url + "/review/login")
                shoot(page, out, "12-review-login")
                page.get_by_label("用户名").fill("reviewer")
                page.get_by_label("密码", exact=True).fill("Review123!")
                page.get_by_role("button", name="登录").click()
                shoot(page, out, "13-review-list")
                page.get_by_role("link", name="审核", exact=True).first.click()
                shoot(page, out, "14-review-case")
                context.close()
                # a basic-auth account on the guide, and the SMS login
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                page.goto(server.url + "/login")
                page.get_by_label("证件号码/手机号").fill("31010919910808707X")
                page.get_by_label("密码", exact=True).fill("Passw0rd!")
                page.get_by_role("button", name="登录").click()
                page.goto(server.url + "/services/skill-subsidy")
                shoot(page, out, "15-guide-basic-auth")
                context.close()
                control.post("/faults", json={"sms_login": True})
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                page.goto(server.url + "/login")
                shoot(page, out, "16-login-sms")
                context.close()
                for scan in scans:
                    scan.unlink()
            browser.close()
    finally:
        control.close()
        server.stop()


if __name__ == "__main__":
    main()
