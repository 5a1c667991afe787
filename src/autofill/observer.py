"""Watching a run step by step: captions, highlights and screenshots hang on this."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # the command line imports this module before any browser is needed
    from playwright.sync_api import Locator, Page

#: each step of a run and its caption in Chinese (uploads are "upload:<item>")
STEP_TITLES: dict[str, str] = {
    "validate": "校验申请资料与材料",
    "check": "核对补贴条件",
    "prepare": "准备上传材料",
    "portal": "连接网上服务平台",
    "browser": "启动浏览器",
    "login": "登录网上服务平台",
    "find_case": "在“我的办件”中查找本证书的申请",
    "open_form": "搜索事项、阅读须知并打开申请表",
    "upload": "上传材料",
    "fill_contact": "填写联系电话",
    "fill_certificate": "填写证书信息",
    "fill_employment": "填写就业信息",
    "fill_bank": "填写银行账户信息",
    "next": "点击“下一步”，进入预览",
    "open_preview": "重新打开草稿的预览",
    "read_preview": "读取预览并与申请资料逐项核对",
    "save_evidence": "保存预览截图与读回的数据",
    "confirm": "等待人工确认",
    "submit": "勾选承诺并点击“确认提交”",
    "read_result": "读取办件编号",
    "status": "查询办件状态",
    "open_case": "打开办件详情，查看审核意见与补正要求",
    "reupload": "在“补正材料”中重新上传",
    "resubmit": "点击“重新提交”",
}


#: the same captions for `--lang en`
STEP_TITLES_EN: dict[str, str] = {
    "validate": "Validate the profile and documents",
    "check": "Check the subsidy rules",
    "prepare": "Prepare the uploads",
    "portal": "Connect to the portal",
    "browser": "Start the browser",
    "login": "Log in",
    "find_case": "Look in 我的办件 for a case of this certificate",
    "open_form": "Find the service, read the guide, open the form",
    "upload": "Upload",
    "fill_contact": "Fill in the phone number",
    "fill_certificate": "Fill in the certificate",
    "fill_employment": "Fill in the employment",
    "fill_bank": "Fill in the bank account",
    "next": "Press 下一步 to the preview",
    "open_preview": "Re-open the draft's preview",
    "read_preview": "Read the preview back and compare it with the profile",
    "save_evidence": "Save the preview's screenshot and values",
    "confirm": "Wait for a human's confirmation",
    "submit": "Tick the promise and press 确认提交",
    "read_result": "Read the case number",
    "status": "Read the case's status",
    "open_case": "Open the case and read the review's opinion",
    "reupload": "Upload again under 补正材料",
    "resubmit": "Press 重新提交",
}


def step_title(step: str, lang: str = "zh") -> str:
    """The caption of a step (Chinese, or English with `--lang en`); an upload names its item."""
    name, _, item = step.partition(":")
    titles = STEP_TITLES_EN if lang == "en" else STEP_TITLES
    title = titles.get(name, step)
    if item:
        from autofill.portal.texts import DEFAULT_TEXTS

        title = f"{title}{': ' if lang == 'en' else '：'}{DEFAULT_TEXTS.materials.get(item, item)}"
    return title


class RunObserver(Protocol):
    """Told when each step starts (with the control it is about to use), when the step's own
    page is on screen before the action that leaves it (the login form, the guide), and when the
    step ends."""

    def step_started(self, step: str, page: Page | None, target: Locator | None) -> None: ...

    def step_shown(self, step: str, page: Page, target: Locator | None) -> None: ...

    def step_finished(self, step: str, page: Page | None) -> None: ...


class NullObserver:
    """The default observer: watches nothing."""

    def step_started(self, step: str, page: Page | None, target: Locator | None) -> None:
        return None

    def step_shown(self, step: str, page: Page, target: Locator | None) -> None:
        return None

    def step_finished(self, step: str, page: Page | None) -> None:
        return None


class Observers:
    """Several observers told in turn (the progress display, a training caption...)."""

    def __init__(self, *observers: RunObserver) -> None:
        self.observers = observers

    def step_started(self, step: str, page: Page | None, target: Locator | None) -> None:
        for observer in self.observers:
            observer.step_started(step, page, target)

    def step_shown(self, step: str, page: Page, target: Locator | None) -> None:
        for observer in self.observers:
            observer.step_shown(step, page, target)

    def step_finished(self, step: str, page: Page | None) -> None:
        for observer in self.observers:
            observer.step_finished(step, page)
