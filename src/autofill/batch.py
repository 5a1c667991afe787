"""Many applicants at once: every profile of a folder to its preview, then a review queue.

A training school files for a class: each profile goes through the same run as `autofill run`
(`flow.run_application`), in its own browser context of one shared Chromium, K at a time. The
run stops at the preview (the confirmer says "wait"), and a person then goes through the queue:
confirm (the run is submitted with the digest they saw), decline, or leave it for
`autofill submit`. One applicant's failure stops no other; exactly-once holds per applicant
because each run looks in "我的办件" before it submits and a second batch resumes each folder.
"""

from __future__ import annotations

import queue
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from autofill.browser.context import BrowserOptions, launch_or_connect, page_in
from autofill.browser.interleave import pause, run_interleaved
from autofill.confirm import DigestConfirmer, Review
from autofill.errors import AutofillError, AwaitingHuman, BadInput, ExitCode
from autofill.flow import run_application, submit_run
from autofill.flow.types import Connector, PortalAccess, RunContext, RunResult
from autofill.masking import mask_text
from autofill.messages import t
from autofill.profile import Profile
from autofill.session import Credentials

#: at most this many applicants in the browser at once, whatever `--concurrency` asks
MAX_CONCURRENCY = 16


@dataclass
class BatchEntry:
    """One profile of the batch: its run's result, and what the review queue decided."""

    profile: Path
    result: RunResult | None = None
    review: Review | None = None
    decision: str = ""  # "" | "submitted" | "declined" | "left"

    @property
    def waiting(self) -> bool:
        """Stopped at the preview with a digest: a person may confirm it."""
        r = self.result
        return bool(
            r
            and r.exit_code == ExitCode.AWAITING_HUMAN
            and r.digest
            and r.state in ("previewed", "confirmed")
        )

    def as_json(self) -> dict[str, Any]:
        r = self.result
        data: dict[str, Any] = {"profile": str(self.profile), "decision": self.decision or None}
        if r is not None:
            data.update(r.as_json())
        return data


def profiles_in(folder: Path, *, lang: str = "zh") -> list[Path]:
    """The profiles (`*.json`) directly in `folder`, in name order."""
    if not folder.is_dir():
        raise BadInput(
            t("batch.not_a_folder", lang, folder=folder),
            errors=[{"path": "DIR", "message": f"not a folder: {folder}"}],
        )
    found = sorted(p for p in folder.glob("*.json") if p.is_file())
    if not found:
        raise BadInput(
            t("batch.no_profiles", lang, folder=folder),
            errors=[{"path": "DIR", "message": "no *.json profile"}],
        )
    return found


# ---- one Chromium for everyone ----------------------------------------------------------------


