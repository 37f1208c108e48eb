"""`GET /entities/{id}` and the EntityResponse builder, checked against raw SQL on the store."""

from __future__ import annotations

import re
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient
from followthemoney import model, registry

from kleptrace.api.entities import entity_response, entity_responses
from kleptrace.api.errors import ApiError
from kleptrace.api.state import Snapshot
from kleptrace.screen.targets import TARGET_SCHEMATA

PUTIN = "ofac-35096"
# yente 5.5 EntityResponse: required keys, then the ones with defaults we always send.
ENTITY_FIELDS = {"id", "caption", "schema", "properties", "datasets", "referents", "target"}
ENTITY_FIELDS |= {"first_seen", "last_seen", "last_change"}
ISO_SECONDS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")


def assert_entity_shape(entity: dict[str, Any], nested: bool = False) -> None:
    """yente's EntityResponse; flat unless `nested`, when values may be entities too."""
    assert set(entity) == ENTITY_FIELDS
    assert isinstance(entity["id"], str) and isinstance(entity["caption"], str)
    assert entity["schema"] in model.schemata
    assert isinstance(entity["target"], bool)
    assert isinstance(entity["datasets"], list) and entity["referents"] == []
    for key in ("first_seen", "last_seen", "last_change"):
        assert entity[key] is None or ISO_SECONDS.match(entity[key]), entity[key]
    for prop, values in entity["properties"].items():
        assert isinstance(values, list) and values, prop
        for value in values:
            if isinstance(value, dict) and nested:
                assert_entity_shape(value, nested=True)
            else:
                assert isinstance(value, str), (prop, value)


def test_flat_entity_has_yentes_shape_and_the_stores_values(
    client: TestClient, raw: duckdb.DuckDBPyConnection
) -> None:
    response = client.get(f"/entities/{PUTIN}", params={"nested": "false"})
    assert response.status_code == 200, response.text
    entity = response.json()
    assert_entity_shape(entity)
    assert entity["id"] == PUTIN and entity["schema"] == "Person" and entity["target"] is True
    rows = raw.execute(
        "SELECT prop, list(DISTINCT value ORDER BY value), list(DISTINCT dataset) "
        "FROM current_statements WHERE entity_id = ? AND prop <> 'id' GROUP BY prop",
        [PUTIN],
    ).fetchall()
    assert entity["properties"] == {prop: values for prop, values, _ in rows}
    assert entity["datasets"] == sorted({d for *_, datasets in rows for d in datasets})
    assert entity["caption"] in entity["properties"]["name"]


def test_nested_sanctions_are_the_designations(
    client: TestClient, raw: duckdb.DuckDBPyConnection
) -> None:
    designations = raw.execute(
        "SELECT count(*), list(DISTINCT sanction_id ORDER BY sanction_id) "
        "FROM current_designations WHERE entity_id = ?",
        [PUTIN],
    ).fetchone()
    assert designations is not None
    rows, sanction_ids = designations
    entity = client.get(f"/entities/{PUTIN}").json()
    assert_entity_shape(entity, nested=True)
    sanctions = entity["properties"]["sanctions"]
    assert len(sanctions) == rows == len(sanction_ids) >= 1
    assert sorted(s["id"] for s in sanctions) == sanction_ids
    for sanction in sanctions:
        assert sanction["schema"] == "Sanction" and sanction["target"] is False
        assert "entity" not in sanction["properties"]  # the back-reference to Putin
        assert sanction["properties"]["program"]


def test_inbound_entities_sit_under_the_reverse_property(
    client: TestClient, raw: duckdb.DuckDBPyConnection
) -> None:
    expected: dict[str, set[str]] = {}
    for entity_id, schema, prop in raw.execute(
        "SELECT entity_id, schema, prop FROM current_statements WHERE value = ? AND prop <> 'id'",
        [PUTIN],
    ).fetchall():
        found = model[schema].get(prop)
        if found is not None and found.type == registry.entity and found.reverse is not None:
            expected.setdefault(found.reverse.name, set()).add(entity_id)
    assert "unknownLinkFrom" in expected
    properties = client.get(f"/entities/{PUTIN}").json()["properties"]
    for reverse, ids in expected.items():
        assert {child["id"] for child in properties[reverse]} == ids
    for link in properties["unknownLinkFrom"]:
        # An edge brings the entity at its other end, without the one back at the root.
        assert "object" not in link["properties"]
        (subject,) = link["properties"]["subject"]
        assert isinstance(subject, dict) and subject["id"] != PUTIN
        assert subject["caption"]


