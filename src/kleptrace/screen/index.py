"""The candidate index: every list name as weighted words, built once per list version.

Building parses every name of every live target (about 166,000 on the real
lists), which takes seconds; so the result is saved beside the store, keyed
by the live version ids, and the next process loads it instead. The index is
a sparse word-by-name matrix: a query becomes a sparse vector of weighted list
words (see `Vocabulary.expand`) and one sparse product scores every name that
shares a word with it, without scanning the rest.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

import numpy as np
import numpy.typing as npt
import orjson
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from kleptrace.exc import KleptraceError
from kleptrace.screen.forms import NameForm, NameTable, name_forms
from kleptrace.screen.query import QUERY_SCHEMATA
from kleptrace.screen.vocabulary import KeyIndex, Vocabulary

if TYPE_CHECKING:
    import duckdb

FORMAT = 15
"""Bumped whenever what is saved, or how names are parsed into it, changes."""
_CHUNK = 5_000
Progress = Callable[[int, int], None]
T = TypeVar("T")


@dataclass(frozen=True)
class Target:
    """What the scorer knows of one listed target besides its names."""

    entity_id: str
    schema: str
    caption: str
    sources: tuple[str, ...]
    regimes: tuple[str, ...]
    dates: tuple[str, ...]
    countries: tuple[str, ...]
    identifiers: tuple[str, ...]
    gender: str | None


class LazyColumn(Sequence[T], Generic[T]):
    """A saved column read one value at a time, on first use.

    A loaded index holds 166,000 names and 71,000 targets; turning every one into
    Python objects costs seconds in each process, while a query reads a few dozen.
    """

    def __init__(self, array: pa.Array, make: Callable[[Any], T] | None = None) -> None:
        self._array = array
        self._make = make
        self._cache: dict[int, T] = {}

    def __len__(self) -> int:
        return len(self._array)

    @overload
    def __getitem__(self, position: int) -> T: ...

    @overload
    def __getitem__(self, position: slice) -> list[T]: ...

    def __getitem__(self, position: int | slice) -> T | list[T]:
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        if position < 0:
            position += len(self)
        found = self._cache.get(position)
        if found is None:
            value = self._array[position].as_py()  # IndexError past the end
            found = value if self._make is None else self._make(value)
            self._cache[position] = found
        return found

    def __iter__(self) -> Iterator[T]:
        values = self._array.to_pylist()
        return iter(values if self._make is None else map(self._make, values))

    def field(self, name: str) -> list[Any]:
        """One field of every row of a column of structs, without reading the rest."""
        return list(self._array.field(name).to_pylist())

    def fetch(self, positions: Iterable[int]) -> None:
        """Read the values at `positions` not read yet, in one Arrow `take`: a block of
        queries reads a thousand or more rows, and one scalar at a time that was a third of
        its screening time."""
        missing = [p for p in dict.fromkeys(positions) if p not in self._cache]
        if not missing:
            return
        values = self._array.take(pa.array(missing, type=pa.int64())).to_pylist()
        made = values if self._make is None else [self._make(v) for v in values]
        self._cache.update(zip(missing, made, strict=True))


@dataclass
class ScreenIndex:
    """Targets, their parsed names, the vocabulary and the word-by-name matrix.

    Attributes:
        fingerprint: The live version ids the index was built from.
        targets: One per listed target.
        names: Every name and alias, parsed on first use.
        name_target: For each name, the position of its target in `targets`.
        vocabulary: The words of all names with their weights.
        matrix: CSR matrix, vocabulary word x name, 1 where the name has the word.
        name_weights: For each name, the summed weight of its distinct words.
        schema_matches: For each query schema, the listed schemata it can match
            (followthemoney's `can_match`, worked out once at build time so that
            screening never imports followthemoney).
    """

    fingerprint: str
    targets: Sequence[Target]
    names: NameTable
    name_target: npt.NDArray[np.int32]
    vocabulary: Vocabulary
    matrix: sp.csr_matrix
    schema_matches: dict[str, frozenset[str]]
    name_weights: npt.NDArray[np.float32] = field(init=False)

    def __post_init__(self) -> None:
        self.name_weights = np.asarray(self.matrix.T @ self.vocabulary.weights, dtype=np.float32)

    def read_all(self) -> list[Target]:
        """Read every target and every column of every name now and for good, as plain
        lists: what `kleptrace media` looks at page after page (its name automaton reads
        every name), and a list index costs a tenth of a lazy column's look-up."""
        names = self.names
        names.texts, names.tokens = list(names.texts), list(names.tokens)
        names.tags, names.abjad = list(names.tags), list(names.abjad)
        targets = list(self.targets)
        self.targets = targets
        return targets

    def entity_ids(self) -> list[str]:
        """Every target's entity id, in order: read in bulk from a loaded index rather than
        target by target (166,000 names took 3 s to map to their targets that way)."""
        if isinstance(self.targets, LazyColumn):
            return [str(i) for i in self.targets.field("entity_id")]
        return [t.entity_id for t in self.targets]

    def schemata(self) -> list[str]:
        """Every target's schema, in order, read in bulk (see `entity_ids`)."""
        if isinstance(self.targets, LazyColumn):
            return self.targets.field("schema")
        return [t.schema for t in self.targets]

    def fetch(self, positions: list[int]) -> None:
        """Read the names at `positions` and their targets from a loaded index in bulk,
        before they are looked at one by one (an index built in memory has them all)."""
        names = self.names
        for column in (names.texts, names.tokens, names.tags, names.abjad):
            if isinstance(column, LazyColumn):
                column.fetch(positions)
        if isinstance(self.targets, LazyColumn):
            self.targets.fetch(self.name_target[positions].tolist())


def fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """Identify the live list versions, so a saved index is rebuilt when they change."""
    rows = con.execute("SELECT source, version_id FROM current_versions ORDER BY source").fetchall()
    return f"v{FORMAT}:" + ",".join(f"{source}={version}" for source, version in rows)


StoreStamp = list[list[int] | None]
_SETTLED_NS = 2_000_000_000


def store_stamp(db_path: Path) -> StoreStamp | None:
    """The store file's and its write-ahead log's identity, size and modification time,
    or None while either was written in the last two seconds.

    DuckDB writes every load to one or the other, so while the stamp is unchanged so are
    the list versions, and a saved index can be trusted without opening the store: a
    cold `kleptrace screen` then never imports DuckDB. Take it before reading the store,
    so a load landing meanwhile is caught the next time; a file system that keeps
    modification times to the second could hide a write in the same second as the
    stamp, hence no stamp of a file that has just been written."""
    stamp: StoreStamp = []
    now = time.time_ns()
    for path in (db_path, db_path.with_name(db_path.name + ".wal")):
        try:
            status = path.stat()
        except FileNotFoundError:
            stamp.append(None)
            continue
        if now - status.st_mtime_ns < _SETTLED_NS:
            return None
        stamp.append([status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns])
    return stamp


def unchanged_since_saved(folder: Path, db_path: Path) -> bool:
    """Whether the index saved in `folder` is of this code's format and the store has not
    been written since it was stamped (see `store_stamp`)."""
    try:
        meta = orjson.loads((folder / "meta.json").read_bytes())
    except (OSError, ValueError):
        return False
    current = store_stamp(db_path)
    return (
        current is not None
        and isinstance(meta, dict)
        and meta.get("format") == FORMAT
        and meta.get("store") == current
    )


def stamp_saved(folder: Path, stamp: StoreStamp | None) -> None:
    """Record `stamp` in the saved index's meta.json, replacing the file whole so a
    process reading it meanwhile sees the old or the new one; an index folder that
    cannot be written (a read-only deployment) just keeps checking the store."""
    meta_path = folder / "meta.json"
    staging = folder / f"meta.json.{os.getpid()}.tmp"
    try:
        meta = orjson.loads(meta_path.read_bytes())
        staging.write_bytes(orjson.dumps({**meta, "store": stamp}))
        os.replace(staging, meta_path)
    except (OSError, ValueError):
        staging.unlink(missing_ok=True)


def index_dir(db_path: Path) -> Path:
    """Where the index of the store at `db_path` is saved: a folder beside it."""
    return db_path.with_name(db_path.stem + ".screen")


def _parse_chunk(chunk: list[tuple[str, str]]) -> list[list[NameForm]]:
    return [name_forms(text, schema) for text, schema in chunk]


def _parse_names(
    pairs: list[tuple[str, str]], workers: int, progress: Progress | None
) -> list[list[NameForm]]:
    """Per name, its form and one per other reading (see `name_forms`)."""
    chunks = [pairs[i : i + _CHUNK] for i in range(0, len(pairs), _CHUNK)]
    results: list[list[NameForm]] = []

    def collect(parsed: Iterator[list[list[NameForm]]]) -> None:
        for forms in parsed:
            results.extend(forms)
            if progress is not None:
                progress(len(results), len(pairs))

    if workers <= 1 or len(chunks) <= 1:
        collect(map(_parse_chunk, chunks))
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            collect(pool.map(_parse_chunk, chunks))
    return results


