"""Records bearing one name word for word are compared however common its words, on two
real lists (UN Security Council and Australia DFAT): blocking by shared weight alone
misses a name whose rare words are too light ("Muhammad Ali ..."). Which records share
a name is read here from the stored statements, not by the resolver."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import numpy.typing as npt

from kleptrace.resolve.blocking import MAX_SAME_NAME, candidate_pairs, same_name_pairs
from kleptrace.resolve.run import resolve_records
from kleptrace.screen import Screener

_NAME_PROPS = ("name", "alias", "weakAlias", "previousName")


def _namesakes(db: Path) -> set[tuple[str, str]]:
    """Pairs of a UN and a DFAT target of one schema with a name written alike (case
    aside), a name no other target bears."""
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "SELECT DISTINCT s.entity_id, s.schema, c.source, lower(trim(s.value)) "
        "FROM current_statements s JOIN current_versions c USING (version_id) "
        f"WHERE s.prop IN {_NAME_PROPS} "
        "AND s.entity_id IN (SELECT entity_id FROM current_designations)"
    ).fetchall()
    con.close()
    bearers: dict[str, set[tuple[str, str, str]]] = {}
    for entity_id, schema, source, name in rows:
        bearers.setdefault(name, set()).add((entity_id, schema, source))
    out: set[tuple[str, str]] = set()
    for group in bearers.values():
        if len(group) != 2:
            continue
        (a, schema_a, source_a), (b, schema_b, source_b) = sorted(group)
        if schema_a == schema_b and source_a != source_b:
            out.add((a, b))
    return out


def test_a_name_written_alike_is_always_compared(db: Path) -> None:
    namesakes = _namesakes(db)
    assert len(namesakes) > 300
    index = Screener.open(db).index
    con = duckdb.connect(str(db), read_only=True)
    result = resolve_records(con, index)
    con.close()
    compared = {
        frozenset((result.records[a].entity_id, result.records[b].entity_id))
        for a, b in result.scores
    }
    assert all(frozenset(pair) in compared for pair in namesakes)

    names = np.arange(len(index.name_target), dtype=np.int64)

    def apart(a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        return np.asarray(index.name_target[a] != index.name_target[b], dtype=bool)

    def targets(a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]) -> set[frozenset[str]]:
        ids = [t.entity_id for t in index.targets]
        owners = index.name_target
        return {frozenset((ids[owners[x]], ids[owners[y]])) for x, y in zip(a, b, strict=True)}

    # Two lists make few words common: leave out words of more than 20 names, as words of
    # more than 2,000 are left out on every list together ("muhammad", "ali", "company").
    by_weight = targets(*candidate_pairs(index, names, apart, max_word_names=20)[:2])
    missed = {frozenset(pair) for pair in namesakes} - by_weight
    assert len(missed) >= 5
    assert missed <= targets(*same_name_pairs(index, names, apart, MAX_SAME_NAME))
