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
import shutil
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import numpy.typing as npt
import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import scipy.sparse as sp

from kleptrace.exc import KleptraceError
from kleptrace.screen.forms import NameForm, NameTable, name_forms
from kleptrace.screen.targets import read_targets
from kleptrace.screen.vocabulary import Vocabulary

FORMAT = 4
"""Bumped whenever what is saved, or how names are parsed into it, changes."""
_CHUNK = 5_000
Progress = Callable[[int, int], None]


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
    """

    fingerprint: str
    targets: list[Target]
    names: NameTable
    name_target: npt.NDArray[np.int32]
    vocabulary: Vocabulary
    matrix: sp.csr_matrix
    name_weights: npt.NDArray[np.float32] = field(init=False)

    def __post_init__(self) -> None:
        self.name_weights = np.asarray(self.matrix.T @ self.vocabulary.weights, dtype=np.float32)


def fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """Identify the live list versions, so a saved index is rebuilt when they change."""
    rows = con.execute("SELECT source, version_id FROM current_versions ORDER BY source").fetchall()
    return f"v{FORMAT}:" + ",".join(f"{source}={version}" for source, version in rows)


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


def build(
    con: duckdb.DuckDBPyConnection, workers: int = 1, progress: Progress | None = None
) -> ScreenIndex:
    """Build the index from the live list versions in the store."""
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
    )


def save(index: ScreenIndex, folder: Path) -> None:
    """Write the index to `folder`, replacing what is there only once it is complete."""
    staging = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    pq.write_table(
        pa.Table.from_pylist([t.__dict__ for t in index.targets]), staging / "targets.parquet"
    )
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
    pq.write_table(names, staging / "names.parquet")
    vocabulary = index.vocabulary
    symbols = [sorted(vocabulary.symbols.get(t, ())) for t in vocabulary.tokens]
    vocabulary_table = pa.table(
        {
            "token": vocabulary.tokens,
            "weight": vocabulary.weights,
            "skeleton": vocabulary.skeletons,
            "symbols": symbols,
        }
    )
    pq.write_table(vocabulary_table, staging / "vocabulary.parquet")
    sp.save_npz(staging / "matrix.npz", index.matrix, compressed=False)
    (staging / "meta.json").write_bytes(
        orjson.dumps({"fingerprint": index.fingerprint, "format": FORMAT})
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


def load(folder: Path) -> ScreenIndex:
    """Read an index written by `save`."""
    fingerprint_ = saved_fingerprint(folder)
    if fingerprint_ is None:
        raise KleptraceError(f"{folder}: no saved screening index")
    targets = [_target(row) for row in pq.read_table(folder / "targets.parquet").to_pylist()]
    vocabulary_table = pq.read_table(folder / "vocabulary.parquet")
    tokens = vocabulary_table.column("token").to_pylist()
    symbols = {
        token: frozenset(found)
        for token, found in zip(tokens, vocabulary_table.column("symbols").to_pylist(), strict=True)
        if found
    }
    vocabulary = Vocabulary(
        tokens,
        vocabulary_table.column("weight").to_numpy().astype(np.float32),
        vocabulary_table.column("skeleton").to_pylist(),
        symbols,
    )
    table = pq.read_table(folder / "names.parquet")
    names = NameTable(
        table.column("text").to_pylist(),
        table.column("tokens").to_pylist(),
        table.column("tags").to_pylist(),
        table.column("abjad").to_pylist(),
        symbols,
    )
    return ScreenIndex(
        fingerprint_,
        targets,
        names,
        table.column("target").to_numpy().astype(np.int32),
        vocabulary,
        sp.load_npz(folder / "matrix.npz").tocsr(),
    )
