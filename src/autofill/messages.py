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
    "bank.ok": ("{bank} 在柜面受理的银行之列", "{bank} is one of the accepted banks"),
    "bank.warn": (
        "{bank} 不在常见受理银行之列（{accepted}）；补贴只能发到本人在上海开户的借记卡",
        "{bank} is not one of the usual accepted banks ({accepted}); the subsidy goes only to your own debit card opened in Shanghai",
    ),
    "bank.fix": (
        "建议改用上述银行之一在上海开户的本人借记卡",
        "prefer your own debit card from one of those banks, opened in Shanghai",
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
    "cli.bad_lang": ("--lang 只能是 zh 或 en", "--lang must be zh or en"),
    "cli.warnings": ("提醒：", "warnings:"),
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
