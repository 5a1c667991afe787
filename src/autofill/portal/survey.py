"""Holding the portal map against the portal's pages, without filling, saving or submitting.

`expectations()` says, for every text of the portal map, on which page it is expected and how it
shows there (a heading, a labelled control, a button …). `survey()` walks login → 个人办事 →
the guide → 我的办件 (→ a submitted case's 办件详情, → an existing draft's form) and tells for
each text whether the page shows it. It never presses "立即申请" (the portal would create a
draft), "暂存", "下一步", "查询" or "确认提交", and ticks nothing: the only things typed are the
login and the search phrase. Only when asked (`open_form`, `autofill doctor --open-form`) and
only for an account without a draft does it tick "我已阅读并知晓申请须知" and press "立即申请",
which leaves the empty draft the portal creates (the next run's "立即申请" reopens it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field, fields
from typing import Literal

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from autofill.errors import AutofillError, NotReached, PortalRefused
from autofill.portal import locate
from autofill.portal.cases import MyCasesPage
from autofill.portal.navigation import goto, heading, settle
from autofill.portal.services import GuidePage, ServiceSearchPage
from autofill.portal.texts import PortalTexts

#: the pages of the walk, in its order; `preview` and `result` are never reached on purpose
PAGES = ("login", "header", "services", "guide", "my_cases", "detail", "form", "preview", "result")
#: texts that are shown only when something goes wrong; they have no page of their own
MESSAGES = "messages"

How = Literal[
    "heading", "control", "label", "button", "link", "checkbox", "upload", "option", "column",
    "text", "value", "search",
]  # fmt: skip
Result = Literal["found", "missing", "not_checked", "unknown"]

#: how long a page may take to show any of the texts expected on it
ARRIVAL_TIMEOUT_MS = 15_000


@dataclass(frozen=True)
class Expected:
    """One text of the portal map and where it should be seen."""

    key: str  # the portal map's key, e.g. "login_button", "materials.id_front", "statuses"
    text: str
    page: str  # one of PAGES, or MESSAGES
    how: How
    #: shown only in some situations: checked when shown, else "not checked" with this reason
    when: str | None = None
    #: never provoked by the survey: always "not checked" with this reason
    never: str | None = None


@dataclass(frozen=True)
class Finding:
    """What the survey found for one text."""

    key: str
    text: str
    page: str
    result: Result
    #: a reason key of the message catalogue (survey.why.*) for "not checked", else ""
    why: str = ""

    def as_json(self) -> dict[str, str]:
        return {
            "key": self.key,
            "text": self.text,
            "page": self.page,
            "result": self.result,
            "why": self.why,
        }


def expectations(t: PortalTexts) -> list[Expected]:
    """Every text of the portal map, with the page where it is expected and how it shows."""
    e = Expected
    out = [
        e("login_heading", t.login_heading, "login", "heading"),
        e("login_user", t.login_user, "login", "control"),
        e("login_password", t.login_password, "login", "control"),
        e("login_button", t.login_button, "login", "button"),
        e("sms_code", t.sms_code, "login", "control", when="sms"),
        e("sms_send", t.sms_send, "login", "button", when="sms"),
        e("captcha_label", t.captcha_label, "login", "control", when="captcha"),
        e("qr_prompt", t.qr_prompt, "login", "text", when="qr"),
        e("my_cases_link", t.my_cases_link, "header", "link"),
        e("logout", t.logout, "header", "button"),
        e("home_heading", t.home_heading, "services", "heading"),
        e("search_box", t.search_box, "services", "control"),
        e("search_button", t.search_button, "services", "button"),
        e("category_link", t.category_link, "services", "link"),
        e("search_phrase", t.search_phrase, "services", "search"),
        e("service_link", t.service_link, "services", "link"),
        e("guide_heading", t.guide_heading, "guide", "heading"),
    ]
    out += [e(f"guide_sections.{name}", name, "guide", "heading") for name in t.guide_sections]
    out += [
        e(f"guide_key_sections.{name}", name, "guide", "heading") for name in t.guide_key_sections
    ]
    out += [
        e("guide_ack", t.guide_ack, "guide", "checkbox"),
        e("apply_button", t.apply_button, "guide", "button"),
        e("real_name_required", t.real_name_required, "guide", "text", when="basic_auth"),
        e("my_cases_heading", t.my_cases_heading, "my_cases", "heading"),
    ]
    columns = ("column_case_no", "column_service", "column_submitted", "column_status")
    out += [e(key, getattr(t, key), "my_cases", "column", when="has_cases") for key in columns]
    out += [
        e("view_link", t.view_link, "my_cases", "link", when="has_cases"),
        e("previous_page", t.previous_page, "my_cases", "text", when="has_cases"),
        e("next_page", t.next_page, "my_cases", "text", when="has_cases"),
    ]
    statuses = (
        "status_draft", "status_pending", "status_reviewing", "status_approved",
        "status_rejected", "status_returned", "status_paid",
    )  # fmt: skip
    out += [e(key, getattr(t, key), "my_cases", "value", when="status") for key in statuses]
    out += [
        e("detail_heading", t.detail_heading, "detail", "heading"),
        e("detail_status", t.detail_status, "detail", "label"),
        e("detail_opinion", t.detail_opinion, "detail", "label", when="reviewed"),
        e("detail_amount", t.detail_amount, "detail", "label", when="approved"),
        e("detail_paid_on", t.detail_paid_on, "detail", "label", when="paid"),
        e("correction_heading", t.correction_heading, "detail", "heading", when="returned"),
        e("resubmit_button", t.resubmit_button, "detail", "button", when="returned"),
        e("form_heading", t.form_heading, "form", "heading"),
        e("name", t.name, "form", "label"),
        e("id_number", t.id_number, "form", "label"),
        e("phone", t.phone, "form", "control"),
        e("certificate_number", t.certificate_number, "form", "control"),
        e("certificate_lookup", t.certificate_lookup, "form", "button"),
        e("certificate_kind", t.certificate_kind, "form", "control"),
        e("occupation", t.occupation, "form", "control"),
        e("level", t.level, "form", "control"),
        e("issue_date", t.issue_date, "form", "control"),
        e("issuer", t.issuer, "form", "control"),
        e("hukou", t.hukou, "form", "label"),
        e("insurance_status", t.insurance_status, "form", "label"),
        e("unemployment_months", t.unemployment_months, "form", "label"),
        e("employment", t.employment, "form", "control"),
        e("employer", t.employer, "form", "control", when="employed"),
        e("bank", t.bank, "form", "control"),
        e("card_number", t.card_number, "form", "control"),
        e("card_number_again", t.card_number_again, "form", "control"),
    ]
    out += [e(f"materials.{k}", v, "form", "upload") for k, v in t.materials.items()]
    out += [
        e("uploaded", t.uploaded, "form", "text", when="uploaded"),
        e("delete", t.delete, "form", "button", when="uploaded"),
        e("save_button", t.save_button, "form", "button"),
        e("next_button", t.next_button, "form", "button"),
    ]
    for key in ("certificate_kinds", "levels", "employments"):
        out += [e(f"{key}.{k}", v, "form", "option") for k, v in getattr(t, key).items()]
    out += [e(f"hukous.{k}", v, "form", "value", when="own_value") for k, v in t.hukous.items()]
    out += [e("insurance_paying", t.insurance_paying, "form", "value", when="own_value")]
    out += [
        e(f"insurance_not_paying.{v}", v, "form", "value", when="own_value")
        for v in t.insurance_not_paying
    ]
    out += [
        e("preview_heading", t.preview_heading, "preview", "heading", never="preview"),
        e("promise", t.promise, "preview", "checkbox", never="preview"),
        e("back_button", t.back_button, "preview", "button", never="preview"),
        e("submit_button", t.submit_button, "preview", "button", never="preview"),
        e("result_heading", t.result_heading, "result", "heading", never="result"),
        e("case_no_prefix", t.case_no_prefix, "result", "text", never="result"),
        e("current_status_prefix", t.current_status_prefix, "result", "text", never="result"),
        e("session_expired", t.session_expired, MESSAGES, "text", never="expired"),
        e("busy", t.busy, MESSAGES, "text", never="busy"),
        e("login_failed", t.login_failed, MESSAGES, "text", never="refused_login"),
        e("sms_failed", t.sms_failed, MESSAGES, "text", never="refused_login"),
        e("account_locked", t.account_locked, MESSAGES, "text", never="refused_login"),
        e("form_errors", t.form_errors, MESSAGES, "text", never="refused_form"),
    ]
    out += [
        e(f"upload_errors.{v}", v, MESSAGES, "text", never="refused_upload")
        for v in t.upload_errors
    ]
    return out


def covered_keys(t: PortalTexts) -> set[str]:
    """The portal map's own keys that `expectations()` covers (for the test that none is left)."""
    return {x.key.split(".")[0] for x in expectations(t)}


