"""What the mock must withstand: CSRF, cookie flags, other users' cases and files, path tricks,
lockout (applicants and reviewers), account enumeration, a 100 MB upload, and personal numbers
in its log."""

from __future__ import annotations

import logging
import re
import statistics
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from mock_portal.server import start_in_thread
from mock_portal.settings import PortalSettings
from tests.conftest import MockPortal
from tests.leaks import leaks
from tests.portal.conftest import WANG, Applicant, Reviewer, citizen

pytestmark = pytest.mark.portal

Make = Callable[..., Applicant]
LI = "310101198506121012"


def test_post_without_csrf_token_is_refused(portal: MockPortal, applicant: Make) -> None:
    with httpx.Client(base_url=portal.url) as anonymous:
        anonymous.get("/login")
        response = anonymous.post("/login", data={"username": WANG, "password": "Passw0rd!"})
        assert response.status_code == 403
    wang = applicant()
    wang.login()
    wang.open_form()
    forged = wang.client.post(
        f"/apply/{wang.case_no}", data={"action": "save", "phone": "13900000000"}
    )
    assert forged.status_code == 403
    wrong = wang.client.post(
        f"/apply/{wang.case_no}", data={"action": "save", "csrf_token": "x" * 32}
    )
    assert wrong.status_code == 403
    upload = wang.client.post(
        f"/apply/{wang.case_no}/materials/id_front",
        files={"file": ("a.jpg", b"\xff\xd8\xff\xe0rest", "image/jpeg")},
    )
    assert upload.status_code == 403
    [case] = portal.cases()
    assert case["fields"]["联系电话"] == "13800138000"
    assert case["materials"] == {}


def test_session_cookie_is_httponly_and_samesite_lax(portal: MockPortal) -> None:
    response = httpx.get(portal.url + "/login")
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_login_rotates_the_session(applicant: Make) -> None:
    wang = applicant()
    wang.get("/login")
    before = wang.client.cookies["portal_session"]
    wang.login()
    assert wang.client.cookies["portal_session"] != before


def test_other_users_case_and_files_answer_404(applicant: Make, portal: MockPortal) -> None:
    wang = applicant()
    wang.apply_fully()
    thumb = re.search(r'src="(/materials/[0-9a-f]+/thumb)"', wang.page)
    assert thumb
    assert wang.client.get(thumb.group(1)).status_code == 200
    wang.submit()

    li = applicant(LI)
    li.login()
    assert li.get(f"/cases/{wang.case_no}").status_code == 404
    assert li.get(f"/apply/{wang.case_no}").status_code == 404
    assert li.get(f"/apply/{wang.case_no}/preview").status_code == 404
    assert li.client.get(thumb.group(1)).status_code == 404
    assert li.client.get(thumb.group(1).rsplit("/", 1)[0]).status_code == 404
    assert li.upload("id_front", case_no=wang.case_no).status_code == 404
    assert wang.case_no not in li.get("/cases").text
    with httpx.Client(base_url=portal.url) as anonymous:
        assert anonymous.get(thumb.group(1)).status_code == 404


def test_path_trick_file_names_stay_in_the_data_folder(applicant: Make, portal: MockPortal) -> None:
    data_dir = portal.server.portal.data_dir
    outside = data_dir.parent
    before = set(outside.rglob("*"))
    wang = applicant()
    wang.login()
    wang.open_form()
    for name in ("../../x.jpg", "..\\..\\y.jpg", "/etc/passwd.jpg", "files/../../../z.jpg"):
        response = wang.upload("id_front", name=name)
        assert response.status_code == 200, response.text
    after = set(outside.rglob("*"))
    new = after - before
    assert new and all(data_dir in p.parents for p in new)
    stored = [p.name for p in (data_dir / "files").iterdir()]
    assert all(re.fullmatch(r"[0-9a-f]{32}\.jpg", n) for n in stored)
    [case] = portal.cases()
    assert case["materials"]["身份证人像面"]["file_name"] == "z.jpg"
    assert not Path("/etc/passwd.jpg").exists()


