"""Scenario files: finding them, loading and validating them, and turning them into a profile.

Every loader error names the file and the dotted path of the bad key, and all the errors of a
file are reported together, as for profiles.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from autofill.dates import today_shanghai
from autofill.errors import BadInput
from autofill.messages import has, t
from autofill.profile import parse_json
from autofill.reading import PROFILE_LIMIT, SCENARIO_LIMIT, read_text_bounded
from autofill.scenarios.model import Scenario, iso, resolve_dates

SCENARIO_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class ScenarioFile:
    """A validated scenario and where it came from."""

    path: Path
    scenario: Scenario

    @property
    def name(self) -> str:
        """The file's stem: the scenario's id in tables and in the test suite."""
        return self.path.stem

    def profile_path(self) -> Path:
        """The profile file, resolved against the scenario file's folder."""
        return (self.path.parent / self.scenario.profile.path).resolve()


def _dotted(loc: tuple[int | str, ...], lang: str = "zh") -> str:
    # pydantic adds the tag of a union member to the location; a reader knows only their keys
    parts = [str(p) for p in loc if not str(p).startswith("then:")]
    return ".".join(parts) or t("scenarios.root", lang)


def _pydantic_errors(path: Path, exc: ValidationError, lang: str = "zh") -> list[dict[str, str]]:
    errors: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for err in exc.errors():
        dotted = _dotted(tuple(err["loc"]), lang)
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = t("scenarios.unknown_key", lang)
        elif err["type"] == "missing":
            message = t("scenarios.missing", lang)
        if (dotted, message) in seen:
            continue
        seen.add((dotted, message))
        errors.append({"path": f"{path}: {dotted}", "message": message})
    return errors


def load_scenario(path: Path, *, lang: str = "zh") -> ScenarioFile:
    """Reads and validates one scenario file; BadInput names the file and each bad key."""
    text = read_text_bounded(path, SCENARIO_LIMIT, "what.scenario")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = (
            t("scenarios.yaml_where", lang, line=mark.line + 1, column=mark.column + 1)
            if mark is not None
            else ""
        )
        problem = getattr(exc, "problem", None) or str(exc)
        raise BadInput(
            t("scenarios.not_yaml", lang, path=path, where=where, problem=problem),
            errors=[{"path": f"{path}: {where}", "message": str(problem)}],
        ) from None
    if not isinstance(data, dict):
        raise BadInput(
            t("scenarios.not_a_mapping", lang, path=path),
            errors=[
                {
                    "path": f"{path}: {t('scenarios.root', lang)}",
                    "message": t("scenarios.not_a_mapping_short", lang),
                }
            ],
        )
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        errors = _pydantic_errors(path, exc, lang)
        raise BadInput(
            t("scenarios.file_errors", lang, path=path, count=len(errors)), errors=errors
        ) from None
    found = ScenarioFile(path=path, scenario=scenario)
    if not found.profile_path().is_file():
        raise BadInput(
            t("scenarios.profile_missing", lang, path=path, profile=found.profile_path()),
            errors=[
                {"path": f"{path}: profile.path", "message": t("scenarios.file_missing", lang)}
            ],
        )
    return found


def collect(paths: list[Path], *, lang: str = "zh") -> list[ScenarioFile]:
    """Every scenario of the given files and folders (folders: their *.yaml, sorted), validated.

    All files are read before anything runs, and the errors of every bad file are reported at once.
    """
    files: list[Path] = []
    for given in paths:
        if given.is_dir():
            files.extend(
                sorted(p for p in given.iterdir() if p.suffix in SCENARIO_SUFFIXES and p.is_file())
            )
        elif given.exists():
            # anything but a regular file (a FIFO, a device) is refused by its reader, by name
            files.append(given)
        else:
            raise BadInput(
                t("scenarios.not_found", lang, path=given),
                errors=[{"path": str(given), "message": t("scenarios.not_found_short", lang)}],
            )
    loaded: list[ScenarioFile] = []
    errors: list[dict[str, str]] = []
    for file in files:
        try:
            loaded.append(load_scenario(file, lang=lang))
        except BadInput as exc:
            errors.extend(exc.errors)
    if errors:
        raise BadInput(t("scenarios.errors", lang, count=len(errors)), errors=errors)
    if not loaded:
        raise BadInput(
            t("scenarios.none", lang),
            errors=[
                {"path": ", ".join(map(str, paths)), "message": t("scenarios.none_short", lang)}
            ],
        )
    return loaded