def _targets(table: pa.Table) -> list[Target]:
    out = []
    for row in table.to_pylist():
        names = row["names"] or row["aliases"]
        out.append(
            Target(
                entity_id=row["entity_id"],
                schema=row["schema"],
                caption=min(names, key=lambda n: (not n.isascii(), len(n), n)),
                sources=tuple(row["sources"]),
                regimes=tuple(row["regimes"]),
                dates=tuple(sorted(row["dates"])),
                countries=tuple(sorted(row["countries"])),
                identifiers=tuple(sorted(row["identifiers"])),
                gender=row["gender"],
            )
        )
    return out


def _target(row: dict[str, Any]) -> Target:
    return Target(
        entity_id=row["entity_id"],
        schema=row["schema"],
        caption=row["caption"],
        sources=tuple(row["sources"]),
        regimes=tuple(row["regimes"]),
        dates=tuple(row["dates"]),
        countries=tuple(row["countries"]),
        identifiers=tuple(row["identifiers"]),
        gender=row["gender"],
    )


def _matrix(names: Sequence[NameForm], vocabulary: Vocabulary) -> sp.csr_matrix:
    rows: list[int] = []
    cols: list[int] = []
    for position, form in enumerate(names):
        for token in set(form.tokens):
            rows.append(vocabulary.ids[token])
            cols.append(position)
    data = np.ones(len(rows), dtype=np.float32)
    shape = (len(vocabulary.tokens), len(names))
    return sp.csr_matrix((data, (rows, cols)), shape=shape, dtype=np.float32)


def _schema_matches(target_schemata: set[str]) -> dict[str, frozenset[str]]:
    from followthemoney import model

    return {
        query: frozenset(t for t in target_schemata if model[query].can_match(model[t]))
        for query in QUERY_SCHEMATA
    }


def build(
    con: duckdb.DuckDBPyConnection, workers: int = 1, progress: Progress | None = None
) -> ScreenIndex:
    """Build the index from the live list versions in the store (`progress` is told
    (0, 0) before the targets are read, then names parsed out of the total)."""
    from kleptrace.screen.targets import read_targets  # followthemoney: build time only

    if progress is not None:
        progress(0, 0)
    table = read_targets(con)
    if table.num_rows == 0:
        raise KleptraceError("the store has no listed targets to screen; run `kleptrace load`")
    texts = [
        list(dict.fromkeys(row["names"] + row["aliases"]))
        for row in table.select(["names", "aliases"]).to_pylist()
    ]
    return assemble(fingerprint(con), _targets(table), texts, workers, progress)


def assemble(
    fingerprint_: str,
    targets: list[Target],
    texts: list[list[str]],
    workers: int = 1,
    progress: Progress | None = None,
) -> ScreenIndex:
    """Parse and index the names of each target (`texts[i]` are those of `targets[i]`);
    `build` does this for the store, a test for a handful of real list names."""
    pairs: list[tuple[str, str]] = []
    owners: list[int] = []
    for position, (target, names_of) in enumerate(zip(targets, texts, strict=True)):
        for text in names_of:
            pairs.append((text, target.schema))
            owners.append(position)
    parsed = _parse_names(pairs, workers, progress)
    kept = [
        (form, owner)
        for forms, owner in zip(parsed, owners, strict=True)
        for form in forms
        if form.tokens
    ]
    names = [form for form, _ in kept]
    name_target = np.array([owner for _, owner in kept], dtype=np.int32)
    words: list[set[str]] = [set() for _ in targets]
    symbols: dict[str, frozenset[str]] = {}
    for form, owner in zip(names, name_target, strict=True):
        words[owner].update(form.tokens)
        for token, found in zip(form.tokens, form.symbols, strict=True):
            if found:
                symbols[token] = symbols.get(token, frozenset()) | found
    vocabulary = Vocabulary.from_documents(words, symbols)
    return ScreenIndex(
        fingerprint_,
        targets,
        NameTable.of(names, symbols),
        name_target,
        vocabulary,
        _matrix(names, vocabulary),
        _schema_matches({t.schema for t in targets}),
    )


def _write(table: pa.Table, path: Path) -> None:
    """Save a table as one uncompressed Arrow record batch, which `_read` maps without copying."""
    batch = table.combine_chunks().to_batches()
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        for part in batch:
            writer.write_batch(part)


def _read(path: Path) -> pa.Table:
    # The table's buffers point into the map and keep it open as long as they live.
    return pa.ipc.open_file(pa.memory_map(str(path))).read_all().combine_chunks()


