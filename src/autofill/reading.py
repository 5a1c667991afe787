"""Reading the files the tool is given: regular files only (links followed), never more than a bound.

Every file the tool reads — a profile, `--portal-texts`, a scenario, a run's `run.json` — goes
through `read_bounded`. A FIFO would block an ordinary `open()` until a writer comes, `/dev/zero`
never ends and a multi-GB file would be read whole into memory; so the type is checked with
`os.stat` before the file is opened (and opened with O_NONBLOCK, then checked again on the open
file, in case it was swapped in between), and at most `limit` bytes are read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from autofill.errors import BadInput
from autofill.messages import t

MiB = 1024 * 1024
#: a profile is a few KB; a MiB is already a hundred times more than one needs
PROFILE_LIMIT = MiB
PORTAL_TEXTS_LIMIT = MiB
SCENARIO_LIMIT = MiB
RUN_RECORD_LIMIT = 4 * MiB


def _size_text(limit: int) -> str:
    return f"{limit // MiB} MiB" if limit % MiB == 0 else f"{limit} B"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "kind.directory"
    if stat.S_ISFIFO(mode):
        return "kind.fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "kind.device"
    if stat.S_ISSOCK(mode):
        return "kind.socket"
    return "kind.other"


def _refuse(
    key: str, path: Path, what: str, field: str | None, lang: str, **params: object
) -> BadInput:
    message = t(key, lang, what=t(what, lang), path=path, **params)
    return BadInput(message, errors=[{"path": field or str(path), "message": message}])


def read_bounded(
    path: Path, limit: int, what: str, lang: str = "zh", field: str | None = None
) -> bytes:
    """The bytes of the regular file `path` (links followed), at most `limit` of them.

    `what` is the catalogue key naming the file for people ("what.profile"); `field` is the
    error's path (the file's own path when not given). Anything else is `BadInput` (exit 2).
    """
    path = Path(path)
    try:
        before = os.stat(path)
    except FileNotFoundError:
        raise _refuse("file.missing", path, what, field, lang) from None
    except (OSError, ValueError) as exc:  # a link loop, a name too long, a NUL in the name
        detail = getattr(exc, "strerror", None) or str(exc)
        raise _refuse("file.unreadable", path, what, field, lang, detail=detail) from None
    if not stat.S_ISREG(before.st_mode):
        kind = t(_kind(before.st_mode), lang)
        raise _refuse("file.not_regular", path, what, field, lang, kind=kind)
    if before.st_size > limit:
        raise _refuse("file.too_large", path, what, field, lang, limit=_size_text(limit))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise _refuse("file.unreadable", path, what, field, lang, detail=exc.strerror) from None
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):
            kind = t(_kind(opened.st_mode), lang)
            raise _refuse("file.not_regular", path, what, field, lang, kind=kind)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(limit + 1 - total, MiB))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise _refuse("file.unreadable", path, what, field, lang, detail=exc.strerror) from None
    finally:
        os.close(fd)
    if total > limit:  # the file grew after it was looked at
        raise _refuse("file.too_large", path, what, field, lang, limit=_size_text(limit))
    return b"".join(chunks)


def read_text_bounded(
    path: Path,
    limit: int,
    what: str,
    lang: str = "zh",
    field: str | None = None,
    encoding: str = "utf-8",
) -> str:
    """`read_bounded` decoded as `encoding`; text in another encoding is `BadInput` too."""
    data = read_bounded(path, limit, what, lang, field)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise _refuse("file.not_utf8", Path(path), what, field, lang) from None
