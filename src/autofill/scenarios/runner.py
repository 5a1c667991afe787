"""Running scenarios: a fresh mock portal each, one shared browser, one context per scenario.

A worker owns a browser and one embedded mock portal per policy (the portal's policy is a start
setting); between scenarios `/__mock__/reset` makes the portal fresh. `run_scenarios` spreads the
files over worker processes when more than one is asked for.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Playwright, sync_playwright

from autofill.browser.find import launch_args
from autofill.dates import today_shanghai
from autofill.errors import AutofillError, BadInput
from autofill.messages import t
from autofill.observer import NullObserver, Observers
from autofill.rehearsal.citizens import applicant_citizen, applicant_keys
from autofill.rehearsal.control import MockCase, MockControl
from autofill.rehearsal.embedded import start_mock
from autofill.scenarios import flow as scenario_flow
from autofill.scenarios.context import Outcome, Prepared, RunFn, ScenarioContext
from autofill.scenarios.files import (
    ScenarioFile,
    apply_overrides,
    load_scenario,
    materialize_profile,
)
from autofill.scenarios.model import (
    AdvanceClock,
    AmendAction,
    DuringEvent,
    ExpectAction,
    Expectation,
    FaultsAction,
    ReuploadAction,
    ReviewAction,
    RunAgain,
    Scenario,
    StatusAction,
    iso,
    resolve_dates,
)

log = logging.getLogger("autofill.scenarios.files")


@dataclass
class ScenarioResult:
    """One scenario's line in the results table."""

    name: str
    title: str
    expected: str
    got: str
    passed: bool
    seconds: float
    problems: list[str] = field(default_factory=list)
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "scenario": self.name,
            "title": self.title,
            "expected": self.expected,
            "got": self.got,
            "passed": self.passed,
            "seconds": round(self.seconds, 2),
            "problems": self.problems,
            "error": self.error,
        }


def describe(expect: Expectation, lang: str = "zh") -> str:
    """A short text of an expectation for the results table."""
    parts = []
    if expect.exit_code is not None:
        parts.append(t("scenario.exit_code", lang, code=expect.exit_code))
    if expect.case_status is not None:
        parts.append(expect.case_status)
    if expect.cases is not None:
        parts.append(t("scenario.cases", lang, count=expect.cases))
    for text in expect.messages():
        parts.append(t("scenario.quoted", lang, text=text))
    if expect.review_opinion_contains:
        parts.append(t("scenario.opinion", lang, text=expect.review_opinion_contains))
    if expect.amount:
        parts.append(expect.amount)
    return t("scenario.separator", lang).join(parts) or t("scenario.none", lang)


@dataclass
class PortalState:
    """What the portal holds for the applicant's certificate, read through `/__mock__/cases`."""

    status: str  # of the newest case of the certificate, or "无"
    submitted: int  # the applicant's cases that are not drafts
    case_no: str | None


def portal_state(control: MockControl, id_number: str, certificate: str) -> PortalState:
    cases: list[MockCase] = [c for c in control.cases() if c.id_number == id_number]
    of_cert = [c for c in cases if c.certificate_number == certificate] or cases
    newest = of_cert[-1] if of_cert else None
    for case in of_cert:  # `/__mock__/cases` order is not contract: prefer a submitted one
        if case.status != "草稿":
            newest = case
    return PortalState(
        status=newest.status if newest else "无",
        submitted=sum(1 for c in cases if c.status != "草稿"),
        case_no=newest.case_no if newest else None,
    )


def check(
    expect: Expectation, outcome: Outcome | None, state: PortalState, lang: str = "zh"
) -> tuple[str, list[str]]:
    """What was got (as the table shows it) and every way it misses the expectation.

    The portal's own words (its statuses, the run's messages) are compared and quoted as they
    are; the rest reads in `lang`."""
    problems: list[str] = []
    got: list[str] = []
    none = t("scenario.none", lang)
    if outcome is not None:
        got.append(t("scenario.exit_code", lang, code=outcome.exit_code))
    got.append(state.status)
    got.append(t("scenario.cases", lang, count=state.submitted))
    if expect.exit_code is not None:
        if outcome is None:
            problems.append(t("scenario.problem.no_exit_code", lang))
        elif outcome.exit_code != expect.exit_code:
            problems.append(
                t(
                    "scenario.problem.exit_code",
                    lang,
                    expected=expect.exit_code,
                    got=outcome.exit_code,
                    message=outcome.message,
                )
            )
    for text in expect.messages():
        if outcome is None or text not in outcome.message:
            message = outcome.message if outcome else none
            problems.append(t("scenario.problem.message", lang, text=text, message=message))
    if expect.case_status is not None and state.status != expect.case_status:
        problems.append(
            t("scenario.problem.case_status", lang, expected=expect.case_status, got=state.status)
        )
    if expect.cases is not None and state.submitted != expect.cases:
        problems.append(
            t("scenario.problem.cases", lang, expected=expect.cases, got=state.submitted)
        )
    if expect.review_opinion_contains is not None:
        opinion = outcome.opinion if outcome else ""
        got.append(t("scenario.opinion", lang, text=opinion))
        if expect.review_opinion_contains not in opinion:
            problems.append(
                t(
                    "scenario.problem.opinion",
                    lang,
                    expected=expect.review_opinion_contains,
                    got=opinion,
                )
            )
    if expect.amount is not None:
        amount = outcome.amount if outcome else ""
        got.append(amount or t("scenario.no_amount", lang))
        if amount != expect.amount:
            problems.append(
                t("scenario.problem.amount", lang, expected=expect.amount, got=amount or none)
            )
    return t("scenario.separator", lang).join(got), problems


