"""Synthetic applicants for load and scale runs: clearly fictional people whose numbers pass their checks.

Applicant 0 is the project's example person (王示例); the others vary the birth date, phone,
card and certificate serial so that every number is unique and valid.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw
from stdnum import luhn
from stdnum.cn import ric

from autofill.dates import add_months, today_shanghai

DIGITS = "〇一二三四五六七八九"
#: the people's certificate was issued 41 days before Shanghai's today (as the example's is), so
#: that the benchmarks run on any date; their earlier 电工 四级 claim 42 months before
ISSUE_DATE = (today_shanghai() - timedelta(days=41)).isoformat()
GRANTED_ON = add_months(today_shanghai(), -42).isoformat()
ISSUER = "上海市示例职业技能等级认定中心"
EMPLOYER = {"name": "上海示例机电工程有限公司", "credit_code": "91310000MA1K3YJ12K"}
PASSWORD = "Passw0rd!"
DOCUMENTS = {
    "id_front": "id-front.jpg",
    "id_back": "id-back.jpg",
    "certificate_cover": "cert-cover.jpg",
    "certificate_info": "cert-info.jpg",
    "certificate_level": "cert-level.jpg",
    "bank_card": "bank-card.jpg",
}


@dataclass(frozen=True)
class Person:
    """One fictional applicant: what the portal is provisioned with and what the profile says."""

    index: int
    name: str
    id_number: str
    phone: str
    card_number: str
    certificate_number: str

    @property
    def masked_id(self) -> str:
        return self.id_number[:3] + "*" * 11 + self.id_number[-4:]


def person(index: int) -> Person:
    """The index-th applicant (0 is 王示例, the example person)."""
    if index == 0:
        return Person(
            0,
            "王示例",
            "310101199203154321",
            "13800138000",
            "6222020212345678909",
            "S000031000001263000123",
        )
    born = date(1980, 1, 1) + timedelta(days=index)
    # an even sequence digit: a woman, like the example person; ages 40-47 are within working age
    base = f"310101{born:%Y%m%d}432"
    card = f"62220202{index:010d}"
    name = "示例学员" + "".join(DIGITS[int(d)] for d in str(index))
    return Person(
        index,
        name,
        base + ric.calc_check_digit(base + "0"),
        f"139{index:08d}",
        card + luhn.calc_check_digit(card),
        f"S000031000001263{500000 + index:06d}",
    )


def citizen(p: Person) -> dict[str, Any]:
    """The body of `POST /__mock__/citizens` for this person."""
    return {
        "name": p.name,
        "id_number": p.id_number,
        "phone": p.phone,
        "password": PASSWORD,
        "auth_level": "advanced",
        "hukou": "shanghai",
        "social_insurance": {
            "scheme": "employee",
            "status": "paying",
            "unemployment_insurance_months": 36,
        },
        "establishment_staff": False,
        "certificates": [
            {
                "number": p.certificate_number,
                "kind": "职业技能等级证书",
                "occupation": "电工",
                "level": 3,
                "issue_date": ISSUE_DATE,
                "issuer": ISSUER,
                "route": "assessment",
            }
        ],
        "prior_claims": [{"occupation": "电工", "level": 4, "granted_on": GRANTED_ON}],
    }


def profile(p: Person, documents_dir: str = "documents") -> dict[str, Any]:
    """The applicant profile (profile.md) for this person; documents relative to its folder."""
    return {
        "policy": "shanghai",
        "applicant": {
            "name": p.name,
            "id_number": p.id_number,
            "phone": p.phone,
            "hukou": "shanghai",
            "category": "employed",
            "employer": dict(EMPLOYER),
            "establishment_staff": False,
        },
        "social_insurance": {
            "scheme": "employee",
            "paying": True,
            "unemployment_insurance_months": 36,
        },
        "certificate": {
            "kind": "skill_level",
            "number": p.certificate_number,
            "occupation": "电工",
            "level": 3,
            "issue_date": ISSUE_DATE,
            "issuer": ISSUER,
            "route": "assessment",
        },
        "prior_claims": [{"occupation": "电工", "level": 4, "granted_on": GRANTED_ON}],
        "bank": {"bank": "中国工商银行", "card_number": p.card_number},
        "documents": {item: f"{documents_dir}/{name}" for item, name in DOCUMENTS.items()},
    }


def document_bytes(item: str) -> bytes:
    """A small, valid JPEG (800×600, short side over 600 px) labelled with the item's key."""
    image = Image.new("RGB", (800, 600), (236, 240, 245))
    ImageDraw.Draw(image).text((40, 40), f"SAMPLE {item}", fill=(30, 30, 30))
    out = BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def write_documents(folder: Path) -> dict[str, Path]:
    """The six sample documents under `folder`; item key → path."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for item, name in DOCUMENTS.items():
        path = folder / name
        path.write_bytes(document_bytes(item))
        written[item] = path
    return written


def write_profiles(folder: Path, indexes: range) -> list[Path]:
    """A folder of profiles (one JSON file each) sharing one `documents/` folder, as `batch` reads it."""
    write_documents(folder / "documents")
    paths = []
    for index in indexes:
        path = folder / f"applicant-{index:04d}.json"
        path.write_text(json.dumps(profile(person(index)), ensure_ascii=False, indent=2))
        paths.append(path)
    return paths
