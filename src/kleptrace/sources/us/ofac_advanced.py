"""OFAC lists in the advanced sanctions data standard: SDN_ADVANCED.XML (the SDN list)
and CONS_ADVANCED.XML (the Consolidated non-SDN list).

The only OFAC form with listing dates per program and typed relations between parties,
so it is the form `fetch` downloads. Targets keep OFAC's ids (`ofac-<FixedRef>`, the
same number as sdn.csv's ent_num and sdn.xml's uid), so the advanced and legacy forms of
one list describe the same entities; they are two forms of one list (`list_key`), and
the store keeps live the version with the newest DateOfIssue.

Read in two streaming passes (advanced_index, then parties, relations): memory is
bounded by one party plus compact reference records, whatever the file size. A party or
relation that cannot become an entity is kept verbatim among the rejected rows with its
line, and the rest of the file loads.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from followthemoney import StatementEntity

from kleptrace.sources.base import Emitter, Format, Head
from kleptrace.sources.report import ParseReport
from kleptrace.sources.us.advanced_index import build_index
from kleptrace.sources.us.advanced_links import BrokenRelation, relation_entity
from kleptrace.sources.us.advanced_party import BrokenParty, party_entities
from kleptrace.sources.us.advanced_xml import (
    ROOT,
    date_of_issue,
    elements,
    local,
    verbatim,
)
from kleptrace.sources.us.ofac_targets import AUTHORITY, PREFIX, SLS

SDN = "us_ofac_sdn_advanced"
CONS = "us_ofac_cons_advanced"
LISTS = {SDN: "us_ofac_sdn", CONS: "us_ofac_cons"}
"""Source -> the list it is a form of, named after the legacy form's source."""
_CONSOLIDATED = re.compile(r">\s*Consolidated List\s*<")


def sniff(head: Head) -> bool:
    return (
        head.is_markup
        and bool(ROOT.search(head.text))
        and ("DateOfIssue" in head.text or "ReferenceValueSets" in head.text)
    )


def source_name(path: Path) -> str:
    """'us_ofac_cons_advanced' for CONS_ADVANCED.XML, 'us_ofac_sdn_advanced' for SDN_ADVANCED.XML.

    The file name decides when it names the list; otherwise a file whose reference
    values hold no 'Consolidated List' is the SDN list.
    """
    name = Path(path).name.lower()
    if "cons" in name:
        return CONS
    if "sdn" in name or not Path(path).is_file():
        return SDN
    return CONS if _CONSOLIDATED.search(Head.read(Path(path)).text) else SDN


def list_key(path: Path) -> str:
    """The list this file is a form of: 'us_ofac_cons' or 'us_ofac_sdn'."""
    return LISTS[source_name(path)]


def published(path: Path) -> str | None:
    """The file's <DateOfIssue>."""
    return date_of_issue(Path(path))


def parse(path: Path, report: ParseReport | None = None) -> Iterator[StatementEntity]:
    path = Path(path)
    report = report if report is not None else ParseReport()
    emitter = Emitter(
        source_name(path), PREFIX, path, report, jurisdiction="us", authority=AUTHORITY
    )
    return _parse(path, emitter)


def _parse(path: Path, emitter: Emitter) -> Iterator[StatementEntity]:
    index = build_index(path)
    seen: dict[str, str] = {}
    for element in elements(path, "DistinctParty", "ProfileRelationship"):
        emitter.report.records += 1
        line = f"line {element.sourceline}"
        try:
            if local(element.tag) == "ProfileRelationship":
                yield relation_entity(emitter, index, element)
                continue
            fixed_ref = element.get("FixedRef") or ""
            if fixed_ref in seen:
                raise BrokenParty(f"DistinctParty FixedRef {fixed_ref} repeats ({seen[fixed_ref]})")
            yield from list(party_entities(emitter, index, element))
            seen[fixed_ref] = line
        except (BrokenParty, BrokenRelation) as exc:
            emitter.report.reject(emitter.origin, line, str(exc), verbatim(element))


FORMAT = Format(
    name="us_ofac_advanced",
    title="OFAC SDN or Consolidated list, advanced XML (SDN_ADVANCED.XML, CONS_ADVANCED.XML)",
    sniff=sniff,
    parse=parse,
    source_name=source_name,
    published=published,
    jurisdiction="us",
    publisher=AUTHORITY,
    list_key=list_key,
    urls=(SLS + "SDN_ADVANCED.XML", SLS + "CONS_ADVANCED.XML"),
)
