"""The error mapping: how a pass through the portal ends as a RunResult that names its run.

Our own errors (`AutofillError`) are recorded in run.json (`last_error`) and the log, and become
the result's exit code and message; a browser failure becomes the error it stands for first.
"""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from autofill.errors import AutofillError, ControlNotFound, ExitCode, UnexpectedPage
from autofill.flow.types import RunResult
from autofill.masking import mask_text
from autofill.messages import t
from autofill.runs import RunFolder, now_iso


def finished(folder: RunFolder, message: str) -> RunResult:
    """A run that ended well (exit 0), as its folder's record has it."""
    r = folder.record
    return RunResult(
        exit_code=int(ExitCode.OK),
        message=message,
        run_id=r.run_id,
        state=r.state,
        digest=r.digest,
        case_no=r.case_no,
        status=r.status,
        folder=folder.path,
        rehearsal=rehearsal(folder),
    )


def rehearsal(folder: RunFolder) -> bool:
    """Whether the run reached a portal, and that portal was the embedded mock."""
    return bool(folder.record.portal_url) and folder.record.embedded


def guarded(folder: RunFolder, body: Callable[[], RunResult], lang: str = "zh") -> RunResult:
    """Runs the online part; our errors become a result that names the run."""
    try:
        try:
            return body()
        except PlaywrightError as exc:
            # a control that never showed: the portal's page is not what the portal map says
            lines = (exc.message or type(exc).__name__).splitlines()
            waiting = next((line.strip(" -") for line in lines if "waiting for" in line), "")
            first = lines[0].rstrip("。.") + (f"（{waiting}）" if waiting else "")
            # waiting in vain for a control is the portal's wording changing, as a missing label
            # is (exit 4); any other browser failure stays unexpected
            stop = ControlNotFound if isinstance(exc, PlaywrightTimeout) else UnexpectedPage
            raise stop(
                t("flow.browser_failed", lang, first=first, trace=folder.file("trace.zip"))
            ) from None
    except AutofillError as exc:
        record = folder.record
        record.last_error = {
            "at": now_iso(),
            "exit_code": int(exc.exit_code),
            "message": mask_text(exc.message),
            "errors": exc.errors,
        }
        folder.save()
        folder.log("stopped", exit_code=int(exc.exit_code), message=exc.message, errors=exc.errors)
        return RunResult(
            exit_code=int(exc.exit_code),
            message=exc.message,
            run_id=record.run_id,
            state=record.state,
            digest=record.digest,
            case_no=record.case_no,
            status=record.status,
            errors=exc.errors,
            comparison=getattr(exc, "comparison", []),
            folder=folder.path,
            rehearsal=rehearsal(folder),
        )
