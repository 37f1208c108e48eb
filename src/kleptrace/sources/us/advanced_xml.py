"""Reading OFAC advanced XML (SDN_ADVANCED.XML, CONS_ADVANCED.XML) element by element.

The full SDN file is about 120 MB, so it is read with lxml's iterparse, each element of
interest handed over once complete and then cleared (with its finished siblings), so
memory stays bounded by one record, not by the file. Both published namespaces are
accepted; any other root or namespace is refused with the file and line before anything
is read. Dates come as <Date> (Year/Month/Day) and <DatePeriod> (Start and End, each a
From/To range): they are printed back in OFAC's remarks wording ("10 Oct 2014",
"01 Jan 1962 to 31 Dec 1962"), so the one date reader the other OFAC forms use applies.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from kleptrace.exc import ParseError
from kleptrace.sources.base import Head
from kleptrace.sources.us.ofac_facts import reduce_range

NAMESPACES = (
    "http://www.un.org/sanctions/1.0",
    "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML",
)
"""The Treasury namespace (files up to about 2023) and the Sanctions List Service one."""
ROOT = re.compile(r"<(?:[\w.-]+:)?Sanctions\b([^>]*)>")
_XMLNS = re.compile(r"""\bxmlns(?::[\w.-]+)?\s*=\s*["']([^"']*)["']""")
_DATE_OF_ISSUE = re.compile(
    r"<(?:[\w.-]+:)?DateOfIssue\b[^>]*>\s*<(?:[\w.-]+:)?Year>\s*(\d{4})\s*</(?:[\w.-]+:)?Year>"
    r"\s*<(?:[\w.-]+:)?Month>\s*(\d{1,2})\s*</(?:[\w.-]+:)?Month>"
    r"\s*<(?:[\w.-]+:)?Day>\s*(\d{1,2})\s*</(?:[\w.-]+:)?Day>",
    re.S,
)
RECORDS = (
    "DateOfIssue",
    "ReferenceValueSets",
    "Location",
    "IDRegDocument",
    "DistinctParty",
    "ProfileRelationship",
    "SanctionsEntry",
    "SanctionsEntryLink",
)
"""The elements each top-level section is a list of: every one is cleared once read,
whether the pass wants it or not, so no section accumulates in memory."""
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def local(tag: object) -> str:
    """An element's tag without its namespace."""
    return str(tag).rpartition("}")[2]


def check_root(path: Path) -> None:
    """Refuse a file whose root is not <Sanctions> in one of OFAC's two namespaces."""
    if not path.exists():
        raise ParseError(path, "file not found")
    if path.stat().st_size == 0:
        raise ParseError(path, "empty file")
    text = Head.read(path).text
    match = ROOT.search(text)
    if match is None:
        raise ParseError(
            path, "not an OFAC advanced XML document (no <Sanctions> root)", position="line 1"
        )
    line = f"line {text.count(chr(10), 0, match.start()) + 1}"
    declared = _XMLNS.findall(match.group(1))
    if not set(declared) & set(NAMESPACES):
        found = ", ".join(declared) or "none"
        raise ParseError(
            path,
            f"unknown namespace of <Sanctions> ({found}); expected one of {', '.join(NAMESPACES)}",
            position=line,
        )


def date_of_issue(path: Path) -> str | None:
    """The ISO publication date the file states in <DateOfIssue>, or None."""
    match = _DATE_OF_ISSUE.search(Head.read(path).text)
    if match is None:
        return None
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def elements(path: Path, *tags: str) -> Iterator[etree._Element]:
    """Each complete record element with one of these local names (from RECORDS); every
    record is cleared once passed, with its finished siblings.

    XML errors become a ParseError naming the file and line.
    """
    check_root(path)
    wanted = set(tags)
    try:
        for _event, element in etree.iterparse(
            str(path),
            events=("end",),
            tag=[f"{{*}}{tag}" for tag in RECORDS],
            resolve_entities=False,
            huge_tree=False,
        ):
            if local(element.tag) in wanted:
                yield element
            element.clear(keep_tail=True)
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as exc:
        raise ParseError(path, f"invalid XML: {exc.msg}", position=f"line {exc.lineno}") from exc


def child(element: etree._Element, name: str) -> etree._Element | None:
    """The first child with this local name."""
    for item in element:
        if local(item.tag) == name:
            return item
    return None


def children(element: etree._Element, name: str) -> list[etree._Element]:
    return [item for item in element if local(item.tag) == name]


def text(element: etree._Element | None) -> str | None:
    """An element's own text, spaces collapsed; None when blank."""
    if element is None or element.text is None:
        return None
    value = re.sub(r"\s+", " ", element.text).strip()
    return value or None


def verbatim(element: etree._Element) -> str:
    """The element as it stands in the file, for a rejected record."""
    return etree.tostring(element, encoding="unicode", with_tail=False)


def is_true(element: etree._Element, attribute: str) -> bool:
    return (element.get(attribute) or "").strip().lower() == "true"


def _ymd(element: etree._Element | None) -> tuple[int, int, int] | None:
    if element is None:
        return None
    parts = [text(child(element, name)) for name in ("Year", "Month", "Day")]
    if not all(p and p.isdigit() for p in parts):
        return None
    year, month, day = (int(p) for p in parts if p)
    return (year, month, day) if 1 <= month <= 12 and 1 <= day <= 31 else None


def _printed(ymd: tuple[int, int, int]) -> str:
    year, month, day = ymd
    return f"{day:02d} {MONTHS[month - 1]} {year:04d}"


def date_text(element: etree._Element | None) -> str | None:
    """A <Date> (or a From/To) as OFAC prints a date: '10 Oct 2014'."""
    ymd = _ymd(element)
    return _printed(ymd) if ymd else None


def period_text(period: etree._Element | None) -> str | None:
    """A <DatePeriod> in remarks wording: '10 Oct 2014', '1962', '1961 to 1962', 'circa 1962'.

    The period runs from the earliest day its Start allows to the latest its End allows;
    a period that is one day prints as that day. None when the period holds no date.
    """
    if period is None:
        return None
    start, end = child(period, "Start"), child(period, "End")
    first = _ymd(child(start, "From")) if start is not None else None
    last = _ymd(child(end, "To")) if end is not None else None
    first, last = first or last, last or first
    if first is None or last is None:
        return None
    printed = _printed(first) if first == last else f"{_printed(first)} to {_printed(last)}"
    printed = reduce_range(printed)
    approximate = any(is_true(edge, "Approximate") for edge in (start, end) if edge is not None)
    return f"circa {printed}" if approximate else printed
