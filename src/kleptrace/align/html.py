"""The alignment report as one self-contained HTML page (kleptrace.report): publication
dates first, then overlaps, gap lists, lags, Magnitsky-type regimes, changes between
versions, and what every date rests on."""

from __future__ import annotations

from collections.abc import Sequence

from kleptrace.align.alignment import Alignment, ScopeFigures
from kleptrace.align.coverage import PUBLISHED
from kleptrace.align.gaps import GapList
from kleptrace.align.model import AlignConfig, config
from kleptrace.report import Section, Table, distributions, render, upset

TOP = 15
"""Rows of each gap list shown in the page; the CSV files hold every row."""
COMBINATIONS = 30
"""Rows of the table of jurisdiction combinations."""
GAP_TABLES = {"russia": ("us-only", "gb-only", "eu-only")}
"""Gap lists whose top rows the gap section prints, per scope; the others appear as counts
(the Magnitsky section prints its own)."""


def table(
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    numeric: frozenset[str] = frozenset(),
    caption: str | None = None,
) -> Table:
    """A report table whose numbers print with thousands separators (medians to one
    decimal)."""
    return Table(columns, [[_number(cell) for cell in row] for row in rows], numeric, caption)


def _number(cell: object) -> object:
    if isinstance(cell, bool) or not isinstance(cell, int | float):
        return cell
    return f"{cell:,}" if isinstance(cell, int) else f"{cell:,.1f}"


def page(alignment: Alignment, cfg: AlignConfig | None = None) -> str:
    """The whole report; the header lists every source with its publication date."""
    cfg = cfg or config()
    name = cfg.label
    facts = [
        (
            "Clusters",
            alignment.clusters.note
            if alignment.clusters.resolved
            else "exact shared identifiers (resolution has not been run)",
        )
    ]
    for v in alignment.sources:
        status = "live" if v.live else "older version, dates only"
        if v.superseded_by:
            status = f"replaced by {v.superseded_by}, dates only"
        facts.append(
            (
                f"{name(v.jurisdiction)} · {v.source} v{v.version_id}",
                f"published {v.published or 'not stated (loaded ' + v.loaded + ')'} · {status}",
            )
        )
    warnings = ([] if alignment.clusters.resolved else [alignment.clusters.note]) + list(
        alignment.warnings
    )
    sections = [_headline(alignment, cfg)]
    for key in ("russia", "all"):
        if key in alignment.scopes:
            sections.append(_overlap(alignment.scopes[key], cfg))
    for key in ("russia", "all"):
        if key in alignment.scopes:
            sections.append(_gaps(alignment.scopes[key], cfg))
    for key in ("russia", "all"):
        if key in alignment.scopes:
            sections.append(_lags(alignment.scopes[key], cfg))
    if "magnitsky" in alignment.scopes:
        sections.append(_magnitsky(alignment.scopes["magnitsky"], cfg))
    sections.append(_changes(alignment, cfg))
    sections.append(_dates(alignment, cfg))
    return render(
        "Sanctions alignment: who designates whom, and when",
        sections,
        subtitle=f"{', '.join(name(j) for j in cfg.jurisdictions)} designations compared, "
        "target by target",
        facts=facts,
        warnings=warnings,
    )


def _headline(a: Alignment, cfg: AlignConfig) -> Section:
    h = a.headline()
    rows: list[list[object]] = [
        [f"Russia-regime targets, {cfg.label(j)}", n] for j, n in h["russia_targets"].items()
    ]
    rows.append(
        ["Russia-regime targets designated by all of UK, US and EU", h["russia_shared_by_gb_us_eu"]]
    )
    for key, label in (("gb", "UK"), ("eu", "EU")):
        lag = a.scopes["russia"].lags.get(("us", key))
        if lag is None:
            continue
        f = lag.summary()
        rows.append(
            [
                f"Median days {label} after US (Russia; {f['targets']:,} targets dated on both "
                "sides)",
                "no dated pair" if f["median"] is None else f"{f['median']:,.0f}",
            ]
        )
        rows.append(
            [
                f"{label} after US, at least (Russia; median of {f['at_least_targets']:,} lower "
                "bounds where the US date is only a publication bound)",
                "none" if f["at_least_median"] is None else f"≥ {f['at_least_median']:,.0f}",
            ]
        )
    titles = {g.key: _gap_title(g, cfg) for g in a.scopes["russia"].gaps}
    for key, n in h["largest_russia_gaps"].items():
        rows.append([f"Russia gap list: {titles[key]}", n])
    return Section(
        "Headline figures",
        intro="Counts are canonical targets (clusters of list records), not list entries.",
        tables=[table(["figure", "value"], rows, numeric=frozenset({"value"}))],
        anchor="headline",
    )