class SharedBrowser:
    """The batch's browsers, driven from this thread: one Chromium launched here, or one per
    `--browser-ws` server. Their runs take turns on one Playwright connection
    (`autofill.browser.interleave`), each in a browser context of its own; each new run goes to
    the browser with the fewest runs in it, so a batch spreads over the servers."""

    def __init__(self, options: BrowserOptions) -> None:
        self.options = options
        self._playwright: Playwright | None = None
        self._browsers: list[Browser] = []
        #: runs open in each browser now, and in all (for the report)
        self.open: list[int] = []
        self.served: list[int] = []

    @property
    def playwright(self) -> Playwright:
        if self._playwright is None:
            raise RuntimeError("SharedBrowser used outside its `with` block")
        return self._playwright

    def start(self) -> SharedBrowser:
        self._playwright = sync_playwright().start()
        try:
            if self.options.endpoints:
                # every server is asked at once: a dead one stops the batch before any run starts
                for index in range(len(self.options.endpoints)):
                    self._browsers.append(self._connect(index))
            else:
                self._browsers.append(launch_or_connect(self._playwright, self.options))
        except BaseException:
            self.stop()
            raise
        self.open = [0] * len(self._browsers)
        self.served = [0] * len(self._browsers)
        return self

    def _connect(self, index: int) -> Browser:
        from autofill.browser.remote import connect

        return connect(
            self.playwright,
            self.options.endpoints[index],
            headless=not self.options.headed,
            slow_mo=self.options.slow_mo,
        )

    def _least_busy(self) -> int:
        alive = [i for i, b in enumerate(self._browsers) if b.is_connected()]
        if not alive:
            from autofill.browser.remote import connect_error

            where = ", ".join(self.options.endpoints) or "Chromium"
            raise connect_error(where, "the browser connection was lost")
        return min(alive, key=lambda i: (self.open[i], self.served[i]))

    def opener(self) -> Callable[[BrowserOptions, Path | None], AbstractContextManager[Page]]:
        """A `RunContext.open_page` that gives each run a fresh context in the least busy browser."""
        p = self.playwright

        @contextmanager
        def open_page(options: BrowserOptions, trace_path: Path | None) -> Iterator[Page]:
            index = self._least_busy()
            self.open[index] += 1
            self.served[index] += 1
            try:
                with page_in(p, self._browsers[index], options, trace_path) as page:
                    yield page
            finally:
                self.open[index] -= 1

        return open_page

    def stop(self) -> None:
        browsers, self._browsers = self._browsers, []
        try:
            for browser in browsers:
                try:
                    browser.close()
                except Exception:  # a server that went away: nothing left to close
                    if not self.options.endpoints:
                        raise
        finally:
            if self._playwright is not None:
                self._playwright.stop()
                self._playwright = None

    def __enter__(self) -> SharedBrowser:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# ---- one embedded portal for everyone ---------------------------------------------------------


class SharedEmbeddedPortal:
    """The embedded mock portal started once for the batch, each applicant provisioned into it."""

    def __init__(self, runs_dir: Path, layout: str | None) -> None:
        self.runs_dir = runs_dir
        self.layout = layout
        self._stack = ExitStack()
        self._lock = threading.Lock()
        self._access: PortalAccess | None = None
        self._control: Any = None

    @contextmanager
    def connect(self, profile: Profile) -> Iterator[PortalAccess]:
        from autofill.rehearsal.citizens import REHEARSAL_PASSWORD, citizen_of
        from autofill.rehearsal.control import MockControl
        from autofill.rehearsal.embedded import embedded_portal

        with self._lock:
            if self._access is None:
                self._access = self._stack.enter_context(
                    embedded_portal(self.runs_dir, profile, self.layout)
                )
                self._control = MockControl(self._access.url)
                self._stack.callback(self._control.close)
            else:
                self._control.add_citizen(citizen_of(profile))
        control = self._control
        phone = profile.applicant.phone
        yield PortalAccess(
            url=self._access.url,
            credentials=Credentials(
                profile.applicant.id_number,
                REHEARSAL_PASSWORD,
                lambda: control.sms_code(phone),
            ),
            embedded=True,
            layout=self._access.layout,
        )

    def close(self) -> None:
        self._stack.close()


# ---- the batch ------------------------------------------------------------------------------


