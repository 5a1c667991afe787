"""Judging a scenario: each way a run can miss its expectation is named in the table."""

from __future__ import annotations

from autofill.scenarios.context import Outcome
from autofill.scenarios.model import Expectation
from autofill.scenarios.runner import PortalState, check, describe


def test_a_run_that_meets_everything_passes() -> None:
    expect = Expectation(
        exit_code=4, message_contains="社保信息比对异常", case_status="草稿", cases=0
    )
    got, problems = check(
        expect, Outcome(4, "门户拒绝：社保信息比对异常"), PortalState("草稿", 0, "C1")
    )
    assert problems == []
    assert got == "退出码 4，草稿，0 个办件"


def test_every_miss_is_reported() -> None:
    expect = Expectation(
        exit_code=0,
        message_contains=["办件编号"],
        case_status="待审核",
        cases=1,
        amount="2000.00元",
    )
    _, problems = check(expect, Outcome(6, "系统繁忙，请稍后再试"), PortalState("无", 0, None))
    assert len(problems) == 5
    assert problems[0].startswith("退出码应为 0，实际 6")
    assert "消息应包含“办件编号”" in problems[1]
    assert "办件状态应为 待审核，实际 无" in problems[2]
    assert "已提交办件应为 1 个，实际 0 个" in problems[3]
    assert "补贴金额应为 2000.00元" in problems[4]


def test_the_review_opinion_is_read_from_the_outcome() -> None:
    expect = Expectation(case_status="审核不通过", review_opinion_contains="不符合")
    ok = check(
        expect, Outcome(0, "", opinion="不符合在职人员申请条件"), PortalState("审核不通过", 1, "C1")
    )
    missed = check(expect, Outcome(0, "", opinion=""), PortalState("审核不通过", 1, "C1"))
    assert ok[1] == [] and len(missed[1]) == 1


def test_describe_is_short_and_chinese() -> None:
    assert describe(Expectation(exit_code=3, cases=0)) == "退出码 3，0 个办件"


def test_the_report_reads_in_english_with_the_portals_words_kept() -> None:
    expect = Expectation(exit_code=0, case_status="待审核", cases=1)
    got, problems = check(
        expect, Outcome(6, "系统繁忙，请稍后再试"), PortalState("无", 0, None), "en"
    )
    assert got == "exit code 6, 无, 0 case(s)"
    assert problems == [
        "exit code should be 0, got 6: 系统繁忙，请稍后再试",
        "the case status should be 待审核, got 无",
        "submitted cases should be 1, got 0",
    ]
    assert describe(Expectation(exit_code=3, cases=0), "en") == "exit code 3, 0 case(s)"
