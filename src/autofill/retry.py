"""Retry policies, one named constant per kind of request that is safe to repeat.

Navigation (opening a page, following a link) and reads (the preview, the case list) are
retried with exponential backoff, jitter and a total deadline when the portal is busy ("系统繁忙，
请稍后再试", 502), slow or drops the connection. "确认提交" is never retried here: a lost answer
to it is settled by looking in "我的办件" (see flow.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential_jitter,
)

from autofill.errors import PortalBusy

Sleep = Callable[[float], None]


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently one kind of request is repeated."""

    name: str
    attempts: int
    initial_s: float
    max_wait_s: float
    jitter_s: float
    deadline_s: float

    def retrying(
        self,
        sleep: Sleep = time.sleep,
        on: tuple[type[BaseException], ...] = (PortalBusy,),
        before_sleep: Callable[[RetryCallState], None] | None = None,
    ) -> Retrying:
        """A tenacity Retrying for this policy; `sleep` is injectable so that tests never wait."""
        return Retrying(
            stop=stop_after_attempt(self.attempts) | stop_after_delay(self.deadline_s),
            wait=wait_exponential_jitter(
                multiplier=self.initial_s, max=self.max_wait_s, jitter=self.jitter_s
            ),
            retry=retry_if_exception_type(on),
            sleep=sleep,
            before_sleep=before_sleep,
            reraise=True,
        )


#: opening a page or following a link
NAVIGATION = RetryPolicy(
    "navigation", attempts=8, initial_s=0.5, max_wait_s=8.0, jitter_s=0.5, deadline_s=120.0
)
#: the first page of the portal (logging in): a server that never answers is given up on
#: after two waits for its first page (session.FIRST_CONTACT_TIMEOUT_MS each), within a minute
FIRST_CONTACT = RetryPolicy(
    "first_contact", attempts=8, initial_s=0.5, max_wait_s=8.0, jitter_s=0.5, deadline_s=35.0
)
#: reading what a page shows (the preview, my cases, a case's detail)
READS = RetryPolicy(
    "reads", attempts=6, initial_s=0.5, max_wait_s=5.0, jitter_s=0.5, deadline_s=60.0
)
#: a whole form step done again from a clean page (an upload, "下一步") after a busy answer
FORM_STEPS = RetryPolicy(
    "form_steps", attempts=6, initial_s=0.5, max_wait_s=5.0, jitter_s=0.5, deadline_s=120.0
)
#: logging in again after the portal ended the session (each time the draft is re-opened)
RELOGINS = 3
