"""How the portal's login is done (`--login auto|manual`, `--login-timeout`): plain settings,
light enough for the command line to name them before anything heavy is imported."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field

#: how long a person is waited for at a login of their own (`--login-timeout`)
DEFAULT_TIMEOUT_S = 300.0

LOGIN_MODES = ("auto", "manual")


def _to_stderr(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


@dataclass(frozen=True)
class LoginOptions:
    """`--login auto|manual` and `--login-timeout`: who logs in, and how long a person is waited for.

    auto: the tool logs in, and stops (exit 5) at what only a person can pass (a captcha, a
    QR-only page, a sign-on page of another site). manual: a person logs in in a window of
    their own (`manual_login.py`) and the tool carries on. Either way a kept session that the
    portal still accepts means no login at all.
    """

    mode: str = "auto"
    timeout_s: float = DEFAULT_TIMEOUT_S
    lang: str = "zh"
    #: how the person is told what to do (a line on stderr)
    tell: Callable[[str], None] = field(default=_to_stderr, compare=False)
