"""The `kleptrace` command line: one command per stage, each a few lines over the packages."""

from __future__ import annotations

import os
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import orjson
import typer
from rich.console import Console
from rich.table import Table

from kleptrace import store
from kleptrace.api.keys import KeyStore, keys_path
from kleptrace.exc import KleptraceError
from kleptrace.screen import DEFAULT_LIMIT, DEFAULT_THRESHOLD, Match, Query, Screener, read_query
from kleptrace.settings import Settings

if TYPE_CHECKING:
    from rich.progress import Progress

    from kleptrace.graph.trace import Hop, Trace
    from kleptrace.media import Article
    from kleptrace.store.load import LoadResult
    from kleptrace.store.plan import SourceFiles

# Commands import what only they need inside their own body: `kleptrace screen` must
# start in well under two seconds, and the parsers, followthemoney and httpx, which
# loading, fetching and reading entities need, take seconds to import.

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
            err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
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
    from kleptrace.store.load import load_all
    from kleptrace.store.plan import plan

    sets, skipped = plan(targets)
    if not sets:
        raise KleptraceError(f"no supported list file in {', '.join(map(str, targets))}")
    con = store.connect(settings.db_path)
    results: list[LoadResult] = []
    failures: list[tuple[SourceFiles, KleptraceError]] = []
    with _progress() as progress:
        task = progress.add_task(f"loading {len(sets)} sources", total=len(sets))

        def finished(files: SourceFiles, result: LoadResult | KleptraceError) -> None:
            if isinstance(result, KleptraceError):
                failures.append((files, result))
            else:
                results.append(result)
            progress.update(task, advance=1, description=f"{files.source} done")

        load_all(con, sets, workers=settings.workers, on_result=finished)
    results.sort(key=lambda r: r.source)
    _print_load_summary(results, failures, skipped)
    if failures:
        raise typer.Exit(1)


