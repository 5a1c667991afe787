"""The scenario results as JUnit XML, the report format that CI systems read."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from autofill.masking import mask_text
from autofill.runs import write_private
from autofill.scenarios.runner import ScenarioResult

SUITE_NAME = "autofill scenarios"


def junit_xml(results: Sequence[ScenarioResult], wall_seconds: float) -> bytes:
    """One <testcase> per scenario; a missed expectation is a <failure> whose text lists the
    problems, a scenario that could not run an <error>."""
    failures = sum(1 for r in results if not r.passed and r.error is None)
    errors = sum(1 for r in results if not r.passed and r.error is not None)
    suite = ET.Element(
        "testsuite",
        name=SUITE_NAME,
        tests=str(len(results)),
        failures=str(failures),
        errors=str(errors),
        skipped="0",
        time=f"{wall_seconds:.3f}",
    )
    for r in results:
        case = ET.SubElement(
            suite, "testcase", classname="scenarios", name=r.name, time=f"{r.seconds:.3f}"
        )
        ET.SubElement(case, "system-out").text = mask_text(
            f"{r.title}\nexpected: {r.expected}\ngot: {r.got}"
        )
        if r.passed:
            continue
        text = mask_text("\n".join(r.problems) or r.got)
        if r.error is not None:
            node = ET.SubElement(case, "error", message=mask_text(r.error), type="ScenarioError")
        else:
            first = r.problems[0] if r.problems else f"expected {r.expected}, got {r.got}"
            node = ET.SubElement(case, "failure", message=mask_text(first), type="ScenarioMissed")
        node.text = text
    root = ET.Element("testsuites", name=SUITE_NAME)
    root.append(suite)
    ET.indent(root)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body + b"\n"


def write_junit(path: Path, results: Sequence[ScenarioResult], wall_seconds: float) -> None:
    """Writes the report atomically, so that a CI step never reads half a file."""
    write_private(path, junit_xml(results, wall_seconds))
