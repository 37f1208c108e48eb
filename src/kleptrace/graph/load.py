"""`kleptrace graph-load`: which files make which graph import, and running each one.

A path given names a dataset (the file's or folder's name, unless `--dataset` says);
within it, the files of each format make one import, hashed so unchanged bytes are a
no-op. A file named explicitly must be of a known format; files in a folder that no
format recognises are skipped and reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from kleptrace.exc import FormatNotRecognised, KleptraceError, ParseError
from kleptrace.graph import write
from kleptrace.graph.importers import detect, get_format, is_companion, lists
from kleptrace.graph.importers.base import GraphFormat
from kleptrace.graph.importers.rows import GraphRows
from kleptrace.store.plan import content_hash


@dataclass(frozen=True)
class GraphImport:
    """The files of one format that make one version of one dataset."""

    format: GraphFormat
    dataset: str
    files: tuple[Path, ...]


def plan_imports(
    paths: list[Path], format_name: str | None = None, dataset: str | None = None
) -> tuple[list[GraphImport], list[Path]]:
    """Group paths into imports; return them with the files no format recognises."""
    groups: dict[tuple[str, str], list[Path]] = {}
    formats: dict[str, GraphFormat] = {}
    skipped: list[Path] = []
    companions: list[Path] = []
    for given in paths:
        if not given.exists():
            raise KleptraceError(f"{given}: no such file or directory")
        files = (
            sorted(p for p in given.rglob("*") if p.is_file() and not p.name.startswith("."))
            if given.is_dir()
            else [given]
        )
        for path in files:
            fmt = get_format(format_name) if format_name else detect(path)
            if fmt is None:
                if given.is_dir() and is_companion(path):
                    companions.append(path)  # read with its primary file, if there is one
                    continue
                if not given.is_dir():
                    raise FormatNotRecognised(f"{path}: not a supported ownership format")
                skipped.append(path)
                continue
            name = dataset or f"{fmt.name}:{given.stem if given.is_file() else given.name}"
            formats[fmt.name] = fmt
            members = groups.setdefault((fmt.name, name), [])
            members.extend(m for m in fmt.members(path) if m not in members)
    imports = [GraphImport(formats[f], name, tuple(files)) for (f, name), files in groups.items()]
    claimed = {m for files in groups.values() for m in files}
    return imports, skipped + [p for p in companions if p not in claimed]


def run_import(con: duckdb.DuckDBPyConnection, planned: GraphImport) -> write.GraphVersion:
    """Read an import's files and store them as the dataset's live version (or do nothing
    when the bytes are unchanged). A file that cannot be read fails with its name and
    position, before anything is written."""
    digest, files = content_hash(planned.files)
    same = write.unchanged(con, planned.dataset, planned.format.name, digest)
    if same is not None:
        return same
    rows = GraphRows(planned.dataset)
    try:
        planned.format.read(list(planned.files), rows)
    except KleptraceError:
        raise
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ParseError(
            planned.files[0], f"{type(exc).__name__}: {exc}", f"after record {rows.records}"
        ) from exc
    return write.commit(con, rows, planned.format.name, digest, files)


def run_lists_import(con: duckdb.DuckDBPyConnection) -> write.GraphVersion:
    """Import the relationships the loaded lists state (graph.importers.lists) as the
    `lists` dataset; a no-op while the list versions it read are unchanged."""
    write.ensure_tables(con)
    versions = lists.read_versions(con)
    if not versions:
        raise KleptraceError("no lists loaded yet; run `kleptrace load` first")
    digest = lists.digest(versions)
    same = write.unchanged(con, lists.DATASET, lists.FORMAT, digest)
    if same is not None:
        return same
    rows = GraphRows(lists.DATASET)
    lists.read(con, rows)
    files: list[dict[str, object]] = [
        {"source": source, "version_id": version, "sha256": sha}
        for version, source, sha in versions
    ]
    return write.commit(con, rows, lists.FORMAT, digest, files)
