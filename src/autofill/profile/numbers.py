"""Reusable number types: the resident ID, bank card, credit code, certificate number and phone.

Check characters are computed by python-stdnum. The resident ID deliberately uses only
`stdnum.cn.ric`'s check-character and birth-date parts: its full `validate` also holds the
area code against the birth year and so refuses real people whose number was assigned after
their district was created (310115 浦东新区 before 1993); see `autofill.profile.ids`.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BeforeValidator, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError
from stdnum import luhn
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from autofill.profile.fields import context_today


def _resident_id(value: object, info: ValidationInfo) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "must be text")
    number = re.sub(r"\s", "", value).upper()
    if len(number) != 18:
        raise PydanticCustomError("resident_id_length", "18 characters", {"length": len(number)})
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise PydanticCustomError("resident_id_format", "17 digits and a digit or X")
    try:
        birth = ric.get_birth_date(number)
    except InvalidComponent:
        raise PydanticCustomError("resident_id_birth_date", "bad birth date") from None
    if birth > context_today(info):
        raise PydanticCustomError(
            "resident_id_birth_future", "birth date in the future", {"birth": birth.isoformat()}
        )
    expected = ric.calc_check_digit(number)
    if number[-1] != expected:
        raise PydanticCustomError("resident_id_checksum", "check character", {"expected": expected})
    return number


ResidentId = Annotated[
    str,
    BeforeValidator(_resident_id),
    WithJsonSchema({"type": "string", "pattern": r"^\d{17}[\dXx]$", "minLength": 18}),
]


def _bank_card(value: object) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "must be text")
    digits = re.sub(r"[\s-]", "", value)
    if not re.fullmatch(r"\d{16,19}", digits):
        raise PydanticCustomError("bank_card_format", "16-19 digits", {"length": len(digits)})
    if not luhn.is_valid(digits):
        raise PydanticCustomError("bank_card_checksum", "Luhn")
    return digits


BankCardNumber = Annotated[
    str,
    BeforeValidator(_bank_card),
    WithJsonSchema({"type": "string", "pattern": r"^[\d ]{16,23}$"}),
]


def _credit_code(value: object) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "must be text")
    code = re.sub(r"\s", "", value).upper()
    try:
        return str(uscc.validate(code))
    except InvalidLength:
        raise PydanticCustomError("credit_code_length", "18", {"length": len(code)}) from None
    except InvalidChecksum:
        raise PydanticCustomError("credit_code_checksum", "check character") from None
    except (InvalidFormat, InvalidComponent):
        raise PydanticCustomError("credit_code_format", "characters") from None


CreditCode = Annotated[
    str,
    BeforeValidator(_credit_code),
    WithJsonSchema({"type": "string", "pattern": r"^[0-9A-HJ-NPQRTUWXY]{18}$"}),
]

SKILL_LEVEL_NUMBER = re.compile(r"[YS]\d{21}")
QUALIFICATION_NUMBER = re.compile(r"\d{16}")
# A 特种作业操作证 number is the holder's ID number, often prefixed with T.
SPECIAL_OPERATION_NUMBER = re.compile(r"T?\d{17}[\dX]")


def _certificate_number(value: object) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "must be text")
    number = re.sub(r"\s", "", value).upper()
    if SKILL_LEVEL_NUMBER.fullmatch(number) or QUALIFICATION_NUMBER.fullmatch(number):
        return number
    if re.fullmatch(r"\d{13}", number):
        # Some old Shanghai qualification numbers have 13 digits; the national register
        # looks them up with 000 in front.
        return "000" + number
    if SPECIAL_OPERATION_NUMBER.fullmatch(number):
        raise PydanticCustomError("certificate_number_special_operation", "special operation")
    raise PydanticCustomError("certificate_number_format", "format")


CertificateNumber = Annotated[
    str,
    BeforeValidator(_certificate_number),
    WithJsonSchema(
        {"type": "string", "pattern": r"^([YSys]\d{21}|\d{16}|\d{13})$", "maxLength": 22}
    ),
]


def certificate_level_digit(number: str) -> int:
    """The level digit of a certificate number (skill-level: the 16th character; qualification: the 11th)."""
    return int(number[15] if SKILL_LEVEL_NUMBER.fullmatch(number) else number[10])


def _phone(value: object) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("phone", "phone")
    phone = re.sub(r"[\s-]", "", value)
    if not re.fullmatch(r"1\d{10}", phone):
        raise PydanticCustomError("phone", "phone")
    return phone


Phone = Annotated[
    str, BeforeValidator(_phone), WithJsonSchema({"type": "string", "pattern": r"^1\d{10}$"})
]
