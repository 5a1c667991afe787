"""The one message catalogue: our own messages and pydantic's error types, in Chinese and English.

The texts are data, one file per language beside this module (`zh.json`, `en.json`: key →
template, `str.format` names; a name not given is left as written). A file is read the first
time a message of its language is asked for, so that `autofill --help` reads only the one it
shows.

Every validation error reads as: the dotted path of the field, what is wrong, what would be
right. Our own checks raise `PydanticCustomError` whose type is a key of the catalogue;
pydantic's built-in error types (`missing`, `extra_forbidden`, `int_parsing` …) have entries
there too, so that no English-only pydantic text reaches a Chinese-speaking user.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
#: names the language where no `--lang` is given (and of `--help`, which is shown before one is read)
LANG_ENV = "AUTOFILL_LANG"

_HERE = Path(__file__).resolve().parent


def catalogue(lang: str) -> Mapping[str, str]:
    """Every message of `lang` (zh when not one of LANGS): key → template."""
    return _load(lang if lang in LANGS else DEFAULT_LANG)


@cache
def _load(lang: str) -> Mapping[str, str]:
    with (_HERE / f"{lang}.json").open(encoding="utf-8") as stream:
        data: dict[str, str] = json.load(stream)
    return data


def env_lang() -> str:
    """The language named by AUTOFILL_LANG, or zh when it is unset or not one we have."""
    value = os.environ.get(LANG_ENV, DEFAULT_LANG)
    return value if value in LANGS else DEFAULT_LANG


def has(key: str) -> bool:
    """Whether `key` is in the catalogue."""
    return key in catalogue(DEFAULT_LANG)


def t(key: str, lang: str = "zh", **params: object) -> str:
    """The message `key` in `lang` (zh when unknown), with `params` filled in."""
    template = catalogue(lang).get(key)
    if template is None:
        return key
    return _fill(template, params)


def _fill(template: str, params: Mapping[str, object]) -> str:
    class _Keep(dict[str, object]):
        def __missing__(self, name: str) -> str:
            return "{" + name + "}"

    try:
        return template.format_map(_Keep(params))
    except (ValueError, IndexError, AttributeError):
        return template


def error_path(loc: Sequence[int | str]) -> str:
    """A pydantic `loc` as the dotted path users see: `prior_claims[0].level`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


_INDEX = re.compile(r"\[\d+\]")


def hint(path: str, lang: str = "zh", **params: object) -> str:
    """What would be right at `path` (list indices ignored), or a generic pointer to the schema."""
    generic = _INDEX.sub("[]", path)
    if has(f"hint.{generic}"):
        return t(f"hint.{generic}", lang, **params)
    if generic.startswith("documents."):
        return t("hint.documents.item", lang, **params)
    return t("hint.generic", lang)


def translate_error(error: Mapping[str, Any], lang: str = "zh", **extra: object) -> dict[str, str]:
    """One pydantic error as `{path, message}` from the catalogue, in `lang`.

    Cross-field checks attach to the model they live on; their `ctx["field"]` names the key
    they are about, so the path points at that key (`applicant.employer`).
    """
    loc = list(error.get("loc", ()))
    ctx = dict(error.get("ctx") or {})
    if "field" in ctx:
        loc.append(str(ctx.pop("field")))
    path = error_path(loc)
    kind = str(error.get("type", ""))
    params: dict[str, object] = {"hint": hint(path, lang, **extra), **extra, **ctx}
    if has(kind) and not kind.startswith(("hint.", "rule.")):
        message = t(kind, lang, **params)
    else:
        message = t("pydantic_other", lang, detail=error.get("msg", kind), hint=params["hint"])
    return {"path": path, "message": message}