def test_lockout_after_five_failures(applicant: Make, portal: MockPortal) -> None:
    wang = applicant()
    for _ in range(4):
        assert "用户名或密码错误" in wang.login(password="wrong").text
    assert "账户已锁定，请30分钟后再试" in wang.login(password="wrong").text
    assert "账户已锁定，请30分钟后再试" in wang.login().text
    portal.clock(advance_seconds=31 * 60)
    assert "个人办事" in wang.login().text


def test_success_resets_the_failure_count(applicant: Make) -> None:
    wang = applicant()
    for _ in range(4):
        wang.login(password="wrong")
    assert "个人办事" in wang.login().text
    wang.post("/logout")
    for _ in range(4):
        assert "用户名或密码错误" in wang.login(password="wrong").text


def test_unknown_user(applicant: Make) -> None:
    assert "用户名或密码错误" in applicant("110101199001011237").login().text


def test_login_by_phone(applicant: Make) -> None:
    assert "个人办事" in applicant("13800138000").login().text


def _hundred_megabytes(boundary: str, token: str) -> Iterator[bytes]:
    yield (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n"
    ).encode()
    chunk = b"\xff" * (1024 * 1024)
    for _ in range(100):
        yield chunk
    yield f"\r\n--{boundary}--\r\n".encode()


def test_hundred_megabyte_upload_is_refused_while_streaming(applicant: Make) -> None:
    wang = applicant()
    wang.login()
    wang.open_form()
    boundary = "----portaltestboundary"
    tracemalloc.start()
    try:
        response = wang.client.post(
            f"/apply/{wang.case_no}/materials/id_front",
            content=_hundred_megabytes(boundary, wang.csrf()),
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "X-Requested-With": "fetch",
            },
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 413
    assert "文件大小超过限制" in response.text
    # client and server share this process: 100 MB held anywhere would show in the peak
    assert peak < 20 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


def test_log_has_no_unmasked_numbers(applicant: Make, portal: MockPortal) -> None:
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    handler = Keep()
    logger = logging.getLogger("mock_portal")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        portal.faults(sms_login=True)
        wang = applicant()
        wang.get("/login")
        wang.post("/login", {"username": WANG, "password": "Passw0rd!", "action": "send_code"})
        code = portal.sms_code("13800138000")
        wang.get(f"/login?next=/cases&card=6222020212345678909&u={WANG}")
        wang.post("/login", {"username": WANG, "password": "Passw0rd!", "sms_code": code})
        wang.get("/services")
    finally:
        logger.removeHandler(handler)
    text = "\n".join(records)
    assert "login ok for 310***********4321" in text
    assert "138****8000" in text
    for number in (WANG, "13800138000", "6222020212345678909"):
        assert number not in text


def test_tracebacks_in_the_log_are_masked() -> None:
    from mock_portal.masking import MaskingFilter

    logger = logging.getLogger("mock_portal.test")
    logger.addFilter(MaskingFilter())
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep()
    logger.addHandler(handler)
    try:
        try:
            raise ValueError(f"card 6222020212345678909 of {WANG}")
        except ValueError:
            logger.exception("failed for 13800138000")
    finally:
        logger.removeHandler(handler)
    text = logging.Formatter().format(records[0])
    assert "6222 **** **** 8909" in text and "310***********4321" in text and "138****8000" in text
    for number in (WANG, "13800138000", "6222020212345678909"):
        assert number not in text


def _page_without_tokens(html: str) -> str:
    """The page as a person sees it: the per-session token, the QR code's and the typed name taken out."""
    html = re.sub(r'value="[A-Za-z0-9_-]{20,}"', 'value=""', html)
    html = re.sub(r"/qr/[A-Za-z0-9_-]+", "/qr/", html)
    html = re.sub(r'data-csrf="[^"]*"', "", html)
    return re.sub(r'name="username"[^>]*value="[^"]*"', 'name="username"', html)


def _send_code(url: str, username: str) -> httpx.Response:
    person = Applicant(url, username)
    try:
        person.get("/login")
        return person.post("/login", {"username": username, "password": "", "action": "send_code"})
    finally:
        person.close()