class PortalPool:
    """One embedded mock portal per policy, started on first use, in this process."""

    def __init__(self) -> None:
        self._servers: dict[str, Any] = {}
        self._controls: dict[str, MockControl] = {}

    def control(self, policy: str) -> MockControl:
        if policy not in self._controls:
            server = start_mock({"port": 0, "policy": policy, "access_log": False})
            self._servers[policy] = server
            self._controls[policy] = MockControl(server.url)
        return self._controls[policy]

    def close(self) -> None:
        for control in self._controls.values():
            control.close()
        for server in self._servers.values():
            server.stop()
        self._servers.clear()
        self._controls.clear()


class DuringObserver(NullObserver):
    """Does the scenario's `during` events when the flow enters their steps (once each)."""

    def __init__(self, control: MockControl, events: list[DuringEvent]) -> None:
        self.control = control
        self.pending = list(events)

    def step_started(self, step: Any, page: Any, target: Any = None) -> None:
        key = str(getattr(step, "value", step)).partition(":")[0]
        for event in [e for e in self.pending if e.at == key]:
            self.pending.remove(event)
            if event.advance_seconds:
                self.control.clock({"advance_seconds": event.advance_seconds})
            if event.faults:
                self.control.faults(event.faults)


def prepare(found: ScenarioFile, control: MockControl, workdir: Path) -> Prepared:
    """Resets the portal and sets it up as the scenario says; writes the scenario's profile."""
    s: Scenario = found.scenario
    today = today_shanghai()
    control.reset()
    control.clear_faults(s.portal.layout)
    body = s.portal.faults.as_body()
    if body:
        control.faults(body)
    clock = s.portal.clock_body(today)
    if clock:
        control.clock(clock)
    control.review_policy(s.portal.review.model_dump(exclude_none=True))
    profile_path = materialize_profile(found, workdir, today=today)
    id_number, certificate = applicant_keys(profile_path)
    citizen = applicant_citizen(profile_path)
    password = str(citizen.get("password", "")) if citizen else ""
    if citizen is not None and s.portal.provision_applicant:
        citizen = apply_overrides(
            citizen, s.portal.applicant, where=f"{found.path}: portal.applicant", today=today
        )
        control.add_citizen(citizen)
    for other in s.portal.citizens:
        control.add_citizen(resolve_dates(iso(other), today))  # type: ignore[arg-type]
    return Prepared(control, profile_path, id_number, certificate, password)


