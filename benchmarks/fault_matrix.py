"""The whole fault matrix: every case of `fault_cases` at several seeds, against one mock.

PYTHONPATH=src:. python -m benchmarks.fault_matrix [--seeds 1,2,3] [--cases none,submit_drop]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks import people
from benchmarks.fault_cases import CASES, FAULT_EVENTS, run_case
from benchmarks.mockserver import MockServer
from benchmarks.report import write


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--cases", default="", help="comma-separated case names (default: all)")
    args = parser.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",")]
    chosen = [c for c in CASES if not args.cases or c.name in args.cases.split(",")]
    rows_out: list[dict[str, Any]] = []
    started = time.perf_counter()
    with MockServer() as server, tempfile.TemporaryDirectory(prefix="bench-faults-") as tmp:
        n = 0
        for case in chosen:
            for seed in seeds:
                n += 1
                outcome = run_case(
                    server.url, server.control, case, seed, people.person(2000 + n), Path(tmp)
                )
                rows_out.append(
                    {
                        "case": case.name,
                        "seed": seed,
                        "exit_code": outcome.result.exit_code,
                        "message": outcome.result.message[:200],
                        "problems": outcome.problems,
                        "faults_met": outcome.met,
                    }
                )
                mark = "ok" if not outcome.problems else "PROBLEM " + "; ".join(outcome.problems)
                mark += "".join(f" {k}×{v}" for k, v in outcome.met.items())
                print(
                    f"{case.name} seed {seed}: exit {outcome.result.exit_code} {mark}",
                    file=sys.stderr,
                )
    wall = time.perf_counter() - started
    exits = Counter(r["exit_code"] for r in rows_out)
    met: Counter[str] = Counter()
    for r in rows_out:
        met.update(r["faults_met"])
    bad = [r for r in rows_out if r["problems"]]
    duplicates = sum(1 for r in rows_out for p in r["problems"] if p.startswith("DUPLICATE"))
    wrong = sum(1 for r in rows_out for p in r["problems"] if p.startswith("WRONG VALUE"))
    result = {
        "runs": rows_out,
        "cases": [c.name for c in chosen],
        "seeds": seeds,
        "wall_s": round(wall, 1),
        "exits": dict(exits),
        "duplicates": duplicates,
        "wrong_values": wrong,
        "faults_met": {name: met[name] for name in FAULT_EVENTS},
        "passed": not bad,
    }
    rows = [
        ("runs (cases × seeds)", f"{len(rows_out)} ({len(chosen)} × {len(seeds)})", ""),
        ("submitted once (exit 0)", str(exits.get(0, 0)), ""),
        ("clear refusal (exit 4) / gave up (exit 6)", f"{exits.get(4, 0)} / {exits.get(6, 0)}", ""),
        ("duplicates", str(duplicates), "0"),
        ("silently wrong values", str(wrong), "0"),
        ("runs with any problem", str(len(bad)), "0"),
        (
            "faults met: 502/timeout retries, re-logins, upload retries, lost submit answers",
            " / ".join(str(met[name]) for name in FAULT_EVENTS),
            "",
        ),
        ("wall time", f"{wall:.0f} s", ""),
    ]
    rows += [(f"  {r['case']} seed {r['seed']}", "; ".join(r["problems"])[:80], "") for r in bad]
    write("fault_matrix", result, rows)
    return result


if __name__ == "__main__":
    main()