@pytest.mark.parametrize("sms_login", [True, False], ids=["sms-on", "sms-off"])
def test_sms_code_answer_does_not_tell_whether_an_account_exists(
    portal: MockPortal, sms_login: bool
) -> None:
    portal.faults(sms_login=sms_login)
    known_phone = _send_code(portal.url, "13800138000")
    unknown_phone = _send_code(portal.url, "13900000000")
    assert known_phone.status_code == unknown_phone.status_code == 200
    assert "验证码已发送至138****8000" in known_phone.text
    assert "验证码已发送至139****0000" in unknown_phone.text
    known_id = _send_code(portal.url, WANG)
    unknown_id = _send_code(portal.url, "110101199001011237")
    assert known_id.status_code == unknown_id.status_code == 200
    assert _page_without_tokens(known_id.text) == _page_without_tokens(unknown_id.text)
    assert "138****8000" not in known_id.text
    # a code exists only for a known account, and only while SMS login is on
    sent = portal.call("GET", "sms", params={"phone": "13800138000"})
    assert sent.status_code == (200 if sms_login else 404)
    assert portal.call("GET", "sms", params={"phone": "13900000000"}).status_code == 404


def _wrong_password_seconds(person: Applicant) -> float:
    token = person.csrf()
    started = time.perf_counter()
    person.client.post(
        "/login", data={"csrf_token": token, "username": person.id_number, "password": "wrong"}
    )
    return time.perf_counter() - started


def test_wrong_password_takes_as_long_for_an_unknown_account(portal: MockPortal) -> None:
    known: list[float] = []
    unknown: list[float] = []
    with Applicant(portal.url, LI) as li, Applicant(portal.url, "110101199001011237") as nobody:
        li.get("/login")
        nobody.get("/login")
        # in turns, so that a busy moment of a shared machine weighs on both alike
        for _ in range(9):
            known.append(_wrong_password_seconds(li))
            unknown.append(_wrong_password_seconds(nobody))
    fast, slow = statistics.median(unknown), statistics.median(known)
    # the password hash is most of a known account's answer; without it an unknown one is ~4× faster
    assert fast >= 0.5 * slow, f"unknown {fast * 1000:.1f} ms, known {slow * 1000:.1f} ms"


def test_reviewer_console_locks_after_five_wrong_passwords(
    portal: MockPortal, reviewer: Callable[[], Reviewer]
) -> None:
    staff = reviewer()
    for _ in range(4):
        assert "用户名或密码错误" in staff.login("wrong")
    assert "账户已锁定，请30分钟后再试" in staff.login("wrong")
    assert "账户已锁定，请30分钟后再试" in staff.login()
    assert staff.client.get("/review").url.path == "/review/login"
    portal.clock(advance_seconds=29 * 60)
    assert "账户已锁定，请30分钟后再试" in staff.login()
    portal.clock(advance_seconds=2 * 60)
    page = staff.login()
    assert "账户已锁定" not in page and "用户名或密码错误" not in page
    assert staff.client.get("/review").url.path == "/review"  # in, not sent to its login


def test_neither_the_password_nor_an_sms_code_reaches_the_portals_files(tmp_path: Path) -> None:
    # a portal of its own, so that its database and uploads folder are this test's to read
    data = tmp_path / "portal-data"
    server = start_in_thread(PortalSettings(port=0, db=data / "portal.db"))
    secret = 'S3cret "门" &<pw>!'
    codes: list[str] = []
    try:
        with httpx.Client(base_url=server.url, timeout=30) as control:
            control.post("/__mock__/faults", json={"sms_login": True}).raise_for_status()
            body = citizen("31010119920315432", name="王示例", phone="13900139000")
            answer = control.post("/__mock__/citizens", json={**body, "password": secret})
            answer.raise_for_status()
            with Applicant(server.url, body["id_number"], secret) as person:
                for _ in range(2):  # a first code, replaced by a second that logs in
                    person.get("/login")
                    person.post("/login", {"username": person.id_number, "action": "send_code"})
                    sent = control.get("/__mock__/sms", params={"phone": "13900139000"})
                    codes.append(sent.json()["code"])
                assert "个人办事" in person.login(sms_code=codes[-1]).text
                person.post("/logout")
                person.get("/login")
                person.post("/login", {"username": person.id_number, "action": "send_code"})
                # the mock's own control API still answers the code it sent
                sent = control.get("/__mock__/sms", params={"phone": "13900139000"})
                codes.append(sent.json()["code"])
            assert (data / "portal.db").is_file()
            assert leaks(secret, codes, data) == []
    finally:
        server.stop()
