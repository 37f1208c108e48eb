"""Load list files into the store: one source's files make one version, in one transaction.

The whole source is parsed in memory before anything is written, so a malformed or
truncated file fails with the file and record position and leaves the store as it was.
Reloading files whose bytes are unchanged is a no-op.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import orjson
import pyarrow as pa
from followthemoney import StatementEntity
from followthemoney.exc import InvalidData

from kleptrace.data import JURISDICTIONS, regime_of
from kleptrace.exc import FormatNotRecognised, KleptraceError, ParseError
from kleptrace.sources import detect, get_format
from kleptrace.sources.base import Format
from kleptrace.sources.report import ParseReport
from kleptrace.store.db import DESIGNATION_COLUMNS, STATEMENT_COLUMNS

Progress = Callable[[int], None]


@dataclass(frozen=True)
class SourceFiles:
    """The files that together make one version of one source (e.g. the OFAC CSV set)."""

    format: Format
    primary: Path
    members: tuple[Path, ...]

    @property
    def source(self) -> str:
        return self.format.source_name(self.primary)


@dataclass
class LoadResult:
    source: str
    format: str
    status: str
    """'loaded' or 'unchanged'."""
    version_id: int
    published: str | None
    entities: int = 0
    statements: int = 0
    by_schema: dict[str, int] = field(default_factory=dict)
    designated: int = 0
    """Distinct targets with at least one designation in this version."""
    report: ParseReport = field(default_factory=ParseReport)
    seconds: float = 0.0


def plan(paths: Iterable[Path]) -> tuple[list[SourceFiles], list[Path]]:
    """Group paths into source file sets; return them with the files no format recognises.

    Directories are walked recursively and their non-list files skipped; a file named
    explicitly must be a list. A companion file (OFAC alt.csv, an EU act CSV) joins the
    set of its primary file, so each set is parsed once.
    """
    sets: dict[tuple[str, Path], SourceFiles] = {}
    skipped: list[Path] = []
    for given in map(Path, paths):
        if not given.exists():
            raise KleptraceError(f"{given}: no such file or directory")
        for path in _files_under(given) if given.is_dir() else [given]:
            fmt = detect(path)
            if fmt is None:
                if not given.is_dir():
                    empty = " (the file is empty)" if path.stat().st_size == 0 else ""
                    raise FormatNotRecognised(f"{path}: not a supported list format{empty}")
                skipped.append(path)
                continue
            primary = fmt.primary(path)
            key = (fmt.name, primary.resolve())
            if key not in sets:
                sets[key] = SourceFiles(fmt, primary, tuple(fmt.members(primary)))
    claimed = {m.resolve() for s in sets.values() for m in s.members}
    return list(sets.values()), [p for p in skipped if p.resolve() not in claimed]


def _files_under(folder: Path) -> list[Path]:
    return [
        p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]


def content_hash(members: Iterable[Path]) -> tuple[str, list[dict[str, object]]]:
    """SHA-256 of every member file, and one hash over the set (names and contents)."""
    files = []
    combined = hashlib.sha256()
    for path in sorted(members, key=lambda p: p.name):
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        files.append(
            {
                "name": path.name,
                "path": str(path),
                "sha256": digest.hexdigest(),
                "bytes": path.stat().st_size,
            }
        )
        combined.update(f"{path.name}\0{digest.hexdigest()}\n".encode())
    return combined.hexdigest(), files


def current_version(con: duckdb.DuckDBPyConnection, source: str) -> tuple[int, str] | None:
    row = con.execute(
        "SELECT v.version_id, v.content_hash FROM current_versions c "
        "JOIN versions v USING (version_id) WHERE c.source = ?",
        [source],
    ).fetchone()
    return (int(row[0]), str(row[1])) if row else None


@dataclass
class Prepared:
    """A parsed source version, ready to write: the Arrow tables and what they came from.

    Preparing touches no database, so it can run in a worker process; only `commit`
    writes, in the main process, in one transaction.
    """

    source: str
    format: str
    jurisdiction: str | None
    digest: str
    file_info: list[dict[str, object]]
    published: str | None
    statements: pa.Table
    designations: pa.Table
    report: ParseReport
    by_schema: dict[str, int]
    entities: int
    seconds: float


Hashed = tuple[str, list[dict[str, object]]]
"""content_hash's answer: the set's digest and each file's name, path, SHA-256 and size."""


def prepare(
    files: SourceFiles, progress: Progress | None = None, hashed: Hashed | None = None
) -> Prepared:
    """Hash (unless `hashed` is given) and parse one source's files into tables.

    Touches no database, so it can run in a worker process.
    """
    started = time.perf_counter()
    digest, file_info = hashed or content_hash(files.members)
    published = _published(files)
    report = ParseReport()
    entities = _collect(files, report, progress)
    designations = _designation_table(entities.values(), files.format.jurisdiction)
    by_schema = dict(Counter(e.schema.name for e in entities.values()))
    count = len(entities)
    statements = _statement_table(entities)
    return Prepared(
        files.source,
        files.format.name,
        files.format.jurisdiction,
        digest,
        file_info,
        published,
        statements,
        designations,
        report,
        by_schema,
        count,
        time.perf_counter() - started,
    )


