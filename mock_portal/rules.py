"""The portal's server-side checks on "下一步" and "确认提交", and the subsidy amounts by policy.

Pure functions over plain data: the caller (cases/checks.py) gathers the applicant, the register
entry and the other cases from the database.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from stdnum import luhn

from mock_portal.formdef import (
    BANKS,
    CERT_KINDS,
    EDITABLE,
    EMPLOYMENT,
    ITEMS,
    LABELS,
    LEVEL_NUMBER,
    LEVELS,
)

POLICY_FILE = Path(__file__).parent / "fixtures" / "policies.json"
ROUTE_ASSESSMENT = "assessment"


@dataclass(frozen=True)
class Policy:
    """One subsidy's parameters, read from fixtures/policies.json (a policy change is a data change)."""

    name: str
    title: str
    amounts: dict[int, int]
    share_employed_percent: int
    levels: tuple[int, ...]
    window_months: int
    min_unemployment_months: int
    #: the 就业状态 the subsidy is for (national: not 灵活就业)
    employment: tuple[str, ...]
    #: grants a person may receive in a calendar year, from a year on (None: no cap)
    yearly_cap: dict[int, int] | None
    yearly_cap_before: int | None

    def cap_in(self, year: int) -> int | None:
        """How many grants a person may receive in `year` (None: no cap)."""
        if self.yearly_cap is None:
            return None
        since = [y for y in self.yearly_cap if y <= year]
        return self.yearly_cap[max(since)] if since else self.yearly_cap_before


@cache
def load_policy(name: str) -> Policy:
    data = json.loads(POLICY_FILE.read_text(encoding="utf-8"))[name]
    return Policy(
        name=name,
        title=data["title"],
        amounts={int(k): int(v) for k, v in data["amounts"].items()},
        share_employed_percent=int(data["share_employed_percent"]),
        levels=tuple(data["levels"]),
        window_months=int(data["window_months"]),
        min_unemployment_months=int(data["min_unemployment_months"]),
        employment=tuple(data["employment"]),
        yearly_cap=(
            {int(k): int(v) for k, v in data["yearly_cap"].items()}
            if data["yearly_cap"] is not None
            else None
        ),
        yearly_cap_before=data["yearly_cap_before"],
    )


def register_number(number: str) -> str:
    """A certificate number as the national register holds it.

    The register keys old 职业资格证书 by 16 digits; a 13-digit Shanghai number is held (and
    looked up) with "000" in front, whichever form was registered or typed.
    """
    number = re.sub(r"\s", "", number).upper()
    return "000" + number if re.fullmatch(r"\d{13}", number) else number


def level_digit(number: str) -> int | None:
    """The level written inside a certificate number (None: not a number that carries one).

    A 职业技能等级证书 number ([YS] + 21 digits) has it in its 16th character; an old
    职业资格证书 (16 digits, as the register holds it) in its 11th.
    """
    number = register_number(number)
    if re.fullmatch(r"[YS]\d{21}", number):
        return int(number[15])
    if re.fullmatch(r"\d{16}", number):
        return int(number[10])
    return None


@dataclass(frozen=True)
class Applicant:
    """What the portal knows about the person applying (account, insurance record, past grants)."""

    id_number: str
    name: str
    hukou: str  # shanghai | other
    establishment_staff: bool
    scheme: str  # employee | resident
    insurance_status: str  # paying | suspended | none
    unemployment_months: int
    #: (occupation, level, the day granted) of every subsidy already granted
    grants: tuple[tuple[str, int, date], ...] = ()


@dataclass(frozen=True)
class RegisterEntry:
    """A certificate in the national register."""

    number: str
    id_number: str
    kind: str
    occupation: str
    level: int
    issue_date: date
    issuer: str
    route: str


@dataclass(frozen=True)
class Problem:
    """One failed check: the field it is shown beside (None: top only) and its message."""

    field: str | None
    message: str


@dataclass
class Situation:
    """Everything one check run looks at."""

    policy: Policy
    applicant: Applicant
    fields: dict[str, str]
    register: RegisterEntry | None  # None: not in the register or not visible yet
    uploaded: set[str]
    today: date
    other_case_blocks: bool = False
    problems: list[Problem] = field(default_factory=list)


def add_months(day: date, months: int) -> date:
    """Same day of the month `months` later (the last day when that month is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


def deadline(issue_date: date, policy: Policy) -> date:
    return add_months(issue_date, policy.window_months)


def birth_date_and_sex(id_number: str) -> tuple[date, str] | None:
    try:
        born = date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except (ValueError, IndexError):
        return None
    return born, ("male" if int(id_number[16]) % 2 else "female")


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def subsidy_amount_cents(policy: Policy, kind: str, level: int, employment: str) -> int:
    """Full standard by level times the 在职 share (every certificate here carries a level)."""
    base = policy.amounts.get(level)
    if base is None:
        return 0
    share = policy.share_employed_percent if employment == "在职" else 100
    return base * share


def check_application(s: Situation) -> list[Problem]:
    """Every check of the spec's table, in the order the form shows the fields."""
    out: list[Problem] = []
    f = {k: (s.fields.get(k) or "").strip() for k in EDITABLE}
    required = [k for k in EDITABLE if k != "employer"]
    if f["employment"] == "在职":
        required.insert(required.index("employment") + 1, "employer")
    for key in required:
        if not f[key]:
            out.append(Problem(key, f"请填写{LABELS[key]}"))
    if f["phone"] and not re.fullmatch(r"1\d{10}", f["phone"]):
        out.append(Problem("phone", "联系电话格式不正确，请填写11位手机号码"))
    if f["cert_kind"] and f["cert_kind"] not in CERT_KINDS:
        out.append(Problem("cert_kind", "请选择证书类型"))
    if f["level"] and f["level"] not in LEVEL_NUMBER:
        out.append(Problem("level", "请选择等级"))
    if f["employment"] and f["employment"] not in EMPLOYMENT:
        out.append(Problem("employment", "请选择就业状态"))
    if f["bank"] and f["bank"] not in BANKS:
        out.append(Problem("bank", "请选择开户银行"))
    out += _person_checks(s, f)
    out += _certificate_checks(s, f)
    out += _bank_checks(f)
    for item, label in ITEMS.items():
        if item not in s.uploaded:
            out.append(Problem(item, f"请上传{label}"))
    return out


