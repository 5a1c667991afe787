"""The README's Layout table names every module of the tool, in the row of its folder."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "autofill"


def layout_rows() -> dict[str, str]:
    """Folder (as the table writes it, e.g. `src/autofill/flow/`) → the row's text."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, str] = {}
    for line in section.splitlines():
        found = re.match(r"\| `([^`]+)`( \(top level\))? \|(.*)\|$", line)
        if found:
            rows[found.group(1)] = found.group(3)
    return rows


def test_the_layout_table_names_every_module_in_its_folders_row() -> None:
    rows = layout_rows()
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name in ("__init__.py", "__main__.py") or "__pycache__" in path.parts:
            continue
        folder = path.parent.relative_to(ROOT).as_posix() + "/"
        row = rows.get(folder)
        if row is None or f"`{path.name}`" not in row:
            missing.append(f"{path.relative_to(ROOT)} (row {folder!r})")
    assert missing == [], "the README's Layout table does not name: " + ", ".join(missing)


def test_every_row_of_the_table_is_a_folder_that_exists() -> None:
    for folder in layout_rows():
        assert (ROOT / folder).exists(), f"the Layout table names {folder}, which is not there"
