"""How fast the command line starts: `autofill --help`, `validate` and `check` on the example.

Each command runs as a whole process (the `autofill` console script of this environment), N
rounds, the commands alternated within a round so that a change in the machine's load falls on
all of them alike; `python -c pass` is the floor any Python command pays. Per command: the
median and best wall time, the median CPU seconds of the process (user + system, less moved by
other work on a shared machine than wall time is), and how many modules it imported.

    PYTHONPATH=src:. python -m benchmarks.startup [--rounds 15] [--before /path/to/other/src]

`--before SRC` measures the same commands with another checkout's `src` first on the path
(e.g. the main branch), alternated with this one, for a before/after under the same load.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.measure import median
from benchmarks.mockserver import ROOT, pythonpath_env
from benchmarks.report import write

EXAMPLE = ROOT / "examples" / "profile.json"

#: name → (arguments of `autofill`, or None for the floor; the target for the median wall time)
COMMANDS: dict[str, tuple[list[str] | None, float | None]] = {
    "python -c pass": (None, None),
    "autofill --help": (["--help"], 0.25),
    "autofill validate examples/profile.json": (["validate", str(EXAMPLE)], 0.5),
    "autofill check examples/profile.json": (["check", str(EXAMPLE)], 0.5),
}

#: runs `autofill ARGS` and prints how many modules were imported and which heavy ones
COUNTER = """
import atexit, json, sys
HEAVY = ("playwright", "fastapi", "uvicorn", "mock_portal", "pypdf", "icalendar", "httpx",
         "jinja2", "pydantic", "PIL", "yaml", "stdnum")

def count():
    tops = {name.split(".")[0] for name in sys.modules}
    sys.__stderr__.write("\\n" + json.dumps(
        {"modules": len(sys.modules), "heavy": [h for h in HEAVY if h in tops]}) + "\\n")

atexit.register(count)
sys.argv = ["autofill", *sys.argv[1:]]
from autofill.cli import main
main()
"""


def autofill_command() -> list[str]:
    """The console script beside this interpreter (what a user runs), else `python -m autofill`."""
    script = Path(sys.executable).with_name("autofill")
    return [str(script)] if script.exists() else [sys.executable, "-m", "autofill"]


def environment(src: Path | None) -> dict[str, str]:
    env = pythonpath_env()
    # as installed: modules load from cached bytecode, not compiled at every start
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(src), env["PYTHONPATH"]])
    return env


def once(argv: list[str], env: dict[str, str], cwd: Path) -> dict[str, float | int]:
    """One whole process: its wall time, CPU seconds and exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": wall, "cpu_s": cpu, "exit_code": done.returncode}


def imports(args: list[str] | None, env: dict[str, str], cwd: Path) -> dict[str, Any]:
    """How many modules the command imported, and which of the heavy libraries."""
    if args is None:
        floor = [sys.executable, "-c", "import sys; print(len(sys.modules))"]
        done = subprocess.run(floor, env=env, cwd=cwd, capture_output=True, text=True, check=False)
        return {"modules": int(done.stdout), "heavy": []}
    argv = [sys.executable, "-c", COUNTER, *args]
    done = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    line = done.stderr.strip().splitlines()[-1]
    counted: dict[str, Any] = json.loads(line)
    return counted


def argv_of(args: list[str] | None) -> list[str]:
    return [sys.executable, "-c", "pass"] if args is None else [*autofill_command(), *args]


def summary(samples: list[dict[str, float | int]]) -> dict[str, Any]:
    walls = [float(s["wall_s"]) for s in samples]
    return {
        "median_s": round(median(walls), 3),
        "best_s": round(min(walls), 3),
        "cpu_median_s": round(median(float(s["cpu_s"]) for s in samples), 3),
        "exit_codes": sorted({int(s["exit_code"]) for s in samples}),
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="runs of each command")
    parser.add_argument(
        "--before", type=Path, default=None, help="another checkout's src to compare with"
    )
    args = parser.parse_args(argv)
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    trees: dict[str, Path | None] = {"after": None}
    if args.before is not None:
        trees = {"before": args.before.resolve(), "after": None}
    envs = {tree: environment(src) for tree, src in trees.items()}
    samples: dict[str, dict[str, list[dict[str, float | int]]]] = {
        tree: {name: [] for name in COMMANDS} for tree in trees
    }
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        cwd = Path(tmp)  # `check` and `validate` write nothing, but a crash log would go here
        for tree in trees:  # warm the file cache and the bytecode of each tree once
            for command_args, _ in COMMANDS.values():
                once(argv_of(command_args), envs[tree], cwd)
        for _ in range(args.rounds):
            for name, (command_args, _) in COMMANDS.items():
                for tree in trees:
                    samples[tree][name].append(once(argv_of(command_args), envs[tree], cwd))
        counts = {
            tree: {name: imports(a, envs[tree], cwd) for name, (a, _) in COMMANDS.items()}
            for tree in trees
        }
    commands: dict[str, Any] = {}
    for name, (_, target) in COMMANDS.items():
        entry: dict[str, Any] = {**summary(samples["after"][name]), **counts["after"][name]}
        entry["target_s"] = target
        if "before" in trees:
            entry["before"] = {**summary(samples["before"][name]), **counts["before"][name]}
        commands[name] = entry
    targeted = [c for c in commands.values() if c["target_s"] is not None]
    result: dict[str, Any] = {
        "rounds": args.rounds,
        "load_avg_at_start": load_at_start,
        "command": autofill_command()[0],
        "commands": commands,
        "passed": all(c["median_s"] <= c["target_s"] for c in targeted),
    }
    rows = []
    for name, c in commands.items():
        was = f" (before {c['before']['median_s']} s)" if "before" in c else ""
        rows.append(
            (
                name,
                f"median {c['median_s']} s{was}, best {c['best_s']} s, "
                f"CPU {c['cpu_median_s']} s, {c['modules']} modules",
                f"≤ {c['target_s']:g} s" if c["target_s"] is not None else "floor",
            )
        )
    write("startup", result, rows)
    return result


if __name__ == "__main__":
    main()
