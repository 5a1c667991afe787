"""Printing a benchmark's table and writing its JSON under benchmarks/results/."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from benchmarks.measure import machine

RESULTS = Path(__file__).parent / "results"


def table(title: str, rows: list[tuple[str, str, str]]) -> str:
    """A plain three-column table (what, measured, target) for a terminal or a README."""
    head = ("measure", "value", "target")
    widths = [max(_width(r[i]) for r in [head, *rows]) for i in range(3)]
    lines = [title, "  ".join(_pad(h, w) for h, w in zip(head, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(lines)


def _width(text: str) -> int:
    # CJK characters take two terminal columns
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def write(name: str, result: dict[str, Any], rows: list[tuple[str, str, str]]) -> Path:
    """Print the table to stdout, write `results/<name>.json` (with the machine's load) and return its path."""
    result = {"benchmark": name, "machine": machine(), **result}
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n")
    load = result["machine"]["load_avg"]
    sys.stdout.write(table(f"{name} (load {load[0]} {load[1]} {load[2]})", rows) + "\n")
    sys.stdout.write(f"→ {path}\n\n")
    sys.stdout.flush()
    return path
