"""The bare baseline: the same clicks and uploads as `autofill run` (classic layout), nothing else.

No profile validation, no eligibility, no retries, no read-back, no evidence, no run folder: a
minimal Playwright script a programmer would write in ten minutes. `run_speed` times it next to
the tool to show what the tool's care costs.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

from autofill.browser.find import launch_args
from benchmarks import people
from benchmarks.portal_load import ITEMS


@dataclass
class BaselineTimes:
    """Seconds from the script's start: browser up, preview shown, submitted."""

    browser_s: float
    preview_s: float
    submitted_s: float
    case_no: str


def to_preview(page: Page, url: str, person: people.Person, documents: dict[str, Path]) -> None:
    """Logs in, opens the form, uploads, fills and presses "下一步" until the preview shows."""
    page.goto(url + "/login")
    page.get_by_label("证件号码/手机号").fill(person.id_number)
    page.get_by_label("密码", exact=True).fill(people.PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_label("搜索服务").fill("技能提升")
    page.get_by_role("button", name="搜索").click()
    page.get_by_role("link", name="职业技能提升补贴申请").click()
    page.get_by_label("我已阅读并知晓申请须知").check()
    page.get_by_role("button", name="立即申请").click()
    expect(page.get_by_role("heading", name="职业技能提升补贴申请表")).to_be_visible()
    for n, (item, label) in enumerate(ITEMS.items(), start=1):
        page.get_by_label(label, exact=True).set_input_files(documents[item])
        expect(page.get_by_text("已上传")).to_have_count(n)
    page.get_by_label("联系电话").fill(person.phone)
    page.get_by_label("证书编号").fill(person.certificate_number)
    page.get_by_label("证书类型").select_option("职业技能等级证书")
    page.get_by_label("职业（工种）").fill("电工")
    page.get_by_label("等级", exact=True).select_option("三级/高级工")
    page.get_by_label("发证日期").fill(people.ISSUE_DATE)
    page.get_by_label("发证机构").fill(people.ISSUER)
    page.get_by_label("就业状态").select_option("在职")
    page.get_by_label("工作单位").fill(str(people.EMPLOYER["name"]))
    page.get_by_label("开户银行").select_option("中国工商银行")
    page.get_by_label("银行卡号", exact=True).fill(person.card_number)
    page.get_by_label("确认银行卡号").fill(person.card_number)
    page.get_by_role("button", name="下一步").click()
    expect(page.get_by_role("heading", name="申请信息预览")).to_be_visible()


def file_application(url: str, person: people.Person, documents: dict[str, Path]) -> BaselineTimes:
    """Logs in, fills, uploads, previews and submits; times each milestone."""
    started = time.perf_counter()
    with sync_playwright() as p:
        browser = p.chromium.launch(**launch_args())  # type: ignore[arg-type]
        page = browser.new_context(locale="zh-CN").new_page()
        browser_s = time.perf_counter() - started
        to_preview(page, url, person, documents)
        preview_s = time.perf_counter() - started
        page.get_by_label("本人承诺以上信息真实、准确、完整").check()
        page.get_by_role("button", name="确认提交").click()
        receipt = page.get_by_text(re.compile(r"^办件编号："))
        expect(receipt).to_be_visible()
        case_no = receipt.inner_text().split("：", 1)[1].strip()
        submitted_s = time.perf_counter() - started
        browser.close()
    return BaselineTimes(browser_s, preview_s, submitted_s, case_no)


def cpu_to_preview(url: str, persons: list[people.Person], documents: dict[str, Path]) -> float:
    """CPU seconds (this process, its Chromium and the mock it started) per applicant taken to
    the preview by the bare script, one browser and a context each, one after another."""
    from benchmarks.measure import TreeMemorySampler

    with sync_playwright() as p:
        browser = p.chromium.launch(**launch_args())  # type: ignore[arg-type]
        with TreeMemorySampler(os.getpid()) as sampler:
            for person in persons:
                context = browser.new_context(locale="zh-CN")
                to_preview(context.new_page(), url, person, documents)
                context.close()
        browser.close()
    return sampler.cpu_s / len(persons)


def read_case(url: str, person: people.Person, case_no: str) -> tuple[float, str]:
    """What `autofill status` does once, bare: logs in, opens 我的办件, the case's "查看", and reads
    its status. (Seconds from the script's start to its browser closed, the status read.)"""
    started = time.perf_counter()
    with sync_playwright() as p:
        browser = p.chromium.launch(**launch_args())  # type: ignore[arg-type]
        page = browser.new_context(locale="zh-CN").new_page()
        page.goto(url + "/login")
        page.get_by_label("证件号码/手机号").fill(person.id_number)
        page.get_by_label("密码", exact=True).fill(people.PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.get_by_role("link", name="我的办件", exact=True).click()
        page.get_by_role("row").filter(has_text=case_no).get_by_role("link", name="查看").click()
        expect(page.get_by_role("heading", name="办件详情")).to_be_visible()
        row = page.get_by_role("row").filter(has_text="办件状态")
        status = row.get_by_role("cell").first.inner_text()
        browser.close()
    return time.perf_counter() - started, status.strip()