def _overlap(s: ScopeFigures, cfg: AlignConfig) -> Section:
    o = s.overlap
    names = [cfg.label(j) for j in s.jurisdictions]
    combos = [([cfg.label(j) for j in c], n) for c, n in o.combinations]
    chart = upset(
        names,
        [o.per_jurisdiction[j] for j in s.jurisdictions],
        combos,
        title="Targets by the exact set of jurisdictions designating them",
    )
    rows = []
    for j in s.jurisdictions:
        only = next((n for c, n in o.combinations if c == (j,)), 0)
        shared = [
            "" if k == j else o.pairs.get((j, k), o.pairs.get((k, j), 0)) for k in s.jurisdictions
        ]
        rows.append([cfg.label(j), o.per_jurisdiction[j], only, *shared])
    per = table(
        ["jurisdiction", "targets", "only this one", *names],
        rows,
        numeric=frozenset({"targets", "only this one", *names}),
        caption="Targets per jurisdiction, designated by it alone, and shared with each other "
        "jurisdiction (whatever the rest do).",
    )
    combos_table = table(
        ["designated by", "targets"],
        [[" + ".join(c), n] for c, n in combos[:COMBINATIONS]],
        numeric=frozenset({"targets"}),
        caption=(
            f"All {len(combos)} combinations"
            if len(combos) <= COMBINATIONS
            else f"The {COMBINATIONS} largest of {len(combos)} combinations (the JSON has all)"
        )
        + "; the chart shows the 20 largest.",
    )
    by_k = ", ".join(
        f"{k} jurisdiction{'s' if k > 1 else ''}: {n:,}" for k, n in o.by_count.items()
    )
    return Section(
        f"Overlap: {s.label}",
        intro=f"{o.targets:,} targets designated now. By number of jurisdictions: {by_k}.",
        charts=[chart],
        tables=[per, combos_table],
        anchor=f"overlap-{s.key}",
    )


def _gap_table(g: GapList, cfg: AlignConfig, top: int = TOP) -> Table:
    """The first rows of a gap list (bilingual Canadian program names in English)."""
    return table(
        ["#", "name", "schema", "since", "lists", "programs", "links", "other regimes by"],
        [
            [
                i,
                r.name,
                r.schema,
                _since(r.since, r.since_basis),
                r.prominence.lists,
                ", ".join(sorted({p.split(" / ")[0] for p in r.prominence.programs})),
                r.prominence.links,
                ", ".join(cfg.label(j) for j in r.elsewhere),
            ]
            for i, r in enumerate(g.rows[:top], 1)
        ],
        numeric=frozenset({"#", "lists", "links"}),
        caption=f"{_gap_title(g, cfg)}: top {min(top, len(g.rows))} of {len(g.rows):,}",
    )


def _since(since: str | None, basis: str | None) -> str:
    if since is None:
        return ""
    return f"≤ {since}" if basis == PUBLISHED else since


def _gap_title(g: GapList, cfg: AlignConfig) -> str:
    if g.key.endswith("-only"):
        return f"{cfg.label(g.designated_by)} only"
    return f"{cfg.label(g.designated_by)}, not {', '.join(cfg.label(j) for j in g.not_by)}"


def _gaps(s: ScopeFigures, cfg: AlignConfig) -> Section:
    counts = table(
        ["gap list", "targets", "CSV file"],
        [[_gap_title(g, cfg), len(g.rows), f"gaps-{s.key}-{g.key}.csv"] for g in s.gaps],
        numeric=frozenset({"targets"}),
    )
    shown = [g for g in s.gaps if g.key in GAP_TABLES.get(s.key, ())]
    return Section(
        f"Gap lists: {s.label}",
        intro="Targets one jurisdiction designates and another does not, ranked by "
        "prominence: the number of lists naming the target, then its programs (sectors), "
        "then its linked entities (owners, subsidiaries, relatives, associates), then the "
        "earliest designation. 'Since' is the designating jurisdiction's first listing date "
        "('≤' marks a list that prints none: designated on or before that publication date). "
        "'kleptrace align --csv DIR' writes every list in full.",
        tables=[counts, *[_gap_table(g, cfg) for g in shown]],
        anchor=f"gaps-{s.key}",
    )


