"""Dates as sources print them, turned into ISO prefixes that keep their precision.

A full date stays a day ("1966-10-24"), a month stays a month ("1966-10"), a year a
year. "Circa 1952" and "approximately 1952" give "1952" and are flagged approximate;
ranges ("1955-1958", "between 1945 and 1950") and decades ("1960s") give every year in
the range. A day/month order that cannot be told ("07/10/1952") can keep both readings.
Callers keep the printed wording as the statement's original value, so nothing is lost.
Query reading (`kleptrace.screen.query_values`) uses it too, with Excel serials.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january", "janvier"),
            ("feb", "february", "fevrier", "février", "febr"),
            ("mar", "march", "mars"),
            ("apr", "april", "avril"),
            ("may", "mai"),
            ("jun", "june", "juin"),
            ("jul", "july", "juillet"),
            ("aug", "august", "aout", "août"),
            ("sep", "sept", "september", "septembre"),
            ("oct", "october", "octobre"),
            ("nov", "november", "novembre"),
            ("dec", "december", "decembre", "décembre"),
        ],
        start=1,
    )
    for m in names
}
MAX_RANGE_YEARS = 30
_APPROX = re.compile(
    r"\b(circa|ca\.?|c\.|approx(imately)?\.?|about|around|probably|possibly|presumably)\s*",
    re.I,
)
_ENUM = re.compile(r"(?:^|\s)[a-z]\)\s*|(?:^|\s)\(\d+\)\s*|(?:^|\s)\d\)\s+", re.I)
_DECADE = re.compile(r"^(\d{3})0'?s$", re.I)
_SERIAL = re.compile(r"^(\d{5})(?:\.0+)?$")
EXCEL_EPOCH = date(1899, 12, 30)
"""Day 0 of Excel's serial dates (1900 system, after its phantom 29 February 1900)."""
_YEAR_RANGE = re.compile(r"^(?:between\s+)?(\d{4})\s*(?:-|–|to|and)\s*(\d{4})$", re.I)
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[T ][\d:.]+)?(?:Z|[+-]\d{2}:?\d{2})?)?)?$")
_DMY = re.compile(r"^(\d{1,2}|dd|00|xx)[./-](\d{1,2}|mm|00|xx)[./-](\d{4})$", re.I)
_MY = re.compile(r"^(\d{1,2})[./-](\d{4})$")
_WORDED = re.compile(r"^(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([a-zéû]+)\.?,?\s+(\d{4})$", re.I)
_WORDED_US = re.compile(r"^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$", re.I)


@dataclass(frozen=True)
class ParsedDate:
    values: tuple[str, ...]
    approximate: bool = False

    def __bool__(self) -> bool:
        return bool(self.values)


def _ymd(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not 1000 <= year <= 2100:
        return None
    if month is None or month == 0:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None or day == 0:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _ymd_of(day: date) -> str | None:
    return _ymd(day.year, day.month, day.day)


def _int_or_none(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def _one(text: str, day_first: bool | None, serials: bool = False) -> list[str]:
    text = text.strip().strip(".,;").strip()
    if not text:
        return []
    if serials and (m := _SERIAL.match(text)):
        out = _ymd_of(EXCEL_EPOCH + timedelta(days=int(m[1])))
        return [out] if out else []
    if m := _DECADE.match(text):
        return [y for y in (_ymd(int(m[1]) * 10 + x) for x in range(10)) if y]
    if m := _ISO.match(text):
        out = _ymd(int(m[1]), _int_or_none(m[2]), _int_or_none(m[3]))
        return [out] if out else []
    if m := _YEAR_RANGE.match(text):
        start, end = int(m[1]), int(m[2])
        if start <= end <= start + MAX_RANGE_YEARS:
            return [y for y in (_ymd(x) for x in range(start, end + 1)) if y]
        return []
    if m := _DMY.match(text):
        first, second = _int_or_none(m[1]), _int_or_none(m[2])
        orders = [(first, second), (second, first)] if day_first is None else []
        orders = orders or [(first, second) if day_first else (second, first)]
        readings = [_ymd(int(m[3]), month, day if month else None) for day, month in orders]
        return list(dict.fromkeys(r for r in readings if r))
    if m := _MY.match(text):
        out = _ymd(int(m[2]), int(m[1]))
        return [out] if out else []
    if m := _WORDED.match(text):
        month = MONTHS.get(m[2].lower().rstrip("."))
        if month is None:
            return []
        out = _ymd(int(m[3]), month, _int_or_none(m[1]))
        return [out] if out else []
    if m := _WORDED_US.match(text):
        month = MONTHS.get(m[1].lower())
        out = _ymd(int(m[3]), month, int(m[2])) if month else None
        return [out] if out else []
    return []


def parse_date(value: object, day_first: bool | None = True, serials: bool = False) -> ParsedDate:
    """Parse a printed date, or several ("a) 1955 b) 1960", "1962; 1963"), keeping precision.

    Args:
        value: the cell as read; datetime and date objects are taken as full dates.
        day_first: read "03/04/2018" as 3 April (UK, EU, UN) rather than March 4 (US);
            None keeps both readings when both are dates.
        serials: read a five-digit number as an Excel serial date (customer
            spreadsheets); official lists print no such thing.
    Returns:
        ParsedDate with the ISO prefixes found, empty when nothing could be read.
    """
    if isinstance(value, datetime):
        return ParsedDate((value.date().isoformat(),))
    if isinstance(value, date):
        return ParsedDate((value.isoformat(),))
    if value is None:
        return ParsedDate(())
    text = str(value).strip()
    if not text:
        return ParsedDate(())
    approximate = bool(_APPROX.search(text))
    text = _APPROX.sub("", text)
    whole = _one(text, day_first, serials)
    if whole:
        return ParsedDate(tuple(whole), approximate)
    parts = [p for p in _ENUM.split(text) if p.strip()]
    if len(parts) == 1:
        parts = re.split(r"\s*(?:;|\bor\b|,(?=\s*\d{4}\b(?!\d)))\s*", parts[0], flags=re.I)
    values: list[str] = []
    for part in parts:
        found = _one(part, day_first)
        if not found:
            return ParsedDate((), approximate)
        values.extend(v for v in found if v not in values)
    return ParsedDate(tuple(values), approximate)
