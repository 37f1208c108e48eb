"""The whole alignment, computed from the two inputs, as one object with its JSON form.

`align()` is a pure function of designations and clusters (plus the per-record names and
links the gap lists rank by); `from_store()` reads those inputs from a store first."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from kleptrace.align import inputs
from kleptrace.align.changes import Change, change, version_pairs
from kleptrace.align.coverage import Coverage, coverage
from kleptrace.align.gaps import GapList, GapRow, gap_lists, prominence
from kleptrace.align.inputs import ClusterInput, Record, SourceVersion
from kleptrace.align.lags import PairLags, lags
from kleptrace.align.model import AlignConfig, Clusters, Designation, cluster_of, config
from kleptrace.align.overlap import Overlap, overlap
from kleptrace.exc import NotFound


@dataclass(frozen=True)
class ScopeFigures:
    key: str
    label: str
    jurisdictions: tuple[str, ...]
    coverage: Coverage
    overlap: Overlap
    gaps: list[GapList]
    lags: dict[tuple[str, str], PairLags]

    def programs(self) -> dict[str, dict[str, int]]:
        """Per jurisdiction, targets per program (bilingual Canadian names in English)."""
        out: dict[str, Counter[str]] = {j: Counter() for j in self.jurisdictions}
        for listings in self.coverage.values():
            for j, listing in listings.items():
                out[j].update({p.split(" / ")[0] for p in listing.programs})
        return {j: dict(sorted(c.items())) for j, c in out.items()}


@dataclass(frozen=True)
class Alignment:
    clusters: ClusterInput
    sources: list[SourceVersion]
    scopes: dict[str, ScopeFigures]
    changes: list[Change]
    date_bases: dict[str, dict[str, int]]
    """Per jurisdiction (all regimes): targets dated by each source's listing dates
    ("listed: <source>"), by a publication date only ("on or before: <source>"), or not."""
    warnings: list[str]
    names: Mapping[str, str]
    """A display name for every cluster of any loaded version."""

    def designating(self, cluster: str) -> tuple[str, ...]:
        """The jurisdictions designating a target now, under any regime."""
        return tuple(self.scopes["all"].coverage.get(cluster, {}))

    def headline(self) -> dict[str, Any]:
        russia = self.scopes["russia"]
        after_us = {
            j: russia.lags[("us", j)].summary() if ("us", j) in russia.lags else {}
            for j in ("gb", "eu")
        }
        return {
            "russia_targets": russia.overlap.per_jurisdiction,
            "russia_shared_by_gb_us_eu": russia.overlap.shared_by(("gb", "us", "eu")),
            "russia_median_days_gb_after_us": after_us["gb"].get("median"),
            "russia_median_days_eu_after_us": after_us["eu"].get("median"),
            "russia_dated_pairs_gb_after_us": after_us["gb"].get("targets", 0),
            "russia_dated_pairs_eu_after_us": after_us["eu"].get("targets", 0),
            "russia_at_least_days_gb_after_us": after_us["gb"].get("at_least_median"),
            "russia_at_least_days_eu_after_us": after_us["eu"].get("at_least_median"),
            "largest_russia_gaps": {
                g.key: len(g.rows) for g in sorted(russia.gaps, key=lambda g: -len(g.rows))[:4]
            },
        }

    def to_json(self, top: int = 25) -> dict[str, Any]:
        """Every figure of the report; gap lists are cut to `top` rows (the CSVs hold all)."""
        return {
            "clusters": {"resolved": self.clusters.resolved, "note": self.clusters.note},
            "sources": [_source_json(s) for s in self.sources],
            "warnings": self.warnings,
            "headline": self.headline(),
            "date_bases": self.date_bases,
            "scopes": {k: _scope_json(s, top) for k, s in self.scopes.items()},
            "changes": [_change_json(c, self) for c in self.changes],
        }


def align(
    designations: Sequence[Designation],
    clustered: ClusterInput,
    loaded: Sequence[SourceVersion],
    records: Mapping[str, Record],
    cfg: AlignConfig | None = None,
) -> Alignment:
    cfg = cfg or config()
    ranks = prominence(designations, clustered.clusters, records)
    covered = {}
    for scope in cfg.scopes:
        present = {d.jurisdiction for d in designations if d.current and scope.covers(d)}
        jurisdictions = tuple(j for j in cfg.jurisdictions if j in present)
        covered[scope.key] = (
            scope,
            jurisdictions,
            coverage(designations, clustered.clusters, scope, jurisdictions),
        )
    scopes = {}
    for key, (scope, jurisdictions, cov) in covered.items():
        pairs = [(a, b) for a, b in cfg.gap_pairs if a in jurisdictions and b in jurisdictions]
        scopes[key] = ScopeFigures(
            key,
            scope.label,
            jurisdictions,
            cov,
            overlap(cov, jurisdictions),
            gap_lists(cov, key, jurisdictions, pairs, ranks, records, covered["all"][2]),
            lags(cov, jurisdictions),
        )
    everything = scopes["all"]
    changes = [
        change(
            old,
            new,
            why,
            designations,
            clustered.clusters,
            everything.coverage,
            everything.jurisdictions,
        )
        for old, new, why in version_pairs(loaded, cfg.superseded)
    ]
    bases = date_bases(everything.coverage, everything.jurisdictions)
    return Alignment(
        clustered,
        list(loaded),
        scopes,
        changes,
        bases,
        warnings(loaded, bases, cfg.far_apart_days),
        cluster_names(designations, clustered.clusters, records),
    )


def from_store(con: duckdb.DuckDBPyConnection, cfg: AlignConfig | None = None) -> Alignment:
    cfg = cfg or config()
    loaded = inputs.versions(con, cfg)
    rows = inputs.designations(con, cfg, loaded)
    if not any(d.current for d in rows):
        names = ", ".join(cfg.labels.get(j, j) for j in cfg.jurisdictions)
        raise NotFound(f"no official list of {names} is loaded: run `kleptrace load` first")
    clustered = inputs.clusters(con)
    records = inputs.records(con, {d.entity_id for d in rows})
    return align(rows, clustered, loaded, records, cfg)


def cluster_names(
    designations: Sequence[Designation], clusters: Clusters, records: Mapping[str, Record]
) -> dict[str, str]:
    """The name of each cluster's first member (by id) that has one."""
    out: dict[str, str] = {}
    for entity_id in sorted({d.entity_id for d in designations}):
        c = cluster_of(clusters, entity_id)
        if c not in out and entity_id in records:
            out[c] = records[entity_id].name
    return out


