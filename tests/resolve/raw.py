"""Raw statements read straight from a test store, for expectations the tests compute
themselves rather than take from the resolver."""

from __future__ import annotations

import duckdb

Raw = dict[str, dict[str, set[str]]]


def vessel_statements(con: duckdb.DuckDBPyConnection) -> Raw:
    """Per vessel, its raw properties, and its source under "source"."""
    rows = con.execute(
        "SELECT s.entity_id, s.prop, s.value, c.source FROM current_statements s "
        "JOIN current_versions c USING (version_id) WHERE s.schema = 'Vessel'"
    ).fetchall()
    out: Raw = {}
    for entity_id, prop, value, source in rows:
        out.setdefault(entity_id, {}).setdefault(prop, set()).add(value)
        out[entity_id]["source"] = {source}
    return out
