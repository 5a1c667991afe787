"""Preflight and preparation of the six uploads: checked by content, never by name.

Symbolic links are followed (the user chose them) and the report notes the file they point
to, so that a link into an unexpected place is visible. Preparation writes only inside the
folder it is given: each prepared copy is written to a temporary file there and renamed over
`<item>.jpg`, so that an existing link of that name is replaced, never written through.
Originals are opened read-only and never change.
"""

from __future__ import annotations

import io
import math
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from PIL import Image, ImageOps, UnidentifiedImageError

from autofill.atomic import write_atomic
from autofill.errors import BadInput
from autofill.messages import t
from autofill.policy import policy_data
from autofill.profile import DOCUMENT_ITEMS, Profile

Kind = Literal["jpeg", "png", "pdf"]

_EXIF_ORIENTATION = 0x0112
#: the most pixels a document may have: a phone photo has 12–50 million, a scan at 600 dpi of
#: an A4 page 35 million; decoding one costs 3–4 bytes a pixel
MAX_PIXELS = 40_000_000
_SNIFF_BYTES = 16


@dataclass
class DocumentReport:
    """What the preflight found about one document, and whether it will be prepared."""

    item: str
    label: str
    path: Path
    ok: bool
    kind: Kind | None = None
    size: int = 0
    width: int | None = None
    height: int | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    will_prepare: bool = False
    orientation: int | None = None
    plan: str = ""


def sniff(head: bytes) -> Kind | Literal["exe"] | None:
    """The file kind judged by its first bytes."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"MZ"):
        return "exe"
    return None


def human_size(size: int) -> str:
    """Bytes as people read them: 1.2 MB, 356 KB."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB" if size else "0 B"


def _limits(profile: Profile) -> tuple[int, int]:
    uploads = policy_data(profile.policy.value)["uploads"]
    return int(uploads["max_bytes"]), int(uploads["min_short_side"])


def check_document(
    item: str, path: Path, max_bytes: int, min_side: int, lang: str = "zh"
) -> DocumentReport:
    """Checks one file: exists, readable, not empty, format by content, decodes, size, pixels."""
    report = DocumentReport(item=item, label=DOCUMENT_ITEMS.get(item, item), path=path, ok=False)
    if path.is_symlink():
        try:
            target: Path | str = path.resolve()
        except (OSError, RuntimeError):  # a symlink loop; exists() below reports it as missing
            target = os.readlink(path)
        report.notes.append(t("doc.note_symlink", lang, target=target))
    if not path.exists():
        report.problems.append(t("doc.missing", lang, path=path))
        return report
    if not path.is_file():
        report.problems.append(t("doc.not_file", lang, path=path))
        return report
    try:
        with path.open("rb") as stream:
            head = stream.read(_SNIFF_BYTES)
        report.size = path.stat().st_size
    except OSError as exc:
        report.problems.append(t("doc.unreadable", lang, path=path, detail=exc.strerror or exc))
        return report
    if report.size == 0:
        report.problems.append(t("doc.empty", lang))
        return report
    kind = sniff(head)
    if kind == "exe":
        report.problems.append(t("doc.exe", lang))
        return report
    if kind is None:
        report.problems.append(t("doc.unknown_format", lang))
        return report
    report.kind = kind
    suffix = path.suffix.lower()
    expected_suffixes = {"jpeg": (".jpg", ".jpeg"), "png": (".png",), "pdf": (".pdf",)}[kind]
    if suffix not in expected_suffixes:
        report.notes.append(t("doc.note_extension", lang, suffix=suffix or "''", kind=kind.upper()))
    if kind == "pdf":
        _check_pdf(report, path, max_bytes, lang)
    else:
        _check_image(report, path, max_bytes, min_side, lang)
    report.ok = not report.problems
    if report.ok:
        report.plan = _plan(report, max_bytes, min_side, lang)
    return report


def _check_pdf(report: DocumentReport, path: Path, max_bytes: int, lang: str) -> None:
    if report.size > max_bytes:
        # refused before parsing: pypdf scans a whole file for its trailer, minutes for a huge one
        report.problems.append(
            t("doc.pdf_too_big", lang, size=human_size(report.size), limit=human_size(max_bytes))
        )
        return
    # imported here: most profiles hold photos only, and pypdf is slow to import
    from pypdf import PdfReader

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            report.problems.append(t("doc.pdf_encrypted", lang))
            return
        pages = len(reader.pages)
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        report.problems.append(t("doc.pdf_broken", lang, detail=type(exc).__name__))
        return
    if pages < 1:
        report.problems.append(t("doc.pdf_no_pages", lang))


