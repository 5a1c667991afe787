"""Masking of personal numbers (ID, bank card, phone) for everything printed or logged."""

from __future__ import annotations

import re

# An 18-character resident ID (last may be X), a 16–19 digit card (spaces allowed), an 11-digit
# mobile number. Longest first, so that a card number is not taken for an ID number.
_CARD = re.compile(r"(?<![\dA-Za-z])(\d{4})[ ]?(\d{4}[ ]?){2,3}(\d{0,3}?)(\d{4})(?![\dA-Za-z])")
_ID = re.compile(r"(?<![\dA-Za-z])(\d{3})\d{11}(\d{3}[\dXx])(?![\dA-Za-z])")
_PHONE = re.compile(r"(?<!\d)(1\d{2})\d{4}(\d{4})(?!\d)")


def mask_id(number: str) -> str:
    """`310101199001011234` → `310***********1234`."""
    n = number.strip()
    if len(n) < 8:
        return "*" * len(n)
    return n[:3] + "*" * (len(n) - 7) + n[-4:]


def mask_card(number: str) -> str:
    """`6222020200112233445` → `6222 **** **** 3445`."""
    digits = re.sub(r"\s", "", number)
    if len(digits) < 8:
        return "*" * len(digits)
    return f"{digits[:4]} **** **** {digits[-4:]}"


def mask_phone(number: str) -> str:
    """`13800138000` → `138****8000`."""
    n = number.strip()
    if len(n) != 11:
        return "*" * len(n)
    return n[:3] + "****" + n[-4:]


def mask_text(text: str) -> str:
    """Masks every ID, card and phone number found in free text (log lines, error messages)."""

    def _id(m: re.Match[str]) -> str:
        return mask_id(m.group(0))

    def _card(m: re.Match[str]) -> str:
        return mask_card(m.group(0))

    def _phone(m: re.Match[str]) -> str:
        return mask_phone(m.group(0))

    text = _ID.sub(_id, text)
    text = _CARD.sub(_card, text)
    return _PHONE.sub(_phone, text)
