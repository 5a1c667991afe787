from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from stdnum.cn import ric

from autofill.dates import add_months
from autofill.policy import EligibilityReport, evaluate, policy_data
from autofill.profile import Profile, validate_profile
from tests.unit.conftest import example_data

ON = date(2026, 11, 30)


def profile_of(data: dict[str, Any]) -> Profile:
    return validate_profile(data, today=ON)


def judged(
    data: dict[str, Any] | None = None, on: date = ON, lang: str = "zh"
) -> EligibilityReport:
    return evaluate(profile_of(data or example_data(ON)), on, lang)


def verdict(report: EligibilityReport, rule: str) -> tuple[str, str, str | None]:
    found = [r for r in report.rules if r.rule == rule]
    assert found, f"rule {rule} missing"
    return found[0].result, found[0].reason, found[0].fix


def id_number(born: str, sequence: str) -> str:
    body = f"310101{born}{sequence}"
    return body + ric.calc_check_digit(body + "0")


def test_the_example_applicant_is_eligible_for_2000_yuan() -> None:
    report = judged()
    assert report.eligible
    assert [r.result for r in report.rules if r.result == "fail"] == []
    assert report.amount == Decimal(2000)
    assert report.amount_explained == "2500 × 80% = 2000元"
    assert report.deadline == date(2027, 10, 20)
    assert report.days_left == 324
    assert {r.rule for r in report.rules} == {
        "who", "working_age", "insurance", "certificate_kind", "route",
        "establishment_staff", "window", "once", "amount", "bank", "id_area",
    }  # fmt: skip


def test_the_amount_in_english() -> None:
    assert judged(lang="en").amount_explained == "2500 × 80% = 2000 yuan"


@pytest.mark.parametrize(
    ("category", "level", "number", "explained"),
    [
        ("employed", 5, "S000031000001265000123", "1500 × 80% = 1200元"),
        ("employed", 1, "S000031000001261000123", "3500 × 80% = 2800元"),
        ("unemployed", 3, "S000031000001263000123", "2500 × 100% = 2500元"),
        ("flexible", 2, "S000031000001262000123", "3000 × 100% = 3000元"),
    ],
)
def test_amounts_and_shares(category: str, level: int, number: str, explained: str) -> None:
    data = example_data(ON)
    data["applicant"]["category"] = category
    data["certificate"].update(level=level, number=number)
    data["prior_claims"] = []
    assert judged(data).amount_explained == explained


def test_the_window_ends_on_the_same_day_twelve_months_later() -> None:
    last_day = judged(on=date(2027, 10, 20))
    assert last_day.eligible and last_day.days_left == 0
    assert verdict(last_day, "window")[0] == "warn"  # fewer than 30 days left
    late = judged(on=date(2027, 10, 21))
    assert not late.eligible
    result, reason, _ = verdict(late, "window")
    assert result == "fail"
    assert reason == "已超过申请时限：发证日期 2026-10-20，截止日期 2027-10-20，已过 1 天"
    assert late.amount is None
    assert late.amount_explained.startswith("不符合条件，无补贴")
    assert late.days_left == -1


def test_a_date_before_the_issue_date_fails_the_window() -> None:
    assert verdict(judged(on=date(2026, 10, 19)), "window")[0] == "fail"


def test_add_months_keeps_the_day_or_takes_the_last_day_of_the_month() -> None:
    assert add_months(date(2026, 10, 20), 12) == date(2027, 10, 20)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)


def test_employed_must_be_paying_employee_insurance() -> None:
    data = example_data(ON)
    data["social_insurance"]["scheme"] = "resident"
    report = judged(data)
    result, reason, fix = verdict(report, "insurance")
    assert (result, fix) == ("fail", "须在本市城镇职工社会保险处于缴费状态")
    assert "城乡居民社会保险不算" in reason
    data = example_data(ON)
    data["social_insurance"]["paying"] = False
    assert verdict(judged(data), "insurance")[2] == "须在本市城镇职工社会保险处于缴费状态"
    data["applicant"]["category"] = "unemployed"
    assert verdict(judged(data), "insurance")[0] == "pass"


def test_other_hukou_must_be_employed() -> None:
    data = example_data(ON)
    data["applicant"].update(hukou="other", category="flexible")
    result, reason, _ = verdict(judged(data), "who")
    assert result == "fail" and "非本市户籍人员须为在本市就业参保的在职人员" in reason
    data["applicant"]["category"] = "employed"
    assert verdict(judged(data), "who")[0] == "pass"