def save(index: ScreenIndex, folder: Path, stamp: StoreStamp | None = None) -> None:
    """Write the index to `folder`, replacing what is there only once it is complete;
    `stamp` is the store's `store_stamp`, taken before the index was built from it."""
    staging = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    _write(pa.Table.from_pylist([t.__dict__ for t in index.targets]), staging / "targets.arrow")
    table = index.names
    names = pa.table(
        {
            "text": table.texts,
            "tokens": table.tokens,
            "tags": table.tags,
            "abjad": table.abjad,
            "target": index.name_target,
        }
    )
    _write(names, staging / "names.arrow")
    vocabulary = index.vocabulary
    symbols = [sorted(vocabulary.symbols.get(t, ())) for t in vocabulary.tokens]
    vocabulary_table = pa.table(
        {"token": vocabulary.tokens, "weight": vocabulary.weights, "symbols": symbols}
    )
    _write(vocabulary_table, staging / "vocabulary.arrow")
    for name, keys in (("deletion", vocabulary.by_deletion), ("skeleton", vocabulary.by_skeleton)):
        np.save(staging / f"{name}_hashes.npy", keys.hashes)
        np.save(staging / f"{name}_words.npy", keys.words)
    sp.save_npz(staging / "matrix.npz", index.matrix, compressed=False)
    schema_matches = {q: sorted(found) for q, found in index.schema_matches.items()}
    (staging / "meta.json").write_bytes(
        orjson.dumps(
            {
                "fingerprint": index.fingerprint,
                "format": FORMAT,
                "schema_matches": schema_matches,
                "store": stamp,
            }
        )
    )
    if folder.exists():
        shutil.rmtree(folder)
    staging.rename(folder)


def saved_fingerprint(folder: Path) -> str | None:
    """The fingerprint of the index saved in `folder`, or None if there is none readable."""
    try:
        return str(orjson.loads((folder / "meta.json").read_bytes())["fingerprint"])
    except (OSError, ValueError, KeyError):
        return None


class UnreadableIndex(KleptraceError):
    """A saved index with a file missing or damaged; `Screener.open` builds it again."""


def _keys(folder: Path, name: str) -> KeyIndex:
    """The memory-mapped key arrays, seen as plain arrays: every slice of a `np.memmap`
    runs its Python `__array_finalize__`, 4% of a screening worker's time."""
    return KeyIndex(
        np.load(folder / f"{name}_hashes.npy", mmap_mode="r").view(np.ndarray),
        np.load(folder / f"{name}_words.npy", mmap_mode="r").view(np.ndarray),
    )


def load(folder: Path) -> ScreenIndex:
    """Read an index written by `save`: arrays memory-mapped, rows read on first use."""
    try:
        return _load(folder)
    except (OSError, ValueError, KeyError, IndexError, pa.ArrowException) as exc:
        raise UnreadableIndex(f"{folder}: saved screening index unreadable: {exc}") from exc


def _load(folder: Path) -> ScreenIndex:
    fingerprint_ = saved_fingerprint(folder)
    if fingerprint_ is None:
        raise UnreadableIndex(f"{folder}: no saved screening index")
    meta = orjson.loads((folder / "meta.json").read_bytes())
    targets = _read(folder / "targets.arrow")
    vocabulary_table = _read(folder / "vocabulary.arrow")
    tokens = vocabulary_table.column("token").to_pylist()
    symbols_column = vocabulary_table.column("symbols")
    with_symbols = np.flatnonzero(
        pc.list_value_length(symbols_column).to_numpy(zero_copy_only=False) > 0
    )
    listed = symbols_column.take(pa.array(with_symbols)).to_pylist()
    symbols = {tokens[i]: frozenset(found) for i, found in zip(with_symbols, listed, strict=True)}
    vocabulary = Vocabulary(
        tokens,
        vocabulary_table.column("weight").to_numpy().astype(np.float32),
        symbols,
        _keys(folder, "deletion"),
        _keys(folder, "skeleton"),
    )
    table = _read(folder / "names.arrow")
    names = NameTable(
        LazyColumn(table.column("text").chunk(0)),
        LazyColumn(table.column("tokens").chunk(0)),
        LazyColumn(table.column("tags").chunk(0)),
        LazyColumn(table.column("abjad").chunk(0)),
        symbols,
    )
    return ScreenIndex(
        fingerprint_,
        LazyColumn(
            pa.StructArray.from_arrays([c.chunk(0) for c in targets.columns], targets.column_names),
            _target,
        ),
        names,
        table.column("target").to_numpy().astype(np.int32),
        vocabulary,
        sp.load_npz(folder / "matrix.npz").tocsr(),
        {q: frozenset(found) for q, found in meta["schema_matches"].items()},
    )
