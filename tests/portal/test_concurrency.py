"""Many applicants at once lose no write: 50 threads, each its own citizen, 50 submitted cases."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import MockPortal
from tests.portal.conftest import Applicant, citizen, jpeg

pytestmark = pytest.mark.portal

N = 50


def test_fifty_applicants_at_once(portal: MockPortal) -> None:
    people = [citizen(f"3101011990{n // 28 + 1:02d}{n % 28 + 1:02d}1{n:02d}") for n in range(N)]
    for person in people:
        portal.add_citizen(person)
    image = jpeg(320, 240)

    def apply(person: dict[str, object]) -> str:
        cert = person["certificates"][0]  # type: ignore[index]
        with Applicant(portal.url, str(person["id_number"])) as a:
            a.login()
            a.open_form()
            for item in (
                "id_front",
                "id_back",
                "certificate_cover",
                "certificate_info",
                "certificate_level",
                "bank_card",
            ):
                assert "已上传" in a.upload(item, image).text
            fields = {
                "phone": str(person["phone"]),
                "cert_number": cert["number"],
                "cert_kind": cert["kind"],
                "occupation": cert["occupation"],
                "level": "三级/高级工",
                "issue_date": cert["issue_date"],
                "issuer": cert["issuer"],
                "employment": "在职",
                "employer": "上海示例机电工程有限公司",
                "bank": "中国工商银行",
                "card_number": "6222020212345678909",
                "card_number2": "6222020212345678909",
            }
            assert "申请信息预览" in a.next(**fields).text
            assert "提交成功" in a.submit().text
            return a.case_no

    with ThreadPoolExecutor(max_workers=N) as pool:
        numbers = list(pool.map(apply, people))
    cases = portal.cases()
    assert len(set(numbers)) == N
    assert sorted(c["case_no"] for c in cases) == sorted(numbers)
    assert all(c["status"] == "待审核" and len(c["materials"]) == 6 for c in cases)
    assert {c["id_number"] for c in cases} == {p["id_number"] for p in people}