def _lags(s: ScopeFigures, cfg: AlignConfig) -> Section:
    pairs = [(pair, p) for pair, p in s.lags.items() if p.days]
    pairs.sort(key=lambda item: -len(item[1].days))
    groups: Sequence[tuple[str, Sequence[float]]] = [
        (f"{cfg.label(b)} after {cfg.label(a)}", p.days) for (a, b), p in pairs
    ]
    charts = (
        [distributions(groups, xlabel="days after the first designation", title=s.label)]
        if groups
        else []
    )
    rows = []
    for (a, b), p in sorted(s.lags.items(), key=lambda item: -len(item[1].days)):
        f = p.summary()
        if not f["targets"] and not f["undated"]:
            continue
        rows.append(
            [
                f"{cfg.label(b)} after {cfg.label(a)}",
                f["targets"],
                f["same_day"],
                f["q1"],
                f["median"],
                f["q3"],
                f["undated"],
                f["at_least_targets"],
                f["at_least_median"],
            ]
        )
    columns = [
        "pair",
        "targets",
        "same day",
        "q1",
        "median",
        "q3",
        "undated",
        "bounded",
        "≥ median",
    ]
    return Section(
        f"Lags: {s.label}",
        intro="For targets designated by several jurisdictions: days from the first "
        "designation to each later one, counted for the pair (first, later). Jurisdictions "
        "tied for first each count as first (a lag of 0). Only listing dates printed in a "
        "loaded file count; 'undated' are targets both designate where one side has none. "
        "Of those, 'bounded' are targets the first side (undated) designated on or before a "
        "publication date that precedes the later side's listing date: the later side acted "
        "at least that many days after, with '≥ median' the median of those lower bounds.",
        charts=charts,
        tables=[table(columns, rows, numeric=frozenset(columns[1:]))],
        anchor=f"lags-{s.key}",
    )


def _magnitsky(s: ScopeFigures, cfg: AlignConfig) -> Section:
    by_program = s.programs()
    programs = table(
        ["jurisdiction", "targets", "programs (targets)"],
        [
            [
                cfg.label(j),
                s.overlap.per_jurisdiction[j],
                "; ".join(f"{p} ({n:,})" for p, n in by_program.get(j, {}).items()),
            ]
            for j in s.jurisdictions
        ],
        numeric=frozenset({"targets"}),
    )
    only = [g for g in s.gaps if g.key.endswith("-only")]
    section = _overlap(s, cfg)
    return Section(
        "Magnitsky-type regimes side by side",
        intro="US Global Magnitsky (GLOMAG) and the Magnitsky Act, UK Global Human Rights and "
        "Global Anti-Corruption, EU Global Human Rights, Canada JVCFOA and Australia's thematic "
        "sanctions (regimes flagged magnitsky in regimes.yml). Who is targeted by one and "
        "not the others:",
        charts=section.charts,
        tables=[
            programs,
            table(
                ["targeted only by", "targets"],
                [[cfg.label(g.designated_by), len(g.rows)] for g in only],
                numeric=frozenset({"targets"}),
            ),
            *[_gap_table(g, cfg, top=10) for g in only],
        ],
        anchor="magnitsky",
    )


def _changes(a: Alignment, cfg: AlignConfig) -> Section:
    if not a.changes:
        return Section(
            "Changes between versions",
            intro="No list has two loaded versions: load an older or newer file of a list "
            "(`kleptrace load FILE`) to see who was added and removed.",
            anchor="changes",
        )
    tables = []
    for c in a.changes:
        others = [j for j in cfg.jurisdictions if j in c.removed_still_by]
        tables.append(
            table(
                ["", "targets", *[cfg.label(j) for j in others]],
                [
                    ["kept", c.kept, *["" for _ in others]],
                    [
                        "added (also designated now by)",
                        len(c.added),
                        *[c.added_also_by.get(j, "") for j in others],
                    ],
                    [
                        "removed (still designated now by)",
                        len(c.removed),
                        *[c.removed_still_by[j] for j in others],
                    ],
                ],
                numeric=frozenset({"targets", *[cfg.label(j) for j in others]}),
                caption=f"{c.old.source} v{c.old.version_id} ({c.old.published or 'undated'}) "
                f"→ {c.new.source} v{c.new.version_id} ({c.new.published or 'undated'}): {c.why}",
            )
        )
        if c.removed:
            tables.append(
                table(
                    ["removed target", "cluster", "still designated now by"],
                    [
                        [a.names.get(r, r), r, ", ".join(cfg.label(j) for j in a.designating(r))]
                        for r in c.removed[:50]
                    ],
                    caption=f"Removed from {c.new.source} ({len(c.removed):,}"
                    f"{', first 50' if len(c.removed) > 50 else ''})",
                )
            )
    return Section(
        "Changes between versions",
        intro="Who was added and removed between two loaded versions of a list, and whether "
        "the other jurisdictions designate them now. For the list's own jurisdiction, "
        "'still designated' means on another of its current lists.",
        tables=tables,
        anchor="changes",
    )


def _dates(a: Alignment, cfg: AlignConfig) -> Section:
    rows = [
        [cfg.label(j), basis, n]
        for j, counts in a.date_bases.items()
        for basis, n in counts.items()
    ]
    return Section(
        "What the dates rest on",
        intro="For each jurisdiction (all regimes), how its first designation dates were "
        "found: 'listed: S' is a listing date printed in source S (older versions and "
        "replaced lists included); 'on or before: S' means no loaded file gives a listing "
        "date, so only the publication date of the earliest version of S that carries the "
        "target is known. Lags use listed dates only.",
        tables=[
            table(["jurisdiction", "date from", "targets"], rows, numeric=frozenset({"targets"}))
        ],
        anchor="dates",
    )
