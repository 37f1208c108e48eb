"""EU Financial Sanctions Files (FSF): the consolidated list as the EU publishes it.

The European Commission's FSF database exports the list as XML v1.1 (namespace
http://eu.europa.ec/fpi/fsd/export, official XSD) and as a 118-column `;` CSV; both
are read here into source `eu_fsf`, kept apart from `eu_journal` (OpenSanctions'
transcription of the Official Journal annexes). fsf_xml and fsf_csv turn either form
into the same records (fsf_record), and fsf_entities makes the entities.

A file whose structure is wrong (not XML, another root or namespace, another CSV
header) raises ParseError naming the file and line, so the previous version stays
live. A sanctionEntity that breaks the schema so that no entity can be made (no
regulation, no subjectType, no named alias) is kept verbatim among the rejected rows,
its element named, and the rest of the file loads.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from followthemoney import StatementEntity

from kleptrace.sources.base import Emitter, Format, Head
from kleptrace.sources.dates import parse_date
from kleptrace.sources.eu import fsf_csv, fsf_xml
from kleptrace.sources.eu.fsf_entities import AUTHORITY, Builder
from kleptrace.sources.eu.fsf_record import Record
from kleptrace.sources.report import ParseReport

NAME = "eu_fsf"
PREFIX = "eu-fsf"
JURISDICTION = "eu"
PUBLISHER = "European Commission (Financial Sanctions Files)"
URL = (
    "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content"
    "?token=dG9rZW4tMjAxNw"
)
_SNIFF_XML = re.compile(r"<(?:\w+:)?export[\s>][^>]*" + re.escape(fsf_xml.NAMESPACE))


def parse(path: Path, report: ParseReport | None = None) -> Iterator[StatementEntity]:
    """The entities of an FSF XML or CSV file, each target followed by its documents
    and Sanctions."""
    path = Path(path)
    report = report if report is not None else ParseReport()
    em = Emitter(NAME, PREFIX, path, report, jurisdiction=JURISDICTION, authority=AUTHORITY)
    reader = fsf_xml.records if _is_xml(path) else fsf_csv.records
    for record in reader(path, report):
        yield from _entities(em, record)


def _entities(em: Emitter, record: Record) -> list[StatementEntity]:
    problem = record.problem()
    if problem:
        em.report.reject(em.origin, record.position, problem, record.raw)
        return []
    return Builder(em, record).build()


def _is_xml(path: Path) -> bool:
    with open(path, "rb") as fh:
        start = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return start.startswith(b"<")


def sniff(head: Head) -> bool:
    """The FSF export root in its namespace, or the first columns of the CSV header."""
    if head.is_dir:
        return False
    return bool(_SNIFF_XML.search(head.text)) or fsf_csv.is_header(head.first_line)


def source_name(path: Path) -> str:
    return NAME


def published(path: Path) -> str | None:
    """The date the export was generated (XML generationDate, CSV fileGenerationDate)."""
    path = Path(path)
    printed = fsf_xml.generation_date(path) if _is_xml(path) else fsf_csv.file_date(path)
    parsed = parse_date(printed or "")
    return parsed.values[0] if parsed else None


FORMAT = Format(
    name=NAME,
    title="EU Financial Sanctions Files (XML v1.1, CSV v1.1)",
    sniff=sniff,
    parse=parse,
    source_name=source_name,
    published=published,
    jurisdiction=JURISDICTION,
    publisher=PUBLISHER,
    urls=(URL,),
)