@dataclass
class Batch:
    """Every profile to its preview with bounded concurrency, then the review queue."""

    profiles: list[Path]
    ctx: RunContext
    connect: Connector
    concurrency: int = 4
    #: `--max-sessions`: at most this many applicants on the portal at once (None: no limit)
    max_sessions: int | None = None
    on_result: Callable[[BatchEntry], None] | None = None
    entries: list[BatchEntry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.entries = [BatchEntry(p) for p in self.profiles]
        self._interrupted = False

    def width(self) -> int:
        """How many applicants go at once: `--concurrency`, within `--max-sessions`."""
        return min(self.concurrency, MAX_CONCURRENCY, self.max_sessions or MAX_CONCURRENCY)

    def to_previews(self, browser: SharedBrowser) -> list[BatchEntry]:
        """Runs every profile to its preview, at most `concurrency` at a time."""
        todo: queue.Queue[BatchEntry] = queue.Queue()
        for entry in self.entries:
            todo.put(entry)
        width = max(1, min(self.width(), len(self.entries)))
        opener = browser.opener()
        # a retry's back-off lets the other runs go on instead of holding them all
        ctx = replace(self.ctx, sleep=pause(browser.playwright))

        def worker() -> None:
            while not self._interrupted:
                try:
                    entry = todo.get_nowait()
                except queue.Empty:
                    return
                self._run_one(entry, opener, ctx)

        try:
            run_interleaved(browser.playwright, worker, width)
        except BaseException:
            # Ctrl-C: start no one else, and keep quiet about the runs the closing browser breaks
            self._interrupted = True
            raise
        return self.entries

    def _run_one(
        self,
        entry: BatchEntry,
        opener: Callable[[BrowserOptions, Path | None], AbstractContextManager[Page]],
        base: RunContext,
    ) -> None:
        def stop_at_preview(review: Review) -> bool:
            entry.review = review
            raise AwaitingHuman(
                t("batch.awaiting_review", base.lang, run_id=review.run_id, digest=review.digest)
            )

        ctx = replace(base, confirm=stop_at_preview, open_page=opener)
        try:
            entry.result = run_application(entry.profile, ctx, self.connect)
        except AutofillError as exc:  # offline: the profile, the policy, the documents
            entry.result = RunResult(
                exit_code=int(exc.exit_code), message=exc.message, errors=exc.errors
            )
        except Exception as exc:  # a bug in one run must not stop the others
            entry.result = _failure(exc, base.lang)
        self._report(entry)

    def _report(self, entry: BatchEntry) -> None:
        if self.on_result is not None and not self._interrupted:
            self.on_result(entry)

    def review_queue(
        self,
        ask: Callable[[BatchEntry], str] | None,
        submit_opener: Callable[[BrowserOptions, Path | None], AbstractContextManager[Page]]
        | None = None,
    ) -> None:
        """Each waiting preview in turn: "yes" submits it, "no" declines, anything else leaves it.

        Without `ask` (no terminal) every preview is left for `autofill submit`.
        """
        for entry in self.entries:
            if not entry.waiting:
                continue
            answer = ask(entry) if ask is not None else "leave"
            if answer == "yes":
                assert entry.result is not None and entry.result.run_id and entry.result.digest
                ctx = replace(self.ctx, confirm=DigestConfirmer(entry.result.digest))
                if submit_opener is not None:
                    ctx = replace(ctx, open_page=submit_opener)
                try:
                    entry.result = submit_run(entry.result.run_id, ctx, self.connect)
                except AutofillError as exc:
                    entry.result = replace(
                        entry.result,
                        exit_code=int(exc.exit_code),
                        message=exc.message,
                        errors=exc.errors,
                    )
                entry.decision = "submitted" if entry.result.exit_code == 0 else "failed"
            elif answer == "no":
                entry.decision = "declined"
            else:
                entry.decision = "left"

    def exit_code(self) -> int:
        """A failure's code (the highest) first, then 5 while a preview waits, else 0."""
        codes = [e.result.exit_code if e.result else 1 for e in self.entries]
        failures = [c for c in codes if c not in (0, int(ExitCode.AWAITING_HUMAN))]
        if failures:
            return max(failures)
        if any(c == ExitCode.AWAITING_HUMAN for c in codes):
            return int(ExitCode.AWAITING_HUMAN)
        return 0


def _failure(exc: BaseException, lang: str = "zh") -> RunResult:
    detail = mask_text("".join(traceback.format_exception_only(type(exc), exc)).strip())
    return RunResult(
        exit_code=int(ExitCode.UNEXPECTED),
        message=t("batch.unexpected", lang, kind=type(exc).__name__),
        errors=[{"path": "batch", "message": detail[:300]}],
    )