def commit(con: duckdb.DuckDBPyConnection, prepared: Prepared) -> LoadResult:
    """Write a prepared version in one transaction and make it the live one."""
    started = time.perf_counter()
    source = prepared.source
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    con.begin()
    try:
        version_id = int(con.execute("SELECT nextval('version_ids')").fetchone()[0])  # type: ignore[index]
        con.execute(
            "INSERT INTO versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                version_id,
                source,
                prepared.format,
                prepared.jurisdiction,
                prepared.digest,
                orjson.dumps(prepared.file_info).decode(),
                prepared.published,
                loaded_at,
                prepared.entities,
                prepared.statements.num_rows,
                orjson.dumps(prepared.report.summary()).decode(),
            ],
        )
        _insert(con, "statements", prepared.statements, version_id)
        _insert(con, "designations", prepared.designations, version_id)
        _insert(con, "rejected_rows", _rejected_table(prepared.report), version_id)
        con.execute("INSERT OR REPLACE INTO current_versions VALUES (?, ?)", [source, version_id])
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return LoadResult(
        source,
        prepared.format,
        "loaded",
        version_id,
        prepared.published,
        prepared.entities,
        prepared.statements.num_rows,
        prepared.by_schema,
        len(set(prepared.designations.column("entity_id").to_pylist())),
        prepared.report,
        prepared.seconds + time.perf_counter() - started,
    )


def unchanged(
    con: duckdb.DuckDBPyConnection, files: SourceFiles, hashed: Hashed
) -> LoadResult | None:
    """The result of a no-op load when the source's files are byte-identical to the live version."""
    current = current_version(con, files.source)
    if current is None or current[1] != hashed[0]:
        return None
    return LoadResult(files.source, files.format.name, "unchanged", current[0], _published(files))


def load(
    con: duckdb.DuckDBPyConnection, files: SourceFiles, progress: Progress | None = None
) -> LoadResult:
    """Parse one source's files and store them as a new version, or do nothing if unchanged."""
    hashed = content_hash(files.members)
    return unchanged(con, files, hashed) or commit(con, prepare(files, progress, hashed))


def _prepare_in_worker(
    format_name: str, primary: Path, members: tuple[Path, ...], hashed: Hashed
) -> Prepared:
    fmt = get_format(format_name)
    return prepare(SourceFiles(fmt, primary, members), hashed=hashed)


def load_all(
    con: duckdb.DuckDBPyConnection,
    sets: Iterable[SourceFiles],
    workers: int = 2,
    on_result: Callable[[SourceFiles, LoadResult | KleptraceError], None] | None = None,
) -> list[LoadResult | KleptraceError]:
    """Load many sources: parse changed ones on `workers` processes, commit each in turn.

    A source that fails (a ParseError, say) is reported as its error and leaves its
    previous version live; the others still load.
    """
    results: list[LoadResult | KleptraceError] = []

    def done(files: SourceFiles, result: LoadResult | KleptraceError) -> None:
        results.append(result)
        if on_result is not None:
            on_result(files, result)

    pending: list[tuple[SourceFiles, Hashed]] = []
    for files in sets:
        hashed = content_hash(files.members)
        noop = unchanged(con, files, hashed)
        if noop is not None:
            done(files, noop)
        else:
            pending.append((files, hashed))
    pending.sort(key=lambda item: -sum(m.stat().st_size for m in item[0].members))
    if workers <= 1 or len(pending) <= 1:
        for files, hashed in pending:
            try:
                done(files, commit(con, prepare(files, hashed=hashed)))
            except KleptraceError as exc:
                done(files, exc)
        return results
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {
            pool.submit(_prepare_in_worker, f.format.name, f.primary, f.members, hashed): f
            for f, hashed in pending
        }
        for future in as_completed(futures):
            files = futures.pop(future)  # drop the future, so its tables are freed once written
            try:
                done(files, commit(con, future.result()))
            except KleptraceError as exc:
                done(files, exc)
            finally:
                del future
    return results


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table, version_id: int) -> None:
    """Append an Arrow table to a store table, stamping every row with the version."""
    if rows.num_rows == 0:
        return
    rows = rows.add_column(0, "version_id", pa.array([version_id] * rows.num_rows, pa.int32()))
    con.register("new_rows", rows)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM new_rows")
    finally:
        con.unregister("new_rows")


def _rejected_table(report: ParseReport) -> pa.Table:
    return pa.table(
        {
            "file": pa.array([r.file for r in report.rejected], pa.string()),
            "position": pa.array([r.position for r in report.rejected], pa.string()),
            "reason": pa.array([r.reason for r in report.rejected], pa.string()),
            "raw": pa.array([r.raw for r in report.rejected], pa.string()),
        }
    )


def _published(files: SourceFiles) -> str | None:
    try:
        return files.format.published(files.primary)
    except KleptraceError:
        raise
    except Exception as exc:
        raise ParseError(files.primary, f"cannot read the publication date: {exc}") from exc


def _collect(
    files: SourceFiles, report: ParseReport, progress: Progress | None
) -> dict[str, StatementEntity]:
    """Parse every entity into memory, merging fragments that share an id."""
    entities: dict[str, StatementEntity] = {}
    try:
        for entity in files.format.parse(files.primary, report):
            if entity.id is None:
                raise ParseError(
                    files.primary, "entity without an id", position=f"after record {report.records}"
                )
            seen = entities.get(entity.id)
            if seen is None:
                entities[entity.id] = entity
            else:
                try:
                    seen.merge(entity)
                except InvalidData as exc:
                    raise ParseError(
                        files.primary,
                        f"conflicting records for {entity.id}: {exc}",
                        position=f"record {report.records}",
                    ) from exc
            if progress is not None:
                progress(1)
    except KleptraceError:
        raise
    except Exception as exc:
        raise ParseError(
            files.primary, f"{type(exc).__name__}: {exc}", position=f"after record {report.records}"
        ) from exc
    return entities


def _statement_table(entities: dict[str, StatementEntity]) -> pa.Table:
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


def _designation_table(entities: Iterable[StatementEntity], jurisdiction: str | None) -> pa.Table:
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
