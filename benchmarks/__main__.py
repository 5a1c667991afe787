"""`python -m benchmarks`: every measurement in turn, one summary table, JSON under results/.

PYTHONPATH=src:. python -m benchmarks            # everything (about an hour on 2 cores)
PYTHONPATH=src:. python -m benchmarks --quick    # smaller sizes, a few minutes
PYTHONPATH=src:. python -m benchmarks --only portal_load,polling
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Callable
from typing import Any

from benchmarks import (
    batch_scale,
    crash_drill,
    fault_matrix,
    polling,
    portal_load,
    run_speed,
    startup,
    suite_time,
)
from benchmarks.report import RESULTS, write

Plan = list[tuple[str, Callable[[list[str]], dict[str, Any]], list[str]]]


def plan(quick: bool) -> Plan:
    return [
        ("portal_load", portal_load.main, ["--applicants", "20" if quick else "50"]),
        ("run_speed", run_speed.main, ["--rounds", "1" if quick else "5"]),
        ("batch_scale", batch_scale.main, ["--sizes", "5,10" if quick else "10,50,200"]),
        ("polling", polling.main, ["--interval", "30"]),
        ("polling_1200", polling.main, ["--interval", "1200"]),
        ("fault_matrix", fault_matrix.main, ["--seeds", "1" if quick else "1,2,3"]),
        (
            "crash_drill",
            crash_drill.main,
            ["--boundaries", "3,12,20" if quick else "all", "--random", "1" if quick else "5"],
        ),
        ("startup", startup.main, ["--rounds", "5" if quick else "15"]),
        ("suite_time", suite_time.main, []),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description="Run every benchmark and print one summary.")
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer rounds")
    parser.add_argument("--only", default="", help="comma-separated names")
    args = parser.parse_args()
    only = [n for n in args.only.split(",") if n]
    summary: dict[str, Any] = {}
    for name, run, argv in plan(args.quick):
        if only and name not in only:
            continue
        print(f"== {name} {' '.join(argv)}", file=sys.stderr)
        try:
            result = run(argv)
            summary[name] = {"passed": bool(result.get("passed")), "args": argv}
        except Exception as exc:  # one benchmark's failure is a result, not the end of the others
            traceback.print_exc()
            summary[name] = {"passed": False, "args": argv, "error": repr(exc)}
    rows = [
        (
            name,
            "met" if s["passed"] else "NOT met" + (f" ({s['error'][:50]})" if "error" in s else ""),
            "met",
        )
        for name, s in summary.items()
    ]
    write("summary", {"benchmarks": summary}, rows)
    print(json.dumps({"results": str(RESULTS)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
