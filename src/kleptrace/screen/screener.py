"""Screen queries against every loaded list: candidates, scores, explanations.

`Screener` is the Python API behind `kleptrace screen`, `screen-file` and the
HTTP API. It opens the saved index of the store (building it first when the
lists changed), then for each query: parses its names, finds candidate list
names with one sparse product, keeps targets whose schema can be the query's,
scores each by its best-matching name and the other evidence, and returns the
matches at or above the threshold with the reasons for each score.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from kleptrace.screen import index as indexing
from kleptrace.screen.candidates import candidate_names
from kleptrace.screen.commonness import CommonNames
from kleptrace.screen.config import SCORING, ScoringConfig
from kleptrace.screen.evidence import (
    compare_countries,
    compare_dates,
    compare_gender,
    compare_identifiers,
    lowest_name_score,
    supports,
)
from kleptrace.screen.forms import NameForm, name_forms
from kleptrace.screen.index import ScreenIndex, Target
from kleptrace.screen.query import Query
from kleptrace.screen.result import Alignment, Feature, Match
from kleptrace.screen.similarity import NameComparison, compare_names

DEFAULT_THRESHOLD = SCORING.default_threshold
"""Chosen from the evaluation in benchmarks/evaluate.py; see README "Screening accuracy"."""
DEFAULT_LIMIT = 10
_WORDS_KEPT = 200_000
_COMPARISONS_KEPT = 50_000
"""Pairs of names remembered (a few hundred bytes each) before the memo starts over."""


def _lowest(query: Query, threshold: float) -> float:
    return lowest_name_score(
        threshold, bool(query.birth_dates), bool(query.countries), bool(query.identifiers)
    )


def _person_and_company(
    query_schema: str, query_name: NameForm, target_schema: str, target_name: NameForm
) -> bool:
    """A name with a legal form ("& Co. LLC") names a company, never a person."""
    return (target_schema == "Person" and "legal" in query_name.tags) or (
        query_schema == "Person" and "legal" in target_name.tags
    )


def _comparison_key(form: NameForm) -> tuple[object, ...]:
    """All of a name that `compare_names` reads (not its text as written): the same name
    on several lists ("PUTIN, Vladimir" and "Vladimir PUTIN") is scored once, and a pair
    of names once per process."""
    return (form.tokens, form.tags, form.symbols, form.abjad, form.syllabic)


@dataclass(frozen=True)
class _Scored:
    target: Target
    query_name: NameForm
    target_name: NameForm
    names: NameComparison


class Screener:
    """Screens names against the live lists of one store.

    Open it with `Screener.open(db_path)`; the index is loaded from beside the
    store, or built and saved when the lists have changed since.
    """

    def __init__(self, index: ScreenIndex) -> None:
        self.index = index
        self.config: ScoringConfig = SCORING
        self.common = CommonNames(index, SCORING.common_names)
        # Every candidate's words are weighed again and again: remembered per word.
        self._weigh = lru_cache(maxsize=_WORDS_KEPT)(index.vocabulary.weight)
        self._cost = lru_cache(maxsize=_WORDS_KEPT)(index.vocabulary.cost)
        # Read per candidate name, tens of thousands of times a second: plain lists, not a
        # NumPy scalar and a target object each time.
        self._owners: list[int] = index.name_target.tolist()
        self._schemata: list[str] = index.schemata()
        # A name screened again with other evidence (a page's countries, a customer on two
        # rows) meets the same list names: each pair of names is scored once per process.
        self._compared: dict[tuple[object, ...], NameComparison] = {}
        self._common_names: dict[NameForm, tuple[str, ...]] = {}

    @classmethod
    def open(
        cls,
        db_path: Path,
        workers: int = 1,
        progress: indexing.Progress | None = None,
        rebuild: bool = False,
    ) -> Screener:
        """Load the saved index of the store at `db_path`, rebuilding it if stale."""
        folder = indexing.index_dir(db_path)
        if not rebuild and indexing.unchanged_since_saved(folder, db_path):
            try:
                return cls(indexing.load(folder))
            except indexing.UnreadableIndex:
                pass  # damaged on disk: checked against the store and built again below
        from kleptrace.store import connect  # DuckDB: only when the store must be read

        stamp = indexing.store_stamp(db_path)
        con = connect(db_path, read_only=True)
        try:
            current = indexing.fingerprint(con)
            if not rebuild and indexing.saved_fingerprint(folder) == current:
                try:
                    index = indexing.load(folder)
                except indexing.UnreadableIndex:
                    pass  # damaged on disk: built again below
                else:
                    indexing.stamp_saved(folder, stamp)
                    return cls(index)
            built = indexing.build(con, workers=workers, progress=progress)
            indexing.save(built, folder, stamp)
            return cls(built)
        finally:
            con.close()

    def warm_up(self) -> None:
        """Load what the first person and first organisation query would (rigour's name
        taggers, several seconds), so no caller's request pays for it."""
        self.screen_many([Query(("Warm Up",), s) for s in ("Person", "Company", "LegalEntity")])

    def screen(
        self,
        query: Query,
        threshold: float = DEFAULT_THRESHOLD,
        limit: int = DEFAULT_LIMIT,
        keep: Callable[[Target], bool] | None = None,
    ) -> list[Match]:
        """Matches for one query, best first, each at or above `threshold`."""
        return self.screen_many([query], threshold, limit, keep)[0]

    def screen_many(
        self,
        queries: Sequence[Query],
        threshold: float = DEFAULT_THRESHOLD,
        limit: int = DEFAULT_LIMIT,
        keep: Callable[[Target], bool] | None = None,
    ) -> list[list[Match]]:
        """Matches for a block of queries, sharing one sparse product between them.

        `keep` narrows the targets (to some lists or schemata, say) before the
        limit applies, so a filtered screen still returns up to `limit` matches.
        """
        symbols = self.index.vocabulary.symbols
        forms = [
            [f for n in q.names if n.strip() for f in name_forms(n, q.schema, symbols)]
            for q in queries
        ]
        floors = [_lowest(q, threshold) for q in queries]
        flat, lowest = [], []
        for query_forms, floor in zip(forms, floors, strict=True):
            for form in query_forms:
                if form.tokens:
                    flat.append(form)
                    # Retrieval credits a word only by its letters; a katakana or Thai
                    # reading's words match theirs through letters the script writes
                    # alike, so its candidates are kept down to the least coverage.
                    lowest.append(0.0 if form.lossy else floor)
        candidates = candidate_names(flat, self.index, lowest)
        self.index.fetch([p for positions in candidates for p in positions])
        found = iter(candidates)
        results = []
        for query, query_forms, floor in zip(queries, forms, floors, strict=True):
            # Every reading of the name is scored against what any reading retrieved:
            # the sound reading of Σεργκέι Λαβρόφ ("sergi lavrov") scores Lavrov, but
            # only the letter-by-letter one ("serngei lavrof") retrieves him.
            read = [f for f in query_forms if f.tokens]
            retrieved = list(dict.fromkeys(p for _ in read for p in next(found)))
            names = dict.fromkeys(read, retrieved)
            scored = self._score_all(query, names, floor, keep)
            matches = [m for m in scored if m.score >= threshold]
            matches.sort(key=lambda m: (-m.score, m.entity_id))
            results.append(matches[:limit])
        return results

    def score(self, query: Query, entity_id: str) -> Match | None:
        """Score one query against one named target, whether or not it is a candidate.

        Used by the evaluation to score exactly the pairs the peers score.
        None when the target is unknown or its schema cannot be the query's.
        """
        names = self._names_of().get(entity_id)
        if names is None:
            return None
        symbols = self.index.vocabulary.symbols
        forms = {
            f: names for n in query.names if n.strip() for f in name_forms(n, query.schema, symbols)
        }
        found = self._score_all(query, {f: v for f, v in forms.items() if f.tokens}, 0.0)
        return found[0] if found else None

    @cache  # noqa: B019 - a screener lives as long as its process
    def _names_of(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        ids = self.index.entity_ids()
        for position, owner in enumerate(self.index.name_target.tolist()):
            out.setdefault(ids[owner], []).append(position)
        return out

    def _score_all(
        self,
        query: Query,
        candidates: dict[NameForm, list[int]],
        lowest: float,
        keep: Callable[[Target], bool] | None = None,
    ) -> list[Match]:
        best: dict[int, _Scored] = {}
        compatible = self.index.schema_matches[query.schema]
        owners, schemata, targets, names = (
            self._owners,
            self._schemata,
            self.index.targets,
            self.index.names,
        )
        compared = self._compared
        if len(compared) > _COMPARISONS_KEPT:
            compared.clear()
            self._common_names.clear()
        for query_name, name_positions in candidates.items():
            query_key = _comparison_key(query_name)
            for position in name_positions:
                owner = owners[position]
                current = best.get(owner)
                if current is not None and current.names.score >= 1.0:
                    continue  # no other name of this target can score higher
                if schemata[owner] not in compatible:
                    continue
                target = targets[owner]
                if keep is not None and not keep(target):
                    continue
                target_name = names[position]
                if _person_and_company(query.schema, query_name, target.schema, target_name):
                    continue
                key = (query_key, _comparison_key(target_name))
                comparison = compared.get(key)
                if comparison is None:
                    comparison = compare_names(query_name, target_name, self._weigh, self._cost)
                    compared[key] = comparison
                if current is None or comparison.score > current.names.score:
                    best[owner] = _Scored(target, query_name, target_name, comparison)
        return [
            self._match(query, scored) for scored in best.values() if scored.names.score >= lowest
        ]

    def _common_name(self, form: NameForm) -> tuple[str, ...]:
        """`CommonNames.common_name`, once per name: asked for each match."""
        found = self._common_names.get(form)
        if found is None:
            found = self._common_names[form] = self.common.common_name(form)
        return found

    def _match(self, query: Query, scored: _Scored) -> Match:
        target, names = scored.target, scored.names
        score = names.score
        left = ", ".join(names.unmatched_query + names.unmatched_target)
        features = [
            Feature(
                "name",
                round(names.score, 4),
                round(names.score, 4),
                f"{scored.query_name.text!r} ~ {scored.target_name.text!r}"
                + (f"; unmatched: {left}" if left else ""),
            )
        ]
        # Only the evidence the query carries: each comparison is None without it.
        checks: list[Callable[[float], Feature | None]] = []
        if query.identifiers:
            checks.append(lambda s: compare_identifiers(s, query.identifiers, target.identifiers))
        if query.birth_dates:
            checks.append(lambda s: compare_dates(s, query.birth_dates, target.dates))
        if query.countries:
            checks.append(lambda s: compare_countries(s, query.countries, target.countries))
        if query.gender:
            checks.append(lambda s: compare_gender(s, query.gender, target.gender))
        supported = False
        for check in checks:
            feature = check(score)
            if feature is not None:
                score = min(1.0, max(0.0, score + feature.contribution))
                supported = supported or supports(feature)
                features.append(
                    Feature(
                        feature.name, feature.value, round(feature.contribution, 4), feature.detail
                    )
                )
        cap = self.config.common_names.cap
        if not supported and score > cap and "Person" in (query.schema, target.schema):
            # Either side: a misspelt common name ("Dmitry Medvejev") matched to a
            # common listed one says no more than the common name itself.
            common = self._common_name(scored.query_name) or self._common_name(scored.target_name)
            if common:
                features.append(
                    Feature(
                        "common_name",
                        0.0,
                        round(cap - score, 4),
                        f"only common names ({', '.join(common)}) and nothing else agrees",
                    )
                )
                score = cap
        return Match(
            entity_id=target.entity_id,
            caption=target.caption,
            schema=target.schema,
            score=score,
            query_name=scored.query_name.text,
            matched_name=scored.target_name.text,
            sources=target.sources,
            regimes=target.regimes,
            alignment=tuple(
                Alignment(p.query, p.target, p.similarity, p.reason) for p in names.pairs
            ),
            features=tuple(features),
            query_id=query.id,
            scoring=self.config.version,
        )
