"""Entities of one parsed version as Arrow tables, in the store's column order: every
FtM statement, one designation row per (target, program) with its regime, and the
rejected source rows."""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa
from followthemoney import StatementEntity

from kleptrace.data import JURISDICTIONS, regime_of
from kleptrace.sources.report import ParseReport
from kleptrace.store.db import DESIGNATION_COLUMNS, STATEMENT_COLUMNS


def statement_table(entities: dict[str, StatementEntity]) -> pa.Table:
    """Columns of every statement. Consumes `entities`, so each is freed once tabled."""
    columns: dict[str, list[str | None]] = {name: [] for name in STATEMENT_COLUMNS}
    while entities:
        _, entity = entities.popitem()
        schema = entity.schema.name
        for stmt in entity.statements:
            columns["id"].append(stmt.id)
            columns["entity_id"].append(stmt.entity_id)
            columns["schema"].append(schema)
            columns["prop"].append(stmt.prop)
            columns["value"].append(stmt.value)
            columns["lang"].append(stmt.lang)
            columns["original_value"].append(
                stmt.original_value if stmt.original_value != stmt.value else None
            )
            columns["origin"].append(stmt.origin)
            columns["dataset"].append(stmt.dataset)
            columns["first_seen"].append(stmt.first_seen)
            columns["last_seen"].append(stmt.last_seen)
    return pa.table({name: pa.array(values, pa.string()) for name, values in columns.items()})


def designation_table(entities: Iterable[StatementEntity], jurisdiction: str | None) -> pa.Table:
    """One row per (target, program) of every Sanction, with its regime."""
    rows: list[tuple[object, ...]] = []
    for sanction in entities:
        if not sanction.schema.is_a("Sanction"):
            continue
        where = jurisdiction
        if where is None:
            countries = [c for c in sanction.get("country") if c in JURISDICTIONS]
            where = countries[0] if countries else None
        listed = sorted(sanction.get("listingDate") or sanction.get("startDate"))
        authority = sanction.first("authority")
        for target in sanction.get("entity"):
            programs: list[str | None] = list(sanction.get("program")) or [None]
            for program in programs:
                regime = regime_of(where or "", program or "")
                rows.append(
                    (
                        sanction.id,
                        target,
                        where,
                        regime.key,
                        regime.magnitsky,
                        program,
                        listed[0] if listed else None,
                        authority,
                    )
                )
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(DESIGNATION_COLUMNS)
    return pa.table(
        {
            name: pa.array(values, pa.bool_() if name == "magnitsky" else pa.string())
            for name, values in zip(DESIGNATION_COLUMNS, columns, strict=True)
        }
    )


def rejected_table(report: ParseReport) -> pa.Table:
    return pa.table(
        {
            "file": pa.array([r.file for r in report.rejected], pa.string()),
            "position": pa.array([r.position for r in report.rejected], pa.string()),
            "reason": pa.array([r.reason for r in report.rejected], pa.string()),
            "raw": pa.array([r.raw for r in report.rejected], pa.string()),
        }
    )
