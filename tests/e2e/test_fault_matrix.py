"""Runs under the portal's faults, alone and combined: submitted once, or refused clearly.

A CI-sized slice of the matrix in `benchmarks/fault_cases.py` (one seed each); the whole matrix
at several seeds is `python -m benchmarks.fault_matrix`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import people
from benchmarks.fault_cases import CASES, run_case
from tests.conftest import MockPortal

pytestmark = pytest.mark.e2e

CI_SLICE = [
    "submit_drop",
    "mangle_preview",
    "cert_db_lag",
    "upload_fail",
    "sms_login",
    "everything",
]


@pytest.mark.parametrize("case", [c for c in CASES if c.name in CI_SLICE], ids=lambda c: c.name)
def test_a_run_under_faults_ends_submitted_once_or_refused(
    case: object, portal: MockPortal, tmp_path: Path
) -> None:
    person = people.person(3000 + CI_SLICE.index(case.name))  # type: ignore[attr-defined]
    outcome = run_case(portal.url, portal.client, case, 7, person, tmp_path)  # type: ignore[arg-type]
    assert outcome.problems == [], (outcome.result.exit_code, outcome.result.message)
