"""Run folders: `runs/<YYYYMMDD-HHMMSS-last4>/`, private to the user, and their `run.json`.

`run.json` holds the state machine of one application (validated → checked → logged_in → filled
→ previewed → confirmed → submitted → status). It is written atomically (a temporary file, then
`os.replace`) after every step, so that a crash at any point loses nothing and the next
`run`/`submit` resumes from it.

One process at a time works on a run folder: `run_folder_lock()` (the one place that knows how
a run folder is locked; `RunFolder.hold()` and `autofill runs purge` use it) takes an exclusive
`flock` on `.lock` inside it, which the kernel drops when the process ends however it ends
(SIGKILL included), so a crash never leaves a run locked. `hold()` writes its pid and command
into the file, so that a second process can say who holds the run.
"""

from __future__ import annotations

import fcntl
import json
import os
import shlex
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from autofill.atomic import write_atomic
from autofill.dates import now_shanghai
from autofill.errors import BadInput, DamagedRun, RunBusy
from autofill.masking import KEPT_KEYS, mask_data, mask_text
from autofill.messages import t
from autofill.reading import RUN_RECORD_LIMIT, read_bounded

if TYPE_CHECKING:
    from pydantic import TypeAdapter

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
#: the run folder's lock: held with flock by the one process working on the run
LOCK_FILE = ".lock"
#: the embedded mock portal's database and uploads, beside the runs (rehearsals only)
PORTAL_FOLDER = ".portal"
DIR_MODE = 0o700
FILE_MODE = 0o600
#: what run.json keeps as written: identifiers, and the paths and addresses a resume opens
RECORD_KEPT_KEYS = KEPT_KEYS | {"profile", "portal_url", "form_url", "preview_url"}


def default_runs_dir() -> Path:
    return Path(os.environ.get("AUTOFILL_RUNS_DIR") or "runs")


def now_iso() -> str:
    """The current moment in Shanghai time, with its offset (2026-11-30T14:16:10+08:00)."""
    return now_shanghai().isoformat(timespec="seconds")


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
    write_atomic(path, data, FILE_MODE)


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


@cache
def _record_type() -> TypeAdapter[RunRecord]:
    # pydantic is imported when a record is read, not when the command line starts
    from pydantic import TypeAdapter

    return TypeAdapter(RunRecord)