MAP_KEYS = {f.name for f in fields(PortalTexts)}


# ---- looking at a page ---------------------------------------------------------------------


def _button(page: Page, text: str) -> Locator:
    return page.get_by_role("button", name=text, exact=True).or_(
        page.get_by_role("link", name=text, exact=True)
    )


def _anchor(page: Page, x: Expected, all_materials: list[str]) -> Locator:
    """A locator that is visible when the text shows as `x.how` says."""
    if x.how == "heading":
        return heading(page, x.text)
    if x.how in ("control", "label", "checkbox", "upload"):
        return locate.label_text(page, x.text)
    if x.how == "button":
        return _button(page, x.text)
    if x.how == "link":
        return page.get_by_role("link", name=x.text, exact=True)
    if x.how == "column":
        return page.get_by_role("columnheader", name=x.text, exact=True)
    if x.how == "value":
        return page.get_by_text(x.text, exact=True)
    return page.get_by_text(x.text)


def _shows(page: Page, x: Expected, all_materials: list[str]) -> bool:
    """Whether the page shows the text the way the client will look for it."""
    try:
        if x.how == "control":
            locate.control(page, x.text)
            return True
        if x.how == "checkbox":
            locate.checkbox(page, x.text)
            return True
        if x.how == "upload":
            item = locate.upload_item(page, x.text, all_materials)
            return item.count() > 0 and item.locator("input[type=file]").count() > 0
        if x.how == "option":
            options = page.get_by_role("option", name=x.text, exact=True, include_hidden=True)
            return options.count() > 0
    except locate.ControlNotFound:
        return False
    return _anchor(page, x, all_materials).first.is_visible()


