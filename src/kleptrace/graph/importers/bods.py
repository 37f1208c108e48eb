"""Beneficial Ownership Data Standard 0.4 and 0.2 statements (JSON array or JSON lines).

0.4 statements carry recordType entity / person / relationship and refer to each other
by recordId; a later statement of the same record (recordStatus updated or closed)
replaces the earlier one. 0.2 statements carry statementType and refer by statementID;
`replacesStatements` retires earlier ones. Replaced statements are kept as rejected rows
("superseded"), so nothing read is lost. Each interest of a relationship is one edge:
its type becomes a kind (data/ownership_kinds.yml), its share an exact stake or a band
with open or closed ends, directOrIndirect the `direct` flag. Interests held through an
arrangement (joint shareholding, nomination) share that arrangement as `joint_group`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kleptrace.graph.importers.base import GraphFormat, first_json_object, json_records
from kleptrace.graph.importers.kinds import bods_kind
from kleptrace.graph.importers.rows import UNKNOWN_SHARE, GraphRows, Share, country_code
from kleptrace.graph.importers.uk import COMPANIES_HOUSE, company_id

STATEMENT_TYPES_02 = {
    "entityStatement": "entity",
    "personStatement": "person",
    "ownershipOrControlStatement": "relationship",
}
ENTITY_SCHEMAS = {
    "registeredEntity": "Company",
    "legalEntity": "Company",
    "state": "Organization",
    "stateBody": "Organization",
}
"""BODS entity types with a node schema other than LegalEntity (arrangements,
anonymous and unknown entities)."""


@dataclass
class _Statement:
    """A statement of either version, reduced to what the graph needs."""

    position: str
    statement_id: str
    record_id: str
    record_type: str
    status: str | None
    date: str
    details: dict[str, Any]
    replaces: list[str]
    raw: dict[str, Any]


def sniff(path: Path, head: bytes) -> bool:
    first = first_json_object(head)
    return first is not None and ("recordType" in first or "statementType" in first)


def read(paths: list[Path], rows: GraphRows) -> None:
    for path in paths:
        _read_file(path, rows)


def _read_file(path: Path, rows: GraphRows) -> None:
    """One file's statements: the current one of each record, parties before the
    relationships between them (a relationship may come first in the file)."""
    current: dict[str, _Statement] = {}
    retired: set[str] = set()
    for position, raw in json_records(path, rows):
        statement = _statement(path, position, raw, rows)
        if statement is None:
            continue
        retired.update(statement.replaces)
        earlier = current.get(statement.record_id)
        if earlier is not None and earlier.date > statement.date:
            _supersede(path, rows, statement, earlier)
            continue
        if earlier is not None:
            _supersede(path, rows, earlier, statement)
        current[statement.record_id] = statement
    live = [s for s in current.values() if s.statement_id not in retired]
    for statement in current.values():
        if statement.statement_id in retired:
            rows.reject(
                str(path),
                statement.position,
                "superseded: named in replacesStatements",
                json.dumps(statement.raw),
            )
    parties = {s.record_id: s for s in live if s.record_type != "relationship"}
    for statement in live:
        if statement.record_type != "relationship":
            _party(path, rows, statement)
    for statement in live:
        if statement.record_type == "relationship":
            _relationship(path, rows, statement, parties)


def _supersede(path: Path, rows: GraphRows, old: _Statement, new: _Statement) -> None:
    rows.reject(
        str(path),
        old.position,
        f"superseded by statement {new.statement_id} of record {new.record_id}",
        json.dumps(old.raw),
    )


def _statement(
    path: Path, position: str, raw: dict[str, Any], rows: GraphRows
) -> _Statement | None:
    """The statement in a common shape; None (and a rejected row) if it lacks its ids."""
    if "recordType" in raw:  # 0.4
        sid, rid, kind = raw.get("statementId"), raw.get("recordId"), raw.get("recordType")
        details = raw.get("recordDetails")
        replaces: list[str] = []
    else:  # 0.2
        sid = raw.get("statementID")
        rid, kind = sid, STATEMENT_TYPES_02.get(str(raw.get("statementType")))
        details = raw
        replaces = [str(r) for r in raw.get("replacesStatements") or []]
    problem = None
    if not sid or not rid:
        problem = "no statementId / recordId (0.4) or statementID (0.2)"
    elif kind not in ("entity", "person", "relationship"):
        problem = f"unknown record type {raw.get('recordType') or raw.get('statementType')!r}"
    elif not isinstance(details, dict):
        problem = "no recordDetails object"
    if problem:
        rows.reject(str(path), position, problem, json.dumps(raw))
        return None
    assert isinstance(details, dict)
    return _Statement(
        position,
        str(sid),
        str(rid),
        str(kind),
        raw.get("recordStatus"),
        str(raw.get("statementDate") or ""),
        details,
        replaces,
        raw,
    )


def _node_id(statement: _Statement) -> str:
    """Companies House companies get their register id, so every UK source meets at
    one node; anything else keeps its BODS record id."""
    for identifier in statement.details.get("identifiers") or []:
        if identifier.get("scheme") == COMPANIES_HOUSE and identifier.get("id"):
            return company_id(str(identifier["id"]))
    return f"bods:{statement.record_id}"


def _party(path: Path, rows: GraphRows, statement: _Statement) -> None:
    details = statement.details
    identifiers = {
        str(i.get("scheme") or i.get("schemeName") or "id"): str(i["id"])
        for i in details.get("identifiers") or []
        if i.get("id")
    }
    record = f"{path.name}:{statement.statement_id}"
    if statement.record_type == "person":
        names = details.get("names") or [{}]
        name = names[0].get("fullName") or " ".join(
            filter(None, [names[0].get("givenName"), names[0].get("familyName")])
        )
        nationalities = details.get("nationalities") or [{}]
        rows.node(
            _node_id(statement),
            "Person",
            name or None,
            record,
            jurisdiction=country_code(nationalities[0].get("code")),
            identifiers=identifiers,
            attributes={"personType": str(details.get("personType") or "")},
        )
        return
    entity_type = details.get("entityType") or {}
    if isinstance(entity_type, str):  # 0.2 writes the type as a plain string
        entity_type = {"type": entity_type}
    jurisdiction = (details.get("jurisdiction") or {}).get("code")
    rows.node(
        _node_id(statement),
        ENTITY_SCHEMAS.get(str(entity_type.get("type")), "LegalEntity"),
        details.get("name"),
        record,
        jurisdiction=country_code(jurisdiction),
        identifiers=identifiers,
        attributes={
            "entityType": str(entity_type.get("type") or ""),
            "entitySubtype": str(entity_type.get("subtype") or ""),
            "foundingDate": str(details.get("foundingDate") or ""),
        },
    )


def _reference(value: Any) -> str | None:
    """The record a 0.4 subject / interestedParty or a 0.2 describedBy... names."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in ("describedByEntityStatement", "describedByPersonStatement"):
            if value.get(key):
                return str(value[key])
    return None


