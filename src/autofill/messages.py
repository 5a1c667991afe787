"""The one message catalogue: our own messages and pydantic's error types, in Chinese and English.

Every validation error reads as: the dotted path of the field, what is wrong, what would be
right. Our own checks raise `PydanticCustomError` whose type is a key of this catalogue;
pydantic's built-in error types (`missing`, `extra_forbidden`, `int_parsing` …) have entries
here too, so that no English-only pydantic text reaches a Chinese-speaking user.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

LANGS = ("zh", "en")

# key -> (zh, en). Templates use str.format names; a missing name is left as written.
CATALOGUE: dict[str, tuple[str, str]] = {
    # ---- pydantic's own error types -------------------------------------------------------
    "missing": ("缺少必填项；请填写：{hint}", "required but missing; expected: {hint}"),
    "extra_forbidden": (
        "不认识的键（多半是拼写错误）；请删除或改为允许的键：{allowed}",
        "unknown key (probably a typo); remove it or use one of: {allowed}",
    ),
    "string_type": ("应为文本（带引号的字符串）；{hint}", "must be text (a quoted string); {hint}"),
    "string_too_short": (
        "太短（至少 {min_length} 个字符）；{hint}",
        "too short (at least {min_length} characters); {hint}",
    ),
    "string_too_long": (
        "太长（至多 {max_length} 个字符）；{hint}",
        "too long (at most {max_length} characters); {hint}",
    ),
    "string_pattern_mismatch": ("格式不对；{hint}", "wrong format; {hint}"),
    "int_parsing": ("应为整数，例如 12；{hint}", "must be a whole number, e.g. 12; {hint}"),
    "int_type": ("应为整数，例如 12；{hint}", "must be a whole number, e.g. 12; {hint}"),
    "int_from_float": (
        "应为整数，不能有小数；{hint}",
        "must be a whole number, no decimals; {hint}",
    ),
    "bool_parsing": ("应为 true 或 false", "must be true or false"),
    "bool_type": ("应为 true 或 false", "must be true or false"),
    "date_parsing": (
        "不是有效日期；请写成 YYYY-MM-DD，例如 2026-10-20",
        "not a valid date; write it as YYYY-MM-DD, e.g. 2026-10-20",
    ),
    "date_from_datetime_parsing": (
        "不是有效日期；请写成 YYYY-MM-DD，例如 2026-10-20",
        "not a valid date; write it as YYYY-MM-DD, e.g. 2026-10-20",
    ),
    "date_from_datetime_inexact": (
        "只写日期，不要带时间；请写成 YYYY-MM-DD",
        "a date only, without a time; write it as YYYY-MM-DD",
    ),
    "date_type": (
        "应为日期文本，写成 YYYY-MM-DD，例如 2026-10-20",
        "must be a date string as YYYY-MM-DD, e.g. 2026-10-20",
    ),
    "greater_than_equal": ("不能小于 {ge}；{hint}", "must be at least {ge}; {hint}"),
    "less_than_equal": ("不能大于 {le}；{hint}", "must be at most {le}; {hint}"),
    "greater_than": ("必须大于 {gt}；{hint}", "must be greater than {gt}; {hint}"),
    "less_than": ("必须小于 {lt}；{hint}", "must be less than {lt}; {hint}"),
    "literal_error": ("取值不对；应为 {expected}", "not an allowed value; expected {expected}"),
    "enum": ("取值不对；应为 {expected}", "not an allowed value; expected {expected}"),
    "list_type": ("应为列表（[...]）；{hint}", "must be a list ([...]); {hint}"),
    "dict_type": ("应为对象（{{...}}）；{hint}", "must be an object ({{...}}); {hint}"),
    "model_type": ("应为对象（{{...}}）；{hint}", "must be an object ({{...}}); {hint}"),
    "model_attributes_type": ("应为对象（{{...}}）；{hint}", "must be an object ({{...}}); {hint}"),
    "path_type": (
        "应为文件路径（带引号的文本）；{hint}",
        "must be a file path (quoted text); {hint}",
    ),
    "string_unicode": ("应为文本；{hint}", "must be text; {hint}"),
    "value_error": ("取值不对：{error}", "invalid value: {error}"),
    "pydantic_other": ("取值不对（{detail}）；{hint}", "invalid value ({detail}); {hint}"),
    # ---- our own field checks -------------------------------------------------------------
    "choice": ("取值不对；应为 {expected}", "not an allowed value; expected {expected}"),
    "level": (
        "等级不对；应为 1–5 的数字或等级名称，如 3、“三级”、“高级工”或“三级/高级工”",
        "not a level; expected 1–5 or a level name such as 3, 三级, 高级工 or 三级/高级工",
    ),
    "resident_id_length": (
        "身份证号码应为 18 位（现在是 {length} 位）",
        "a resident ID number has 18 characters (this has {length})",
    ),
    "resident_id_format": (
        "身份证号码前 17 位应为数字，最后一位为数字或 X",
        "a resident ID number is 17 digits followed by a digit or X",
    ),
    "resident_id_birth_date": (
        "身份证号码中的出生日期（第 7–14 位）不是有效日期；请核对号码",
        "the birth date in the ID number (characters 7–14) is not a real date; check the number",
    ),
    "resident_id_birth_future": (
        "身份证号码中的出生日期 {birth} 在未来；请核对号码",
        "the birth date {birth} in the ID number is in the future; check the number",
    ),
    "resident_id_checksum": (
        "身份证号码校验位不对（按前 17 位应为 {expected}）；请逐位核对号码",
        "the ID number's check character is wrong (the first 17 digits give {expected}); check every digit",
    ),
    "phone": (
        "手机号码应为 11 位数字、以 1 开头，例如 13800138000",
        "a mainland mobile number: 11 digits starting with 1, e.g. 13800138000",
    ),
    "credit_code_length": (
        "统一社会信用代码应为 18 位（现在是 {length} 位）",
        "a unified social credit code has 18 characters (this has {length})",
    ),
    "credit_code_format": (
        "统一社会信用代码含有不允许的字符（只能是数字和除 I、O、Z、S、V 外的大写字母）",
        "the unified social credit code has characters that are not allowed (digits and capital letters except I, O, Z, S, V)",
    ),
    "credit_code_checksum": (
        "统一社会信用代码校验位不对（GB 32100）；请按营业执照逐位核对",
        "the unified social credit code's check character is wrong (GB 32100); copy it from the business licence again",
    ),
    "certificate_number_format": (
        "证书编号格式不对；职业技能等级证书为 Y 或 S 加 21 位数字（共 22 位），职业资格证书为 16 位数字（13 位的老证书也可）",
        "wrong certificate number format; a skill-level certificate is Y or S plus 21 digits (22 in all), a qualification certificate 16 digits (old 13-digit ones are accepted)",
    ),
    "certificate_number_special_operation": (
        "这像是特种作业操作证的编号（T 加身份证号，或 18 位身份证号），特种作业操作证由应急管理部门颁发，不是职业技能等级证书或职业资格证书，不能申请本补贴；请填写职业技能等级证书（或职业资格证书）的编号",
        "this looks like a special operation permit number (T plus an ID number, or an ID number): that permit comes from the emergency-management authority and is not a skill-level or qualification certificate, so it cannot be claimed; enter the number of the skill-level (or qualification) certificate",
    ),
    "certificate_number_kind": (
        "证书编号与证书类型不符：{kind_name}的编号应为{expected_format}",
        "the certificate number does not fit its kind: a {kind_name} number is {expected_format}",
    ),
    "certificate_number_level": (
        "证书编号中的等级位是 {digit}（{digit_name}），与等级 {level}（{level_name}）不符；请核对等级或编号",
        "the level digit of the certificate number is {digit} ({digit_name}), which does not agree with level {level} ({level_name}); check the level or the number",
    ),
    "format.skill_level": ("Y 或 S 加 21 位数字", "Y or S followed by 21 digits"),
    "format.qualification": ("16 位数字（13 位的老证书也可）", "16 digits (13 for old ones)"),
    "bank_card_format": (
        "银行卡号应为 16–19 位数字（可含空格），现在是 {length} 位",
        "a card number has 16–19 digits (spaces allowed); this has {length}",
    ),
    "bank_card_checksum": (
        "银行卡号校验不通过（Luhn）；请对照卡面逐位核对",
        "the card number fails its check (Luhn); copy it from the card again",
    ),
    "date_in_future": (
        "日期 {date} 在未来（今天是 {today}）；请填写实际日期",
        "the date {date} is in the future (today is {today}); enter the actual date",
    ),
    "employer_required": (
        '就业状态为在职时必须填写工作单位（employer: {{"name": ..., "credit_code": ...}}）',
        'an employed applicant needs the employer (employer: {{"name": ..., "credit_code": ...}})',
    ),
    "json_invalid": (
        "不是有效的 JSON：第 {line} 行第 {column} 列，{detail}",
        "not valid JSON: line {line}, column {column}: {detail}",
    ),
    "profile_not_object": (
        "档案应为一个 JSON 对象（{{...}}）",
        "the profile must be one JSON object ({{...}})",
    ),
    "profile_unreadable": ("无法读取档案文件：{detail}", "cannot read the profile file: {detail}"),
    "json_duplicate_key": (
        "JSON 中键“{name}”出现了不止一次；请只保留一个",
        'the key "{name}" appears more than once in the JSON; keep only one',
    ),
    "control_chars": (
        "含有不可见的控制字符（{chars}）；请删除换行、制表符、方向控制符等，只保留文字",
        "contains invisible control characters ({chars}); remove line breaks, tabs, direction marks and the like",
    ),
    # ---- reading and writing files ---------------------------------------------------------
    "file.missing": ("无法读取{what}：{path} 不存在", "cannot read {what}: {path} does not exist"),
    "file.not_regular": (
        "{what}不是普通文件（{kind}）：{path}；请给出一个普通文件",
        "{what} is not a regular file ({kind}): {path}; give a regular file",
    ),
    "file.too_large": (
        "{what}太大：{path}（上限 {limit}）；请检查是否选错了文件",
        "{what} is too large: {path} (the limit is {limit}); check that it is the right file",
    ),
    "file.unreadable": (
        "无法读取{what}：{path}（{detail}）",
        "cannot read {what}: {path} ({detail})",
    ),
    "file.not_utf8": (
        "{what}不是 UTF-8 编码的文本：{path}；请用 UTF-8 另存",
        "{what} is not UTF-8 text: {path}; save it as UTF-8",
    ),
    "runs.damaged": (
        "运行记录已损坏：{path}（{detail}）；autofill 不会改写它，请查看后修复或移走",
        "the run record is damaged: {path} ({detail}); autofill leaves it as it is: look at it, then repair or move it",
    ),
    "runs.skipped": (
        "跳过已损坏的运行记录：{path}（{detail}）",
        "skipped a damaged run record: {path} ({detail})",
    ),
    "runs_dir.unusable": (
        "--runs-dir 无法使用：{path}（{reason}）；请给出一个可写的目录",
        "--runs-dir cannot be used: {path} ({reason}); give a folder you can write to",
    ),
    "runs_dir.not_a_folder": ("不是目录", "not a folder"),
    "runs_dir.cannot_create": (
        "无法创建：上级路径是文件，或没有权限",
        "cannot be created: a file is in the way above it, or no permission",
    ),
    "runs_dir.read_only": (
        "无法在其中写文件（只读或没有权限）",
        "cannot write in it (read-only or no permission)",
    ),
    "what.profile": ("档案文件", "the profile file"),
    "what.portal_texts": ("--portal-texts 文件", "the --portal-texts file"),
    "what.scenario": ("场景文件", "the scenario file"),
    "what.run_record": ("运行记录", "the run record"),
    "what.profile_json": ("场景引用的档案文件", "the scenario's profile file"),
    "kind.directory": ("是一个目录", "a directory"),
    "kind.fifo": ("是一个命名管道（FIFO）", "a named pipe (FIFO)"),
    "kind.device": ("是一个设备", "a device"),
    "kind.socket": ("是一个套接字", "a socket"),
    "kind.other": ("不是普通文件", "not a regular file"),
    "profile_invalid": (
        "档案有 {count} 处错误，请逐条修改：",
        "the profile has {count} error(s); fix each:",
    ),
    "id_area_unknown": (
        "身份证号码的地区码 {area} 不在行政区划代码表中；如号码无误可忽略",
        "the ID number's area code {area} is not in the table of area codes; ignore if the number is right",
    ),
    # ---- field hints: what would be right (also the schema's descriptions) -----------------
    "hint.policy": (
        "补贴政策：shanghai（上海市职业技能提升补贴，默认）或 national（失业保险技能提升补贴）",
        "the subsidy: shanghai (default) or national",
    ),
    "hint.applicant": ("申请人信息对象", "the applicant object"),
    "hint.applicant.name": (
        "姓名，2–20 个字符，与身份证一致",
        "the name, 2–20 characters, as on the ID card",
    ),
    "hint.applicant.id_number": (
        "18 位居民身份证号码，末位可为 X",
        "the 18-character resident ID number (last may be X)",
    ),
    "hint.applicant.phone": (
        "11 位手机号码，以 1 开头，例如 13800138000",
        "an 11-digit mobile number starting with 1, e.g. 13800138000",
    ),
    "hint.applicant.hukou": (
        "户籍：shanghai（本市）或 other（外省市）",
        "hukou: shanghai (本市) or other (外省市)",
    ),
    "hint.applicant.category": (
        "就业状态：employed（在职）、flexible（灵活就业）或 unemployed（失业）",
        "employment: employed (在职), flexible (灵活就业) or unemployed (失业)",
    ),
    "hint.applicant.employer": (
        '工作单位：{"name": 单位名称, "credit_code": 统一社会信用代码（可选）}；在职时必填',
        'employer: {"name": ..., "credit_code": optional}; required when employed',
    ),
    "hint.applicant.employer.name": (
        "工作单位名称，与营业执照一致",
        "the employer's name, as on its business licence",
    ),
    "hint.applicant.employer.credit_code": (
        "18 位统一社会信用代码（GB 32100），可不填",
        "the 18-character unified social credit code (GB 32100), optional",
    ),
    "hint.applicant.establishment_staff": (
        "是否机关事业单位在编人员：true 或 false（默认 false）",
        "on the establishment of a government body or public institution: true or false (default false)",
    ),
    "hint.social_insurance": ("社保信息对象", "the social-insurance object"),
    "hint.social_insurance.scheme": (
        "参保类型：employee（城镇职工）或 resident（城乡居民）",
        "scheme: employee (城镇职工) or resident (城乡居民)",
    ),
    "hint.social_insurance.paying": (
        "现在是否正常缴费：true 或 false",
        "paying now: true or false",
    ),
    "hint.social_insurance.unemployment_insurance_months": (
        "累计缴纳失业保险月数，0–600 的整数",
        "months of unemployment insurance paid, a whole number 0–600",
    ),
    "hint.certificate": ("证书信息对象", "the certificate object"),
    "hint.certificate.kind": (
        "证书类型：skill_level（职业技能等级证书）或 qualification（职业资格证书）",
        "kind: skill_level (职业技能等级证书) or qualification (职业资格证书)",
    ),
    "hint.certificate.number": (
        "证书编号：职业技能等级证书为 Y/S 加 21 位数字，职业资格证书为 16 位数字",
        "the certificate number: Y/S plus 21 digits, or 16 digits for a qualification certificate",
    ),
    "hint.certificate.occupation": ("职业（工种），例如 电工", "the occupation, e.g. 电工"),
    "hint.certificate.level": (
        "等级：1–5（3 = 三级/高级工），或等级名称如 “三级”",
        "level 1–5 (3 = 三级/高级工) or its name, e.g. 三级",
    ),
    "hint.certificate.issue_date": (
        "发证日期，YYYY-MM-DD，不能在未来",
        "the issue date, YYYY-MM-DD, not in the future",
    ),
    "hint.certificate.issuer": ("发证（评价）机构名称", "the issuing (assessment) body"),
    "hint.certificate.route": (
        "取得方式：assessment（认定考核，默认）、employer_recognition（企业直接认定）、competition（竞赛晋升）、commendation（表彰）",
        "how it was obtained: assessment (default), employer_recognition, competition or commendation",
    ),
    "hint.prior_claims": (
        '已享受过的补贴列表：[{"occupation": ..., "level": ..., "granted_on": ...}]',
        'subsidies already granted: [{"occupation": ..., "level": ..., "granted_on": ...}]',
    ),
    "hint.prior_claims[].occupation": ("职业（工种），例如 电工", "the occupation, e.g. 电工"),
    "hint.prior_claims[].level": ("等级：1–5 或等级名称", "level 1–5 or its name"),
    "hint.prior_claims[].granted_on": (
        "发放日期，YYYY-MM-DD，不能在未来",
        "the date it was granted, YYYY-MM-DD, not in the future",
    ),
    "hint.bank": ("银行账户对象", "the bank account object"),
    "hint.bank.bank": ("开户银行名称，例如 中国工商银行", "the bank's name, e.g. 中国工商银行"),
    "hint.bank.card_number": (
        "本人借记卡号，16–19 位数字，可含空格",
        "your own debit card number, 16–19 digits, spaces allowed",
    ),
    "hint.documents": (
        "六项材料的文件路径（相对于档案所在目录）",
        "the six documents' paths (relative to the profile's folder)",
    ),
    "hint.documents.item": (
        "{label}的文件路径（JPG、PNG 或 PDF），相对于档案所在目录",
        "the path of the {label} file (JPG, PNG or PDF), relative to the profile's folder",
    ),
    "hint.$schema": (
        "JSON Schema 的地址（编辑器用，可不填）",
        "the JSON Schema's address (for editors, optional)",
    ),
    "hint.generic": ("请对照 `autofill schema` 修改", "see `autofill schema`"),
    # ---- titles (the schema's Chinese titles) ----------------------------------------------
    "title.profile": ("职业技能提升补贴申请档案", "skill-improvement subsidy application profile"),
    # ---- documents -------------------------------------------------------------------------
    "doc.missing": (
        "文件不存在：{path}；请检查路径（相对于档案所在目录）",
        "file not found: {path}; check the path (relative to the profile's folder)",
    ),
    "doc.not_file": (
        "不是文件：{path}；请填写文件的路径",
        "not a file: {path}; give the path of a file",
    ),
    "doc.too_many_pixels": (
        "图片像素过多：{width}×{height}，上限 {limit} 百万像素（{path}）；请缩小后再用",
        "too many pixels: {width}×{height}, the limit is {limit} megapixels ({path}); shrink it first",
    ),
    "doc.too_many_pixels_unknown": (
        "图片声明的尺寸过大，超过 {limit} 百万像素（{path}）；请缩小后再用",
        "the image declares a size over {limit} megapixels ({path}); shrink it first",
    ),
    "doc.unreadable": (
        "无法读取文件：{path}（{detail}）；请检查文件权限",
        "cannot read {path} ({detail}); check its permissions",
    ),
    "doc.empty": (
        "文件是空的（0 字节）；请重新导出或重新拍摄",
        "the file is empty (0 bytes); export or photograph it again",
    ),
    "doc.exe": (
        "文件内容是 Windows 程序（EXE），不是图片或 PDF（无论扩展名是什么）；请上传 JPG、PNG 或 PDF",
        "the file's content is a Windows program (EXE), not an image or PDF whatever its name; upload a JPG, PNG or PDF",
    ),
    "doc.unknown_format": (
        "文件内容不是 JPG、PNG 或 PDF（按内容判断，不看扩展名）；请另存为 JPG、PNG 或 PDF",
        "the file's content is not JPG, PNG or PDF (judged by content, not name); save it as JPG, PNG or PDF",
    ),
    "doc.image_broken": (
        "图片无法完整解码（{detail}），可能已损坏或不完整；请重新导出或重新拍摄",
        "the image does not decode ({detail}); it may be damaged or cut short; export or photograph it again",
    ),
    "doc.too_small": (
        "图片太小：{width}×{height} 像素，短边至少需要 {min} 像素；请用更高分辨率重新拍摄或扫描",
        "the image is too small: {width}×{height} px, the short side needs at least {min} px; photograph or scan it at a higher resolution",
    ),
    "doc.pdf_broken": (
        "PDF 无法打开（{detail}）；请重新导出",
        "the PDF does not open ({detail}); export it again",
    ),
    "doc.pdf_encrypted": (
        "PDF 已加密（有密码）；请导出一份未加密的 PDF",
        "the PDF is encrypted (password-protected); export an unencrypted copy",
    ),
    "doc.pdf_no_pages": ("PDF 没有页面；请重新导出", "the PDF has no pages; export it again"),
    "doc.pdf_too_big": (
        "PDF 为 {size}，超过 {limit} 的上限；PDF 不会自动处理，请压缩（例如用“另存为缩小的 PDF”或降低扫描分辨率）后再试",
        "the PDF is {size}, over the {limit} limit; PDFs are not converted automatically: compress it (e.g. 'reduce file size' or scan at a lower resolution) and try again",
    ),
    "doc.cannot_shrink": (
        "图片无法在短边不少于 {min} 像素的前提下压缩到 {limit} 以下；请裁掉多余部分后再试",
        "the image cannot be brought under {limit} while keeping its short side at {min} px or more; crop it and try again",
    ),
    "doc.note_exif": (
        "EXIF 方向标记为 {orientation}（照片是旋转的）",
        "EXIF orientation {orientation} (the photo is rotated)",
    ),
    "doc.note_symlink": ("这是符号链接，实际文件：{target}", "a symbolic link to {target}"),
    "doc.note_extension": (
        "扩展名 {suffix} 与内容（{kind}）不一致，按内容处理",
        "the name ends in {suffix} but the content is {kind}; judged by content",
    ),
    "doc.prepare_big": (
        "超过 {limit}：将重新压缩为 JPG 副本（短边仍不少于 {min} 像素），原文件不变",
        "over {limit}: a re-encoded JPG copy will be uploaded (short side still at least {min} px); the original is unchanged",
    ),
    "doc.prepare_rotate": (
        "将按 EXIF 方向转正后另存副本上传，原文件不变",
        "a copy turned upright by its EXIF orientation will be uploaded; the original is unchanged",
    ),
    "doc.prepare_none": ("原样上传", "uploaded as it is"),
    "doc.problems": ("材料有 {count} 处问题：", "the documents have {count} problem(s):"),
    # ---- policy rules ---------------------------------------------------------------------
    "rule.who": ("申请对象", "who may apply"),
    "rule.working_age": ("法定劳动年龄", "legal working age"),
    "rule.insurance": ("社会保险", "social insurance"),
    "rule.unemployment_insurance": ("失业保险缴费月数", "unemployment insurance months"),
    "rule.certificate_kind": ("证书种类", "certificate kind"),
    "rule.level": ("证书等级", "certificate level"),
    "rule.route": ("证书取得方式", "how the certificate was obtained"),
    "rule.establishment_staff": ("机关事业单位在编人员", "establishment staff"),
    "rule.window": ("申请时限（12 个月）", "application window (12 months)"),
    "rule.once": ("同职业同等级只享受一次", "once per occupation and level"),
    "rule.yearly_cap": ("每年享受次数", "claims per year"),
    "rule.amount": ("补贴金额", "subsidy amount"),
    "rule.bank": ("开户银行", "bank"),
    "rule.id_area": ("身份证地区码", "ID area code"),
    "result.pass": ("通过", "pass"),
    "result.fail": ("不通过", "fail"),
    "result.warn": ("提醒", "warning"),
    "who.ok_local": ("本市户籍，{category}", "Shanghai hukou, {category}"),
    "who.ok_other": (
        "外省市户籍，在本市就业参保的在职人员",
        "hukou elsewhere, employed and insured in Shanghai",
    ),
    "who.other_not_employed": (
        "非本市户籍人员须为在本市就业参保的在职人员（现为{category}）",
        "an applicant with hukou elsewhere must be employed and insured in Shanghai (now: {category})",
    ),
    "who.fix_other": (
        "在本市就业并参加城镇职工社会保险后再申请",
        "apply once employed and insured in Shanghai",
    ),
    "who.national_ok": ("{category}，参加失业保险", "{category}, in unemployment insurance"),
    "who.national_flexible": (
        "失业保险技能提升补贴面向参加失业保险的企业职工和领取失业保险金人员，灵活就业人员不在其列",
        "the national subsidy is for insured company employees and people drawing unemployment benefit, not the self-employed",
    ),
    "who.national_fix": (
        "可改按 shanghai 政策（上海市职业技能提升补贴）申请",
        "consider the shanghai policy instead",
    ),
    "age.ok": (
        "{age} 岁（{sex}，按身份证号码），在 {min}–{max} 岁之间",
        "{age} years old ({sex}, by the ID number), within {min}–{max}",
    ),
    "age.young": (
        "{age} 岁，未满 {min} 岁（按身份证号码）",
        "{age} years old, under {min} (by the ID number)",
    ),
    "age.old": (
        "{age} 岁，{sex}已到 {max} 岁的退休年龄（按身份证号码的出生日期和性别位）",
        "{age} years old: past the retirement age of {max} for a {sex} applicant (by the ID number's birth date and sex digit)",
    ),
    "sex.male": ("男", "male"),
    "sex.female": ("女", "female"),
    "insurance.ok": (
        "在职，本市城镇职工社会保险正常缴费",
        "employed, paying Shanghai employee social insurance",
    ),
    "insurance.not_needed": (
        "{category}：不要求城镇职工社会保险缴费",
        "{category}: employee social insurance not required",
    ),
    "insurance.resident": (
        "在职人员须参加本市城镇职工社会保险；城乡居民社会保险不算",
        "an employed applicant needs Shanghai employee social insurance; resident insurance does not count",
    ),
    "insurance.not_paying": (
        "在职人员的城镇职工社会保险须处于缴费状态（现为未缴费）",
        "an employed applicant's employee social insurance must be paid now (it is not)",
    ),
    "insurance.fix": (
        "须在本市城镇职工社会保险处于缴费状态",
        "须在本市城镇职工社会保险处于缴费状态 (be paying Shanghai employee social insurance)",
    ),
    "ui.ok": (
        "累计缴纳失业保险 {months} 个月，满 {min} 个月",
        "{months} months of unemployment insurance, at least {min}",
    ),
    "ui.short": (
        "累计缴纳失业保险 {months} 个月，不足 {min} 个月",
        "{months} months of unemployment insurance, fewer than {min}",
    ),
    "ui.fix": (
        "缴满 {min} 个月（还差 {missing} 个月）后再申请",
        "apply after {min} months (another {missing})",
    ),
    "kind.ok": ("{kind}，{occupation}", "{kind}, {occupation}"),
    "kind.special": (
        "“{evidence}”表明这是特种作业操作证（由应急管理部门颁发），不是职业技能等级证书或职业资格证书，不能申请本补贴",
        "'{evidence}' shows this is a special operation permit (from the emergency-management authority), not a skill-level or qualification certificate; it cannot be claimed",
    ),
    "kind.special_fix": (
        "如另有电工的职业技能等级证书，请填写那张证书",
        "if you also hold a skill-level certificate for 电工, enter that one",
    ),
    "level.ok": ("{level_name}，在补贴范围内", "{level_name}, covered"),
    "level.out": (
        "该等级不在补贴范围：失业保险技能提升补贴只补贴五级、四级、三级（现为{level_name}）",
        "level not covered: the national subsidy covers 五级, 四级 and 三级 only (this is {level_name})",
    ),
    "level.fix": (
        "可改按 shanghai 政策申请（一级、二级也在补贴范围）",
        "consider the shanghai policy, which covers 一级 and 二级",
    ),
    "route.ok": ("认定考核取得", "obtained by assessment"),
    "route.employer_recognition": (
        "企业直接认定取得的证书不属于补贴范围",
        "a certificate obtained by direct employer recognition (企业直接认定) is not covered",
    ),
    "route.competition": (
        "通过竞赛晋升取得的证书不属于补贴范围",
        "a certificate obtained by promotion through a competition (竞赛晋升) is not covered",
    ),
    "route.commendation": (
        "通过表彰取得的证书不属于补贴范围",
        "a certificate obtained through a commendation (表彰) is not covered",
    ),
    "staff.ok": ("不是机关事业单位在编人员", "not on a public establishment"),
    "staff.fail": (
        "机关事业单位在编人员（公务员、事业单位非技能岗位）不属于补贴对象",
        "staff on the establishment of government bodies or public institutions are not covered",
    ),
    "window.ok": (
        "发证日期 {issue}，申请截止 {deadline}，还剩 {days} 天",
        "issued {issue}, apply by {deadline}, {days} day(s) left",
    ),
    "window.soon": (
        "发证日期 {issue}，申请截止 {deadline}，只剩 {days} 天",
        "issued {issue}, apply by {deadline}: only {days} day(s) left",
    ),
    "window.soon_fix": (
        "请尽快申请，逾期没有补救通道",
        "apply now: once late there is no way back",
    ),
    "window.passed": (
        "已超过申请时限：发证日期 {issue}，截止日期 {deadline}，已过 {days} 天",
        "too late: issued {issue}, the deadline was {deadline}, {days} day(s) ago",
    ),
    "window.early": (
        "判断日期 {on} 早于发证日期 {issue}",
        "the date judged {on} is before the issue date {issue}",
    ),
    "once.ok": (
        "没有 {occupation} 同等级或更高等级的补贴记录",
        "no earlier grant for {occupation} at this level or higher",
    ),
    "once.fail": (
        "不可重复申请：{granted_on} 已享受 {occupation} {prior_name} 的补贴，同一职业同等级及以下等级不能再申请",
        "already granted: {occupation} {prior_name} on {granted_on}; that level and every lower one of the same occupation are closed",
    ),
    "cap.ok": (
        "{year} 年已享受 {count} 次，每年上限 {cap} 次",
        "{count} claim(s) in {year}, at most {cap} a year",
    ),
    "cap.fail": (
        "{year} 年已享受 {count} 次，达到每年 {cap} 次的上限",
        "{count} claim(s) in {year}: the yearly cap of {cap} is reached",
    ),
    "cap.fix": (
        "下一年度再申请（仍须在 12 个月时限内）",
        "apply next year (still within the 12-month window)",
    ),
    "amount.shanghai": (
        "{standard} × {share}% = {amount}元",
        "{standard} × {share}% = {amount} yuan",
    ),
    "amount.shortage": (
        "{standard} × {share}% × {bonus}% = {amount}元",
        "{standard} × {share}% × {bonus}% = {amount} yuan",
    ),
    "amount.national": ("{level_name}上限 {amount}元", "{level_name}: at most {amount} yuan"),
    "amount.none": ("该等级无补贴标准", "no amount for this level"),
    "amount.ineligible": (
        "不符合条件，无补贴（如符合：{computed}）",
        "not eligible, no subsidy (if eligible: {computed})",
    ),
    "notice.title": (
        "申请须知要点（运行已代为勾选“我已阅读并知晓申请须知”；须知全文已保存：{path}）：",
        "Key points of the portal's application notice (the run ticked “我已阅读并知晓申请须知”, "
        "I have read the notice, for you; its full text is saved: {path}):",
    ),
    "notice.missing": (
        "本次未读到门户的申请须知：请先在门户的办事指南页阅读“申请条件”“申请材料”，再回答。",
        "The portal's application notice was not read this time: read its 申请条件 (conditions) "
        "and 申请材料 (materials) on the portal's guide before answering.",
    ),
    "notice.deadline": (
        "  申请时限：发证之日起12个月内，最迟 {deadline}（含当日）",
        "  Time limit: within 12 months of the issue date, {deadline} at the latest",
    ),
    "notice.covers": (
        "回答 y 即表示您已阅读并知晓以上申请须知，并核对了以上信息。",
        "Answering y means you have read the notice above and checked the information above.",
    ),
    "rehearsal.title": (
        "这是一次演练（内置模拟门户），以下两项没有核对，正式申请前请本人查一下：",
        "This was a rehearsal (the embedded mock portal); two things were not checked, "
        "so check them yourself before the real application:",
    ),
    "rehearsal.certificate": (
        "  • 证书编号是否在全国证书库中：演练按档案登记了您自己的证书，编号输错也查不出来。"
        "请在人社部“技能人才评价证书全国联网查询”（职业资格证书：“国家职业资格证书全国联网查询”）"
        "中按证书编号和姓名查到本人证书，并核对职业、等级与发证日期。",
        "  • The certificate number against the national register: the rehearsal registered "
        "your own certificate from the profile, so a mistyped number goes unnoticed. Look it up "
        "by number and name on 人社部's national certificate query (技能人才评价证书全国联网查询; "
        "for an old 职业资格证书: 国家职业资格证书全国联网查询) and check occupation, level and issue date.",
    ),
    "rehearsal.insurance": (
        "  • 参保记录：演练按档案登记了参保状态和失业保险月数。请在“上海人社”App 或“随申办”中"
        "查看本人的社会保险缴费记录（在职人员须在本市城镇职工社会保险正常缴费）。",
        "  • The insurance record: the rehearsal registered the insurance status and months "
        "from the profile. Check your own contribution record in the 上海人社 app or 随申办 "
        "(employed people must be paying Shanghai employee social insurance).",
    ),
    "bank.ok": ("{bank} 在门户可选的开户银行之列", "{bank} is one of the portal's banks"),
    "bank.warn": (
        "{bank} 不在门户可选的开户银行之列（{accepted}）；补贴只能发到本人在上海开户的借记卡",
        "{bank} is not one of the banks the portal offers ({accepted}); the subsidy goes only to your own debit card opened in Shanghai",
    ),
    "bank.fix": (
        "改用上述银行之一在上海开户的本人借记卡，银行名称按上述写法填写",
        "use your own debit card from one of those banks, opened in Shanghai, its name written as above",
    ),
    "area.ok": ("{area} {place}", "{area} {place}"),
    # ---- the command line ------------------------------------------------------------------
    "cli.valid": ("档案有效，材料齐全：{path}", "the profile and its documents are valid: {path}"),
    "cli.eligible": (
        "符合条件：{amount}，请在 {deadline} 前申请（还剩 {days} 天）",
        "eligible: {amount}; apply by {deadline} ({days} day(s) left)",
    ),
    "cli.not_eligible": ("不符合条件：{rules}", "not eligible: {rules}"),
    "cli.deadline": ("申请截止：{deadline}（{days_text}）", "deadline: {deadline} ({days_text})"),
    "cli.days_left": ("还剩 {days} 天", "{days} day(s) left"),
    "cli.days_passed": ("已过 {days} 天", "passed {days} day(s) ago"),
    "cli.amount": ("补贴金额：{explained}", "amount: {explained}"),
    "cli.ics_written": (
        "已写入日历提醒：{path}（提前 {days} 天提醒）",
        "calendar reminders written: {path} ({days} day(s) before)",
    ),
    "cli.ics_skipped": (
        "截止日期已过，未写日历文件",
        "the deadline has passed; no calendar file written",
    ),
    "cli.ics_not_eligible": ("不符合条件，未写日历文件", "not eligible; no calendar file written"),
    "cli.schema": ("档案的 JSON Schema", "the profile's JSON Schema"),
    "cli.init_done": (
        "已写入示例档案和 6 份样本材料：{path}",
        "example profile and 6 sample documents written: {path}",
    ),
    "cli.init_profile_done": (
        "已写入示例档案（日期相对今天）：{path}",
        "example profile written (dates relative to today): {path}",
    ),
    "cli.init_exists": (
        "{path} 已存在，未覆盖；要覆盖请加 --force",
        "{path} exists and was left alone; add --force to overwrite",
    ),
    "cli.bad_date": (
        "--on 的日期不对：{value}；请写成 YYYY-MM-DD",
        "bad --on date: {value}; write it as YYYY-MM-DD",
    ),
    "ics.not_regular": (
        "--ics 只能写到普通文件或新文件：{path} 是目录、设备或管道；请给出一个 .ics 文件名",
        "--ics writes only to a regular file or a new one: {path} is a folder, a device or a pipe; give a .ics file name",
    ),
    "ics.no_folder": (
        "--ics 的目录不存在：{folder}；请先创建它，或换一个已有的目录",
        "the folder of --ics does not exist: {folder}; create it first or choose an existing folder",
    ),
    "ics.unwritable": (
        "--ics 文件无法写入：{path}（{detail}）；请换一个可写的位置",
        "cannot write the --ics file: {path} ({detail}); choose a place you can write to",
    ),
    "cli.bad_lang": (
        "--lang 只能是 zh 或 en（收到 {value}）/ --lang must be zh or en (got {value})",
        "--lang must be zh or en (got {value})",
    ),
    "cli.crash": (
        "意外错误（程序缺陷）：{kind}，详见 {path}",
        "Unexpected error (a bug): {kind}; see {path}",
    ),
    "cli.crash_unlogged": (
        "意外错误（程序缺陷）：{kind}（日志无法写入 {path}；加 --debug 查看调用栈）",
        "Unexpected error (a bug): {kind} (the log could not be written to {path}; use --debug for the traceback)",
    ),
    "cli.warnings": ("提醒：", "warnings:"),
    "run.busy": (
        "运行 {run_id} 正由另一个进程处理：进程 {pid}（{command}），自 {since} 起。"
        "同一运行同一时间只允许一个进程操作，以免重复提交；本进程未做任何操作。"
        "请等该进程结束后再试（autofill runs show {run_id} 可查看进展）；"
        "若该进程已不在，锁已随它释放，直接重试即可。",
        "Run {run_id} is being worked on by another process: pid {pid} ({command}), since "
        "{since}. Only one process at a time may work on a run, so that nothing is filed twice; "
        "this one did nothing. Wait for that process to end, then try again (autofill runs show "
        "{run_id} shows how far it got); if it is gone, its lock went with it: just retry.",
    ),
    "run.busy_unknown": ("未知", "unknown"),
    "col.rule": ("规则", "rule"),
    "col.result": ("结果", "result"),
    "col.reason": ("原因", "reason"),
    "col.fix": ("怎么办", "fix"),
    "col.item": ("材料", "document"),
    "col.file": ("文件", "file"),
    "col.format": ("格式", "format"),
    "col.size": ("大小", "size"),
    "col.pixels": ("像素", "pixels"),
    "col.check": ("检查", "check"),
    "col.prepare": ("准备", "preparation"),
    "col.path": ("字段", "field"),
    "col.message": ("问题与改法", "what is wrong, what is right"),
    "ok": ("正常", "ok"),
    # ---- a case after submission (status, --wait, amend) ----------------------------------
    "case.status": ("办件 {case_no}：{status}", "case {case_no}: {status}"),
    "case.opinion": ("审核意见：{value}", "review opinion: {value}"),
    "case.amount": ("补贴金额：{value}", "subsidy amount: {value}"),
    "case.paid_on": ("发放时间：{value}", "paid on: {value}"),
    "case.items": ("需重新上传：{value}", "to upload again: {value}"),
    "case.next_amend": (
        "下一步：替换资料中的对应文件后执行 autofill amend {run_id}，或用 autofill amend {run_id} --file {item}=新文件.jpg 指定文件",
        "next: replace those files in the profile, then run autofill amend {run_id}, or name a file with autofill amend {run_id} --file {item}=new.jpg",
    ),
    "case.next_amend_no_run": (
        "下一步：在门户的“补正材料”中重新上传以上材料并点击“重新提交”（有运行编号时可用 autofill amend RUN_ID）",
        "next: upload those materials again under 补正材料 on the portal and press 重新提交 (with a run id: autofill amend RUN_ID)",
    ),
    "case.returned_wait": (
        "办件被退回补正，需要您处理",
        "the case was returned for correction and needs you",
    ),
    "case.rejected_help": (
        "审核未通过。如对审核意见有疑问，请向当地人社部门（区就业促进中心）咨询，或拨打 12333",
        "the application was rejected. If the review's opinion is unclear, ask the local 人社 office (district employment service centre) or call 12333",
    ),
    "case.paid_help": (
        "补贴一般在几周内到账，请注意查收银行账户",
        "the subsidy usually reaches the bank account within a few weeks; please watch the account",
    ),
    # ---- autofill doctor ------------------------------------------------------------------
    "doctor.title.browser": ("浏览器", "browser"),
    "doctor.title.browser_version": ("浏览器版本", "browser version"),
    "doctor.title.headless_launch": ("无界面启动", "headless launch"),
    "doctor.title.sandbox": ("沙箱", "sandbox"),
    "doctor.title.cjk_fonts": ("中文字体", "CJK fonts"),
    "doctor.title.locale_pack": ("浏览器中文界面", "Chinese browser interface"),
    "doctor.title.runs_dir": ("运行记录目录", "runs folder"),
    "doctor.browser.fix": (
        "安装 Chromium：apt-get install -y --no-install-recommends chromium fonts-noto-cjk"
        "（或 sh scripts/bootstrap.sh），或设置 AUTOFILL_BROWSER 指向浏览器可执行文件",
        "install Chromium: apt-get install -y --no-install-recommends chromium fonts-noto-cjk "
        "(or sh scripts/bootstrap.sh), or set AUTOFILL_BROWSER to a browser executable",
    ),
    "doctor.version.failed": (
        "读不出浏览器版本（{error}）",
        "could not read the browser's version ({error})",
    ),
    "doctor.version.fix": (
        "在终端运行 {path} --version 看看报什么错；必要时重装：apt-get install --reinstall chromium",
        "run {path} --version in a terminal to see what it says; if need be reinstall: "
        "apt-get install --reinstall chromium",
    ),
    "doctor.launch.ok": (
        "以本工具的参数无界面启动并关闭，用时 {seconds} 秒（{flags}）",
        "launched headless with the tool's flags and closed in {seconds} s ({flags})",
    ),
    "doctor.launch.failed": ("无界面启动失败：{error}", "headless launch failed: {error}"),
    "doctor.launch.fix": (
        "按上面的错误处理：缺少系统库时重装 chromium（apt-get install -y chromium）；"
        "以 root 运行时浏览器须带 --no-sandbox；也可设置 AUTOFILL_BROWSER 换一个浏览器",
        "act on the error above: reinstall chromium when a system library is missing "
        "(apt-get install -y chromium); as root the browser needs --no-sandbox; or set "
        "AUTOFILL_BROWSER to another browser",
    ),
    "doctor.sandbox.off_root": (
        "已关闭（--no-sandbox）：当前以 root 运行，Chromium 在 root 下不能开启沙箱",
        "off (--no-sandbox): running as root, where Chromium cannot use its sandbox",
    ),
    "doctor.sandbox.off_user": (
        "已关闭（--no-sandbox），而当前不是 root：浏览器少了一层保护",
        "off (--no-sandbox) though not running as root: the browser has one protection less",
    ),
    "doctor.sandbox.fix_on": (
        "普通用户下 Chromium 通常可以开启沙箱；启动参数见 src/autofill/browser/find.py",
        "as an ordinary user Chromium can usually keep its sandbox; the launch flags are in "
        "src/autofill/browser/find.py",
    ),
    "doctor.sandbox.on_root": (
        "已开启，而当前以 root 运行：Chromium 会拒绝启动",
        "on, while running as root: Chromium refuses to start",
    ),
    "doctor.sandbox.fix_root": (
        "以普通用户运行 autofill（推荐），或让 root 下的启动带上 --no-sandbox",
        "run autofill as an ordinary user (better), or launch with --no-sandbox as root",
    ),
    "doctor.sandbox.on": ("已开启", "on"),
    "doctor.fonts.ok": (
        "{count} 种中文字体，例如 {example}",
        "{count} CJK font families, e.g. {example}",
    ),
    "doctor.fonts.none": (
        "没有中文字体（fc-list :lang=zh 没有结果）：截图和 PDF 里的中文会显示成方框",
        "no CJK font (fc-list :lang=zh lists none): Chinese shows as boxes in screenshots and PDFs",
    ),
    "doctor.fonts.no_fc_list": (
        "无法运行 {command}（{error}）",
        "could not run {command} ({error})",
    ),
    "doctor.fonts.fix": (
        "安装中文字体：apt-get install -y --no-install-recommends fonts-noto-cjk fontconfig",
        "install CJK fonts: apt-get install -y --no-install-recommends fonts-noto-cjk fontconfig",
    ),
    "doctor.locale.ok": ("{path}；浏览器以 {ui} 启动", "{path}; the browser starts with {ui}"),
    "doctor.locale.missing": (
        "没有浏览器的中文界面包（找过：{paths}）：文件框和日期框会显示“Choose File”“No file "
        "chosen”“mm/dd/yyyy”，而不是申请人看到的中文",
        "no Chinese locale pack for the browser (looked for {paths}): file and date inputs show "
        "“Choose File”, “No file chosen”, “mm/dd/yyyy” instead of what an applicant sees",
    ),
    "doctor.locale.fix": (
        "apt-get install -y --no-install-recommends chromium-l10n（sh scripts/bootstrap.sh 也会安装）",
        "apt-get install -y --no-install-recommends chromium-l10n (sh scripts/bootstrap.sh "
        "installs it too)",
    ),
    "doctor.locale.not_chinese": (
        "{path} 在，但浏览器以 {ui} 启动，界面不是中文",
        "{path} is there, but the browser starts with {ui}, not a Chinese interface",
    ),
    "doctor.locale.fix_env": (
        "浏览器的环境见 src/autofill/browser/find.py 的 launch_args()",
        "the browser's environment is set by launch_args() in src/autofill/browser/find.py",
    ),
    "doctor.runs.ok": ("{path}：权限 0700，可写", "{path}: mode 0700, writable"),
    "doctor.runs.will_create": (
        "{path} 还不存在，首次运行时以权限 0700 创建（{parent} 可写）",
        "{path} does not exist yet; the first run creates it with mode 0700 ({parent} is writable)",
    ),
    "doctor.runs.not_dir": ("{path} 是一个文件，不是目录", "{path} is a file, not a folder"),
    "doctor.runs.not_owner": (
        "{path} 属于另一个用户（uid {uid}）",
        "{path} belongs to another user (uid {uid})",
    ),
    "doctor.runs.mode": (
        "{path} 的权限是 {mode}：别的用户能看到其中的运行记录（应为 0700）",
        "{path} has mode {mode}: other users can see the runs in it (should be 0700)",
    ),
    "doctor.runs.not_writable": ("{path} 不可写", "{path} is not writable"),
    "doctor.runs.cannot_create": (
        "{path} 不存在，且无法在 {parent} 下创建",
        "{path} does not exist and cannot be made in {parent}",
    ),
    "doctor.runs.fix_mode": ("chmod 700 {path}", "chmod 700 {path}"),
    "doctor.runs.fix_writable": (
        "chmod u+w {path}，或用 --runs-dir（或 AUTOFILL_RUNS_DIR）指定可写的目录",
        "chmod u+w {path}, or give a writable folder with --runs-dir (or AUTOFILL_RUNS_DIR)",
    ),
    "doctor.runs.fix_other": (
        "移开它，或用 --runs-dir（或 AUTOFILL_RUNS_DIR）指定自己的目录",
        "move it away, or give a folder of your own with --runs-dir (or AUTOFILL_RUNS_DIR)",
    ),
    "doctor.machine_ok": ("本机已就绪", "this machine is ready"),
    "doctor.machine_failed": (
        "本机尚未就绪：{names}（按上面每行的“修复”处理）",
        "this machine is not ready: {names} (see the fix on each line above)",
    ),
    "doctor.portal.ok": (
        "门户字样全部找到：找到 {found} 项，另有 {unchecked} 项未检查（见表中原因）",
        "every text checked was found: {found} found, {unchecked} not checked (see why in the table)",
    ),
    "doctor.portal.missing": (
        "门户页面上缺少 {count} 项字样：{names}；门户的写法可能已改变，请用 --portal-texts 覆盖为"
        "门户现在的写法后再运行",
        "{count} text(s) of the portal map are missing from the portal's pages: {names}; the "
        "portal's wording may have changed: override them with --portal-texts before a run",
    ),
    "doctor.portal.unreachable": ("无法打开门户：{error}", "could not open the portal: {error}"),
    "doctor.portal.login_failed": (
        "无法登录门户：{error}（之后的页面未检查）",
        "could not log in to the portal: {error} (the pages after it were not checked)",
    ),
    "doctor.portal.no_portal_url_profile": (
        "--portal-url 须与 --profile 同用（登录所用的申请人资料）",
        "--portal-url needs --profile (the applicant whose account logs in)",
    ),
    "doctor.heading.machine": ("本机", "this machine"),
    "doctor.heading.texts": ("门户字样（{url}）", "portal texts ({url})"),
    "doctor.fix": ("修复", "fix"),
    "doctor.col.page": ("页面", "page"),
    "doctor.n_keys": ("（{count} 项）", "({count} texts)"),
    "doctor.col.key": ("键", "key"),
    "doctor.col.text": ("字样", "text"),
    "doctor.col.result": ("结果", "result"),
    "doctor.result.found": ("找到", "found"),
    "doctor.result.missing": ("缺少", "missing"),
    "doctor.result.not_checked": ("未检查", "not checked"),
    "doctor.result.unknown": ("字样表中没有", "not in the map"),
    "doctor.counts": (
        "找到 {found}，缺少 {missing}，未检查 {not_checked}，字样表中没有 {unknown}",
        "found {found}, missing {missing}, not checked {not_checked}, not in the map {unknown}",
    ),
    "survey.page.login": ("登录", "login"),
    "survey.page.header": ("页头（登录后）", "header (logged in)"),
    "survey.page.services": ("个人办事", "services"),
    "survey.page.guide": ("办事指南", "guide"),
    "survey.page.my_cases": ("我的办件", "my cases"),
    "survey.page.detail": ("办件详情", "case detail"),
    "survey.page.form": ("申请表", "application form"),
    "survey.page.preview": ("申请信息预览", "preview"),
    "survey.page.result": ("提交成功", "submitted"),
    "survey.page.messages": ("出错时的提示", "error messages"),
    "survey.why.sms": (
        "门户要求短信验证码时才显示",
        "shown only when the portal asks for an SMS code",
    ),
    "survey.why.basic_auth": (
        "只对未完成高级实名认证的账户显示",
        "shown only to an account without advanced real-name authentication",
    ),
    "survey.why.captcha": (
        "门户要求图形验证码时才显示",
        "shown only when the portal asks for a captcha",
    ),
    "survey.why.qr": (
        "门户提供扫码登录时才显示",
        "shown only when the portal offers a QR-code login",
    ),
    "survey.why.has_cases": ("账户有办件时才显示", "shown only when the account has a case"),
    "survey.why.status": ("有这个状态的办件时才显示", "shown only when a case has this status"),
    "survey.why.reviewed": ("审核后才显示", "shown only once a case is reviewed"),
    "survey.why.approved": ("审核通过后才显示", "shown only once a case is approved"),
    "survey.why.paid": ("发放后才显示", "shown only once the subsidy is paid"),
    "survey.why.employed": ("就业状态为在职时才显示", "shown only for 在职 (employed)"),
    "survey.why.uploaded": ("上传了文件后才显示", "shown only beside an uploaded file"),
    "survey.why.own_value": ("只显示本账户自己的取值", "only the account's own value is shown"),
    "survey.why.preview": (
        "到预览页须按“下一步”，会保存草稿，doctor 不按",
        "reaching the preview means pressing “下一步”, which saves the draft; doctor never does",
    ),
    "survey.why.result": (
        "提交后才显示，doctor 从不提交",
        "shown only after a submission; doctor never submits",
    ),
    "survey.why.expired": ("登录超时才显示", "shown only when a session has expired"),
    "survey.why.busy": ("门户繁忙时才显示", "shown only when the portal is busy"),
    "survey.why.refused_login": (
        "登录被拒绝时才显示；doctor 不故意输错（以免锁定账户）",
        "shown only when a login is refused; doctor never provokes one (the account could be locked)",
    ),
    "survey.why.refused_form": (
        "表单被退回时才显示，doctor 不提交表单",
        "shown only when a form is refused; doctor posts no form",
    ),
    "survey.why.refused_upload": (
        "上传被拒时才显示，doctor 不上传",
        "shown only when an upload is refused; doctor uploads nothing",
    ),
    "survey.why.no_search": ("页面上没有搜索框", "the page has no search box"),
    "survey.why.no_service_link": (
        "找不到服务的链接，到不了办事指南",
        "the service's link was not found, so the guide was not reached",
    ),
    "survey.why.no_my_cases_link": ("找不到“我的办件”链接", "the link to 我的办件 was not found"),
    "survey.why.no_case": (
        "账户没有已提交的办件可以打开",
        "the account has no submitted case to open",
    ),
    "survey.why.no_draft": (
        "账户没有草稿：打开申请表会新建草稿，doctor 不打开（加 --open-form 则打开）",
        "the account has no draft: opening the form would create one, so doctor does not "
        "(--open-form opens it)",
    ),
    "survey.why.unreachable": ("门户无法打开", "the portal could not be opened"),
    "survey.why.login_failed": ("未能登录", "could not log in"),
    "survey.why.page_failed": ("页面未能打开", "the page could not be opened"),
    "survey.why.not_reached": ("未到达该页", "the page was not reached"),
    "survey.why.no_browser": ("本机没有可用的浏览器", "no usable browser on this machine"),
    "survey.why.returned": (
        "退回补正时才显示",
        "shown only when the case is returned for correction",
    ),
    # ---- logging in: by the tool, or by a person -------------------------------------------
    "login.needs_person": (
        "门户登录需要人工完成（{what}），工具不会猜测或反复尝试。请加 --login manual 重新运行：工具会打开浏览器窗口，由您完成登录，之后工具继续办理",
        "the portal's login needs a person ({what}); the tool never guesses nor retries it. Run again with --login manual: the tool opens a browser window, you log in, and the tool carries on",
    ),
    "login.what.captcha": ("图形验证码", "an image captcha"),
    "login.what.qr": ("只能扫码登录", "a QR code only"),
    "login.what.sso": (
        "跳转到了工具不认识的统一身份认证页面 {url}",
        "a unified sign-on page the tool does not know: {url}",
    ),
    "login.no_display": (
        "--login manual 需要显示器来打开浏览器窗口，但本机没有图形界面（未设置 DISPLAY 或 WAYLAND_DISPLAY）。请在有桌面的电脑上运行，或先在那里执行 autofill login 保存会话",
        "--login manual needs a display to open a browser window, and this machine has none (neither DISPLAY nor WAYLAND_DISPLAY is set). Run it on a computer with a desktop, or run autofill login there first to keep a session",
    ),
    "login.instructions": (
        "请在刚打开的浏览器窗口中登录门户（输入账号、密码、图形验证码，或用随申办APP扫码）。登录成功后窗口会自动关闭，工具继续办理。最多等待 {minutes} 分钟",
        "please log in to the portal in the browser window just opened (account, password, image captcha, or scan the QR code with the 随申办 app). The window closes by itself once you are in, and the tool carries on. Waiting up to {minutes} min",
    ),
    "login.caption": (
        "autofill：请在本窗口完成登录（账号、密码、图形验证码或扫码）。登录成功后本窗口会自动关闭，工具将继续办理。",
        "autofill: please log in in this window (account, password, captcha or QR code). It closes by itself once you are in; the tool carries on.",
    ),
    "login.timed_out": (
        "等待人工登录超时（{seconds} 秒），未登录。请重新运行，或用 --login-timeout 给出更长的时间",
        "nobody logged in within {seconds} s. Run again, or give more time with --login-timeout",
    ),
    "login.window_closed": (
        "登录窗口在登录完成前被关闭了，未登录。请重新运行",
        "the login window was closed before the login finished. Run again",
    ),
    "login.window_failed": (
        "无法在登录窗口中打开门户：{reason}",
        "could not open the portal in the login window: {reason}",
    ),
    "login.session_reused": ("沿用已保存的登录会话", "using the kept login session"),
    "login.session_saved": ("登录会话已保存：{path}", "login session kept in {path}"),
    # ---- the calendar ----------------------------------------------------------------------
    "ics.summary": (
        "职业技能提升补贴申请截止（{occupation} {level_name}）",
        "skill subsidy deadline ({occupation} {level_name})",
    ),
    "ics.description": (
        "{policy_title}：证书（尾号 {last4}）发证日期 {issue}，须在 {deadline} 前（含当日）网上申请，逾期没有补救通道。",
        "{policy_title}: certificate (ending {last4}) issued {issue}; apply online by {deadline} (inclusive); once late there is no way back.",
    ),
    "ics.alarm": (
        "{days} 天后截止：职业技能提升补贴申请",
        "{days} day(s) to the skill subsidy deadline",
    ),
    # ---- autofill runs purge -------------------------------------------------------------
    "purge.nothing_asked": (
        "请指明要删除什么：运行编号、--older-than 天数，或 --portal（演练门户的数据）",
        "say what to remove: a run id, --older-than DAYS, or --portal (the rehearsal portal's data)",
    ),
    "purge.not_a_name": (
        "运行编号“{run_id}”不是 {runs_dir} 里的一个运行目录名；purge 只删除运行记录目录里的内容"
        "（用 autofill runs 列出运行编号）",
        "“{run_id}” is not the name of a run folder in {runs_dir}; purge removes nothing "
        "outside the runs folder (autofill runs lists the run ids)",
    ),
    "purge.link": (
        "{runs_dir} 里的“{run_id}”是符号链接：不会顺着链接删除；请自行检查并删除这个链接",
        "“{run_id}” in {runs_dir} is a symbolic link: it is not followed for deletion; "
        "check it and remove the link yourself",
    ),
    "purge.not_found": (
        "找不到运行记录 {run_id}（在 {runs_dir} 下）；用 autofill runs 列出已有的运行",
        "no run {run_id} in {runs_dir}; autofill runs lists the runs there",
    ),
    "purge.in_use": (
        "运行 {run_id} 正在被另一个进程使用，未删除；等它结束后再删除",
        "run {run_id} is in use by another process and was not removed; "
        "remove it once that process ends",
    ),
    "purge.portal_link": (
        "{path} 是符号链接：不会顺着链接删除演练门户的数据；请自行检查并删除这个链接",
        "{path} is a symbolic link: the rehearsal portal's data is not removed through it; "
        "check it and remove the link yourself",
    ),
    "purge.portal_in_use": (
        "有运行正在进行（{runs}），演练门户正在使用它的数据库：未删除",
        "a run is in progress ({runs}) and the rehearsal portal has its database open: not removed",
    ),
    "purge.skip_link": ("符号链接：不会顺着链接删除", "a symbolic link: not followed"),
    "purge.skip_in_use": ("正在被另一个进程使用", "in use by another process"),
    "purge.nothing": ("没有要删除的内容（{runs_dir}）", "nothing to remove ({runs_dir})"),
    "purge.title": ("将删除（{runs_dir}）", "to be removed ({runs_dir})"),
    "purge.portal_name": (
        "演练门户的数据（数据库与上传的扫描件）",
        "the rehearsal portal's data (database and uploaded scans)",
    ),
    "purge.sessions_name": (
        "保留的登录状态（每个门户与账号一份，不含密码）",
        "the kept logins (one per portal and account; no password)",
    ),
    "purge.sessions_link": (
        "{path} 是符号链接：不会顺着链接删除保留的登录状态；请自行检查并删除这个链接",
        "{path} is a symbolic link: the kept logins are not removed through it; "
        "check it and remove the link yourself",
    ),
    "purge.prompt": (
        "删除以上 {count} 项（共 {size}）？删除后无法恢复。[y/N] ",
        "Remove the {count} item(s) above ({size} in all)? This cannot be undone. [y/N] ",
    ),
    "purge.declined": ("未确认，什么都没有删除", "not confirmed: nothing was removed"),
    "purge.no_terminal": (
        "没有可交互的终端，什么都没有删除；核对以上 {count} 项后，加 --yes 再运行一次",
        "no terminal to confirm at: nothing was removed; check the {count} item(s) above, "
        "then run again with --yes",
    ),
    "purge.done": ("已删除 {count} 项（共 {size}）", "removed {count} item(s) ({size} in all)"),
    "purge.skipped": ("未删除：{path}（{reason}）", "left: {path} ({reason})"),
}


def t(key: str, lang: str = "zh", **params: object) -> str:
    """The message `key` in `lang` (zh when unknown), with `params` filled in."""
    pair = CATALOGUE.get(key)
    if pair is None:
        return key
    template = pair[1] if lang == "en" else pair[0]
    return _fill(template, params)


def _fill(template: str, params: Mapping[str, object]) -> str:
    class _Keep(dict[str, object]):
        def __missing__(self, name: str) -> str:
            return "{" + name + "}"

    try:
        return template.format_map(_Keep(params))
    except (ValueError, IndexError, AttributeError):
        return template


def error_path(loc: Sequence[int | str]) -> str:
    """A pydantic `loc` as the dotted path users see: `prior_claims[0].level`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


