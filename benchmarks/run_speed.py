"""How long `autofill run` takes, next to the bare baseline, and where the time goes.

Against one local mock portal (its own process), headless, classic layout. Each round files
four fresh applicants: one by the baseline script, one by the tool's run in this process
(with an observer timing every step, answered yes at once), one by the same run with
`--no-trace`, one by the `autofill run` command in a child process answering "y" at a
pseudo-terminal (wall time and peak memory of the tool with its Chromium). The run's time to
submitted less the screenshot and PDF taken while the person reads is what a person who reads
the comparison for longer than that waits for.
Then one read of a case each, alternated: `autofill status` in this process (`follow_case`,
as the command calls it) against a bare script that logs in and reads the case's detail, both
from the start of Playwright to their browser closed. The tool reads twice: with the login its
run kept (what `autofill status` does after a run), and with no kept session, logging in as
the bare script does (like for like).

"To the preview" is, for the baseline, the preview's heading shown; for the tool, the
comparison put to the person (the preview read back and compared, its screenshot and values
saved; its PDF is printed while the person reads, and is in the total). Ratios are given as
the ratio of the medians and as the median of the rounds' ratios (each round's pair ran
back to back, so that a load that comes and goes weighs on both alike).

    PYTHONPATH=src:. python -m benchmarks.run_speed [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page

from autofill.browser.context import BrowserOptions
from autofill.flow import run_application
from autofill.flow.types import PortalAccess, RunContext
from autofill.observer import NullObserver
from autofill.session import Credentials
from benchmarks import people
from benchmarks.baseline import file_application, read_case
from benchmarks.measure import TreeMemorySampler, median
from benchmarks.mockserver import MockServer, pythonpath_env
from benchmarks.report import write

RATIO_TARGET = 1.3
#: applicants filed each round: baseline, run, run without trace, command
PER_ROUND = 4
#: the step group taken while the person reads the comparison
WHILE_READING = "png and pdf, while the person reads"
#: the run's steps, grouped as the table shows them
GROUPS = {
    "validate": "offline checks",
    "check": "offline checks",
    "prepare": "offline checks",
    "portal": "portal connect",
    "browser": "browser start",
    "login": "login",
    "find_case": "look in 我的办件",
    "open_form": "open form",
    "upload": "uploads (6)",
    "fill_contact": "fill fields",
    "fill_certificate": "fill fields",
    "fill_employment": "fill fields",
    "fill_bank": "fill fields",
    "next": "下一步 → preview",
    "read_preview": "read preview back",
    "save_evidence": "values read back (json)",
    "confirm": "confirm",
    "open_preview": "re-open preview",
    "submit": "确认提交",
    "read_result": "read result",
}


class StepTimer(NullObserver):
    """A run observer that adds up the seconds of each step group."""

    def __init__(self) -> None:
        self.started: dict[str, float] = {}
        self.seconds: dict[str, float] = defaultdict(float)
        self.t0 = time.perf_counter()
        self.preview_at = 0.0
        self.evidence_at = 0.0

    def step_started(self, step: str, page: Page | None, target: Locator | None) -> None:
        now = time.perf_counter()
        self.started[step] = now
        if step == "confirm" and self.evidence_at:
            # between the values saved and the answer: the screenshot and the PDF, taken while the
            # person reads
            self.seconds[WHILE_READING] += now - self.evidence_at
            self.evidence_at = 0.0

    def step_finished(self, step: str, page: Page | None) -> None:
        now = time.perf_counter()
        name = step.partition(":")[0]
        self.seconds[GROUPS.get(name, name)] += now - self.started.pop(step, now)
        if name == "save_evidence":
            self.preview_at = now - self.t0
            self.evidence_at = now


def remote(url: str) -> Any:
    @contextmanager
    def connect(profile: Any) -> Iterator[PortalAccess]:
        yield PortalAccess(
            url=url,
            credentials=Credentials(profile.applicant.id_number, people.PASSWORD),
            embedded=False,
        )

    return connect


def profile_file(folder: Path, person: people.Person) -> Path:
    people.write_documents(folder / "documents")
    path = folder / f"applicant-{person.index:04d}.json"
    path.write_text(json.dumps(people.profile(person), ensure_ascii=False), encoding="utf-8")
    return path


def tool_in_process(
    url: str, profile: Path, runs: Path, trace: bool = True
) -> tuple[float, float, dict[str, float], str | None]:
    """(seconds to the comparison shown, to submitted, by step group, run id) for one run in
    this process."""
    timer = StepTimer()
    ctx = RunContext(
        confirm=lambda review: True,
        runs_dir=runs,
        observer=timer,
        browser=BrowserOptions(trace=trace),
    )
    timer.t0 = time.perf_counter()
    result = run_application(profile, ctx, remote(url))
    total = time.perf_counter() - timer.t0
    if result.exit_code != 0:
        raise RuntimeError(f"run ended with {result.exit_code}: {result.message}")
    return timer.preview_at, total, dict(timer.seconds), result.run_id


def status_in_process(
    url: str, runs: Path, run_id: str, *, fresh_login: bool = False
) -> tuple[float, str]:
    """(seconds, the status read) for `autofill status RUN_ID` in this process, without `--wait`;
    `fresh_login`: with the kept sessions removed first, so that it logs in."""
    from autofill.kept_sessions import session_files
    from autofill.profile import load_profile
    from autofill.runs import RunFolder
    from autofill.status import follow_case

    if fresh_login:
        for kept in session_files(runs):
            kept.unlink()
    started = time.perf_counter()
    ctx = RunContext(confirm=lambda review: False, runs_dir=runs)
    folder = RunFolder.open(runs, run_id)
    profile = load_profile(Path(folder.record.profile))
    assert folder.record.case_no
    result = follow_case(ctx, remote(url), profile, folder.record.case_no, folder)
    seconds = time.perf_counter() - started
    if result.exit_code != 0:
        raise RuntimeError(f"status ended with {result.exit_code}: {result.message}")
    return seconds, (result.status or {}).get("status", "")


def tool_command(url: str, profile: Path, runs: Path) -> tuple[float, float, dict[str, Any]]:
    """(wall seconds, peak MiB of the tool and its Chromium) for `autofill run` answering y."""
    env = {**pythonpath_env(), "AUTOFILL_PASSWORD": people.PASSWORD}
    master, slave = os.openpty()
    os.write(master, b"y\n")  # waits in the terminal's buffer until the tool asks
    started = time.perf_counter()
    command = [sys.executable, "-m", "autofill", "run", str(profile), "--json"]
    proc = subprocess.Popen(
        [*command, "--portal-url", url, "--runs-dir", str(runs)],
        stdin=slave,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    with TreeMemorySampler(proc.pid) as sampler:
        out, _ = proc.communicate(timeout=600)
    wall = time.perf_counter() - started
    os.close(master)
    os.close(slave)
    answer = json.loads(out)
    if proc.returncode != 0:
        raise RuntimeError(f"autofill run exited {proc.returncode}: {answer.get('message')}")
    return wall, sampler.peak_mib, answer


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    base: list[tuple[float, float, float]] = []
    tool: list[tuple[float, float]] = []
    untraced: list[tuple[float, float]] = []
    steps: dict[str, list[float]] = defaultdict(list)
    command_wall: list[float] = []
    command_mib: list[float] = []
    baseline_mib: list[float] = []
    status_pairs: list[tuple[float, float]] = []
    fresh_pairs: list[tuple[float, float]] = []
    person_waits: list[float] = []
    loads: list[float] = []
    with MockServer() as server, tempfile.TemporaryDirectory(prefix="bench-run-") as tmp:
        work = Path(tmp)
        documents = people.write_documents(work / "documents")
        for n in range(args.rounds):
            applicants = [people.person(1000 + PER_ROUND * n + k) for k in range(PER_ROUND)]
            for person in applicants:
                server.mock("POST", "citizens", people.citizen(person))
            with TreeMemorySampler(os.getpid()) as sampler:
                b = file_application(server.url, applicants[0], documents)
            baseline_mib.append(sampler.peak_mib)
            base.append((b.browser_s, b.preview_s, b.submitted_s))
            preview_s, total_s, by_step, run_id = tool_in_process(
                server.url, profile_file(work, applicants[1]), work / "runs"
            )
            tool.append((preview_s, total_s))
            person_waits.append(total_s - by_step.get(WHILE_READING, 0.0))
            for name, seconds in by_step.items():
                steps[name].append(seconds)
            bare_preview_s, bare_total_s, _, _ = tool_in_process(
                server.url, profile_file(work, applicants[3]), work / "runs", trace=False
            )
            untraced.append((bare_preview_s, bare_total_s))
            wall, mib, _ = tool_command(
                server.url, profile_file(work, applicants[2]), work / "runs"
            )
            command_wall.append(wall)
            command_mib.append(mib)
            assert run_id is not None
            bare_read_s, bare_status = read_case(server.url, applicants[0], b.case_no)
            tool_read_s, tool_status = status_in_process(server.url, work / "runs", run_id)
            if bare_status != tool_status:
                raise RuntimeError(f"status read {tool_status!r}, the bare script {bare_status!r}")
            status_pairs.append((bare_read_s, tool_read_s))
            fresh_s, fresh_status = status_in_process(
                server.url, work / "runs", run_id, fresh_login=True
            )
            if fresh_status != bare_status:
                raise RuntimeError(f"status read {fresh_status!r}, the bare script {bare_status!r}")
            fresh_pairs.append((bare_read_s, fresh_s))
            loads.append(os.getloadavg()[0])
            print(
                f"round {n + 1}: baseline {b.submitted_s:.2f}s, run {total_s:.2f}s, "
                f"command {wall:.2f}s, status {bare_read_s:.2f}s bare / {tool_read_s:.2f}s kept"
                f" / {fresh_s:.2f}s logging in",
                file=sys.stderr,
            )
        cases = [c for c in server.cases() if c["status"] != "草稿"]
        mock_mib = server.peak_rss_mib()
    b_preview = median(x[1] for x in base)
    b_total = median(x[2] for x in base)
    t_preview = median(x[0] for x in tool)
    t_total = median(x[1] for x in tool)
    u_preview = median(x[0] for x in untraced)
    u_total = median(x[1] for x in untraced)
    w_total = median(person_waits)
    s_bare = median(x[0] for x in status_pairs)
    s_tool = median(x[1] for x in status_pairs)
    s_fresh = median(x[1] for x in fresh_pairs)

    def pairs(tool_s: list[float], base_s: list[float]) -> float:
        return round(median(t / b for t, b in zip(tool_s, base_s, strict=True)), 2)

    result = {
        "rounds": args.rounds,
        "baseline": {
            "browser_s": round(median(x[0] for x in base), 3),
            "to_preview_s": round(b_preview, 3),
            "to_submitted_s": round(b_total, 3),
            "peak_mib_with_browser": round(max(baseline_mib), 1),
        },
        "run": {
            "to_preview_s": round(t_preview, 3),
            "to_submitted_s": round(t_total, 3),
            "by_step_s": {k: round(median(v), 3) for k, v in steps.items()},
        },
        "run_no_trace": {
            "to_preview_s": round(u_preview, 3),
            "to_submitted_s": round(u_total, 3),
        },
        # to submitted less what is taken while the person reads: what a person who reads the
        # comparison for longer than that waits for
        "person_waits": {
            "to_submitted_s": round(w_total, 3),
            "ratio": round(w_total / b_total, 2),
        },
        "command": {
            "wall_s": round(median(command_wall), 3),
            "peak_mib_with_browser": round(max(command_mib), 1),
        },
        "ratio_preview": round(t_preview / b_preview, 2),
        "ratio_submitted_no_trace": round(u_total / b_total, 2),
        "ratio_submitted": round(t_total / b_total, 2),
        "pair_ratio_preview": pairs([x[0] for x in tool], [x[1] for x in base]),
        "pair_ratio_submitted": pairs([x[1] for x in tool], [x[2] for x in base]),
        "status": {
            "bare_s": round(s_bare, 3),
            "tool_s": round(s_tool, 3),
            "ratio": round(s_tool / s_bare, 2),
            "pair_ratio": pairs([x[1] for x in status_pairs], [x[0] for x in status_pairs]),
            "fresh_login_s": round(s_fresh, 3),
            "fresh_login_ratio": round(s_fresh / s_bare, 2),
            "fresh_login_pair_ratio": pairs(
                [x[1] for x in fresh_pairs], [x[0] for x in fresh_pairs]
            ),
        },
        "load_avg_1min_per_round": [round(x, 2) for x in loads],
        "cases_submitted": len(cases),
        "expected_cases": PER_ROUND * args.rounds,
        "mock_peak_rss_mib": round(mock_mib, 1),
    }
    result["passed"] = (
        result["ratio_preview"] <= RATIO_TARGET
        and result["ratio_submitted"] <= RATIO_TARGET
        and result["status"]["fresh_login_ratio"] <= RATIO_TARGET
        and len(cases) == PER_ROUND * args.rounds
    )
    rows = [
        ("baseline: to preview / submitted", f"{b_preview:.2f} / {b_total:.2f} s", ""),
        ("run: to the comparison shown / submitted", f"{t_preview:.2f} / {t_total:.2f} s", ""),
        ("ratio run / baseline (submitted)", f"{result['ratio_submitted']}", f"≤ {RATIO_TARGET}"),
        ("ratio run / baseline (preview)", f"{result['ratio_preview']}", f"≤ {RATIO_TARGET}"),
        (
            "median of the rounds' ratios: preview / submitted",
            f"{result['pair_ratio_preview']} / {result['pair_ratio_submitted']}",
            "",
        ),
        (
            "`autofill status`, one read: bare / tool logging in / tool with its kept login",
            f"{s_bare:.2f} / {s_fresh:.2f} / {s_tool:.2f} s",
            "",
        ),
        (
            "ratio status logging in / bare (median of the rounds' ratios)",
            f"{result['status']['fresh_login_ratio']}"
            f" ({result['status']['fresh_login_pair_ratio']})",
            f"≤ {RATIO_TARGET}",
        ),
        (
            "ratio status with its kept login / bare",
            f"{result['status']['ratio']} ({result['status']['pair_ratio']})",
            "",
        ),
        (
            "run to submitted less the png and pdf taken while the person reads",
            f"{w_total:.2f} s ({result['person_waits']['ratio']}× the baseline)",
            "",
        ),
        (
            "run with `--no-trace`: to preview / submitted",
            f"{u_preview:.2f} / {u_total:.2f} s",
            "",
        ),
        (
            "ratio run with `--no-trace` / baseline (submitted)",
            f"{result['ratio_submitted_no_trace']}",
            f"≤ {RATIO_TARGET}",
        ),
        (
            "`autofill run` command, wall (with Python start)",
            f"{result['command']['wall_s']} s",
            "",
        ),
        ("peak memory: tool + Chromium", f"{result['command']['peak_mib_with_browser']} MiB", ""),
        (
            "peak memory: baseline + Chromium",
            f"{result['baseline']['peak_mib_with_browser']} MiB",
            "",
        ),
        ("peak memory: mock portal", f"{result['mock_peak_rss_mib']} MiB", ""),
        ("cases submitted", f"{len(cases)}", f"= {PER_ROUND * args.rounds}"),
    ]
    rows += [
        (f"  step: {k}", f"{v:.2f} s", "")
        for k, v in sorted(result["run"]["by_step_s"].items(), key=lambda kv: -kv[1])
    ]
    write("run_speed", result, rows)
    return result


if __name__ == "__main__":
    main()
