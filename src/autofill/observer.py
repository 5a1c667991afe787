"""Watching a run step by step: captions, highlights and screenshots hang on this."""

from __future__ import annotations

from typing import Protocol

from playwright.sync_api import Locator, Page

from autofill.portal.texts import DEFAULT_TEXTS

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
    "save_evidence": "保存预览截图、PDF 与读回的数据",
    "confirm": "等待人工确认",
    "submit": "勾选承诺并点击“确认提交”",
    "read_result": "读取办件编号",
    "status": "查询办件状态",
}


def step_title(step: str) -> str:
    """The Chinese caption of a step; an upload names its item."""
    name, _, item = step.partition(":")
    title = STEP_TITLES.get(name, step)
    if item:
        title = f"{title}：{DEFAULT_TEXTS.materials.get(item, item)}"
    return title


class RunObserver(Protocol):
    """Told when each step starts (with the control it is about to use) and when it ends."""

    def step_started(self, step: str, page: Page | None, target: Locator | None) -> None: ...

    def step_finished(self, step: str, page: Page | None) -> None: ...


class NullObserver:
    """The default observer: watches nothing."""

    def step_started(self, step: str, page: Page | None, target: Locator | None) -> None:
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

    def step_finished(self, step: str, page: Page | None) -> None:
        for observer in self.observers:
            observer.step_finished(step, page)
