"""What `autofill status --wait` costs over a 10-day review, on the mock's clock.

A case is filed, the mock's auto-review moves it to 审核中 after 1 day, 审核通过 after 7 and
已发放 after 10. The tool's own wait (`status.follow_case` with its poll plan) runs with a
`sleep` that advances the mock's clock instead of sleeping, so ten days pass in seconds. The
portal's access log counts every request the tool's browser makes (pages and their assets).

    PYTHONPATH=src:. python -m benchmarks.polling [--interval 30] [--days 10]
    (`--interval 1200` shows a setting that follows a 10-day review within the 200-poll cap)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import tempfile
from pathlib import Path
from typing import Any

from autofill.flow.types import RunContext
from autofill.profile import load_profile
from autofill.status import PollPlan, follow_case
from benchmarks import people
from benchmarks.mockserver import MockServer
from benchmarks.portal_load import Applicant, Timings
from benchmarks.report import write
from benchmarks.run_speed import remote

DAY = 86_400
REQUEST = re.compile(r"mock_portal (GET|POST) (?!/__mock__)")
TARGET_PER_MIN = 1.0


def portal_requests(server: MockServer) -> int:
    """Requests to the portal's pages and assets so far (the control API not counted)."""
    return len(REQUEST.findall(server.log.read_text(errors="replace")))


async def file_one(url: str, person: people.Person) -> str:
    filer = Applicant(url, person, Timings())
    try:
        return await filer.file()
    finally:
        await filer.close()


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interval", type=float, default=30.0, help="status --interval (s)")
    parser.add_argument("--days", type=float, default=10.0, help="review length (portal days)")
    args = parser.parse_args(argv)
    review = [DAY, round(0.7 * args.days * DAY), round(args.days * DAY)]
    polls: list[dict[str, float]] = []
    with MockServer() as server, tempfile.TemporaryDirectory(prefix="bench-poll-") as tmp:
        person = people.person(0)
        server.mock("POST", "citizens", people.citizen(person))
        server.mock(
            "POST",
            "review",
            {"mode": "auto", "decision": "approve", "reason": "材料齐全", "after_seconds": review},
        )
        case_no = asyncio.run(file_one(server.url, person))
        folder = Path(tmp)
        people.write_documents(folder / "documents")
        path = folder / "profile.json"
        path.write_text(json.dumps(people.profile(person), ensure_ascii=False), encoding="utf-8")
        profile = load_profile(path)

        virtual = [0.0]
        counted = [portal_requests(server)]

        def advance(seconds: float) -> None:
            """The tool's sleep: the portal's clock moves on, nothing waits."""
            now = portal_requests(server)
            polls.append({"at_s": virtual[0], "requests": now - counted[0], "then_wait_s": seconds})
            counted[0] = now
            server.mock("POST", "clock", {"advance_seconds": seconds})
            virtual[0] += seconds

        ctx = RunContext(confirm=lambda review: False, runs_dir=folder / "runs", sleep=advance)
        plan = PollPlan(timeout_s=(args.days + 1) * DAY, interval_s=args.interval)
        result = follow_case(ctx, remote(server.url), profile, case_no, None, plan)
        last = portal_requests(server) - counted[0]
        polls.append({"at_s": virtual[0], "requests": last, "then_wait_s": 0.0})
        mock_mib = server.peak_rss_mib()
    ended_at = virtual[0]
    paid_at = review[2]
    waits = [p["then_wait_s"] for p in polls if p["then_wait_s"] > 0]
    steady_wait = max(waits) if waits else 0.0
    total_requests = sum(int(p["requests"]) for p in polls)
    # steady state: the polls made once the pause stopped growing
    steady = [p for p in polls if p["then_wait_s"] == steady_wait]
    per_poll = (sum(p["requests"] for p in steady) / len(steady)) if steady else 0.0
    per_min = per_poll / (steady_wait / 60) if steady_wait else 0.0
    noticed_after_s = ended_at - paid_at
    result_json = {
        "review_after_s": review,
        "interval_s": args.interval,
        "exit_code": result.exit_code,
        "final_status": (result.status or {}).get("status"),
        "message": result.message,
        "polls": len(polls),
        "requests": total_requests,
        "steady_wait_s": steady_wait,
        "requests_per_poll": round(per_poll, 1),
        "steady_requests_per_min": round(per_min, 3),
        "virtual_s_at_end": ended_at,
        "noticed_after_paid_s": noticed_after_s,
        "mock_peak_rss_mib": round(mock_mib, 1),
        "timeline": polls[:10]
        + ([{"...": len(polls) - 20}] if len(polls) > 20 else [])
        + polls[-10:],
    }
    noticed = result.exit_code == 0 and result_json["final_status"] == "已发放"
    result_json["passed"] = (
        noticed and per_min <= TARGET_PER_MIN and 0 <= noticed_after_s <= steady_wait
    )
    rows = [
        ("review length (portal clock)", f"{args.days:g} days", ""),
        ("outcome", f"exit {result.exit_code}, {result_json['final_status']}", "exit 0, 已发放"),
        ("polls / HTTP requests in total", f"{len(polls)} / {total_requests}", ""),
        ("pause between polls at steady state", f"{steady_wait:g} s", ""),
        ("requests per poll (page + assets)", f"{per_poll:.1f}", ""),
        ("requests per minute at steady state", f"{per_min:.2f}", f"≤ {TARGET_PER_MIN:g}"),
        (
            "已发放 noticed after it happened",
            f"{noticed_after_s:g} s",
            f"≤ {steady_wait:g} s (one pause)",
        ),
        ("wait ended at (portal time)", f"{ended_at / DAY:.2f} days", ""),
    ]
    write(f"polling_interval_{args.interval:g}s", result_json, rows)
    return result_json


if __name__ == "__main__":
    main()