@pytest.mark.parametrize(
    ("field", "value", "evidence"),
    [
        ("occupation", "低压电工作业", "低压电工作业"),
        ("occupation", "特种作业（电工）", "特种作业（电工）"),
        ("issuer", "上海市应急管理局", "上海市应急管理局"),
    ],
)
def test_a_special_operation_permit_is_not_a_skill_certificate(
    field: str, value: str, evidence: str
) -> None:
    data = example_data(ON)
    data["certificate"][field] = value
    report = judged(data)
    result, reason, _ = verdict(report, "certificate_kind")
    assert result == "fail"
    assert f"“{evidence}”表明这是特种作业操作证" in reason
    assert not report.eligible


@pytest.mark.parametrize(
    ("route", "text"),
    [
        ("employer_recognition", "企业直接认定取得的证书不属于补贴范围"),
        ("competition", "通过竞赛晋升取得的证书不属于补贴范围"),
        ("commendation", "通过表彰取得的证书不属于补贴范围"),
    ],
)
def test_excluded_routes_each_have_their_reason(route: str, text: str) -> None:
    data = example_data(ON)
    data["certificate"]["route"] = route
    report = judged(data)
    assert verdict(report, "route")[:2] == ("fail", text)
    assert not report.eligible


def test_establishment_staff_are_excluded() -> None:
    data = example_data(ON)
    data["applicant"]["establishment_staff"] = True
    assert verdict(judged(data), "establishment_staff")[0] == "fail"


@pytest.mark.parametrize(
    ("born", "sequence", "on", "result"),
    [
        ("19710601", "433", date(2031, 5, 31), "pass"),  # a man the day before 60
        ("19710601", "433", date(2031, 6, 1), "fail"),  # a man on his 60th birthday
        ("19710601", "432", date(2026, 5, 31), "pass"),  # a woman the day before 55
        ("19710601", "432", date(2026, 6, 1), "fail"),  # a woman at 55
        ("20100601", "432", date(2026, 5, 31), "fail"),  # 15
        ("20100601", "432", date(2026, 6, 1), "pass"),  # 16
    ],
)
def test_legal_working_age_by_birth_date_and_sex_digit(
    born: str, sequence: str, on: date, result: str
) -> None:
    data = example_data(ON)
    data["applicant"]["id_number"] = id_number(born, sequence)
    data["certificate"]["issue_date"] = "2026-01-10"
    data["certificate"]["number"] = "S000031000001263000123"
    report = evaluate(validate_profile(data, today=date(2026, 11, 29)), on)
    assert verdict(report, "working_age")[0] == result


def test_the_age_message_names_the_retirement_age() -> None:
    data = example_data(ON)
    data["applicant"]["id_number"] = id_number("19650101", "433")
    reason = verdict(judged(data), "working_age")[1]
    assert "60 岁的退休年龄" in reason and "男" in reason


@pytest.mark.parametrize(("prior", "result"), [(4, "pass"), (5, "pass"), (3, "fail"), (2, "fail")])
def test_once_per_occupation_and_level(prior: int, result: str) -> None:
    data = example_data(ON)
    data["prior_claims"] = [{"occupation": "电工", "level": prior, "granted_on": "2023-06-01"}]
    outcome, reason, _ = verdict(judged(data), "once")
    assert outcome == result
    if result == "fail":
        assert "不可重复申请" in reason and "2023-06-01" in reason


def test_a_grant_for_another_occupation_does_not_block() -> None:
    data = example_data(ON)
    data["prior_claims"] = [{"occupation": "焊工", "level": 1, "granted_on": "2023-06-01"}]
    assert verdict(judged(data), "once")[0] == "pass"


def test_a_bank_outside_the_list_is_a_warning_only() -> None:
    data = example_data(ON)
    data["bank"]["bank"] = "招商银行"
    report = judged(data)
    result, reason, fix = verdict(report, "bank")
    assert result == "warn" and "招商银行" in reason and fix
    assert report.eligible
    for bank in ("上海银行", "中国银行", "上海农村商业银行", "中国邮政储蓄银行", "中国农业银行"):
        data["bank"]["bank"] = bank
        assert verdict(judged(data), "bank")[0] == "pass"


