"""The fault matrix: every fault of the portal spec alone and combined, and what a run must end in.

Shared by tests/e2e/test_fault_matrix.py (a CI-sized slice) and benchmarks/fault_matrix.py
(every case at several seeds). Whatever the faults, a run ends submitted exactly once with the
profile's values, or with a clear refusal and nothing submitted: never a duplicate, never a
silently wrong value.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx

from autofill.flow import run_application
from autofill.flow.types import PortalAccess, RunContext, RunResult
from autofill.runs import RunFolder
from autofill.session import Credentials
from benchmarks import people
from benchmarks.portal_load import form_values

T = TypeVar("T")


@dataclass(frozen=True)
class FaultCase:
    """Faults to switch on, and the exit codes a run may end with under them."""

    name: str
    faults: dict[str, Any]
    allowed: tuple[int, ...]
    refusal: str = ""  # text the message must contain when the run is refused (exit 4)
    tags: tuple[str, ...] = field(default=())
    #: portal-clock seconds the human takes to confirm (the clock is moved on, nobody waits)
    human_s: int = 0


CASES = [
    FaultCase("none", {}, (0,)),
    FaultCase("latency", {"latency_ms": [20, 150]}, (0,)),
    # 502s: retried within the budget; giving up is exit 6 with the portal's words, never a guess
    FaultCase("error_rate", {"error_rate": 0.15}, (0, 6)),
    # a run has no idle pause of 4 s on its own: the human's minute at the preview makes one
    FaultCase("session_ttl", {"session_ttl_s": 4}, (0, 6), human_s=60),
    FaultCase("cert_db_lag", {"cert_db_lag_days": 60}, (4,), refusal="证书信息校验失败"),
    FaultCase("upload_fail", {"upload_fail_rate": 0.3}, (0, 6)),
    FaultCase("submit_drop", {"submit_drop": True}, (0,)),
    FaultCase("mangle_preview", {"mangle_preview": "银行卡号"}, (4,), refusal="银行卡号"),
    FaultCase("sms_login", {"sms_login": True}, (0,)),
    FaultCase("modern", {"layout": "modern"}, (0,)),
    FaultCase(
        "drop_and_errors",
        {"submit_drop": True, "error_rate": 0.1, "latency_ms": [10, 80]},
        (0, 6),
    ),
    FaultCase(
        "modern_uploads_sms",
        {"layout": "modern", "upload_fail_rate": 0.25, "sms_login": True},
        (0, 6),
    ),
    FaultCase(
        "everything",
        {
            "layout": "modern",
            "latency_ms": [10, 100],
            "error_rate": 0.1,
            "session_ttl_s": 6,
            "upload_fail_rate": 0.2,
            "submit_drop": True,
            "sms_login": True,
        },
        (0, 6),
    ),
    FaultCase(
        "everything_mangled",
        {"layout": "modern", "error_rate": 0.1, "mangle_preview": "联系电话", "submit_drop": True},
        (4, 6),
        refusal="联系电话",
    ),
]


def in_thread(fn: Callable[[], T]) -> T:
    """Runs `fn` in a thread of its own: Playwright's sync API refuses a thread with an event
    loop, which pytest-playwright's session leaves in the main thread."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    value: T = box["value"]
    return value


def connector(url: str) -> Callable[[Any], Any]:
    """Logs in as the profile's applicant; SMS codes are read from the mock like a phone would."""

    @contextmanager
    def connect(profile: Any) -> Iterator[PortalAccess]:
        phone = profile.applicant.phone

        def sms() -> str:
            # no code when the request for one failed (a 502): the phone shows nothing
            answer = httpx.get(f"{url}/__mock__/sms", params={"phone": phone})
            return str(answer.json().get("code", "")) if answer.status_code == 200 else ""

        yield PortalAccess(
            url=url,
            credentials=Credentials(profile.applicant.id_number, people.PASSWORD, sms),
            embedded=False,
        )

    return connect


#: events of the run's log.jsonl that show a fault was met (and survived), not merely switched on
FAULT_EVENTS = ("retry", "session_expired", "upload_retry", "submit_answer_lost")


@dataclass
class Outcome:
    case: FaultCase
    seed: int
    result: RunResult
    problems: list[str]
    #: how often each of FAULT_EVENTS happened in the run
    met: dict[str, int] = field(default_factory=dict)


