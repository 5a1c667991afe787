"""The applicant profile: pydantic models of `profile.md`, its reusable number types, and loading.

Check characters are computed by python-stdnum. The resident ID deliberately uses only
`stdnum.cn.ric`'s check-character and birth-date parts: its full `validate` also holds the
area code against the birth year and so refuses real people whose number was assigned after
their district was created (310115 浦东新区 before 1993). An unknown area code is at most a
warning (`id_area_warning`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from datetime import date
from enum import IntEnum, StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError
from stdnum import luhn, numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from autofill.dates import today_shanghai
from autofill.errors import BadInput
from autofill.messages import hint, t, translate_error
from autofill.reading import PROFILE_LIMIT, read_text_bounded

# ---- enumerations: English codes, Chinese names accepted on input ------------------------


class PolicyName(StrEnum):
    SHANGHAI = "shanghai"
    NATIONAL = "national"


class Hukou(StrEnum):
    SHANGHAI = "shanghai"
    OTHER = "other"


class Category(StrEnum):
    EMPLOYED = "employed"
    FLEXIBLE = "flexible"
    UNEMPLOYED = "unemployed"


class Scheme(StrEnum):
    EMPLOYEE = "employee"
    RESIDENT = "resident"


class CertificateKind(StrEnum):
    SKILL_LEVEL = "skill_level"
    QUALIFICATION = "qualification"


class Route(StrEnum):
    ASSESSMENT = "assessment"
    EMPLOYER_RECOGNITION = "employer_recognition"
    COMPETITION = "competition"
    COMMENDATION = "commendation"


class Level(IntEnum):
    """A skill level; 1 is the highest (一级/高级技师), 5 the lowest (五级/初级工)."""

    ONE = 1
    TWO = 2
    THREE = 3
    FOUR = 4
    FIVE = 5


CHINESE_NAMES: dict[object, str] = {
    PolicyName.SHANGHAI: "上海市职业技能提升补贴",
    PolicyName.NATIONAL: "失业保险技能提升补贴",
    Hukou.SHANGHAI: "本市",
    Hukou.OTHER: "外省市",
    Category.EMPLOYED: "在职",
    Category.FLEXIBLE: "灵活就业",
    Category.UNEMPLOYED: "失业",
    Scheme.EMPLOYEE: "城镇职工",
    Scheme.RESIDENT: "城乡居民",
    CertificateKind.SKILL_LEVEL: "职业技能等级证书",
    CertificateKind.QUALIFICATION: "职业资格证书",
    Route.ASSESSMENT: "认定考核",
    Route.EMPLOYER_RECOGNITION: "企业直接认定",
    Route.COMPETITION: "竞赛晋升",
    Route.COMMENDATION: "表彰",
    Level.FIVE: "五级/初级工",
    Level.FOUR: "四级/中级工",
    Level.THREE: "三级/高级工",
    Level.TWO: "二级/技师",
    Level.ONE: "一级/高级技师",
}

# Names people also write for an enumeration value, beside the Chinese name above.
_ALIASES: dict[object, tuple[str, ...]] = {
    PolicyName.SHANGHAI: ("上海",),
    PolicyName.NATIONAL: ("全国", "失业保险"),
    Hukou.SHANGHAI: ("上海", "本市户籍"),
    Hukou.OTHER: ("外地", "非本市", "外省市户籍"),
    Category.UNEMPLOYED: ("失业/无业", "无业"),
    Scheme.EMPLOYEE: ("城镇职工社会保险", "职工"),
    Scheme.RESIDENT: ("城乡居民社会保险", "居民"),
    Route.ASSESSMENT: ("认定", "考核", "社会评价"),
}

_LEVEL_NAMES: dict[str, Level] = {}
for _level in Level:
    _full = CHINESE_NAMES[_level]
    _grade, _title = _full.split("/")
    for _name in (_full, _grade, _title, str(int(_level)), f"{int(_level)}级"):
        _LEVEL_NAMES[_name] = _level


def display_name(member: object) -> str:
    """The Chinese name shown to people for an enumeration member: "在职", "三级/高级工" …"""
    if isinstance(member, int) and not isinstance(member, Level) and 1 <= member <= 5:
        member = Level(member)
    return CHINESE_NAMES.get(member, str(member))


E = TypeVar("E", bound=StrEnum)


def _expected(enum: type[StrEnum]) -> str:
    return ", ".join(f"{m.value}（{CHINESE_NAMES[m]}）" for m in enum)


def _choice(enum: type[E]) -> Callable[[object], object]:
    lookup: dict[str, E] = {}
    for member in enum:
        lookup[member.value] = member
        lookup[CHINESE_NAMES[member]] = member
        for alias in _ALIASES.get(member, ()):
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
    if isinstance(value, str) and value.strip() in _LEVEL_NAMES:
        return _LEVEL_NAMES[value.strip()]
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
                {"enum": sorted(_LEVEL_NAMES, key=lambda n: (_LEVEL_NAMES[n], n))},
            ],
            "description": "1–5（3 = 三级/高级工），或等级名称",
        }
    ),
]

# ---- reusable number types ---------------------------------------------------------------


def _today(info: ValidationInfo | None) -> date:
    context = info.context if info is not None else None
    today = context.get("today") if isinstance(context, Mapping) else None
    return today if isinstance(today, date) else today_shanghai()


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
    if birth > _today(info):
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


def _not_future(value: date, info: ValidationInfo) -> date:
    today = _today(info)
    if value > today:
        raise PydanticCustomError(
            "date_in_future",
            "in the future",
            {"date": value.isoformat(), "today": today.isoformat()},
        )
    return value


PastDate = Annotated[date, AfterValidator(_not_future)]


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

# ---- cross-field rules (used by the models, and on raw data when a model cannot run) -----


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


#: characters no name, employer, occupation or bank needs: C0 and C1 controls (newline, NUL,
#: ESC…), line separators, and the marks and overrides that reorder text on screen
_CONTROL_CHARS = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def _plain_text(value: str) -> str:
    found = sorted(set(_CONTROL_CHARS.findall(value)))
    if found:
        raise PydanticCustomError(
            "control_chars",
            "contains control characters {chars}",
            {"chars": ", ".join(f"U+{ord(c):04X}" for c in found)},
        )
    return value


#: text typed into the portal's form as it stands
PlainText = Annotated[str, AfterValidator(_plain_text)]


# ---- the models --------------------------------------------------------------------------


def _f(path: str, title: str, **kwargs: Any) -> Any:
    return Field(title=title, description=hint(path), **kwargs)


_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Employer(BaseModel):
    model_config = ConfigDict(**_STRICT, title="工作单位")
    name: PlainText = _f("applicant.employer.name", "单位名称", min_length=2, max_length=100)
    credit_code: CreditCode | None = _f(
        "applicant.employer.credit_code", "统一社会信用代码", default=None
    )


class Applicant(BaseModel):
    model_config = ConfigDict(**_STRICT, title="申请人")
    name: PlainText = _f("applicant.name", "姓名", min_length=2, max_length=20)
    id_number: ResidentId = _f("applicant.id_number", "身份证号码")
    phone: Phone = _f("applicant.phone", "手机号码")
    hukou: HukouValue = _f("applicant.hukou", "户籍")
    category: CategoryValue = _f("applicant.category", "就业状态")
    employer: Employer | None = _f("applicant.employer", "工作单位", default=None)
    establishment_staff: bool = _f(
        "applicant.establishment_staff", "机关事业单位在编人员", default=False
    )

    @model_validator(mode="after")
    def _employer_when_employed(self) -> Applicant:
        error = employer_error(self.category, self.employer)
        if error is not None:
            raise error
        return self


class SocialInsurance(BaseModel):
    model_config = ConfigDict(**_STRICT, title="社会保险")
    scheme: SchemeValue = _f("social_insurance.scheme", "参保类型")
    paying: bool = _f("social_insurance.paying", "正常缴费")
    unemployment_insurance_months: int = _f(
        "social_insurance.unemployment_insurance_months", "失业保险缴费月数", ge=0, le=600
    )


class Certificate(BaseModel):
    model_config = ConfigDict(**_STRICT, title="证书")
    kind: KindValue = _f("certificate.kind", "证书类型")
    number: CertificateNumber = _f("certificate.number", "证书编号")
    occupation: PlainText = _f(
        "certificate.occupation", "职业（工种）", min_length=1, max_length=50
    )
    level: LevelValue = _f("certificate.level", "等级")
    issue_date: PastDate = _f("certificate.issue_date", "发证日期")
    issuer: PlainText = _f("certificate.issuer", "发证机构", min_length=2, max_length=100)
    route: RouteValue = _f("certificate.route", "取得方式", default=Route.ASSESSMENT)

    @model_validator(mode="after")
    def _number_fits_kind_and_level(self) -> Certificate:
        error = certificate_number_error(self.kind, self.number, self.level)
        if error is not None:
            raise error
        return self


class PriorClaim(BaseModel):
    model_config = ConfigDict(**_STRICT, title="已享受的补贴")
    occupation: PlainText = _f("prior_claims[].occupation", "职业（工种）", min_length=1)
    level: LevelValue = _f("prior_claims[].level", "等级")
    granted_on: PastDate = _f("prior_claims[].granted_on", "发放日期")


class Bank(BaseModel):
    model_config = ConfigDict(**_STRICT, title="银行账户")
    bank: PlainText = _f("bank.bank", "开户银行", min_length=2, max_length=50)
    card_number: BankCardNumber = _f("bank.card_number", "银行卡号")


#: item key -> the portal's label, in upload order
DOCUMENT_ITEMS: dict[str, str] = {
    "id_front": "身份证人像面",
    "id_back": "身份证国徽面",
    "certificate_cover": "证书封面",
    "certificate_info": "证书个人信息页",
    "certificate_level": "证书等级页",
    "bank_card": "银行卡",
}


def _doc(item: str) -> Any:
    label = DOCUMENT_ITEMS[item]
    return Field(title=label, description=t("hint.documents.item", label=label))


class Documents(BaseModel):
    model_config = ConfigDict(**_STRICT, title="材料")
    id_front: Path = _doc("id_front")
    id_back: Path = _doc("id_back")
    certificate_cover: Path = _doc("certificate_cover")
    certificate_info: Path = _doc("certificate_info")
    certificate_level: Path = _doc("certificate_level")
    bank_card: Path = _doc("bank_card")


class Profile(BaseModel):
    """One applicant's profile, as `profile.md` describes it."""

    model_config = ConfigDict(
        **_STRICT,
        title=t("title.profile"),
        populate_by_name=True,
        json_schema_extra={"description": "autofill 的申请档案；路径相对于档案所在目录。"},
    )
    schema_: str | None = Field(
        default=None, alias="$schema", title="$schema", description=hint("$schema")
    )
    policy: PolicyValue = _f("policy", "补贴政策", default=PolicyName.SHANGHAI)
    applicant: Applicant = _f("applicant", "申请人")
    social_insurance: SocialInsurance = _f("social_insurance", "社会保险")
    certificate: Certificate = _f("certificate", "证书")
    prior_claims: list[PriorClaim] = _f("prior_claims", "已享受的补贴", default_factory=list)
    bank: Bank = _f("bank", "银行账户")
    documents: Documents = _f("documents", "材料")

    _base_dir: Path = PrivateAttr(default_factory=Path.cwd)

    @property
    def base_dir(self) -> Path:
        """The profile file's folder; document paths are relative to it."""
        return self._base_dir

    @base_dir.setter
    def base_dir(self, value: Path) -> None:
        self._base_dir = Path(value)

    def document_path(self, item: str) -> Path:
        """The document `item` resolved against the profile's folder."""
        path = Path(getattr(self.documents, item))
        return path if path.is_absolute() else self.base_dir / path


