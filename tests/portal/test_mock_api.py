"""The /__mock__ control API: answers, 422s that create nothing, loopback only."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

import httpx
import pytest

from tests.conftest import MockPortal
from tests.portal.conftest import Applicant, citizen

pytestmark = pytest.mark.portal

Make = Callable[..., Applicant]


def test_reset_empties_state_and_loads_fixtures(portal: MockPortal, applicant: Make) -> None:
    body = citizen("31010119900303303")
    portal.add_citizen(body)
    wang = applicant()
    wang.apply_fully()
    portal.clock(advance_days=3)
    portal.faults(error_rate=0.5)
    assert portal.call("POST", "reset").status_code == 204
    assert portal.cases() == []
    assert portal.faults()["error_rate"] == 0.0
    assert "用户名或密码错误" in applicant(body["id_number"]).login().text
    assert "个人办事" in applicant().login().text


def test_citizen_is_created_with_everything(portal: MockPortal, applicant: Make) -> None:
    body = citizen("31010119900303303", name="新市民")
    response = portal.call("POST", "citizens", body)
    assert response.status_code == 201
    person = applicant(body["id_number"])
    assert "个人办事" in person.login().text
    person.open_form()
    filled = person.lookup(body["certificates"][0]["number"])
    assert 'value="电工"' in filled.text
    assert "新**" in filled.text


def test_register_takes_an_occupation_as_long_as_the_form_does(
    portal: MockPortal, applicant: Make
) -> None:
    # the profile allows a 50-character occupation; the rehearsal registers it as it is
    occupation = "高压电工作业" * 8 + "低压"
    assert len(occupation) == 50
    body = citizen("31010119900303303")
    body["certificates"][0]["occupation"] = occupation
    assert portal.call("POST", "citizens", body).status_code == 201
    person = applicant(body["id_number"])
    person.login()
    person.open_form()
    assert f'value="{occupation}"' in person.lookup(body["certificates"][0]["number"]).text
    body = citizen("31010119900404404")
    body["certificates"][0]["occupation"] = occupation + "工"
    response = portal.call("POST", "citizens", body)
    assert response.status_code == 422
    assert "occupation" in response.text


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"id_number": "310101199203154323"}, "check character"),
        ({"id_number": "310101199302304324"}, "id_number"),
        ({"phone": "12345"}, "phone"),
        ({"auth_level": "super"}, "auth_level"),
        ({"hukou": "beijing"}, "hukou"),
        ({"unknown_key": 1}, "unknown_key"),
        ({"social_insurance": {"scheme": "other"}}, "scheme"),
        (
            {
                "certificates": [
                    {
                        "number": "S1",
                        "occupation": "电工",
                        "level": 3,
                        "issue_date": "2026-01-01",
                        "issuer": "x",
                    }
                ]
            },
            "number",
        ),
        (
            {
                "certificates": [
                    {
                        "number": "S000031000001263000999",
                        "occupation": "电工",
                        "level": 7,
                        "issue_date": "2026-01-01",
                        "issuer": "x",
                    }
                ]
            },
            "level",
        ),
        ({"prior_claims": [{"occupation": "电工", "level": 3}]}, "granted_on"),
    ],
)
def test_bad_citizen_body_is_422_and_creates_nothing(
    portal: MockPortal, applicant: Make, change: dict[str, Any], needle: str
) -> None:
    body = {**citizen("31010119900303303"), **change}
    response = portal.call("POST", "citizens", body)
    assert response.status_code == 422
    assert needle in response.text
    assert "用户名或密码错误" in applicant(body["id_number"]).login().text
    assert "用户名或密码错误" in applicant(citizen("31010119900303303")["id_number"]).login().text


def test_body_that_is_not_json_is_422(portal: MockPortal) -> None:
    response = portal.call(
        "POST", "citizens", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422


def test_clock_set_and_advance(portal: MockPortal) -> None:
    assert portal.clock(now="2026-11-29T10:00:00+08:00").startswith("2026-11-29T10:00:0")
    assert portal.clock(advance_days=30).startswith("2026-12-29T10:00")
    assert portal.clock(advance_seconds=90).startswith("2026-12-29T10:01")
    assert portal.clock().startswith("2026-12-29T10:01")
    assert (
        portal.call("POST", "clock", {"advance_days": 1, "advance_seconds": 1}).status_code == 422
    )
    assert portal.call("POST", "clock", {"now": "yesterday"}).status_code == 422
    assert portal.call("POST", "clock", {}).status_code == 422


def test_faults_set_and_back_to_default(portal: MockPortal) -> None:
    answer = portal.faults(latency_ms=[1, 3], upload_fail_rate=0.25, sms_login=True)
    assert (
        answer["latency_ms"] == [1, 3]
        and answer["upload_fail_rate"] == 0.25
        and answer["sms_login"]
    )
    answer = portal.faults(latency_ms=None, sms_login=None)
    assert answer["latency_ms"] == 0 and answer["sms_login"] is False
    assert answer["upload_fail_rate"] == 0.25
    for bad in ({"error_rate": 2}, {"layout": "retro"}, {"nope": 1}, {"latency_ms": [5, 1]}):
        assert portal.call("POST", "faults", bad).status_code == 422
    assert portal.faults()["upload_fail_rate"] == 0.25


def test_review_policy_body(portal: MockPortal) -> None:
    assert (
        portal.review_policy(mode="auto", decision="return", after_seconds=[1, 2])["mode"] == "auto"
    )
    for bad in (
        {"mode": "sometimes"},
        {"mode": "auto", "decision": "approve", "after_seconds": [1, 2]},
        {"mode": "auto", "after_seconds": [30, 10, 40]},
    ):
        assert portal.call("POST", "review", bad).status_code == 422
    assert portal.call("POST", "cases/SH1/review", {"decision": "maybe"}).status_code == 422


def test_sms_code_is_readable(portal: MockPortal, applicant: Make) -> None:
    assert portal.call("GET", "sms", params={"phone": "13800138000"}).status_code == 404
    portal.faults(sms_login=True)
    wang = applicant()
    wang.get("/login")
    page = wang.post(
        "/login", {"username": "13800138000", "password": "", "action": "send_code"}
    ).text
    assert "验证码已发送至138****8000" in page
    assert len(portal.sms_code("13800138000")) == 6


def test_control_api_answers_loopback_only(portal: MockPortal) -> None:
    app = portal.server.app

    async def call(client: tuple[str, int]) -> int:
        transport = httpx.ASGITransport(app=app, client=client)
        async with httpx.AsyncClient(transport=transport, base_url="http://portal") as c:
            return (await c.get("/__mock__/cases")).status_code

    def status_for(client: tuple[str, int]) -> int:
        # in a thread of its own: pytest-playwright may already run an event loop in this one
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(lambda: asyncio.run(call(client))).result()

    assert status_for(("203.0.113.7", 5000)) == 404
    assert status_for(("127.0.0.1", 5000)) == 200


def test_body_that_is_not_json_typed_is_refused(portal: MockPortal) -> None:
    before = portal.clock()
    for ctype in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
        response = portal.client.post(
            "/__mock__/clock", content=b'{"advance_days": 30}', headers={"Content-Type": ctype}
        )
        assert response.status_code == 415, ctype
        assert "application/json" in response.json()["detail"]
    untyped = portal.client.post("/__mock__/clock", content=b'{"advance_days": 30}')
    assert untyped.status_code == 415
    assert _days_moved(before, portal.clock()) < 1
    # a reset carries no body: it needs no content type
    assert portal.client.post("/__mock__/reset").status_code == 204


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://localhost:9999"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},  # another port of localhost is the same site
    ],
)
def test_requests_from_another_site_are_refused(
    portal: MockPortal, applicant: Make, headers: dict[str, str]
) -> None:
    new_password = {**citizen("11010119900101123"), "password": "Hijacked1!"}
    calls = [
        ("POST", "clock", {"advance_days": 30}),
        ("POST", "citizens", new_password),
        ("POST", "faults", {"error_rate": 1}),
        ("POST", "reset", None),
        ("GET", "cases", None),
    ]
    before = portal.clock()
    for method, path, body in calls:
        response = portal.call(method, path, body, headers=headers)
        assert response.status_code == 403, (path, response.text)
        assert "cross-site request refused" in response.json()["detail"]
    assert _days_moved(before, portal.clock()) < 1
    assert portal.call("GET", "faults").json()["error_rate"] == 0
    assert "用户名或密码错误" in applicant(new_password["id_number"], "Hijacked1!").login().text
    # the portal's own pages (and clients that send no Origin) still may
    own = {"Origin": portal.url, "Sec-Fetch-Site": "same-origin"}
    assert portal.call("POST", "clock", {"advance_days": 30}, headers=own).status_code == 200
    assert _days_moved(before, portal.clock()) >= 30


def _days_moved(before: str, after: str) -> float:
    return (datetime.fromisoformat(after) - datetime.fromisoformat(before)).total_seconds() / 86400
