"""The `kleptrace` command line: one command per stage, each a few lines over the packages."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import httpx
import orjson
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from kleptrace import fetch as fetching
from kleptrace import store
from kleptrace.exc import KleptraceError
from kleptrace.settings import Settings
from kleptrace.store import export, read

app = typer.Typer(
    help="kleptrace: read official sanctions lists into a versioned store, and act on them.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
LOG_WIDTH = 140
"""Tables written to a file or a pipe (make, CI logs) get this width instead of 80."""
console = Console(width=None if sys.stdout.isatty() else LOG_WIDTH)
err = Console(stderr=True, width=None if sys.stderr.isatty() else LOG_WIDTH)
F = TypeVar("F", bound=Callable[..., Any])

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Store file (default: $KLEPTRACE_DB or the user data dir)."),
]


def _settings(db: Path | None) -> Settings:
    settings = Settings.from_env()
    return Settings(**{**settings.__dict__, "db_path": db}) if db else settings


def user_errors(func: F) -> F:
    """Print KleptraceErrors as one red line and exit 1, without a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KleptraceError as exc:
            err.print(f"[red]error:[/red] {exc}", highlight=False)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


@app.command()
@user_errors
def load(
    paths: Annotated[list[Path] | None, typer.Argument(help="List files to load.")] = None,
    sources: Annotated[
        Path | None, typer.Option("--sources", help="Load every supported file under DIR.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Load list files into the store, one new version per changed source.

    With no paths, loads every list under KLEPTRACE_DATA_DIR (../shared/data if present).
    """
    settings = _settings(db)
    targets = list(paths or []) + ([sources] if sources else [])
    if not targets and settings.data_dir is not None:
        targets = [settings.data_dir]
    if not targets:
        raise KleptraceError("give list files, or --sources DIR, or set KLEPTRACE_DATA_DIR")
    sets, skipped = store.plan(targets)
    if not sets:
        raise KleptraceError(f"no supported list file in {', '.join(map(str, targets))}")
    con = store.connect(settings.db_path)
    results: list[store.LoadResult] = []
    failures: list[tuple[store.SourceFiles, KleptraceError]] = []
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task(f"loading {len(sets)} sources", total=len(sets))

        def finished(files: store.SourceFiles, result: store.LoadResult | KleptraceError) -> None:
            if isinstance(result, KleptraceError):
                failures.append((files, result))
            else:
                results.append(result)
            progress.update(task, advance=1, description=f"{files.source} done")

        store.load_all(con, sets, workers=settings.workers, on_result=finished)
    results.sort(key=lambda r: r.source)
    _print_load_summary(results, failures, skipped)
    if failures:
        raise typer.Exit(1)


def _print_load_summary(
    results: list[store.LoadResult],
    failures: list[tuple[store.SourceFiles, KleptraceError]],
    skipped: list[Path],
) -> None:
    table = Table(title="Load summary", title_justify="left")
    for column in (
        "source",
        "status",
        "published",
        "entities",
        "designated",
        "sanctions",
        "kept as notes",
        "rejected rows",
        "seconds",
    ):
        table.add_column(
            column,
            justify="left" if column in ("source", "status") else "right",
            no_wrap=column == "source",
        )
    for r in results:
        loaded = r.status == "loaded"
        table.add_row(
            r.source,
            f"{r.status} v{r.version_id}",
            r.published or "not stated",
            f"{r.entities:,}" if loaded else "-",
            f"{r.designated:,}" if loaded else "-",
            f"{r.by_schema.get('Sanction', 0):,}" if loaded else "-",
            f"{sum(r.report.unplaced.values()):,}",
            f"{len(r.report.rejected):,}",
            f"{r.seconds:.1f}",
        )
    fresh = [r for r in results if r.status == "loaded"]
    table.caption = (
        f"{len(fresh)} sources loaded, {len(results) - len(fresh)} unchanged; "
        f"{sum(r.designated for r in fresh):,} designated targets"
    )
    console.print(table)
    for files, exc in failures:
        err.print(
            f"[red]failed:[/red] {files.source}: {exc} (previous version kept)", highlight=False
        )
    if skipped:
        console.print(
            f"[dim]{len(skipped)} files are not lists and were skipped: "
            + ", ".join(p.name for p in skipped[:12])
            + (" ..." if len(skipped) > 12 else "")
            + "[/dim]"
        )


@app.command("lists")
@user_errors
def lists(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    db: DbOption = None,
) -> None:
    """Show every loaded source: publication date, version, counts by schema and regime."""
    con = store.connect(_settings(db).db_path, read_only=True)
    rows = read.sources(con)
    if as_json:
        sys.stdout.write(orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    table = Table(title="Loaded lists", title_justify="left")
    for column in ("source", "published", "version", "entities", "by schema", "by regime"):
        table.add_column(column, no_wrap=column in ("source", "published", "version"))
    for row in rows:
        table.add_row(
            row["source"],
            row["published"] or "not stated",
            f"v{row['version']} ({row['versions']} kept)",
            f"{row['entities']:,}",
            ", ".join(f"{k} {v:,}" for k, v in row["schemata"].items()),
            ", ".join(f"{k} {v:,}" for k, v in list(row["regimes"].items())[:8]) or "-",
        )
    console.print(table)


@app.command()
@user_errors
def show(
    entity_id: Annotated[str, typer.Argument(help="Entity id, e.g. ofac-18310.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    db: DbOption = None,
) -> None:
    """Show one entity with its properties, provenance and designations."""
    con = store.connect(_settings(db).db_path, read_only=True)
    entity = read.entity(con, entity_id)
    sanctions = read.sanctions_of(con, entity_id)
    linked = [r for r in read.referenced_by(con, entity_id) if r["schema"] != "Sanction"]
    if as_json:
        data = {**entity.to_dict(), "sanctions": sanctions, "referenced_by": linked}
        sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    console.print(f"[bold]{entity.caption}[/bold]  [dim]{entity.schema.name} · {entity.id}[/dim]")
    table = Table(show_header=True)
    for column in ("property", "value", "as printed", "file"):
        table.add_column(column)
    for prop in sorted(entity._statements):
        if prop == "id":
            continue
        for stmt in sorted(entity.get_statements(prop), key=lambda s: s.value):
            table.add_row(prop, stmt.value, stmt.original_value or "", stmt.origin or "")
    console.print(table)
    for s in sanctions:
        console.print(
            f"• {s['source']}: {s['program']} → {s['regime']}, listed "
            f"{s['listing_date'] or 'date not stated'}"
        )
    for r in linked:
        console.print(f"↳ {r['schema']} {r['id']} ({r['via']}): {r['label'] or ''}")


@app.command("export")
@user_errors
def export_cmd(
    fmt: Annotated[
        str, typer.Option("--format", help="ftm (JSON lines) or csv (statements).")
    ] = "ftm",
    out: Annotated[
        Path | None, typer.Option("--out", help="File to write (default stdout).")
    ] = None,
    source: Annotated[str | None, typer.Option("--source", help="Only this source.")] = None,
    db: DbOption = None,
) -> None:
    """Export the live lists as FollowTheMoney JSON lines or statements CSV."""
    if fmt not in ("ftm", "csv"):
        raise KleptraceError(f"--format must be ftm or csv, not {fmt!r}")
    con = store.connect(_settings(db).db_path, read_only=True)
    if fmt == "ftm":
        with open(out, "wb") if out else sys.stdout.buffer as fh:
            count = export.write_ftm(con, fh, source)
    else:
        with open(out, "w", newline="", encoding="utf-8") if out else sys.stdout as fh:
            count = export.write_csv(con, fh, source)
    err.print(f"{count:,} {'entities' if fmt == 'ftm' else 'statements'} written")


@app.command("fetch")
@user_errors
def fetch_cmd(
    dest: Annotated[Path | None, typer.Option("--dest", help="Download folder.")] = None,
    only: Annotated[list[str] | None, typer.Option("--only", help="Format or source name.")] = None,
    mirror: Annotated[
        str | None, typer.Option("--mirror", help="Base URL of a mirror keeping publisher paths.")
    ] = None,
) -> None:
    """Download the current lists from the official publishers (previous copies kept on failure)."""
    settings = Settings.from_env()
    target = dest or settings.download_dir
    items = fetching.downloads(only=only or ())
    if not items:
        raise KleptraceError(f"nothing to fetch for {only}")
    with httpx.Client(
        timeout=settings.http_timeout,
        follow_redirects=True,
        headers={"User-Agent": "kleptrace (sanctions list fetcher)"},
    ) as client:
        results = fetching.fetch(
            target, items, client=client, mirror=mirror, retries=settings.http_retries
        )
    table = Table(title=f"Downloads in {target}", title_justify="left")
    for column in ("format", "file", "status", "bytes", "sha256 / error"):
        table.add_column(column)
    for r in results:
        colour = "red" if r.status == "failed" else "green"
        table.add_row(
            r.format,
            r.path,
            f"[{colour}]{r.status}[/{colour}]",
            f"{r.bytes:,}" if r.bytes else "-",
            (r.sha256 or "")[:16] or r.error or "",
        )
    console.print(table)
    if any(r.status == "failed" for r in results):
        raise typer.Exit(1)