def _relationship(
    path: Path, rows: GraphRows, statement: _Statement, parties: dict[str, _Statement]
) -> None:
    details = statement.details
    record = f"{path.name}:{statement.statement_id}"
    subject_ref = _reference(details.get("subject"))
    if subject_ref is None:
        rows.reject(
            str(path),
            statement.position,
            "relationship without a subject",
            json.dumps(statement.raw),
        )
        return
    asset = _party_id(rows, subject_ref, parties, record)
    owner_ref = _reference(details.get("interestedParty"))
    if owner_ref is None:
        owner = _unspecified(rows, statement, record)
    else:
        owner = _party_id(rows, owner_ref, parties, record)
    subject = parties.get(subject_ref)
    joint = None
    if subject is not None and _entity_type(subject) == "arrangement":
        joint = asset
    closed = statement.date[:10] if statement.status == "closed" else None
    for interest in details.get("interests") or [{}]:
        share = _share(interest.get("share"))
        if isinstance(share, str):
            rows.reject(str(path), statement.position, share, json.dumps(interest))
            share = UNKNOWN_SHARE
        level = interest.get("directOrIndirect") or interest.get("interestLevel")
        rows.edge(
            owner,
            asset,
            bods_kind(interest.get("type")),
            record,
            share=share,
            direct={"direct": True, "indirect": False}.get(str(level)),
            start_date=interest.get("startDate"),
            end_date=interest.get("endDate") or closed,
            joint_group=joint,
            source_kind=interest.get("type"),
        )


def _entity_type(statement: _Statement) -> str | None:
    kind = statement.details.get("entityType")
    return str(kind.get("type")) if isinstance(kind, dict) else kind


def _party_id(rows: GraphRows, ref: str, parties: dict[str, _Statement], record: str) -> str:
    """The node of a referenced record; a placeholder node when the file lacks it."""
    party = parties.get(ref)
    if party is not None:
        return _node_id(party)
    return rows.node(f"bods:{ref}", "LegalEntity", None, f"{record} (referenced, not described)")


def _unspecified(rows: GraphRows, statement: _Statement, record: str) -> str:
    """An interested party the declaration does not name (exempt, unknown, withheld)."""
    party = statement.details.get("interestedParty") or {}
    reason = party.get("reason") or (party.get("unspecified") or {}).get("reason") or "unknown"
    description = party.get("description") or (party.get("unspecified") or {}).get("description")
    return rows.node(
        f"bods:unspecified:{statement.statement_id}",
        "LegalEntity",
        None,
        record,
        attributes={"unspecifiedReason": str(reason), "description": str(description or "")},
    )


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError
    return float(value)


def _share(share: Any) -> Share | str:
    """The stake a BODS share object states, or why it cannot be read.

    0.4 gives exclusiveMinimum / exclusiveMaximum as numbers (the open ends); 0.2 gives
    them as booleans that open minimum / maximum."""
    if not share:
        return UNKNOWN_SHARE
    if not isinstance(share, dict):
        return f"share: expected an object, found {share!r}"
    try:
        if share.get("exact") is not None:
            return Share.exact(_number(share["exact"]))  # type: ignore[arg-type]
        low, high = share.get("minimum"), share.get("maximum")
        low_open = high_open = False
        for key, bound in (("exclusiveMinimum", "low"), ("exclusiveMaximum", "high")):
            value = share.get(key)
            if value is None:
                continue
            if isinstance(value, bool):  # 0.2
                low_open, high_open = (value, high_open) if bound == "low" else (low_open, value)
            elif bound == "low":
                low, low_open = value, True
            else:
                high, high_open = value, True
        return Share(
            _number(low) if low is not None else None,
            _number(high) if high is not None else None,
            low_open,
            high_open,
        )
    except TypeError:
        return f"share: a bound is not a number in {json.dumps(share)}"


FORMAT = GraphFormat(
    "bods",
    "Beneficial Ownership Data Standard 0.2 / 0.4 statements (JSON array or JSON lines)",
    sniff,
    read,
)
