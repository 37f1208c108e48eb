"""EU journal rows turned into FtM entities: one entity per target the merge found, filled
row by row through each act file's Emitter (so every value names its file), and one
Sanction per (program, framework act, measure). LegalEntity, Organization and Company
rows of one target become their common schema (Company)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from followthemoney import StatementEntity, model
from followthemoney.schema import Schema

from kleptrace.sources.base import Emitter, hashed_key
from kleptrace.sources.eu.journal_csv import ENTITY_COLUMNS, Row, values
from kleptrace.sources.eu.journal_merge import Evidence, evidence, group
from kleptrace.sources.eu.journal_values import (
    ENUMERATION,
    GENERIC,
    ID_PROP,
    SPECIFIC,
    id_numbers,
    inline_names,
    iso_dates,
    vessel_former_names,
)
from kleptrace.sources.report import ParseReport

AUTHORITY = "Council of the European Union"
EURLEX = "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:{}"

_COUNTRIES = ("nationality", "country", "jurisdiction", "flag")
_NAMES = ("alias", "weakAlias", "previousName")
_DATES = ("birthDate", "incorporationDate")
_HANDLED = {"schema", "name", *_NAMES, *_COUNTRIES, *_DATES, *SPECIFIC, *GENERIC, "address"}
_PLAIN = tuple(c for c in ENTITY_COLUMNS if c not in _HANDLED)
_COUNTRY_SPLIT = re.compile(r"\s*(?:[;,/]|\band/or\b|\band\b)\s*", re.I)
_CONTACT_SPLIT = re.compile(r"[\s,;]+(?:and\s+)?")
_SPLIT = {
    **dict.fromkeys(_COUNTRIES, _COUNTRY_SPLIT),
    "phone": re.compile(r"\s*(?:[,;]|\band\b)\s*", re.I),
    "email": _CONTACT_SPLIT,
    "website": _CONTACT_SPLIT,
}
"""How a value that holds several countries or contacts is divided."""


def build(rows: list[Row], report: ParseReport, dataset: str) -> Iterator[StatementEntity]:
    """Each target (after its rows' merge) followed by its Sanctions."""
    found = [evidence(row) for row in rows]
    roots, vetoed = group(found)
    if vetoed:
        report.warnings.append(
            f"{vetoed} joins of rows with a shared name or identifier vetoed: their INN, "
            "OGRN, IMO or birth dates disagree, or they are two entries of one annex"
        )
    schemata, keys = _targets(rows, found, roots)
    writers: dict[Path, _RowWriter] = {}
    entities: dict[int, StatementEntity] = {}
    sanctions: dict[int, dict[str, StatementEntity]] = {}
    files: dict[int, set[str]] = {}
    for row, root in zip(rows, roots, strict=True):
        writer = writers.get(row.path)
        if writer is None:
            em = Emitter(dataset, "eu", row.path, report, jurisdiction="eu", authority=AUTHORITY)
            writer = writers[row.path] = _RowWriter(em)
        fragment = writer.em.make(schemata[root].name, hashed_key(*keys[root]))
        writer.fill(fragment, row.cells)
        sanction = writer.sanction(fragment, row)
        if root in entities:
            entities[root].merge(fragment)
        else:
            entities[root] = fragment
        held = sanctions.setdefault(root, {})
        if sanction.id in held:
            held[sanction.id].merge(sanction)
        else:
            held[str(sanction.id)] = sanction
        files.setdefault(root, set()).add(row.path.name)
    multi = sum(1 for names in files.values() if len(names) > 1)
    if multi:
        report.warnings.append(f"{multi} targets are listed in more than one act file")
    for root, entity in entities.items():
        yield entity
        yield from sanctions[root].values()


def _targets(
    rows: list[Row], found: list[Evidence], roots: list[int]
) -> tuple[dict[int, Schema], dict[int, tuple[str, ...]]]:
    """The schema of each group (the rows' common one) and the parts of its stable id."""
    schemata: dict[int, Schema] = {}
    keys: dict[int, tuple[str, ...]] = {}
    places: dict[int, list[str]] = {}
    for row, facts, root in zip(rows, found, roots, strict=True):
        schema = model.get(row.cells["schema"])
        assert schema is not None
        current = schemata.get(root)
        schemata[root] = model.common_schema(current, schema) if current else schema
        keys[root] = min(keys.get(root, facts.key()), facts.key())
        entry = facts.entry or f"{row.path.name}|line {row.line}"
        places.setdefault(root, []).append(f"{entry}|{row.cells['recordId']}")
    # Targets kept apart that still share name and evidence (an annex listing a namesake
    # born the same day) are told apart by their first annex entry.
    counts = Counter(keys.values())
    for root, key in keys.items():
        if counts[key] > 1:
            keys[root] = (*key, min(places[root]))
    return schemata, keys


class _RowWriter:
    """Fills one row's values into an entity through the file's Emitter."""

    def __init__(self, em: Emitter) -> None:
        self.em = em

    def put(
        self, entity: StatementEntity, prop: str, value: str, original: str | None = None
    ) -> None:
        if entity.schema.get(prop) is None:
            self.em.note(entity, prop, value)
            return
        self.em.add(entity, prop, value, original=original)

    def divided(self, entity: StatementEntity, prop: str, value: str) -> None:
        """A country, phone, e-mail or web address as printed. A value the transcription
        left combined ("Russian, Ukrainian", "a@x.ru, b@x.ru") is split only when every
        part is valid on its own; otherwise the whole value goes to notes."""
        schema_prop = entity.schema.get(prop)
        if schema_prop is None or schema_prop.type.clean_text(value, proxy=entity):
            self.put(entity, prop, value)
            return
        text = ENUMERATION.sub(";", value)
        parts = [p.strip(" .") for p in _SPLIT[prop].split(text) if p.strip(" .")]
        if len(parts) > 1 and all(schema_prop.type.clean_text(p, proxy=entity) for p in parts):
            for part in parts:
                self.em.add(entity, prop, part, original=value)
        else:
            self.put(entity, prop, value)

    def date(self, entity: StatementEntity, prop: str, value: str) -> None:
        if entity.schema.get(prop) is None:
            self.em.note(entity, prop, value)
            return
        found = iso_dates(value)
        if not found:
            self.em.note(entity, prop, value)
        for iso in found:
            self.em.add(entity, prop, iso, original=value)

    def identifier(self, entity: StatementEntity, column: str, value: str) -> None:
        """Specific columns hold the validated numbers, generic ones keep the print too."""
        if column in GENERIC:
            self.put(entity, column, value)
            for kind, number in id_numbers(value, GENERIC[column]):
                if entity.schema.get(ID_PROP[kind]) is not None:
                    self.em.add(entity, ID_PROP[kind], number, original=value)
            return
        found = id_numbers(value, SPECIFIC[column])
        for kind, number in found:
            self.put(entity, ID_PROP[kind], number, original=value)
        if not found:
            if re.search(r"\d", value):
                self.put(entity, column, value)
            else:
                self.em.note(entity, column, value)

    def fill(self, entity: StatementEntity, cells: dict[str, str]) -> None:
        self.em.add(entity, "name", cells["name"])
        for prop, value in inline_names(cells["name"]):
            self.put(entity, prop, value, original=cells["name"])
        if entity.schema.is_a("Vessel"):
            for prop, value in vessel_former_names(cells["name"]):
                self.put(entity, prop, value, original=cells["name"])
        for column in _NAMES:
            for value in values(cells[column]):
                self.put(entity, column, value)
        for column in _COUNTRIES:
            for value in values(cells[column]):
                self.divided(entity, column, value)
        for value in values(cells["address"]):
            self.put(entity, "address", value)
        for column in _DATES:
            for value in values(cells[column]):
                self.date(entity, column, value)
        for column in (*SPECIFIC, *GENERIC):
            for value in values(cells[column]):
                self.identifier(entity, column, value)
        for column in _PLAIN:
            for value in values(cells[column]):
                if column in _SPLIT:
                    self.divided(entity, column, value)
                else:
                    self.put(entity, column, value)

    def sanction(self, entity: StatementEntity, row: Row) -> StatementEntity:
        cells = row.cells
        program, measure = cells["programKey"], cells["measure"]
        sanction = self.em.sanction(
            entity,
            program or None,
            listing_date=cells["startDate"] or None,
            source_ref=row.framework,
            reason=cells["reason"] or None,
            key=f"{program} {row.framework} {measure}",
        )
        self.em.add(sanction, "provisions", measure)
        self.em.add(sanction, "recordId", cells["recordId"])
        if cells["annex"]:
            self.em.add(sanction, "summary", f"Annex {cells['annex']}")
        self.em.add(sanction, "sourceUrl", EURLEX.format(row.framework))
        if row.act:
            self.em.add(sanction, "authorityId", row.act)
            self.em.add(sanction, "sourceUrl", EURLEX.format(row.act))
        return sanction
