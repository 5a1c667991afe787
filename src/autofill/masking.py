"""Masking of personal numbers (ID, bank card, phone) for everything printed or logged.

The one masking module of the tool (the mock portal keeps its own). What it keeps of a number:

- a resident ID (18 characters, the last may be X): the first 3 and the last 4 characters,
  `310***********1234`;
- a bank card (12–19 digits): the first 4 and the last 4 digits, `6222 **** **** 1234`;
- a mainland mobile number (11 digits starting with 1, with or without +86 or 0086): the first
  3 and the last 4 digits, `138****8000` (a country code stays as written: `+86 138****8000`).

In free text a number may be written in groups: digits joined by single spaces (also a
no-break, thin or ideographic space) or dashes, as "6222 0202 1234 5678 909",
"310101 19920315 4321", "+86 138-0013-8000". Every stretch of such groups whose digits make an
ID, a card or a phone number is masked; groups inside a number have at least 3 digits (so that
dates such as 2026-10-20 never join up with what stands beside them). When numbers overlap so
that no single reading covers them, every digit of the stretch is masked.

Left readable on purpose, because they are not personal numbers: dates and times, amounts,
certificate numbers (S/Y + 21 digits: too long to be a card), the portal's case numbers (two
capital letters + 14 digits, `SH20261129000001`), the tool's run ids (`20261130-061610-0123`),
kept sessions' file names (32 hex characters and `.json`), a preview digest (12 hex
characters, which may all be digits) after the word 摘要 or digest on its line, and any text
the caller names in `keep`. A 16-digit qualification-certificate number cannot be told from a
card in free text and is masked there; where the label says what it is (the comparison table,
preview.json), it is shown whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

#: one separator between the groups of a written number
_SEP = "[ \\-\u00a0\u2009\u3000\u2013]"
_CHAIN = re.compile(rf"\d+(?:{_SEP}\d+)*")
_GROUP = re.compile(r"\d+")
#: identifiers the tool or the portal makes, never personal: kept as they are
_PROTECTED = re.compile(
    r"(?<![0-9A-Za-z])20\d{6}-\d{6}(?:-[0-9A-Za-z]{4})?(?:-\d{1,3})?(?![0-9A-Za-z])"  # run id
    r"|(?<![A-Za-z])[A-Z]{2}\d{14}(?!\d)"  # case number, SH20261129000001
    # a kept session's file name (`autofill.kept_sessions.session_path`): a hash, whose digits
    # may by chance run long enough to read as a card
    r"|(?<![0-9A-Za-z])[0-9a-f]{32}\.json(?![0-9A-Za-z])"
)
#: a preview digest (12 hex characters, which may all be digits) named on its line
_DIGEST_LINE = re.compile(r"(?:摘要|digest)[^\n]*", re.IGNORECASE)
_DIGEST = re.compile(r"(?<![0-9A-Za-z])[0-9a-f]{12}(?![0-9A-Za-z])")
_PHONE = re.compile(r"(?:0086|86)?1\d{10}")
#: the longest number masked (a card); longer runs of digits are something else
_LONGEST = 19


def mask_id(number: str) -> str:
    """`310101199001011234` → `310***********1234`."""
    n = re.sub(rf"{_SEP}|\s", "", number)
    if len(n) < 8:
        return "*" * len(n)
    return n[:3] + "*" * (len(n) - 7) + n[-4:]


def mask_card(number: str) -> str:
    """`6222020200112233445` → `6222 **** **** 3445`."""
    digits = re.sub(rf"{_SEP}|\s", "", number)
    if len(digits) < 8:
        return "*" * len(digits)
    return f"{digits[:4]} **** **** {digits[-4:]}"


def mask_phone(number: str) -> str:
    """`13800138000` → `138****8000`; `+86 138 0013 8000` → `+86 138****8000`."""
    n = re.sub(rf"{_SEP}|\s", "", number)
    prefix = ""
    for code in ("+86", "0086", "86"):
        if n.startswith(code) and len(n) == len(code) + 11:
            prefix, n = code + " ", n[len(code) :]
            break
    if len(n) != 11:
        return "*" * len(n)
    return prefix + n[:3] + "****" + n[-4:]


def _kind(digits: str, x_after: bool) -> str | None:
    """What a stretch of digits is, if personal: id, phone or card."""
    if len(digits) == 17 and x_after:
        return "id"
    if len(digits) == 18:
        return "id"
    if _PHONE.fullmatch(digits):
        return "phone"
    if 12 <= len(digits) <= _LONGEST:
        return "card"
    return None


def _render(kind: str, digits: str, x: str) -> str:
    if kind == "id":
        return mask_id(digits + x)
    if kind == "phone":
        return mask_phone(digits)
    return mask_card(digits)


def _mask_chain(text: str, start: int, end: int, x_after: bool) -> tuple[str, int]:
    """The chain text[start:end] with its personal numbers masked, and where it really ends
    (one character further when an ID's trailing X was taken in)."""
    chain = text[start:end]
    if sum(c.isdigit() for c in chain) < 11:  # shorter than any personal number
        return chain, end
    groups = [(m.start(), m.end()) for m in _GROUP.finditer(chain)]
    found: list[tuple[int, int, str]] = []  # first group, last group, kind
    for i in range(len(groups)):
        digits = ""
        for j in range(i, len(groups)):
            a, b = groups[j]
            if j - 1 > i and groups[j - 1][1] - groups[j - 1][0] < 3:
                break  # a short group inside a number: not one number (dates, lists)
            digits += chain[a:b]
            if len(digits) > _LONGEST:
                break
            kind = _kind(digits, x_after and j == len(groups) - 1)
            if kind is not None:
                found.append((i, j, kind))
    if not found:
        return chain, end
    # overlapping readings make one region; a region one reading covers is shown that way
    found.sort()
    kinds = {(i, j): kind for i, j, kind in reversed(found)}  # the first reading of a window
    regions: list[tuple[int, int]] = []
    for i, j, _ in found:
        if regions and i <= regions[-1][1]:
            regions[-1] = (regions[-1][0], max(regions[-1][1], j))
        else:
            regions.append((i, j))
    out, cursor, real_end = [], 0, end
    for i, j in regions:
        a, b = groups[i][0], groups[j][1]
        out.append(chain[cursor:a])
        whole = kinds.get((i, j))
        digits = "".join(chain[ga:gb] for ga, gb in groups[i : j + 1])
        if whole is not None:
            takes_x = whole == "id" and len(digits) == 17
            out.append(_render(whole, digits, text[end] if takes_x else ""))
            if takes_x:
                real_end = end + 1
        else:
            out.append(re.sub(r"\d", "*", chain[a:b]))
        cursor = b
    out.append(chain[cursor:])
    return "".join(out), real_end


def _mask_free(text: str, start: int, end: int) -> str:
    """Masks the numbers in text[start:end], a stretch with nothing protected in it."""
    out: list[str] = []
    cursor = start
    skip_to = start
    for m in _CHAIN.finditer(text, start, end):
        if m.start() < skip_to:
            continue
        out.append(text[cursor : m.start()])
        x_after = m.end() < end and text[m.end()] in "Xx"
        masked, real_end = _mask_chain(text, m.start(), m.end(), x_after)
        out.append(masked)
        cursor = skip_to = real_end
    out.append(text[cursor:end])
    return "".join(out)


def mask_text(text: str, keep: Iterable[str | None] = ()) -> str:
    """Masks every ID, card and phone number in free text (log lines, messages, errors).

    `keep` names texts to leave as they are wherever they occur (a digest, a run id)."""
    spans = [(m.start(), m.end()) for m in _PROTECTED.finditer(text)]
    for line in _DIGEST_LINE.finditer(text):
        spans += [d.span() for d in _DIGEST.finditer(text, line.start(), line.end())]
    for word in keep:
        if word:
            spans += [(m.start(), m.end()) for m in re.finditer(re.escape(word), text)]
    spans.sort()
    out: list[str] = []
    cursor = 0
    for a, b in spans:
        if a < cursor:
            a = cursor
            if a >= b:
                continue
        out.append(_mask_free(text, cursor, a))
        out.append(text[a:b])
        cursor = b
    out.append(_mask_free(text, cursor, len(text)))
    return "".join(out)


#: keys whose values the tool or the portal made, never personal numbers
KEPT_KEYS = frozenset({"run_id", "digest", "case_no", "certificate_number"})


def identifiers(value: Any, kept_keys: frozenset[str] = KEPT_KEYS) -> list[str]:
    """The texts under `kept_keys` anywhere in a JSON-like value (to keep them in messages too)."""
    found: list[str] = []
    if isinstance(value, Mapping):
        for k, v in value.items():
            if k in kept_keys and isinstance(v, str):
                found.append(v)
            else:
                found += identifiers(v, kept_keys)
    elif isinstance(value, list | tuple):
        for v in value:
            found += identifiers(v, kept_keys)
    return found


def mask_data(value: Any, kept_keys: frozenset[str] = KEPT_KEYS) -> Any:
    """A JSON-like value with every string masked: what `--json`, run.json and log.jsonl hold.

    The values under `kept_keys` stay as they are, and so do their texts where a message repeats
    them (`autofill submit RUN_ID --digest DIGEST`)."""
    keep = identifiers(value, kept_keys)

    def walk(item: Any) -> Any:
        if isinstance(item, str):
            return mask_text(item, keep)
        if isinstance(item, Mapping):
            return {k: v if k in kept_keys else walk(v) for k, v in item.items()}
        if isinstance(item, list | tuple):
            return [walk(v) for v in item]
        return item

    return walk(value)
