"""The applicant profile of `profile.md`: one concept per module, the public names re-exported.

    names     the enumerations, their Chinese names, the six document items (no pydantic)
    choices   the enumerations as input types: code, Chinese name or alias
    fields    plain text for the form, dates not in the future
    numbers   resident ID, bank card, credit code, certificate number, phone (python-stdnum)
    rules     the cross-field rules (employer when employed; certificate number vs kind, level)
    models    the pydantic models and the JSON Schema
    loading   strict JSON, validation, every error at once in the file's order
    ids       what an ID number tells: area, birth date, sex

The rest of the tool imports the public names from here.
"""

from __future__ import annotations

from autofill.errors import DuplicateKey
from autofill.profile.choices import (
    CategoryValue,
    HukouValue,
    KindValue,
    LevelValue,
    PolicyValue,
    RouteValue,
    SchemeValue,
)
from autofill.profile.fields import PastDate, PlainText
from autofill.profile.ids import birth_date, id_area_place, id_area_warning, is_male
from autofill.profile.loading import load_profile, parse_json, validate_profile
from autofill.profile.models import (
    Applicant,
    Bank,
    Certificate,
    Documents,
    Employer,
    PriorClaim,
    Profile,
    SocialInsurance,
    profile_schema,
)
from autofill.profile.names import (
    CHINESE_NAMES,
    DOCUMENT_ITEMS,
    Category,
    CertificateKind,
    Hukou,
    Level,
    PolicyName,
    Route,
    Scheme,
    display_name,
)
from autofill.profile.numbers import (
    QUALIFICATION_NUMBER,
    SKILL_LEVEL_NUMBER,
    SPECIAL_OPERATION_NUMBER,
    BankCardNumber,
    CertificateNumber,
    CreditCode,
    Phone,
    ResidentId,
    certificate_level_digit,
)
from autofill.profile.rules import certificate_number_error, employer_error

__all__ = [
    "CHINESE_NAMES",
    "DOCUMENT_ITEMS",
    "QUALIFICATION_NUMBER",
    "SKILL_LEVEL_NUMBER",
    "SPECIAL_OPERATION_NUMBER",
    "Applicant",
    "Bank",
    "BankCardNumber",
    "Category",
    "CategoryValue",
    "Certificate",
    "CertificateKind",
    "CertificateNumber",
    "CreditCode",
    "Documents",
    "DuplicateKey",
    "Employer",
    "Hukou",
    "HukouValue",
    "KindValue",
    "Level",
    "LevelValue",
    "PastDate",
    "Phone",
    "PlainText",
    "PolicyName",
    "PolicyValue",
    "PriorClaim",
    "Profile",
    "ResidentId",
    "Route",
    "RouteValue",
    "Scheme",
    "SchemeValue",
    "SocialInsurance",
    "birth_date",
    "certificate_level_digit",
    "certificate_number_error",
    "display_name",
    "employer_error",
    "id_area_place",
    "id_area_warning",
    "is_male",
    "load_profile",
    "parse_json",
    "profile_schema",
    "validate_profile",
]
