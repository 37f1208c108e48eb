"""The lists' own statements about related parties, read from the store, as typed edges.

Two kinds of evidence:
- relationship entities the list parsers already emit (OFAC advanced "Owned or
  Controlled By" as Ownership, "Linked To" as UnknownLink, Family, Associate,
  Directorship from FtM sources), turned into edges as graph.importers.ftm does;
- notes (a Sanction's notes count as its target's): labelled ones naming one party
  ("Parent company: Rosatom" on OFSI, "Vess_owner: ..." on OFAC), and phrases in
  free text ("a subsidiary of NAME"), as data/ownership_kinds.yml lists them. A
  phrase counts only when the name after it is exactly a loaded target's name or alias.
Stakes are unknown: the lists do not state them. Each source contributes its live
version, or its newest if another form of the list is live (the OFAC advanced file
beside sdn.csv), so a relationship only one form states is still read. Nodes are the
list entities themselves (their store ids); a labelled name no target has becomes a
`name:` node that `graph-link` matches by screening.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from kleptrace.graph.importers.ftm import IDENTIFIER_PROPS, JURISDICTION_PROPS, add_entity
from kleptrace.graph.importers.kinds import NoteRelation, ftm_intervals, note_labels, note_phrases
from kleptrace.graph.importers.rows import GraphRows

FORMAT = "lists"
DATASET = "lists"
NOTE_PROPS = ("notes", "summary", "description", "reason")
UN_REFERENCE = re.compile(r"\b([A-Z]{2}[ie])\.\s?(\d{3})\b")
"""A UN Security Council reference ("QDe.115"): a phrase naming a party with its
reference resolves through it when the name alone does not."""
NAME_END = re.compile(r"[.;\n(]|,\s|\s+-\s")
"""Where a name that follows a phrase in free text ends."""
NAMES_APART = re.compile(r"(?<![Cc]o\.)(?<!No\.)(?:(?<=\.)|(?<=\.[”\"]))\s+(?=[A-Z\"“«])|;\s*")
"""Where one name ends and the next begins in a labelled list of names (OFSI's
"Subsidiaries: JSC “Volgogaz”. JSC “Lengazpetstroy”. ..."): a full stop before a
capital, but not the "Co." of "Co. Ltd"."""

VERSIONS = """
WITH live AS (
    SELECT v.source, v.version_id FROM versions v JOIN current_versions USING (version_id)
),
newest AS (SELECT source, max(version_id) AS version_id FROM versions GROUP BY source)
SELECT version_id, source, content_hash FROM versions WHERE version_id IN (
    SELECT version_id FROM live
    UNION SELECT version_id FROM newest WHERE source NOT IN (SELECT source FROM live)
) ORDER BY version_id
"""


def read_versions(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str, str]]:
    """(version_id, source, content hash) of every list version the import reads."""
    return [(int(v), str(s), str(h)) for v, s, h in con.execute(VERSIONS).fetchall()]


def digest(versions: list[tuple[int, str, str]]) -> str:
    """One hash over the versions read, so an import of unchanged lists is a no-op."""
    return hashlib.sha256(repr(versions).encode()).hexdigest()


def normal(name: str) -> str:
    return " ".join(name.casefold().replace("\u00a0", " ").split()).rstrip(".")


@dataclass
class _Names:
    """Names and aliases of every target read, to resolve a name a note gives."""

    by_name: dict[str, set[tuple[str, str]]] = field(default_factory=lambda: defaultdict(set))

    def resolve(self, source: str, *keys: str) -> str | None:
        """The one target of the first key (name, alias or UN reference) that names
        exactly one: first among the note's own list, then among all lists."""
        for own_list in (True, False):
            for key in keys:
                found = {
                    e
                    for e, where in self.by_name.get(normal(key), ())
                    if where == source or not own_list
                }
                if len(found) == 1:
                    return next(iter(found))
        return None


def read(con: duckdb.DuckDBPyConnection, rows: GraphRows) -> list[tuple[int, str, str]]:
    """Read the edges the lists state into `rows`; return the versions read."""
    versions = read_versions(con)
    ids = pa.table({"version_id": pa.array([v for v, _, _ in versions], pa.int32())})
    con.register("graph_list_versions", ids)
    try:
        names = _names(con)
        relations = _relationship_entities(con)
        notes = _note_edges(con, names, rows)
        parties = {e for entity in relations for e in _ends(entity)} | {
            e for owner, asset, *_ in notes for e in (owner, asset)
        }
        _parties(con, parties, rows)
        for entity in relations:
            add_entity(
                entity, str(entity["record"]), rows, str(entity["source"]), str(entity["id"])
            )
        for owner, asset, relation, record, wording in notes:
            if owner.startswith("name:") and owner not in rows.nodes:
                rows.node(owner, "LegalEntity", wording[1], record)
            if asset.startswith("name:") and asset not in rows.nodes:
                rows.node(asset, "LegalEntity", wording[1], record)
            rows.edge(owner, asset, relation.kind, record, source_kind=wording[0])
    finally:
        con.unregister("graph_list_versions")
    rows.records = len(relations) + len(notes)
    return versions


