"""Loaded (through PYTHONPATH) by the CI step that moves the clock with Debian's faketime.

faketime must leave the monotonic clock alone (--exclude-monotonic): Python 3.11's timed waits
(threading, subprocess) read it, and a faked one makes them hang. With it excluded, libfaketime
0.9.10 still rewrites the absolute deadline of clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME),
so that every time.sleep() fails with EINVAL
(https://github.com/wolfcw/libfaketime/issues/426). Sleep with select()'s relative timeout
instead, which libfaketime passes through.
"""

from __future__ import annotations

import select
import time


def _sleep(seconds: float) -> None:
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    select.select([], [], [], seconds)


time.sleep = _sleep
