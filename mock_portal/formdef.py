"""The application form as the portal shows it: labels, choices, upload items and case statuses."""

from __future__ import annotations

from enum import StrEnum

SERVICE_NAME = "职业技能提升补贴申请"


class Status(StrEnum):
    """A case's status, exactly as the portal spells it."""

    DRAFT = "草稿"
    SUBMITTED = "待审核"
    IN_REVIEW = "审核中"
    APPROVED = "审核通过"
    REJECTED = "审核不通过"
    RETURNED = "退回补正"
    PAID = "已发放"


#: a case in one of these blocks another application for the same certificate
ACTIVE_OR_DONE = (Status.SUBMITTED, Status.IN_REVIEW, Status.RETURNED, Status.APPROVED, Status.PAID)
TERMINAL = (Status.REJECTED, Status.PAID)

# form field name → label; the editable ones are stored in the draft
LABELS: dict[str, str] = {
    "name": "姓名",
    "id_number": "证件号码",
    "phone": "联系电话",
    "cert_number": "证书编号",
    "cert_kind": "证书类型",
    "occupation": "职业（工种）",
    "level": "等级",
    "issue_date": "发证日期",
    "issuer": "发证机构",
    "hukou": "户籍",
    "insurance_status": "参保状态",
    "unemployment_months": "累计缴纳失业保险月数",
    "employment": "就业状态",
    "employer": "工作单位",
    "bank": "开户银行",
    "card_number": "银行卡号",
    "card_number2": "确认银行卡号",
}
EDITABLE = (
    "phone",
    "cert_number",
    "cert_kind",
    "occupation",
    "level",
    "issue_date",
    "issuer",
    "employment",
    "employer",
    "bank",
    "card_number",
    "card_number2",
)
#: the most a form field takes, as a real form's maxlength; at least what an applicant's own
#: papers can hold (the autofill tool's profile allows employer 100, issuer 100, occupation 50)
MAX_CHARS: dict[str, int] = {
    "phone": 20,
    "cert_number": 32,
    "cert_kind": 20,
    "occupation": 50,
    "level": 20,
    "issue_date": 20,
    "issuer": 100,
    "employment": 20,
    "employer": 100,
    "bank": 50,
    # 19 digits in groups of four
    "card_number": 23,
    "card_number2": 23,
}
#: fields of digits and letters: their limit is said in characters, the others' in 字
CODED_FIELDS = ("phone", "cert_number", "issue_date", "card_number", "card_number2")
#: the reviewer's 审核意见
MAX_OPINION_CHARS = 500


def too_long_message(key: str) -> str:
    """ "工作单位不能超过100个字": the field's label and its limit."""
    unit = "个字符" if key in CODED_FIELDS else "个字"
    return f"{LABELS[key]}不能超过{MAX_CHARS[key]}{unit}"


READONLY = ("name", "id_number", "hukou", "insurance_status", "unemployment_months")

SECTIONS: list[tuple[str, tuple[str, ...]]] = [
    ("个人基本信息", ("name", "id_number", "phone")),
    ("证书信息", ("cert_number", "cert_kind", "occupation", "level", "issue_date", "issuer")),
    (
        "社保与就业信息",
        ("hukou", "insurance_status", "unemployment_months", "employment", "employer"),
    ),
    ("银行账户信息", ("bank", "card_number", "card_number2")),
]

CERT_KINDS = ("职业资格证书", "职业技能等级证书")
LEVELS: dict[int, str] = {
    5: "五级/初级工",
    4: "四级/中级工",
    3: "三级/高级工",
    2: "二级/技师",
    1: "一级/高级技师",
}
LEVEL_NUMBER = {text: number for number, text in LEVELS.items()}
EMPLOYMENT = ("在职", "失业", "灵活就业")
#: the banks whose Shanghai debit cards the subsidy is paid to (the counters' list); the client
#: carries the same list in its policy data, and tests/portal/test_checks.py holds the two together
BANKS = (
    "中国工商银行",
    "中国农业银行",
    "中国银行",
    "中国邮政储蓄银行",
    "上海银行",
    "上海农村商业银行",
)
HUKOU = {"shanghai": "本市", "other": "外省市"}
INSURANCE_STATUS = {"paying": "正常缴费", "suspended": "暂停缴费", "none": "未参保"}

# upload item key → label, in the order the form shows them
ITEMS: dict[str, str] = {
    "id_front": "身份证人像面",
    "id_back": "身份证国徽面",
    "certificate_cover": "证书封面",
    "certificate_info": "证书个人信息页",
    "certificate_level": "证书等级页",
    "bank_card": "银行卡",
}
UPLOAD_HINT = "支持JPG、PNG、PDF格式，单个文件不超过1MB"
MAX_UPLOAD_BYTES = 1024 * 1024


def options(values: tuple[str, ...] | list[str]) -> list[tuple[str, str]]:
    """(value, text) pairs for a select whose value is its text."""
    return [(v, v) for v in values]
