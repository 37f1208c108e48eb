"""`GET /search/{dataset}`: yente's SearchResponse, filters and facets against plain counts."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pytest
from fastapi.testclient import TestClient
from followthemoney import model, registry

from kleptrace.api.filters import target_filter
from kleptrace.api.routes.search import search_index
from kleptrace.api.state import Snapshot
from kleptrace.screen.evidence import normalise_identifier
from kleptrace.screen.index import Target
from tests.api.test_entities import PUTIN, assert_entity_shape


def search(client: TestClient, dataset: str = "default", **params: Any) -> dict[str, Any]:
    response = client.get(f"/search/{dataset}", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def facet(body: dict[str, Any], name: str) -> dict[str, int]:
    return {v["name"]: v["count"] for v in body["facets"][name]["values"]}


def kept(snap: Snapshot, dataset: str) -> list[Target]:
    sources = snap.catalog.resolve(dataset).sources
    return [t for t in snap.targets.values() if sources.intersection(t.sources)]


def test_a_search_without_text_lists_every_target_in_yentes_shape(
    client: TestClient, snap: Snapshot
) -> None:
    body = search(client)
    assert set(body) == {"results", "facets", "total", "limit", "offset"}
    assert body["total"] == {"value": len(snap.targets), "relation": "eq"}
    assert (body["limit"], body["offset"], len(body["results"])) == (10, 0, 10)
    for result in body["results"]:
        assert_entity_shape(result)  # flat: entity-typed properties stay ids
    assert list(body["facets"]) == ["countries", "topics", "datasets"]
    assert body["facets"]["countries"]["label"] == registry.country.plural
    assert body["facets"]["topics"]["label"] == registry.topic.plural
    assert body["facets"]["datasets"]["label"] == "Data sources"
    designated = sum(bool(t.regimes) for t in snap.targets.values())
    assert facet(body, "topics") == {"sanction": designated}
    by_source = Counter(s for t in snap.targets.values() for s in t.sources)
    assert facet(body, "datasets") == dict(by_source)
    titles = {v["name"]: v["label"] for v in body["facets"]["datasets"]["values"]}
    assert titles["us_ofac_sdn"] == snap.catalog.resolve("us_ofac_sdn").title
    countries = body["facets"]["countries"]["values"]
    assert {"name": "ru", "label": "Russia", "count": countries[0]["count"]} in countries
    assert [v["count"] for v in countries] == sorted((v["count"] for v in countries), reverse=True)


def test_pages_follow_one_order(client: TestClient) -> None:
    first = search(client, limit=10)["results"]
    second = search(client, limit=5, offset=5)["results"]
    assert [r["id"] for r in second] == [r["id"] for r in first[5:]]
    assert search(client, limit=0)["results"] == []


def test_vladimir_putin_finds_the_ofac_listing(client: TestClient, snap: Snapshot) -> None:
    body = search(client, q="Vladimir Putin", limit=50)
    ids = [r["id"] for r in body["results"]]
    assert PUTIN in ids
    assert body["total"]["value"] == len(ids)
    assert facet(body, "topics")["sanction"] == sum(bool(snap.targets[i].regimes) for i in ids)
    for result in body["results"]:
        assert_entity_shape(result)
    people = search(client, q="Vladimir Putin", schema="Person", limit=50)
    assert PUTIN in [r["id"] for r in people["results"]]
    assert {r["schema"] for r in people["results"]} == {"Person"}
    assert search(client, q="Vladimir Putin", schema="Vessel")["total"]["value"] == 0
    ofac = search(client, "us_ofac_sdn", q="Vladimir Putin")
    assert {r["id"] for r in ofac["results"]} == {PUTIN}


def test_an_identifier_finds_its_holders_first(client: TestClient, snap: Snapshot) -> None:
    vessel = snap.targets["ofac-37444"]
    imo = next(v for v in vessel.identifiers if v.startswith("IMO"))
    holders = {
        t.entity_id
        for t in snap.targets.values()
        if normalise_identifier(imo) in {normalise_identifier(v) for v in t.identifiers}
    }
    ids = [r["id"] for r in search(client, q=imo.lower())["results"]]
    assert vessel.entity_id in holders
    assert set(ids[: len(holders)]) == holders
    # A vessel's name is found under the default schema (Thing) too.
    named = search(client, q=vessel.caption, limit=50)["results"]
    assert vessel.entity_id in [r["id"] for r in named]


def test_filters_and_facets_agree_with_plain_counts(client: TestClient, snap: Snapshot) -> None:
    body = search(
        client,
        "sanctions",
        countries="RU",
        topics="sanction",
        facets=["schema", "genders", "datasets", "countries"],
    )
    expected = [t for t in kept(snap, "sanctions") if "ru" in t.countries and t.regimes]
    assert body["total"]["value"] == len(expected)
    assert facet(body, "countries")["ru"] == len(expected)
    assert facet(body, "schema") == dict(Counter(t.schema for t in expected))
    assert facet(body, "genders") == dict(Counter(t.gender for t in expected if t.gender))
    assert facet(body, "datasets") == dict(Counter(s for t in expected for s in t.sources))
    assert body["facets"]["schema"]["label"] == "Entity types"
    labels = {v["name"]: v["label"] for v in body["facets"]["schema"]["values"]}
    assert labels["Person"] == model["Person"].plural


def test_schema_takes_its_descendants_and_exclusions(client: TestClient, snap: Snapshot) -> None:
    everyone = list(snap.targets.values())
    organisations = [t for t in everyone if model[t.schema].is_a("Organization")]
    assert {t.schema for t in organisations} > {"Organization"}
    body = search(client, schema="Organization", facets="schema")
    assert body["total"]["value"] == len(organisations)
    assert facet(body, "schema") == dict(Counter(t.schema for t in organisations))
    no_people = search(client, exclude_schema="Person")["total"]["value"]
    assert no_people == sum(t.schema != "Person" for t in everyone)


def test_dataset_parameters_narrow_by_source(client: TestClient, snap: Snapshot) -> None:
    ofac = search(client, datasets="us_ofac_sdn")["total"]["value"]
    assert ofac == len(kept(snap, "us_ofac_sdn"))
    assert search(client, "us_ofac_sdn")["total"]["value"] == ofac
    assert search(client, include_dataset="us_ofac_sdn")["total"]["value"] == ofac
    rest = search(client, exclude_dataset="us_ofac_sdn")["total"]["value"]
    assert rest == sum(set(t.sources) != {"us_ofac_sdn"} for t in snap.targets.values())


def test_field_filters_combine_with_filter_op(client: TestClient, snap: Snapshot) -> None:
    born = [t for t in snap.targets.values() if any(d.startswith("1952") for d in t.dates)]
    body = search(client, filter="properties.birthDate:1952")
    assert body["total"]["value"] == len(born) > 0
    either = [t for t in born if {"ru", "ua"} & set(t.countries)]
    both = [t for t in born if {"ru", "ua"} <= set(t.countries)]
    two = ["properties.birthDate:1952", "countries:ru", "properties.nationality:ua"]
    assert search(client, filter=two)["total"]["value"] == len(either)
    assert search(client, filter=two, filter_op="AND")["total"]["value"] == len(both)
    assert len(both) < len(either)


@pytest.mark.parametrize(
    "dataset,params",
    [
        ("default", {}),
        ("sanctions", {"exclude_dataset": ["us_ofac_sdn", "gb_hmt_ofsi"]}),
        ("default", {"include_dataset": ["eu_journal", "un_sc"], "topics": ["sanction"]}),
        ("us", {"exclude_schema": ["Organization"]}),
        ("default", {"topics": ["role.pep"]}),
        ("default", {"changed_since": "2025-06-01"}),
    ],
)
def test_the_array_filter_is_target_filter(
    snap: Snapshot, dataset: str, params: dict[str, list[str]]
) -> None:
    keep = target_filter(snap, dataset, **params)
    index = search_index(snap)
    expected = np.array([keep(t) for t in index.targets])
    assert (index.allowed(keep, "Thing") == expected).all()


@pytest.mark.parametrize(
    "params,status,detail",
    [
        ({"schema": "Foo"}, 400, "Invalid schema"),
        ({"filter": "x"}, 400, "Invalid filter: 'x'"),
        ({"filter": "nowhere:1"}, 400, "Invalid filter: 'nowhere:1'; no field 'nowhere'"),
        ({"include_dataset": "nope"}, 400, "include_dataset: no such dataset 'nope'"),
        ({"datasets": "nope"}, 400, "datasets: no such dataset 'nope'"),
    ],
)
def test_bad_parameters_are_400_naming_them(
    client: TestClient, params: dict[str, str], status: int, detail: str
) -> None:
    response = client.get("/search/default", params=params)
    assert (response.status_code, response.json()) == (status, {"detail": detail})


def test_an_unknown_dataset_is_404(client: TestClient) -> None:
    response = client.get("/search/nope")
    assert (response.status_code, response.json()) == (404, {"detail": "No such dataset."})


@pytest.mark.parametrize(
    "params,field",
    [
        ({"limit": 501}, "limit"),
        ({"offset": 9500}, "offset"),
        ({"facets": "colours"}, "facets"),
        ({"changed_since": "yesterday"}, "changed_since"),
        ({"filter_op": "XOR"}, "filter_op"),
    ],
)
def test_out_of_range_parameters_are_422_naming_them(
    client: TestClient, params: dict[str, Any], field: str
) -> None:
    response = client.get("/search/default", params=params)
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"][:2] == ["query", field]


def test_yentes_other_parameters_are_accepted(client: TestClient, snap: Snapshot) -> None:
    params = {"fuzzy": "true", "simple": "true", "sort": "caption:asc"}
    body = search(client, countries="", **params)
    assert body["total"]["value"] == len(snap.targets)  # an empty value filters nothing


def test_browsing_every_target_is_fast(client: TestClient) -> None:
    search(client)  # builds the snapshot's search arrays once
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        search(client, topics="sanction")
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.1, timings


def _changed_since(db: Path, since: str) -> set[str]:
    """Ids with a statement first seen at or after `since`, or with no first-seen time,
    worked out in SQL from the store."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT entity_id FROM current_statements GROUP BY entity_id "
            "HAVING max(first_seen) IS NULL OR max(first_seen) >= ?",
            [since],
        ).fetchall()
    return {row[0] for row in rows}


@pytest.mark.parametrize("since", ["2025-01-01", "2026-04-01T00:00:00", "2100-01-01"])
def test_changed_since_leaves_out_targets_unchanged_since(
    client: TestClient, snap: Snapshot, screening_db: Path, since: str
) -> None:
    expected = _changed_since(screening_db, since) & set(snap.targets)
    assert 0 < len(expected) < len(snap.targets)
    body = search(client, changed_since=since, limit=500)
    assert body["total"]["value"] == len(expected)
    for result in body["results"]:
        assert result["id"] in expected
        assert result["last_change"] is None or result["last_change"] >= since


def test_an_impossible_changed_since_is_400_naming_it(client: TestClient) -> None:
    response = client.get("/search/default", params={"changed_since": "2026-02-30"})
    assert response.status_code == 400
    assert response.json() == {"detail": "changed_since: not a date or time: '2026-02-30'"}