@pytest.mark.parametrize("bank", ["中国建设银行", "交通银行", "工商银行", "上海浦东发展银行"])
def test_a_bank_the_portal_does_not_offer_by_that_name_is_warned_about(bank: str) -> None:
    # the portal's 开户银行 list, name for name (mock_portal/formdef.py BANKS is the same set)
    for data in (example_data(ON), national()):
        data["bank"]["bank"] = bank
        result, reason, fix = verdict(judged(data), "bank")
        assert result == "warn" and "不在门户可选的开户银行之列" in reason
        assert fix is not None and "中国工商银行" in reason


def test_an_unknown_area_code_is_a_warning_rule() -> None:
    data = example_data(ON)
    body = "99999919920315432"
    data["applicant"]["id_number"] = body + ric.calc_check_digit(body + "0")
    report = judged(data)
    assert verdict(report, "id_area")[0] == "warn"
    assert report.eligible


# ---- national ----------------------------------------------------------------------------


def national(**changes: Any) -> dict[str, Any]:
    data = example_data(ON)
    data["policy"] = "national"
    for key, value in changes.items():
        section, field = key.split("__")
        data[section][field] = value
    return data


def test_national_amount_and_rules() -> None:
    report = judged(national())
    assert report.eligible
    assert report.amount == Decimal(2000)
    assert report.amount_explained == "三级/高级工上限 2000元"
    assert {"unemployment_insurance", "level", "yearly_cap"} <= {r.rule for r in report.rules}
    assert "insurance" not in {r.rule for r in report.rules}


@pytest.mark.parametrize(("months", "result"), [(11, "fail"), (12, "pass")])
def test_national_needs_twelve_months_of_unemployment_insurance(months: int, result: str) -> None:
    report = judged(national(social_insurance__unemployment_insurance_months=months))
    outcome, reason, fix = verdict(report, "unemployment_insurance")
    assert outcome == result
    if result == "fail":
        assert "不足 12 个月" in reason and fix == "缴满 12 个月（还差 1 个月）后再申请"


@pytest.mark.parametrize(
    ("level", "number", "amount"),
    [(5, "S000031000001265000123", 1000), (4, "S000031000001264000123", 1500)],
)
def test_national_amounts(level: int, number: str, amount: int) -> None:
    data = national(certificate__level=level, certificate__number=number)
    data["prior_claims"] = []
    assert judged(data).amount == Decimal(amount)


@pytest.mark.parametrize(
    ("level", "number"), [(2, "S000031000001262000123"), (1, "S000031000001261000123")]
)
def test_national_covers_levels_five_to_three_only(level: int, number: str) -> None:
    report = judged(national(certificate__level=level, certificate__number=number))
    result, reason, _ = verdict(report, "level")
    assert result == "fail" and "该等级不在补贴范围" in reason
    assert report.amount is None


def test_national_yearly_cap() -> None:
    data = national()
    data["prior_claims"] = [{"occupation": "焊工", "level": 4, "granted_on": "2026-03-01"}]
    result, reason, _ = verdict(judged(data), "yearly_cap")
    assert result == "fail" and "2026 年已享受 1 次" in reason
    data["prior_claims"][0]["granted_on"] = "2024-03-01"
    assert (
        verdict(judged(data, on=date(2024, 11, 1)), "yearly_cap")[0] == "pass"
    )  # 3 a year before 2025


def test_national_refuses_the_self_employed() -> None:
    report = judged(national(applicant__category="flexible"))
    assert verdict(report, "who")[0] == "fail"


def test_the_parameters_are_data() -> None:
    shanghai = policy_data("shanghai")
    assert shanghai["amounts"][3] == 2500
    assert shanghai["shares"]["employed"] == 80
    assert shanghai["window_months"] == 12
    assert policy_data("national")["min_unemployment_insurance_months"] == 12


def test_a_shortage_occupation_gets_thirty_percent_more(monkeypatch: pytest.MonkeyPatch) -> None:
    import autofill.policy as policy

    data = {**policy_data("shanghai"), "shortage_occupations": ["电工"]}
    monkeypatch.setattr(policy, "policy_data", lambda name: data)
    report = judged()
    assert report.amount_explained == "2500 × 80% × 130% = 2600元"
    assert report.amount == Decimal(2600)
