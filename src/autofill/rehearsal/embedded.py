"""The embedded mock portal: the default target of a run, so that it works out of the box.

This is the only module of autofill that imports mock_portal (`portal serve` and the scenario
runner start the mock through `serve_mock` and `start_mock` below). It starts
the mock on a free loopback port in a background thread, keeps its database under the runs
folder (so that a later `submit` or `status` finds the same cases), and provisions the
applicant from the profile through the mock's own HTTP control API, as any client would.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from autofill.flow.types import PortalAccess
from autofill.profile import Profile
from autofill.rehearsal.citizens import REHEARSAL_PASSWORD, citizen_of
from autofill.rehearsal.control import MockControl
from autofill.runs import PORTAL_FOLDER, make_private_dir
from autofill.session import Credentials

#: portal-clock seconds after submission to reach 审核中, 审核通过 and 已发放 (a quick rehearsal)
AUTO_REVIEW_AFTER_S = [5, 10, 15]


def portal_settings(values: dict[str, Any]) -> Any:
    """The mock's settings from plain values; raises pydantic's ValidationError when one is wrong."""
    from mock_portal.settings import PortalSettings

    return PortalSettings.model_validate(values)


def start_mock(values: dict[str, Any]) -> Any:
    """Starts the mock portal in a background thread; the handle has `.url` and `.stop()`."""
    from mock_portal.server import start_in_thread

    # the mock logs its requests (masked) at INFO; our console is for our own steps
    logging.getLogger("mock_portal").setLevel(logging.WARNING)
    return start_in_thread(portal_settings(values))


def serve_mock(settings: Any) -> None:
    """Serves the mock portal in the foreground until Ctrl-C (`autofill portal serve`)."""
    from mock_portal.server import serve

    serve(settings)


@contextmanager
def embedded_portal(
    runs_dir: Path,
    profile: Profile,
    layout: str | None = None,
    faults: dict[str, Any] | None = None,
) -> Iterator[PortalAccess]:
    """Starts the mock portal for a profile, provisions it, yields how to reach and log in."""
    # the runs folder first: made as a parent of .portal it would keep the umask's 0755
    make_private_dir(runs_dir)
    folder = make_private_dir(runs_dir / PORTAL_FOLDER)
    server = start_mock(
        {
            "port": 0,
            "db": folder / "portal.db",
            "layout": layout or "classic",
            "policy": profile.policy.value,
            "access_log": False,
        }
    )
    control = MockControl(server.url)
    try:
        control.add_citizen(citizen_of(profile))
        control.review_policy(
            {
                "mode": "auto",
                "decision": "approve",
                "reason": "材料齐全，符合补贴条件",
                "after_seconds": AUTO_REVIEW_AFTER_S,
            },
        )
        if faults:
            control.faults(faults)
        phone = profile.applicant.phone
        yield PortalAccess(
            url=server.url,
            credentials=Credentials(
                username=profile.applicant.id_number,
                password=REHEARSAL_PASSWORD,
                sms_code=lambda: control.sms_code(phone),
            ),
            embedded=True,
            layout=layout or "classic",
        )
    finally:
        control.close()
        server.stop()
