"""A conversation with the portal through one browser page: log in, find, re-open, read.

Everything here is safe to repeat: navigation and reads are retried by the named policies of
`retry.py`, and an expired session logs in again and re-opens the draft. The one irreversible
act, "确认提交", is not here but in flow.py.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urljoin

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

from autofill.browser.trace import untraced
from autofill.errors import (
    AwaitingHuman,
    NotThePortal,
    PortalUnavailable,
    SessionExpired,
    UnexpectedPage,
)
from autofill.kept_sessions import KeptSession, origin_of
from autofill.login_options import LoginOptions
from autofill.manual_login import apply_state, check_display, log_in_by_person
from autofill.messages import t
from autofill.observer import NullObserver, RunObserver
from autofill.portal.cases import CaseDetail, CaseDetailPage, CaseRow, MyCasesPage
from autofill.portal.login import LoginPage
from autofill.portal.navigation import goto, heading, settle
from autofill.portal.services import GuidePage, ServiceSearchPage
from autofill.portal.texts import PortalTexts
from autofill.retry import FIRST_CONTACT, NAVIGATION, READS, RELOGINS, Sleep

T = TypeVar("T")
#: how long the portal's first page may take to answer at all (a server that accepts and never
#: answers ends in exit 6 after the FIRST_CONTACT policy's deadline, not minutes later)
FIRST_CONTACT_TIMEOUT_MS = 20_000
#: how long an answered page may take to show the login page before it is "not the portal"
LOGIN_PAGE_TIMEOUT_MS = 15_000


#: how many pages of "我的办件" are read when looking for a case
MAX_CASE_PAGES = 10


@dataclass
class Credentials:
    """Who logs in: the ID number, the password (never written anywhere), an SMS code source."""

    username: str
    password: str
    sms_code: Callable[[], str] | None = None


class PortalSession:
    """A logged-in conversation with the portal that survives busy answers and expired sessions."""

    def __init__(
        self,
        page: Page,
        texts: PortalTexts,
        base_url: str,
        credentials: Credentials,
        observer: RunObserver | None = None,
        sleep: Sleep = time.sleep,
        log: Callable[..., None] | None = None,
        login: LoginOptions | None = None,
        kept: KeptSession | None = None,
    ) -> None:
        self.page = page
        self.login = login or LoginOptions()
        #: the session file to open the portal with and to keep the login in (None: keep none)
        self.kept = kept
        self._kept_tried = False
        self.texts = texts
        self.base_url = base_url.rstrip("/") + "/"
        self.credentials = credentials
        self.observer = observer or NullObserver()
        self.sleep = sleep
        self._log = log
        self.form_url: str | None = None
        self.relogins = 0
        #: the guide's 须知 as read on this pass before its acknowledgement was ticked
        self.notice: dict[str, list[str]] = {}
        self.notice_url: str | None = None

    def log(self, event: str, **data: Any) -> None:
        if self._log is not None:
            self._log(event, **data)

    @contextmanager
    def step(self, name: str, target: Locator | None = None) -> Iterator[None]:
        """Tells the observer that a step starts and, when it went well, that it finished."""
        self.observer.step_started(name, self.page, target)
        yield
        self.observer.step_finished(name, self.page)

    def _retry_note(self, state: Any) -> None:
        exc = state.outcome.exception() if state.outcome else None
        self.log("retry", attempt=state.attempt_number, reason=str(exc))

    def navigate(self, fn: Callable[[], T]) -> T:
        """Runs a navigation, retried while the portal is busy."""
        return NAVIGATION.retrying(sleep=self.sleep, before_sleep=self._retry_note)(fn)

    def read(self, fn: Callable[[], T]) -> T:
        return READS.retrying(sleep=self.sleep, before_sleep=self._retry_note)(fn)

    def url(self, path: str) -> str:
        return urljoin(self.base_url, path)

    # ---- login ---------------------------------------------------------------------------

    def log_in(self) -> None:
        """Opens the portal and logs in unless the session (a kept one, or this run's) is alive.

        auto: the tool fills the login form, and stops with exit 5 at a captcha, a QR-only page
        or another site's sign-on page. manual: a person logs in in a window of their own.
        This is also where a wrong `--portal-url` shows: a page that is not the portal (exit 4,
        naming the login page looked for) within `LOGIN_PAGE_TIMEOUT_MS`, a server that never
        answers (exit 6) within the `FIRST_CONTACT` policy's deadline. The trace skips all of
        it: the password and the SMS code are typed here (a re-login after an expired session,
        and a person's login, too).
        """
        login = LoginPage(self.page, self.texts, lang=self.login.lang)
        texts = self.texts
        reusing = self._open_with_kept_session()
        logged_in = self.page.get_by_role("link", name=texts.my_cases_link, exact=True)

        def attempt() -> str:
            goto(self.page, self.base_url, timeout_ms=FIRST_CONTACT_TIMEOUT_MS)
            if origin_of(self.page.url) != origin_of(self.base_url):
                return "elsewhere"  # sent to another site's sign-on page
            try:
                outcome = settle(
                    self.page,
                    texts,
                    {"login": login.heading, "in": logged_in, "qr": login.qr_prompt},
                    timeout_ms=LOGIN_PAGE_TIMEOUT_MS,
                )
            except UnexpectedPage:
                raise NotThePortal(
                    t(
                        "session.not_the_portal",
                        self.login.lang,
                        url=self.base_url,
                        seconds=f"{LOGIN_PAGE_TIMEOUT_MS / 1000:.0f}",
                        heading=texts.login_heading,
                        user=texts.login_user,
                        password=texts.login_password,
                        my_cases=texts.my_cases_link,
                        page=self.page.url,
                    ),
                    errors=[{"path": "--portal-url", "message": f"expected {texts.login_heading}"}],
                ) from None
            if outcome == "in" or self.login.mode == "manual":
                return outcome
            needs = login.needs_person()
            if needs:
                return needs
            self.observer.step_shown("login", self.page, login.submit_button)
            c = self.credentials
            login.log_in(c.username, c.password, c.sms_code)
            return "by_tool"

        with untraced(self.page):
            outcome = FIRST_CONTACT.retrying(sleep=self.sleep, before_sleep=self._retry_note)(
                attempt
            )
            if outcome == "in":
                if reusing:
                    self.login.tell(t("login.session_reused", self.login.lang))
                self.log("logged_in", how="kept_session" if reusing else "still_in")
                return
            if self.login.mode == "manual":
                self._by_person()
                outcome = "by_person"
            elif outcome in ("captcha", "qr", "elsewhere"):
                what = "sso" if outcome == "elsewhere" else outcome
                self.log("login_needs_person", what=what)
                lang = self.login.lang
                raise AwaitingHuman(
                    t(
                        "login.needs_person",
                        lang,
                        what=t(f"login.what.{what}", lang, url=self.page.url.split("?", 1)[0]),
                    ),
                    errors=[{"path": "--login", "message": "use --login manual"}],
                )
            self._keep_session()
        self.log("logged_in", how="person" if outcome == "by_person" else "tool")

    def _open_with_kept_session(self) -> bool:
        """Puts the kept session's cookies into the page's context (once); whether there was one."""
        if self.kept is None or self._kept_tried:
            return False
        self._kept_tried = True
        state = self.kept.load()
        if not state:
            return False
        try:
            apply_state(self.page.context, state)
        except PlaywrightError:  # cookies the browser refuses: a file edited by hand
            self.kept.warn_damaged()
            self.page.context.clear_cookies()
            return False
        return True

    def _by_person(self) -> None:
        """A person logs in in a window of their own; this page then carries their session."""
        check_display(self.login.lang)
        self.log("login_by_person", timeout_s=self.login.timeout_s)
        state = log_in_by_person(
            self.page,
            self.base_url,
            self.texts,
            self.login.timeout_s,
            self.login.lang,
            self.login.tell,
        )
        apply_state(self.page.context, state)
        logged_in = self.page.get_by_role("link", name=self.texts.my_cases_link, exact=True)

        def attempt() -> None:
            goto(self.page, self.base_url)
            settle(self.page, self.texts, {"in": logged_in})

        self.navigate(attempt)

    def _keep_session(self) -> None:
        if self.kept is None:
            return
        self.kept.save(dict(self.page.context.storage_state()))
        self.log("session_kept")

    def again(self, fn: Callable[[], T]) -> T:
        """Runs `fn`; when the session expired, logs in again and runs it once more (a few times)."""
        while True:
            try:
                return fn()
            except SessionExpired:
                if self.relogins >= RELOGINS:
                    raise PortalUnavailable(
                        t(
                            "session.relogins_exhausted",
                            self.login.lang,
                            expired=self.texts.session_expired,
                            count=self.relogins,
                        )
                    ) from None
                self.relogins += 1
                self.log("session_expired", relogin=self.relogins)
                self.log_in()

    # ---- the application ----------------------------------------------------------------

    def open_form(self) -> None:
        """Opens the draft: its own address when known, else search → guide → "立即申请"."""
        if self.form_url:
            form_heading = heading(self.page, self.texts.form_heading)

            def reopen() -> str:
                goto(self.page, self.form_url or "")
                return settle(
                    self.page,
                    self.texts,
                    {
                        "form": form_heading,
                        "detail": heading(self.page, self.texts.detail_heading),
                    },
                )

            if self.navigate(reopen) == "form":
                return
        home = ServiceSearchPage(self.page, self.texts)

        def search() -> None:
            goto(self.page, self.base_url)
            settle(self.page, self.texts, {"home": home.heading})
            home.search()
            home.open_service()

        self.navigate(search)
        guide = GuidePage(self.page, self.texts)

        def apply() -> None:
            if not guide.heading.is_visible():
                search()
            self.observer.step_shown("open_form", self.page, guide.apply_button)
            self.notice_url = self.page.url
            guide.apply()
            self.notice = guide.notice

        self.navigate(apply)
        self.form_url = self.page.url

    # ---- my cases ------------------------------------------------------------------------

    def open_my_cases(self) -> MyCasesPage:
        cases = MyCasesPage(self.page, self.texts)

        def attempt() -> None:
            if cases.link.count() == 0:
                goto(self.page, self.base_url)
                settle(self.page, self.texts, {"in": cases.link})
            cases.open()

        self.navigate(attempt)
        return cases

    def list_cases(self) -> list[CaseRow]:
        """Every case of "我的办件", page by page (newest first)."""
        cases = self.open_my_cases()
        rows: list[CaseRow] = []
        for _ in range(MAX_CASE_PAGES):
            rows.extend(self.read(cases.read_rows))
            if not cases.has_next():
                break
            self.navigate(cases.go_next)
        return rows

    def case_detail(self, case_no: str) -> CaseDetail:
        """Opens the case from "我的办件" and reads its detail."""

        def attempt() -> CaseDetail:
            cases = self.open_my_cases()
            for _ in range(MAX_CASE_PAGES):
                try:
                    cases.open_case(case_no)
                    break
                except LookupError:
                    if not cases.has_next():
                        raise UnexpectedPage(
                            t(
                                "session.case_not_listed",
                                self.login.lang,
                                heading=self.texts.my_cases_heading,
                                case_no=case_no,
                            )
                        ) from None
                    cases.go_next()
            return CaseDetailPage(self.page, self.texts).read()

        return self.navigate(attempt)

    def reload_detail(self) -> CaseDetail:
        """Reads the case detail page again (for polling)."""

        def attempt() -> CaseDetail:
            goto(self.page, self.page.url)
            settle(self.page, self.texts, {"detail": heading(self.page, self.texts.detail_heading)})
            return CaseDetailPage(self.page, self.texts).read()

        return self.navigate(attempt)

    def find_case_of(self, certificate_number: str) -> CaseDetail | None:
        """A submitted case of this certificate still in force, or None ("我的办件" then its detail)."""
        t = self.texts
        rows = self.list_cases()
        for row in rows:
            if row.status not in t.active_statuses:
                continue
            detail = self.case_detail(row.case_no)
            if certificate_number in detail.text:
                return detail
        return None
