"""Australia DFAT: the dates in its cells.

Date cells (Date of Birth, Control Date) use DFAT's own separators and enumerations;
the listing date sits inside the prose of "Listing Information".
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from followthemoney import StatementEntity

from kleptrace.sources.au.dfat_info import enum_parts
from kleptrace.sources.au.dfat_sheet import cell, cell_text
from kleptrace.sources.base import Emitter
from kleptrace.sources.dates import MONTHS, parse_date

_MONTH_NAMES = "|".join(sorted((m for m in MONTHS if m.isascii()), key=len, reverse=True))
_TEXT_DATE_RE = re.compile(
    rf"(?<!\d)\d{{1,2}}(?:st|nd|rd|th)?\.?\s*(?:{_MONTH_NAMES})\.?,?\s+\d{{4}}(?!\d)"
    r"|(?<!\d)\d{1,2}/\d{1,2}/\d{4}(?!\d)|(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)",
    re.I,
)
_LISTING_WORD_RE = re.compile(r"\b(?:listed|listing|designated|designation|declared)\b", re.I)


def add_date(emitter: Emitter, entity: StatementEntity, prop: str, value: Any) -> None:
    """Add every date a cell holds, keeping the printed wording. Reads DFAT's own
    separators ("alt DOB:", ">>"); when some parts of an enumeration cannot be read
    ("c) 24/06/1402 (Hijri Calendar)"), the readable ones are added and the whole cell is
    also kept as a note."""
    value = cell(value)
    if value is None:
        return
    if not isinstance(value, str):
        emitter.add_date(entity, prop, value)
        return
    text = re.sub(r"\s*(?:>>|;?\s*alt\.? DOB:?)\s*", "; ", value, flags=re.I)
    parsed = parse_date(text)
    values = list(parsed.values)
    if not parsed:
        for part in enum_parts(text):
            values.extend(v for v in parse_date(part).values if v not in values)
        emitter.note(entity, prop, value)
    for iso in values:
        emitter.add(entity, prop, iso, original=value)


def listing_date(value: Any) -> str | None:
    """The listing date in "Listing Information": the first date after "listed" /
    "designated", else the first date not preceded by "after" ("Assets received on or
    after 23 May 2003 ..." is no listing date)."""
    value = cell(value)
    if value is None or isinstance(value, date):  # a date cell is the listing date itself
        return cell_text(value)
    text = str(value)
    dates = list(_TEXT_DATE_RE.finditer(text))
    if not dates:
        return None
    keyword = _LISTING_WORD_RE.search(text)
    chosen = None
    if keyword:
        chosen = next((d for d in dates if d.start() >= keyword.end()), None)
    if chosen is None:
        chosen = next(
            (d for d in dates if not re.search(r"after\s*$", text[: d.start()], re.I)), None
        )
    if chosen is None:
        return None
    parsed = parse_date(re.sub(r"(\d)\.?\s*([A-Za-z])", r"\1 \2", chosen.group(0), count=1))
    return parsed.values[0] if parsed else None
