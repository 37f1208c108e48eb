"""Every alignment figure on tables small enough to count by hand, then on random tables
against a brute-force count written differently from the module's."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date
from itertools import combinations, permutations

import numpy as np

from kleptrace.align import align
from kleptrace.align.coverage import coverage
from kleptrace.align.inputs import ClusterInput, Record
from kleptrace.align.lags import lags
from kleptrace.align.model import Designation, config
from kleptrace.align.overlap import overlap
from tests.align.crafted import JURISDICTIONS, row, version

UK = version("gb_fcdo", 1, "gb", "2026-04-29")
UK_OLD = version("gb_hmt_ofsi", 2, "gb", "2025-04-14")
US = version("us_ofac_sdn", 3, "us", None)
US_OLD = version("us_ofac_cons_advanced", 4, "us", "2020-03-17", live=False)
EU = version("eu_journal", 5, "eu", "2026-08-01")
EU_OLD = version("eu_journal", 6, "eu", "2025-01-01", live=False)
UN = version("un_sc", 7, "un", "2026-02-27")

ROWS = [
    # A: UK, US and EU under Russia; the US prints no date.
    row(UK, "gb-a", "RUS", "2022-03-15"),
    row(US, "ofac-a", "RUSSIA-EO14024"),
    row(EU, "eu-a", "EU-RUS", "2022-02-28"),
    row(EU_OLD, "eu-a", "EU-RUS", "2022-02-28"),
    # B: US (dated only by an older file) and UK under Russia.
    row(US, "ofac-b", "UKRAINE-EO13662"),
    row(US_OLD, "ofac-b", "UKRAINE-EO13662", "2014-07-16"),
    row(UK, "gb-b", "RUS", "2022-02-24"),
    # C: US Global Magnitsky only.
    row(US, "ofac-c", "GLOMAG"),
    # D: UK Global Human Rights and EU human rights regime.
    row(UK, "gb-d", "GHR", "2020-07-06"),
    row(EU, "eu-d", "EU-HR", "2020-12-07"),
    # E: UN and UK counter-terrorism on the same day.
    row(UN, "un-e", "Al-Qaida", "2001-10-06"),
    row(UK, "gb-e", "AQD", "2001-10-06"),
    # F: EU Russia, delisted: only in the older EU version.
    row(EU_OLD, "eu-f", "EU-RUS", "2023-01-01"),
    # G: only on OFSI's retired list (superseded, so not current).
    row(UK_OLD, "gb-ofsi-g", "Russia", "2022-05-04", current=False),
]
CLUSTERS = {
    "gb-a": "A",
    "ofac-a": "A",
    "eu-a": "A",
    "ofac-b": "B",
    "gb-b": "B",
    "gb-d": "D",
    "eu-d": "D",
    "un-e": "E",
    "gb-e": "E",
}
RECORDS = {
    "gb-a": Record("Alpha Bank", "Company", frozenset({"x", "y"})),
    "ofac-b": Record("Boris B", "Person", frozenset()),
    "gb-b": Record("Boris B", "Person", frozenset({"z"})),
}


def days(a: str, b: str) -> int:
    return (date.fromisoformat(b) - date.fromisoformat(a)).days


def test_overlap_gaps_and_lags_by_hand() -> None:
    loaded = [UK, UK_OLD, US, US_OLD, EU, EU_OLD, UN]
    result = align(ROWS, ClusterInput(CLUSTERS, False, "ids"), loaded, RECORDS)
    russia = result.scopes["russia"]
    assert russia.jurisdictions == ("gb", "us", "eu")
    assert russia.overlap.per_jurisdiction == {"gb": 2, "us": 2, "eu": 1}
    assert russia.overlap.shared_by(("gb", "us", "eu")) == 1
    assert dict(russia.overlap.combinations) == {("gb", "us", "eu"): 1, ("gb", "us"): 1}
    gaps = {g.key: [r.cluster_id for r in g.rows] for g in russia.gaps}
    assert gaps["us-only"] == [] and gaps["gb-only"] == []
    assert gaps["gb-not-eu"] == ["B"] and gaps["us-not-eu"] == ["B"]
    assert gaps["eu-not-us"] == []
    # A: EU first (2022-02-28), UK 15 days later; the US has no listing date.
    assert russia.lags[("eu", "gb")].days == (15,)
    assert russia.lags[("us", "eu")].undated == 1
    # B: the older US file dates it 2014-07-16.
    assert russia.lags[("us", "gb")].days == (days("2014-07-16", "2022-02-24"),)
    headline = result.headline()
    assert headline["russia_median_days_gb_after_us"] == days("2014-07-16", "2022-02-24")
    magnitsky = result.scopes["magnitsky"]
    assert magnitsky.overlap.per_jurisdiction == {"gb": 1, "us": 1, "eu": 1}
    assert magnitsky.lags[("gb", "eu")].days == (days("2020-07-06", "2020-12-07"),)
    assert [r.cluster_id for g in magnitsky.gaps if g.key == "us-only" for r in g.rows] == [
        "ofac-c"
    ]
    everything = result.scopes["all"]
    assert everything.lags[("un", "gb")].days == (0,)
    assert everything.lags[("gb", "un")].days == (0,)
    assert everything.overlap.targets == 5  # A, B, C, D and E
    # F is only in an older version and G only on a superseded list: neither counts.
    assert "eu-f" not in everything.coverage and "gb-ofsi-g" not in everything.coverage


def test_changes_between_versions_by_hand() -> None:
    loaded = [EU, EU_OLD, UK, US, UN]
    result = align(ROWS, ClusterInput(CLUSTERS, False, "ids"), loaded, RECORDS)
    (change,) = result.changes
    assert (change.old.version_id, change.new.version_id) == (6, 5)
    assert change.removed == ("eu-f",)
    assert change.added == ("D",)
    assert change.kept == 1
    assert change.added_also_by["gb"] == 1 and change.added_also_by["us"] == 0
    assert change.removed_still_by == {"gb": 0, "us": 0, "eu": 0, "un": 0}


def test_prominence_ranks_lists_then_programs_then_links() -> None:
    result = align(ROWS, ClusterInput(CLUSTERS, False, "ids"), [UK, US, EU, UN], RECORDS)
    (gap,) = [g for g in result.scopes["russia"].gaps if g.key == "gb-not-eu"]
    (first,) = gap.rows
    assert first.name == "Boris B"
    assert first.prominence.lists == 2  # gb_fcdo and us_ofac_sdn
    assert first.prominence.programs == ("RUS", "UKRAINE-EO13662")
    assert first.prominence.links == 1


def random_tables(seed: int) -> tuple[list[Designation], dict[str, str]]:
    rng = random.Random(seed)
    programs = {
        "gb": ["RUS", "GHR", "AQD"],
        "us": ["RUSSIA-EO14024", "GLOMAG", "SDGT"],
        "eu": ["EU-RUS", "EU-HR", "EU-TERR"],
        "un": ["Al-Qaida"],
        "ca": ["Russia", "JVCFOA"],
        "au": ["Autonomous (Russia)", "Autonomous (Thematic - Human Rights)"],
    }
    versions = {
        j: [version(f"{j}_list", i * 2 + k, j, f"202{k + 4}-01-01", live=bool(k)) for k in (0, 1)]
        for i, j in enumerate(JURISDICTIONS)
    }
    rows, clusters = [], {}
    for n in range(400):
        cluster = f"c{n % 150}"
        j = rng.choice(JURISDICTIONS)
        entity = f"{j}-{n}"
        clusters[entity] = cluster
        v = versions[j][rng.random() < 0.8]
        listed = None
        if rng.random() < 0.7:
            listed = f"20{rng.randint(10, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        rows.append(row(v, entity, rng.choice(programs[j]), listed))
    return rows, clusters


def test_figures_equal_brute_force_counts_on_random_tables() -> None:
    for seed in range(5):
        rows, clusters = random_tables(seed)
        for scope in config().scopes:
            cov = coverage(rows, clusters, scope, JURISDICTIONS)
            o = overlap(cov, JURISDICTIONS)
            # Who designates each cluster now, from the rows directly.
            holders: dict[str, set[str]] = {}
            for d in rows:
                if d.current and scope.covers(d):
                    holders.setdefault(clusters[d.entity_id], set()).add(d.jurisdiction)
            assert o.targets == len(holders)
            for j in JURISDICTIONS:
                assert o.per_jurisdiction[j] == sum(j in h for h in holders.values())
            for a, b in combinations(JURISDICTIONS, 2):
                assert o.pairs[(a, b)] == sum({a, b} <= h for h in holders.values())
            exact = Counter(frozenset(h) for h in holders.values())
            assert {frozenset(c): n for c, n in o.combinations} == exact
            # Lags: first listing date per (cluster, jurisdiction) over every version.
            first: dict[tuple[str, str], str] = {}
            for d in rows:
                c = clusters[d.entity_id]
                if scope.covers(d) and d.listing_date and d.jurisdiction in holders.get(c, ()):
                    key = (c, d.jurisdiction)
                    first[key] = min(first.get(key, d.listing_date), d.listing_date)
            found = lags(cov, JURISDICTIONS)
            for a, b in permutations(JURISDICTIONS, 2):
                expected = []
                for c in holders:
                    dated = {j: first[(c, j)] for j in holders[c] if (c, j) in first}
                    if a in dated and b in dated and dated[a] == min(dated.values()):
                        expected.append(days(dated[a], dated[b]))
                assert found[(a, b)].days == tuple(sorted(expected)), (seed, scope.key, a, b)
                if expected:
                    summary = found[(a, b)].summary()
                    assert summary["median"] == float(np.median(expected))


def test_a_publication_bound_gives_a_lower_bound_never_a_lag() -> None:
    us = version("us_ofac_sdn", 1, "us", "2021-01-01")
    rows = [
        row(us, "ofac-1", "RUSSIA-EO14024"),
        row(UK, "gb-1", "RUS", "2022-03-15"),
        row(us, "ofac-2", "RUSSIA-EO14024"),
        row(UK, "gb-2", "RUS", "2020-06-01"),
    ]
    clusters = {"ofac-1": "K1", "gb-1": "K1", "ofac-2": "K2", "gb-2": "K2"}
    scope = config().scopes[1]
    assert scope.key == "russia"
    found = lags(coverage(rows, clusters, scope, JURISDICTIONS), JURISDICTIONS)
    pair = found[("us", "gb")]
    assert pair.days == ()
    assert pair.undated == 2
    # K1: the UK listed after the US file's date; K2: before it, so nothing is known.
    assert pair.at_least == (days("2021-01-01", "2022-03-15"),)
    assert pair.summary()["at_least_median"] == days("2021-01-01", "2022-03-15")
