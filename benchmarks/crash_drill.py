"""Crash drill: `autofill run` killed (SIGKILL, with its Chromium) at every step boundary and at
random moments, then run again; exactly one case per applicant, run.json always readable.

Each drill files a fresh applicant: the first `autofill run` is killed right after its k-th
step reported done (the progress lines on stderr) or after a random delay; the second runs to
the end, answering "y" at a pseudo-terminal like a person would. Then the portal must hold
exactly one submitted case for the applicant, equal to the one in run.json, with every value
and file the applicant filed (nothing lost), and every run.json must be readable and agree
with itself.

    PYTHONPATH=src:. python -m benchmarks.crash_drill [--boundaries all|1,5,9] [--random 5]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from autofill.runs import STATES
from benchmarks import people
from benchmarks.fault_cases import wrong_values
from benchmarks.mockserver import MockServer, pythonpath_env
from benchmarks.report import write

AUTOFILL_RUN = [sys.executable, "-m", "autofill", "run"]


def start_run(url: str, profile: Path, runs: Path) -> tuple[subprocess.Popen[bytes], int, int]:
    """`autofill run` in its own process group, answering "y" at a pseudo-terminal."""
    master, slave = os.openpty()
    os.write(master, b"y\n")
    env = {**pythonpath_env(), "AUTOFILL_PASSWORD": people.PASSWORD, "COLUMNS": "200"}
    proc = subprocess.Popen(
        [
            *AUTOFILL_RUN,
            str(profile),
            "--portal-url",
            url,
            "--runs-dir",
            str(runs),
            "--no-trace",
            "--json",
        ],
        stdin=slave,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    return proc, master, slave


def kill(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


def first_run(
    url: str, profile: Path, runs: Path, boundary: int | None, delay: float | None
) -> tuple[bool, int, str, float]:
    """(killed?, steps seen, last step line, seconds it ran) for a run killed at `boundary` or
    after `delay` s."""
    started = time.perf_counter()
    proc, master, slave = start_run(url, profile, runs)
    timer = threading.Timer(delay, kill, args=(proc,)) if delay is not None else None
    if timer is not None:
        timer.start()
    steps, last, killed = 0, "", False
    assert proc.stderr is not None
    for raw in proc.stderr:
        line = raw.decode(errors="replace").strip()
        if line.startswith("✓"):
            steps += 1
            last = line
            if boundary is not None and steps == boundary:
                kill(proc)
                killed = True
                break
    proc.wait()
    elapsed = time.perf_counter() - started
    if timer is not None:
        timer.cancel()
        killed = killed or proc.returncode == -signal.SIGKILL
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()
    os.close(master)
    os.close(slave)
    return killed, steps, last, elapsed


def second_run(url: str, profile: Path, runs: Path) -> dict[str, Any]:
    proc, master, slave = start_run(url, profile, runs)
    out, _ = proc.communicate(timeout=600)
    os.close(master)
    os.close(slave)
    try:
        answer: dict[str, Any] = json.loads(out)
    except json.JSONDecodeError:
        answer = {"message": out.decode(errors="replace")[-300:]}
    answer["exit_code"] = proc.returncode
    return answer


def run_files(runs: Path) -> list[str]:
    """Problems with any run.json: unreadable, a state the machine does not know, or a state
    that its own fields contradict (submitted without a case number, a click on 确认提交 without
    a human's yes to that very preview)."""
    problems = []
    for path in runs.glob("*/run.json"):
        name = path.parent.name
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            problems.append(f"{name}/run.json unreadable: {exc}")
            continue
        state = record.get("state")
        if state not in STATES:
            problems.append(f"{name}: unknown state {state!r}")
            continue
        if STATES.index(state) >= STATES.index("submitted") and not record.get("case_no"):
            problems.append(f"{name}: {state} without a case number")
        if state == "status" and not (record.get("status") or {}).get("status"):
            problems.append(f"{name}: status without the case's status")
        agreed = (record.get("confirmation") or {}).get("digest")
        if any(click.get("digest") != agreed for click in record.get("submit_clicks", [])):
            problems.append(f"{name}: 确认提交 clicked without a confirmation of that preview")
    return problems


def drill(
    server: MockServer, work: Path, index: int, boundary: int | None, delay: float | None
) -> dict[str, Any]:
    person = people.person(index)
    server.mock("POST", "citizens", people.citizen(person))
    folder = work / f"drill-{index}"
    people.write_documents(folder / "documents")
    profile = folder / "profile.json"
    profile.write_text(json.dumps(people.profile(person), ensure_ascii=False), encoding="utf-8")
    runs = folder / "runs"
    killed, steps, last, elapsed = first_run(server.url, profile, runs, boundary, delay)
    problems = run_files(runs)
    ended = [json.loads(p.read_text()).get("state") for p in runs.glob("*/run.json")]
    answer = second_run(server.url, profile, runs)
    problems += run_files(runs)
    filed = [
        c for c in server.cases() if c["id_number"] == person.id_number and c["status"] != "草稿"
    ]
    if answer["exit_code"] != 0:
        problems.append(f"rerun exit {answer['exit_code']}: {answer.get('message', '')[:200]}")
    if len(filed) != 1:
        problems.append(f"{len(filed)} cases submitted")
    else:
        if answer.get("case_no") != filed[0]["case_no"]:
            problems.append(f"rerun says {answer.get('case_no')}, portal has {filed[0]['case_no']}")
        # nothing lost: the one case holds every value and every file the applicant filed
        rerun = runs / str(answer.get("run_id")) / "run.json"
        uploads = json.loads(rerun.read_text())["uploads"] if rerun.is_file() else {}
        problems += wrong_values(filed[0], person, uploads)
    records = [json.loads(p.read_text()) for p in runs.glob("*/run.json")]
    finished = [r for r in records if r.get("state") == "status"]
    # a run that finished before the kill (not killed, or killed while it closed its browser
    # after recording the case) leaves a finished folder; the rerun then opens a second one that
    # records the same case: every finished folder must name the portal's one case
    expected_finished = 2 if "status" in ended else 1
    if len(finished) != expected_finished or any(
        filed and r.get("case_no") != filed[0]["case_no"] for r in finished
    ):
        problems.append(f"run.json: {[(r.get('state'), r.get('case_no')) for r in records]}")
    return {
        "boundary": boundary,
        "delay_s": delay,
        "killed": killed,
        "steps_before_kill": steps,
        "killed_after": last,
        "first_run_s": round(elapsed, 2),
        "state_at_kill": ended[0] if ended else None,
        "run_folders": len(records),
        "cases": len(filed),
        "problems": problems,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boundaries", default="all", help='"all" or a comma-separated list')
    parser.add_argument("--random", type=int, default=5, help="kills at random moments")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    drills: list[dict[str, Any]] = []
    started = time.perf_counter()
    with MockServer() as server, tempfile.TemporaryDirectory(prefix="bench-crash-") as tmp:
        work = Path(tmp)
        index = 4000
        wanted = None if args.boundaries == "all" else [int(b) for b in args.boundaries.split(",")]
        boundary = 0
        total_steps = 0
        while True:
            boundary += 1
            if wanted is not None:
                if not wanted:
                    break
                boundary = wanted.pop(0)
            index += 1
            result = drill(server, work, index, boundary, None)
            drills.append(result)
            print(
                f"boundary {boundary} ({result['killed_after']}): {result['problems'] or 'ok'}",
                file=sys.stderr,
            )
            if not result["killed"]:  # the run finished before reaching this boundary
                total_steps = result["steps_before_kill"]
                if wanted is None:
                    break
        # random moments fall within a whole run's length (the run left to finish above), so
        # that they land mid-run rather than after a run that already ended
        unkilled = [d["first_run_s"] for d in drills if not d["killed"]]
        full_run_s = max(unkilled) if unkilled else 20.0
        for _ in range(args.random):
            index += 1
            delay = round(rng.uniform(0.5, full_run_s), 2)
            result = drill(server, work, index, None, delay)
            drills.append(result)
            print(
                f"random {delay}s ({result['killed_after']}): {result['problems'] or 'ok'}",
                file=sys.stderr,
            )
    wall = time.perf_counter() - started
    bad = [d for d in drills if d["problems"]]
    kills = sum(1 for d in drills if d["killed"])
    result_json = {
        "drills": drills,
        "steps_in_a_full_run": total_steps,
        "random_window_s": [0.5, round(full_run_s, 2)],
        "wall_s": round(wall, 1),
        "passed": not bad,
    }
    rows = [
        ("drills (kill, then rerun)", str(len(drills)), ""),
        ("SIGKILLs delivered mid-run", str(kills), ""),
        ("step boundaries in a full run", str(total_steps or "n/a"), ""),
        ("random kills drawn within", f"0.5–{full_run_s:.1f} s (a whole run)", ""),
        (
            "applicants with exactly one case",
            str(sum(1 for d in drills if d["cases"] == 1)),
            f"= {len(drills)}",
        ),
        ("drills with any problem", str(len(bad)), "0"),
        ("wall time", f"{wall:.0f} s", ""),
    ]
    rows += [
        (f"  boundary {d['boundary']} / delay {d['delay_s']}", "; ".join(d["problems"])[:80], "")
        for d in bad
    ]
    write("crash_drill", result_json, rows)
    return result_json


if __name__ == "__main__":
    main()
