"""Masking of ID, bank card and phone numbers in what the mock shows and logs."""

from __future__ import annotations

import logging
import re

_ID = re.compile(r"(?<![0-9A-Za-z])(\d{3})\d{11}(\d{3}[0-9Xx])(?![0-9A-Za-z])")
_CARD = re.compile(r"(?<![0-9A-Za-z])(\d{4})(?:[ ]?\d){8,11}[ ]?(\d{4})(?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<!\d)(1\d{2})\d{4}(\d{4})(?!\d)")


def mask_id(number: str) -> str:
    """310101199203154323 → 310***********4323 (first 3 and last 4 shown)."""
    n = number.strip()
    if len(n) < 8:
        return "*" * len(n)
    return n[:3] + "*" * (len(n) - 7) + n[-4:]


def mask_phone(number: str) -> str:
    n = number.strip()
    return n[:3] + "****" + n[-4:] if len(n) == 11 else "*" * len(n)


def mask_name(name: str) -> str:
    """王示例 → 王**: the header shows who is logged in without spelling the name out."""
    return name[:1] + "*" * max(1, len(name) - 1) if name else ""


def mask_text(text: str) -> str:
    """Every ID, card and phone number in free text, masked."""
    text = _ID.sub(lambda m: mask_id(m.group(0)), text)
    text = _CARD.sub(lambda m: f"{m.group(1)} **** **** {m.group(2)}", text)
    return _PHONE.sub(lambda m: mask_phone(m.group(0)), text)


class MaskingFilter(logging.Filter):
    """Rewrites a record's message so that no personal number reaches any handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is passed on untouched
            return True
        record.msg = mask_text(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            # formatters reuse exc_text, so the traceback is masked once here
            record.exc_text = mask_text(logging.Formatter().formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return True


def install_log_masking() -> None:
    """Puts the masking filter on every logger the mock's records pass through."""
    for name in ("mock_portal", "uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, MaskingFilter) for f in logger.filters):
            logger.addFilter(MaskingFilter())
