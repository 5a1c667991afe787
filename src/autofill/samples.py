"""The example profile and six sample documents, drawn with Pillow for a clearly fictional person.

The drawings look like what they stand for (an ID card with a portrait silhouette, its other
side with a plain red emblem-like shape, the certificate's cover, information and level pages,
a bank card) and every one carries a "样本 SAMPLE" watermark. Nothing here depicts a real
person, a real emblem or a real seal.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache
from math import cos, pi, sin
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from autofill.dates import add_months, today_shanghai

FontType = ImageFont.FreeTypeFont | ImageFont.ImageFont

#: where the example profile finds its six documents (relative to the profile's folder)
DOCUMENTS = {
    "id_front": "documents/id-front.jpg",
    "id_back": "documents/id-back.jpg",
    "certificate_cover": "documents/cert-cover.jpg",
    "certificate_info": "documents/cert-info.jpg",
    "certificate_level": "documents/cert-level.jpg",
    "bank_card": "documents/bank-card.jpg",
}

#: how long ago the example's certificate was issued: well inside the 12-month window
CERTIFICATE_AGE_DAYS = 41
#: how long ago the example's earlier subsidy (电工 四级) was granted: in an earlier year
PRIOR_CLAIM_AGE_MONTHS = 42


def example_profile(today: date | None = None) -> dict[str, Any]:
    """The example person of the project (fictional; every number passes its check).

    Its dates are relative to `today` (Shanghai's today by default): the certificate was
    issued 41 days ago, so that the example is eligible whatever the day.
    """
    day = today or today_shanghai()
    return {
        "policy": "shanghai",
        "applicant": {
            "name": "王示例",
            "id_number": "310101199203154321",
            "phone": "13800138000",
            "hukou": "shanghai",
            "category": "employed",
            "employer": {"name": "上海示例机电工程有限公司", "credit_code": "91310000MA1K3YJ12K"},
            "establishment_staff": False,
        },
        "social_insurance": {
            "scheme": "employee",
            "paying": True,
            "unemployment_insurance_months": 36,
        },
        "certificate": {
            "kind": "skill_level",
            "number": "S000031000001263000123",
            "occupation": "电工",
            "level": 3,
            "issue_date": (day - timedelta(days=CERTIFICATE_AGE_DAYS)).isoformat(),
            "issuer": "上海市示例职业技能等级认定中心",
            "route": "assessment",
        },
        "prior_claims": [
            {
                "occupation": "电工",
                "level": 4,
                "granted_on": add_months(day, -PRIOR_CLAIM_AGE_MONTHS).isoformat(),
            }
        ],
        "bank": {"bank": "中国工商银行", "card_number": "6222020212345678909"},
        "documents": dict(DOCUMENTS),
    }


CARD_SIZE = (1012, 638)  # 85.6 × 54 mm at about 300 dpi
PAGE_SIZE = (1000, 720)
WATERMARK = "样本 SAMPLE"


@cache
def cjk_font_file() -> str | None:
    """A font file that can draw Chinese, found through fontconfig; None when there is none."""
    if shutil.which("fc-match") is None:
        return None
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}|%{lang}", "Noto Sans CJK SC:lang=zh-cn"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    path, _, langs = found.partition("|")
    # fc-match always answers something; only a font that covers Chinese will do
    if path and Path(path).is_file() and "zh-cn" in langs.split("|"):
        return path
    return None


@cache
def font(size: int) -> FontType:
    """A CJK font of `size` px, or Pillow's own font (no Chinese glyphs) as a graceful fallback."""
    path = cjk_font_file()
    if path is not None:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            pass
    return ImageFont.load_default(size)


def _watermark(image: Image.Image) -> Image.Image:
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    text_font = font(max(48, image.width // 9))
    step_y = image.height // 3
    for row in range(-1, 4):
        draw.text(
            (image.width // 10 + (row % 2) * image.width // 5, row * step_y),
            WATERMARK,
            font=text_font,
            fill=(220, 30, 30, 70),
        )
    layer = layer.rotate(18, resample=Image.Resampling.BICUBIC)
    return Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")


def _rounded_card(fill: tuple[int, int, int], size: tuple[int, int] = CARD_SIZE) -> Image.Image:
    image = Image.new("RGB", size, (245, 245, 245))
    ImageDraw.Draw(image).rounded_rectangle(
        (6, 6, size[0] - 6, size[1] - 6), radius=36, fill=fill, outline=(150, 150, 150), width=3
    )
    return image


def _portrait(image: Image.Image, box: tuple[int, int, int, int]) -> None:
    """A grey head-and-shoulders silhouette, clipped to its frame."""
    left, top, right, bottom = box
    w, h = right - left, bottom - top
    photo = Image.new("RGB", (w, h), (225, 232, 240))
    draw = ImageDraw.Draw(photo)
    head = w // 5
    cx = w // 2
    draw.ellipse(
        (cx - head, h // 6, cx + head, h // 6 + 2 * head + head // 3), fill=(120, 130, 145)
    )
    draw.ellipse((w // 8, h * 3 // 5, w - w // 8, h + h // 2), fill=(120, 130, 145))
    draw.rectangle((0, 0, w - 1, h - 1), outline=(160, 170, 185), width=2)
    image.paste(photo, (left, top))


def _fields(
    draw: ImageDraw.ImageDraw, origin: tuple[int, int], rows: list[tuple[str, str]], size: int = 34
) -> None:
    x, y = origin
    label_font, value_font = font(size - 4), font(size)
    column = max(draw.textlength(label, font=label_font) for label, _ in rows) + size
    for label, value in rows:
        draw.text((x, y + 4), label, font=label_font, fill=(40, 90, 160))
        draw.text((x + column, y), value, font=value_font, fill=(20, 20, 20))
        y += int(size * 1.9)


def _grouped(number: str, group: int = 4) -> str:
    return " ".join(number[i : i + group] for i in range(0, len(number), group))


def draw_id_front(p: dict[str, Any]) -> Image.Image:
    a = p["applicant"]
    number = a["id_number"]
    image = _rounded_card((232, 240, 246))
    draw = ImageDraw.Draw(image)
    born = f"{number[6:10]} 年 {int(number[10:12])} 月 {int(number[12:14])} 日"
    sex = "男" if int(number[16]) % 2 else "女"
    _fields(
        draw,
        (60, 60),
        [
            ("姓  名", a["name"]),
            ("性  别", f"{sex}      民族  汉"),
            ("出  生", born),
            ("住  址", "上海市示例区示例路 1 号"),
        ],
    )
    draw.text((60, 520), "公民身份号码", font=font(32), fill=(40, 90, 160))
    draw.text((290, 512), number, font=font(44), fill=(20, 20, 20))
    _portrait(image, (700, 70, 950, 400))
    return _watermark(image)


def _emblem(draw: ImageDraw.ImageDraw, center: tuple[int, int], radius: int) -> None:
    """A plain red disc with a gold ring and star: emblem-like, deliberately not the real emblem."""
    x, y = center
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(200, 30, 30))
    inner = radius * 3 // 4
    draw.ellipse((x - inner, y - inner, x + inner, y + inner), outline=(240, 200, 60), width=8)
    star = radius // 3
    points = []
    for i in range(10):
        r = star if i % 2 == 0 else star * 2 // 5
        angle = -pi / 2 + i * pi / 5
        points.append((x + r * cos(angle), y + r * sin(angle)))
    draw.polygon(points, fill=(240, 200, 60))


def draw_id_back(p: dict[str, Any]) -> Image.Image:
    image = _rounded_card((236, 242, 236))
    draw = ImageDraw.Draw(image)
    _emblem(draw, (170, 170), 110)
    draw.text((340, 90), "中华人民共和国", font=font(56), fill=(30, 30, 30))
    draw.text((340, 180), "居民身份证", font=font(72), fill=(30, 30, 30))
    _fields(
        draw,
        (140, 420),
        [("签发机关", "上海市公安局示例分局"), ("有效期限", "2020.01.01-2040.01.01")],
    )
    return _watermark(image)


def _page(fill: tuple[int, int, int] = (252, 250, 242)) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", PAGE_SIZE, fill)
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, PAGE_SIZE[0] - 20, PAGE_SIZE[1] - 20), outline=(180, 150, 90), width=6)
    return image, draw


def _level_name(level: int) -> str:
    return {
        1: "一级/高级技师",
        2: "二级/技师",
        3: "三级/高级工",
        4: "四级/中级工",
        5: "五级/初级工",
    }[level]


def draw_certificate_cover(p: dict[str, Any]) -> Image.Image:
    image, draw = _page((150, 20, 25))
    gold = (235, 195, 90)
    draw.rectangle((50, 50, PAGE_SIZE[0] - 50, PAGE_SIZE[1] - 50), outline=gold, width=4)
    _emblem(draw, (PAGE_SIZE[0] // 2, 190), 80)
    title = "职业技能等级证书" if p["certificate"]["kind"] == "skill_level" else "职业资格证书"
    title_font = font(80)
    width = draw.textlength(title, font=title_font)
    draw.text(((PAGE_SIZE[0] - width) / 2, 330), title, font=title_font, fill=gold)
    sub = "SKILL LEVEL CERTIFICATE"
    sub_font = font(36)
    draw.text(
        ((PAGE_SIZE[0] - draw.textlength(sub, font=sub_font)) / 2, 450),
        sub,
        font=sub_font,
        fill=gold,
    )
    return _watermark(image)


def draw_certificate_info(p: dict[str, Any]) -> Image.Image:
    image, draw = _page()
    a, c = p["applicant"], p["certificate"]
    sex = "男" if int(a["id_number"][16]) % 2 else "女"
    draw.text((60, 50), "持证人信息", font=font(44), fill=(120, 30, 30))
    _fields(
        draw,
        (60, 140),
        [
            ("姓    名", a["name"]),
            ("性    别", sex),
            ("证件号码", a["id_number"]),
            ("证书编号", c["number"]),
        ],
        size=32,
    )
    _portrait(image, (730, 120, 930, 380))
    return _watermark(image)


def draw_certificate_level(p: dict[str, Any]) -> Image.Image:
    image, draw = _page()
    c = p["certificate"]
    draw.text((60, 50), "职业技能等级", font=font(44), fill=(120, 30, 30))
    _fields(
        draw,
        (60, 140),
        [
            ("职业（工种）", f"{c['occupation']}  6-31-01-03"),
            ("等    级", _level_name(int(c["level"]))),
            ("评价机构", c["issuer"]),
            ("评价方式", "认定考核"),
        ],
        size=32,
    )
    # a plain red ring with text: a seal-like shape, not a real seal
    center, radius = (790, 540), 110
    draw.ellipse(
        (center[0] - radius, center[1] - radius, center[0] + radius, center[1] + radius),
        outline=(210, 40, 40),
        width=8,
    )
    text = "示例章"
    seal_font = font(44)
    draw.text(
        (center[0] - draw.textlength(text, font=seal_font) / 2, center[1] - 26),
        text,
        font=seal_font,
        fill=(210, 40, 40),
    )
    return _watermark(image)


def draw_bank_card(p: dict[str, Any]) -> Image.Image:
    b = p["bank"]
    image = _rounded_card((30, 70, 140))
    draw = ImageDraw.Draw(image)
    white = (245, 245, 245)
    draw.text((60, 50), b["bank"], font=font(52), fill=white)
    draw.text((60, 120), "借记卡 DEBIT", font=font(32), fill=(200, 210, 230))
    draw.rounded_rectangle((70, 220, 200, 320), radius=14, fill=(220, 190, 100))  # chip
    for i in range(1, 4):
        draw.line((70, 220 + 25 * i, 200, 220 + 25 * i), fill=(170, 140, 60), width=2)
    draw.text((60, 390), _grouped(b["card_number"]), font=font(62), fill=white)
    draw.text((60, 500), "WANG SHILI   有效期 12/30", font=font(32), fill=(200, 210, 230))
    return _watermark(image)


DRAWINGS: dict[str, Callable[[dict[str, Any]], Image.Image]] = {
    "id_front": draw_id_front,
    "id_back": draw_id_back,
    "certificate_cover": draw_certificate_cover,
    "certificate_info": draw_certificate_info,
    "certificate_level": draw_certificate_level,
    "bank_card": draw_bank_card,
}


def render_samples(profile: dict[str, Any] | None = None) -> dict[str, bytes]:
    """The six sample documents as JPEG bytes, keyed by item.

    They show no date, so that the tracked samples of `examples/` suit a profile written on
    any day.
    """
    profile = profile or example_profile()
    out: dict[str, bytes] = {}
    for item, draw in DRAWINGS.items():
        buffer = io.BytesIO()
        draw(profile).save(buffer, "JPEG", quality=88, optimize=True)
        out[item] = buffer.getvalue()
    return out


def write_example(
    directory: Path, overwrite: bool = False, profile_only: bool = False
) -> list[Path]:
    """Writes `profile.json` (dated relative to Shanghai's today) and `documents/*.jpg` into
    `directory`; returns the files written. `profile_only` leaves the documents as they are.

    Everything is drawn in memory first, so that a failure leaves nothing half-written.
    """
    profile_path = directory / "profile.json"
    if profile_path.exists() and not overwrite:
        raise FileExistsError(profile_path)
    profile = example_profile()
    images = {} if profile_only else render_samples(profile)
    text = json.dumps(profile, ensure_ascii=False, indent=2) + "\n"
    written: list[Path] = []
    for item, data in images.items():
        target = directory / DOCUMENTS[item]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)
    directory.mkdir(parents=True, exist_ok=True)
    profile_path.write_text(text, encoding="utf-8")
    written.insert(0, profile_path)
    return written