def _record_from(data: Any, path: Path) -> RunRecord:
    """The record in parsed `run.json`, its types checked; anything else is `DamagedRun`."""
    if not isinstance(data, dict):
        raise DamagedRun(path, f"not an object but {type(data).__name__}")
    from pydantic import ValidationError

    known = set(RunRecord.__dataclass_fields__)
    try:
        record = _record_type().validate_python({k: v for k, v in data.items() if k in known})
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
        stamp = now_shanghai().strftime("%Y%m%d-%H%M%S")  # Shanghai's date, as the portal's
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
    def open(cls, runs_dir: Path, run_id: str, *, lang: str = "zh") -> RunFolder:
        """The run `run_id` under `runs_dir`; missing or damaged (`DamagedRun`) is `BadInput`."""
        path = runs_dir / run_id
        if not os.path.lexists(path / RUN_FILE):
            raise BadInput(
                t("runs.not_found", lang, run_id=run_id, runs_dir=runs_dir),
                errors=[{"path": "RUN_ID", "message": "not found"}],
            )
        return cls(path, _read_record(path))

    @contextmanager
    def hold(self, lang: str = "zh") -> Iterator[RunFolder]:
        """Works on the run alone: RunBusy (exit 2) at once when another process holds it.

        The lock is `run_folder_lock`, released when this block ends or the process dies. The
        holder signs the lock file with its pid and command while it holds the run. Once held,
        the record is read again: the last holder may have moved the run on since it was listed.
        """
        with run_folder_lock(self.path, lang, run_id=self.run_id) as fd:
            assert fd is not None  # missing_ok is False: an unopenable lock file raised
            holder = {"pid": os.getpid(), "command": command_line(), "since": now_iso()}
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps(holder, ensure_ascii=False).encode("utf-8"), 0)
            try:
                self.record = _read_record(self.path)
                yield self
            finally:
                # the file stays: removing it would let a waiting process lock a dead inode
                # while a third locks a new file of the same name
                os.ftruncate(fd, 0)

    def save(self) -> None:
        """Writes run.json, every text in it masked (an error may quote the portal)."""
        self.record.updated_at = now_iso()
        write_json(self.file(RUN_FILE), mask_data(asdict(self.record), RECORD_KEPT_KEYS))

    def advance(self, state: str) -> None:
        """Records that the run reached `state` and saves run.json at once."""
        if STATES.index(state) > STATES.index(self.record.state):
            self.record.state = state
        self.record.steps[state] = now_iso()
        self.save()

    def log(self, event: str, **data: Any) -> None:
        """Appends one masked event to log.jsonl."""
        event_data = json.loads(json.dumps({"at": now_iso(), "event": event, **data}, default=str))
        line = json.dumps(mask_data(event_data), ensure_ascii=False)
        fd = os.open(self.file(LOG_FILE), os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")


# ---- the run folder's lock: the one place that knows how a run folder is locked -------------


@contextmanager
def run_folder_lock(
    folder: Path,
    lang: str = "zh",
    *,
    run_id: str | None = None,
    create: bool = True,
    missing_ok: bool = False,
) -> Iterator[int | None]:
    """Holds the run folder's lock for the block: an exclusive `flock` on its `.lock` file.

    Never waits: RunBusy (exit 2) at once when another process holds it, naming the holder as
    its lock file says. Yields the lock file's descriptor (the holder may sign the file). The
    kernel drops the lock with the last descriptor, so a process that dies never leaves the
    folder locked. A link in place of `.lock` is never followed. With `missing_ok`, a lock file
    that cannot be opened (none there and `create` false, a link, no permission) means there is
    nothing to hold: the block runs without the lock and the descriptor is None.
    """
    flags = os.O_RDWR | os.O_NOFOLLOW | (os.O_CREAT if create else 0)
    try:
        fd = os.open(folder / LOCK_FILE, flags, FILE_MODE)
    except OSError:
        if not missing_ok:
            raise
        yield None
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise _busy(fd, run_id or folder.name, lang) from None
        yield fd
    finally:
        os.close(fd)


def run_folder_held(folder: Path) -> bool:
    """Whether another process holds the run folder's lock (no lock file: nobody does)."""
    try:
        with run_folder_lock(folder, create=False, missing_ok=True):
            return False
    except RunBusy:
        return True


def _busy(fd: int, run_id: str, lang: str) -> RunBusy:
    """The refusal, naming the holder as its lock file says (it may not have written yet)."""
    try:
        holder = json.loads(os.pread(fd, 4096, 0).decode("utf-8"))
        if not isinstance(holder, dict):
            holder = {}
    except (OSError, ValueError):
        holder = {}
    unknown = t("run.busy_unknown", lang)
    pid = holder.get("pid") or unknown
    message = t(
        "run.busy",
        lang,
        run_id=run_id,
        pid=pid,
        command=holder.get("command") or unknown,
        since=holder.get("since") or unknown,
    )
    return RunBusy(message, errors=[{"path": "RUN_ID", "message": f"locked by pid {pid}"}])


def _read_record(path: Path) -> RunRecord:
    """The run's record, read within bounds and its types checked; else `DamagedRun`."""
    record_file = path / RUN_FILE
    raw = read_bounded(record_file, RUN_RECORD_LIMIT, "what.run_record")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:  # not JSON, not UTF-8, nested too deep
        raise DamagedRun(record_file, type(exc).__name__) from None
    return _record_from(data, record_file)


def command_line() -> str:
    """This process's command as a person typed it (`autofill submit …`), numbers masked."""
    program = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
    if program == "__main__.py":  # python -m autofill
        program = Path(sys.argv[0]).parent.name
    return mask_text(shlex.join([program, *sys.argv[1:]]))[:300]


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
