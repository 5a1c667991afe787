"""The scenario file's model: one situation of the application, for QA suites and training demos.

A scenario is a YAML file. It says who the people are (the portal's setup and the profile), what
the operator answers at the confirmation prompt, and what must happen (the exit code, the
message, the case on the portal), optionally followed by what happens next on the portal (clock
advances, a reviewer's decisions, a re-upload) with further expectations.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from autofill.dates import SHANGHAI, add_months
from autofill.profile import DOCUMENT_ITEMS

#: the portal's statuses (portal.md), plus "无" for "no case for this certificate"
CASE_STATUSES = ("草稿", "待审核", "审核中", "审核通过", "审核不通过", "退回补正", "已发放", "无")

#: what the flow reports as its steps (observer.py), so that an event can be tied to one;
#: "upload" stands for every "upload:<item>"
FLOW_STEPS = (
    "validate",
    "check",
    "prepare",
    "portal",
    "login",
    "find_case",
    "open_form",
    "upload",
    "fill_contact",
    "fill_certificate",
    "fill_employment",
    "fill_bank",
    "next",
    "read_preview",
    "save_evidence",
    "confirm",
    "submit",
    "read_result",
    "status",
    "reupload",
    "open_case",
    "resubmit",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Operator(StrEnum):
    """What the person at the confirmation prompt does."""

    APPROVE = "approve"  # answers yes: the tool submits
    DECLINE = "decline"  # answers no: exit 5, the draft stays
    NONE = "none"  # nobody is there (no terminal): stop at the preview, exit 5


class ReviewPolicy(_Strict):
    """The portal's auto-review policy, as `POST /__mock__/review` takes it."""

    mode: Literal["manual", "auto"] = "manual"
    decision: Literal["approve", "reject", "return"] | None = None
    reason: str | None = None
    after_seconds: list[int] | None = Field(
        default=None,
        description="门户时钟上提交后多少秒进入 审核中、作出决定、（通过时）已发放",
        min_length=1,
        max_length=3,
    )

    @model_validator(mode="after")
    def _auto_needs_a_decision(self) -> ReviewPolicy:
        if self.mode == "auto" and self.decision is None:
            raise ValueError("mode 为 auto 时须给出 decision（approve、reject 或 return）")
        return self


class Faults(_Strict):
    """The portal's faults (portal.md, "Faults"); every random one draws from `seed`."""

    seed: int | None = None
    latency_ms: int | tuple[int, int] | None = None
    error_rate: float | None = Field(default=None, ge=0, le=1)
    session_ttl_s: int | None = Field(default=None, gt=0)
    cert_db_lag_days: int | None = Field(default=None, ge=0)
    upload_fail_rate: float | None = Field(default=None, ge=0, le=1)
    submit_drop: bool | None = None
    mangle_preview: bool | str | None = Field(
        default=None, description="true，或要篡改的预览标签（如 银行卡号）"
    )
    sms_login: bool | None = None
    captcha: bool | None = Field(
        default=None, description="登录页要求图形验证码：--login auto 停下并提示改用 --login manual"
    )

    def as_body(self) -> dict[str, Any]:
        """The body of `POST /__mock__/faults`: only the keys the scenario sets."""
        body = self.model_dump(exclude_none=True)
        if isinstance(body.get("latency_ms"), tuple):
            body["latency_ms"] = list(body["latency_ms"])
        return body


class PortalSetup(_Strict):
    """How the mock portal is set up before the run."""

    @field_validator("now")
    @classmethod
    def _now_is_a_time(cls, value: datetime | str | None) -> datetime | str | None:
        if isinstance(value, str) and relative_date(value, date(2000, 1, 1)) is None:
            raise ValueError(
                "须是 ISO 时间（2026-11-29T10:00:00+08:00）或 today+12m+2d 这样的相对日期"
            )
        return value

    def clock_body(self, today: date) -> dict[str, str] | None:
        """The body of `POST /__mock__/clock` for `now`, or None to keep real time."""
        if self.now is None:
            return None
        if isinstance(self.now, datetime):
            now = self.now if self.now.tzinfo else self.now.replace(tzinfo=SHANGHAI)
            return {"now": now.isoformat()}
        day = relative_date(self.now, today)
        assert day is not None  # checked by the validator
        return {"now": datetime.combine(day, time(10, 0), tzinfo=SHANGHAI).isoformat()}

    layout: Literal["classic", "modern"] = "classic"
    policy: Literal["shanghai", "national"] = "shanghai"
    now: datetime | str | None = Field(
        default=None,
        description="门户时钟，如 2026-11-29T10:00:00+08:00，或相对今天，如 today+12m+2d（当天 10:00）；不填则为真实时间",
    )
    faults: Faults = Field(default_factory=Faults)
    review: ReviewPolicy = Field(default_factory=ReviewPolicy)
    provision_applicant: bool = Field(
        default=True, description="是否按档案在门户开通申请人（账户、证书登记、社保记录、既往补贴）"
    )
    applicant: dict[str, Any] = Field(
        default_factory=dict,
        description="对按档案开通的门户申请人数据的改写，键为点分路径，如 social_insurance.status: suspended",
    )
    citizens: list[dict[str, Any]] = Field(
        default_factory=list, description="另外开通的门户用户（/__mock__/citizens 的请求体）"
    )
    device: str | None = Field(default=None, description="Playwright 设备名，如 iPhone 13")
    viewport: tuple[int, int] | None = Field(default=None, description="[宽, 高]，如 [1280, 900]")


