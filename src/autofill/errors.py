"""The errors autofill raises, each carrying the exit code of `cli.md`.

AutofillError (1: unexpected)
├── BadInput (2): profile, documents, flags
│   ├── BrowserNotFound (2)
│   ├── BrowserUnreachable (2): a --browser-ws endpoint that no browser server answers
│   ├── RunBusy (2): another process is working on the run folder
│   └── DamagedRun (2): a run.json that is not a run record
├── NotEligible (3): a policy rule failed; nothing was sent to the portal
├── PortalRefused (4): the portal showed an error message
│   ├── PreviewMismatch (4): the preview differs from the profile (carries the comparison)
│   ├── ControlNotFound (4): a label of the portal map is not on the page
│   ├── UploadFailed (4): an upload was answered with an error beside the item
│   └── NotThePortal (4): --portal-url shows neither the login page nor a logged-in one
├── AwaitingHuman (5): not confirmed, declined, or no terminal
├── PortalUnavailable (6): unreachable, kept failing after retries, or a wait timed out
│   ├── PortalBusy (6): "系统繁忙", a timeout or a dropped connection: safe to retry
│   └── WaitTimedOut (6)
├── ScenarioMissed (7): at least one scenario missed its expectation
├── SessionExpired: the portal sent us back to the login page (handled: a new login)
├── UnexpectedPage: none of the expected pages showed up in time (retried, then exit 1)
├── FieldNotSet: a control did not show the value just entered (retried, then exit 1)
└── NotReached: a page of `autofill doctor`'s walk could not be reached (a finding, not an exit)

DuplicateKey (a ValueError, not a user's error: the strict JSON reader raises it inside the
parser, and the profile loader turns it into BadInput naming the key)
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING

from autofill.messages import t

if TYPE_CHECKING:
    from autofill.evidence import Comparison


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


class BrowserUnreachable(BadInput):
    """A `--browser-ws` endpoint is not a ws:// URL, or no browser server answers there."""


class RunBusy(BadInput):
    """Another process holds the run folder's lock (`autofill.runs.RunFolder.hold`)."""


class DamagedRun(BadInput):
    """A `run.json` that is not a run record: reported and left as it is, never overwritten."""

    def __init__(self, path: Path, detail: str) -> None:
        message = t("runs.damaged", path=path, detail=detail)
        super().__init__(message, errors=[{"path": str(path), "message": detail}])
        self.path = path


class NotEligible(AutofillError):
    exit_code = ExitCode.NOT_ELIGIBLE


class PortalRefused(AutofillError):
    exit_code = ExitCode.PORTAL_REFUSED


class PreviewMismatch(PortalRefused):
    """The preview differs from the profile; `comparison` is the whole table that showed it."""

    def __init__(
        self,
        message: str,
        *,
        errors: list[dict[str, str]] | None = None,
        comparison: Sequence[Comparison] = (),
    ) -> None:
        super().__init__(message, errors=errors)
        self.comparison = list(comparison)


class ControlNotFound(PortalRefused):
    """A label the portal map names has no control on the page: the portal changed its wording.

    Exit 4, like a preview that differs: the portal is not what the portal map says, which the
    user mends with `--portal-texts`; it is no bug of the tool (exit 1).
    """


class UploadFailed(PortalRefused):
    """An upload was answered with an error beside the item (format, size, a failed transfer)."""


class NotThePortal(PortalRefused):
    """`--portal-url` answered with a page that has neither the login page nor a logged-in one."""


class AwaitingHuman(AutofillError):
    exit_code = ExitCode.AWAITING_HUMAN


class PortalUnavailable(AutofillError):
    exit_code = ExitCode.PORTAL_UNAVAILABLE


class PortalBusy(PortalUnavailable):
    """The portal answered "系统繁忙" (502), timed out or dropped the connection: safe to retry."""


class WaitTimedOut(PortalUnavailable):
    pass


class ScenarioMissed(AutofillError):
    exit_code = ExitCode.SCENARIO_MISSED


class SessionExpired(AutofillError):
    """The portal sent us back to the login page ("登录已超时，请重新登录")."""


class UnexpectedPage(AutofillError):
    """None of the expected pages showed up in time."""


class FieldNotSet(AutofillError):
    """A control did not show the value just entered."""


class NotReached(AutofillError):
    """A page of the walk could not be reached; `why` is a reason key (survey.why.*)."""

    def __init__(self, why: str, cause: AutofillError | None = None) -> None:
        super().__init__(cause.message if cause else why)
        self.why = why
        self.cause = cause


class DuplicateKey(ValueError):
    """A JSON object names the same key twice (the parser would silently keep the last)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key
