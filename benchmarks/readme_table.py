"""The README's "Measured" table, written from benchmarks/results/*.json (never typed by hand).

PYTHONPATH=src:. python -m benchmarks.readme_table
"""

from __future__ import annotations

import json
import math
from typing import Any

from benchmarks.report import RESULTS

CMD = "PYTHONPATH=src:. python -m benchmarks."


def load(name: str) -> dict[str, Any] | None:
    path = RESULTS / f"{name}.json"
    if not path.exists():
        return None
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def when(r: dict[str, Any]) -> str:
    m = r["machine"]
    return f"{m['measured_at'][:16]}Z, load {m['load_avg'][0]}"


def rows() -> list[tuple[str, str, str, str, str]]:
    out: list[tuple[str, str, str, str, str]] = []
    if r := load("portal_load"):
        q, c = r["quiet"], r["concurrent"]
        out.append(
            (
                "mock page latency, no load",
                f"median {q['median_ms']} ms, p95 {q['p95_ms']} ms",
                "< 50 ms median",
                when(r),
                f"`{CMD}portal_load`",
            )
        )
        out.append(
            (
                f"{r['applicants']} applicants filing at once over HTTP",
                f"{c['filed']} filed in {c['wall_s']} s; {r['cases_submitted']} cases, {len(r['lost_or_wrong_writes'])} lost/wrong writes; mock peak {r['mock_peak_rss_mib']} MiB",
                "no lost write",
                when(r),
                f"`{CMD}portal_load`",
            )
        )
    if r := load("run_speed"):
        b, t = r["baseline"], r["run"]
        out.append(
            (
                "`autofill run` to preview / to submitted (median)",
                f"{t['to_preview_s']} s / {t['to_submitted_s']} s ({r['rounds']} rounds)",
                "",
                when(r),
                f"`{CMD}run_speed`",
            )
        )
        out.append(
            (
                "bare Playwright baseline, same clicks",
                f"{b['to_preview_s']} s / {b['to_submitted_s']} s",
                "",
                when(r),
                f"`{CMD}run_speed`",
            )
        )
        out.append(
            (
                "ratio run / baseline",
                f"{r['ratio_submitted']} (to preview {r['ratio_preview']})"
                + (
                    f"; with `--no-trace` {r['ratio_submitted_no_trace']}"
                    if "ratio_submitted_no_trace" in r
                    else ""
                )
                + (
                    f"; what a person who reads the comparison waits for (less the png and"
                    f" pdf taken meanwhile) {r['person_waits']['ratio']}"
                    if "person_waits" in r
                    else ""
                ),
                "≤ 1.3",
                when(r),
                f"`{CMD}run_speed`",
            )
        )
        if "fresh_login_ratio" in r["status"]:
            st = r["status"]
            out.append(
                (
                    "`autofill status RUN_ID`, one read / a bare login-and-read",
                    f"{st['fresh_login_ratio']} logging in ({st['fresh_login_s']} s against"
                    f" {st['bare_s']} s); {st['ratio']} with the login its run kept",
                    "≤ 1.3",
                    when(r),
                    f"`{CMD}run_speed`",
                )
            )
        top = sorted(t["by_step_s"].items(), key=lambda kv: -kv[1])[:4]
        out.append(
            (
                "where the run's time goes (largest steps)",
                ", ".join(f"{k} {v:.1f} s" for k, v in top),
                "",
                when(r),
                f"`{CMD}run_speed`",
            )
        )
        out.append(
            (
                "peak memory: tool + Chromium / baseline + Chromium / mock",
                f"{r['command']['peak_mib_with_browser']} / {b['peak_mib_with_browser']} / {r['mock_peak_rss_mib']} MiB",
                "",
                when(r),
                f"`{CMD}run_speed`",
            )
        )
    levels: list[dict[str, Any]] = []
    for name in ("batch_scale", "batch_scale_200"):
        if r := load(name):
            for lv in r["levels"]:
                levels.append(lv)
                waiting = lv["counts"]["waiting"] if lv["counts"] else 0
                out.append(
                    (
                        f"`autofill batch`, N={lv['n']}, K={lv['concurrency']}",
                        f"{waiting}/{lv['n']} at preview in {lv['wall_s']} s "
                        f"({lv['throughput_per_min']}/min"
                        + (
                            f", {lv['cpu_s_per_applicant']} CPU s each"
                            if "cpu_s_per_applicant" in lv
                            else ""
                        )
                        + f"); peak {lv['tool_peak_mib']} MiB "
                        f"tool+browser, {lv['mock_peak_rss_mib']} MiB mock; "
                        f"{len(lv['lost_or_wrong_writes'])} lost writes"
                        + (
                            f"; {lv['cpu_ratio']}× the bare script's CPU, wall"
                            f" {lv['floor_ratio']}× the floor of {lv['floor_s']} s"
                            if "cpu_ratio" in lv
                            else ""
                        ),
                        "CPU ≤ 1.15×" + (", wall ≤ 1.2× floor" if lv["n"] == 50 else "")
                        if "cpu_ratio" in lv
                        else "",
                        when(r),
                        f"`{CMD}batch_scale --sizes {lv['n']}`",
                    )
                )
    if (r := load("batch_scale")) and "bare_script_floor_50_s" in r:
        out.append(
            (
                "bare script, same pages: CPU per applicant → N=50 at best",
                f"{r['bare_script_cpu_s_per_applicant']} CPU s → {r['bare_script_floor_50_s']} s "
                f"on {r['machine']['cpus']} cores",
                "",
                when(r),
                f"`{CMD}batch_scale`",
            )
        )
    if len(levels) >= 2:
        levels.sort(key=lambda lv: lv["n"])
        first, last = levels[0], levels[-1]
        k = math.log(last["tool_peak_mib"] / first["tool_peak_mib"]) / math.log(
            last["n"] / first["n"]
        )
        sizes = ", ".join(f"N={lv['n']}: {lv['tool_peak_mib']}" for lv in levels)
        out.append(
            (
                "batch memory growth (peak MiB by N)",
                f"{sizes} → N^{k:.2f}",
                "sub-linear (< 1)",
                "as above",
                f"`{CMD}batch_scale`",
            )
        )
    for interval in ("30", "1200"):
        if r := load(f"polling_interval_{interval}s"):
            out.append(
                (
                    f"`status --wait --interval {interval}`, 10-day review",
                    f"exit {r['exit_code']} ({r['final_status']}); {r['polls']} polls, {r['requests']} requests; {r['steady_requests_per_min']} req/min at steady state; noticed {r['noticed_after_paid_s']:g} s after; ended at day {r['virtual_s_at_end'] / 86400:.2f}",
                    "≤ 1 req/min; within one poll",
                    when(r),
                    f"`{CMD}polling --interval {interval}`",
                )
            )
    if r := load("fault_matrix"):
        ex = r["exits"]
        problems = sum(1 for x in r["runs"] if x["problems"])
        cases = len({x["case"] for x in r["runs"]})
        seeds = sorted({x["seed"] for x in r["runs"]})
        said = [p for x in r["runs"] for p in x["problems"]]
        duplicates = sum(1 for p in said if p.startswith("DUPLICATE"))
        wrong = sum(1 for p in said if p.startswith("WRONG VALUE"))
        others = sorted({k for k in ex if k not in ("0", "4", "6")})
        out.append(
            (
                "fault matrix",
                f"{len(r['runs'])} runs ({cases} cases × {len(seeds)} seeds, {','.join(map(str, seeds))}): "
                f"{ex.get('0', 0)} submitted once, {ex.get('4', 0)} refused, {ex.get('6', 0)} gave up"
                + "".join(f", {ex[k]} exit {k}" for k in others)
                + f"; {duplicates} duplicates, {wrong} wrong values; {problems} with a problem; {r['wall_s']:.0f} s"
                + (
                    "; faults met: {retry} busy/timeout retries, {session_expired} re-logins, "
                    "{upload_retry} upload retries, {submit_answer_lost} lost submit answers".format(
                        **r["faults_met"]
                    )
                    if "faults_met" in r
                    else ""
                ),
                "0 duplicates, 0 wrong values",
                when(r),
                f"`{CMD}fault_matrix`",
            )
        )
    if r := load("crash_drill"):
        bad = sum(1 for d in r["drills"] if d["problems"])
        drills = r["drills"]
        randoms = [d for d in drills if d["boundary"] is None]
        window = r.get("random_window_s")
        out.append(
            (
                "crash drill (SIGKILL, rerun)",
                f"{len(drills)} drills, {sum(1 for d in drills if d['killed'])} SIGKILLs mid-run "
                f"({r['steps_in_a_full_run'] or '?'} step boundaries, "
                f"{sum(1 for d in randoms if d['killed'])} of {len(randoms)} random moments"
                + (f" within {window[0]}–{window[1]} s" if window else "")
                + f"); {sum(1 for d in drills if d['cases'] == 1)} of {len(drills)} applicants "
                f"with exactly one case; {bad} with a problem",
                "one case each, nothing lost, run.json consistent",
                when(r),
                f"`{CMD}crash_drill`",
            )
        )
    if r := load("startup"):
        floor = r["commands"]["python -c pass"]["median_s"]
        for name, c in r["commands"].items():
            if c["target_s"] is None:
                continue
            was = f"; was {c['before']['median_s']} s" if "before" in c else ""
            out.append(
                (
                    f"`{name}` (whole process, median)",
                    f"{c['median_s']} s (CPU {c['cpu_median_s']} s, {c['modules']} modules"
                    f"{was}; `python -c pass` {floor} s)",
                    f"≤ {c['target_s']:g} s",
                    when(r),
                    f"`{CMD}startup`",
                )
            )
    if r := load("suite_time"):
        out.append(
            (
                "test suite",
                f"{r['summary']} in {r['wall_s']} s"
                + (
                    f"; CPU of every process {r['cpu_s']} s → at best {r['floor_on_2_cores_s']} s"
                    " on 2 cores"
                    if "cpu_s" in r
                    else ""
                ),
                "< 360 s (2 cores)",
                when(r),
                f"`{CMD}suite_time`",
            )
        )
    return out


def markdown() -> str:
    lines = ["| what | measured | target | when | reproduce |", "| --- | --- | --- | --- | --- |"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows()]
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown())
