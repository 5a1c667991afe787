"""Wall time of the test suite with the README's command, `pytest -n 3` (target: the whole suite
under 6 minutes on 2 cores).

PYTHONPATH=src:. python -m benchmarks.suite_time [-- pytest arguments]   (default: -n 3)
"""

from __future__ import annotations

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
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *extra]
    started = time.perf_counter()
    done = subprocess.run(
        command, cwd=ROOT, env=pythonpath_env(), capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - started
    summary = (done.stdout.strip().splitlines() or [""])[-1]
    result = {
        "command": " ".join(command[1:]),
        "exit_code": done.returncode,
        "summary": summary,
        "wall_s": round(wall, 1),
    }
    result["passed"] = done.returncode == 0 and wall < TARGET_S
    rows = [
        (
            "pytest " + " ".join(extra) if extra else "pytest (whole suite)",
            summary[:60],
            "all pass",
        ),
        ("wall time", f"{wall:.0f} s", f"< {TARGET_S:g} s"),
    ]
    write("suite_time", result, rows)
    return result


if __name__ == "__main__":
    main()
