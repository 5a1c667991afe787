"""The login page ("用户登录")."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from autofill import messages
from autofill.errors import PortalRefused
from autofill.portal import locate
from autofill.portal.navigation import heading, settle
from autofill.portal.texts import PortalTexts

#: how long a click on "获取验证码" may take to reload the page, when it does
SMS_RELOAD_TIMEOUT_MS = 5_000


class LoginPage:
    """Logs in with the ID number (or phone) and password, and an SMS code when asked for one."""

    def __init__(self, page: Page, texts: PortalTexts, *, lang: str = "zh") -> None:
        self.page = page
        self.texts = texts
        self.lang = lang
        self.heading = heading(page, texts.login_heading)
        self.submit_button = page.get_by_role("button", name=texts.login_button, exact=True)
        self.sms_button = page.get_by_role("button", name=texts.sms_send, exact=True)
        self.sms_field = page.get_by_text(locate.label_pattern(texts.sms_code))
        self.errors = (
            page.get_by_text(texts.login_failed)
            .or_(page.get_by_text(texts.sms_failed))
            .or_(page.get_by_text(texts.account_locked))
        )
        self.expired_notice = page.get_by_text(texts.session_expired)
        self.password_label = locate.label_text(page, texts.login_password)
        self.captcha_label = locate.label_text(page, texts.captcha_label)
        self.qr_prompt = page.get_by_text(texts.qr_prompt)

    def is_shown(self) -> bool:
        return self.heading.is_visible()

    def session_expired(self) -> bool:
        """Whether the portal says the previous session timed out."""
        return self.expired_notice.first.is_visible()

    def needs_person(self) -> str | None:
        """What on this login form only a person can pass: "captcha", "qr" (no password form), or None."""
        if self.captcha_label.count() > 0:
            return "captcha"
        if self.password_label.count() == 0 and self.qr_prompt.count() > 0:
            return "qr"
        return None

    def asks_for_sms(self) -> bool:
        return self.sms_button.count() > 0

    def log_in(self, username: str, password: str, sms_code: Callable[[], str] | None) -> None:
        """Fills the form and presses "登录"; raises PortalRefused with the portal's message."""
        locate.fill_text(self.page, self.texts.login_user, username, lang=self.lang)
        locate.fill_text(
            self.page, self.texts.login_password, password, secret=True, lang=self.lang
        )
        if self.asks_for_sms():
            if sms_code is None:
                raise PortalRefused(messages.t("login.sms_without_source", self.lang))
            try:
                # a portal may reload the page to send the code, or send it in the background
                with self.page.expect_navigation(timeout=SMS_RELOAD_TIMEOUT_MS):
                    self.sms_button.click()
            except PlaywrightTimeout:
                pass
            # the reload may answer "系统繁忙" instead of the form: PortalBusy here (the caller
            # opens the portal and logs in afresh), so a label missing below is really missing
            settle(self.page, self.texts, {"login": self.heading}, lang=self.lang)
            code = sms_code().strip()
            # a reload empties the password box: fill both again
            locate.fill_text(self.page, self.texts.login_user, username, lang=self.lang)
            locate.fill_text(
                self.page, self.texts.login_password, password, secret=True, lang=self.lang
            )
            locate.fill_text(self.page, self.texts.sms_code, code, secret=True, lang=self.lang)
        self.submit_button.click()
        outcome = settle(
            self.page,
            self.texts,
            {
                "refused": self.errors,
                "in": self.page.get_by_role("link", name=self.texts.my_cases_link, exact=True),
            },
            # the login page stays on screen until the portal answers: not an expiry here
            login_means_expired=False,
        )
        if outcome == "refused":
            raise PortalRefused(self.errors.first.inner_text().strip())
