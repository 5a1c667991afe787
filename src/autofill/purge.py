"""`autofill runs purge`: removing run folders and the rehearsal portal's data, and nothing else.

Everything removed lies inside the runs folder. A run named on the command line must be a plain
folder name there (no `/`, no `..`, not hidden); a symbolic link is never followed for deletion:
a link in place of a run or of `.portal` is refused, and links inside a folder are removed as
links (`shutil.rmtree` does not follow them). A run another process is working on (it holds the
run folder's lock) is left alone, and so is the rehearsal portal while any run is in progress.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from autofill.errors import BadInput, RunBusy
from autofill.kept_sessions import SESSIONS_DIR
from autofill.messages import t
from autofill.runs import PORTAL_FOLDER, RUN_FILE, RunFolder, run_folder_held, run_folder_lock

# purge takes the run folder's own lock (runs.run_folder_lock) while it removes the folder, so
# that no run starts in it; it does so without RunFolder.hold(), which needs a readable run.json

#: what a RUN_ID may look like: one plain, visible folder name
_PLAIN_NAME = re.compile(r"[^/\\\x00]+")


@dataclass(frozen=True)
class Target:
    """One thing to remove: a run folder, or the rehearsal portal's data folder."""

    kind: str  # "run" | "portal" | "sessions"
    path: Path
    size: int
    run_id: str | None = None
    updated_at: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "run_id": self.run_id,
            "path": str(self.path),
            "updated_at": self.updated_at,
            "bytes": self.size,
        }


@dataclass
class Plan:
    """What a purge would remove, and what it leaves and why."""

    runs_dir: Path
    targets: list[Target] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)

    @property
    def size(self) -> int:
        return sum(target.size for target in self.targets)


def plan_purge(
    runs_dir: Path,
    run_ids: list[str],
    older_than_days: int | None,
    portal: bool,
    lang: str = "zh",
    now: datetime | None = None,
    sessions: bool = False,
) -> Plan:
    """What to remove; raises BadInput for a run that cannot be removed as asked."""
    if not run_ids and older_than_days is None and not portal and not sessions:
        raise BadInput(
            t("purge.nothing_asked", lang),
            errors=[{"path": "RUN_ID", "message": "missing"}],
        )
    plan = Plan(runs_dir)
    chosen: dict[Path, Target] = {}
    for run_id in run_ids:
        target = _named_run(runs_dir, run_id, lang)
        chosen[target.path] = target
    if older_than_days is not None:
        limit = (now or datetime.now(UTC)) - timedelta(days=older_than_days)
        for path in _entries(runs_dir):
            if path.name.startswith("."):
                continue
            if path.is_symlink():
                plan.skipped.append(_skip(path, t("purge.skip_link", lang)))
                continue
            if path in chosen or not (path / RUN_FILE).is_file():
                continue
            target = _run_target(path)
            if _last_change(path, target) >= limit:
                continue
            if run_folder_held(path):
                plan.skipped.append(_skip(path, t("purge.skip_in_use", lang)))
                continue
            chosen[path] = target
    plan.targets = sorted(chosen.values(), key=lambda target: target.path.name)
    if portal:
        _plan_portal(plan, lang)
    if sessions:
        _plan_sessions(plan, lang)
    return plan


def _named_run(runs_dir: Path, run_id: str, lang: str) -> Target:
    def refuse(key: str, why: str) -> BadInput:
        message = t(key, lang, run_id=run_id, runs_dir=runs_dir)
        return BadInput(message, errors=[{"path": "RUN_ID", "message": why}])

    if not _PLAIN_NAME.fullmatch(run_id) or run_id.startswith("."):
        raise refuse("purge.not_a_name", "not a folder name in the runs folder")
    path = runs_dir / run_id
    if path.is_symlink():
        raise refuse("purge.link", "a symbolic link: not followed")
    if not (path / RUN_FILE).is_file() or path.resolve().parent != runs_dir.resolve():
        raise refuse("purge.not_found", "not found")
    if run_folder_held(path):
        raise refuse("purge.in_use", "in use by another process")
    return _run_target(path)


def _plan_portal(plan: Plan, lang: str) -> None:
    path = plan.runs_dir / PORTAL_FOLDER
    if path.is_symlink():
        raise BadInput(
            t("purge.portal_link", lang, path=path),
            errors=[{"path": "--portal", "message": "a symbolic link: not followed"}],
        )
    if not path.is_dir():
        return
    # the embedded portal runs while a run works: its database is open then
    busy = [p.name for p in _entries(plan.runs_dir) if _is_run(p) and run_folder_held(p)]
    if busy:
        plan.skipped.append(_skip(path, t("purge.portal_in_use", lang, runs="、".join(busy))))
        return
    plan.targets.append(Target(kind="portal", path=path, size=_size(path)))


def _plan_sessions(plan: Plan, lang: str) -> None:
    """The kept logins (`autofill login`, and every login of a run against a real portal)."""
    path = plan.runs_dir / SESSIONS_DIR
    if path.is_symlink():
        raise BadInput(
            t("purge.sessions_link", lang, path=path),
            errors=[{"path": "--sessions", "message": "a symbolic link: not followed"}],
        )
    if path.is_dir():
        plan.targets.append(Target(kind="sessions", path=path, size=_size(path)))


def carry_out(plan: Plan, lang: str = "zh") -> list[Target]:
    """Removes the plan's targets; a run that another process took meanwhile is skipped."""
    removed = []
    for target in plan.targets:
        try:
            if target.kind == "run":
                # held while removed, so that no run starts in it meanwhile
                with run_folder_lock(target.path, lang, missing_ok=True):
                    shutil.rmtree(target.path)
            else:
                shutil.rmtree(target.path)
        except RunBusy:
            plan.skipped.append(_skip(target.path, t("purge.skip_in_use", lang)))
            continue
        removed.append(target)
    return removed


# ---- helpers --------------------------------------------------------------------------------


def _entries(runs_dir: Path) -> list[Path]:
    try:
        return sorted(runs_dir.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []


def _is_run(path: Path) -> bool:
    return not path.is_symlink() and (path / RUN_FILE).is_file()


def _run_target(path: Path) -> Target:
    try:
        updated = RunFolder.open(path.parent, path.name).record.updated_at
    except (BadInput, ValueError, TypeError):
        updated = None
    return Target(kind="run", path=path, size=_size(path), run_id=path.name, updated_at=updated)


def _last_change(path: Path, target: Target) -> datetime:
    """When the run last recorded a step: run.json's `updated_at`, else its file's time."""
    if target.updated_at:
        with contextlib.suppress(ValueError):
            moment = datetime.fromisoformat(target.updated_at)
            if moment.tzinfo is not None:
                return moment
    return datetime.fromtimestamp((path / RUN_FILE).stat().st_mtime, UTC)


def _size(path: Path) -> int:
    """Bytes of the files under a folder, links not followed."""
    total = 0
    for top, _dirs, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(top, name)).st_size
    return total


def _skip(path: Path, reason: str) -> dict[str, str]:
    return {"path": str(path), "reason": reason}
