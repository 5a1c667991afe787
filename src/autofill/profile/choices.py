"""The enumerations as pydantic input types: the English code, the Chinese name or an alias."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from autofill.profile.names import (
    ALIASES,
    CHINESE_NAMES,
    LEVEL_NAMES,
    Category,
    CertificateKind,
    Hukou,
    Level,
    PolicyName,
    Route,
    Scheme,
)

E = TypeVar("E", bound=StrEnum)


def _expected(enum: type[StrEnum]) -> str:
    return ", ".join(f"{m.value}（{CHINESE_NAMES[m]}）" for m in enum)


def _choice(enum: type[E]) -> Callable[[object], object]:
    lookup: dict[str, E] = {}
    for member in enum:
        lookup[member.value] = member
        lookup[CHINESE_NAMES[member]] = member
        for alias in ALIASES.get(member, ()):
            lookup[alias] = member

    def parse(value: object) -> object:
        if isinstance(value, enum):
            return value
        if isinstance(value, str) and value.strip() in lookup:
            return lookup[value.strip()]
        if isinstance(value, str) and value.strip().lower() in lookup:
            return lookup[value.strip().lower()]
        raise PydanticCustomError("choice", "expected {expected}", {"expected": _expected(enum)})

    return parse


def _enum_type(enum: type[E], key: str) -> Any:
    schema = {
        "anyOf": [
            {"enum": [m.value for m in enum], "description": "English code"},
            {"enum": [CHINESE_NAMES[m] for m in enum], "description": "中文名称"},
        ],
    }
    return Annotated[enum, BeforeValidator(_choice(enum)), WithJsonSchema(schema)]


def _parse_level(value: object) -> Level:
    if isinstance(value, bool):
        raise PydanticCustomError("level", "not a level")
    if isinstance(value, int) and 1 <= value <= 5:
        return Level(value)
    if isinstance(value, str) and value.strip() in LEVEL_NAMES:
        return LEVEL_NAMES[value.strip()]
    raise PydanticCustomError("level", "not a level")


if TYPE_CHECKING:
    PolicyValue = PolicyName
    HukouValue = Hukou
    CategoryValue = Category
    SchemeValue = Scheme
    KindValue = CertificateKind
    RouteValue = Route
else:
    PolicyValue = _enum_type(PolicyName, "policy")
    HukouValue = _enum_type(Hukou, "applicant.hukou")
    CategoryValue = _enum_type(Category, "applicant.category")
    SchemeValue = _enum_type(Scheme, "social_insurance.scheme")
    KindValue = _enum_type(CertificateKind, "certificate.kind")
    RouteValue = _enum_type(Route, "certificate.route")

LevelValue = Annotated[
    Level,
    BeforeValidator(_parse_level),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": 5},
                {"enum": sorted(LEVEL_NAMES, key=lambda n: (LEVEL_NAMES[n], n))},
            ],
            "description": "1–5（3 = 三级/高级工），或等级名称",
        }
    ),
]
