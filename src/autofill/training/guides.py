"""What a trainer says at each step of the flow: captions and common mistakes, as data.

The words follow the seed article's six steps ("网上申请详细步骤分解") and its "常见问题与应对策略";
the demo shows the caption on the page, the handout prints it with the mistakes for that step.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class StepGuide:
    """The trainer's words for one step of the flow."""

    key: str  # the flow's step name (uploads: "upload", whatever the item)
    seed_step: int  # 1–6, the seed article's step (0: before the portal)
    title: str  # "第一步：登录平台，定位服务"
    subtitle: str  # what this step does, in a few words
    caption: str  # what is happening and why, shown on the page
    mistakes: tuple[str, ...] = field(default_factory=tuple)  # common mistakes at this step
    in_handout: bool = True  # steps that only the tool cares about stay out of the handout
    #: when the handout's screenshot is taken: after the step ("finish"), or before it with the
    #: control outlined ("start") where the step leaves the page (the submit button)
    shot: str = "finish"


SEED_STEP_TITLES = {
    1: "第一步：登录平台，定位服务",
    2: "第二步：阅读指南，发起申请",
    3: "第三步：填写申请表单，上传材料",
    4: "第四步：信息确认与提交",
    5: "第五步：等待审核与结果查询",
    6: "第六步：补贴发放与查收",
}

_FAQ1 = (
    "系统提示“证书信息校验失败”：反复核对证书编号、身份证号是否完全准确，有无空格或字符错误；"
    "证书数据上传有延迟时可等待几天再试；确认证书种类符合补贴范围。"
)
_FAQ2 = (
    "系统提示“社保信息比对异常”：先通过上海人社APP或随申办确认当前缴费状态；"
    "单位缴费延迟时可稍作等待或咨询单位人事部门。"
)
_FAQ3 = "材料上传失败或格式不符：严格按要求的格式（JPG、PNG、PDF）和大小（不超过1MB）准备材料。"
_FAQ4 = "超过规定申请时限：自发证之日起12个月内申请，一旦逾期，目前没有补救通道。"
_FAQ5 = "审核不通过：仔细阅读不通过的理由；材料问题看能否补正，资格问题核实自身条件，有异议可咨询或申诉。"

