"""Loading a profile: strict JSON, validation, and every error at once in the file's order."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from autofill.dates import today_shanghai
from autofill.errors import BadInput, DuplicateKey
from autofill.messages import t, translate_error
from autofill.profile.choices import CategoryValue, KindValue, LevelValue
from autofill.profile.models import SECTIONS, Profile, without_pydantic_plugins
from autofill.profile.names import DOCUMENT_ITEMS, Category, CertificateKind, Level
from autofill.profile.numbers import CertificateNumber
from autofill.profile.rules import certificate_number_error, employer_error
from autofill.reading import PROFILE_LIMIT, read_text_bounded


def _allowed_keys(loc: tuple[int | str, ...]) -> str:
    parent = ".".join("[]" if isinstance(p, int) else str(p) for p in loc[:-1]).replace(".[]", "[]")
    model = SECTIONS.get(parent)
    if model is None:
        return ""
    return ", ".join(f.alias or name for name, f in model.model_fields.items())


def _lenient(adapter: TypeAdapter[Any], value: object, context: Mapping[str, Any]) -> Any:
    try:
        return adapter.validate_python(value, context=dict(context))
    except ValidationError:
        return None


with without_pydantic_plugins():
    _CATEGORY: TypeAdapter[Category] = TypeAdapter(CategoryValue)
    _KIND: TypeAdapter[CertificateKind] = TypeAdapter(KindValue)
    _NUMBER: TypeAdapter[str] = TypeAdapter(CertificateNumber)
    _LEVEL: TypeAdapter[Level] = TypeAdapter(LevelValue)


def _cross_field_errors(
    data: Mapping[str, Any], context: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """Cross-field errors found on raw data, for models whose own validator could not run.

    pydantic runs a model's `after` validator only when all its fields are valid; a user with
    a bad ID number and a missing employer must still hear about both at once.
    """
    found: list[dict[str, Any]] = []
    applicant = data.get("applicant")
    if isinstance(applicant, Mapping):
        category = _lenient(_CATEGORY, applicant.get("category"), context)
        if category is not None:
            error = employer_error(category, applicant.get("employer"))
            if error is not None:
                found.append({"type": error.type, "loc": ("applicant",), "ctx": error.context})
    certificate = data.get("certificate")
    if isinstance(certificate, Mapping):
        kind = _lenient(_KIND, certificate.get("kind"), context)
        number = _lenient(_NUMBER, certificate.get("number"), context)
        level = _lenient(_LEVEL, certificate.get("level"), context)
        if kind is not None and number is not None and level is not None:
            error = certificate_number_error(kind, number, level)
            if error is not None:
                found.append({"type": error.type, "loc": ("certificate",), "ctx": error.context})
    return found


def _file_order(path: str) -> tuple[int, ...]:
    """Sorts errors in the order the keys appear in a profile, so that a reader goes top down."""
    order: list[int] = []
    prefix = ""
    for part in re.findall(r"\[\d+\]|[^.\[\]]+", path):
        if part.startswith("["):
            order.append(int(part[1:-1]))
            prefix += "[]"
            continue
        model = SECTIONS.get(prefix)
        names = [f.alias or n for n, f in model.model_fields.items()] if model else []
        order.append(names.index(part) if part in names else len(names))
        prefix = f"{prefix}.{part}" if prefix else part
    return tuple(order)


def _translate(error: Mapping[str, Any], lang: str) -> dict[str, str]:
    loc = tuple(error.get("loc", ()))
    extra: dict[str, object] = {}
    if error.get("type") == "extra_forbidden":
        extra["allowed"] = _allowed_keys(loc)
    if len(loc) == 2 and loc[0] == "documents" and str(loc[1]) in DOCUMENT_ITEMS:
        extra["label"] = DOCUMENT_ITEMS[str(loc[1])]
    return translate_error(error, lang, **extra)


def validate_profile(
    data: object, lang: str = "zh", base_dir: Path | None = None, today: date | None = None
) -> Profile:
    """A `Profile` from parsed JSON, or `BadInput` listing every error at once."""
    # "not in the future" is judged on Shanghai's date, as the portal judges it
    context: dict[str, Any] = {"today": today or today_shanghai()}
    if not isinstance(data, Mapping):
        message = t("profile_not_object", lang)
        raise BadInput(message, errors=[{"path": "", "message": message}])
    try:
        profile = Profile.model_validate(data, context=context)
    except ValidationError as exc:
        errors = [_translate(e, lang) for e in exc.errors(include_url=False)]
        for extra in _cross_field_errors(data, context):
            translated = _translate(extra, lang)
            if translated not in errors:
                errors.append(translated)
        errors.sort(key=lambda e: _file_order(e["path"]))
        raise BadInput(t("profile_invalid", lang, count=len(errors)), errors=errors) from None
    if base_dir is not None:
        profile.base_dir = base_dir
    return profile


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise DuplicateKey(key)
        found[key] = value
    return found


def parse_json(text: str, path: Path, lang: str = "zh") -> Any:
    """Parses a JSON document strictly: a repeated key, bad syntax or deep nesting is `BadInput`."""
    try:
        return json.loads(text, object_pairs_hook=_unique_keys)
    except DuplicateKey as exc:
        message = t("json_duplicate_key", lang, name=exc.key)
    except json.JSONDecodeError as exc:
        message = t("json_invalid", lang, line=exc.lineno, column=exc.colno, detail=exc.msg)
    except RecursionError:
        # nesting deeper than the parser's stack: no profile is nested more than four levels
        message = t("json_invalid", lang, line=1, column=1, detail="nested too deeply")
    raise BadInput(message, errors=[{"path": str(path), "message": message}])


def load_profile(path: Path, lang: str = "zh", today: date | None = None) -> Profile:
    """Reads and validates the profile at `path`; `BadInput` lists every error of the file."""
    path = Path(path)
    text = read_text_bounded(path, PROFILE_LIMIT, "what.profile", lang, encoding="utf-8-sig")
    data = parse_json(text, path, lang)
    return validate_profile(data, lang, base_dir=path.resolve().parent, today=today)
