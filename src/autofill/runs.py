"""Run folders: `runs/<YYYYMMDD-HHMMSS-last4>/`, private to the user, and their `run.json`.

`run.json` holds the state machine of one application (validated → checked → logged_in → filled
→ previewed → confirmed → submitted → status). It is written atomically (a temporary file, then
`os.replace`) after every step, so that a crash at any point loses nothing and the next
`run`/`submit` resumes from it.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from autofill.errors import BadInput
from autofill.masking import mask_text
from autofill.messages import t
from autofill.reading import RUN_RECORD_LIMIT, read_bounded

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


def _unusable(path: Path, reason: str, lang: str) -> BadInput:
    message = t("runs_dir.unusable", lang, path=path, reason=t(reason, lang))
    return BadInput(message, errors=[{"path": "--runs-dir", "message": message}])


def readable_runs_dir(path: Path, lang: str = "zh") -> Path:
    """`path` when it is a folder or not there yet (no runs); a file or the like is `BadInput`."""
    try:
        if os.path.exists(path) and not os.path.isdir(path):
            raise _unusable(path, "runs_dir.not_a_folder", lang)
    except OSError:
        raise _unusable(path, "runs_dir.not_a_folder", lang) from None
    return path


def usable_runs_dir(path: Path, lang: str = "zh") -> Path:
    """Creates the runs folder when needed and proves it writable by writing; else `BadInput`.

    Writability is tried, not read from the mode bits: root ignores them, a read-only mount
    does not. Nothing is ever written anywhere but inside `path`.
    """
    readable_runs_dir(path, lang)
    if not os.path.isdir(path):
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError:
            # a file somewhere above it, no permission, a read-only file system
            raise _unusable(path, "runs_dir.cannot_create", lang) from None
    try:
        with tempfile.TemporaryFile(dir=path, prefix=".autofill-probe-"):
            pass
        make_private_dir(path)
    except OSError:
        raise _unusable(path, "runs_dir.read_only", lang) from None
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
    last_error: dict[str, Any] | None = None

    def reached(self, state: str) -> bool:
        """Whether the run has got at least as far as `state`."""
        return STATES.index(self.state) >= STATES.index(state)


class DamagedRun(BadInput):
    """A `run.json` that is not a run record: reported and left as it is, never overwritten."""

    def __init__(self, path: Path, detail: str) -> None:
        message = t("runs.damaged", path=path, detail=detail)
        super().__init__(message, errors=[{"path": str(path), "message": detail}])
        self.path = path


_RECORD: TypeAdapter[RunRecord] = TypeAdapter(RunRecord)


def _record_from(data: Any, path: Path) -> RunRecord:
    """The record in parsed `run.json`, its types checked; anything else is `DamagedRun`."""
    if not isinstance(data, dict):
        raise DamagedRun(path, f"not an object but {type(data).__name__}")
    known = set(RunRecord.__dataclass_fields__)
    try:
        record = _RECORD.validate_python({k: v for k, v in data.items() if k in known})
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise DamagedRun(path, f"{where}: {first['msg']}") from None
    if record.state not in STATES:
        raise DamagedRun(path, f"state: unknown state {record.state!r}")
    return record


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
        """The run `run_id` under `runs_dir`; missing or damaged (`DamagedRun`) is `BadInput`."""
        path = runs_dir / run_id
        record_file = path / RUN_FILE
        if not os.path.lexists(record_file):
            raise BadInput(
                f"找不到运行记录 {run_id}（在 {runs_dir} 下）；用 autofill runs 列出已有的运行",
                errors=[{"path": "RUN_ID", "message": "not found"}],
            )
        raw = read_bounded(record_file, RUN_RECORD_LIMIT, "what.run_record")
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError) as exc:  # not JSON, not UTF-8, nested too deep
            raise DamagedRun(record_file, type(exc).__name__) from None
        return cls(path, _record_from(data, record_file))

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


def scan_runs(runs_dir: Path) -> tuple[list[RunFolder], list[BadInput]]:
    """Every readable run under the folder, newest first, and why each other run was skipped."""
    if not runs_dir.is_dir():
        return [], []
    found: list[RunFolder] = []
    skipped: list[BadInput] = []
    for path in sorted(runs_dir.iterdir(), reverse=True):
        if not os.path.lexists(path / RUN_FILE):
            continue
        try:
            found.append(RunFolder.open(runs_dir, path.name))
        except BadInput as exc:
            skipped.append(exc)
    return found, skipped


def list_runs(runs_dir: Path) -> list[RunFolder]:
    """Every readable run under the folder, newest first (damaged ones are left alone)."""
    return scan_runs(runs_dir)[0]


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
