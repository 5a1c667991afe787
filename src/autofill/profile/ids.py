"""What a (validated) resident ID number tells: its area, birth date and sex.

An unknown area code is at most a warning, never an error (see `autofill.profile.numbers`).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources

from stdnum import numdb
from stdnum.cn import ric

from autofill.messages import t


@cache
def _province_areas(province: str) -> numdb.NumDB:
    """stdnum's area-code table (`cn/loc`), only the block of one province (two digits).

    `numdb.get` parses all 7000 lines of the table, which took longer than the rest of
    `autofill check`; a lookup never leaves its province's block, so parsing that block
    alone gives the same answer."""
    kept: list[str] = []
    keeping = False
    table = resources.files("stdnum").joinpath("cn/loc.dat")
    with table.open(encoding="utf-8") as stream:
        for line in stream:
            if line.startswith("#") or not line.strip():
                continue
            if not line[0].isspace():  # a province: its ranges, then its properties
                ranges = line.split(maxsplit=1)[0].split(",")
                keeping = any(
                    low <= province[: len(low)] <= (high or low)
                    for low, _, high in (r.partition("-") for r in ranges)
                )
            if keeping:
                kept.append(line)
    return numdb.read(kept)


def _area_parts(id_number: str) -> list[tuple[str, dict[str, str]]]:
    return _province_areas(id_number[:2]).info(id_number[:6])


def id_area_warning(id_number: str, lang: str = "zh") -> str | None:
    """A warning when the ID number's area code is not in stdnum's table (never an error)."""
    parts = _area_parts(id_number)
    if any(props for _, props in parts):
        return None
    return t("id_area_unknown", lang, area=id_number[:6])


def id_area_place(id_number: str) -> str:
    """The province and county names of the ID number's area code, as far as known."""
    names: list[str] = []
    for _, props in _area_parts(id_number):
        for key in ("province", "prefecture", "county"):
            if key in props:
                # counties may be listed with the years they existed: "[1988-]宝山区,[-1987]…"
                value = props[key].split(",")[0]
                names.append(value.split("]")[-1])
    return "".join(names)


def birth_date(id_number: str) -> date:
    """The birth date in a (validated) resident ID number."""
    return ric.get_birth_date(id_number)


def is_male(id_number: str) -> bool:
    """The 17th character is odd for men, even for women."""
    return int(id_number[16]) % 2 == 1
