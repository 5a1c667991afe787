"""Uploaded materials: streamed multipart reading with caps, format and size by content, storage, thumbnails."""

from __future__ import annotations

import hashlib
import io
import re
import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from PIL import Image, ImageDraw, ImageFile, JpegImagePlugin, PngImagePlugin
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from mock_portal.formdef import MAX_UPLOAD_BYTES

if TYPE_CHECKING:
    from mock_portal.state import Portal

#: beyond this the body is no longer drained: the connection is simply answered and closed
DRAIN_LIMIT = 256 * 1024 * 1024
#: a text field keeps at most this many bytes (the CSRF token is 32 characters)
_SMALL_FIELD = 4096
#: parts of one upload request: the token, the file and a few more; beyond this it is refused
MAX_PARTS = 8
#: the header lines of one part (Content-Disposition with its file name, Content-Type): room
#: for a name of MAX_NAME_CHARS in any script; python-multipart itself refuses a header line
#: over about 4 KB, which is taken as the same thing: a name far too long
MAX_PART_HEADERS = 4096
#: a file name longer than this is refused with NAME_TOO_LONG (what most file systems allow)
MAX_NAME_CHARS = 255
#: an image declaring more pixels than this is refused from its header, before any decoding
#: (a 1 MB PNG can declare 13000×13000: 0.5 GB once decoded); a phone photo is 12–48 MP
MAX_IMAGE_PIXELS = 40_000_000
THUMB_SIZE = (240, 240)
#: bidirectional overrides and marks, zero-width characters, and C0/C1 controls: they change
#: how a name reads ("\u202egpj.exe" shows as "exe.jpg") and never belong in one
_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


@dataclass
class StreamedUpload:
    """What a multipart body held: small text fields and at most `limit` bytes of the file."""

    fields: dict[str, str] = field(default_factory=dict)
    file_name: str = ""
    data: bytearray = field(default_factory=bytearray)
    has_file: bool = False
    too_large: bool = False
    malformed: bool = False
    #: no valid CSRF token came before the file (or at all): nothing more was read
    forbidden: bool = False
    #: a part's headers passed MAX_PART_HEADERS (in practice: an absurd file name)
    name_too_long: bool = False


class _Stop(Exception):
    """Stops reading the body: the request is already judged."""


async def read_upload(
    request: Request,
    token_ok: Callable[[str | None], bool],
    limit: int = MAX_UPLOAD_BYTES,
    token_field: str = "csrf_token",
    token_header: str = "x-csrf-token",
) -> StreamedUpload:
    """Reads the body chunk by chunk, judging the CSRF token before any file byte.

    The token comes in its header (checked before the body is touched) or as a form field
    before the file part; a file part without a valid token before it ends the reading at
    once (`forbidden`). At most MAX_PARTS parts with bounded headers and text values are
    read; file bytes beyond `limit` are counted, never kept.
    """
    result = StreamedUpload()
    header_token = request.headers.get(token_header)
    if header_token is not None and not token_ok(header_token):
        result.forbidden = True
        return result
    trusted = header_token is not None
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
    header_bytes = 0
    value = bytearray()
    parts = 0
    in_headers = False

    def refuse(flag: str) -> NoReturn:
        # without a valid token nothing is worth more than a 403
        if trusted:
            setattr(result, flag, True)
        else:
            result.forbidden = True
        raise _Stop

    def on_part_begin() -> None:
        nonlocal parts, header_bytes, in_headers
        parts += 1
        if parts > MAX_PARTS:
            refuse("malformed")
        in_headers = True
        part.clear()
        value.clear()
        header_bytes = 0

    def on_header_field(data: bytes, start: int, end: int) -> None:
        _count_header(end - start)
        header_field.extend(data[start:end])

    def on_header_value(data: bytes, start: int, end: int) -> None:
        _count_header(end - start)
        header_value.extend(data[start:end])

    def _count_header(size: int) -> None:
        nonlocal header_bytes
        header_bytes += size
        if header_bytes > MAX_PART_HEADERS:
            refuse("name_too_long")

    def on_header_end() -> None:
        if header_field.lower() == b"content-disposition":
            _, disp = parse_options_header(bytes(header_value))
            part["name"] = disp.get(b"name", b"").decode("utf-8", "replace")
            if b"filename" in disp:
                part["filename"] = disp[b"filename"].decode("utf-8", "replace")
        header_field.clear()
        header_value.clear()

    def on_headers_finished() -> None:
        nonlocal trusted, in_headers
        in_headers = False
        if "filename" in part and not trusted:
            trusted = token_ok(result.fields.get(token_field))
            if not trusted:
                result.forbidden = True
                raise _Stop

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if "filename" in part:
            result.has_file = True
            if len(result.data) + (end - start) > limit:
                result.too_large = True
            if not result.too_large:
                result.data.extend(data[start:end])
        elif len(value) < _SMALL_FIELD:
            value.extend(data[start : start + min(end - start, _SMALL_FIELD - len(value))])

    def on_part_end() -> None:
        nonlocal trusted
        if "filename" in part:
            result.file_name = part["filename"]
            result.has_file = result.has_file or bool(part["filename"])
        elif part.get("name"):
            result.fields[part["name"]] = value.decode("utf-8", "replace")
            if part["name"] == token_field and not trusted:
                trusted = token_ok(result.fields[token_field])

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
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
    except _Stop:
        pass
    except Exception:
        if in_headers:  # python-multipart's own cap on a header line
            result.name_too_long = trusted
            result.forbidden = not trusted
        else:
            result.malformed = not result.too_large
    if not trusted and not result.forbidden:
        result.forbidden = not token_ok(result.fields.get(token_field))
    if result.too_large or result.forbidden or result.malformed or result.name_too_long:
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


def clean_name(name: str) -> str:
    """The client's file name without control, bidirectional or zero-width characters."""
    return _INVISIBLE.sub("", name)


def base_name(name: str) -> str:
    """The last path component of the cleaned name: what the user called the file."""
    return re.split(r"[\\/]", clean_name(name))[-1].strip()


def display_name(name: str) -> str:
    """The name as shown: the last path component only, no invisible characters, at most 80."""
    return (base_name(name) or "未命名文件")[-80:]


def image_pixels(data: bytes, kind: str) -> int | None:
    """Width × height as the image's header declares it, without decoding a pixel.

    The format's own reader parses only the header here, and none of Pillow's
    decompression-bomb checks runs: they would warn (or fail) before we could answer.
    None when the header cannot be read (the thumbnail then is a plain icon).
    """
    reader: type[ImageFile.ImageFile] | None = {
        "jpg": JpegImagePlugin.JpegImageFile,
        "png": PngImagePlugin.PngImageFile,
    }.get(kind)
    if reader is None:
        return None
    try:
        with reader(io.BytesIO(data)) as img:
            width, height = img.size
    except Exception:
        return None
    return width * height


def size_text(size: int) -> str:
    return f"{size / 1024:.1f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.2f} MB"


def _thumbnail(data: bytes, kind: str) -> Image.Image:
    """A small picture of the upload; a JPEG is decoded at a reduced scale (draft)."""
    if kind != "pdf":
        try:
            with Image.open(io.BytesIO(data)) as img:
                img.draft("RGB", THUMB_SIZE)
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
    """Saves the file under a generated name (the client's name is only ever displayed).

    Blocking (files, a thumbnail, the database): the route runs it in a worker thread.
    """
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
                portal.clock.now().isoformat(),
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
