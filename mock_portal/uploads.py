"""Uploaded materials: streamed multipart reading with a size cap, format by content, storage, thumbnails."""

from __future__ import annotations

import hashlib
import io
import re
import secrets
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from mock_portal.clock import iso
from mock_portal.formdef import MAX_UPLOAD_BYTES

if TYPE_CHECKING:
    from mock_portal.state import Portal

#: beyond this the body is no longer drained: the connection is simply answered and closed
DRAIN_LIMIT = 256 * 1024 * 1024
_SMALL_FIELD = 4096
THUMB_SIZE = (240, 240)


@dataclass
class StreamedUpload:
    """What a multipart body held: small text fields and at most `limit` bytes of the file."""

    fields: dict[str, str] = field(default_factory=dict)
    file_name: str = ""
    data: bytearray = field(default_factory=bytearray)
    has_file: bool = False
    too_large: bool = False
    malformed: bool = False


async def read_upload(request: Request, limit: int = MAX_UPLOAD_BYTES) -> StreamedUpload:
    """Reads the body chunk by chunk; file bytes beyond `limit` are counted, never kept."""
    result = StreamedUpload()
    ctype, params = parse_options_header(request.headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if ctype != b"multipart/form-data" or not boundary:
        result.malformed = True
        return result
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > DRAIN_LIMIT:
        result.too_large = True
        return result

    part: dict[str, str] = {}
    header_field = bytearray()
    header_value = bytearray()
    value = bytearray()

    def on_part_begin() -> None:
        part.clear()
        value.clear()

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header_field.extend(data[start:end])

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header_value.extend(data[start:end])

    def on_header_end() -> None:
        if header_field.lower() == b"content-disposition":
            _, disp = parse_options_header(bytes(header_value))
            part["name"] = disp.get(b"name", b"").decode("utf-8", "replace")
            if b"filename" in disp:
                part["filename"] = disp[b"filename"].decode("utf-8", "replace")
        header_field.clear()
        header_value.clear()

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if "filename" in part:
            result.has_file = True
            if len(result.data) + (end - start) > limit:
                result.too_large = True
            if not result.too_large:
                result.data.extend(data[start:end])
        elif len(value) < _SMALL_FIELD:
            value.extend(data[start:end])

    def on_part_end() -> None:
        if "filename" in part:
            result.file_name = part["filename"]
            result.has_file = result.has_file or bool(part["filename"])
        elif part.get("name"):
            result.fields[part["name"]] = value.decode("utf-8", "replace")

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
        },
    )
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > DRAIN_LIMIT:
                result.too_large = True
                break
            if result.too_large:
                continue  # drained, so the client gets a clean answer; nothing is kept
            parser.write(chunk)
        parser.finalize()
    except Exception:
        result.malformed = not result.too_large
    if result.too_large:
        result.data = bytearray()
    return result


def sniff(data: bytes) -> str | None:
    """The file's format by its first bytes: jpg, png or pdf; None for anything else."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"%PDF-"):
        return "pdf"
    return None


def display_name(name: str) -> str:
    """The name as shown: the last path component only, no control characters, at most 80."""
    base = re.split(r"[\\/]", name)[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip() or "未命名文件"
    return base[-80:]


def size_text(size: int) -> str:
    return f"{size / 1024:.1f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.2f} MB"


def _thumbnail(data: bytes, kind: str) -> Image.Image:
    if kind != "pdf":
        try:
            with Image.open(io.BytesIO(data)) as img:
                img.thumbnail(THUMB_SIZE)
                return img.convert("RGB")
        except Exception:
            pass  # a broken image still gets a plain icon
    icon = Image.new("RGB", (180, 240), "#ffffff")
    draw = ImageDraw.Draw(icon)
    draw.rectangle((0, 0, 179, 239), outline="#c0c4cc", width=2)
    draw.rectangle((30, 90, 150, 150), fill="#d93025" if kind == "pdf" else "#909399")
    draw.text((72, 112), kind.upper() if kind == "pdf" else "IMG", fill="#ffffff")
    return icon


def store(portal: Portal, case_no: str, item: str, upload: StreamedUpload, kind: str) -> str:
    """Saves the file under a generated name (the client's name is only ever displayed)."""
    data = bytes(upload.data)
    token = secrets.token_hex(16)
    stored = f"{token}.{kind}"
    thumb = f"{token}.png"
    (portal.files_dir / stored).write_bytes(data)
    _thumbnail(data, kind).save(portal.thumbs_dir / thumb, "PNG")
    with portal.db.transaction() as conn:
        old = conn.execute(
            "SELECT stored_name, thumb_name FROM materials WHERE case_no = ? AND item = ?",
            (case_no, item),
        ).fetchone()
        conn.execute("DELETE FROM materials WHERE case_no = ? AND item = ?", (case_no, item))
        conn.execute(
            "INSERT INTO materials VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                token,
                case_no,
                item,
                display_name(upload.file_name),
                stored,
                thumb,
                len(data),
                hashlib.sha256(data).hexdigest(),
                kind,
                iso(portal.clock.now()),
            ),
        )
    if old is not None:
        _unlink(portal, old)
    return token


def remove(portal: Portal, case_no: str, item: str) -> None:
    with portal.db.transaction() as conn:
        old = conn.execute(
            "SELECT stored_name, thumb_name FROM materials WHERE case_no = ? AND item = ?",
            (case_no, item),
        ).fetchone()
        conn.execute("DELETE FROM materials WHERE case_no = ? AND item = ?", (case_no, item))
    if old is not None:
        _unlink(portal, old)


def _unlink(portal: Portal, row: sqlite3.Row) -> None:
    for folder, name in (
        (portal.files_dir, row["stored_name"]),
        (portal.thumbs_dir, row["thumb_name"]),
    ):
        path = (folder / name).resolve()
        if path.parent == folder.resolve():
            path.unlink(missing_ok=True)


def material_path(folder: Path, name: str) -> Path | None:
    """The stored file, only if it really lies inside its folder."""
    path = (folder / name).resolve()
    return path if path.parent == folder.resolve() and path.is_file() else None
