"""Australia: the DFAT Consolidated List (regulation8_consolidated.xlsx).

One sheet, one row per name; the rows of a listing's other names ("aka", "Original
Script") are merged into one entity. The work is split by job:

- dfat_sheet: reading the workbook and grouping rows by their Reference;
- dfat_info: the labelled identifiers in "Additional Information";
- dfat_dates: dates of birth, control dates and the listing date;
- dfat_entity: a group of rows as an entity and its Sanctions.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from followthemoney import StatementEntity
from python_calamine import CalamineWorkbook

from kleptrace.sources.au.dfat_entity import entities
from kleptrace.sources.au.dfat_sheet import (
    COMMITTEES,
    CONTROL_DATE,
    HEADER_SCAN_ROWS,
    NAME_COL,
    NAME_TYPE,
    REFERENCE,
    cell,
    groups,
    read_rows,
)
from kleptrace.sources.base import Emitter, Format, Head
from kleptrace.sources.list_files import latest_date
from kleptrace.sources.report import ParseReport

NAME = "au_dfat"
PREFIX = "au-dfat"
JURISDICTION = "au"
PUBLISHER = "Department of Foreign Affairs and Trade"
URL = "https://www.dfat.gov.au/sites/default/files/regulation8_consolidated.xlsx"


def parse(path: Path, report: ParseReport | None = None) -> Iterator[StatementEntity]:
    """Yield one entity per primary Reference (its alias rows merged) and its Sanctions."""
    path = Path(path)
    emitter = Emitter(NAME, PREFIX, path, report, jurisdiction=JURISDICTION, authority=PUBLISHER)
    for group in groups(path, emitter.report):
        if group.primary is None:
            for row in group.aliases:
                emitter.report.reject(
                    path.name,
                    f"row {row.number}",
                    f"alias row {row.ref} has no primary row {group.key}",
                    row.raw,
                )
            continue
        yield from entities(path, emitter, group)


def published(path: Path) -> str | None:
    """The workbook states no publication date; the latest Control Date (the date DFAT
    last changed any entry) stands in for it."""
    header, data = read_rows(Path(path))
    column = header[CONTROL_DATE]
    return latest_date(cell(row[column]) if column < len(row) else None for _, row in data)


def sniff(head: Head) -> bool:
    """An xlsx whose first sheet has DFAT's header (Reference, Name of Individual or
    Entity, Name Type, Committees)."""
    if head.is_dir or head.text != "<zip>":
        return False
    try:
        sheet = CalamineWorkbook.from_path(str(head.path)).get_sheet_by_index(0)
        for n, row in enumerate(sheet.iter_rows()):
            cells = {str(c).strip() for c in row if c is not None}
            if {REFERENCE, NAME_COL, NAME_TYPE, COMMITTEES} <= cells:
                return True
            if n + 1 >= HEADER_SCAN_ROWS:
                break
    except Exception:  # not a workbook, or a damaged one: not ours to claim
        return False
    return False


FORMAT = Format(
    name=NAME,
    title="Australia: DFAT Consolidated List (autonomous and UN sanctions)",
    sniff=sniff,
    parse=parse,
    source_name=lambda path: NAME,
    published=published,
    jurisdiction=JURISDICTION,
    publisher=PUBLISHER,
    urls=(URL,),
)
