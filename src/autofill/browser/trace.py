"""The run's Playwright trace, with a gap wherever a secret is typed (the login, every re-login).

A trace records each action's parameters (the text typed), a DOM snapshot of the page at each
action (an input's value included) and the request bodies: a login recorded there would put the
password and the SMS code in `trace.zip`. So the login is not recorded at all: the recording is
stopped and saved aside before it, and a new one starts once the portal shows the logged-in
page. When the page closes, these chunks are joined into one file, which the trace viewer reads
as one run: it loads every `NAME.trace` entry of a zip (with its `NAME.network` and
`NAME.stacks`), and the `resources/` are shared, named by their content's hash.
"""

from __future__ import annotations

import os
import weakref
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from playwright.sync_api import BrowserContext, Page

from autofill.runs import FILE_MODE

#: the trace recording in each browser context that has one
_TRACES: weakref.WeakKeyDictionary[BrowserContext, Trace] = weakref.WeakKeyDictionary()


class Trace:
    """The trace of one browser context, written to `path` when the context is done."""

    def __init__(self, context: BrowserContext, path: Path) -> None:
        self.context = context
        self.path = path
        self.chunks: list[Path] = []
        self.recording = False
        #: a pause or a restart failed: nothing more is recorded (what was saved is kept)
        self.broken = False

    def start(self) -> None:
        # DOM snapshots show the page at every action; the screencast filmstrip on top of them
        # costs a run about 0.7 s of a 2-core machine (benchmarks/run_speed.py) and adds nothing
        # the snapshots and the run's own screenshots do not show
        self.context.tracing.start(screenshots=False, snapshots=True, sources=False)
        self.recording = True
        _TRACES[self.context] = self

    def pause(self) -> None:
        """Saves what was recorded so far aside; nothing is recorded until `resume`."""
        if not self.recording:
            return
        self.recording = False
        chunk = self.path.with_name(f".{self.path.name}.{len(self.chunks)}")
        try:
            # a whole stop, not `stop_chunk`: Playwright keeps one network log for all the chunks
            # of a recording, so a login between two chunks would still be in the next one's
            self.context.tracing.stop(path=str(chunk))
        except Exception:
            # not saved: drop the recording for good rather than let the login into it
            self.broken = True
            with suppress(Exception):
                self.context.tracing.stop()
            return
        os.chmod(chunk, FILE_MODE)
        self.chunks.append(chunk)

    def resume(self) -> None:
        if self.recording or self.broken:
            return
        try:
            self.start()
        except Exception:  # a trace is evidence, never a reason to fail the run
            self.broken = True

    def save(self) -> None:
        """Ends the recording and writes the one trace file (mode 0600)."""
        _TRACES.pop(self.context, None)
        try:
            self.pause()
            if self.chunks:
                join_chunks(self.chunks, self.path)
        finally:
            for chunk in self.chunks:
                chunk.unlink(missing_ok=True)


def join_chunks(chunks: list[Path], path: Path) -> None:
    """Joins trace chunks into one zip: the last keeps its names, the earlier are renamed.

    The last chunk (usually the largest: everything after the login) is appended to in place,
    so that its compressed entries are not written again.
    """
    last = chunks[-1]
    with zipfile.ZipFile(last, "a", zipfile.ZIP_DEFLATED) as out:
        names = set(out.namelist())
        for n, chunk in enumerate(chunks[:-1]):
            with zipfile.ZipFile(chunk) as part:
                for info in part.infolist():
                    name = info.filename
                    if not name.startswith("resources/"):
                        # `trace.trace` → `trace-0.trace`: one more stretch for the viewer
                        stem, dot, suffix = name.partition(".")
                        name = f"{stem}-{n}{dot}{suffix}"
                    if name not in names:
                        out.writestr(name, part.read(info))
                        names.add(name)
    os.chmod(last, FILE_MODE)
    os.replace(last, path)


@contextmanager
def untraced(page: Page) -> Iterator[None]:
    """Records nothing of what happens inside (a login): the trace resumes only after success.

    When the block fails, the page may still show what was typed (a refused password, a code):
    the trace stays paused for the rest of the context.
    """
    trace = _TRACES.get(page.context)
    if trace is None or not trace.recording:
        yield
        return
    trace.pause()
    yield
    trace.resume()


def save_quietly(trace: Trace) -> None:
    """Saves the trace; a trace is evidence, never a reason to fail the run."""
    with suppress(Exception):
        trace.save()
