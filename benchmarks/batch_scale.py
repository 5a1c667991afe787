"""`autofill batch` at N = 10, 50, 200 applicants against one mock portal each.

For each N: provision N fictional citizens, write N profiles, run `autofill batch DIR
--concurrency K --portal-url URL` without a terminal (every applicant stops at the preview),
and measure the wall time to all previews, throughput, peak memory of the tool's process tree
(the tool, the browser server, Chromium) and of the mock. Then check the mock lost no write:
exactly one draft per applicant holding every field and all six materials.

    PYTHONPATH=src:. python -m benchmarks.batch_scale [--sizes 10,50,200] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import people
from benchmarks.baseline import cpu_to_preview
from benchmarks.measure import TreeMemorySampler, cpu_seconds
from benchmarks.mockserver import MockServer, pythonpath_env
from benchmarks.portal_load import ITEMS, form_values
from benchmarks.report import write

#: CPU per applicant against the bare script's, and N=50's wall time against its floor
#: (N × the bare script's CPU ÷ cores)
CPU_RATIO_TARGET = 1.15
FLOOR_RATIO_TARGET = 1.2


def check_drafts(cases: list[dict[str, Any]], indexes: range) -> list[str]:
    """One draft per applicant with every typed field and the six materials."""
    problems: list[str] = []
    by_id: dict[str, list[dict[str, Any]]] = {}
    for case in cases:
        by_id.setdefault(case["id_number"], []).append(case)
    for index in indexes:
        person = people.person(index)
        theirs = by_id.get(person.id_number, [])
        if len(theirs) != 1:
            problems.append(f"applicant {index}: {len(theirs)} cases")
            continue
        case = theirs[0]
        for label, value in form_values(person).items():
            if case["fields"].get(label) != value:
                problems.append(f"applicant {index}: {label} = {case['fields'].get(label)!r}")
        missing = [label for label in ITEMS.values() if label not in case["materials"]]
        if missing:
            problems.append(f"applicant {index}: materials missing {missing}")
    return problems


def one_size(n: int, concurrency: int, trace: bool) -> dict[str, Any]:
    indexes = range(1, n + 1)
    with MockServer() as server, tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        for index in indexes:
            server.mock("POST", "citizens", people.citizen(people.person(index)))
        folder = Path(tmp) / "class"
        people.write_profiles(folder, indexes)
        command = [sys.executable, "-m", "autofill", "batch", str(folder), "--json"]
        command += ["--concurrency", str(concurrency), "--portal-url", server.url]
        # the mock stands in for the portal: the tool's own speed is measured, not the
        # politeness limits a real portal gets by default (README, "Flags and defaults")
        command += ["--max-sessions", str(concurrency), "--max-rate", "0"]
        command += ["--runs-dir", str(Path(tmp) / "runs")] + ([] if trace else ["--no-trace"])
        env = {**pythonpath_env(), "AUTOFILL_PASSWORD": people.PASSWORD}
        mock_cpu_before = cpu_seconds(server.pid)
        started = time.perf_counter()
        proc = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        with TreeMemorySampler(proc.pid, every_s=0.2) as sampler:
            out, _ = proc.communicate(timeout=3600)
        wall = time.perf_counter() - started
        cpu = sampler.cpu_s + cpu_seconds(server.pid) - mock_cpu_before
        answer = json.loads(out)
        cases = server.cases()
        problems = check_drafts(cases, indexes)
        return {
            "n": n,
            "concurrency": concurrency,
            "exit_code": proc.returncode,
            "counts": answer.get("counts"),
            "wall_s": round(wall, 2),
            "per_applicant_s": round(wall / n, 2),
            "throughput_per_min": round(60 * n / wall, 1),
            "cpu_s_per_applicant": round(cpu / n, 2),
            "tool_peak_mib": round(sampler.peak_mib, 1),
            "mock_peak_rss_mib": round(server.peak_rss_mib(), 1),
            "cases": len(cases),
            "submitted": sum(1 for c in cases if c["status"] != "草稿"),
            "lost_or_wrong_writes": problems[:50],
            "failures": [
                {
                    "profile": Path(a["profile"]).name,
                    "exit_code": a["exit_code"],
                    "message": a["message"],
                }
                for a in answer.get("applicants", [])
                if a["exit_code"] != 5
            ][:20],
        }


def bare_floor(samples: int = 3) -> float:
    """CPU seconds per applicant of the bare baseline script (same pages, no checks, no evidence).

    What any tool must at least spend here: N applicants cannot reach the preview faster than
    N × this ÷ cores, however they are scheduled.
    """
    indexes = range(6001, 6001 + samples)  # apart from the batch applicants 1..N
    with MockServer() as server, tempfile.TemporaryDirectory(prefix="bench-floor-") as tmp:
        for index in indexes:
            server.mock("POST", "citizens", people.citizen(people.person(index)))
        documents = people.write_documents(Path(tmp) / "documents")
        return cpu_to_preview(server.url, [people.person(i) for i in indexes], documents)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,50,200")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument(
        "--trace", action="store_true", help="keep each run's trace.zip (default off)"
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    levels = []
    floor = bare_floor()
    for n in sizes:
        level = one_size(n, args.concurrency, args.trace)
        print(f"N={n}: {level['wall_s']} s, {level['tool_peak_mib']} MiB", file=sys.stderr)
        levels.append(level)
    # memory grows as N^k: k < 1 is sub-linear
    growth = None
    if len(levels) >= 2 and levels[0]["tool_peak_mib"] > 0:
        first, last = levels[0], levels[-1]
        growth = round(
            math.log(last["tool_peak_mib"] / first["tool_peak_mib"])
            / math.log(last["n"] / first["n"]),
            2,
        )
    result: dict[str, Any] = {
        "levels": levels,
        "memory_growth_exponent": growth,
        "bare_script_cpu_s_per_applicant": round(floor, 2),
        "bare_script_floor_50_s": round(50 * floor / (os.cpu_count() or 1), 1),
    }
    fifty = next((lv for lv in levels if lv["n"] == 50), None)
    cores = os.cpu_count() or 1
    for lv in levels:
        lv["cpu_ratio"] = round(lv["cpu_s_per_applicant"] / floor, 2)
        lv["floor_s"] = round(lv["n"] * floor / cores, 1)
        lv["floor_ratio"] = round(lv["wall_s"] / lv["floor_s"], 2)
    result["passed"] = (
        all(
            not lv["lost_or_wrong_writes"] and lv["counts"] and lv["counts"]["waiting"] == lv["n"]
            for lv in levels
        )
        and all(lv["cpu_ratio"] <= CPU_RATIO_TARGET for lv in levels)
        and (fifty is None or fifty["floor_ratio"] <= FLOOR_RATIO_TARGET)
        and (growth is None or growth < 1)
    )
    rows = []
    for lv in levels:
        target = f"≤ {FLOOR_RATIO_TARGET:g}× floor" if lv["n"] == 50 else ""
        waiting = lv["counts"]["waiting"] if lv["counts"] else 0
        rows.append(
            (
                f"N={lv['n']} to preview (K={lv['concurrency']})",
                f"{lv['wall_s']} s, {waiting}/{lv['n']} at preview"
                f" ({lv['floor_ratio']}× the floor {lv['floor_s']} s)",
                target,
            )
        )
        rows.append((f"N={lv['n']} throughput", f"{lv['throughput_per_min']} applicants/min", ""))
        rows.append(
            (
                f"N={lv['n']} CPU per applicant (tool, browser, mock)",
                f"{lv['cpu_s_per_applicant']} s ({lv['cpu_ratio']}× the bare script)",
                f"≤ {CPU_RATIO_TARGET:g}×",
            )
        )
        rows.append(
            (
                f"N={lv['n']} peak memory tool+browser / mock",
                f"{lv['tool_peak_mib']} / {lv['mock_peak_rss_mib']} MiB",
                "",
            )
        )
        rows.append(
            (
                f"N={lv['n']} drafts on the portal, lost writes",
                f"{lv['cases']}, {len(lv['lost_or_wrong_writes'])}",
                f"{lv['n']}, 0",
            )
        )
    rows.append(("memory growth exponent (N^k)", str(growth), "< 1"))
    rows.append(("bare script: CPU per applicant to preview", f"{floor:.2f} s", ""))
    rows.append(
        (
            f"bare script: N=50 on {os.cpu_count()} cores at best (CPU ÷ cores)",
            f"{result['bare_script_floor_50_s']} s",
            "",
        )
    )
    write("batch_scale", result, rows)
    return result


if __name__ == "__main__":
    main()
