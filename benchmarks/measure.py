"""Measuring helpers: percentiles, peak memory of a process tree, and the machine's load."""

from __future__ import annotations

import os
import statistics
import threading
import time
from collections.abc import Iterable
from pathlib import Path


def percentile(values: Iterable[float], share: float) -> float:
    """The `share` (0..1) percentile by nearest rank; 0.0 for no values."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(0, min(len(ordered) - 1, round(share * (len(ordered) - 1))))
    return ordered[rank]


def median(values: Iterable[float]) -> float:
    items = list(values)
    return statistics.median(items) if items else 0.0


def _status_kib(pid: int, key: str) -> int:
    """A `VmRSS`/`VmHWM` line of /proc/PID/status in KiB; 0 when the process is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def peak_rss_mib(pid: int) -> float:
    """The kernel's high-water mark of one process's resident memory (VmHWM), in MiB."""
    return _status_kib(pid, "VmHWM") / 1024


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            text = Path(f"/proc/{pid}/task/{task}/children").read_text()
        except OSError:
            continue
        found.extend(int(c) for c in text.split())
    return found


def _pss_kib(pid: int) -> int:
    """Proportional set size: shared pages split between the processes that share them.

    Chromium's processes share most of their code; summing their RSS would count it many times.
    """
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return _status_kib(pid, "VmRSS")
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return _status_kib(pid, "VmRSS")


def tree_rss_mib(pid: int) -> float:
    """Memory of a process and all its descendants now (the tool plus its Chromium), as PSS."""
    return sum(_pss_kib(current) for current in tree_pids(pid)) / 1024


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used so far (0.0 when it is gone)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = text[text.rfind(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_pids(pid: int) -> list[int]:
    """A process and all its descendants now."""
    found: list[int] = []
    seen: set[int] = set()
    stack = [pid]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        found.append(current)
        stack.extend(_children(current))
    return found


class TreeMemorySampler:
    """Samples a process tree's total RSS in a thread and keeps the peak; adds up its CPU time.

    A tree's peak cannot be read from the kernel (VmHWM is per process, and Chromium's helpers
    peak at different moments), so it is sampled; 50 ms is short next to a page load. CPU time is
    the last reading of each process seen (a renderer that lives shorter than a period is missed),
    less what the processes already there had used when sampling began.
    """

    def __init__(self, pid: int, every_s: float = 0.05) -> None:
        self.pid = pid
        self.every_s = every_s
        self.peak_mib = 0.0
        self._cpu_start: dict[int, float] = {}
        self._cpu_last: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    @property
    def cpu_s(self) -> float:
        """CPU seconds the tree used while sampled."""
        return sum(last - self._cpu_start.get(pid, 0.0) for pid, last in self._cpu_last.items())

    def _sample_cpu(self, first: bool) -> None:
        for pid in tree_pids(self.pid):
            used = cpu_seconds(pid)
            if first:
                self._cpu_start[pid] = used
            self._cpu_last[pid] = max(used, self._cpu_last.get(pid, 0.0))

    def _loop(self) -> None:
        first = True
        while True:
            self.peak_mib = max(self.peak_mib, tree_rss_mib(self.pid))
            self._sample_cpu(first)
            first = False
            # Event.wait is the sampling period, not a sleep standing in for a state
            if self._stop.wait(self.every_s):
                return

    def __enter__(self) -> TreeMemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def machine() -> dict[str, object]:
    """What the figures were measured on: cores, load averages, the time."""
    load1, load5, load15 = os.getloadavg()
    return {
        "cpus": os.cpu_count(),
        "load_avg": [round(load1, 2), round(load5, 2), round(load15, 2)],
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
