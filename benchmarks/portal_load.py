"""HTTP load on the mock portal: page latency without faults, and N applicants filing at once.

Each applicant logs in, finds the service, opens the form, fills it, uploads six materials and
submits, over plain HTTP as a browser without scripts would (forms found by their labels).
Afterwards `/__mock__/cases` must hold exactly one submitted case per applicant with every
field and material as sent: a lost or crossed write shows up here.

    PYTHONPATH=src:. python -m benchmarks.portal_load [--applicants 50] [--samples 100]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import httpx

from benchmarks import people
from benchmarks.htmlforms import Page, parse
from benchmarks.measure import median, percentile
from benchmarks.mockserver import MockServer
from benchmarks.report import write

MEDIAN_TARGET_MS = 50.0
ITEMS = {
    "id_front": "身份证人像面",
    "id_back": "身份证国徽面",
    "certificate_cover": "证书封面",
    "certificate_info": "证书个人信息页",
    "certificate_level": "证书等级页",
    "bank_card": "银行卡",
}
CASE_NO = re.compile(r"办件编号[：:]\s*([A-Za-z0-9-]+)")


def form_values(p: people.Person) -> dict[str, str]:
    """What an applicant types into the form, label → value (also what the case must keep)."""
    return {
        "联系电话": p.phone,
        "证书编号": p.certificate_number,
        "证书类型": "职业技能等级证书",
        "职业（工种）": "电工",
        "等级": "三级/高级工",
        "发证日期": people.ISSUE_DATE,
        "发证机构": people.ISSUER,
        "就业状态": "在职",
        "工作单位": people.EMPLOYER["name"],
        "开户银行": "中国工商银行",
        "银行卡号": p.card_number,
        "确认银行卡号": p.card_number,
    }


@dataclass
class Timings:
    """Response times in ms, by the kind of page (its first heading)."""

    by_page: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    def add(self, page: str, ms: float) -> None:
        self.by_page[page].append(ms)

    def all(self) -> list[float]:
        return [ms for values in self.by_page.values() for ms in values]


class Applicant:
    """One person filing over HTTP with their own cookie jar."""

    def __init__(self, base_url: str, person: people.Person, timings: Timings) -> None:
        self.person = person
        self.timings = timings
        self.client = httpx.AsyncClient(base_url=base_url, timeout=60.0, follow_redirects=True)
        self.case_no = ""
        self.documents = {item: people.document_bytes(item) for item in ITEMS}

    async def request(self, method: str, url: str, **kwargs: Any) -> Page:
        started = time.perf_counter()
        response = await self.client.request(method, url, **kwargs)
        elapsed = (time.perf_counter() - started) * 1000
        page = parse(str(response.url), response.status_code, response.text)
        self.timings.add(page.headings[0] if page.headings else "(upload fragment)", elapsed)
        if response.status_code >= 400:
            raise RuntimeError(f"{method} {url}: {response.status_code} {page.text[:200]}")
        return page

    async def submit(
        self, page: Page, form_label: str | None, button: str, values: dict[str, str]
    ) -> Page:
        form = page.form_with(label=form_label, button=button)
        data = form.data(values, button)
        if form.method == "get":
            return await self.request("GET", form.action, params=data)
        return await self.request("POST", form.action, data=data)

    async def log_in(self) -> Page:
        page = await self.request("GET", "/login")
        return await self.submit(
            page,
            "证件号码/手机号",
            "登录",
            {"证件号码/手机号": self.person.id_number, "密码": people.PASSWORD},
        )

    async def open_form(self, services: Page) -> Page:
        found = await self.submit(services, "搜索服务", "搜索", {"搜索服务": "技能提升"})
        guide = await self.request("GET", found.link("职业技能提升补贴申请"))
        return await self.submit(
            guide, "我已阅读并知晓申请须知", "立即申请", {"我已阅读并知晓申请须知": "on"}
        )

    async def upload_all(self, form_page: Page) -> None:
        """Uploads as the form's script does (one POST per item, the CSRF token in a header)."""
        headers = {"x-requested-with": "fetch", "x-csrf-token": form_page.csrf()}
        for item, label in ITEMS.items():
            files = {"file": (f"{item}.jpg", self.documents[item], "image/jpeg")}
            fragment = await self.request(
                "POST", form_page.upload_url(label), files=files, headers=headers
            )
            if "已上传" not in fragment.text:
                raise RuntimeError(f"upload of {label} not shown as 已上传: {fragment.text[:200]}")

    async def file(self) -> str:
        services = await self.log_in()
        form_page = await self.open_form(services)
        values = form_values(self.person)
        form_page = await self.submit(form_page, "证书编号", "暂存", values)
        await self.upload_all(form_page)
        preview = await self.submit(form_page, "证书编号", "下一步", values)
        if "申请信息预览" not in preview.headings:
            raise RuntimeError(f"no preview: {preview.text[:300]}")
        done = await self.submit(
            preview, None, "确认提交", {"本人承诺以上信息真实、准确、完整": "on"}
        )
        match = CASE_NO.search(done.text)
        if "提交成功" not in done.headings or match is None:
            raise RuntimeError(f"not submitted: {done.text[:300]}")
        self.case_no = match.group(1)
        return self.case_no

    async def browse(self, samples: int) -> None:
        """Re-reads the pages a logged-in applicant sees, one request at a time, for latency."""
        services = await self.request("GET", "/services")
        urls = ["/login", str(services.url), services.link("我的办件")]
        found = await self.submit(services, "搜索服务", "搜索", {"搜索服务": "技能提升"})
        urls.append(found.link("职业技能提升补贴申请"))
        for _ in range(samples):
            for url in urls:
                await self.request("GET", url)

    async def close(self) -> None:
        await self.client.aclose()


