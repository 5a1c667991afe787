"""The errors autofill raises, each carrying the exit code of `cli.md`.

AutofillError (1: unexpected)
├── BadInput (2): profile, documents, flags
│   ├── BrowserNotFound (2)
│   └── RunBusy (2): another process is working on the run folder
├── NotEligible (3): a policy rule failed; nothing was sent to the portal
├── PortalRefused (4): the portal showed an error message
│   ├── PreviewMismatch (4): the preview differs from the profile
│   └── ControlNotFound (4): a label of the portal map is not on the page (portal/locate.py)
├── AwaitingHuman (5): not confirmed, declined, or no terminal
├── PortalUnavailable (6): unreachable, kept failing after retries, or a wait timed out
│   └── WaitTimedOut (6)
└── ScenarioMissed (7): at least one scenario missed its expectation
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    UNEXPECTED = 1
    BAD_INPUT = 2
    NOT_ELIGIBLE = 3
    PORTAL_REFUSED = 4
    AWAITING_HUMAN = 5
    PORTAL_UNAVAILABLE = 6
    SCENARIO_MISSED = 7


class AutofillError(Exception):
    """Base of every error the tool reports to a user; `exit_code` is what the CLI returns."""

    exit_code: ExitCode = ExitCode.UNEXPECTED

    def __init__(self, message: str, *, errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        #: a list of {path, message}, for `--json` and for the error table
        self.errors = errors or []


class BadInput(AutofillError):
    exit_code = ExitCode.BAD_INPUT


class BrowserNotFound(BadInput):
    pass


class RunBusy(BadInput):
    """Another process holds the run folder's lock (`autofill.runs.RunFolder.hold`)."""


class NotEligible(AutofillError):
    exit_code = ExitCode.NOT_ELIGIBLE


class PortalRefused(AutofillError):
    exit_code = ExitCode.PORTAL_REFUSED


class PreviewMismatch(PortalRefused):
    pass


class AwaitingHuman(AutofillError):
    exit_code = ExitCode.AWAITING_HUMAN


class PortalUnavailable(AutofillError):
    exit_code = ExitCode.PORTAL_UNAVAILABLE


class WaitTimedOut(PortalUnavailable):
    pass


class ScenarioMissed(AutofillError):
    exit_code = ExitCode.SCENARIO_MISSED