def date_bases(cov: Coverage, jurisdictions: Sequence[str]) -> dict[str, dict[str, int]]:
    out: dict[str, Counter[str]] = {j: Counter() for j in jurisdictions}
    for listings in cov.values():
        for j, listing in listings.items():
            if listing.basis is None:
                out[j]["no date"] += 1
            elif listing.basis == "listed":
                out[j][f"listed: {listing.date_source}"] += 1
            else:
                out[j][f"on or before: {listing.date_source}"] += 1
    return {j: dict(sorted(c.items(), key=lambda kv: -kv[1])) for j, c in out.items()}


def warnings(
    loaded: Sequence[SourceVersion], bases: Mapping[str, Mapping[str, int]], far_apart: int
) -> list[str]:
    """What a reader must know before reading any gap: sources far apart in time, sources
    with no publication date, jurisdictions whose lists give few listing dates."""
    out = []
    current = [v for v in loaded if v.live and v.superseded_by is None]
    dated = sorted((v.published, v.source) for v in current if v.published)
    if len(dated) > 1:
        (first, old), (last, new) = dated[0], dated[-1]
        spread = (date.fromisoformat(last[:10]) - date.fromisoformat(first[:10])).days
        if spread > far_apart:
            out.append(
                f"The lists compared were published {spread:,} days apart ({old} on {first}, "
                f"{new} on {last}). A target designated between those dates shows up as a gap "
                "that only reflects the age of the older file."
            )
    for v in current:
        if not v.published:
            out.append(
                f"{v.source} states no publication date; the report uses its load date "
                f"({v.loaded}), which may be much later than the data."
            )
    for j, counts in bases.items():
        total = sum(counts.values())
        listed = sum(n for k, n in counts.items() if k.startswith("listed"))
        if total and listed < total / 2:
            out.append(
                f"{j.upper()}: only {listed:,} of {total:,} designated targets have a listing "
                "date in any loaded file, so every lag involving it rests on those few; the "
                "others are only known to be designated on or before their file's publication."
            )
    return out


def _source_json(v: SourceVersion) -> dict[str, Any]:
    return {
        "source": v.source,
        "list": v.list_key,
        "version": v.version_id,
        "jurisdiction": v.jurisdiction,
        "published": v.published,
        "loaded": v.loaded,
        "live": v.live,
        "superseded_by": v.superseded_by,
    }


def _scope_json(s: ScopeFigures, top: int) -> dict[str, Any]:
    o = s.overlap
    return {
        "label": s.label,
        "jurisdictions": list(s.jurisdictions),
        "targets": o.targets,
        "per_jurisdiction": o.per_jurisdiction,
        "by_number_of_jurisdictions": {str(k): n for k, n in o.by_count.items()},
        "pairs": {f"{a}+{b}": n for (a, b), n in o.pairs.items()},
        "programs": s.programs(),
        "combinations": [{"jurisdictions": list(c), "targets": n} for c, n in o.combinations],
        "gaps": {
            g.key: {
                "designated_by": g.designated_by,
                "not_by": list(g.not_by),
                "targets": len(g.rows),
                "top": [_gap_row_json(r) for r in g.rows[:top]],
            }
            for g in s.gaps
        },
        "lags": {f"{a}->{b}": p.summary() for (a, b), p in s.lags.items()},
    }


def _gap_row_json(r: GapRow) -> dict[str, Any]:
    return {
        "cluster_id": r.cluster_id,
        "name": r.name,
        "schema": r.schema,
        "designated_by": list(r.designated_by),
        "other_regimes_by": list(r.elsewhere),
        "since": r.since,
        "since_basis": r.since_basis,
        "lists": r.prominence.lists,
        "programs": list(r.prominence.programs),
        "linked_entities": r.prominence.links,
        "members": list(r.members),
    }


def _change_json(c: Change, a: Alignment) -> dict[str, Any]:
    return {
        "old": _source_json(c.old),
        "new": _source_json(c.new),
        "why": c.why,
        "added": len(c.added),
        "removed": len(c.removed),
        "kept": c.kept,
        "added_also_by": c.added_also_by,
        "removed_still_by": c.removed_still_by,
        "removed_targets": [
            {
                "cluster_id": c_id,
                "name": a.names.get(c_id, c_id),
                "still_designated_by": list(a.designating(c_id)),
            }
            for c_id in c.removed
        ],
    }
