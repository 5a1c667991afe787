"""Eligibility: the rule sets of `policy.md` as data (policy_data/*.yaml) and a small rule engine.

Each rule looks at the profile and the day judged, and says pass, fail or warn, with the
reason and, where something can be done, the fix. A profile is eligible when no rule fails.
These rules are written independently of the mock portal's on purpose (see design.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml

from autofill.dates import add_months, today_shanghai
from autofill.messages import t
from autofill.profile import (
    Hukou,
    Profile,
    Scheme,
    birth_date,
    display_name,
    id_area_place,
    id_area_warning,
    is_male,
)

Result = Literal["pass", "fail", "warn"]


@dataclass
class RuleResult:
    """One rule's verdict on a profile."""

    rule: str
    result: Result
    reason: str
    fix: str | None = None


@dataclass
class EligibilityReport:
    """Every rule's verdict, the subsidy amount and the deadline."""

    eligible: bool
    rules: list[RuleResult]
    amount: Decimal | None
    amount_explained: str
    deadline: date
    days_left: int
    policy: str
    failed: list[RuleResult] = field(default_factory=list)


@cache
def policy_data(name: str) -> dict[str, Any]:
    """The parameters of the rule set `name` (shanghai, national), from its YAML file."""
    text = resources.files("autofill.policy_data").joinpath(f"{name}.yaml").read_text("utf-8")
    # libyaml's loader when PyYAML has it: a sixth of the pure-Python one's time at start-up
    data: dict[str, Any] = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return data


def application_deadline(profile: Profile) -> date:
    """The last day to apply: 12 calendar months after the issue date, same day of the month."""
    data = policy_data(profile.policy.value)
    return add_months(profile.certificate.issue_date, int(data["window_months"]))