def _print_load_summary(
    results: list[LoadResult],
    failures: list[tuple[SourceFiles, KleptraceError]],
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
            f"{r.status} v{r.version_id}"
            + ("" if r.live else " (not live: a newer version of its list is)"),
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
    """Show every live source: publication date, version, counts by schema and regime.

    Of two forms or files of one list, the newest by stated publication date is live;
    the others are named below the table with the reason.
    """
    from kleptrace.store import read

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
    for row in rows:
        for other in row["not_live"]:
            console.print(
                f"{other['source']} v{other['version']} "
                f"(published {other['published'] or 'not stated'}) is not live: "
                f"{row['source']} is the same list ({row['list']}), {row['live_because']}",
                highlight=False,
            )


@app.command()
@user_errors
def show(
    entity_id: Annotated[
        str, typer.Argument(help="Entity id (e.g. ofac-18310) or canonical id (kt-...).")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    db: DbOption = None,
) -> None:
    """Show one entity with its properties, provenance and designations, or a canonical
    target (after `kleptrace resolve`) with every member record, its lists and regimes."""
    from kleptrace.resolve import canonical_view
    from kleptrace.store import read

    con = store.connect(_settings(db).db_path, read_only=True)
    canonical = canonical_view(con, entity_id)
    if canonical is not None and canonical["id"] == entity_id:
        _print_canonical(canonical, as_json)
        return
    entity = read.entity(con, entity_id)
    sanctions = read.sanctions_of(con, entity_id)
    linked = [r for r in read.referenced_by(con, entity_id) if r["schema"] != "Sanction"]
    if as_json:
        data = {**entity.to_dict(), "sanctions": sanctions, "referenced_by": linked}
        data["canonical"] = canonical
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
    if canonical is not None:
        _print_canonical(canonical, False)


def _print_canonical(canonical: dict[str, Any], as_json: bool) -> None:
    if as_json:
        sys.stdout.write(orjson.dumps(canonical, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    console.print(
        f"[bold]canonical target {canonical['id']}[/bold]: {canonical['caption']} "
        f"[dim]({len(canonical['members'])} records on {len(canonical['lists'])} lists)[/dim]"
    )
    table = Table(show_header=True)
    for column in ("record", "list", "schema", "name", "regimes", "listed"):
        table.add_column(column)
    for m in canonical["members"]:
        table.add_row(
            m["entity_id"],
            m["source"],
            m["schema"],
            m["caption"] or "",
            ", ".join(m["regimes"]),
            ", ".join(m["listed"]),
        )
    console.print(table)


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
    canonical: Annotated[
        bool,
        typer.Option(
            "--canonical", help="FtM only: one merged entity per canonical target (resolve)."
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """Export the live lists as FollowTheMoney JSON lines or statements CSV."""
    if fmt not in ("ftm", "csv"):
        raise KleptraceError(f"--format must be ftm or csv, not {fmt!r}")
    if canonical and (fmt != "ftm" or source is not None):
        raise KleptraceError("--canonical goes with --format ftm and no --source")
    from kleptrace.store import export

    con = store.connect(_settings(db).db_path, read_only=True)
    if canonical:
        from kleptrace.resolve.canonical import write_canonical_ftm

        with open(out, "wb") if out else sys.stdout.buffer as fh:
            count = write_canonical_ftm(con, fh)
    elif fmt == "ftm":
        with open(out, "wb") if out else sys.stdout.buffer as fh:
            count = export.write_ftm(con, fh, source)
    else:
        with open(out, "w", newline="", encoding="utf-8") if out else sys.stdout as fh:
            count = export.write_csv(con, fh, source)
    err.print(f"{count:,} {'entities' if fmt == 'ftm' else 'statements'} written")


@app.command("align")
@user_errors
def align_cmd(
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the HTML report to this file.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print every figure as JSON.")] = False,
    csv_dir: Annotated[
        Path | None, typer.Option("--csv", help="Write every gap list as CSV into DIR.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Compare the UK, US, EU, UN, Canadian and Australian lists target by target: overlaps,
    gap lists, lags, Magnitsky-type regimes, changes between loaded versions."""
    from kleptrace import align
    from kleptrace.align import csvs, html
    from kleptrace.report import write

    con = store.connect(_settings(db).db_path, read_only=True)
    result = align.from_store(con)
    for target, save in (
        (out, lambda path: write(path, html.page(result))),
        (csv_dir, lambda path: csvs.write(result, path)),
    ):
        if target is None:
            continue
        try:
            save(target)
        except OSError as exc:
            raise KleptraceError(f"{target}: cannot write: {exc.strerror}") from exc
        err.print(f"written: {target}")
    if as_json:
        sys.stdout.write(orjson.dumps(result.to_json(), option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    h = result.headline()
    labels = align.config().label
    basis = "resolved" if result.clusters.resolved else "exact shared identifiers, not resolved"
    console.print(f"[bold]Russia-regime targets[/bold] (clusters: {basis})")
    for j, n in h["russia_targets"].items():
        console.print(f"  {labels(j):<10} {n:>7,}")
    console.print(f"  shared by UK, US and EU: {h['russia_shared_by_gb_us_eu']:,}")
    for key, label in (("gb", "UK"), ("eu", "EU")):
        median = h[f"russia_median_days_{key}_after_us"]
        shown = "no dated pair" if median is None else f"{median:,.0f} days"
        bound = h[f"russia_at_least_days_{key}_after_us"]
        console.print(
            f"  median {label} after US: {shown} "
            f"({h[f'russia_dated_pairs_{key}_after_us']:,} targets dated on both sides)"
            + (
                ""
                if bound is None
                else f"; at least {bound:,.0f} days where the US date is a bound"
            )
        )
    for warning in result.warnings:
        err.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)


@app.command("fetch")
@user_errors
def fetch_cmd(
    dest: Annotated[Path | None, typer.Option("--dest", help="Download folder.")] = None,
    only: Annotated[list[str] | None, typer.Option("--only", help="Format or source name.")] = None,
    mirror: Annotated[
        str | None, typer.Option("--mirror", help="Base URL of a mirror keeping publisher paths.")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Accept downloads much smaller than the previous copy.")
    ] = False,
) -> None:
    """Download the current lists from the official publishers (previous copies kept on failure
    and on implausibly small downloads)."""
    from kleptrace import fetch as fetching

    settings = Settings.from_env()
    target = dest or settings.download_dir
    items = fetching.downloads(only=only or ())
    if not items:
        raise KleptraceError(f"nothing to fetch for {only}")
    with fetching.http_client(settings.http_timeout) as client:
        results = fetching.fetch(
            target, items, client=client, mirror=mirror, retries=settings.http_retries, force=force
        )
    table = Table(title=f"Downloads in {target}", title_justify="left")
    for column in ("format", "file", "status", "bytes", "sha256 / error"):
        table.add_column(column)
    for r in results:
        colour = "red" if r.status in fetching.KEPT_PREVIOUS else "green"
        table.add_row(
            r.format,
            r.path,
            f"[{colour}]{r.status}[/{colour}]",
            f"{r.bytes:,}" if r.bytes else "-",
            (r.sha256 or "")[:16] or r.error or "",
        )
    console.print(table)
    if any(r.status in fetching.KEPT_PREVIOUS for r in results):
        raise typer.Exit(1)


def _progress() -> Progress:
    """The progress bar of every long command, on stderr so output files stay clean."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


def _open_screener(settings: Settings, rebuild: bool = False) -> Screener:
    """Open the screening index, showing a progress bar only if it has to be (re)built:
    starting one costs a cold `kleptrace screen` more than loading a saved index."""
    bars: list[Progress] = []

    def advance(done: int, total: int) -> None:
        if not bars:
            bars.append(_progress())
            bars[0].start()
            bars[0].add_task("indexing list names", total=None)
        bars[0].update(bars[0].task_ids[0], completed=done, total=total or None)

    try:
        return Screener.open(
            settings.db_path, workers=settings.workers, progress=advance, rebuild=rebuild
        )
    finally:
        for bar in bars:
            bar.stop()


@app.command("index")
@user_errors
def index_cmd(db: DbOption = None) -> None:
    """Rebuild the screening index of the live lists (screen does this itself when stale)."""
    screener = _open_screener(_settings(db), rebuild=True)
    index = screener.index
    console.print(
        f"indexed {len(index.names):,} names of {len(index.targets):,} targets, "
        f"{len(index.vocabulary.tokens):,} distinct words"
    )


ThresholdOption = Annotated[
    float, typer.Option("--threshold", min=0.0, max=1.0, help="Lowest score reported.")
]
LimitOption = Annotated[int, typer.Option("--limit", min=1, help="Most matches per query.")]


@app.command()
@user_errors
def screen(
    name: Annotated[list[str], typer.Argument(help="Name(s) of one party, any script.")],
    dob: Annotated[
        list[str] | None, typer.Option("--dob", help="Birth date (1952-10-07, 7 Oct 1952 ...).")
    ] = None,
    country: Annotated[
        list[str] | None, typer.Option("--country", help="ISO code or country name.")
    ] = None,
    schema: Annotated[
        str, typer.Option("--schema", help="Person, Organization, Company, Vessel ...")
    ] = "LegalEntity",
    identifier: Annotated[
        list[str] | None, typer.Option("--id", help="Passport, INN, IMO ... number.")
    ] = None,
    threshold: ThresholdOption = DEFAULT_THRESHOLD,
    limit: LimitOption = DEFAULT_LIMIT,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    db: DbOption = None,
) -> None:
    """Screen one party against every loaded list, with an explanation of each score."""
    query = read_query(
        name,
        birth_dates=[("--dob", value) for value in dob or ()],
        countries=[("--country", value) for value in country or ()],
        identifiers=identifier or (),
        default_schema=schema,
    )
    for warning in query.warnings:
        err.print(f"[yellow]warning:[/yellow] {warning}", highlight=False, soft_wrap=True)
    matches = _open_screener(_settings(db)).screen(query, threshold, limit)
    if as_json:
        data = [m.to_dict() for m in matches]
        sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    _print_matches(query, matches, threshold)


def _print_matches(query: Query, matches: list[Match], threshold: float) -> None:
    if not matches:
        console.print(f"no match at or above {threshold} for {' / '.join(query.names)}")
        return
    table = Table(title=f"Matches for {' / '.join(query.names)}", title_justify="left")
    for column in ("score", "target", "lists", "regimes", "matched name", "why"):
        table.add_column(column, no_wrap=column == "score")
    for m in matches:
        why = "; ".join(f"{f.name} {f.contribution:+.2f} ({f.detail})" for f in m.features[1:])
        parts = ", ".join(f"{a.query}={a.target} {a.similarity:.2f}" for a in m.alignment)
        table.add_row(
            f"{m.score:.3f}",
            f"{m.caption}\n[dim]{m.schema} · {m.entity_id}[/dim]",
            ", ".join(m.sources),
            ", ".join(m.regimes) or "-",
            m.matched_name,
            f"name {m.features[0].value:.2f} ({parts})" + (f"; {why}" if why else ""),
        )
    console.print(table)


@app.command("screen-file")
@user_errors
def screen_file(
    path: Annotated[Path, typer.Argument(help="CSV, JSON lines or Parquet file of parties.")],
    out: Annotated[Path, typer.Option("--out", help="Results: .csv, .jsonl or .parquet.")],
    bad: Annotated[
        Path | None,
        typer.Option("--bad", help="Rows that cannot be screened (default: OUT.bad.csv)."),
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace OUT and the bad-rows file if they exist.")
    ] = False,
    name_col: Annotated[
        list[str] | None,
        typer.Option("--name-col", help="Name column; repeat for aliases; a+b joins columns."),
    ] = None,
    dob_col: Annotated[list[str] | None, typer.Option("--dob-col", help="Birth date.")] = None,
    country_col: Annotated[list[str] | None, typer.Option("--country-col")] = None,
    id_col: Annotated[list[str] | None, typer.Option("--id-col", help="Identifier column.")] = None,
    schema_col: Annotated[str | None, typer.Option("--schema-col", help="Party type.")] = None,
    gender_col: Annotated[str | None, typer.Option("--gender-col")] = None,
    row_id_col: Annotated[str | None, typer.Option("--row-id-col", help="Your row id.")] = None,
    schema: Annotated[
        str, typer.Option("--schema", help="Schema for rows without a type column.")
    ] = "LegalEntity",
    threshold: ThresholdOption = DEFAULT_THRESHOLD,
    limit: LimitOption = DEFAULT_LIMIT,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="Processes (default: all cores).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Screen every row of a file; one output row per hit, bad rows in a separate file.

    Every row is screened or listed as bad; if the counts do not add up, the run fails
    and leaves no output.
    """
    from kleptrace.files import BadRow, BadRowWriter, ColumnMap, RowAccount, read_queries
    from kleptrace.files.paths import check_outputs, staged
    from kleptrace.files.writing import writer_class
    from kleptrace.screen.batch import screen_stream

    settings = _settings(db)
    columns = ColumnMap.parse(
        name=name_col or (),
        schema=schema_col,
        birth_date=dob_col or (),
        country=country_col or (),
        identifier=id_col or (),
        gender=gender_col,
        row_id=row_id_col,
    )
    bad_path = bad or out.with_name(out.name + ".bad.csv")
    check_outputs(path, [out, bad_path], overwrite)
    writer_kind = writer_class(out)
    account = RowAccount.of(path)
    rows = read_queries(path, columns, default_schema=schema, account=account)
    screener = _open_screener(settings)
    hits = {"hits": 0, "queries with hits": 0}
    with (
        staged(out) as out_temp,
        staged(bad_path) as bad_temp,
        writer_kind(out_temp) as writer,
        BadRowWriter(bad_temp) as bad_rows,
        _progress() as progress,
    ):
        task = progress.add_task(f"screening {path.name}", total=account.in_file)

        def queries() -> Iterator[Query]:
            for row in rows:
                progress.advance(task, row.lines if isinstance(row, BadRow) else 1)
                if isinstance(row, BadRow):
                    account.bad_row()
                    bad_rows.write(row)
                else:
                    yield row

        for query, matches in screen_stream(
            screener,
            settings.db_path,
            queries(),
            threshold,
            limit,
            workers=workers or settings.workers,
        ):
            account.screened_row(len(query.warnings))
            writer.write(query, matches)
            hits["hits"] += len(matches)
            hits["queries with hits"] += bool(matches)
        account.check()
    elapsed = progress.tasks[0].elapsed or 0.0
    rate = account.rows / elapsed if elapsed else 0.0
    counts = {**account.summary(), **hits}
    console.print(
        f"{account.rows:,} input rows = {account.screened:,} screened + {account.bad:,} bad; "
        + ", ".join(f"{v:,} {k}" for k, v in counts.items() if k not in ("rows", "screened", "bad"))
        + f" in {elapsed:.1f} s ({rate:,.0f} rows/s); results in {out}"
        + (f"; bad rows in {bad_path}" if account.bad else ""),
        highlight=False,
    )


keys_app = typer.Typer(
    help="API keys for `kleptrace serve`, kept beside the store; a running server sees changes.",
    no_args_is_help=True,
)
app.add_typer(keys_app, name="keys")


def _key_store(db: Path | None) -> KeyStore:
    return KeyStore(keys_path(_settings(db).db_path))


def _report_renamed(keys: KeyStore) -> None:
    """Say which ids a version-1 key file's keys were given (their old ids were secret)."""
    for old, new in keys.renamed.items():
        err.print(f"key id {old} is now {new} (ids no longer come from the secret)")


@keys_app.command("create")
@user_errors
def keys_create(
    name: Annotated[str, typer.Argument(help="Who or what the key is for.")],
    scope: Annotated[
        list[str] | None,
        typer.Option("--scope", help="read or admin (admin implies read); repeatable."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Create an API key and print its secret, the only time it is shown."""
    keys = _key_store(db)
    record, secret = keys.create(name, set(scope or ["read"]))
    _report_renamed(keys)
    sys.stdout.write(secret + "\n")
    err.print(
        f"created key {record.key_id} for {record.name!r} ({', '.join(sorted(record.scopes))}) "
        f"in {keys.path}\n[yellow]warning:[/yellow] store the secret above now; "
        "it is not saved and cannot be shown again",
        highlight=False,
    )


@keys_app.command("list")
@user_errors
def keys_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    db: DbOption = None,
) -> None:
    """Show every API key (never its secret), revoked ones included."""
    keys = _key_store(db)
    rows = [record.public() for record in keys.list()]
    _report_renamed(keys)
    if as_json:
        sys.stdout.write(orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    table = Table(title="API keys", title_justify="left")
    for column in ("id", "name", "scopes", "created", "revoked"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            row["id"], row["name"], ", ".join(row["scopes"]), row["created"], row["revoked"] or "-"
        )
    console.print(table)


@keys_app.command("revoke")
@user_errors
def keys_revoke(
    key_id: Annotated[str, typer.Argument(help="The key's id, from `kleptrace keys list`.")],
    db: DbOption = None,
) -> None:
    """Revoke an API key; a running server refuses it from its next request."""
    keys = _key_store(db)
    record = keys.revoke(key_id)
    _report_renamed(keys)
    console.print(f"revoked key {record.key_id} ({record.name})", highlight=False)


def _exit_cleanly(signum: int, frame: object) -> None:
    raise SystemExit(0)


@app.command()
@user_errors
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Server processes (each loads the index).")
    ] = 1,
    batch_workers: Annotated[
        int, typer.Option("--batch-workers", min=1, help="Processes for /screen/batch.")
    ] = 2,
    no_auth: Annotated[
        bool, typer.Option("--no-auth", help="Serve without API keys (local use only).")
    ] = False,
    cors_origin: Annotated[
        list[str] | None, typer.Option("--cors-origin", help="Allow this origin (repeatable).")
    ] = None,
    rate_limit: Annotated[
        int, typer.Option("--rate-limit", min=1, help="Requests per minute per API key.")
    ] = 6_000,
    max_body: Annotated[
        int, typer.Option("--max-body", min=1_000, help="Largest JSON request body, bytes.")
    ] = 1_000_000,
    db: DbOption = None,
) -> None:
    """Serve the yente-compatible HTTP API (/match, /search, /entities) and /screen/batch."""
    import uvicorn

    from kleptrace.api.app import ApiConfig
    from kleptrace.api.processes import ProcessGroup
    from kleptrace.api.ratelimit import SharedBuckets

    settings = _settings(db)
    _open_screener(settings)  # build a stale index once, before the server processes load it
    if no_auth:
        err.print("[yellow]warning:[/yellow] serving without API keys (--no-auth)")
    # uvicorn stops on SIGTERM, then raises it again with this handler in place: exit
    # through Python, so the scratch folder is removed, instead of dying of the signal
    signal.signal(signal.SIGTERM, _exit_cleanly)
    with tempfile.TemporaryDirectory(prefix="kleptrace-serve-") as scratch:
        config = ApiConfig(
            db_path=settings.db_path,
            auth=not no_auth,
            rate_per_minute=rate_limit,
            max_body_bytes=max_body,
            cors_origins=tuple(cors_origin or ()),
            batch_workers=batch_workers,
            # several processes share one budget per key, not one each
            rate_file=SharedBuckets.create(Path(scratch) / "rate-limits") if workers > 1 else None,
        )
        os.environ.update(config.to_env())
        options: dict[str, Any] = {
            "app": "kleptrace.api.app:app_from_env",
            "factory": True,
            "host": host,
            "port": port,
            "log_level": "info",
        }
        if workers > 1 and sys.platform == "linux":  # SO_REUSEPORT spreads connections there
            err.print(f"serving on http://{host}:{port} with {workers} processes")
            code = ProcessGroup(options, workers).run()
        else:
            # loading the lists holds the GIL for seconds: a generous health check
            uvicorn.run(**options, workers=workers, timeout_worker_healthcheck=60)
            code = 0
    raise typer.Exit(code)


RuleOption = Annotated[
    list[str] | None, typer.Option("--rule", help="ofac, eu or uk (repeatable; default all).")
]
LinkThresholdOption = Annotated[
    float | None,
    typer.Option(
        "--link-threshold",
        min=0.0,
        max=1.0,
        help="Lowest link score that counts as designated "
        "(default: KLEPTRACE_GRAPH_LINK_THRESHOLD).",
    ),
]


def _link_threshold(given: float | None, db: Path | None) -> float:
    return given if given is not None else _settings(db).graph_link_threshold


@app.command()
@user_errors
def owned(
    rule: RuleOption = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write .csv, .json or .jsonl instead.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    link_threshold: LinkThresholdOption = None,
    db: DbOption = None,
) -> None:
    """List every entity the OFAC / EU / UK ownership rules catch that no list names,
    with the chains from designated persons and the product of stakes (a risk signal)."""
    from kleptrace.graph.output import write_rows
    from kleptrace.graph.owned import owned as caught

    con = store.connect(_settings(db).db_path, read_only=True)
    rows = caught(con, rule, _link_threshold(link_threshold, db))
    if out:
        write_rows(out, [r.to_dict() for r in rows])
        err.print(f"{len(rows):,} caught entities written to {out}")
        return
    if as_json:
        data = [r.to_dict() for r in rows]
        sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    from kleptrace.graph.owned import share_text

    table = Table(title="Caught by the ownership rules, named by no list", title_justify="left")
    for column in ("rule", "answer", "entity", "why", "stake", "product", "chains"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            r.rule,
            r.status,
            f"{r.name or r.entity_id}\n"
            f"[dim]{r.schema} · {r.jurisdiction or '-'} · {r.entity_id}[/dim]",
            "\n".join([r.basis, *r.reasoning]),
            share_text(r.stake_min, r.stake_max) if r.basis == "ownership" else "-",
            share_text(r.product_min, r.product_max),
            "\n".join(r.chains),
        )
    console.print(table)


@app.command()
@user_errors
def trace(
    query: Annotated[str, typer.Argument(help="A person's or company's name, or an id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    depth: Annotated[int, typer.Option("--depth", min=1, help="Most hops to follow.")] = 8,
    html: Annotated[Path | None, typer.Option("--html", help="Also write an HTML page.")] = None,
    link_threshold: LinkThresholdOption = None,
    db: DbOption = None,
) -> None:
    """Follow a person (or company) down through the companies they hold to property
    titles: each hop's stake, jurisdiction, source and date; secrecy jurisdictions marked."""
    from kleptrace.graph import read
    from kleptrace.graph import trace as tracing

    settings = _settings(db)
    con = store.connect(settings.db_path, read_only=True)
    read.live_views(con)

    def screen_name(name: str) -> list[tuple[str, float]]:
        matches = _open_screener(settings).screen(read_query([name]), DEFAULT_THRESHOLD, 5)
        return [(m.entity_id, m.score) for m in matches]

    threshold = _link_threshold(link_threshold, db)
    starts, how = tracing.start_nodes(con, query, threshold, screen_name)
    result = tracing.trace(con, starts, query, how, depth, threshold)
    if html:
        from kleptrace.graph.trace_report import page
        from kleptrace.report import write

        write(html, page(result))
        err.print(f"trace written to {html}")
    if as_json:
        sys.stdout.write(orjson.dumps(result.to_dict(), option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    _print_trace(result)


def _print_trace(result: Trace) -> None:
    from rich.tree import Tree

    from kleptrace.graph.trace_report import hop_label

    nodes = {n.node_id: n for n in result.nodes}

    def label(node_id: str) -> str:
        node = nodes[node_id]
        marks = " [red]designated[/red]" if node.designated else ""
        marks += f" [yellow]{node.secrecy}[/yellow]" if node.secrecy else ""
        return f"[bold]{node.name or node_id}[/bold] [dim]{node.schema} · {node_id}[/dim]{marks}"

    below: dict[str, list[Hop]] = {}
    for hop in result.hops:
        below.setdefault(hop.owner_id, []).append(hop)
    console.print(f"{result.query}: {result.how}", highlight=False)
    shown: set[str] = set()

    def grow(tree: Tree, node_id: str) -> None:
        for hop in below.get(node_id, []):
            again = hop.asset_id in shown
            shown.add(hop.asset_id)
            branch = tree.add(
                f"{hop_label(hop.kind, hop.share_min, hop.share_max)} → {label(hop.asset_id)}"
                f" [dim]({hop.dataset}, since {hop.start_date or 'not stated'})[/dim]"
                + (" [dim](shown above)[/dim]" if again else "")
            )
            if not again:
                grow(branch, hop.asset_id)

    for node in result.nodes:
        if node.depth == 0:
            shown.add(node.node_id)
            tree = Tree(label(node.node_id))
            grow(tree, node.node_id)
            console.print(tree)
    console.print(f"{len(result.titles)} property titles reached", highlight=False)


@app.command()
@user_errors
def uwo(
    top: Annotated[int, typer.Option("--top", min=1, help="Titles to show.")] = 25,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    out: Annotated[Path | None, typer.Option("--out", help="Write an HTML report.")] = None,
    link_threshold: LinkThresholdOption = None,
    db: DbOption = None,
) -> None:
    """Rank property titles by the red flags the ownership data explains (unexplained
    wealth order triage), each flag's points shown; weights in data/uwo_weights.yml."""
    from kleptrace.graph import read
    from kleptrace.graph.uwo import triage, weights

    con = store.connect(_settings(db).db_path, read_only=True)
    read.live_views(con)
    threshold = _link_threshold(link_threshold, db)
    ranked, scored = triage(
        con,
        "live_edges",
        "live_nodes",
        read.designated(con, threshold),
        top,
        peps=read.politically_exposed(con, threshold),
    )
    if out:
        from kleptrace.graph.uwo_report import page
        from kleptrace.report import write

        write(out, page(ranked, scored, weights()))
        err.print(f"report written to {out}")
    if as_json:
        data = {"scored": scored, "titles": [t.to_dict() for t in ranked]}
        sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    table = Table(title=f"Top {len(ranked)} of {scored:,} titles", title_justify="left")
    for column in ("rank", "title", "score", "flags"):
        table.add_column(column, justify="right" if column in ("rank", "score") else "left")
    for i, t in enumerate(ranked, 1):
        table.add_row(
            str(i),
            f"{t.name or t.title_id}\n[dim]{', '.join(t.proprietors)}[/dim]",
            f"{t.score:g}",
            "\n".join(f"+{f.points:g} {f.name}: {f.detail}" for f in t.flags) or "none",
        )
    console.print(table)


@app.command()
@user_errors
def media(
    inputs: Annotated[
        list[str], typer.Argument(help="Saved pages (HTML or text captures), folders, URLs.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object per page (JSON lines).")
    ] = False,
    html: Annotated[Path | None, typer.Option("--html", help="Write the HTML view here.")] = None,
    threshold: Annotated[
        float, typer.Option("--threshold", min=0.0, max=1.0, help="Lowest score that links.")
    ] = DEFAULT_THRESHOLD,
    db: DbOption = None,
) -> None:
    """Find the people, companies and vessels news pages name, and link them to the lists."""
    from kleptrace.media import MediaReader, render_html
    from kleptrace.report import write

    settings = _settings(db)
    pages = _media_inputs(inputs, settings)  # a missing file fails before the lists load
    reader = MediaReader(_open_screener(settings), settings.db_path, threshold)
    articles = []
    for source, data, kind in pages:
        article = reader.read_bytes(source, data, kind)
        articles.append(article)
        if as_json:
            sys.stdout.write(orjson.dumps(article.to_dict()).decode() + "\n")
        else:
            _print_article(article)
    if html is not None:
        write(html, render_html(articles, threshold))
        err.print(f"wrote {html}")


def _media_inputs(inputs: list[str], settings: Settings) -> Iterator[tuple[str, bytes, str | None]]:
    """(source, bytes, content type) of each page: URLs fetched as `fetch` does, files and
    folders read from disk. The files are listed at once, so a missing one is named before
    any work starts."""
    from kleptrace.media import page_files

    urls = [i for i in inputs if i.startswith(("http://", "https://"))]
    files = list(page_files([Path(i) for i in inputs if i not in urls]))
    return _read_inputs(files, urls, settings)


def _read_inputs(
    files: list[Path], urls: list[str], settings: Settings
) -> Iterator[tuple[str, bytes, str | None]]:
    from kleptrace.fetch import fetch_page, http_client

    for path in files:
        yield str(path), path.read_bytes(), None
    if urls:
        with http_client(settings.http_timeout) as client:
            for url in urls:
                data, kind = fetch_page(client, url, settings.http_retries)
                yield url, data, kind


def _print_article(article: Article) -> None:
    """One table of the mentions that name a list entry, repeats counted on the first;
    then one line of the names checked and found on no list."""
    page = article.page
    table = Table(
        title=f"{page.title or page.source}\n{page.source}, {page.date or 'undated'}",
        title_justify="left",
    )
    for column in (
        "mention",
        "times",
        "part",
        "kind",
        "status",
        "target",
        "score",
        "designated by",
    ):
        table.add_column(column, no_wrap=column in ("times", "score", "part", "kind"))
    repeats: dict[int, int] = {}
    for item in article.mentions:
        if item.mention.refers_to is not None:
            repeats[item.mention.refers_to] = repeats.get(item.mention.refers_to, 0) + 1
    unlisted = []
    for position, item in enumerate(article.mentions):
        m, target = item.mention, item.target
        if m.refers_to is not None:
            continue
        if item.status == "not listed":
            unlisted.append(m.text)
            continue
        after = target is not None and target.designated_after_article
        table.add_row(
            m.text,
            str(1 + repeats.get(position, 0)),
            m.part,
            m.kind,
            item.status,
            target.caption if target else (f"best: {item.best[0]}" if item.best else ""),
            f"{target.score:.2f}" if target else (f"{item.best[1]:.2f}" if item.best else ""),
            (", ".join(target.jurisdictions) if target else "")
            + (" [yellow](after the article)[/yellow]" if after else ""),
        )
    console.print(table)
    if unlisted:
        names = ", ".join(dict.fromkeys(unlisted))
        console.print(f"checked, on no list: {names}", highlight=False, soft_wrap=True)


from kleptrace import cli_graph  # noqa: E402, F401  (registers graph-load, graph, graph-link)


@app.command("resolve")
@user_errors
def resolve_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    judgements_out: Annotated[
        Path | None,
        typer.Option("--judgements-out", help="Also write every judgement as JSON lines here."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Cluster the designated targets of every live list into canonical targets."""
    from kleptrace.resolve import judgements, resolve_store

    settings = _settings(db)
    _open_screener(settings)  # builds the index first, with progress, when the lists changed
    summary = resolve_store(settings.db_path, settings.workers)
    if judgements_out is not None:
        con = store.connect(settings.db_path, read_only=True)
        with open(judgements_out, "wb") as fh:
            for row in judgements.history(con):
                fh.write(orjson.dumps(row) + b"\n")
        con.close()
    if as_json:
        sys.stdout.write(orjson.dumps(summary, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    console.print(
        f"{summary['records']:,} records → {summary['clusters']:,} canonical targets, "
        f"{summary['multi_list_clusters']:,} on more than one list "
        f"({summary['records_in_multi_list_clusters']:,} records); "
        f"{summary['candidate_pairs']:,} pairs scored, "
        f"{summary['ids_kept_from_last_run']:,} ids kept from the last run, "
        f"{summary['judgements']:,} judgements applied; {summary['seconds']} s"
    )


@app.command("judge")
@user_errors
def judge_cmd(
    a: Annotated[str, typer.Argument(help="Entity id of one record.")],
    b: Annotated[str, typer.Argument(help="Entity id of the other record.")],
    verdict: Annotated[str, typer.Argument(help="same, different or unsure.")],
    note: Annotated[str | None, typer.Option("--note", help="Why.")] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who judges (default $USER).")] = None,
    db: DbOption = None,
) -> None:
    """Record a human judgement on two records; every later `resolve` obeys it."""
    from kleptrace.resolve import judgements

    who = by or os.environ.get("USER") or "unknown"
    con = store.connect(_settings(db).db_path)
    row = judgements.judge(con, a, b, verdict, who, note)
    con.close()
    console.print(
        f"{row['a']} ~ {row['b']}: {row['verdict']} (by {row['who']} at {row['at']}); "
        "run `kleptrace resolve` to apply it"
    )
