"""The small types a scenario's run passes around: the portal made ready, the context of one
invocation of the flow, and what it ended with.

They live apart from the runner (which calls the flow) and the scenario flow (which fills them),
so that each of those imports the other's types without an import circle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Playwright

from autofill.rehearsal.control import MockControl
from autofill.scenarios.files import ScenarioFile
from autofill.scenarios.model import Operator


@dataclass
class Outcome:
    """What a run (or a status query) ended with, as a user would see it."""

    exit_code: int
    message: str
    case_no: str | None = None
    status: str | None = None
    opinion: str = ""
    amount: str = ""


@dataclass
class Prepared:
    """A scenario's portal made ready: where it is, the profile file, who the applicant is."""

    control: MockControl
    profile_path: Path
    id_number: str
    certificate: str
    password: str


# A run of the flow: (prepared portal, profile, operator, observer, browser) -> Outcome.
RunFn = Callable[["ScenarioContext", Operator], Outcome]


@dataclass
class ScenarioContext:
    """Everything one invocation of the flow needs inside a scenario."""

    found: ScenarioFile
    prepared: Prepared
    browser: Browser
    runs_dir: Path
    observer: Any
    playwright: Playwright | None = None
    #: called with each new browser context (the demo installs its caption overlay)
    on_context: Callable[[BrowserContext], None] | None = None
    last_case_no: str | None = None
    #: the pauses the flow's retries asked for: recorded, not waited (house rule: no test sleeps)
    sleeps: list[float] = field(default_factory=list)