_GUIDES = (
    StepGuide(
        "check",
        0,
        "申请前的必备功课：核对条件与材料",
        "离线核对",
        "打开网站之前，先核对申领条件：证书有效、社保在缴、在12个月时限内、同一职业同一等级未享受过、"
        "不是机关事业单位在编人员、在法定劳动年龄内；材料格式和大小也先检查好。条件不符，后面的操作都没有意义。",
        (_FAQ4, "同一职业（工种）同一等级的补贴，每人只能享受一次。", _FAQ3),
    ),
    StepGuide(
        "login",
        1,
        SEED_STEP_TITLES[1],
        "登录平台",
        "用已实名认证（高级认证）的账号和密码登录“上海市人力资源和社会保障网上服务平台”。"
        "注册的身份信息必须与证书、社保信息完全一致，否则后面系统自动比对时会出问题。",
        (
            "用了未完成高级认证的账号：办事指南会提示先完成实名认证（高级认证）。",
            "密码连续输错5次，账户会被锁定30分钟。",
            "没有提前登录检查个人账户信息，特别是银行卡信息是否完整准确。",
        ),
    ),
    StepGuide(
        "find_case",
        5,
        SEED_STEP_TITLES[5],
        "先查“我的办件”",
        "先在“我的办件”里查看这张证书是否已经申请过：已有办件就接着查询进度，不重复申请。",
        ("重复申请：同一证书已有在办或已办结的申请时，门户会提示“已有在办或已办结的申请”。",),
        in_handout=False,
    ),
    StepGuide(
        "find_service",
        1,
        SEED_STEP_TITLES[1],
        "定位服务",
        "登录后在“个人办事”里找“职业技能提升补贴申请”：搜索“技能提升”或“补贴”，或者打开分类“职业能力”。"
        "不同时期的界面布局略有差异，用搜索最快。",
        ("找成了别的补贴（如职业培训补贴）：认准“职业技能提升补贴申请”。",),
    ),
    StepGuide(
        "guide",
        2,
        SEED_STEP_TITLES[2],
        "阅读指南，立即申请",
        "系统先显示办事指南：申请条件、申请材料、办理流程、补贴标准。务必仔细阅读，确认符合所有条件后，"
        "勾选“我已阅读并知晓申请须知”，再点“立即申请”。",
        (
            "没看申请条件就申请：在职人员须在本市缴纳城镇职工社会保险且处于缴费状态。",
            _FAQ4,
        ),
    ),
    StepGuide(
        "open_form",
        2,
        SEED_STEP_TITLES[2],
        "找到服务，阅读指南，打开申请表",
        "在“个人办事”搜索“技能提升”，打开“职业技能提升补贴申请”；仔细阅读办事指南（申请条件、材料、流程、补贴标准），"
        "勾选“我已阅读并知晓申请须知”，点“立即申请”，打开申请表（系统同时建立一份草稿）。",
        (
            "找成了别的补贴（如职业培训补贴）：认准“职业技能提升补贴申请”。",
            "没看申请条件就申请：在职人员须在本市缴纳城镇职工社会保险且处于缴费状态。",
            _FAQ4,
        ),
    ),
    StepGuide(
        "upload",
        3,
        SEED_STEP_TITLES[3],
        "上传材料",
        "逐项上传材料：身份证人像面、国徽面，证书封面、个人信息页、等级页，银行卡。"
        "每个文件须是JPG、PNG或PDF格式，单个不超过1MB；上传后显示“已上传”和缩略图。",
        (
            _FAQ3,
            "照片模糊、缺角或信息不全，是审核不通过的常见原因：用扫描仪或手机高清拍摄，光线均匀、方向正确。",
            "上传总是失败：可以尝试更换浏览器或使用更稳定的网络环境。",
        ),
    ),
    StepGuide(
        "fill_contact",
        3,
        SEED_STEP_TITLES[3],
        "个人基本信息",
        "姓名、证件号码由实名认证信息自动带出，只需核对；联系电话可以修改，请填本人常用手机。",
        ("注册时的身份信息与证书、社保信息不一致，会导致系统比对失败。",),
    ),
    StepGuide(
        "fill_certificate",
        3,
        SEED_STEP_TITLES[3],
        "证书信息",
        "输入证书编号后点“查询”，系统从国家证书库带出证书类型、职业（工种）、等级、发证日期、发证机构；"
        "也可以手工填写。务必与纸质证书完全一致。",
        (_FAQ1,),
    ),
    StepGuide(
        "fill_employment",
        3,
        SEED_STEP_TITLES[3],
        "社保与就业信息",
        "户籍、参保状态和失业保险月数由系统按身份证号关联本市社保自动显示；申请人只需确认就业状态"
        "（在职、失业、灵活就业），在职的填写工作单位。",
        (_FAQ2, "外省市户籍人员须是在本市就业并参保的在职人员。"),
    ),
    StepGuide(
        "fill_bank",
        3,
        SEED_STEP_TITLES[3],
        "银行账户信息",
        "选择开户银行，填写接收补贴的本人在上海开户的借记卡卡号，并再输入一次确认。这是补贴发放的唯一路径。",
        (
            "银行卡不是本人名下在上海开户的借记卡。",
            "两次输入的卡号不一致，或抄错一位（卡号校验不通过）。",
        ),
    ),
    StepGuide(
        "next",
        3,
        SEED_STEP_TITLES[3],
        "点击“下一步”，门户校验",
        "点“下一步”后门户在服务器端核对全部信息（证书、社保、时限、是否重复申请等）。"
        "有问题时表单顶部“请修正以下问题”列出原因，字段旁边也有红字，草稿保留。",
        (_FAQ1, _FAQ2, _FAQ4),
        in_handout=False,
    ),
    StepGuide(
        "read_preview",
        4,
        SEED_STEP_TITLES[4],
        "核对预览",
        "提交前系统生成“申请信息预览”。请逐字逐项核对：工具把预览上的每一项读回来与申请资料比对，"
        "有任何不一致就停下，不提交。",
        (
            "没有逐项核对就提交：预览上的任何一处不一致都应先“返回修改”。",
            "材料缩略图模糊不清或方向不对。",
        ),
    ),
    StepGuide(
        "save_evidence",
        4,
        SEED_STEP_TITLES[4],
        "保存预览证据",
        "保存预览页的截图、PDF 和读回的数据，作为本人确认的依据。",
        in_handout=False,
    ),
    StepGuide(
        "confirm",
        4,
        SEED_STEP_TITLES[4],
        "本人确认",
        "工具列出“申请资料 ↔ 门户预览”对照表和预览摘要，由申请人本人决定是否提交；默认不提交。",
        ("没有本人确认就提交：提交后不可撤回。",),
        in_handout=False,
    ),
    StepGuide(
        "submit",
        4,
        SEED_STEP_TITLES[4],
        "确认提交",
        "勾选“本人承诺以上信息真实、准确、完整”，点“确认提交”。提交成功页显示办件编号，状态为“待审核”。"
        "提交只做一次：网络异常时先去“我的办件”查看，不要重复点击。",
        ("忘记勾选承诺。", "网络卡顿时反复点击“确认提交”：先到“我的办件”确认是否已经受理。"),
        shot="start",
    ),
    StepGuide(
        "read_result",
        4,
        SEED_STEP_TITLES[4],
        "记下办件编号",
        "提交成功：页面显示办件编号和“当前状态：待审核”。记下办件编号，以后在“我的办件”中按编号查询进度。",
        ("没有记下办件编号：也可以在“我的办件”里按提交时间找到。",),
    ),
    StepGuide(
        "status",
        5,
        SEED_STEP_TITLES[5],
        "查询办件状态",
        "提交后进入审核：人社部门核查证书真实性、社保条件和申请资格，通常需要数个工作日。"
        "可随时在“我的办件”查看“办件详情”；审核通过后补贴发放到预留的银行账户（第六步）。",
        (
            _FAQ5,
            "退回补正：在办件详情点“补正材料”，重新上传指出的材料后“重新提交”。",
            "补贴到账通常在审核通过后的几周内，请注意查收银行账户变动信息。",
        ),
    ),
    StepGuide(
        "open_case",
        5,
        SEED_STEP_TITLES[5],
        "退回补正：查看审核意见",
        "在“我的办件”打开“办件详情”：“审核意见”写明为什么退回，“补正材料”列出需要重新上传的材料。"
        "只补门户要求的那几项。",
        ("没看清审核意见就重新上传：上传的还是原来那张模糊的照片。",),
    ),
    StepGuide(
        "reupload",
        5,
        SEED_STEP_TITLES[5],
        "退回补正：补正材料",
        "审核人员退回补正时，“办件详情”写明了审核意见。在“补正材料”里按意见重新上传相应材料，"
        "再点“重新提交”，办件回到“待审核”。",
        (
            _FAQ5,
            "重新上传的材料仍然模糊或不完整：用扫描仪或手机高清拍摄，确保清晰、完整、方向正确。",
        ),
    ),
    StepGuide(
        "resubmit",
        5,
        SEED_STEP_TITLES[5],
        "退回补正：重新提交",
        "补正材料都显示“已上传”、本人确认后点“重新提交”，办件回到“待审核”。"
        "只点一次：网络异常时先刷新“办件详情”看状态，不要重复点击。",
        ("网络卡顿时反复点击“重新提交”：先刷新办件详情，看是否已回到“待审核”。",),
        shot="start",
    ),
)

#: steps of the flow told by another step's words
ALIASES = {"validate": "check", "prepare": "check"}

GUIDES: dict[str, StepGuide] = {g.key: g for g in _GUIDES}


def step_key(step: object) -> str:
    """The guide's key of a flow step: "upload:id_front" → "upload", "validate" → "check"."""
    name = str(getattr(step, "value", step)).partition(":")[0]
    return ALIASES.get(name, name)


def guide_for(step: object) -> StepGuide:
    """The trainer's words for a flow step; an unknown step gets a plain caption, never an error."""
    key = step_key(step)
    found = GUIDES.get(key)
    if found is not None:
        return found
    return StepGuide(key, 0, key, key, f"正在进行：{key}", in_handout=False)