def test_edges_of_an_owner_carry_the_asset(
    client: TestClient, raw: duckdb.DuckDBPyConnection
) -> None:
    found = raw.execute(
        "SELECT o.entity_id, o.value, a.value FROM current_statements o "
        "JOIN current_statements a ON a.entity_id = o.entity_id AND a.prop = 'asset' "
        "WHERE o.schema = 'Ownership' AND o.prop = 'owner' "
        "AND a.value IN (SELECT entity_id FROM current_statements) ORDER BY 1 LIMIT 1"
    ).fetchone()
    assert found is not None, "the shared lists have ownership records"
    ownership_id, owner_id, asset_id = found
    entity = client.get(f"/entities/{owner_id}").json()
    assert_entity_shape(entity, nested=True)
    (ownership,) = [o for o in entity["properties"]["ownershipOwner"] if o["id"] == ownership_id]
    assert "owner" not in ownership["properties"]
    assert [a["id"] for a in ownership["properties"]["asset"]] == [asset_id]


def test_outbound_references_are_nested_only_when_asked(
    client: TestClient, raw: duckdb.DuckDBPyConnection
) -> None:
    found = raw.execute(
        "SELECT entity_id, value FROM current_statements "
        "WHERE schema = 'Sanction' AND prop = 'entity' ORDER BY 1 LIMIT 1"
    ).fetchone()
    assert found is not None
    sanction_id, target_id = found
    flat = client.get(f"/entities/{sanction_id}", params={"nested": "false"}).json()
    assert flat["properties"]["entity"] == [target_id]
    nested = client.get(f"/entities/{sanction_id}").json()
    (target,) = nested["properties"]["entity"]
    assert target["id"] == target_id
    assert "sanctions" not in target["properties"]  # it is nested under the sanction itself


def test_timestamps_are_naive_iso_seconds_from_the_statements(
    client: TestClient, raw: duckdb.DuckDBPyConnection
) -> None:
    found = raw.execute(
        "SELECT entity_id, min(first_seen), max(last_seen), max(first_seen) "
        "FROM current_statements GROUP BY entity_id HAVING count(first_seen) > 0 "
        "ORDER BY entity_id LIMIT 1"
    ).fetchone()
    assert found is not None
    entity_id, first_seen, last_seen, last_change = found
    entity = client.get(f"/entities/{entity_id}", params={"nested": "false"}).json()
    assert (entity["first_seen"], entity["last_seen"], entity["last_change"]) == (
        first_seen[:19],
        last_seen[:19],
        last_change[:19],
    )


def test_target_means_designated_or_a_target_schema(
    snap: Snapshot, raw: duckdb.DuckDBPyConnection
) -> None:
    found = raw.execute(
        "SELECT DISTINCT d.entity_id FROM current_designations d JOIN current_statements s "
        f"USING (entity_id) WHERE s.schema NOT IN {tuple(TARGET_SCHEMATA)} ORDER BY 1 LIMIT 1"
    ).fetchone()
    assert found is not None, "the shared lists designate assets too"
    sanction = raw.execute(
        "SELECT entity_id FROM current_statements WHERE schema = 'Sanction' LIMIT 1"
    ).fetchone()
    assert sanction is not None
    found_flat = entity_responses(snap, [found[0], sanction[0], PUTIN])
    assert found_flat[found[0]]["target"] is True
    assert found_flat[sanction[0]]["target"] is False
    assert found_flat[PUTIN]["target"] is True


def test_entity_responses_answer_many_ids_and_leave_out_unknown_ones(
    client: TestClient, snap: Snapshot
) -> None:
    ids = sorted(snap.targets)[:40]
    found = entity_responses(snap, [*ids, "no-such-id", ids[0]])
    assert sorted(found) == ids
    for entity_id in ids[:3]:
        flat = client.get(f"/entities/{entity_id}", params={"nested": "false"}).json()
        assert found[entity_id] == flat
    assert entity_responses(snap, []) == {}


@pytest.mark.parametrize("nested", [True, False])
def test_an_unknown_id_is_404_in_yentes_words(
    client: TestClient, snap: Snapshot, nested: bool
) -> None:
    response = client.get("/entities/no-such-entity", params={"nested": nested})
    assert response.status_code == 404
    assert response.json() == {"detail": "No such entity!"}
    with pytest.raises(ApiError) as error:
        entity_response(snap, "no-such-entity", nested)
    assert error.value.status == 404
