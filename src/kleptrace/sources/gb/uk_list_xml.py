"""Reading the FCDO UK Sanctions List XML (SanctionsListSchema 4.x) as a stream.

The file is read with iterparse and each <Designation> is freed once read, so memory
stays bounded by one designation whatever the file size. A wrong root element, a
namespace or broken XML rejects the whole file, naming the line; an element directly
under the root that is not a <Designation> is kept verbatim among the rejected rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from kleptrace.exc import ParseError
from kleptrace.sources.dates import parse_date
from kleptrace.sources.gb.uk_list_record import GROUPS, VALUES, DesignationRecord
from kleptrace.sources.report import ParseReport
from kleptrace.sources.xml_stream import line, raw, root_children, syntax_error

ROOT = "Designations"
RECORD = "Designation"
DATE_GENERATED = "DateGenerated"
INDICATORS = "SanctionsImposedIndicators"
_VALUES = frozenset(VALUES)


def _check_root(path: Path, el: etree._Element) -> None:
    if el.tag != ROOT:
        raise ParseError(
            path,
            f"root element is <{el.tag}>, expected <{ROOT}> without a namespace",
            position=f"line {el.sourceline}",
            field=str(el.tag),
        )


def read_records(path: Path, report: ParseReport) -> Iterator[DesignationRecord]:
    """Every <Designation> of the file, as a DesignationRecord."""
    if path.stat().st_size == 0:
        raise ParseError(path, "empty file", position="line 1")
    read = 0
    with open(path, "rb") as fh:
        for el in root_children(path, fh, lambda root: _check_root(path, root)):
            if el.tag == RECORD:
                report.records += 1
                read += 1
                yield _record(el)
            elif el.tag != DATE_GENERATED:
                reason = f"unexpected <{el.tag}> in <{ROOT}>"
                report.reject(path.name, line(el), reason, raw(el))
    if read == 0:  # a list with no designation is a broken download, never a real list
        raise ParseError(path, f"no <{RECORD}> in <{ROOT}>", field=RECORD)


def _record(el: etree._Element) -> DesignationRecord:
    record = DesignationRecord(f"line {el.sourceline}", etree.tostring(el, encoding="unicode"))
    _walk(record, el)
    return record


def _walk(record: DesignationRecord, el: etree._Element) -> None:
    """Collect the values under `el`; wrappers (Names, IndividualDetails, DOBs ...) are
    descended into, and a leaf the format notes do not name is kept as unknown."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag in GROUPS:
            parts = {c.tag: c.text or "" for c in child if isinstance(c.tag, str)}
            record.add_group(tag, tuple(parts.pop(k, "") for k in GROUPS[tag]))
            for name, text in parts.items():
                record.add_unknown(f"{tag}/{name}", text)
        elif tag == INDICATORS:
            for flag in child:
                if isinstance(flag.tag, str):
                    record.indicators[flag.tag] = (flag.text or "").strip()
        elif tag in _VALUES:
            record.add(tag, child.text)
        elif len(child):
            _walk(record, child)
        else:
            record.add_unknown(tag, child.text)


def published(path: Path) -> str | None:
    """The date the file was generated: the root's dateGenerated attribute, else the
    <DateGenerated> element (DD/MM/YYYY)."""
    with open(path, "rb") as fh:
        try:
            for event, el in etree.iterparse(
                fh, events=("start", "end"), remove_comments=True, resolve_entities=False
            ):
                if event == "start" and el.tag == ROOT and el.get("dateGenerated"):
                    stamp = el.get("dateGenerated") or ""
                elif event == "end" and el.tag == DATE_GENERATED:
                    stamp = el.text or ""
                elif event == "end" and el.tag == RECORD:
                    return None
                else:
                    continue
                parsed = parse_date(stamp.strip())
                return parsed.values[0] if parsed else None
        except etree.XMLSyntaxError as exc:
            raise syntax_error(path, exc) from exc
    return None
