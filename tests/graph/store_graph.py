"""A store holding a small designated list and an ownership graph beside it, written the
way the importers write `graph_nodes`, `graph_edges` and `graph_links` (graph/model.py
columns plus `version_id`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa

from kleptrace import store
from kleptrace.graph.model import STORE_TABLES
from kleptrace.store.load import load_all
from kleptrace.store.plan import plan


def designated_list(folder: Path, people: dict[str, str]) -> Path:
    """An FtM list designating each person (id -> name) under an OFAC program."""
    entities: list[dict[str, Any]] = []
    for entity_id, name in people.items():
        entities.append({"id": entity_id, "schema": "Person", "properties": {"name": [name]}})
        entities.append(
            {
                "id": f"{entity_id}-sanction",
                "schema": "Sanction",
                "properties": {
                    "entity": [entity_id],
                    "country": ["us"],
                    "program": ["RUSSIA-EO14024"],
                    "authority": ["OFAC"],
                },
            }
        )
    path = folder / "designated.ftm.json"
    path.write_bytes(b"".join(orjson.dumps(e, option=orjson.OPT_APPEND_NEWLINE) for e in entities))
    return path


def write_graph(db: Path, tables: dict[str, list[dict[str, Any]]], version_id: int = 1) -> None:
    """Append rows to the store's graph tables (created on first use) as one import."""
    con = store.connect(db)
    for name, rows in tables.items():
        schema = STORE_TABLES[name]
        data = pa.Table.from_pylist(rows, schema=schema)
        con.register("incoming", data)
        columns = ", ".join(f'"{f.name}"' for f in schema)
        con.execute(
            f"CREATE TABLE IF NOT EXISTS {name} AS SELECT {columns}, 0 AS version_id "
            "FROM incoming LIMIT 0"
        )
        con.execute(f"INSERT INTO {name} SELECT {columns}, {version_id} FROM incoming")
        con.unregister("incoming")
    con.close()


def load_list(db: Path, path: Path) -> None:
    con = store.connect(db)
    sets, _ = plan([path])
    load_all(con, sets, workers=1)
    con.close()


def node(
    node_id: str,
    name: str,
    schema: str = "Company",
    jurisdiction: str | None = None,
    identifiers: dict[str, str] | None = None,
) -> dict[str, Any]:
    return {
        "node_id": node_id,
        "schema": schema,
        "name": name,
        "jurisdiction": jurisdiction,
        "identifiers": list((identifiers or {}).items()) or None,
        "dataset": "test-register",
        "record": f"test:{node_id}",
    }


def link(node_id: str, target_id: str, score: float) -> dict[str, Any]:
    return {
        "node_id": node_id,
        "target_id": target_id,
        "score": score,
        "method": "name",
        "explanation": f"test link {score}",
    }
