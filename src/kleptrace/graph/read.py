"""Reading the live ownership graph from the store's tables `graph_nodes`, `graph_edges`
and `graph_links` (graph/model.py columns plus `version_id`), which the importers write.

The live graph is, for each dataset, the rows of its newest import (highest
`version_id`), as each list has one live version. Designated nodes are those linked to
a live designated target at or above the link threshold, and list entities that are
themselves graph nodes (the lists' own parent / subsidiary notes).
"""

from __future__ import annotations

import duckdb

from kleptrace.exc import ConfigError
from kleptrace.graph.model import STORE_TABLES
from kleptrace.settings import Settings

DEFAULT_LINK_THRESHOLD = Settings.graph_link_threshold
"""Links (screening matches of graph nodes to designated targets) the rules use: the
same default as `graph-link` stores (KLEPTRACE_GRAPH_LINK_THRESHOLD)."""


def require_graph(con: duckdb.DuckDBPyConnection) -> None:
    """Refuse clearly when no ownership data has been imported into this store."""
    tables = {
        row[0]
        for row in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
    }
    missing = sorted(set(STORE_TABLES) - tables)
    if missing:
        raise ConfigError(
            f"no ownership graph in this store (missing {', '.join(missing)}); "
            "import ownership data first"
        )


def _live(table: str) -> str:
    return (
        f"SELECT * EXCLUDE (version_id) FROM {table} t WHERE version_id = "
        f"(SELECT max(version_id) FROM {table} u WHERE u.dataset IS NOT DISTINCT FROM t.dataset)"
    )


def live_views(con: duckdb.DuckDBPyConnection) -> None:
    """Create temporary views `live_nodes` and `live_edges` over the newest imports."""
    require_graph(con)
    con.execute(f"CREATE OR REPLACE TEMP VIEW live_nodes AS {_live('graph_nodes')}")
    con.execute(f"CREATE OR REPLACE TEMP VIEW live_edges AS {_live('graph_edges')}")


def designated(
    con: duckdb.DuckDBPyConnection, threshold: float = DEFAULT_LINK_THRESHOLD
) -> duckdb.DuckDBPyRelation:
    """The designated graph nodes (node_id, and the target_id it is linked to, which
    lets the rules count one person's restated interests once), after `live_views`."""
    return con.sql(
        f"""
        SELECT l.node_id, l.target_id FROM graph_links l
        JOIN current_designations d ON d.entity_id = l.target_id
        WHERE l.score >= {float(threshold)}
        UNION
        SELECT n.node_id, n.node_id FROM live_nodes n
        JOIN current_designations d ON d.entity_id = n.node_id
        """
    )


PEP_TOPIC = "role.pep"


def politically_exposed(
    con: duckdb.DuckDBPyConnection, threshold: float = DEFAULT_LINK_THRESHOLD
) -> duckdb.DuckDBPyRelation:
    """The graph nodes that are, or are linked at `threshold` to, a loaded entity with
    the FtM topic "role.pep" (OpenSanctions PEP data), after `live_views`."""
    return con.sql(
        f"""
        WITH peps AS (
            SELECT DISTINCT entity_id FROM current_statements
            WHERE prop = 'topics' AND value = '{PEP_TOPIC}'
        )
        SELECT l.node_id FROM graph_links l JOIN peps p ON p.entity_id = l.target_id
        WHERE l.score >= {float(threshold)}
        UNION
        SELECT n.node_id FROM live_nodes n JOIN peps p ON p.entity_id = n.node_id
        """
    )