# ---- loading -----------------------------------------------------------------------------

_MODELS: dict[str, type[BaseModel]] = {
    "": Profile,
    "applicant": Applicant,
    "applicant.employer": Employer,
    "social_insurance": SocialInsurance,
    "certificate": Certificate,
    "prior_claims[]": PriorClaim,
    "bank": Bank,
    "documents": Documents,
}


def _allowed_keys(loc: tuple[int | str, ...]) -> str:
    parent = ".".join("[]" if isinstance(p, int) else str(p) for p in loc[:-1]).replace(".[]", "[]")
    model = _MODELS.get(parent)
    if model is None:
        return ""
    return ", ".join(f.alias or name for name, f in model.model_fields.items())


def _lenient(adapter: TypeAdapter[Any], value: object, context: Mapping[str, Any]) -> Any:
    try:
        return adapter.validate_python(value, context=dict(context))
    except ValidationError:
        return None


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
        model = _MODELS.get(prefix)
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


class DuplicateKey(ValueError):
    """A JSON object names the same key twice (the parser would silently keep the last)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


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


@cache
def _province_areas(province: str) -> numdb.NumDB:
    """stdnum's area-code table (`cn/loc`), only the block of one province (two digits).

    `numdb.get` parses all 7000 lines of the table, which took longer than the rest of
    `autofill check`; a lookup never leaves its province's block, so parsing that block
    alone gives the same answer."""
    kept: list[str] = []
    keeping = False
    table = resources.files("stdnum").joinpath("cn/loc.dat")
    with table.open(encoding="utf-8") as stream:
        for line in stream:
            if line.startswith("#") or not line.strip():
                continue
            if not line[0].isspace():  # a province: its ranges, then its properties
                ranges = line.split(maxsplit=1)[0].split(",")
                keeping = any(
                    low <= province[: len(low)] <= (high or low)
                    for low, _, high in (r.partition("-") for r in ranges)
                )
            if keeping:
                kept.append(line)
    return numdb.read(kept)


def _area_parts(id_number: str) -> list[tuple[str, dict[str, str]]]:
    return _province_areas(id_number[:2]).info(id_number[:6])


def id_area_warning(id_number: str, lang: str = "zh") -> str | None:
    """A warning when the ID number's area code is not in stdnum's table (never an error)."""
    parts = _area_parts(id_number)
    if any(props for _, props in parts):
        return None
    return t("id_area_unknown", lang, area=id_number[:6])


def id_area_place(id_number: str) -> str:
    """The province and county names of the ID number's area code, as far as known."""
    names: list[str] = []
    for _, props in _area_parts(id_number):
        for key in ("province", "prefecture", "county"):
            if key in props:
                # counties may be listed with the years they existed: "[1988-]宝山区,[-1987]…"
                value = props[key].split(",")[0]
                names.append(value.split("]")[-1])
    return "".join(names)


def birth_date(id_number: str) -> date:
    """The birth date in a (validated) resident ID number."""
    return ric.get_birth_date(id_number)


def is_male(id_number: str) -> bool:
    """The 17th character is odd for men, even for women."""
    return int(id_number[16]) % 2 == 1


def profile_schema() -> dict[str, Any]:
    """The profile's JSON Schema, with Chinese titles and descriptions for editors."""
    schema = Profile.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
