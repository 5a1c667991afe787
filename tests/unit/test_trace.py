"""The run's trace with its gaps: stretches joined into one zip, and a failed pause that stops all."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any, cast

from playwright.sync_api import BrowserContext

from autofill.browser.trace import Trace, join_chunks


def _chunk(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def test_stretches_are_joined_into_one_zip_the_viewer_reads_as_one_run(tmp_path: Path) -> None:
    before = _chunk(
        tmp_path / ".trace.zip.0",
        {"trace.trace": b"before", "trace.network": b"n0", "resources/aa": b"shared"},
    )
    after = _chunk(
        tmp_path / ".trace.zip.1",
        {"trace.trace": b"after", "trace.network": b"n1", "resources/aa": b"shared"},
    )
    join_chunks([before, after], tmp_path / "trace.zip")
    with zipfile.ZipFile(tmp_path / "trace.zip") as archive:
        assert sorted(archive.namelist()) == [
            "resources/aa",
            "trace-0.network",
            "trace-0.trace",
            "trace.network",
            "trace.trace",
        ]
        assert archive.read("trace-0.trace") == b"before"
        assert archive.read("trace.trace") == b"after"
    assert (tmp_path / "trace.zip").stat().st_mode & 0o777 == 0o600
    assert not after.exists()


class _Tracing:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def start(self, **options: Any) -> None:
        self.calls.append("start")

    def stop(self, path: str | None = None) -> None:
        self.calls.append(f"stop {bool(path)}")
        if path:
            raise OSError("disk full")


class _Context:
    def __init__(self) -> None:
        self.tracing = _Tracing()


def test_a_pause_that_cannot_save_drops_the_recording_and_never_fails_the_login(
    tmp_path: Path,
) -> None:
    context = _Context()
    trace = Trace(cast(BrowserContext, context), tmp_path / "trace.zip")
    trace.start()
    trace.pause()  # the login would start here: it must not raise, nor record
    trace.resume()
    trace.save()
    # stopped (the save failed), then dropped; never started again
    assert context.tracing.calls == ["start", "stop True", "stop False"]
    assert not (tmp_path / "trace.zip").exists()
