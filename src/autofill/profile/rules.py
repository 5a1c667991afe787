"""The profile's cross-field rules, used by the models and on raw data when a model cannot run."""

from __future__ import annotations

from pydantic_core import PydanticCustomError

from autofill.messages import t
from autofill.profile.names import CHINESE_NAMES, Category, CertificateKind, Level
from autofill.profile.numbers import SKILL_LEVEL_NUMBER, certificate_level_digit


def employer_error(category: Category, employer: object) -> PydanticCustomError | None:
    if category is Category.EMPLOYED and employer is None:
        return PydanticCustomError("employer_required", "employer", {"field": "employer"})
    return None


def certificate_number_error(
    kind: CertificateKind, number: str, level: Level
) -> PydanticCustomError | None:
    is_skill = bool(SKILL_LEVEL_NUMBER.fullmatch(number))
    if (kind is CertificateKind.SKILL_LEVEL) != is_skill:
        return PydanticCustomError(
            "certificate_number_kind",
            "kind",
            {
                "field": "number",
                "kind_name": CHINESE_NAMES[kind],
                "expected_format": t(f"format.{kind.value}"),
                "kind": kind.value,
            },
        )
    digit = certificate_level_digit(number)
    if digit != int(level):
        digit_name = CHINESE_NAMES[Level(digit)] if 1 <= digit <= 5 else "?"
        return PydanticCustomError(
            "certificate_number_level",
            "level digit",
            {
                "field": "number",
                "digit": digit,
                "digit_name": digit_name,
                "level": int(level),
                "level_name": CHINESE_NAMES[level],
            },
        )
    return None
