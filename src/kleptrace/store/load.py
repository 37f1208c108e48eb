"""Load list files into the store: one source's files make one version, in one transaction.

The whole source is parsed in memory before anything is written, so a malformed or
truncated file fails with the file and record position and leaves the store as it was.
Reloading files whose bytes are unchanged is a no-op.
"""

from __future__ import annotations

import multiprocessing
import os
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

from kleptrace.exc import KleptraceError, ParseError
from kleptrace.sources import get_format
from kleptrace.sources.report import ParseReport
from kleptrace.store.db import insert_versioned
from kleptrace.store.live import is_live, make_live
from kleptrace.store.plan import Hashed, SourceFiles, content_hash
from kleptrace.store.tables import designation_table, rejected_table, statement_table
from kleptrace.workers import die_with_parent

Progress = Callable[[int], None]


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
    live: bool = True
    """False when another version of the same list has a newer publication date (store.live)."""


def latest_version(con: duckdb.DuckDBPyConnection, source: str) -> tuple[int, str] | None:
    """The source's most recently loaded version (live or not) and its content hash."""
    row = con.execute(
        "SELECT version_id, content_hash FROM versions WHERE source = ? "
        "ORDER BY version_id DESC LIMIT 1",
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
    list_key: str
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
    designations = designation_table(entities.values(), files.format.jurisdiction)
    by_schema = dict(Counter(e.schema.name for e in entities.values()))
    count = len(entities)
    statements = statement_table(entities)
    return Prepared(
        files.source,
        files.list_key,
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
    """Write a prepared version in one transaction; it becomes live unless another
    version of the same list states a newer publication date (store.live)."""
    started = time.perf_counter()
    source = prepared.source
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    con.begin()
    try:
        version_id = int(con.execute("SELECT nextval('version_ids')").fetchone()[0])  # type: ignore[index]
        con.execute(
            "INSERT INTO versions (version_id, source, format, jurisdiction, content_hash, files, "
            "published, loaded_at, entities, statements, report, list_key) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                prepared.list_key,
            ],
        )
        insert_versioned(con, "statements", prepared.statements, version_id)
        insert_versioned(con, "designations", prepared.designations, version_id)
        insert_versioned(con, "rejected_rows", rejected_table(prepared.report), version_id)
        make_live(con, prepared.list_key)
        live = is_live(con, version_id)
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
        live,
    )


def unchanged(
    con: duckdb.DuckDBPyConnection, files: SourceFiles, hashed: Hashed
) -> LoadResult | None:
    """The result of a no-op load when the source's files are byte-identical to its last version."""
    current = latest_version(con, files.source)
    if current is None or current[1] != hashed[0]:
        return None
    result = LoadResult(files.source, files.format.name, "unchanged", current[0], _published(files))
    result.live = is_live(con, current[0])
    return result


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
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=die_with_parent,  # a killed load leaves no parse workers behind
        initargs=(os.getpid(),),
    ) as pool:
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
