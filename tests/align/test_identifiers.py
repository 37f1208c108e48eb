"""The identifier fallback: records sharing an exact identifier become one cluster, never
records of different kinds."""

from __future__ import annotations

from kleptrace.align.identifiers import cluster, keyed_by_id, normalise


def test_identifiers_are_normalised_to_what_they_join_on() -> None:
    assert normalise("imoNumber", "IMO 9262091") == ("imo", "9262091")
    assert normalise("innCode", "7708004767") == ("inn", "7708004767")
    assert normalise("unscId", " QDi.001 ") == ("un", "QDI.001")
    assert normalise("swiftBic", "SABR RU MM XXX") == ("bic", "SABRRUMM")
    assert normalise("swiftBic", "KHJBSDKH and 5040942458") is None
    assert normalise("leiCode", "253400m18u5trdgf7x52") == ("lei", "253400M18U5TRDGF7X52")
    assert normalise("notes", "OFSI Group ID: 12703") == ("ofsi", "12703")
    assert normalise("notes", "Other information: none") is None
    assert normalise("authorityId", "treasury department|30722") == ("ofac", "30722")
    assert normalise("authorityId", "bureau of industry and security|30722") is None
    assert keyed_by_id("ofac-30722") == ("ofac", "30722")
    assert keyed_by_id("gb-ofsi-12703") == ("ofsi", "12703")
    assert keyed_by_id("eu-00025c919ff849dc") is None


def test_shared_identifiers_join_and_chain() -> None:
    schemata = {
        "gb-fcdo-rus0001": "Vessel",
        "eu-1": "Vessel",
        "ca-1": "Vessel",
        "gb-fcdo-aqd0001": "Person",
        "unsc-1": "Person",
        "gb-ofsi-12703": "Person",
        "us-csl-1": "LegalEntity",
        "ofac-30722": "Organization",
        "au-1": "Person",
    }
    facts = [
        ("gb-fcdo-rus0001", "imoNumber", "IMO9262091"),
        ("eu-1", "imoNumber", "9262091"),
        ("ca-1", "imoNumber", "IMO 9262091"),
        ("gb-fcdo-aqd0001", "unscId", "QDi.001"),
        ("unsc-1", "unscId", "QDi.001"),
        ("gb-fcdo-aqd0001", "notes", "OFSI Group ID: 12703"),
        ("us-csl-1", "authorityId", "treasury department|30722"),
    ]
    found = cluster(facts, schemata)
    c = found.clusters
    assert c["gb-fcdo-rus0001"] == c["eu-1"] == c["ca-1"] == "ca-1"
    # UN reference and OFSI group id chain the FCDO, UN and OFSI records.
    assert c["gb-fcdo-aqd0001"] == c["unsc-1"] == c["gb-ofsi-12703"]
    assert c["us-csl-1"] == c["ofac-30722"]
    assert "au-1" not in c
    assert found.joined_by == {"imo": 1, "un": 1, "ofsi": 1, "ofac": 1}


def test_an_identifier_on_a_person_and_a_vessel_is_not_used() -> None:
    schemata = {"p": "Person", "v": "Vessel", "w": "Vessel"}
    facts = [("p", "imoNumber", "9262091"), ("v", "imoNumber", "9262091")]
    found = cluster([*facts, ("w", "imoNumber", "9262091")], schemata)
    assert found.clusters == {}
    assert found.skipped == {"imo": 1}
