"""The preview as evidence: read back, compared with the profile, digested and saved.

The portal masks and formats what it shows (证件号码 as the first 3 and last 4 characters,
dates in several ways, 等级 as "三级/高级工", bank cards in groups of four); the comparison
understands those forms and nothing looser. The digest binds a human's confirmation to exactly
one preview: the first 12 hex characters of the SHA-256 of the canonical JSON of the preview's
label → value pairs and the uploaded materials' names and sizes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from autofill.masking import mask_card, mask_id, mask_phone, mask_text
from autofill.messages import t
from autofill.portal.values import Expected
from autofill.runs import write_json, write_private

DIGEST_LENGTH = 12
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")


@dataclass(frozen=True)
class Material:
    """An uploaded file as the preview lists it, with the size of what was sent."""

    label: str
    name: str
    size: int


@dataclass(frozen=True)
class Comparison:
    """One line of the comparison table: the profile's value beside the preview's, both masked."""

    label: str
    profile: str
    preview: str
    same: bool


def _parse_date(text: str) -> date | None:
    text = text.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _masked_matches(expected: str, shown: str) -> bool:
    """A shown number with `*` in it matches when its visible ends agree with the expected one."""
    head, _, tail = shown.partition("*")
    tail = tail.lstrip("*")
    if "*" in tail or not (head or tail):
        return False
    return (
        expected.startswith(head)
        and expected.endswith(tail)
        and len(head) + len(tail) < len(expected)
    )


def value_matches(expected: Expected, shown: str) -> bool:
    """Whether the portal's rendering of a field says the same as the profile's value."""
    shown = re.sub(r"\s+", " ", shown).strip()
    if expected.kind == "one_of":
        return shown in expected.options
    if expected.kind == "date":
        return _parse_date(shown) == _parse_date(expected.value)
    if expected.kind == "number":
        digits = re.sub(r"\D", "", shown)
        return digits == expected.value
    if expected.kind in ("id", "phone", "card"):
        compact = re.sub(r"[\s-]", "", shown).upper()
        value = expected.value.upper()
        if "*" in compact:
            return _masked_matches(value, compact)
        return compact == value
    return shown == expected.value


#: how many digits each kind of personal number keeps when masked, and its masker
_KEEPS = {"id": (7, mask_id), "card": (8, mask_card), "phone": (7, mask_phone)}


def shown_masked(expected: Expected, shown: str) -> str:
    """The portal's value as it may be printed: personal numbers masked in whatever form the
    portal wrote them; the certificate number whole (it is not a personal number)."""
    if expected.kind == "certificate":
        return shown
    masked = mask_text(shown)
    keeps = _KEEPS.get(expected.kind)
    number = re.sub(r"^\+?(?:0086|86)\s*", "", masked) if expected.kind == "phone" else masked
    if keeps is not None and len(re.findall(r"\d", number)) > keeps[0]:
        # a form free text does not know (another separator, words in between): mask it whole
        return keeps[1](re.sub(r"\D", "", shown))
    return masked


def compare(
    expected: Mapping[str, Expected],
    preview: Mapping[str, str],
    material_names: Mapping[str, str],
    materials_shown: Mapping[str, str],
    *,
    lang: str = "zh",
) -> list[Comparison]:
    """Field by field and material by material: the profile beside the preview."""
    missing = t("evidence.not_in_preview", lang)
    lines: list[Comparison] = []
    for label, want in expected.items():
        if label not in preview:
            if want.required:
                lines.append(Comparison(label, want.shown, missing, False))
            continue
        shown = preview[label]
        lines.append(
            Comparison(label, want.shown, shown_masked(want, shown), value_matches(want, shown))
        )
    for label, name in material_names.items():
        listed = materials_shown.get(label)
        if listed is None:
            lines.append(Comparison(label, mask_text(name), missing, False))
        else:
            lines.append(Comparison(label, mask_text(name), mask_text(listed), name in listed))
    return lines


def differences(lines: list[Comparison]) -> list[Comparison]:
    return [line for line in lines if not line.same]


def canonical_preview(preview: Mapping[str, str], materials: list[Material]) -> str:
    """The preview in one canonical JSON text: sorted keys, no spaces, UTF-8 as is."""
    payload = {
        "fields": {label: re.sub(r"\s+", " ", value).strip() for label, value in preview.items()},
        "materials": {m.label: {"name": m.name, "size": m.size} for m in materials},
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest(preview: Mapping[str, str], materials: list[Material]) -> str:
    """The first 12 hex characters of the SHA-256 of the canonical preview."""
    text = canonical_preview(preview, materials)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


def save_preview_json(
    path: Path,
    preview: Mapping[str, str],
    materials: list[Material],
    lines: list[Comparison],
    preview_digest: str,
) -> None:
    """preview.json: the values read back (personal numbers masked), the comparison, the digest.

    A field of the comparison is written as the comparison shows it (masked by what the label
    holds); a field the profile does not know goes through free-text masking."""
    compared = {line.label: line.preview for line in lines}
    data: dict[str, Any] = {
        "digest": preview_digest,
        "fields": {
            label: compared[label] if label in compared else mask_text(value)
            for label, value in preview.items()
        },
        "materials": [{**asdict(m), "name": mask_text(m.name)} for m in materials],
        "comparison": [asdict(line) for line in lines],
    }
    write_json(path, data)


def save_bytes(path: Path, data: bytes) -> None:
    write_private(path, data)


def save_notice(
    json_path: Path, text_path: Path, notice: Mapping[str, list[str]], url: str, read_at: str
) -> None:
    """guide.json and guide.txt: the guide's 须知 as read before the run ticked its acknowledgement."""
    write_json(json_path, {"url": url, "read_at": read_at, "sections": dict(notice)})
    lines = [f"申请须知（{url}，读取于 {read_at}）", ""]
    for name, section in notice.items():
        lines.append(f"【{name}】")
        lines.extend(section)
        lines.append("")
    write_private(text_path, "\n".join(lines).encode("utf-8"))


def load_notice(json_path: Path) -> dict[str, list[str]]:
    """The 须知 saved by an earlier pass of the run (empty when none was read)."""
    try:
        data = json.loads(json_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    sections = data.get("sections") if isinstance(data, dict) else None
    if not isinstance(sections, dict):
        return {}
    return {str(k): [str(line) for line in v] for k, v in sections.items() if isinstance(v, list)}
