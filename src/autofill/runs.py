"""Run folders: `runs/<YYYYMMDD-HHMMSS-last4>/`, private to the user, and their `run.json`.

`run.json` holds the state machine of one application (validated → checked → logged_in → filled
→ previewed → confirmed → submitted → status). It is written atomically (a temporary file, then
`os.replace`) after every step, so that a crash at any point loses nothing and the next
`run`/`submit` resumes from it.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from autofill.errors import BadInput
from autofill.masking import mask_text

STATES = (
    "validated",
    "checked",
    "logged_in",
    "filled",
    "previewed",
    "confirmed",
    "submitted",
    "status",
)
RUN_FILE = "run.json"
LOG_FILE = "log.jsonl"
DIR_MODE = 0o700
FILE_MODE = 0o600


def default_runs_dir() -> Path:
    return Path(os.environ.get("AUTOFILL_RUNS_DIR") or "runs")


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def make_private_dir(path: Path) -> Path:
    """Creates the folder (and its parents) and makes it readable by its owner only."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, DIR_MODE)
    return path


def write_private(path: Path, data: bytes) -> None:
    """Writes a file atomically with mode 0600: a reader sees the old file or the new one."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_json(path: Path, data: Any) -> None:
    write_private(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


@dataclass
class RunRecord:
    """What `run.json` holds; personal numbers only masked."""

    run_id: str
    profile: str
    certificate_number: str
    applicant: str  # masked ID number, for the run list
    state: str = "validated"
    steps: dict[str, str] = field(default_factory=dict)
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)
    portal_url: str | None = None
    embedded: bool = True
    layout: str | None = None
    form_url: str | None = None
    preview_url: str | None = None
    uploads: dict[str, dict[str, Any]] = field(default_factory=dict)
    digest: str | None = None
    mismatches: list[str] = field(default_factory=list)
    confirmation: dict[str, str] | None = None
    submit_clicks: list[dict[str, str]] = field(default_factory=list)
    case_no: str | None = None
    case_found_existing: bool = False
    status: dict[str, str] | None = None
    #: each answer to a 退回补正 (`autofill amend`): items, files, digest, confirmation, clicks
    amendments: list[dict[str, Any]] = field(default_factory=list)
    last_error: dict[str, Any] | None = None

    def reached(self, state: str) -> bool:
        """Whether the run has got at least as far as `state`."""
        return STATES.index(self.state) >= STATES.index(state)


class RunFolder:
    """One run's private folder: its record, evidence files and event log."""

    def __init__(self, path: Path, record: RunRecord) -> None:
        self.path = path
        self.record = record

    @property
    def run_id(self) -> str:
        return self.record.run_id

    def file(self, name: str) -> Path:
        return self.path / name

    @classmethod
    def create(
        cls, runs_dir: Path, profile: Path, certificate_number: str, applicant: str
    ) -> RunFolder:
        """A new run folder named by the time and the certificate number's last 4 characters."""
        make_private_dir(runs_dir)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        base = f"{stamp}-{certificate_number[-4:]}"
        run_id, n = base, 1
        while True:
            path = runs_dir / run_id
            try:
                # mkdir is the claim: `batch` creates folders from several threads at once
                path.mkdir(mode=DIR_MODE)
                break
            except FileExistsError:
                n += 1
                run_id = f"{base}-{n}"
        os.chmod(path, DIR_MODE)
        record = RunRecord(
            run_id=run_id,
            profile=str(profile.resolve()),
            certificate_number=certificate_number,
            applicant=applicant,
        )
        folder = cls(path, record)
        folder.save()
        return folder

    @classmethod
    def open(cls, runs_dir: Path, run_id: str) -> RunFolder:
        path = runs_dir / run_id
        try:
            data = json.loads((path / RUN_FILE).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BadInput(
                f"找不到运行记录 {run_id}（在 {runs_dir} 下）；用 autofill runs 列出已有的运行",
                errors=[{"path": "RUN_ID", "message": "not found"}],
            ) from None
        known = set(RunRecord.__dataclass_fields__)
        return cls(path, RunRecord(**{k: v for k, v in data.items() if k in known}))

    def save(self) -> None:
        self.record.updated_at = now_iso()
        write_json(self.file(RUN_FILE), asdict(self.record))

    def advance(self, state: str) -> None:
        """Records that the run reached `state` and saves run.json at once."""
        if STATES.index(state) > STATES.index(self.record.state):
            self.record.state = state
        self.record.steps[state] = now_iso()
        self.save()

    def log(self, event: str, **data: Any) -> None:
        """Appends one masked event to log.jsonl."""
        line = json.dumps(
            {"at": now_iso(), "event": event, **data}, ensure_ascii=False, default=str
        )
        fd = os.open(self.file(LOG_FILE), os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(mask_text(line) + "\n")


def list_runs(runs_dir: Path) -> list[RunFolder]:
    """Every run under the folder, newest first."""
    if not runs_dir.is_dir():
        return []
    found = []
    for path in sorted(runs_dir.iterdir(), reverse=True):
        if (path / RUN_FILE).is_file():
            try:
                found.append(RunFolder.open(runs_dir, path.name))
            except (ValueError, TypeError, BadInput):
                continue
    return found


def resumable(runs_dir: Path, certificate_number: str) -> RunFolder | None:
    """The latest unfinished run of the same certificate, which a new `run` takes up again."""
    for folder in list_runs(runs_dir):
        record = folder.record
        if record.certificate_number != certificate_number:
            continue
        if record.state == "status" or not record.reached("checked"):
            return None
        return folder
    return None
