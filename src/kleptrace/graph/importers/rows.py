"""Rows of one graph import: nodes, edges and rejected source rows, collected as an
importer reads its file and handed over as Arrow tables of the graph.model schemas.

Every importer writes through `GraphRows`, so provenance (`record`: file and line or
statement id), node de-duplication and the rejected table work the same for all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import pyarrow as pa
from followthemoney import registry

from kleptrace.graph.model import EDGE_KINDS, EDGES, NODE_SCHEMAS, NODES

REJECTED = pa.schema(
    [
        ("file", pa.string()),
        ("position", pa.string()),
        ("reason", pa.string()),
        ("raw", pa.string()),
    ]
)
"""Source rows kept verbatim because they could not become nodes or edges."""


@dataclass(frozen=True)
class Share:
    """A stake in per cent: exact (min == max), a band with open or closed ends, or unknown."""

    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False

    @classmethod
    def exact(cls, value: float) -> Share:
        return cls(value, value)


UNKNOWN_SHARE = Share()


@lru_cache(maxsize=8192)
def country_code(text: str | None) -> str | None:
    """ISO 3166 alpha-2 (lower case) for a country name or code, via followthemoney
    (cached: registers repeat a few hundred country spellings millions of times)."""
    if not text or not text.strip():
        return None
    return registry.country.clean(text.strip())


EDGE_BATCH = 100_000
"""Edges held as Python dicts before they are packed into an Arrow batch (memory)."""


@dataclass
class GraphRows:
    """What one import read: nodes by id, edges in file order, rejected rows."""

    dataset: str
    nodes: dict[str, dict[str, object]] = field(default_factory=dict)
    edges: list[dict[str, object]] = field(default_factory=list)
    """Edges not yet packed into `edge_batches`."""
    edge_batches: list[pa.RecordBatch] = field(default_factory=list)
    edge_count: int = 0
    rejected: list[dict[str, str]] = field(default_factory=list)
    records: int = 0
    """Source records read (lines, rows, statements)."""
    warnings: list[str] = field(default_factory=list)
    """Things about the whole file a reader should know (stored with the version)."""

    def node(
        self,
        node_id: str,
        schema: str,
        name: str | None,
        record: str,
        jurisdiction: str | None = None,
        identifiers: dict[str, str] | None = None,
        attributes: dict[str, str] | None = None,
    ) -> str:
        """Add a node, or fill the blanks of one already read (the first statement wins)."""
        if schema not in NODE_SCHEMAS:
            raise ValueError(f"unknown node schema {schema!r}")
        seen = self.nodes.get(node_id)
        if seen is None:
            self.nodes[node_id] = {
                "node_id": node_id,
                "schema": schema,
                "name": name,
                "jurisdiction": jurisdiction,
                "identifiers": dict(identifiers or {}),
                "dataset": self.dataset,
                "record": record,
                "attributes": {k: v for k, v in (attributes or {}).items() if v},
            }
            return node_id
        if seen["schema"] == "LegalEntity" and schema != "LegalEntity":
            seen["schema"] = schema  # a placeholder made from a reference, now described
        seen["name"] = seen["name"] or name
        seen["jurisdiction"] = seen["jurisdiction"] or jurisdiction
        for column, values in (("identifiers", identifiers), ("attributes", attributes)):
            known = seen[column]
            assert isinstance(known, dict)
            for key, value in (values or {}).items():
                if value:
                    known.setdefault(key, value)
        return node_id

    def edge(
        self,
        owner_id: str,
        asset_id: str,
        kind: str,
        record: str,
        share: Share = UNKNOWN_SHARE,
        direct: bool | None = None,
        start_date: str | None = None,
        end_date: str | None = None,
        joint_group: str | None = None,
        source_kind: str | None = None,
    ) -> None:
        if kind not in EDGE_KINDS:
            raise ValueError(f"unknown edge kind {kind!r}")
        self.edge_count += 1
        self.edges.append(
            {
                "edge_id": f"{self.dataset}:{self.edge_count}",
                "owner_id": owner_id,
                "asset_id": asset_id,
                "kind": kind,
                "share_min": share.low,
                "share_max": share.high,
                "share_min_exclusive": share.low_open if share.low is not None else None,
                "share_max_exclusive": share.high_open if share.high is not None else None,
                "joint_group": joint_group,
                "direct": direct,
                "start_date": start_date or None,
                "end_date": end_date or None,
                "dataset": self.dataset,
                "record": record,
                "source_kind": source_kind,
            }
        )
        if len(self.edges) >= EDGE_BATCH:
            self.edge_batches.append(pa.RecordBatch.from_pylist(self.edges, schema=EDGES))
            self.edges = []

    def reject(self, file: str, position: str, reason: str, raw: str) -> None:
        self.rejected.append({"file": file, "position": position, "reason": reason, "raw": raw})

    def node_table(self) -> pa.Table:
        rows = [
            {
                **n,
                "identifiers": list(n["identifiers"].items()),  # type: ignore[attr-defined]
                "attributes": list(n["attributes"].items()),  # type: ignore[attr-defined]
            }
            for n in self.nodes.values()
        ]
        return pa.Table.from_pylist(rows, schema=NODES)

    def edge_table(self) -> pa.Table:
        last = pa.RecordBatch.from_pylist(self.edges, schema=EDGES)
        return pa.Table.from_batches([*self.edge_batches, last], schema=EDGES)

    def rejected_table(self) -> pa.Table:
        return pa.Table.from_pylist(self.rejected, schema=REJECTED)
