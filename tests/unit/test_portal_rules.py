"""The mock's own rule helpers: month arithmetic, the working-age reading of an ID, amounts."""

from __future__ import annotations

from datetime import date

from mock_portal.rules import (
    add_months,
    age_on,
    birth_date_and_sex,
    load_policy,
    subsidy_amount_cents,
)


def test_add_months_keeps_the_day_or_takes_the_last() -> None:
    assert add_months(date(2026, 10, 20), 12) == date(2027, 10, 20)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)


def test_birth_date_sex_and_age() -> None:
    assert birth_date_and_sex("310101199203154321") == (date(1992, 3, 15), "female")
    assert birth_date_and_sex("310101198506121012") == (date(1985, 6, 12), "male")
    assert birth_date_and_sex("310101199302304321") is None
    assert age_on(date(1992, 3, 15), date(2026, 3, 14)) == 33
    assert age_on(date(1992, 3, 15), date(2026, 3, 15)) == 34


def test_amounts_by_policy() -> None:
    shanghai, national = load_policy("shanghai"), load_policy("national")
    assert subsidy_amount_cents(shanghai, "职业技能等级证书", 3, "在职") == 200000
    assert subsidy_amount_cents(shanghai, "职业技能等级证书", 3, "失业") == 250000
    assert subsidy_amount_cents(shanghai, "职业技能等级证书", 1, "灵活就业") == 350000
    assert subsidy_amount_cents(national, "职业技能等级证书", 3, "在职") == 200000
    assert subsidy_amount_cents(national, "职业技能等级证书", 5, "在职") == 100000
    assert subsidy_amount_cents(national, "职业技能等级证书", 2, "在职") == 0
