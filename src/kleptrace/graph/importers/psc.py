"""UK Companies House persons with significant control: the snapshot's JSON lines (or a
JSON array of the same records), one record per PSC of a company.

Each nature of control is one edge from the PSC to the company: its measure gives the
kind, its band the stake (data/ownership_kinds.yml), `ceased_on` the end date. Overseas
entities (company numbers starting OE) and their registrable beneficial owners come in
the same records. A corporate PSC registered at Companies House is the node of its own
company number, so chains of UK companies join. Statements that name no person ("no
registrable person", "PSC exists but is not identified") and the snapshot's totals line
are kept as rejected rows with their text.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from kleptrace.graph.importers.base import GraphFormat, first_json_object, json_records
from kleptrace.graph.importers.kinds import psc_bands, psc_measures
from kleptrace.graph.importers.rows import UNKNOWN_SHARE, GraphRows, Share, country_code
from kleptrace.graph.importers.uk import COMPANIES_HOUSE, company_id, registered_in_uk

PERSON_KINDS = {
    "individual": "Person",
    "super-secure": "Person",
    "corporate-entity": "Company",
    "legal-person": "Organization",
}
"""The first words of a PSC `kind` and the node schema of that kind of holder."""


def sniff(path: Path, head: bytes) -> bool:
    first = first_json_object(head)
    return first is not None and "company_number" in first and "data" in first


@cache
def _nature_pattern() -> re.Pattern[str]:
    measures = "|".join(sorted(map(re.escape, psc_measures()), key=len, reverse=True))
    bands = "|".join(map(re.escape, psc_bands()))
    return re.compile(rf"^(?P<measure>{measures})(?:-(?P<band>{bands})-percent)?(?P<rest>.*)$")


@lru_cache(maxsize=1024)
def nature(code: str) -> tuple[str, Share]:
    """The kind and stake of one nature-of-control code; `unknown` if it is not one."""
    found = _nature_pattern().match(code)
    if found is None:
        return "unknown", UNKNOWN_SHARE
    band = found.group("band")
    return psc_measures()[found.group("measure")], psc_bands()[band] if band else UNKNOWN_SHARE


def read(paths: list[Path], rows: GraphRows) -> None:
    for path in paths:
        for position, record in json_records(path, rows):
            _record(path, position, record, rows)


def _record(path: Path, position: str, record: dict[str, Any], rows: GraphRows) -> None:
    data = record.get("data")
    number = record.get("company_number")
    kind = str((data or {}).get("kind") or "")
    holder_kind = next((k for k in PERSON_KINDS if kind.startswith(k)), None)
    if not number or not isinstance(data, dict) or holder_kind is None:
        reason = (
            f"PSC statement, names no person: {data.get('statement') or kind}"
            if isinstance(data, dict) and kind
            else "not a PSC record: no company_number, data or kind"
        )
        rows.reject(str(path), position, reason, json.dumps(record))
        return
    where = f"{path.name}:{position}"
    company = rows.node(
        company_id(str(number)),
        "Company",
        None,
        where,
        jurisdiction=None if str(number).upper().startswith("OE") else "gb",
        identifiers={COMPANIES_HOUSE: str(number)},
    )
    holder = _holder(data, PERSON_KINDS[holder_kind], company, where, rows)
    codes = data.get("natures_of_control") or []
    if not codes:
        rows.reject(str(path), position, "PSC without natures_of_control", json.dumps(record))
    for code in codes:
        edge_kind, share = nature(str(code))
        rows.edge(
            holder,
            company,
            edge_kind,
            where,
            share=share,
            start_date=data.get("notified_on"),
            end_date=data.get("ceased_on"),
            source_kind=str(code),
        )


def _holder(data: dict[str, Any], schema: str, company: str, where: str, rows: GraphRows) -> str:
    """The PSC's node: its own company when registered at Companies House, else one node
    per PSC entry (Companies House gives no id for a person across companies)."""
    ident = data.get("identification") or {}
    registration = ident.get("registration_number")
    self_link = str((data.get("links") or {}).get("self") or "")
    born = data.get("date_of_birth") or {}
    attributes = {
        "kind": str(data.get("kind")),
        "legalForm": str(ident.get("legal_form") or ""),
        "birthDate": f"{born['year']}-{int(born['month']):02d}" if born.get("year") else "",
        "countryOfResidence": str(data.get("country_of_residence") or ""),
        "nationality": str(data.get("nationality") or ""),
    }
    identifiers = {"registrationNumber": str(registration)} if registration else {}
    if (
        registration
        and schema == "Company"
        and registered_in_uk(ident.get("country_registered"), ident.get("place_registered"))
    ):
        node_id = company_id(str(registration))
        identifiers[COMPANIES_HOUSE] = str(registration)
    else:
        node_id = (
            f"gb-psc:{self_link.rsplit('/', 1)[-1]}"
            if self_link
            else f"gb-psc:{company}:{data.get('name')}"
        )
    jurisdiction = (
        country_code(ident.get("country_registered"))
        or country_code(data.get("nationality"))
        or country_code(data.get("country_of_residence"))
    )
    return rows.node(
        node_id,
        schema,
        data.get("name"),
        where,
        jurisdiction=jurisdiction,
        identifiers=identifiers,
        attributes=attributes,
    )


FORMAT = GraphFormat(
    "psc",
    "UK Companies House persons with significant control snapshot (JSON lines or array)",
    sniff,
    read,
)
