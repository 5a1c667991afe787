"""The command line starts at once: each command imports what it needs when it needs it.

Start-up time is measured in `benchmarks/startup.py`, never asserted here; what is held here is
its cause. Each check runs a fresh interpreter (this test process has imported everything
already) and reads that interpreter's `sys.modules` as it exits.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import typer

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "profile.json"

#: the browser, the mock portal and its server, and the libraries of one command each
HEAVY = ("playwright", "fastapi", "uvicorn", "mock_portal", "pypdf", "icalendar", "httpx", "jinja2")

#: runs the command line with ARGS, then writes the top-level packages it imported to OUT
WRAPPER = """
import atexit, json, sys
out, args = sys.argv[1], sys.argv[2:]

def record():
    with open(out, "w") as stream:
        json.dump(sorted({name.split(".")[0] for name in sys.modules}), stream)

atexit.register(record)
sys.argv = ["autofill", *args]
from autofill.cli import main
main()
"""


def imported_by(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """`autofill ARGS` in a fresh interpreter: its outcome and the packages it imported."""
    out = tmp_path / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(out), *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.exists(), done.stderr
    return done, set(json.loads(out.read_text()))


def test_importing_the_command_line_imports_no_browser_server_or_document_library() -> None:
    probe = (
        "import sys, json; import autofill.cli; "
        f"print(json.dumps([m for m in {list(HEAVY)!r} if m in sys.modules]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_help_imports_no_browser_server_or_profile_model(tmp_path: Path) -> None:
    done, modules = imported_by(tmp_path, "--help")
    assert done.returncode == 0, done.stderr
    assert "validate" in done.stdout and "batch" in done.stdout
    assert modules.isdisjoint(HEAVY), sorted(modules & set(HEAVY))
    # the profile model (pydantic, python-stdnum) is for the commands that read a profile
    assert modules.isdisjoint({"pydantic", "stdnum"})
    # typer prints the help itself; rich is imported by the commands that print tables
    assert "rich" not in modules


def test_validate_the_example_imports_no_browser_server_or_pdf_reader(tmp_path: Path) -> None:
    # the example's six documents are photos: no PDF to read, so no pypdf either
    done, modules = imported_by(tmp_path, "validate", str(EXAMPLE))
    assert done.returncode == 0, done.stderr
    assert "档案有效，材料齐全" in done.stdout
    assert modules.isdisjoint(HEAVY), sorted(modules & set(HEAVY))


@pytest.mark.parametrize("command", ["check", "schema"])
def test_check_and_schema_import_no_browser_server_or_document_library(
    tmp_path: Path, command: str
) -> None:
    args = [command]
    if command == "check":
        issued = date.fromisoformat(json.loads(EXAMPLE.read_text())["certificate"]["issue_date"])
        args += [str(EXAMPLE), "--on", (issued + timedelta(days=1)).isoformat(), "--json"]
    done, modules = imported_by(tmp_path, *args)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)  # the eligibility report / the schema was printed
    assert modules.isdisjoint({*HEAVY, "PIL"}), sorted(modules & {*HEAVY, "PIL"})


def _commands(group: typer.Typer) -> list[Callable[..., Any]]:
    infos: list[Any] = [*group.registered_commands, *group.registered_groups]
    if group.registered_callback is not None:
        infos.append(group.registered_callback)
    found = [info.callback for info in infos if inspect.isfunction(info.callback)]
    for sub in group.registered_groups:
        if sub.typer_instance is not None:
            found += _commands(sub.typer_instance)
    return found


def test_typer_reads_each_command_signature_without_evaluating_text() -> None:
    # a string annotation (`from __future__ import annotations`) is evaluated by typer each
    # time it reads a signature, for every command, before it parses an argument
    from autofill.cli import app

    commands = _commands(app)
    assert len(commands) > 15
    as_text = [
        f"{command.__module__}.{command.__qualname__}({name})"
        for command in commands
        for name, annotation in command.__annotations__.items()
        if isinstance(annotation, str)
    ]
    assert as_text == []
