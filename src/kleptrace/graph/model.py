"""The ownership graph as two columnar tables, the contract between every importer and
every rule.

Importers (BODS, PSC, Land Registry, ICIJ, FtM, the lists' own notes) write rows of these
shapes; the rules, `trace` and `uwo` read them as DuckDB relations, so the same set-based
queries can later run on Spark over Parquet with these schemas.

Stakes are percentages (0-100). A register that states a band gives its edges
(`share_min`, `share_max`, with `*_exclusive` for "more than 25%"); an exact stake has
min = max; an unstated one has both null. A rule answers yes / no / undetermined from
the interval, never from a guess.
"""

from __future__ import annotations

import pyarrow as pa

NODE_SCHEMAS = (
    "Person",
    "Company",
    "Organization",
    "LegalEntity",
    "RealEstate",
    "Vessel",
    "Airplane",
    "Address",  # a registered address (ICIJ Offshore Leaks), shared by many entities
)
"""FollowTheMoney schema names a node may have."""

EDGE_KINDS = (
    "ownership",  # shares or proprietary rights: the 50% rules read these
    "voting",  # voting rights, counted with ownership where a rule says so
    "control",  # board appointment, significant influence, stated control
    "directorship",
    "beneficiary",  # of a trust or a nominee arrangement
    "nominee",  # the owner side holds for someone else
    "trustee",
    "family",
    "associate",
    "intermediary",  # registered agent, formation agent
    "proprietor",  # holds a property title (Land Registry)
    "address",  # registered at an address (ICIJ "registered address")
    "unknown",  # a list says "linked to" without saying how
)

NODES = pa.schema(
    [
        ("node_id", pa.string()),
        ("schema", pa.string()),
        ("name", pa.string()),
        ("jurisdiction", pa.string()),  # ISO 3166 alpha-2 lower case, or a rigour code
        ("identifiers", pa.map_(pa.string(), pa.string())),  # e.g. {"registrationNumber": ...}
        ("dataset", pa.string()),  # the import that stated it
        ("record", pa.string()),  # file and line or statement id: provenance
        # facts that are not identifiers: price paid, tenure, address, incorporation date
        ("attributes", pa.map_(pa.string(), pa.string())),
    ]
)

EDGES = pa.schema(
    [
        ("edge_id", pa.string()),
        ("owner_id", pa.string()),  # the holder, director, proprietor ...
        ("asset_id", pa.string()),  # the company, title or person held or controlled
        ("kind", pa.string()),  # one of EDGE_KINDS
        ("share_min", pa.float64()),
        ("share_max", pa.float64()),
        ("share_min_exclusive", pa.bool_()),
        ("share_max_exclusive", pa.bool_()),
        ("joint_group", pa.string()),  # interests held jointly share a key (UK aggregation)
        ("direct", pa.bool_()),  # null when the source does not say
        ("start_date", pa.string()),  # ISO date, possibly partial
        ("end_date", pa.string()),  # set when the interest has ceased
        ("dataset", pa.string()),
        ("record", pa.string()),
        ("source_kind", pa.string()),  # the source's own wording: "shareholder of", a PSC code
    ]
)

LINKS = pa.schema(
    [
        ("node_id", pa.string()),  # a node of the graph
        ("target_id", pa.string()),  # a designated target (canonical id where resolved)
        ("score", pa.float64()),
        ("method", pa.string()),  # "identifier" or "name"
        ("explanation", pa.string()),
    ]
)
"""How graph nodes are matched to designated targets; a threshold decides which links
the rules use."""

STORE_TABLES = {"graph_nodes": NODES, "graph_edges": EDGES, "graph_links": LINKS}
"""The store's tables for the live graph, each row also carrying the `version_id` of the
import that wrote it (versioned like the lists)."""
