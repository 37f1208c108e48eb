"""The ownership-graph commands of `kleptrace`: graph-load, graph and graph-link.

Kept apart from cli.py so each stage's commands stay short; cli.py imports this module
at its end, which registers the commands on the one Typer app.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import orjson
import typer
from rich.table import Table

from kleptrace import store
from kleptrace.cli import DbOption, _settings, app, console, err, user_errors
from kleptrace.exc import KleptraceError


@app.command("graph-load")
@user_errors
def graph_load(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Ownership files or folders to import.")
    ] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help="Read every file as this format (no sniffing).")
    ] = None,
    dataset: Annotated[
        str | None, typer.Option("--dataset", help="Name of the dataset (default: FORMAT:NAME).")
    ] = None,
    from_lists: Annotated[
        bool, typer.Option("--lists", help="Import the relationships the loaded lists state.")
    ] = False,
    show: Annotated[bool, typer.Option("--list", help="Show the graph versions and stop.")] = False,
    db: DbOption = None,
) -> None:
    """Import ownership data (BODS, PSC, Companies House, Land Registry, ICIJ, FtM) and
    the lists' own relationship notes into the store, one graph version per dataset."""
    settings = _settings(db)
    if show:
        graph_versions(db=db)
        return
    if not paths and not from_lists:
        raise KleptraceError("give ownership files or folders, or --lists")
    from kleptrace.graph.load import plan_imports, run_import, run_lists_import

    imports, skipped = plan_imports(list(paths or []), fmt, dataset)
    if paths and not imports:
        raise KleptraceError(f"no ownership file in {', '.join(map(str, paths))}")
    con = store.connect(settings.db_path)
    try:
        results = [run_import(con, planned) for planned in imports]
        if from_lists:
            results.append(run_lists_import(con))
    finally:
        con.close()
    table = Table(title="Graph imports", title_justify="left")
    for column in ("dataset", "format", "status", "records", "nodes", "edges", "rejected"):
        table.add_column(
            column,
            justify="right" if column in ("records", "nodes", "edges", "rejected") else "left",
        )
    for r in results:
        table.add_row(
            r.dataset,
            r.format,
            f"{r.status} v{r.version_id}",
            f"{r.records:,}",
            f"{r.nodes:,}",
            f"{r.edges:,}",
            f"{r.rejected:,}",
        )
    console.print(table)
    for r in results:
        for warning in r.warnings:
            err.print(f"[yellow]warning:[/yellow] {r.dataset}: {warning}", highlight=False)
    if skipped:
        console.print(
            f"{len(skipped)} files are not ownership data and were skipped: "
            + ", ".join(p.name for p in skipped[:12]),
            highlight=False,
        )


@app.command("graph")
@user_errors
def graph_versions(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    db: DbOption = None,
) -> None:
    """Show every graph version: dataset, format, live or replaced, counts, load time."""
    from kleptrace.graph.write import versions

    con = store.connect(_settings(db).db_path)
    try:
        rows = versions(con)
    finally:
        con.close()
    if as_json:
        sys.stdout.write(orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    table = Table(title="Ownership graph versions", title_justify="left")
    counts = ("records", "nodes", "edges", "links", "rejected")
    for column in ("version", "dataset", "format", "live", "loaded at", *counts):
        table.add_column(column, justify="right" if column in counts else "left")
    for row in rows:
        table.add_row(
            f"v{row['version_id']}",
            str(row["dataset"]),
            str(row["format"]),
            "live" if row["live"] else "replaced",
            f"{row['loaded_at']:%Y-%m-%d %H:%M:%S}",
            *(f"{row[c]:,}" for c in counts),
        )
    console.print(table)


@app.command("graph-link")
@user_errors
def graph_link(
    threshold: Annotated[
        float | None,
        typer.Option(
            "--threshold",
            min=0.0,
            max=1.0,
            help="Lowest name score kept (default $KLEPTRACE_GRAPH_LINK_THRESHOLD).",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Match the graph's people and companies to designated targets (by id, identifier
    and screening) and store the links with their scores and explanations."""
    from kleptrace.graph.link import run

    settings = _settings(db)
    result = run(
        settings.db_path,
        settings.graph_link_threshold if threshold is None else threshold,
        settings.workers,
    )
    console.print(
        f"links {result.status} v{result.version_id}: {result.links:,} links "
        f"for {result.records:,} nodes considered",
        highlight=False,
    )