class ProfileSource(_Strict):
    """The applicant profile: a file, plus overrides by dotted path."""

    path: str = Field(description="档案文件路径，相对于场景文件所在目录")
    overrides: dict[str, Any] = Field(
        default_factory=dict,
        description="按点分路径改写档案，如 certificate.issue_date: 2025-10-19；列表用序号，如 prior_claims.0.level",
    )

    @field_validator("overrides")
    @classmethod
    def _paths_are_dotted_names(cls, value: dict[str, Any]) -> dict[str, Any]:
        for key in value:
            if not key or any(not part for part in key.split(".")):
                raise ValueError(f"改写路径 {key!r} 不是点分路径（如 certificate.issue_date）")
        return value


class Expectation(_Strict):
    """What must be true after a run (or after the actions before it)."""

    exit_code: int | None = Field(default=None, ge=0, le=7)
    message_contains: str | list[str] | None = Field(
        default=None, description="结果消息须包含的文字（一个或多个）"
    )
    case_status: str | None = Field(
        default=None, description="门户上该证书办件的状态；“无”表示没有办件（草稿也不算）"
    )
    cases: int | None = Field(
        default=None, ge=0, description="门户上该申请人已提交（非草稿）的办件数"
    )
    review_opinion_contains: str | None = Field(
        default=None,
        description="办件详情“审核意见”须包含的文字（取自最近一次 status 动作读到的办件详情）",
    )
    amount: str | None = Field(
        default=None, description="办件详情“补贴金额”，如 2000.00元（取自最近一次 status 动作）"
    )

    @field_validator("case_status")
    @classmethod
    def _known_status(cls, value: str | None) -> str | None:
        if value is not None and value not in CASE_STATUSES:
            raise ValueError(f"未知的办件状态 {value!r}，可选：{'、'.join(CASE_STATUSES)}")
        return value

    def messages(self) -> list[str]:
        if self.message_contains is None:
            return []
        if isinstance(self.message_contains, str):
            return [self.message_contains]
        return list(self.message_contains)


class AdvanceClock(_Strict):
    """Moves the portal's clock forward (auto-review and deadlines run on it)."""

    advance_days: int | None = Field(default=None, ge=0)
    advance_seconds: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _one_of(self) -> AdvanceClock:
        if (self.advance_days is None) == (self.advance_seconds is None):
            raise ValueError("advance_days 与 advance_seconds 须且只须给出一个")
        return self


class ReviewAction(_Strict):
    """A reviewer's decision on the applicant's case (审核工作台)."""

    review: Literal["approve", "reject", "return", "pay"]
    reason: str | None = None


class ReuploadAction(_Strict):
    """The applicant answers 退回补正: re-uploads the named items and presses 重新提交."""

    reupload: list[str] = Field(min_length=1)

    @field_validator("reupload")
    @classmethod
    def _known_items(cls, value: list[str]) -> list[str]:
        for item in value:
            if item not in DOCUMENT_ITEMS:
                raise ValueError(f"未知的材料 {item!r}，可选：{', '.join(DOCUMENT_ITEMS)}")
        return value


class AmendAction(_Strict):
    """`autofill amend` of the case: what "补正材料" asks for, uploaded again, then "重新提交"."""

    amend: Operator | Literal["digest"] = Field(
        default=Operator.APPROVE,
        description="在确认处：approve 回答 y；decline 回答 n；none 无终端（退出码5）；"
        "digest 用上一次停下时打印的摘要完成（autofill amend RUN_ID --digest）",
    )
    files: dict[str, str] = Field(
        default_factory=dict,
        description="--file：材料名（按门户的写法，如 证书等级页）→ 文件路径（相对场景文件）；"
        "不给则取档案中的材料",
    )

    @field_validator("files")
    @classmethod
    def _known_labels(cls, value: dict[str, str]) -> dict[str, str]:
        for label in value:
            if label not in DOCUMENT_ITEMS.values():
                raise ValueError(
                    f"未知的材料 {label!r}，可选：{'、'.join(DOCUMENT_ITEMS.values())}"
                )
        return value