@contextmanager
def _open_image(path: Path) -> Iterator[Image.Image]:
    """`Image.open` (which reads the header only) without Pillow's decompression-bomb warning.

    The size is judged against our own, lower `MAX_PIXELS` by the caller; Pillow's refusal far
    above it (DecompressionBombError) still ends in the caller's message, never a traceback.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        image = Image.open(path)
    with image:
        yield image


def _check_image(
    report: DocumentReport, path: Path, max_bytes: int, min_side: int, lang: str
) -> None:
    try:
        with _open_image(path) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                # refused from the header: decoding it would take hundreds of MB
                report.problems.append(
                    t(
                        "doc.too_many_pixels",
                        lang,
                        width=width,
                        height=height,
                        path=path,
                        limit=MAX_PIXELS // 1_000_000,
                    )
                )
                return
            # load() decodes every pixel, so that a truncated file is caught here, not on the portal
            image.load()
            report.width, report.height = image.size
            orientation = image.getexif().get(_EXIF_ORIENTATION)
    except Image.DecompressionBombError:
        report.problems.append(
            t("doc.too_many_pixels_unknown", lang, path=path, limit=MAX_PIXELS // 1_000_000)
        )
        return
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError) as exc:
        report.problems.append(t("doc.image_broken", lang, detail=str(exc) or type(exc).__name__))
        return
    if orientation in (2, 3, 4, 5, 6, 7, 8):
        report.orientation = int(orientation)
        report.notes.append(t("doc.note_exif", lang, orientation=orientation))
    if min(report.width, report.height) < min_side:
        report.problems.append(
            t("doc.too_small", lang, width=report.width, height=report.height, min=min_side)
        )
        return
    report.will_prepare = report.size > max_bytes or report.orientation is not None


def _plan(report: DocumentReport, max_bytes: int, min_side: int, lang: str) -> str:
    if not report.will_prepare:
        return t("doc.prepare_none", lang)
    if report.size > max_bytes:
        return t("doc.prepare_big", lang, limit=human_size(max_bytes), min=min_side)
    return t("doc.prepare_rotate", lang)


def check_documents(profile: Profile, lang: str = "zh") -> list[DocumentReport]:
    """Checks the six documents of `profile`, in upload order."""
    max_bytes, min_side = _limits(profile)
    return [
        check_document(item, profile.document_path(item), max_bytes, min_side, lang)
        for item in DOCUMENT_ITEMS
    ]


def document_errors(reports: list[DocumentReport]) -> list[dict[str, str]]:
    """Every problem as `{path: documents.<item>, message}`."""
    return [
        {"path": f"documents.{r.item}", "message": problem}
        for r in reports
        for problem in r.problems
    ]


def encode_within(image: Image.Image, max_bytes: int, min_side: int) -> bytes | None:
    """`image` as a JPEG under `max_bytes`, shrinking it no further than `min_side` on its short side."""
    current = image
    while True:
        for quality in (90, 85, 80, 75, 70, 60, 50):
            buffer = io.BytesIO()
            current.save(buffer, "JPEG", quality=quality, optimize=True)
            if buffer.tell() < max_bytes:
                return buffer.getvalue()
        short = min(current.size)
        if short <= min_side:
            return None
        # ceil keeps the short side at min_side or above, since scale >= min_side / short
        scale = max(min_side / short, 0.8)
        size = (math.ceil(current.width * scale), math.ceil(current.height * scale))
        current = current.resize(size, Image.Resampling.LANCZOS)


def _upright_rgb(path: Path) -> Image.Image:
    with _open_image(path) as original:
        image = ImageOps.exif_transpose(original)
        if image.mode in ("RGBA", "LA", "P"):
            image = image.convert("RGBA")
            background = Image.new("RGB", image.size, "white")
            background.paste(image, mask=image.getchannel("A"))
            return background
        return image.convert("RGB")


def _write_inside(dest: Path, name: str, data: bytes) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    target = dest / name
    # a rename replaces a link already there instead of writing through it
    write_atomic(target, data)
    return target


def prepare_documents(profile: Profile, dest: Path, lang: str = "zh") -> dict[str, Path]:
    """The file to upload for each item: the original, or a prepared copy written under `dest`."""
    return prepare_items(
        profile, {item: profile.document_path(item) for item in DOCUMENT_ITEMS}, dest, lang
    )


def prepare_items(
    profile: Profile,
    files: dict[str, Path],
    dest: Path,
    lang: str = "zh",
    source: str = "documents",
) -> dict[str, Path]:
    """`prepare_documents` for some items (a 补正's), each from the file given for it.

    Every file is checked first and nothing is written unless all pass; an error names the item
    as `<source>.<item>` (the profile's `documents`, or `--file`).
    """
    max_bytes, min_side = _limits(profile)
    reports = [
        check_document(item, path, max_bytes, min_side, lang) for item, path in files.items()
    ]
    errors = [
        {**e, "path": e["path"].replace("documents.", f"{source}.", 1)}
        for e in document_errors(reports)
    ]
    if errors:
        raise BadInput(t("doc.problems", lang, count=len(errors)), errors=errors)
    encoded: dict[str, bytes] = {}
    for report in reports:
        if not report.will_prepare:
            continue
        data = encode_within(_upright_rgb(report.path), max_bytes, min_side)
        if data is None:
            errors.append(
                {
                    "path": f"{source}.{report.item}",
                    "message": t(
                        "doc.cannot_shrink", lang, limit=human_size(max_bytes), min=min_side
                    ),
                }
            )
        else:
            encoded[report.item] = data
    if errors:
        raise BadInput(t("doc.problems", lang, count=len(errors)), errors=errors)
    # written only once every item is known to be fine: nothing half-prepared is left behind
    result: dict[str, Path] = {}
    for report in reports:
        if report.item in encoded:
            result[report.item] = _write_inside(dest, f"{report.item}.jpg", encoded[report.item])
        else:
            result[report.item] = report.path
    return result
