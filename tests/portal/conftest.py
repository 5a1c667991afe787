"""HTTP helpers for the portal tests: an applicant driving the mock with httpx, as a browser would."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from PIL import Image

from autofill.dates import today_shanghai
from tests.conftest import MockPortal

WANG = "310101199203154321"
#: how old the fixtures' certificate of 王示例 is (mock_portal/fixtures/default.json: today-41d)
WANG_CERTIFICATE_AGE = timedelta(days=41)
PASSWORD = "Passw0rd!"
ITEMS = {
    "id_front": "身份证人像面",
    "id_back": "身份证国徽面",
    "certificate_cover": "证书封面",
    "certificate_info": "证书个人信息页",
    "certificate_level": "证书等级页",
    "bank_card": "银行卡",
}
WANG_FORM = {
    "phone": "13800138000",
    "cert_number": "S000031000001263000123",
    "cert_kind": "职业技能等级证书",
    "occupation": "电工",
    "level": "三级/高级工",
    "issuer": "上海市示例职业技能等级认定中心",
    "employment": "在职",
    "employer": "上海示例机电工程有限公司",
    "bank": "中国工商银行",
    "card_number": "6222020212345678909",
    "card_number2": "6222020212345678909",
}


def wang_issued() -> date:
    """The issue date of 王示例's certificate in the fixtures, resolved at the last reset."""
    return today_shanghai() - WANG_CERTIFICATE_AGE


def wang_form() -> dict[str, str]:
    """The form of the example person, with the fixtures' issue date."""
    return {**WANG_FORM, "issue_date": wang_issued().isoformat()}


def jpeg(width: int = 800, height: int = 600) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), (230, 236, 245)).save(buf, "JPEG", quality=85)
    return buf.getvalue()


def id_with_check(first17: str) -> str:
    """A resident ID number with its GB 11643 check character."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


def citizen(id17: str, **overrides: Any) -> dict[str, Any]:
    """A citizen body for /__mock__/citizens: an employed Shanghai electrician by default."""
    number = id_with_check(id17)
    body: dict[str, Any] = {
        "name": "测试员",
        "id_number": number,
        "phone": "139" + number[-8:].replace("X", "0"),
        "password": PASSWORD,
        "auth_level": "advanced",
        "hukou": "shanghai",
        "social_insurance": {
            "scheme": "employee",
            "status": "paying",
            "unemployment_insurance_months": 36,
        },
        "establishment_staff": False,
        "certificates": [
            {
                "number": f"S00003100000126300{number[-4:].replace('X', '0')}",
                "kind": "职业技能等级证书",
                "occupation": "电工",
                "level": 3,
                "issue_date": (today_shanghai() - timedelta(days=60)).isoformat(),
                "issuer": "上海市某职业技能等级认定机构",
                "route": "assessment",
            }
        ],
        "prior_claims": [],
    }
    body.update(overrides)
    return body


class Applicant:
    """One person's browser session against the mock, over plain HTTP."""

    def __init__(self, url: str, id_number: str = WANG, password: str = PASSWORD) -> None:
        self.client = httpx.Client(base_url=url, follow_redirects=True, timeout=30)
        self.id_number = id_number
        self.password = password
        self.page = ""
        self.case_no = ""

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Applicant:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _keep(self, response: httpx.Response) -> httpx.Response:
        if response.headers.get("content-type", "").startswith("text/html"):
            self.page = response.text
        return response

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self._keep(self.client.get(path, **kw))

    def post(self, path: str, data: dict[str, str] | None = None, **kw: Any) -> httpx.Response:
        body = {"csrf_token": self.csrf(), **(data or {})}
        return self._keep(self.client.post(path, data=body, **kw))

    def csrf(self) -> str:
        if "csrf_token" not in self.page:
            self.get("/login")
        match = re.search(r'name="csrf_token" value="([^"]+)"', self.page)
        assert match, "no CSRF token on the page"
        return match.group(1)

    def login(self, password: str | None = None, **extra: str) -> httpx.Response:
        self.get("/login")
        return self.post(
            "/login",
            {"username": self.id_number, "password": password or self.password, **extra},
        )

    def open_form(self) -> httpx.Response:
        self.get("/services/skill-subsidy")
        response = self.post("/services/skill-subsidy/apply", {"agree": "on"})
        assert "/apply/" in str(response.url), response.text[:300]
        self.case_no = str(response.url).rstrip("/").rsplit("/", 1)[1]
        return response

    def form(self, action: str, **fields: str) -> httpx.Response:
        return self.post(f"/apply/{self.case_no}", {"action": action, **fields})

    def lookup(self, number: str) -> httpx.Response:
        return self.form("lookup", cert_number=number)

    def upload(
        self, item: str, content: bytes | None = None, name: str = "scan.jpg", case_no: str = ""
    ) -> httpx.Response:
        return self.client.post(
            f"/apply/{case_no or self.case_no}/materials/{item}",
            files={"file": (name, jpeg() if content is None else content, "image/jpeg")},
            data={"csrf_token": self.csrf()},
            headers={"X-Requested-With": "fetch"},
        )

    def upload_all(self) -> None:
        image = jpeg()
        for item in ITEMS:
            response = self.upload(item, image, f"{item}.jpg")
            assert response.status_code == 200 and "已上传" in response.text, response.text[:300]

    def next(self, **fields: str) -> httpx.Response:
        return self.form("next", **fields)

    def submit(self, promise: bool = True) -> httpx.Response:
        data = {"action": "submit"}
        if promise:
            data["promise"] = "on"
        return self.post(f"/apply/{self.case_no}/submit", data)

    def apply_fully(self, **overrides: str) -> httpx.Response:
        """Login → form → uploads → 下一步 with the example person's values (or overrides)."""
        self.login()
        self.open_form()
        self.upload_all()
        return self.next(**{**wang_form(), **overrides})

    def form_after_lookup(self, number: str, **overrides: str) -> httpx.Response:
        """Login, lookup the certificate, fill the rest, upload everything, press 下一步."""
        self.login()
        self.open_form()
        self.lookup(number)
        self.upload_all()
        values = {
            "phone": "13800138000",
            "employment": "在职",
            "employer": "上海示例机电工程有限公司",
            "bank": "中国工商银行",
            "card_number": WANG_FORM["card_number"],
            "card_number2": WANG_FORM["card_number"],
        }
        fields = dict(
            re.findall(
                r'name="(cert_kind|occupation|issue_date|issuer)"[^>]*value="([^"]*)"', self.page
            )
        )
        for name in ("cert_kind", "level"):
            chosen = re.search(
                rf'name="{name}".*?<option value="([^"]+)" selected', self.page, re.S
            )
            if chosen:
                fields[name] = chosen.group(1)
        return self.next(cert_number=number, **{**fields, **values, **overrides})