def age_on(born: date, on: date) -> int:
    """Full years of age on `on`."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@dataclass
class _Context:
    profile: Profile
    on: date
    lang: str
    data: dict[str, Any]

    def t(self, key: str, **params: object) -> str:
        return t(key, self.lang, **params)

    def name(self, member: object) -> str:
        return display_name(member)


RuleFn = Callable[[_Context], RuleResult]
RULES: dict[str, RuleFn] = {}


def rule(name: str) -> Callable[[RuleFn], RuleFn]:
    def register(fn: RuleFn) -> RuleFn:
        RULES[name] = fn
        return fn

    return register


@rule("who")
def _who(c: _Context) -> RuleResult:
    a = c.profile.applicant
    category = c.name(a.category)
    if c.data["name"] == "national":
        if a.category.value not in c.data["categories"]:
            return RuleResult("who", "fail", c.t("who.national_flexible"), c.t("who.national_fix"))
        return RuleResult("who", "pass", c.t("who.national_ok", category=category))
    if a.hukou is Hukou.OTHER:
        if a.category.value not in c.data["other_hukou_categories"]:
            return RuleResult(
                "who",
                "fail",
                c.t("who.other_not_employed", category=category),
                c.t("who.fix_other"),
            )
        return RuleResult("who", "pass", c.t("who.ok_other"))
    return RuleResult("who", "pass", c.t("who.ok_local", category=category))


@rule("working_age")
def _working_age(c: _Context) -> RuleResult:
    number = c.profile.applicant.id_number
    male = is_male(number)
    limits = c.data["working_age"]
    low, high = int(limits["min"]), int(limits["retirement_male" if male else "retirement_female"])
    age = age_on(birth_date(number), c.on)
    sex = c.t("sex.male" if male else "sex.female")
    if age < low:
        return RuleResult("working_age", "fail", c.t("age.young", age=age, min=low))
    if age >= high:
        return RuleResult("working_age", "fail", c.t("age.old", age=age, max=high, sex=sex))
    return RuleResult("working_age", "pass", c.t("age.ok", age=age, sex=sex, min=low, max=high))


@rule("insurance")
def _insurance(c: _Context) -> RuleResult:
    a, si = c.profile.applicant, c.profile.social_insurance
    if a.category.value not in c.data["insured_categories"]:
        return RuleResult(
            "insurance", "pass", c.t("insurance.not_needed", category=c.name(a.category))
        )
    if si.scheme is not Scheme.EMPLOYEE:
        return RuleResult("insurance", "fail", c.t("insurance.resident"), c.t("insurance.fix"))
    if not si.paying:
        return RuleResult("insurance", "fail", c.t("insurance.not_paying"), c.t("insurance.fix"))
    return RuleResult("insurance", "pass", c.t("insurance.ok"))


@rule("unemployment_insurance")
def _unemployment_insurance(c: _Context) -> RuleResult:
    months = c.profile.social_insurance.unemployment_insurance_months
    minimum = int(c.data["min_unemployment_insurance_months"])
    if months < minimum:
        return RuleResult(
            "unemployment_insurance",
            "fail",
            c.t("ui.short", months=months, min=minimum),
            c.t("ui.fix", min=minimum, missing=minimum - months),
        )
    return RuleResult("unemployment_insurance", "pass", c.t("ui.ok", months=months, min=minimum))


# Words that give a 特种作业操作证 away. Its 作业类别 all end in 作业 (低压电工作业,
# 高压电工作业, 焊接与热切割作业, 高处作业 …) while occupations of the skill catalogue do not;
# and it is issued by the emergency-management (formerly work-safety) authority.
SPECIAL_OPERATION_OCCUPATION = ("特种作业", "作业")
SPECIAL_OPERATION_ISSUER = ("应急管理", "安全生产监督管理", "安全监管", "操作证")


def special_operation_evidence(profile: Profile) -> str | None:
    """The text showing that a certificate is a 特种作业操作证, if any."""
    cert = profile.certificate
    if any(word in cert.occupation for word in SPECIAL_OPERATION_OCCUPATION):
        return cert.occupation
    if any(word in cert.issuer for word in SPECIAL_OPERATION_ISSUER):
        return cert.issuer
    return None


@rule("certificate_kind")
def _certificate_kind(c: _Context) -> RuleResult:
    evidence = special_operation_evidence(c.profile)
    if evidence is not None:
        return RuleResult(
            "certificate_kind",
            "fail",
            c.t("kind.special", evidence=evidence),
            c.t("kind.special_fix"),
        )
    cert = c.profile.certificate
    return RuleResult(
        "certificate_kind",
        "pass",
        c.t("kind.ok", kind=c.name(cert.kind), occupation=cert.occupation),
    )


@rule("level")
def _level(c: _Context) -> RuleResult:
    level = c.profile.certificate.level
    if int(level) not in c.data["levels"]:
        return RuleResult(
            "level", "fail", c.t("level.out", level_name=c.name(level)), c.t("level.fix")
        )
    return RuleResult("level", "pass", c.t("level.ok", level_name=c.name(level)))


@rule("route")
def _route(c: _Context) -> RuleResult:
    route = c.profile.certificate.route
    if route.value in c.data["excluded_routes"]:
        return RuleResult("route", "fail", c.t(f"route.{route.value}"))
    return RuleResult("route", "pass", c.t("route.ok"))


@rule("establishment_staff")
def _establishment_staff(c: _Context) -> RuleResult:
    if c.profile.applicant.establishment_staff:
        return RuleResult("establishment_staff", "fail", c.t("staff.fail"))
    return RuleResult("establishment_staff", "pass", c.t("staff.ok"))


@rule("window")
def _window(c: _Context) -> RuleResult:
    issue = c.profile.certificate.issue_date
    deadline = application_deadline(c.profile)
    days = (deadline - c.on).days
    if c.on < issue:
        return RuleResult(
            "window", "fail", c.t("window.early", on=c.on.isoformat(), issue=issue.isoformat())
        )
    params = {"issue": issue.isoformat(), "deadline": deadline.isoformat()}
    if days < 0:
        return RuleResult("window", "fail", c.t("window.passed", days=-days, **params))
    if days <= int(c.data["window_warn_days"]):
        return RuleResult(
            "window", "warn", c.t("window.soon", days=days, **params), c.t("window.soon_fix")
        )
    return RuleResult("window", "pass", c.t("window.ok", days=days, **params))


@rule("once")
def _once(c: _Context) -> RuleResult:
    cert = c.profile.certificate
    for prior in c.profile.prior_claims:
        # level 1 is the highest: a grant at level L closes L and every lower one (>= L)
        if prior.occupation == cert.occupation and int(cert.level) >= int(prior.level):
            return RuleResult(
                "once",
                "fail",
                c.t(
                    "once.fail",
                    occupation=prior.occupation,
                    prior_name=c.name(prior.level),
                    granted_on=prior.granted_on.isoformat(),
                ),
            )
    return RuleResult("once", "pass", c.t("once.ok", occupation=cert.occupation))


def _yearly_cap(data: dict[str, Any], year: int, shortage: bool) -> int:
    caps = {int(k): int(v) for k, v in data["yearly_cap"].items()}
    since = [y for y in caps if y <= year]
    cap = caps[max(since)] if since else int(data["yearly_cap_before"])
    if since and shortage:
        cap += int(data["shortage_yearly_bonus"])
    return cap


@rule("yearly_cap")
def _yearly_cap_rule(c: _Context) -> RuleResult:
    year = c.on.year
    shortage = c.profile.certificate.occupation in c.data.get("shortage_occupations", [])
    cap = _yearly_cap(c.data, year, shortage)
    count = sum(1 for p in c.profile.prior_claims if p.granted_on.year == year)
    params = {"year": year, "count": count, "cap": cap}
    if count >= cap:
        return RuleResult("yearly_cap", "fail", c.t("cap.fail", **params), c.t("cap.fix"))
    return RuleResult("yearly_cap", "pass", c.t("cap.ok", **params))


def _yuan(value: Decimal) -> str:
    return str(value.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def compute_amount(profile: Profile, lang: str = "zh") -> tuple[Decimal | None, str]:
    """The subsidy for this certificate if eligible, and how it was computed."""
    data = policy_data(profile.policy.value)
    cert = profile.certificate
    amounts = {int(k): Decimal(str(v)) for k, v in data["amounts"].items()}
    standard = amounts.get(int(cert.level))
    if standard is None:
        return None, t("amount.none", lang)
    if data["name"] == "national":
        return standard, t(
            "amount.national", lang, level_name=display_name(cert.level), amount=_yuan(standard)
        )
    share = Decimal(str(data["shares"][profile.applicant.category.value]))
    amount = standard * share / 100
    params: dict[str, object] = {"standard": _yuan(standard), "share": _yuan(share)}
    if cert.occupation in data.get("shortage_occupations", []):
        bonus = Decimal(str(data["shortage_bonus_percent"]))
        amount = amount * bonus / 100
        amount = amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP)
        return amount, t(
            "amount.shortage", lang, bonus=_yuan(bonus), amount=_yuan(amount), **params
        )
    amount = amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return amount, t("amount.shanghai", lang, amount=_yuan(amount), **params)


@rule("amount")
def _amount(c: _Context) -> RuleResult:
    amount, explained = compute_amount(c.profile, c.lang)
    return RuleResult("amount", "pass" if amount is not None else "fail", explained)


@rule("bank")
def _bank(c: _Context) -> RuleResult:
    bank = c.profile.bank.bank
    # the portal's 开户银行 list, name for name: a bank not on it cannot be picked online
    accepted = list(c.data["accepted_banks"])
    if bank.strip() in accepted:
        return RuleResult("bank", "pass", c.t("bank.ok", bank=bank))
    return RuleResult(
        "bank", "warn", c.t("bank.warn", bank=bank, accepted="、".join(accepted)), c.t("bank.fix")
    )


@rule("id_area")
def _id_area(c: _Context) -> RuleResult:
    number = c.profile.applicant.id_number
    warning = id_area_warning(number, c.lang)
    if warning is not None:
        return RuleResult("id_area", "warn", warning)
    return RuleResult(
        "id_area", "pass", c.t("area.ok", area=number[:6], place=id_area_place(number))
    )


def evaluate(profile: Profile, on: date | None = None, lang: str = "zh") -> EligibilityReport:
    """Judges `profile` by its policy's rules as of `on` (by default today, in Shanghai)."""
    on = on or today_shanghai()
    data = policy_data(profile.policy.value)
    context = _Context(profile=profile, on=on, lang=lang, data=data)
    results = [RULES[name](context) for name in data["rules"]]
    failed = [r for r in results if r.result == "fail"]
    amount, explained = compute_amount(profile, lang)
    if failed:
        explained = t("amount.ineligible", lang, computed=explained)
        amount = None
    deadline = application_deadline(profile)
    return EligibilityReport(
        eligible=not failed,
        rules=results,
        amount=amount,
        amount_explained=explained,
        deadline=deadline,
        days_left=(deadline - on).days,
        policy=profile.policy.value,
        failed=failed,
    )