def _person_checks(s: Situation, f: dict[str, str]) -> list[Problem]:
    out: list[Problem] = []
    a = s.applicant
    born = birth_date_and_sex(a.id_number)
    if born is not None:
        birth, sex = born
        limit = 60 if sex == "male" else 55
        age = age_on(birth, s.today)
        if age < 16 or age >= limit:
            out.append(
                Problem(None, "申请人不在法定劳动年龄范围内（男性16至60周岁，女性16至55周岁）")
            )
    if a.establishment_staff:
        out.append(Problem(None, "机关事业单位在编人员不属于补贴范围"))
    employment = f["employment"]
    if employment in EMPLOYMENT and employment not in s.policy.employment:
        out.append(Problem("employment", f"{employment}人员不在{s.policy.title}范围"))
    cap = s.policy.cap_in(s.today.year)
    this_year = sum(1 for *_, granted in a.grants if granted.year == s.today.year)
    if cap is not None and this_year >= cap:
        out.append(Problem(None, f"本年度已享受过技能提升补贴（每人每年限{cap}次），不可再次申请"))
    if s.policy.name == "shanghai":
        if a.hukou != "shanghai" and employment and employment != "在职":
            out.append(Problem("employment", "非本市户籍人员须为在本市就业参保的在职人员"))
        if employment == "在职" and not (a.scheme == "employee" and a.insurance_status == "paying"):
            out.append(
                Problem(
                    "employment",
                    "社保信息比对异常：在职人员须在本市城镇职工社会保险处于正常缴费状态",
                )
            )
    elif a.unemployment_months < s.policy.min_unemployment_months:
        out.append(
            Problem(
                "employment",
                f"社保信息比对异常：累计缴纳失业保险须满{s.policy.min_unemployment_months}个月",
            )
        )
    return out


def _certificate_checks(s: Situation, f: dict[str, str]) -> list[Problem]:
    out: list[Problem] = []
    if not f["cert_number"]:
        return out
    digit = level_digit(f["cert_number"])
    chosen = LEVEL_NUMBER.get(f["level"])
    if digit is not None and chosen is not None and digit != chosen:
        return [
            Problem(
                "level",
                f"证书信息校验失败：证书编号中的等级（{LEVELS.get(digit, digit)}）与所选等级不一致",
            )
        ]
    entry = s.register
    if entry is None:
        return [Problem("cert_number", "证书信息校验失败：证书库中未查询到该证书，请核对证书编号")]
    if entry.id_number != s.applicant.id_number:
        return [Problem("cert_number", "证书信息校验失败：该证书不属于申请人本人")]
    expected = {
        "cert_kind": entry.kind,
        "occupation": entry.occupation,
        "level": LEVELS.get(entry.level, ""),
        "issue_date": entry.issue_date.isoformat(),
        "issuer": entry.issuer,
    }
    mismatched = [k for k, v in expected.items() if f[k] and f[k] != v]
    for key in mismatched:
        out.append(Problem(key, f"证书信息校验失败：{LABELS[key]}与证书库记录不一致"))
    if mismatched:
        return out
    if entry.level not in s.policy.levels:
        out.append(Problem("level", "该等级不在补贴范围"))
    if s.today > deadline(entry.issue_date, s.policy):
        out.append(
            Problem(
                "issue_date",
                f"已超过申请时限（须在发证之日起{s.policy.window_months}个月内申请，"
                f"截止日期{deadline(entry.issue_date, s.policy).isoformat()}）",
            )
        )
    if entry.route != ROUTE_ASSESSMENT:
        out.append(
            Problem(
                "cert_number",
                "证书取得方式不属于补贴范围（企业直接认定、竞赛晋升、表彰取得的证书不予补贴）",
            )
        )
    grants = s.applicant.grants
    if any(occ == entry.occupation and level <= entry.level for occ, level, _ in grants):
        out.append(Problem("level", "不可重复申请：该职业（工种）本等级或更高等级已享受过补贴"))
    if s.other_case_blocks:
        out.append(Problem("cert_number", "已有在办或已办结的申请，请勿重复提交"))
    return out


def _bank_checks(f: dict[str, str]) -> list[Problem]:
    out: list[Problem] = []
    card = f["card_number"].replace(" ", "")
    again = f["card_number2"].replace(" ", "")
    if card and not (re.fullmatch(r"\d{16,19}", card) and luhn.is_valid(card)):
        out.append(Problem("card_number", "银行卡号校验失败，请核对后重新填写"))
    if card and again and card != again:
        out.append(Problem("card_number2", "两次输入的银行卡号不一致"))
    return out
