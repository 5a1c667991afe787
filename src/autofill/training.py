"""What a trainer says at each step of the flow: captions and common mistakes, as data.

The words follow the seed article's six steps ("网上申请详细步骤分解") and its "常见问题与应对策略";
the demo shows the caption on the page, the handout prints it with the mistakes for that step.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class StepGuide:
    """The trainer's words for one step of the flow."""

    key: str  # the flow's step name
    seed_step: int  # 1–6, the seed article's step
    title: str  # "第一步：登录平台，定位服务"
    caption: str  # what is happening and why, shown on the page
    mistakes: tuple[str, ...] = field(default_factory=tuple)  # common mistakes at this step


SEED_STEP_TITLES = {
    1: "第一步：登录平台，定位服务",
    2: "第二步：阅读指南，发起申请",
    3: "第三步：填写申请表单，上传材料",
    4: "第四步：信息确认与提交",
    5: "第五步：等待审核与结果查询",
    6: "第六步：补贴发放与查收",
}

_GUIDES = (
    StepGuide(
        "login",
        1,
        SEED_STEP_TITLES[1],
        "用已实名认证的账号和密码登录“上海市人力资源和社会保障网上服务平台”。"
        "注册使用的身份信息必须与证书、社保信息完全一致，否则后面系统自动比对时会出问题。",
        (
            "用了未完成高级认证的账号：办事指南会提示先完成实名认证（高级认证）。",
            "密码连续输错5次，账户会被锁定30分钟。",
            "没有提前登录检查个人账户信息，特别是银行卡信息是否完整准确。",
        ),
    ),
    StepGuide(
        "find_service",
        1,
        SEED_STEP_TITLES[1],
        "登录后在“个人办事”里找到“职业技能提升补贴申请”：可以搜索“技能提升”或“补贴”，"
        "也可以打开服务分类“职业能力”。界面布局不同时期略有差异，搜索最快。",
        ("找成了别的补贴（如职业培训补贴）：认准“职业技能提升补贴申请”。",),
    ),
    StepGuide(
        "guide",
        2,
        SEED_STEP_TITLES[2],
        "系统先显示办事指南：申请条件、申请材料、办理流程、补贴标准。务必仔细阅读，"
        "确认自己符合所有条件后，勾选“我已阅读并知晓申请须知”，再点“立即申请”。",
        (
            "没看申请条件就申请：在职人员须在本市缴纳城镇职工社会保险且处于缴费状态。",
            "超过申请时限：自发证之日起12个月内申请，一旦逾期，目前没有补救通道。",
            "同一职业同一等级的补贴每人只能享受一次。",
        ),
    ),
    StepGuide(
        "form",
        3,
        SEED_STEP_TITLES[3],
        "这是最关键的一步，需要极度仔细：姓名、证件号码由实名信息自动带出，只需核对；"
        "证书信息可按证书编号“查询”带出，务必与纸质证书完全一致；确认就业状态；"
        "填写本人在上海开户的借记卡，卡号要输入两次。",
        (
            "系统提示“证书信息校验失败”：核对证书编号、身份证号有无空格或错字；"
            "证书数据上传有延迟时可等待几天再试；确认证书种类属于补贴范围。",
            "系统提示“社保信息比对异常”：先在随申办确认当前缴费状态；单位缴费延迟时可稍作等待或咨询单位人事部门。",
            "银行卡不是本人名下在上海开户的借记卡，或两次输入的卡号不一致。",
        ),
    ),
    StepGuide(
        "upload",
        3,
        SEED_STEP_TITLES[3],
        "逐项上传材料：身份证人像面、国徽面，证书封面、个人信息页、等级页，银行卡。"
        "每个文件须是JPG、PNG或PDF格式，单个不超过1MB，清晰、完整、方向正确。",
        (
            "材料上传失败或格式不符：严格按要求的格式（JPG、PNG、PDF）和大小（不超过1MB）准备。",
            "照片模糊、缺角或信息不全，是审核不通过的常见原因：用扫描仪或手机高清拍摄，光线均匀。",
            "上传总是失败：可以尝试更换浏览器或使用更稳定的网络环境。",
        ),
    ),
    StepGuide(
        "preview",
        4,
        SEED_STEP_TITLES[4],
        "提交前系统生成“申请信息预览”。请逐字逐项核对：工具把预览上的每一项读回来与档案比对，"
        "有不一致就停下。确认无误后由申请人本人决定是否提交。",
        (
            "没有逐项核对就提交：预览上的任何一处不一致都应先“返回修改”。",
            "忘记勾选“本人承诺以上信息真实、准确、完整”。",
        ),
    ),
    StepGuide(
        "submit",
        4,
        SEED_STEP_TITLES[4],
        "本人确认后点“确认提交”。提交成功页显示办件编号，状态变为“待审核”。"
        "请记下办件编号；提交只做一次，网络异常时先去“我的办件”查看，不要重复提交。",
        ("网络卡顿时反复点击“确认提交”：先到“我的办件”确认是否已经受理。",),
    ),
    StepGuide(
        "status",
        5,
        SEED_STEP_TITLES[5],
        "提交后进入审核：人社部门核查证书真实性、社保条件和申请资格，通常需要数个工作日。"
        "可随时在“我的办件”查询进度；审核通过后补贴发放到预留的银行账户（第六步）。",
        (
            "审核不通过：仔细阅读审核意见；材料问题看能否补正，资格问题核实自身条件，有异议可咨询或申诉。",
            "退回补正：在办件详情点“补正材料”，重新上传指出的材料后“重新提交”。",
            "补贴到账通常在审核通过后的几周内，请注意查收银行账户变动信息。",
        ),
    ),
)

GUIDES: dict[str, StepGuide] = {g.key: g for g in _GUIDES}


def guide_for(step: str) -> StepGuide:
    """The trainer's words for a flow step; an unknown step gets a plain caption, never an error."""
    key = str(getattr(step, "value", step))
    found = GUIDES.get(key)
    if found is not None:
        return found
    return StepGuide(key, 0, key, f"正在进行：{key}")
