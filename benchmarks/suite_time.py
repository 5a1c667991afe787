"""Wall time of the test suite with the README's command, `pytest -n 3` (target: the whole suite
under 6 minutes on 2 cores).

PYTHONPATH=src:. python -m benchmarks.suite_time [-- pytest arguments]   (default: -n 3)
"""

from __future__ import annotations

import re
import resource
import subprocess
import sys
import time
from typing import Any

from benchmarks.mockserver import ROOT, pythonpath_env
from benchmarks.report import write

TARGET_S = 360.0
WORKERS = ["-n", "3"]


def main(argv: list[str] | None = None) -> dict[str, Any]:
    extra = list(sys.argv[1:] if argv is None else argv)
    if extra[:1] == ["--"]:
        extra = extra[1:]
    extra = extra or WORKERS
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--durations=10",
        *extra,
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        command, cwd=ROOT, env=pythonpath_env(), capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # the CPU of every process the suite started (workers, tools, portals, Chromium): on
    # `cores` cores no spread of the tests can finish in less than cpu ÷ cores
    user = after.ru_utime - before.ru_utime
    system = after.ru_stime - before.ru_stime
    lines = done.stdout.strip().splitlines()
    summary = (lines or [""])[-1]
    slowest = [line.strip() for line in lines if re.match(r"^\d+\.\d+s (call|setup)", line)]
    result = {
        "command": " ".join(command[1:]),
        "exit_code": done.returncode,
        "summary": summary,
        "wall_s": round(wall, 1),
        "cpu_s": round(user + system, 1),
        "cpu_user_s": round(user, 1),
        "cpu_system_s": round(system, 1),
        "floor_on_2_cores_s": round((user + system) / 2, 1),
        "slowest": slowest[:10],
    }
    result["passed"] = done.returncode == 0 and wall < TARGET_S
    rows = [
        (
            "pytest " + " ".join(extra) if extra else "pytest (whole suite)",
            summary[:60],
            "all pass",
        ),
        ("wall time", f"{wall:.0f} s", f"< {TARGET_S:g} s"),
        (
            "CPU of every process",
            f"{user + system:.0f} s (floor on 2 cores {(user + system) / 2:.0f} s)",
            "",
        ),
    ]
    write("suite_time", result, rows)
    return result


if __name__ == "__main__":
    main()