def set_dotted(
    data: dict[str, Any], dotted: str, value: Any, *, where: str, lang: str = "zh"
) -> None:
    """Sets `a.b.0.c` in nested dicts and lists; the last key may be new, the ones before may not."""
    parts = dotted.split(".")
    node: Any = data
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if isinstance(node, list):
            if not part.isdigit() or int(part) >= len(node):
                raise BadInput(
                    t(
                        "scenarios.no_item",
                        lang,
                        where=where,
                        dotted=dotted,
                        parent=".".join(parts[:i]),
                        part=part,
                    ),
                    errors=[
                        {
                            "path": f"{where}: {dotted}",
                            "message": t("scenarios.index_out_of_range", lang),
                        }
                    ],
                )
            if last:
                node[int(part)] = value
            else:
                node = node[int(part)]
        elif isinstance(node, dict):
            if last:
                node[part] = value
            elif part not in node or node[part] is None:
                node[part] = {}
                node = node[part]
            else:
                node = node[part]
        else:
            raise BadInput(
                t(
                    "scenarios.not_a_container",
                    lang,
                    where=where,
                    dotted=dotted,
                    parent=".".join(parts[:i]),
                ),
                errors=[
                    {"path": f"{where}: {dotted}", "message": t("scenarios.cannot_change", lang)}
                ],
            )


def apply_overrides(
    data: dict[str, Any], overrides: dict[str, Any], *, where: str, today: date | None = None
) -> dict[str, Any]:
    """A copy of `data` with each dotted-path override applied.

    Dates are written as ISO text; `today-12m-1d` and the like are resolved against `today`
    (Shanghai's today by default), so that a scenario about the deadline never goes stale.
    """
    day = today or today_shanghai()
    result = copy.deepcopy(data)
    for dotted, value in overrides.items():
        set_dotted(result, dotted, resolve_dates(iso(value), day), where=where)
    return result


def materialize_profile(found: ScenarioFile, dest: Path, today: date | None = None) -> Path:
    """Writes the scenario's profile (file + overrides) to `dest/profile.json` and returns it.

    Document paths are made absolute, so that the copy still finds the original's documents.
    """
    source = found.profile_path()
    where = f"{found.path}: profile.overrides"
    field = f"{found.path}: profile.path"
    text = read_text_bounded(source, PROFILE_LIMIT, "what.profile_json", field=field)
    data = parse_json(text, source)
    if not isinstance(data, dict):
        message = t("profile_not_object")
        raise BadInput(f"{field}：{message}", errors=[{"path": field, "message": message}])
    data = apply_overrides(data, found.scenario.profile.overrides, where=where, today=today)
    documents = data.get("documents")
    if isinstance(documents, dict):
        for item, value in documents.items():
            if isinstance(value, str) and value and not Path(value).is_absolute():
                documents[item] = str((source.parent / value).resolve())
    data.pop("$schema", None)
    dest.mkdir(parents=True, exist_ok=True)
    out = dest / "profile.json"
    out.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return out


def scenario_schema(lang: str = "zh") -> dict[str, Any]:
    """The JSON Schema of a scenario file (for editors and `autofill scenario schema`).

    Its title and descriptions are the catalogue's `scenario.schema.<Model>.<field>` entries in
    `lang`, so that an editor's tips read in the person's language."""
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = t("scenario.schema.title", lang)
    _describe(Scenario.__name__, schema, lang)
    for name, model in schema.get("$defs", {}).items():
        _describe(name, model, lang)
    return schema


def _describe(name: str, model: dict[str, Any], lang: str) -> None:
    if "description" in model and has(f"scenario.schema.{name}"):
        model["description"] = t(f"scenario.schema.{name}", lang)
    for field, spec in model.get("properties", {}).items():
        if has(f"scenario.schema.{name}.{field}"):
            spec["description"] = t(f"scenario.schema.{name}.{field}", lang)
