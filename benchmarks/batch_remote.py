"""`autofill batch` with its browsers here, in one `playwright run-server`, and in two.

For each setting: N applicants to their previews at K at once against one mock portal
(`--portal-url`, with `--max-sessions K --max-rate 0`: the limits are not what is measured),
the wall time, and the CPU seconds per applicant of the tool's own process tree (the tool and
its Playwright driver, plus Chromium when it is local) and of the browser servers' trees.
With remote browsers the tool's share is what one machine spends per applicant; the servers'
share is what the machines that run them spend.

The servers here run on this same machine (two cores in all), so two of them do not add
cores: the figures say where the CPU goes, not how fast machines of their own would be.

    PYTHONPATH=src:. python -m benchmarks.batch_remote [--n 8] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import quote

from benchmarks import people
from benchmarks.measure import TreeMemorySampler, cpu_seconds
from benchmarks.mockserver import MockServer, pythonpath_env
from benchmarks.report import write


def start_server(executable: str) -> tuple[subprocess.Popen[str], str]:
    from autofill.browser.find import chinese_ui_env

    server = subprocess.Popen(
        [sys.executable, "-m", "playwright", "run-server", "--port", "0", "--unsafe"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=chinese_ui_env(),
        start_new_session=True,
    )
    assert server.stdout is not None
    line = server.stdout.readline()
    options = quote(json.dumps({"executablePath": executable}))
    return server, f"{line.split()[-1]}?launch-options={options}"


def one_setting(n: int, concurrency: int, servers: int) -> dict[str, Any]:
    from autofill.browser.find import find_browser

    indexes = range(1, n + 1)
    with ExitStack() as stack:
        server_procs: list[subprocess.Popen[str]] = []
        urls: list[str] = []
        for _ in range(servers):
            proc, url = start_server(str(find_browser()))
            server_procs.append(proc)
            urls.append(url)

        def stop(procs: list[subprocess.Popen[str]] = server_procs) -> None:
            for proc in procs:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=30)

        stack.callback(stop)
        mock = stack.enter_context(MockServer())
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-remote-")))
        for index in indexes:
            mock.mock("POST", "citizens", people.citizen(people.person(index)))
        folder = tmp / "class"
        people.write_profiles(folder, indexes)
        command = [sys.executable, "-m", "autofill", "batch", str(folder), "--json", "--no-trace"]
        command += ["--concurrency", str(concurrency), "--portal-url", mock.url]
        command += ["--max-sessions", str(concurrency), "--max-rate", "0"]
        command += ["--runs-dir", str(tmp / "runs")]
        for url in urls:
            command += ["--browser-ws", url]
        samplers = [
            stack.enter_context(TreeMemorySampler(p.pid, every_s=0.2)) for p in server_procs
        ]
        mock_before = cpu_seconds(mock.pid)
        env = {**pythonpath_env(), "AUTOFILL_PASSWORD": people.PASSWORD}
        started = time.perf_counter()
        batch = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        with TreeMemorySampler(batch.pid, every_s=0.2) as tool:
            out, _ = batch.communicate(timeout=3600)
        wall = time.perf_counter() - started
        servers_cpu = sum(s.cpu_s for s in samplers)
        mock_cpu = cpu_seconds(mock.pid) - mock_before
        answer = json.loads(out)
        return {
            "servers": servers,
            "n": n,
            "concurrency": concurrency,
            "exit_code": batch.returncode,
            "waiting": (answer.get("counts") or {}).get("waiting"),
            "browsers": answer.get("browsers"),
            "wall_s": round(wall, 1),
            "per_hour": round(3600 * n / wall),
            "tool_cpu_s_per_applicant": round(tool.cpu_s / n, 2),
            "servers_cpu_s_per_applicant": round(servers_cpu / n, 2),
            "mock_cpu_s_per_applicant": round(mock_cpu / n, 2),
        }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=8)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args(argv)
    levels = []
    for servers in (0, 1, 2):
        level = one_setting(args.n, args.concurrency, servers)
        print(json.dumps(level), file=sys.stderr)
        levels.append(level)
    cores = os.cpu_count() or 1
    rows = []
    for lv in levels:
        where = {0: "local Chromium", 1: "one run-server", 2: "two run-servers"}[lv["servers"]]
        rows.append(
            (
                f"batch N={lv['n']} K={lv['concurrency']}, {where}",
                f"{lv['waiting']}/{lv['n']} at preview in {lv['wall_s']} s ({lv['per_hour']}/h); "
                f"CPU s per applicant: tool {lv['tool_cpu_s_per_applicant']}, "
                f"servers {lv['servers_cpu_s_per_applicant']}, mock {lv['mock_cpu_s_per_applicant']}",
                "",
            )
        )
    remote = next(lv for lv in levels if lv["servers"] == 2)
    if remote["tool_cpu_s_per_applicant"] > 0:
        rows.append(
            (
                f"applicants an hour this machine could drive with remote browsers ({cores} cores)",
                str(round(cores * 3600 / remote["tool_cpu_s_per_applicant"])),
                "",
            )
        )
    result = {"levels": levels, "passed": all(lv["waiting"] == lv["n"] for lv in levels)}
    write("batch_remote", result, rows)
    return result


if __name__ == "__main__":
    main()