def errors_box(html: str) -> str:
    """The text of the box headed 请修正以下问题 (empty when there is none)."""
    match = re.search(r'<div class="form-errors".*?</div>', html, re.S)
    return re.sub(r"<[^>]+>", " ", match.group(0)) if match else ""


def beside(html: str, field: str) -> str:
    """The error shown beside a form field (classic layout: the span after its control)."""
    match = re.search(rf'id="e-{field}">([^<]*)<', html)
    return match.group(1) if match else ""


@pytest.fixture
def applicant(portal: MockPortal) -> Iterator[Callable[..., Applicant]]:
    made: list[Applicant] = []

    def make(id_number: str = WANG, password: str = PASSWORD) -> Applicant:
        person = Applicant(portal.url, id_number, password)
        made.append(person)
        return person

    yield make
    for person in made:
        person.close()


class Reviewer:
    """The training staff's browser on 审核工作台."""

    def __init__(self, url: str) -> None:
        self.client = httpx.Client(base_url=url, follow_redirects=True)
        self.page = self.client.get("/review/login").text

    def csrf(self) -> str:
        match = re.search(r'name="csrf_token" value="([^"]+)"', self.page)
        assert match
        return match.group(1)

    def login(self, password: str = "Review123!") -> str:
        self.page = self.client.post(
            "/review/login",
            data={"csrf_token": self.csrf(), "username": "reviewer", "password": password},
        ).text
        return self.page

    def open(self, case_no: str) -> str:
        self.page = self.client.get(f"/review/cases/{case_no}").text
        return self.page

    def decide(self, case_no: str, decision: str, opinion: str = "") -> httpx.Response:
        response = self.client.post(
            f"/review/cases/{case_no}",
            data={"csrf_token": self.csrf(), "decision": decision, "opinion": opinion},
        )
        self.page = response.text
        return response


@pytest.fixture
def reviewer(portal: MockPortal) -> Iterator[Callable[[], Reviewer]]:
    made: list[Reviewer] = []

    def make() -> Reviewer:
        made.append(Reviewer(portal.url))
        return made[-1]

    yield make
    for staff in made:
        staff.client.close()