def _names(con: duckdb.DuckDBPyConnection) -> _Names:
    """Names, aliases and UN references (a Sanction's unscId is its target's)."""
    names = _Names()
    for entity_id, source, value in con.execute(
        "SELECT coalesce(t.value, s.entity_id), v.source, s.value FROM statements s "
        "JOIN graph_list_versions USING (version_id) JOIN versions v USING (version_id) "
        "LEFT JOIN statements t ON t.version_id = s.version_id AND t.entity_id = s.entity_id "
        "AND s.schema = 'Sanction' AND t.prop = 'entity' "
        "WHERE s.prop IN ('name', 'alias', 'unscId')"
    ).fetchall():
        names.by_name[normal(value)].add((entity_id, source))
    return names


def _relationship_entities(con: duckdb.DuckDBPyConnection) -> list[dict[str, object]]:
    """Relationship entities (Ownership, UnknownLink ...) as FtM-shaped dicts."""
    schemas = list(ftm_intervals())
    entities: dict[str, dict[str, object]] = {}
    for entity_id, schema, source, prop, value in con.execute(
        "SELECT s.entity_id, s.schema, v.source, s.prop, s.value FROM statements s "
        "JOIN graph_list_versions USING (version_id) JOIN versions v USING (version_id) "
        "WHERE s.schema IN (SELECT unnest(?::VARCHAR[])) ORDER BY s.entity_id",
        [schemas],
    ).fetchall():
        entity = entities.setdefault(
            entity_id,
            {
                "id": entity_id,
                "schema": schema,
                "source": source,
                "record": f"{source}:{entity_id}",
                "properties": defaultdict(list),
            },
        )
        entity["properties"][prop].append(value)  # type: ignore[index]
    return list(entities.values())


def _ends(entity: dict[str, object]) -> list[str]:
    interval = ftm_intervals()[str(entity["schema"])]
    props = entity["properties"]
    assert isinstance(props, dict)
    return [*props.get(interval.owner, []), *props.get(interval.asset, [])]


Wording = tuple[str, str]
"""What the note said: (label or phrase, the name it gave)."""


def _note_edges(
    con: duckdb.DuckDBPyConnection, names: _Names, rows: GraphRows
) -> list[tuple[str, str, NoteRelation, str, Wording]]:
    labels, phrases = note_labels(), note_phrases()
    pattern = re.compile(
        "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)), re.I
    )
    found: list[tuple[str, str, NoteRelation, str, Wording]] = []
    for entity_id, statement_id, source, value in con.execute(
        "SELECT coalesce(t.value, s.entity_id), s.id, v.source, s.value FROM statements s "
        "JOIN graph_list_versions USING (version_id) JOIN versions v USING (version_id) "
        "LEFT JOIN statements t ON t.version_id = s.version_id AND t.entity_id = s.entity_id "
        "AND s.schema = 'Sanction' AND t.prop = 'entity' "
        "WHERE s.prop IN (SELECT unnest(?::VARCHAR[]))",
        [list(NOTE_PROPS)],
    ).fetchall():
        record = f"{source}:{statement_id}"
        label, _, text = value.partition(": ")
        if label in labels and text.strip():
            parts = [p.strip() for p in NAMES_APART.split(text.strip()) if p.strip()]
            for part in parts if names.resolve(source, text) is None else [text.strip()]:
                named = names.resolve(source, part) or f"name:{normal(part)}"
                found.append(_oriented(entity_id, named, labels[label], record, (label, part)))
            continue
        for match in pattern.finditer(value):
            rest = value[match.end() :].strip()
            name = NAME_END.split(rest, maxsplit=1)[0].strip()
            reference = UN_REFERENCE.search(rest[: len(name) + 20])
            keys = [name, re.sub(r"^the\s+", "", name, flags=re.I)]
            resolved = names.resolve(
                source, *([f"{reference[1]}.{reference[2]}"] if reference else []), *keys
            )
            if resolved is None:
                continue
            if resolved == entity_id:
                rows.reject(source, statement_id, "a note names the target itself", value)
                continue
            relation = phrases[match.group().lower()]
            found.append(
                _oriented(entity_id, resolved, relation, record, (match.group().lower(), name))
            )
    return found


def _oriented(
    target: str, named: str, relation: NoteRelation, record: str, wording: Wording
) -> tuple[str, str, NoteRelation, str, Wording]:
    owner, asset = (named, target) if relation.named_is_owner else (target, named)
    return owner, asset, relation, record, wording


def _parties(con: duckdb.DuckDBPyConnection, ids: set[str], rows: GraphRows) -> None:
    """Nodes for the list entities that edges name, from their statements."""
    wanted = pa.table({"entity_id": pa.array(sorted(ids), pa.string())})
    props = ["name", *JURISDICTION_PROPS, *IDENTIFIER_PROPS, "birthDate", "incorporationDate"]
    con.register("graph_wanted", wanted)
    try:
        entities: dict[str, dict[str, object]] = {}
        for entity_id, schema, source, prop, value in con.execute(
            "SELECT s.entity_id, s.schema, v.source, s.prop, s.value FROM statements s "
            "JOIN graph_list_versions USING (version_id) JOIN versions v USING (version_id) "
            "JOIN graph_wanted USING (entity_id) WHERE s.prop IN (SELECT unnest(?::VARCHAR[]))",
            [props],
        ).fetchall():
            entity = entities.setdefault(
                entity_id,
                {
                    "id": entity_id,
                    "schema": schema,
                    "source": source,
                    "properties": defaultdict(list),
                },
            )
            entity["properties"][prop].append(value)  # type: ignore[index]
    finally:
        con.unregister("graph_wanted")
    for entity_id, entity in sorted(entities.items()):
        add_entity(
            entity, f"{entity['source']}:{entity_id}", rows, str(entity["source"]), entity_id
        )
