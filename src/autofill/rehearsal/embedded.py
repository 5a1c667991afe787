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

import httpx

from autofill.errors import PortalUnavailable
from autofill.flow import PortalAccess
from autofill.runs import make_private_dir
from autofill.session import Credentials

#: the mock account's password: a rehearsal account, provisioned here and never written to disk
EMBEDDED_PASSWORD = "Passw0rd!"
#: portal-clock seconds after submission to reach 审核中, 审核通过 and 已发放 (a quick rehearsal)
AUTO_REVIEW_AFTER_S = [5, 10, 15]
PORTAL_FOLDER = ".portal"


def _code(value: object) -> str:
    return str(getattr(value, "value", value))


def citizen_of(profile: Any, password: str = EMBEDDED_PASSWORD) -> dict[str, Any]:
    """The profile as a citizen of the mock's `/__mock__/citizens` API."""
    a, si, cert = profile.applicant, profile.social_insurance, profile.certificate
    kinds = {"skill_level": "职业技能等级证书", "qualification": "职业资格证书"}
    return {
        "name": a.name,
        "id_number": a.id_number,
        "phone": a.phone,
        "password": password,
        "auth_level": "advanced",
        "hukou": _code(a.hukou),
        "social_insurance": {
            "scheme": _code(si.scheme),
            "status": "paying" if si.paying else "suspended",
            "unemployment_insurance_months": si.unemployment_insurance_months,
        },
        "establishment_staff": bool(a.establishment_staff),
        "certificates": [
            {
                "number": cert.number,
                "kind": kinds[_code(cert.kind)],
                "occupation": cert.occupation,
                "level": int(cert.level),
                "issue_date": cert.issue_date.isoformat(),
                "issuer": cert.issuer,
                "route": _code(cert.route),
            }
        ],
        "prior_claims": [
            {
                "occupation": c.occupation,
                "level": int(c.level),
                "granted_on": c.granted_on.isoformat(),
            }
            for c in profile.prior_claims
        ],
    }


class MockControl:
    """The mock's `/__mock__` API over HTTP."""

    def __init__(self, base_url: str) -> None:
        self.client = httpx.Client(base_url=base_url.rstrip("/"), timeout=10.0)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        response = self.client.post(f"/__mock__/{path}", json=body)
        if response.status_code >= 400:
            raise PortalUnavailable(
                f"模拟门户拒绝了 /__mock__/{path}：HTTP {response.status_code} {response.text[:300]}"
            )
        return response.json() if response.content else None

    def get(self, path: str, **params: str) -> Any:
        response = self.client.get(f"/__mock__/{path}", params=params)
        response.raise_for_status()
        return response.json()

    def sms_code(self, phone: str) -> str:
        return str(self.get("sms", phone=phone)["code"])

    def close(self) -> None:
        self.client.close()


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
    profile: Any,
    layout: str | None = None,
    faults: dict[str, Any] | None = None,
) -> Iterator[PortalAccess]:
    """Starts the mock portal for a profile, provisions it, yields how to reach and log in."""
    folder = make_private_dir(runs_dir / PORTAL_FOLDER)
    server = start_mock(
        {
            "port": 0,
            "db": folder / "portal.db",
            "layout": layout or "classic",
            "policy": _code(profile.policy),
            "access_log": False,
        }
    )
    control = MockControl(server.url)
    try:
        control.post("citizens", citizen_of(profile))
        control.post(
            "review",
            {
                "mode": "auto",
                "decision": "approve",
                "reason": "材料齐全，符合补贴条件",
                "after_seconds": AUTO_REVIEW_AFTER_S,
            },
        )
        if faults:
            control.post("faults", faults)
        phone = profile.applicant.phone
        yield PortalAccess(
            url=server.url,
            credentials=Credentials(
                username=profile.applicant.id_number,
                password=EMBEDDED_PASSWORD,
                sms_code=lambda: control.sms_code(phone),
            ),
            embedded=True,
            layout=layout or "classic",
        )
    finally:
        control.close()
        server.stop()
