"""The applicant as the mock portal should know them, derived from the scenario's profile.

By default a scenario provisions the profile's applicant on the fresh portal (account, register
entries, insurance record, prior claims); the scenario's `portal.applicant` then changes what
the portal's records say, so that a profile that passes offline can still be refused online.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from autofill.errors import BadInput
from autofill.profile import Profile, display_name, load_profile
from autofill.reading import PROFILE_LIMIT, read_bounded

#: the mock account's password of every provisioned applicant: a rehearsal account, provisioned
#: through the mock's API and never written to disk by the tool
REHEARSAL_PASSWORD = "Passw0rd!"


def applicant_keys(profile_path: Path) -> tuple[str, str]:
    """The ID number and certificate number written in the profile, even if it is invalid."""
    try:
        data = json.loads(read_bounded(profile_path, PROFILE_LIMIT, "what.profile"))
    except (BadInput, json.JSONDecodeError, RecursionError, UnicodeDecodeError):
        return "", ""
    if not isinstance(data, dict):
        return "", ""
    applicant = data.get("applicant") or {}
    certificate = data.get("certificate") or {}
    return (
        str(applicant.get("id_number", "")).strip().upper(),
        str(certificate.get("number", "")).strip(),
    )


def citizen_of(profile: Profile, password: str = REHEARSAL_PASSWORD) -> dict[str, Any]:
    """The body of `POST /__mock__/citizens` for the profile's applicant, as the profile says."""
    a = profile.applicant
    si = profile.social_insurance
    c = profile.certificate
    return {
        "name": a.name,
        "id_number": a.id_number,
        "phone": a.phone,
        "password": password,
        "auth_level": "advanced",
        "hukou": str(a.hukou),
        "social_insurance": {
            "scheme": str(si.scheme),
            "status": "paying" if si.paying else "suspended",
            "unemployment_insurance_months": si.unemployment_insurance_months,
        },
        "establishment_staff": bool(a.establishment_staff),
        "certificates": [
            {
                "number": c.number,
                "kind": display_name(c.kind),
                "occupation": c.occupation,
                "level": int(c.level),
                "issue_date": c.issue_date.isoformat(),
                "issuer": c.issuer,
                "route": str(c.route),
            }
        ],
        "prior_claims": [
            {
                "occupation": p.occupation,
                "level": int(p.level),
                "granted_on": p.granted_on.isoformat(),
            }
            for p in profile.prior_claims
        ],
    }


def applicant_citizen(profile_path: Path) -> dict[str, Any] | None:
    """The applicant to provision, or None when the profile does not load (the run says why)."""
    try:
        profile = load_profile(profile_path)
    except BadInput:
        return None
    return citizen_of(profile)