_INDEX = re.compile(r"\[\d+\]")


def hint(path: str, lang: str = "zh", **params: object) -> str:
    """What would be right at `path` (list indices ignored), or a generic pointer to the schema."""
    generic = _INDEX.sub("[]", path)
    if f"hint.{generic}" in CATALOGUE:
        return t(f"hint.{generic}", lang, **params)
    if generic.startswith("documents."):
        return t("hint.documents.item", lang, **params)
    return t("hint.generic", lang)


def translate_error(error: Mapping[str, Any], lang: str = "zh", **extra: object) -> dict[str, str]:
    """One pydantic error as `{path, message}` from the catalogue, in `lang`.

    Cross-field checks attach to the model they live on; their `ctx["field"]` names the key
    they are about, so the path points at that key (`applicant.employer`).
    """
    loc = list(error.get("loc", ()))
    ctx = dict(error.get("ctx") or {})
    if "field" in ctx:
        loc.append(str(ctx.pop("field")))
    path = error_path(loc)
    kind = str(error.get("type", ""))
    params: dict[str, object] = {"hint": hint(path, lang, **extra), **extra, **ctx}
    if kind in CATALOGUE and not kind.startswith(("hint.", "rule.")):
        message = t(kind, lang, **params)
    else:
        message = t("pydantic_other", lang, detail=error.get("msg", kind), hint=params["hint"])
    return {"path": path, "message": message}
