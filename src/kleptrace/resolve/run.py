"""One resolution run: records -> candidate pairs -> scores -> clusters -> canonical ids.

`resolve_store` reads the live lists and the screening index of a store, clusters
every designated target, and writes `resolve_clusters`; `resolve_records` is the
same without writing, for the evaluation, which can hide identifier kinds from it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import numpy.typing as npt
import pyarrow as pa

from kleptrace.names import LEGAL_FORM_KINDS
from kleptrace.resolve import (
    abbreviations,
    ambiguity,
    brackets,
    glosses,
    judgements,
    records,
    stable_ids,
    tables,
)
from kleptrace.resolve.blocking import candidate_pairs, same_name_pairs
from kleptrace.resolve.cluster import cluster
from kleptrace.resolve.compare import (
    ORGANISATIONS,
    Record,
    address_apart,
    contradiction,
    is_short_name,
    radio_apart,
    score,
)
from kleptrace.resolve.name_scores import name_score, score_names_parallel
from kleptrace.screen import Screener
from kleptrace.screen import index as indexing
from kleptrace.screen.forms import NameForm
from kleptrace.screen.index import ScreenIndex
from kleptrace.store import connect

THRESHOLD = 0.9
"""Lowest pair score that merges two records; chosen on benchmarks/resolve.py."""
NAME_PAIRS = 2
"""Name pairs scored per pair of records, the best covered first, the pair taking the
best score: the best-covered pair is not always the best-matching one (a Russian full
name with its abbreviation in brackets covers an English name's words, and scores
0.78 where the transliteration scores 1.0). Two find 34 more true pairs than one on
benchmarks/resolve.py's store, and 2 fewer false ones; three find none more."""
# Schemata that may be one target: a person never an organisation, a vessel only a
# vessel. LegalEntity (a list that does not say which) may be either.
_KIND = {"Person": 1, "Organization": 2, "Company": 2, "PublicBody": 2, "LegalEntity": 3}
_KIND_VESSEL, _KIND_AIRPLANE = 4, 5


def _kind(schema: str) -> int:
    return _KIND.get(schema, _KIND_VESSEL if schema == "Vessel" else _KIND_AIRPLANE)


