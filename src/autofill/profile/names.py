"""The profile's enumerations, their Chinese names, and the six document items.

Codes are English (`employed`); people read and may write the Chinese name (`在职`) or a
common alias. No pydantic here: the portal map and the calendar need the names, not the models.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


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

#: names people also write for an enumeration value, beside the Chinese name above.
ALIASES: dict[object, tuple[str, ...]] = {
    PolicyName.SHANGHAI: ("上海",),
    PolicyName.NATIONAL: ("全国", "失业保险"),
    Hukou.SHANGHAI: ("上海", "本市户籍"),
    Hukou.OTHER: ("外地", "非本市", "外省市户籍"),
    Category.UNEMPLOYED: ("失业/无业", "无业"),
    Scheme.EMPLOYEE: ("城镇职工社会保险", "职工"),
    Scheme.RESIDENT: ("城乡居民社会保险", "居民"),
    Route.ASSESSMENT: ("认定", "考核", "社会评价"),
}

LEVEL_NAMES: dict[str, Level] = {}
for _level in Level:
    _full = CHINESE_NAMES[_level]
    _grade, _title = _full.split("/")
    for _name in (_full, _grade, _title, str(int(_level)), f"{int(_level)}级"):
        LEVEL_NAMES[_name] = _level


def display_name(member: object) -> str:
    """The Chinese name shown to people for an enumeration member: "在职", "三级/高级工" …"""
    if isinstance(member, int) and not isinstance(member, Level) and 1 <= member <= 5:
        member = Level(member)
    return CHINESE_NAMES.get(member, str(member))


#: item key -> the portal's label, in upload order
DOCUMENT_ITEMS: dict[str, str] = {
    "id_front": "身份证人像面",
    "id_back": "身份证国徽面",
    "certificate_cover": "证书封面",
    "certificate_info": "证书个人信息页",
    "certificate_level": "证书等级页",
    "bank_card": "银行卡",
}
