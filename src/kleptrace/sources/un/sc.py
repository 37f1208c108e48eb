"""UN Security Council consolidated list (XML, sc-sanctions.xsd).

The Security Council publishes one file, CONSOLIDATED_LIST, with INDIVIDUALS/INDIVIDUAL
and ENTITIES/ENTITY records keyed by DATAID and carrying a REFERENCE_NUMBER (QDi.001)
that national lists repeat, which makes it ground truth for linking across lists.

This module streams the file; sc_record turns each record into entities, with
sc_names (aliases), sc_places (addresses, places of birth), sc_birth_dates,
sc_documents (passports and other documents) and sc_comments (ships, aircraft
and identifiers in COMMENTS1) reading its parts.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from followthemoney import StatementEntity
from lxml import etree

from kleptrace.exc import ParseError
from kleptrace.sources.base import Emitter, Format, Head
from kleptrace.sources.dates import parse_date
from kleptrace.sources.report import ParseReport
from kleptrace.sources.un.sc_fields import local
from kleptrace.sources.un.sc_record import build_record
from kleptrace.sources.xml_stream import raw, release, syntax_error

NAME = "un_sc"
PREFIX = "unsc"
JURISDICTION = "un"
PUBLISHER = "United Nations Security Council"
URL = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
ROOT = "CONSOLIDATED_LIST"
CONTAINERS = {"INDIVIDUALS": "INDIVIDUAL", "ENTITIES": "ENTITY"}


def _open(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def parse(path: Path, report: ParseReport | None = None) -> Iterator[StatementEntity]:
    """Stream the entities of a consolidated.xml file (plain or gzipped).

    Raises ParseError for invalid XML, a wrong root element, a record without DATAID or
    name, a duplicate DATAID and an empty file; errors may surface mid-iteration.
    """
    path = Path(path)
    report = report if report is not None else ParseReport()
    if path.stat().st_size == 0:
        raise ParseError(path, "empty file", position="line 1")
    emitter = Emitter(
        source_name(path), PREFIX, path, report, jurisdiction=JURISDICTION, authority=PUBLISHER
    )
    seen: set[str] = set()
    depth = 0
    root_seen = False
    with _open(path) as fh:
        try:
            events = etree.iterparse(
                fh, events=("start", "end"), remove_comments=True, resolve_entities=False
            )
            for event, el in events:
                if event == "start":
                    depth += 1
                    if depth == 1:
                        root_seen = True
                        tag = local(el.tag)
                        if tag != ROOT:
                            raise ParseError(
                                path,
                                f"root element is <{tag}>, expected <{ROOT}>",
                                position=f"line {el.sourceline}",
                                field=tag,
                            )
                    continue
                depth -= 1
                if depth > 2:
                    continue
                tag = local(el.tag)
                if depth == 2:
                    parent = local(el.getparent().tag)
                    if parent not in CONTAINERS:
                        continue  # rejected whole with its unknown container
                    if CONTAINERS[parent] == tag:
                        report.records += 1
                        yield from build_record(emitter, path, el, tag, seen)
                    else:
                        reason = f"unexpected <{tag}> in <{parent}>"
                        report.reject(path.name, el.sourceline or 0, reason, raw(el, 4000))
                    release(el)
                elif depth == 1:
                    if tag not in CONTAINERS:
                        report.reject(
                            path.name, el.sourceline or 0, f"unexpected <{tag}>", raw(el, 4000)
                        )
                    release(el)
        except etree.XMLSyntaxError as exc:
            raise syntax_error(path, exc) from exc
    if not root_seen:
        raise ParseError(path, "no XML root element", position="line 1")


def source_name(path: Path) -> str:
    return NAME


def published(path: Path) -> str | None:
    """The date part of CONSOLIDATED_LIST/@dateGenerated, read from the file's root."""
    path = Path(path)
    with _open(path) as fh:
        try:
            for _, el in etree.iterparse(fh, events=("start",), resolve_entities=False):
                stamp = el.get("dateGenerated")
                if not stamp:
                    return None
                parsed = parse_date(stamp.strip())
                return parsed.values[0] if parsed else None
        except etree.XMLSyntaxError as exc:
            raise syntax_error(path, exc) from exc
    return None


_SNIFF_ROOT = re.compile(r"<CONSOLIDATED_LIST[\s>]")
_SNIFF_BODY = re.compile(r"<(?:INDIVIDUALS|ENTITIES)[\s>/]|sc-sanctions\.xsd|dateGenerated=")


def sniff(head: Head) -> bool:
    """The UN root element plus a UN-specific container, schema or attribute."""
    if head.is_dir:
        return False
    return bool(_SNIFF_ROOT.search(head.text) and _SNIFF_BODY.search(head.text))


FORMAT = Format(
    name=NAME,
    title="UN Security Council Consolidated List (XML)",
    sniff=sniff,
    parse=parse,
    source_name=source_name,
    published=published,
    jurisdiction=JURISDICTION,
    publisher=PUBLISHER,
    urls=(URL,),
)