class ScenarioWorker:
    """Runs scenarios one after another with one browser and this worker's portals."""

    def __init__(
        self,
        browser: Browser,
        pool: PortalPool,
        run_fn: RunFn | None = None,
        playwright: Playwright | None = None,
        lang: str = "zh",
    ) -> None:
        #: the language of the report (expected, got, problems); the run itself stays in
        #: Chinese, as the scenarios' expected messages are written
        self.lang = lang
        self.browser = browser
        self.pool = pool
        self.playwright = playwright
        self.run_fn = run_fn or scenario_flow.run_flow

    def run(
        self,
        found: ScenarioFile,
        observer: Any = None,
        on_context: Callable[[BrowserContext], None] | None = None,
    ) -> ScenarioResult:
        s = found.scenario
        started = time.monotonic()
        expected = describe(s.expect, self.lang)
        finals = [a.expect for a in s.then if isinstance(a, ExpectAction)]
        if finals:
            expected += " → " + describe(finals[-1], self.lang)
        got = ""
        problems: list[str] = []
        error: str | None = None
        with tempfile.TemporaryDirectory(prefix=f"scenario-{found.name}-") as tmp:
            try:
                control = self.pool.control(s.portal.policy)
                prepared = prepare(found, control, Path(tmp))
                ctx = ScenarioContext(
                    found,
                    prepared,
                    self.browser,
                    Path(tmp) / "runs",
                    Observers(
                        *(o for o in (DuringObserver(control, s.during), observer) if o is not None)
                    ),
                    self.playwright,
                    on_context,
                )
                outcome = self.run_fn(ctx, s.operator)
                ctx.last_case_no = outcome.case_no
                got, problems = self._check(s.expect, outcome, prepared)
                for i, action in enumerate(s.then):
                    if problems:
                        break
                    outcome, got, more = self._then(ctx, action, outcome)
                    problems.extend(f"then.{i}: {p}" for p in more)
            except BadInput as exc:
                error = exc.message + "".join(
                    f"\n  {e.get('path', '')}: {e.get('message', '')}" for e in exc.errors
                )
            except AutofillError as exc:
                error = f"{type(exc).__name__}: {exc.message}"
            except Exception as exc:  # a scenario that crashes is a miss, not the end of the suite
                log.exception("scenario %s crashed", found.name)
                error = f"{type(exc).__name__}: {exc}"
        if error:
            problems.append(error)
        return ScenarioResult(
            name=found.name,
            title=s.title,
            expected=expected,
            got=got or t("scenario.error_got", self.lang),
            passed=not problems,
            seconds=time.monotonic() - started,
            problems=problems,
            error=error,
        )

    def _check(
        self, expect: Expectation, outcome: Outcome | None, prepared: Prepared
    ) -> tuple[str, list[str]]:
        state = portal_state(prepared.control, prepared.id_number, prepared.certificate)
        return check(expect, outcome, state, self.lang)

    def _then(
        self, ctx: ScenarioContext, action: Any, outcome: Outcome
    ) -> tuple[Outcome, str, list[str]]:
        control = ctx.prepared.control
        if isinstance(action, AdvanceClock):
            if action.advance_days is not None:
                control.clock({"advance_days": action.advance_days})
            else:
                control.clock({"advance_seconds": action.advance_seconds})
        elif isinstance(action, ReviewAction):
            state = portal_state(control, ctx.prepared.id_number, ctx.prepared.certificate)
            if state.case_no is None:
                return outcome, "", [t("scenario.problem.nothing_to_review", self.lang)]
            control.review(state.case_no, action.review, action.reason)
        elif isinstance(action, FaultsAction):
            control.faults(action.faults)
        elif isinstance(action, RunAgain):
            outcome = self.run_fn(ctx, action.run)
        elif isinstance(action, StatusAction):
            state = portal_state(control, ctx.prepared.id_number, ctx.prepared.certificate)
            outcome = scenario_flow.read_status(ctx, state.case_no, action)
        elif isinstance(action, AmendAction):
            state = portal_state(control, ctx.prepared.id_number, ctx.prepared.certificate)
            outcome = scenario_flow.amend(ctx, action, state.case_no)
        elif isinstance(action, ReuploadAction):
            state = portal_state(control, ctx.prepared.id_number, ctx.prepared.certificate)
            scenario_flow.reupload(ctx, action.reupload, state.case_no)
        elif isinstance(action, ExpectAction):
            got, problems = self._check(action.expect, outcome, ctx.prepared)
            return outcome, got, problems
        return outcome, "", []


@contextmanager
def worker(
    headless: bool = True, slow_mo: float = 0, run_fn: RunFn | None = None, lang: str = "zh"
) -> Iterator[ScenarioWorker]:
    """A worker with its own Playwright, browser and portals, closed on exit."""
    pool = PortalPool()
    pw: Playwright = sync_playwright().start()
    try:
        browser = pw.chromium.launch(**launch_args(headless=headless, slow_mo=slow_mo))  # type: ignore[arg-type]
        try:
            yield ScenarioWorker(browser, pool, run_fn, pw, lang)
        finally:
            browser.close()
    finally:
        pw.stop()
        pool.close()


_PROCESS_WORKER: ScenarioWorker | None = None
_PROCESS_EXIT: Any = None


def _init_process(lang: str = "zh") -> None:
    global _PROCESS_WORKER, _PROCESS_EXIT
    manager = worker(lang=lang)
    _PROCESS_WORKER = manager.__enter__()
    _PROCESS_EXIT = manager
    atexit.register(manager.__exit__, None, None, None)


def _run_in_process(path: str) -> ScenarioResult:
    assert _PROCESS_WORKER is not None
    return _PROCESS_WORKER.run(load_scenario(Path(path)))


def run_scenarios(
    files: list[ScenarioFile],
    workers: int = 1,
    on_result: Callable[[ScenarioResult], None] | None = None,
    lang: str = "zh",
) -> list[ScenarioResult]:
    """Runs every scenario (in the given order in the results) with `workers` processes.

    `lang` is the language of the results' texts (expected, got, problems)."""
    results: dict[str, ScenarioResult] = {}
    if workers <= 1 or len(files) <= 1:
        with worker(lang=lang) as w:
            for found in files:
                result = w.run(found)
                results[str(found.path)] = result
                if on_result:
                    on_result(result)
    else:
        # spawn: a fresh interpreter per worker, so no Playwright or portal thread is forked
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            max_workers=min(workers, len(files)),
            mp_context=ctx,
            initializer=_init_process,
            initargs=(lang,),
        ) as pool:
            futures = {str(f.path): pool.submit(_run_in_process, str(f.path)) for f in files}
            for key, future in futures.items():
                result = future.result()
                results[key] = result
                if on_result:
                    on_result(result)
    return [results[str(f.path)] for f in files]