def arrive(page: Page, expected: Iterable[Expected], all_materials: list[str]) -> None:
    """Waits until the page shows any of the texts expected on it (else returns after a while:
    then each of them is simply missing)."""
    required = [x for x in expected if x.when is None and x.how not in ("option", "search")]
    if not required:
        return
    anything = _anchor(page, required[0], all_materials)
    for x in required[1:]:
        anything = anything.or_(_anchor(page, x, all_materials))
    with suppress(PlaywrightTimeout):
        anything.first.wait_for(state="visible", timeout=ARRIVAL_TIMEOUT_MS)


# ---- the walk ------------------------------------------------------------------------------


#: logs in on the page the walk opened (the login page); raises on a refusal. The default types
#: the profile's account and password; a person-driven login (`--login manual`) plugs in here.
LogIn = Callable[[Page], None]


@dataclass
class Survey:
    """The findings of one walk, page by page, and what stopped it (if anything)."""

    findings: list[Finding] = field(default_factory=list)
    #: why the walk could not log in (the portal unreachable, the login refused), if it could not
    stopped: NotReached | None = None

    @property
    def missing(self) -> list[Finding]:
        return [f for f in self.findings if f.result in ("missing", "unknown")]

    def count(self, result: Result) -> int:
        return sum(1 for f in self.findings if f.result == result)


