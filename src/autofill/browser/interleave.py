"""Several runs at once on one Playwright connection, taking turns on its event loop.

Playwright's sync API waits for every call by switching to the greenlet that runs its event loop,
and resumes the greenlet that made the call once the answer is in (which is how its event handlers
may make sync calls too). Runs started as greenlets from inside that loop therefore each wait on
their own calls while the others go on: one driver, one browser, one thread, K runs in flight.

Threads would each need a driver of their own and a browser server between them, three processes
relaying every message; on two cores that relaying was about a fifth of a batch's CPU time.

This leans on two attributes of the sync API that are not documented (`_loop`, `_sync`); where
they are missing the runs go one after another instead, with the same results.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import greenlet
from playwright.sync_api import Playwright


def supported(p: Playwright) -> bool:
    """Whether this Playwright's sync API can interleave runs (else they go one at a time)."""
    return hasattr(p, "_loop") and hasattr(p, "_sync")


def run_interleaved(p: Playwright, worker: Callable[[], None], width: int) -> None:
    """Runs `worker` `width` times at once (each drains a shared queue), until all return.

    A worker's exception is raised here once every worker has finished.
    """
    if width <= 1 or not supported(p):
        for _ in range(max(1, width)):
            worker()
        return
    loop: asyncio.AbstractEventLoop = p._loop
    done: list[asyncio.Future[None]] = []
    for _ in range(width):
        future: asyncio.Future[None] = loop.create_future()
        done.append(future)

        def start(future: asyncio.Future[None] = future) -> None:
            def body() -> None:
                try:
                    worker()
                except BaseException as exc:  # handed to the waiting caller, not lost
                    if not future.done():  # the caller may have stopped waiting (Ctrl-C)
                        future.set_exception(exc)
                else:
                    if not future.done():
                        future.set_result(None)

            # started from the loop's own greenlet: the worker's calls switch back to it
            greenlet.greenlet(body).switch()

        loop.call_soon(start)

    async def all_done() -> list[Any]:
        return await asyncio.gather(*done, return_exceptions=True)

    outcomes = p._sync(all_done())
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise outcome


def pause(p: Playwright) -> Callable[[float], None]:
    """A `sleep` for retry back-offs that lets the other runs go on meanwhile."""
    if not supported(p):
        import time

        return time.sleep

    def sleep(seconds: float) -> None:
        p._sync(asyncio.sleep(seconds))

    return sleep
