"""The portal map: every heading, label, button, status and message the client relies on.

The page objects never spell a portal text themselves; they read it from here, so that adapting
to the real site's wording is a data change (`--portal-texts FILE`, JSON or YAML), not a code
change. The defaults are the texts of `spec/portal.md`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import yaml

from autofill.errors import BadInput
from autofill.profile import DOCUMENT_ITEMS
from autofill.reading import PORTAL_TEXTS_LIMIT, read_text_bounded


def _levels() -> dict[str, str]:
    return {
        "5": "五级/初级工",
        "4": "四级/中级工",
        "3": "三级/高级工",
        "2": "二级/技师",
        "1": "一级/高级技师",
    }


def _materials() -> dict[str, str]:
    # item key of the profile's `documents` → the upload item's label, in upload order
    return dict(DOCUMENT_ITEMS)


@dataclass(frozen=True)
class PortalTexts:
    """The texts of one portal; any field may be overridden from a file."""

    # every page
    session_expired: str = "登录已超时，请重新登录"
    busy: str = "系统繁忙，请稍后再试"
    my_cases_link: str = "我的办件"
    logout: str = "退出"

    # login
    login_heading: str = "用户登录"
    login_user: str = "证件号码/手机号"
    login_password: str = "密码"
    login_button: str = "登录"
    sms_code: str = "短信验证码"
    sms_send: str = "获取验证码"
    login_failed: str = "用户名或密码错误"
    sms_failed: str = "验证码错误或已过期"
    account_locked: str = "账户已锁定，请30分钟后再试"
    #: what only a person can pass: `--login auto` stops on them, `--login manual` hands them over
    captcha_label: str = "图形验证码"
    qr_prompt: str = "请使用随申办APP扫码登录"

    # service search
    home_heading: str = "个人办事"
    search_box: str = "搜索服务"
    search_button: str = "搜索"
    search_phrase: str = "技能提升"
    category_link: str = "职业能力"
    service_link: str = "职业技能提升补贴申请"

    # guide
    guide_heading: str = "职业技能提升补贴申请"
    guide_ack: str = "我已阅读并知晓申请须知"
    #: the guide's sections saved into the evidence (guide.txt, guide.json), in the page's order
    guide_sections: list[str] = field(
        default_factory=lambda: ["申请条件", "申请材料", "办理流程", "补贴标准"]
    )
    #: the sections whose lines are shown before the human gate (its key points)
    guide_key_sections: list[str] = field(default_factory=lambda: ["申请条件", "申请材料"])
    apply_button: str = "立即申请"
    real_name_required: str = "请先完成实名认证（高级认证）后再办理此事项"

    # form
    form_heading: str = "职业技能提升补贴申请表"
    name: str = "姓名"
    id_number: str = "证件号码"
    phone: str = "联系电话"
    certificate_number: str = "证书编号"
    certificate_lookup: str = "查询"
    certificate_kind: str = "证书类型"
    occupation: str = "职业（工种）"
    level: str = "等级"
    issue_date: str = "发证日期"
    issuer: str = "发证机构"
    hukou: str = "户籍"
    insurance_status: str = "参保状态"
    unemployment_months: str = "累计缴纳失业保险月数"
    employment: str = "就业状态"
    employer: str = "工作单位"
    bank: str = "开户银行"
    card_number: str = "银行卡号"
    card_number_again: str = "确认银行卡号"
    uploaded: str = "已上传"
    delete: str = "删除"
    save_button: str = "暂存"
    next_button: str = "下一步"
    form_errors: str = "请修正以下问题"
    upload_errors: list[str] = field(
        default_factory=lambda: ["文件格式不符合要求", "文件大小超过限制", "上传失败，请重试"]
    )
    materials: dict[str, str] = field(default_factory=_materials)

    # values as the portal shows them
    certificate_kinds: dict[str, str] = field(
        default_factory=lambda: {"skill_level": "职业技能等级证书", "qualification": "职业资格证书"}
    )
    levels: dict[str, str] = field(default_factory=_levels)
    employments: dict[str, str] = field(
        default_factory=lambda: {"employed": "在职", "unemployed": "失业", "flexible": "灵活就业"}
    )
    hukous: dict[str, str] = field(default_factory=lambda: {"shanghai": "本市", "other": "外省市"})
    insurance_paying: str = "正常缴费"
    insurance_not_paying: list[str] = field(default_factory=lambda: ["暂停缴费", "未参保"])

    # preview
    preview_heading: str = "申请信息预览"
    promise: str = "本人承诺以上信息真实、准确、完整"
    back_button: str = "返回修改"
    submit_button: str = "确认提交"

    # result
    result_heading: str = "提交成功"
    case_no_prefix: str = "办件编号："
    current_status_prefix: str = "当前状态："

    # my cases and case detail
    my_cases_heading: str = "我的办件"
    column_case_no: str = "办件编号"
    column_service: str = "事项名称"
    column_submitted: str = "提交时间"
    column_status: str = "办件状态"
    view_link: str = "查看"
    previous_page: str = "上一页"
    next_page: str = "下一页"
    detail_heading: str = "办件详情"
    detail_status: str = "办件状态"
    detail_opinion: str = "审核意见"
    detail_amount: str = "补贴金额"
    detail_paid_on: str = "发放时间"
    correction_heading: str = "补正材料"
    resubmit_button: str = "重新提交"
    status_draft: str = "草稿"
    status_pending: str = "待审核"
    status_reviewing: str = "审核中"
    status_approved: str = "审核通过"
    status_rejected: str = "审核不通过"
    status_returned: str = "退回补正"
    status_paid: str = "已发放"

    @property
    def terminal_statuses(self) -> tuple[str, ...]:
        """The statuses after which a case never changes again."""
        return (self.status_rejected, self.status_paid)

    @property
    def active_statuses(self) -> tuple[str, ...]:
        """The statuses of a submitted case that blocks a second application."""
        return (
            self.status_pending,
            self.status_reviewing,
            self.status_returned,
            self.status_approved,
            self.status_paid,
        )

    @property
    def statuses(self) -> tuple[str, ...]:
        return (
            self.status_draft,
            self.status_pending,
            self.status_reviewing,
            self.status_approved,
            self.status_rejected,
            self.status_returned,
            self.status_paid,
        )

    def level_name(self, level: int) -> str:
        return self.levels[str(int(level))]


DEFAULT_TEXTS = PortalTexts()


def load_texts(path: Path | None) -> PortalTexts:
    """The portal map: the defaults, with the keys of `path` (JSON or YAML) overriding them."""
    if path is None:
        return DEFAULT_TEXTS
    raw = read_text_bounded(path, PORTAL_TEXTS_LIMIT, "what.portal_texts", field="--portal-texts")
    try:
        data: Any = json.loads(raw) if path.suffix.lower() == ".json" else yaml.safe_load(raw)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise BadInput(
            f"--portal-texts 文件格式错误：{path}：{exc}",
            errors=[{"path": "--portal-texts", "message": str(exc)}],
        ) from None
    if data is None:
        return DEFAULT_TEXTS
    if not isinstance(data, dict):
        raise BadInput(
            '--portal-texts 文件须是一个键值对象（如 {"login_button": "登 录"}）',
            errors=[{"path": "--portal-texts", "message": "not a mapping"}],
        )
    known = {f.name: f for f in fields(PortalTexts)}
    errors = []
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            errors.append({"path": f"--portal-texts.{key}", "message": "未知的键"})
            continue
        default = getattr(DEFAULT_TEXTS, key)
        if isinstance(default, dict):
            if not isinstance(value, dict):
                errors.append({"path": f"--portal-texts.{key}", "message": "须是键值对象"})
                continue
            changes[key] = {**default, **{str(k): str(v) for k, v in value.items()}}
        elif isinstance(default, list):
            if not isinstance(value, list):
                errors.append({"path": f"--portal-texts.{key}", "message": "须是列表"})
                continue
            changes[key] = [str(v) for v in value]
        elif not isinstance(value, str) or not value.strip():
            errors.append({"path": f"--portal-texts.{key}", "message": "须是非空文本"})
        else:
            changes[key] = value
    if errors:
        raise BadInput(f"--portal-texts 文件有 {len(errors)} 处错误：{path}", errors=errors)
    return replace(DEFAULT_TEXTS, **changes)