class RunAgain(_Strict):
    """`autofill run` once more with the same profile (a second attempt, a retry)."""

    run: Operator = Operator.APPROVE


class StatusAction(_Strict):
    """`autofill status --case CASE_NO` (with `--wait`: until a terminal status)."""

    status: Literal["once", "wait"] = "once"
    timeout_s: float = 60


class FaultsAction(_Strict):
    """Changes the portal's faults between actions (e.g. lifts a fault before a retry)."""

    faults: dict[str, Any]


class ExpectAction(_Strict):
    """Checks an expectation at this point of the sequence."""

    expect: Expectation


_ACTION_KEYS = {
    "advance_days": "then:clock",
    "advance_seconds": "then:clock",
    "review": "then:review",
    "reupload": "then:reupload",
    "amend": "then:amend",
    "run": "then:run",
    "status": "then:status",
    "faults": "then:faults",
    "expect": "then:expect",
}


def _action_kind(value: Any) -> str | None:
    """Which action a `then` item is, by its key (so that errors speak of that action only)."""
    if isinstance(value, BaseModel):
        value = value.model_dump()
    if isinstance(value, dict):
        for key in value:
            if key in _ACTION_KEYS:
                return _ACTION_KEYS[key]
    return None


ThenAction = Annotated[
    Annotated[AdvanceClock, Tag("then:clock")]
    | Annotated[ReviewAction, Tag("then:review")]
    | Annotated[ReuploadAction, Tag("then:reupload")]
    | Annotated[AmendAction, Tag("then:amend")]
    | Annotated[RunAgain, Tag("then:run")]
    | Annotated[StatusAction, Tag("then:status")]
    | Annotated[FaultsAction, Tag("then:faults")]
    | Annotated[ExpectAction, Tag("then:expect")],
    Discriminator(
        _action_kind,
        custom_error_type="unknown_action",
        custom_error_message="未知的动作：须以 advance_days、advance_seconds、review、reupload、amend、run、status、faults 或 expect 开头",
    ),
]


class DuringEvent(_Strict):
    """Something done to the portal while the run is at a step (e.g. the session idles out)."""

    @field_validator("at")
    @classmethod
    def _known_step(cls, value: str) -> str:
        if value not in FLOW_STEPS:
            raise ValueError(f"未知的流程步骤 {value!r}，可选：{', '.join(FLOW_STEPS)}")
        return value

    at: str = Field(
        description="流程步骤（如 login、upload、fill_bank、next、submit），进入该步骤时执行一次"
    )
    advance_seconds: int | None = Field(default=None, ge=0)
    faults: dict[str, Any] | None = None


class Scenario(_Strict):
    """One situation: who, what the portal does, what the operator answers, what must happen."""

    title: str = Field(min_length=2, description="标题（中文），出现在结果表中")
    description: str = Field(min_length=2, description="说明（中文）：这个场景演示或检验什么")
    seed_step: int | None = Field(
        default=None, ge=1, le=6, description="对应原文“网上申请详细步骤”的第几步"
    )
    tags: list[str] = Field(default_factory=list)
    portal: PortalSetup = Field(default_factory=PortalSetup)
    profile: ProfileSource
    operator: Operator = Operator.APPROVE
    during: list[DuringEvent] = Field(default_factory=list)
    expect: Expectation
    then: list[ThenAction] = Field(
        default_factory=list,
        description="运行之后依次执行：advance_days/advance_seconds、review、reupload、amend、run、status、faults、expect",
    )


_RELATIVE = re.compile(r"^today((?:[+-]\d+[dmy])*)$")
_TERM = re.compile(r"([+-]\d+)([dmy])")


def relative_date(text: str, today: date) -> date | None:
    """`today-12m-1d` → that date; None when `text` is not such an expression."""
    match = _RELATIVE.match(text.replace(" ", ""))
    if match is None:
        return None
    day = today
    for amount, unit in _TERM.findall(match.group(1)):
        n = int(amount)
        if unit == "d":
            day = day + timedelta(days=n)
        else:
            day = add_months(day, n * (12 if unit == "y" else 1))
    return day


def resolve_dates(value: object, today: date) -> object:
    """Turns relative dates (`today-12m-1d`) into ISO text, recursively; other values pass."""
    if isinstance(value, str):
        day = relative_date(value, today)
        return day.isoformat() if day is not None else value
    if isinstance(value, dict):
        return {k: resolve_dates(v, today) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve_dates(v, today) for v in value]
    return value


def iso(value: object) -> object:
    """YAML turns `2025-10-19` into a date; profiles and the portal want the ISO text."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [iso(v) for v in value]
    return value