def _list_masks(found: list[Record]) -> npt.NDArray[np.int64]:
    """Per record, a bit per published list it is on, in as many 62-bit words as the
    lists need, so pairs on a common list are dropped with one vectorised AND."""
    ids: dict[str, int] = {}
    for record in found:
        for key in sorted(record.on_lists()):
            ids.setdefault(key, len(ids))
    masks = np.zeros((len(found), len(ids) // 62 + 1), dtype=np.int64)
    for position, record in enumerate(found):
        for key in record.on_lists():
            word, bit = divmod(ids[key], 62)
            masks[position, word] |= 1 << bit
    return masks


@dataclass
class Resolution:
    """Clusters of records (positions into `records`) and what the run found."""

    records: list[Record]
    captions: list[str]
    groups: list[list[int]]
    pairs: int
    scores: dict[tuple[int, int], float] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class _Evidence:
    """What the store says of the designated targets besides the screening index."""

    designated: set[str]
    identifiers: Mapping[str, Mapping[str, frozenset[str]]]
    lists: Mapping[str, tuple[str, ...]]
    postcodes: Mapping[str, frozenset[str]]
    vessel_names: Mapping[str, set[str]]
    vessels: Mapping[str, records.VesselFacts]

    @classmethod
    def read(cls, con: duckdb.DuckDBPyConnection) -> _Evidence:
        return cls(
            records.designated(con),
            records.identifiers(con),
            records.list_keys(con),
            records.postcodes(con),
            records.vessel_names(con),
            records.vessel_facts(con),
        )


def _name_keys(index: ScreenIndex) -> dict[int, list[tuple[str, str]]]:
    """Per index target, each of its names as (text, sorted screening tokens), the form in
    which `compare.former_name_only` and `compare.listed_twice` compare them."""
    out: dict[int, list[tuple[str, str]]] = {}
    texts, tokens = index.names.texts, index.names.tokens
    for position, target in enumerate(index.name_target.tolist()):
        key = " ".join(sorted(tokens[position].split()))
        out.setdefault(target, []).append((texts[position], key))
    return out


def legal_form_kinds(index: ScreenIndex) -> dict[int, frozenset[str]]:
    """Per index target, the kinds of legal form (`LEGAL_FORM_KINDS`) of the words its
    names have tagged as legal forms."""
    out: dict[int, set[str]] = {}
    tags, tokens, owners = list(index.names.tags), list(index.names.tokens), index.name_target
    for position in range(len(owners)):
        tagged = tags[position]
        if "legal" not in tagged:
            continue
        for token, tag in zip(tokens[position].split(), tagged.split(), strict=True):
            if tag == "legal" and (kind := LEGAL_FORM_KINDS.get(token)) is not None:
                out.setdefault(int(owners[position]), set()).add(kind)
    return {target: frozenset(kinds) for target, kinds in out.items()}


def short_names(index: ScreenIndex, names: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Per index name in `names`, whether it is a short name: one word of at most
    `SHORT_NAME_LETTERS` letters besides its legal forms ("MMZ JSC", "AO IRZ"); each
    name is read once however many pairs it is in."""
    tags, tokens = index.names.tags, index.names.tokens
    distinct, back = np.unique(names, return_inverse=True)
    out = np.zeros(len(distinct), dtype=bool)
    for position, name in enumerate(distinct.tolist()):
        out[position] = is_short_name(tokens[name].split(), tags[name].split())
    return out[back.reshape(-1)]


def _bracket_forms(
    index: ScreenIndex, owner: npt.NDArray[np.int64], found: list[Record]
) -> dict[int, list[NameForm]]:
    """Per index name of an organisation record (`owner`: the record of each index name,
    or -1) that ends in a bracketed part, its other forms (`brackets.bracket_forms`)."""
    out: dict[int, list[NameForm]] = {}
    texts, symbols = index.names.texts, index.vocabulary.symbols
    for position in np.flatnonzero(owner >= 0).tolist():
        schema, text = found[int(owner[position])].schema, texts[position]
        if schema not in ORGANISATIONS or not text.endswith(")"):
            continue
        if forms := brackets.bracket_forms(text, schema, symbols):
            out[position] = forms
    return out


def _bracket_scores(
    index: ScreenIndex,
    kept: npt.NDArray[np.int64],
    owner: npt.NDArray[np.int64],
    found: list[Record],
    allowed: Callable[[npt.NDArray[np.int64], npt.NDArray[np.int64]], npt.NDArray[np.bool_]],
    best: dict[tuple[int, int], float],
    threshold: float,
) -> None:
    """Raise in `best` the pairs of records that score higher with a bracketed name taken
    without its bracket (`brackets`): the pairs scoring from `brackets.FLOOR` to the
    threshold, and the names with the same words as the name before the bracket."""
    forms = _bracket_forms(index, owner, found)
    names_of: dict[int, list[int]] = {}
    by_words: dict[str, list[int]] = {}
    for position in kept.tolist():
        names_of.setdefault(int(owner[position]), []).append(position)
        by_words.setdefault(brackets.words_key(index.names.tokens[position].split()), []).append(
            position
        )
    extra: dict[int, list[NameForm]] = {}
    for position, found_forms in forms.items():
        extra.setdefault(int(owner[position]), []).extend(found_forms)
    same = np.array(brackets.same_words_pairs(forms, by_words), dtype=np.int64).reshape(-1, 2)
    same = same[allowed(same[:, 0], same[:, 1])] if len(same) else same
    records_a, records_b = owner[same[:, 0]], owner[same[:, 1]]
    pairs = {
        (a, b)
        for (a, b), value in best.items()
        if brackets.FLOOR <= value < threshold and (a in extra or b in extra)
    }
    pairs |= set(
        zip(
            np.minimum(records_a, records_b).tolist(),
            np.maximum(records_a, records_b).tolist(),
            strict=True,
        )
    )
    rescored = brackets.bracketed_scores(
        sorted(pairs),
        extra,
        lambda record: [index.names[n] for n in names_of[record]],
        # Once per pair of forms: half the pairs re-scored here are one pair of names
        # written alike on several lists.
        cache(lambda x, y: name_score(index, x, y)),
    )
    for (a, b), (name, x, y) in rescored.items():
        brief = is_short_name(x.tokens, x.tags) or is_short_name(y.tokens, y.tags)
        best[(a, b)] = max(best.get((a, b), 0.0), score(name, found[a], found[b], brief)[0])


def _glossed_names(
    index: ScreenIndex, positions: list[int], found: list[Record]
) -> list[list[glosses.Gloss]]:
    """Per record (`positions` into the index's targets), its organisation names glossed
    (`glosses.gloss`, legal forms left out); none for people and vessels."""
    record_of = np.full(len(index.targets), -1, dtype=np.int64)
    organisation = np.array([r.schema in ORGANISATIONS for r in found], dtype=bool)
    record_of[np.asarray(positions, dtype=np.int64)[organisation]] = np.flatnonzero(organisation)
    owners = record_of[index.name_target]
    out: list[list[glosses.Gloss]] = [[] for _ in positions]
    tags, tokens = list(index.names.tags), list(index.names.tokens)
    for position in np.flatnonzero(owners >= 0).tolist():
        words = zip(tokens[position].split(), tags[position].split(), strict=True)
        out[int(owners[position])].append(glosses.gloss([t for t, tag in words if tag != "legal"]))
    return out


def _records(
    index: ScreenIndex, evidence: _Evidence, hidden: Collection[str]
) -> tuple[list[int], list[Record], list[str]]:
    """Index positions, records and captions of the designated targets, with their
    postcodes, kinds of legal form and (vessels) current and other names and facts; identifier
    kinds in `hidden`, and every value equal to one of them, are left out."""
    identifiers = evidence.identifiers
    hidden_values = {
        value
        for kinds in identifiers.values()
        for kind, values in kinds.items()
        if kind in hidden
        for value in values
    }
    targets = list(index.targets)
    name_keys = _name_keys(index)
    legal_forms = legal_form_kinds(index)
    positions, found, captions = [], [], []
    for position, target in enumerate(targets):
        if target.entity_id not in evidence.designated:
            continue
        current = evidence.vessel_names.get(target.entity_id, set())
        keys = name_keys.get(position, [])
        names = frozenset(key for text, key in keys if text in current)
        kinds = {
            kind: kept
            for kind, values in identifiers.get(target.entity_id, {}).items()
            if kind not in hidden and (kept := values - hidden_values)
        }
        positions.append(position)
        captions.append(target.caption)
        found.append(
            Record(
                target.entity_id,
                target.schema,
                target.sources,
                () if set(target.sources) <= records.UNRELIABLE_DATES else target.dates,
                target.countries,
                target.gender,
                kinds,
                evidence.lists.get(target.entity_id, ()),
                evidence.postcodes.get(target.entity_id, frozenset()),
                legal_forms.get(position, frozenset()),
                names,
                frozenset(key for _, key in keys) - names if names else frozenset(),
                evidence.vessels.get(target.entity_id, records.VesselFacts()),
                frozenset(key for _, key in keys),
            )
        )
    return positions, found, captions


def resolve_records(
    con: duckdb.DuckDBPyConnection,
    index: ScreenIndex,
    hidden: Collection[str] = (),
    threshold: float = THRESHOLD,
    folder: Path | None = None,
    workers: int = 1,
) -> Resolution:
    """Cluster the designated targets of the live lists (read from `con` and `index`).

    `folder` is where `index` is saved, from which `workers` processes score names.
    """
    clock = time.perf_counter()
    seconds: dict[str, float] = {}

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[step] = round(now - clock, 2)
        clock = now

    links = records.links(con)
    verdicts = judgements.latest(con)
    positions, found, captions = _records(index, _Evidence.read(con), hidden)
    lap("read")
    record_of = np.full(len(index.targets), -1, dtype=np.int64)
    record_of[positions] = np.arange(len(positions))
    owner = record_of[index.name_target]
    lists = _list_masks(found)
    kinds = np.array([_kind(r.schema) for r in found], dtype=np.int64)

    def allowed(a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        ra, rb = owner[a], owner[b]
        ka, kb = kinds[ra], kinds[rb]
        compatible = (ka == kb) | ((np.minimum(ka, kb) <= 2) & (np.maximum(ka, kb) == 3))
        apart = ((lists[ra] & lists[rb]) == 0).all(axis=1)
        return np.asarray((ra != rb) & apart & compatible, dtype=bool)

    kept = np.flatnonzero(owner >= 0)
    names_a, names_b, shares = candidate_pairs(index, kept, allowed)
    same_a, same_b = same_name_pairs(index, kept, allowed)
    known = set(zip(names_a.tolist(), names_b.tolist(), strict=True))
    unseen = [pair not in known for pair in zip(same_a.tolist(), same_b.tolist(), strict=True)]
    extra = np.array(unseen, dtype=bool)
    names_a = np.concatenate([names_a, same_a[extra]])
    names_b = np.concatenate([names_b, same_b[extra]])
    shares = np.concatenate([shares, np.ones(int(extra.sum()), np.float32)])
    lap("blocking")
    record_a, record_b = owner[names_a], owner[names_b]
    low, high = np.minimum(record_a, record_b), np.maximum(record_a, record_b)
    order = np.lexsort((-shares, high, low))  # per pair of records, its best-covered names first
    first = np.ones(len(order), dtype=bool)
    first[1:] = (low[order][1:] != low[order][:-1]) | (high[order][1:] != high[order][:-1])
    starts = np.flatnonzero(first)
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.append(starts, len(order))))
    chosen = order[rank < NAME_PAIRS]
    names = score_names_parallel(index, folder, names_a[chosen], names_b[chosen], workers)
    short = short_names(index, names_a[chosen]) | short_names(index, names_b[chosen])
    best: dict[tuple[int, int], float] = {}
    by_short_name: dict[tuple[int, int], float] = {}  # pairs whose best score is a short name's
    for a, b, name, brief in zip(
        low[chosen].tolist(), high[chosen].tolist(), names.tolist(), short.tolist(), strict=True
    ):
        value = score(float(name), found[a], found[b], brief)[0]
        if value > best.get((a, b), -1.0):
            best[(a, b)] = value
            if brief:
                by_short_name[(a, b)] = value
            else:
                by_short_name.pop((a, b), None)
    _bracket_scores(index, kept, owner, found, allowed, best, threshold)
    glossed = glosses.glossed_pairs(
        _glossed_names(index, positions, found),
        lambda a, b: not found[a].on_lists() & found[b].on_lists(),
    )
    for a, b in glossed:
        translated = score(glosses.GLOSS_SCORE, found[a], found[b])[0]
        best[(a, b)] = max(best.get((a, b), 0.0), translated)
    linked_ids = {entity_id for link in links for entity_id in link}
    short_name_only = abbreviations.short_name_only_pairs(
        (
            pair
            for pair, value in by_short_name.items()
            if value >= threshold and best[pair] == value
        ),
        found,
        linked_ids,
        # A record is in many such pairs: its names are found once.
        cache(lambda record: [index.names[n] for n in np.flatnonzero(owner == record).tolist()]),
        lambda x, y: name_score(index, x, y),
    )
    for pair in ambiguity.ambiguous_pairs(best, found, linked_ids, threshold):
        best[pair] = max(0.0, best[pair] - ambiguity.AMBIGUOUS_NAME)
    for pair in short_name_only:
        best[pair] = max(0.0, best[pair] - abbreviations.SHORT_NAME_ONLY)
    lap("scoring")
    position_of = {r.entity_id: i for i, r in enumerate(found)}
    apart = {
        frozenset((position_of[a], position_of[b]))
        for (a, b), verdict in verdicts.items()
        if verdict == "different" and a in position_of and b in position_of
    }
    same = [
        (position_of[a], position_of[b])
        for (a, b), verdict in verdicts.items()
        if verdict == "same" and a in position_of and b in position_of
    ]
    linked = {
        frozenset((position_of[a], position_of[b]))
        for a, b in (tuple(link) for link in links)
        if a in position_of and b in position_of
    }

    def conflict(a: int, b: int) -> bool:
        pair = frozenset((a, b))
        direct = best.get((min(a, b), max(a, b)))
        return (
            pair in apart
            or pair in linked
            or contradiction(found[a], found[b]) is not None
            or radio_apart(found[a], found[b], direct, threshold)
            or address_apart(found[a], found[b], direct)
        )

    pairs = [(a, b, value) for (a, b), value in best.items()]
    groups = cluster(len(found), pairs, threshold, conflict, same)
    lap("clustering")
    return Resolution(found, captions, groups, len(best), best, seconds)


def resolve_store(db_path: Path, workers: int = 1) -> dict[str, Any]:
    """Resolve the live lists of the store at `db_path` and write `resolve_clusters`."""
    started = time.perf_counter()
    index = Screener.open(db_path, workers=workers).index
    con = connect(db_path)
    try:
        result = resolve_records(con, index, folder=indexing.index_dir(db_path), workers=workers)
        previous = tables.previous_ids(con)
        members = [[result.records[i].entity_id for i in group] for group in result.groups]
        ids = stable_ids.assign(members, previous)
        run_at = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
        columns: dict[str, list[Any]] = {
            k: [] for k in ("cluster_id", "entity_id", "source", "schema", "caption")
        }
        for cluster_id, group in zip(ids, result.groups, strict=True):
            for i in group:
                record = result.records[i]
                for source in record.sources:
                    columns["cluster_id"].append(cluster_id)
                    columns["entity_id"].append(record.entity_id)
                    columns["source"].append(source)
                    columns["schema"].append(record.schema)
                    columns["caption"].append(result.captions[i])
        table = pa.table(
            {
                **{k: pa.array(v, pa.string()) for k, v in columns.items()},
                "run_at": pa.array([run_at] * len(columns["cluster_id"]), pa.timestamp("us")),
            }
        )
        multi = [
            g for g in result.groups if len({s for i in g for s in result.records[i].sources}) > 1
        ]
        earlier = set(previous.values())
        kept = sum(1 for cluster_id in ids if cluster_id in earlier)
        summary = {
            "records": len(result.records),
            "clusters": len(result.groups),
            "multi_list_clusters": len(multi),
            "records_in_multi_list_clusters": sum(len(g) for g in multi),
            "candidate_pairs": result.pairs,
            "ids_kept_from_last_run": kept,
            "judgements": len(judgements.latest(con)),
            "steps_seconds": result.seconds,
            "seconds": round(time.perf_counter() - started, 2),
        }
        tables.write(con, table, summary, run_at)
        return summary
    finally:
        con.close()