class Walk:
    """One read-only walk through the portal on one page."""

    def __init__(
        self,
        page: Page,
        texts: PortalTexts,
        base_url: str,
        log_in: LogIn,
        open_form: bool = False,
    ) -> None:
        self.page = page
        #: without a draft, press "立即申请" (the portal creates an empty draft) to see the form
        self.open_form = open_form
        self.texts = texts
        self.base_url = base_url
        self.log_in = log_in
        self.expected = expectations(texts)
        self.materials = list(texts.materials.values())
        self.survey = Survey()
        self.done: set[str] = set()
        self.reached_guide = False

    def on(self, page_name: str) -> list[Expected]:
        return [x for x in self.expected if x.page == page_name]

    def expected_as(self, key: str) -> Expected:
        return next(x for x in self.expected if x.key == key)

    def look(self, page_name: str, only: Callable[[Expected], bool] = lambda x: True) -> None:
        """Holds the page's texts against what it shows now (conditional ones when they show)."""
        mine = [
            x
            for x in self.on(page_name)
            if x.never is None and x.how != "search" and x.key not in self.done and only(x)
        ]
        arrive(self.page, mine, self.materials)
        for x in mine:
            if _shows(self.page, x, self.materials):
                self.add(x, "found")
            elif x.when is not None and not self._required_now(x):
                self.add(x, "not_checked", x.when)
            else:
                self.add(x, "missing")

    def _required_now(self, x: Expected) -> bool:
        """A conditional text that the page's own state says should be there."""
        if x.when == "has_cases" and x.how == "column":
            return self.page.get_by_role("columnheader").count() > 0
        return False

    def add(self, x: Expected, result: Result, why: str = "") -> None:
        if x.key in self.done:
            return
        self.done.add(x.key)
        self.survey.findings.append(Finding(x.key, x.text, x.page, result, why))

    def skip(self, page_name: str, why: str) -> None:
        for x in self.on(page_name):
            self.add(x, "not_checked", x.never or why)

    def run(self) -> Survey:
        """Walks every page it can reach; what it cannot reach is "not checked", with why."""
        try:
            self.login()
        except NotReached as exc:
            self.survey.stopped = exc
            for name in (*PAGES, MESSAGES):
                self.skip(name, exc.why)
            return self.survey
        for step, after in ((self.services, ("services", "guide")), (self.my_cases, PAGES)):
            try:
                step()
            except NotReached as exc:
                for name in after:
                    self.skip(name, exc.why)
            except (AutofillError, PlaywrightError):  # a page that never came, a busy portal
                for name in after:
                    self.skip(name, "page_failed")
        for name in (*PAGES, MESSAGES):
            self.skip(name, "not_reached")
        return self.survey

    def login(self) -> None:
        try:
            goto(self.page, self.base_url)
        except AutofillError as exc:
            raise NotReached("unreachable", exc) from None
        self.look("login")
        try:
            self.log_in(self.page)
        except AutofillError as exc:
            raise NotReached("login_failed", exc) from None
        except PlaywrightError as exc:  # a control that never answered (a renamed button)
            first = (exc.message.splitlines() or ["?"])[0]
            raise NotReached("login_failed", PortalRefused(first)) from None
        self.look("header")

    def services(self) -> None:
        """个人办事: its texts, the search (or the category), the service's link; then the guide."""
        t = self.texts
        goto(self.page, self.base_url)
        self.look("services", lambda x: x.key != "service_link")
        service = self.page.get_by_role("link", name=t.service_link, exact=True)
        phrase = self.expected_as("search_phrase")
        search = _button(self.page, t.search_button)
        try:
            box = locate.control(self.page, t.search_box)
        except locate.ControlNotFound:
            box = None
        if box is None or not search.count():
            self.add(phrase, "not_checked", "no_search")
        else:
            box.fill(t.search_phrase)
            search.first.click()
            self.add(phrase, "found" if _appears(service) else "missing")
        if not service.count():
            category = self.page.get_by_role("link", name=t.category_link, exact=True)
            if category.count():
                category.first.click()
                _appears(service)
        self.look("services", lambda x: x.key == "service_link")
        if not service.count():
            raise NotReached("no_service_link")
        service.first.click()
        self.look("guide")
        self.reached_guide = True

    def my_cases(self) -> None:
        """我的办件, a submitted case's 办件详情, and an existing draft's form (never a new one)."""
        t = self.texts
        cases = MyCasesPage(self.page, t)
        if not cases.link.count():
            raise NotReached("no_my_cases_link")
        cases.link.first.click()
        self.look("my_cases")
        rows = [r for r in cases.read_rows() if r.case_no]
        self._unknown_statuses([r.status for r in rows])
        submitted = next((r for r in rows if r.status and r.status != t.status_draft), None)
        draft = next((r for r in rows if r.status == t.status_draft), None)
        if submitted is not None and self._open(cases, submitted.case_no, t.detail_heading):
            self.look("detail")
            cases.link.first.click()
            _appears(cases.heading)
        else:
            self.skip("detail", "no_case")
        if draft is not None and self._open(cases, draft.case_no, t.form_heading):
            self.look("form")
        elif draft is None and self.open_form and self.reached_guide:
            self._new_form()
            self.look("form")
        else:
            self.skip("form", "no_draft")

    def _new_form(self) -> None:
        """Search → guide → tick the 须知 → "立即申请": the portal opens (and creates) the draft."""
        home = ServiceSearchPage(self.page, self.texts)
        goto(self.page, self.base_url)
        settle(self.page, self.texts, {"home": home.heading})
        home.search()
        home.open_service()
        GuidePage(self.page, self.texts).apply()

    def _open(self, cases: MyCasesPage, case_no: str, expected_heading: str) -> bool:
        """Follows "查看" of the case; True when the page with that heading showed."""
        link = cases.view_link_of(case_no)
        if link is None:
            return False
        link.click()
        return _appears(heading(self.page, expected_heading))

    def _unknown_statuses(self, shown: list[str]) -> None:
        """A status in the list that the portal map does not know: a status renamed."""
        known = set(self.texts.statuses)
        for status in dict.fromkeys(shown):
            if status and status not in known:
                self.survey.findings.append(Finding("statuses", status, "my_cases", "unknown"))


def _appears(locator: Locator) -> bool:
    try:
        locator.first.wait_for(state="visible", timeout=ARRIVAL_TIMEOUT_MS)
    except (PlaywrightTimeout, PlaywrightError):
        return False
    return True


def survey(
    page: Page, texts: PortalTexts, base_url: str, log_in: LogIn, open_form: bool = False
) -> Survey:
    """Walks the portal read-only and holds the whole portal map against its pages (with
    `open_form`, an account without a draft gets the empty one "立即申请" creates)."""
    return Walk(page, texts, base_url, log_in, open_form).run()