def faults_met(runs: Path, run_id: str | None) -> dict[str, int]:
    """Counts the run's FAULT_EVENTS in its log.jsonl."""
    log = runs / str(run_id) / "log.jsonl"
    if not run_id or not log.is_file():
        return {}
    events = [json.loads(line)["event"] for line in log.read_text(encoding="utf-8").splitlines()]
    return {name: events.count(name) for name in FAULT_EVENTS if name in events}


def run_case(
    url: str, control: httpx.Client, case: FaultCase, seed: int, person: people.Person, work: Path
) -> Outcome:
    """Files `person` under `case`'s faults and checks every invariant; the problems found."""
    control.post("/__mock__/citizens", json=people.citizen(person)).raise_for_status()
    control.post("/__mock__/faults", json={"seed": seed, **case.faults}).raise_for_status()
    folder = work / f"{case.name}-{seed}"
    people.write_documents(folder / "documents")
    profile = folder / "profile.json"
    profile.write_text(json.dumps(people.profile(person), ensure_ascii=False), encoding="utf-8")
    # no real pauses between retries: the faults are random per request, not per second

    def confirm(review: Any) -> bool:
        if case.human_s:
            advance = {"advance_seconds": case.human_s}
            control.post("/__mock__/clock", json=advance).raise_for_status()
        return True

    ctx = RunContext(confirm=confirm, runs_dir=folder / "runs", sleep=lambda s: None)
    try:
        result = in_thread(lambda: run_application(profile, ctx, connector(url)))
    finally:
        control.post("/__mock__/faults", json=dict.fromkeys(case.faults)).raise_for_status()
    cases = control.get("/__mock__/cases").json()
    runs = folder / "runs"
    problems = check(case, result, cases, person, runs)
    return Outcome(case, seed, result, problems, faults_met(runs, result.run_id))


def wrong_values(
    filed: dict[str, Any], person: people.Person, uploads: dict[str, dict[str, Any]]
) -> list[str]:
    """What the submitted case holds that differs from what was filed: every field the applicant
    types, and every material byte for byte (the run's prepared files, by their SHA-256)."""
    problems = [
        f"WRONG VALUE: {label} = {filed['fields'].get(label)!r}"
        for label, value in form_values(person).items()
        if filed["fields"].get(label) != value
    ]
    for info in uploads.values():
        held = filed["materials"].get(info["label"])
        sent = hashlib.sha256(Path(info["path"]).read_bytes()).hexdigest()
        if held is None or held["sha256"] != sent:
            problems.append(
                f"WRONG VALUE: material {info['label']} = {held and held['file_name']!r}"
            )
    if len(filed["materials"]) != len(uploads) or not uploads:
        problems.append(f"WRONG VALUE: {len(filed['materials'])} materials on the portal")
    return problems


def check(
    case: FaultCase,
    result: RunResult,
    cases: list[dict[str, Any]],
    person: people.Person,
    runs: Path,
) -> list[str]:
    problems: list[str] = []
    filed = [c for c in cases if c["id_number"] == person.id_number and c["status"] != "草稿"]
    if result.exit_code not in case.allowed:
        problems.append(f"exit {result.exit_code} ({result.message}) not in {case.allowed}")
    if len(filed) > 1:
        problems.append(f"DUPLICATE: {len(filed)} cases submitted")
    if result.exit_code == 0:
        if len(filed) != 1:
            problems.append(f"exit 0 but {len(filed)} cases on the portal")
        else:
            if filed[0]["case_no"] != result.case_no:
                problems.append(f"run says {result.case_no}, portal has {filed[0]['case_no']}")
            uploads = RunFolder.open(runs, result.run_id).record.uploads if result.run_id else {}
            problems += wrong_values(filed[0], person, uploads)
    elif result.exit_code in (4, 2, 3) and filed:
        problems.append(f"refused (exit {result.exit_code}) yet a case was submitted")
    elif result.exit_code == 6 and filed and "没有找到办件" in result.message:
        problems.append("exit 6 says no case was found, yet the portal holds one")
    if (
        result.exit_code == 4
        and case.refusal
        and case.refusal not in result.message + json.dumps(result.errors, ensure_ascii=False)
    ):
        problems.append(f"refusal does not name {case.refusal!r}: {result.message}")
    if not result.message.strip():
        problems.append("no message")
    if result.run_id:
        record = RunFolder.open(runs, result.run_id).record  # readable, parses
        if result.exit_code == 0 and (record.state != "status" or record.case_no != result.case_no):
            problems.append(f"run.json says {record.state}/{record.case_no}")
        if len(record.submit_clicks) > 1 and result.exit_code == 0 and len(filed) != 1:
            problems.append("clicked 确认提交 more than once")
    return problems
