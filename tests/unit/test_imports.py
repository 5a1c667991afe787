"""The import arrows: every module imports alone, no import circle is hidden, the CLI stays light.

A circle between two of our modules shows only when one of them is imported first, before
anything else of ours: so each module of `autofill` and `mock_portal` is imported alone, with
none of ours in `sys.modules` (one fresh interpreter loops over them, emptying our part of
`sys.modules` before each; third-party libraries stay loaded, which keeps it fast). A
function-local import can hide a circle from that: so the arrows are also read from the source,
and a local import whose target imports (at module level, through any chain) the importing
module fails too. `__main__` modules are not imported: importing one runs its command.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = {"autofill": ROOT / "src" / "autofill", "mock_portal": ROOT / "mock_portal"}

#: imports each module named on the command line alone; prints {module: error} for failures
ALONE = """
import importlib, json, sys, traceback

ours = ("autofill", "mock_portal")
failed = {}
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m.split(".")[0] in ours]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except BaseException:
        failed[name] = traceback.format_exc(limit=-4)
print(json.dumps(failed))
"""


def module_names() -> dict[str, Path]:
    """Every module of both packages (packages by their `__init__`), by dotted name."""
    names: dict[str, Path] = {}
    for top, folder in PACKAGES.items():
        for path in sorted(folder.rglob("*.py")):
            parts = path.relative_to(folder).with_suffix("").parts
            if "__pycache__" in parts or parts[-1] == "__main__":
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            names[".".join((top, *parts))] = path
    return names


def test_every_module_imports_alone() -> None:
    names = sorted(module_names())
    assert "autofill.cli" in names and "mock_portal.app" in names
    done = subprocess.run(
        [sys.executable, "-c", ALONE, *names],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    failed = json.loads(done.stdout)
    assert failed == {}, "\n".join(f"{name}:\n{error}" for name, error in failed.items())


def _imports(tree: ast.Module, module: str, is_package: bool) -> tuple[set[str], set[str]]:
    """The modules `module` imports: at module level (outside `if TYPE_CHECKING:`), and inside
    functions. A module imported brings its parent packages (their `__init__`) with it."""
    top: set[str] = set()
    local: set[str] = set()

    def targets(node: ast.Import | ast.ImportFrom) -> set[str]:
        if isinstance(node, ast.Import):
            found = {alias.name for alias in node.names}
        else:
            base = node.module or ""
            if node.level:
                package = module if is_package else module.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}" if base else package
            found = {base} | {f"{base}.{alias.name}" for alias in node.names}
        with_parents = set()
        for name in found:
            parts = name.split(".")
            with_parents |= {".".join(parts[: i + 1]) for i in range(len(parts))}
        return with_parents

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                visit_list(child.orelse, in_function)
                continue
            if isinstance(child, ast.Import | ast.ImportFrom):
                (local if in_function else top).update(targets(child))
            inner = in_function or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            )
            visit(child, inner)

    def visit_list(nodes: list[ast.stmt], in_function: bool) -> None:
        for stmt in nodes:
            visit(ast.Module(body=[stmt], type_ignores=[]), in_function)

    visit(tree, False)
    return top, local


def test_no_function_local_import_hides_a_circle() -> None:
    names = module_names()
    top: dict[str, set[str]] = {}
    local: dict[str, set[str]] = {}
    for name, path in names.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        at_top, inside = _imports(tree, name, path.name == "__init__.py")
        top[name] = {m for m in at_top if m in names and m != name}
        local[name] = {m for m in inside if m in names and m != name}

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            current = todo.pop()
            if current == goal:
                return True
            if current not in seen:
                seen.add(current)
                todo.extend(top[current])
        return False

    def ancestor(package: str, name: str) -> bool:
        # a module's own packages are imported before it: importing one again hides nothing
        return name.startswith(package + ".")

    hidden = sorted(
        f"{name} imports {target} inside a function, and {target} imports {name}"
        for name, targets in local.items()
        for target in targets
        if not ancestor(target, name) and reaches(target, name)
    )
    assert hidden == [], "\n".join(hidden)


def test_importing_the_command_line_imports_nothing_of_the_mock_portal() -> None:
    probe = (
        "import json, sys; import autofill.cli; "
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'mock_portal')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_every_exception_class_lives_in_errors_py() -> None:
    # the tree of errors is drawn in one place; a class elsewhere would be missing from it
    outside = []
    for name, path in module_names().items():
        if not name.startswith("autofill.") or name == "autofill.errors":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(
                ast.unparse(base).split(".")[-1].endswith(("Error", "Exception", "Refused"))
                or ast.unparse(base) in ("BadInput", "AwaitingHuman", "NotEligible")
                for base in node.bases
            ):
                outside.append(f"{name}.{node.name}")
    assert outside == [], outside