def check_cases(cases: list[dict[str, Any]], applicants: list[Applicant]) -> list[str]:
    """Every applicant has exactly one submitted case holding exactly what they sent."""
    problems: list[str] = []
    by_id: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for case in cases:
        if case.get("status") != "草稿":
            by_id[case["id_number"]].append(case)
    for a in applicants:
        theirs = by_id.get(a.person.id_number, [])
        if len(theirs) != 1:
            problems.append(f"applicant {a.person.index}: {len(theirs)} submitted cases")
            continue
        case = theirs[0]
        if case["status"] != "待审核":
            problems.append(f"applicant {a.person.index}: status {case['status']}")
        for label, value in form_values(a.person).items():
            saved = case["fields"].get(label)
            if saved != value:
                problems.append(f"applicant {a.person.index}: {label} saved as {saved!r}")
        for item, label in ITEMS.items():
            material = case["materials"].get(label) or {}
            if material.get("sha256") != hashlib.sha256(a.documents[item]).hexdigest():
                problems.append(f"applicant {a.person.index}: material {label} differs or missing")
    return problems


async def run_load(server: MockServer, applicants_n: int, samples: int) -> dict[str, Any]:
    for index in range(applicants_n):
        server.mock("POST", "citizens", people.citizen(people.person(index)))

    # latency without load: one applicant reading pages one after another
    quiet = Timings()
    reader = Applicant(server.url, people.person(0), quiet)
    await reader.log_in()
    quiet.by_page.clear()
    await reader.browse(samples)
    await reader.close()

    # N applicants at once, each filing their own application
    busy = Timings()
    crowd = [Applicant(server.url, people.person(i), busy) for i in range(applicants_n)]
    started = time.perf_counter()
    outcomes = await asyncio.gather(*(a.file() for a in crowd), return_exceptions=True)
    wall_s = time.perf_counter() - started
    for a in crowd:
        await a.close()
    failures = [
        f"applicant {i}: {o!r}" for i, o in enumerate(outcomes) if isinstance(o, BaseException)
    ]
    problems = check_cases(server.cases(), crowd)
    submitted = sum(1 for c in server.cases() if c.get("status") != "草稿")
    quiet_all = quiet.all()
    busy_all = busy.all()
    return {
        "applicants": applicants_n,
        "quiet": {
            "requests": len(quiet_all),
            "median_ms": round(median(quiet_all), 2),
            "p95_ms": round(percentile(quiet_all, 0.95), 2),
            "by_page": {
                page: {"median_ms": round(median(v), 2), "p95_ms": round(percentile(v, 0.95), 2)}
                for page, v in quiet.by_page.items()
            },
        },
        "concurrent": {
            "wall_s": round(wall_s, 2),
            "requests": len(busy_all),
            "requests_per_s": round(len(busy_all) / wall_s, 1) if wall_s else 0,
            "median_ms": round(median(busy_all), 2),
            "p95_ms": round(percentile(busy_all, 0.95), 2),
            "filed": applicants_n - len(failures),
            "failures": failures[:20],
        },
        "cases_submitted": submitted,
        "lost_or_wrong_writes": problems[:50],
        "mock_peak_rss_mib": round(server.peak_rss_mib(), 1),
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, default=50)
    parser.add_argument("--samples", type=int, default=50, help="rounds of page reads for latency")
    args = parser.parse_args(argv)
    with MockServer() as server:
        result = asyncio.run(run_load(server, args.applicants, args.samples))
    q, c = result["quiet"], result["concurrent"]
    ok_writes = not result["lost_or_wrong_writes"] and result["cases_submitted"] == args.applicants
    rows = [
        ("page median (no load)", f"{q['median_ms']} ms", f"< {MEDIAN_TARGET_MS:g} ms"),
        ("page p95 (no load)", f"{q['p95_ms']} ms", ""),
        (
            f"{args.applicants} applicants filing at once",
            f"{c['wall_s']} s, {c['filed']} filed",
            "all filed",
        ),
        ("request median / p95 under load", f"{c['median_ms']} / {c['p95_ms']} ms", ""),
        ("cases on the portal", str(result["cases_submitted"]), f"= {args.applicants}"),
        ("lost or wrong writes", str(len(result["lost_or_wrong_writes"])), "0"),
        ("mock peak RSS", f"{result['mock_peak_rss_mib']} MiB", ""),
    ]
    result["passed"] = (
        q["median_ms"] < MEDIAN_TARGET_MS and ok_writes and c["filed"] == args.applicants
    )
    write("portal_load", result, rows)
    return result


if __name__ == "__main__":
    main()
