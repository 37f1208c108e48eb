"""The shared identifier grammar (data/identifiers.yml): a table error, such as a property
FtM does not have or a validator rigour.ids does not know, must fail here, not drop numbers
silently at load time."""

from __future__ import annotations

from pathlib import Path

from followthemoney import model

from kleptrace.data import load_table
from kleptrace.sources import identifiers
from kleptrace.sources.base import Emitter
from kleptrace.sources.gb.registry_numbers import registry_numbers
from kleptrace.sources.us import ofac_remarks

RAW = load_table("identifiers")
GRAMMAR = identifiers.grammar()


def _schemata_with(prop: str) -> set[str]:
    return {s.name for s in model.schemata.values() if s.get(prop) is not None}


def test_every_property_is_a_real_ftm_property_of_the_target_schema() -> None:
    for name, row in RAW["kinds"].items():
        for prop in [*(row or {}).get("props", []), *filter(None, [(row or {}).get("checked")])]:
            assert _schemata_with(prop), f"kind {name}: no FtM schema has {prop!r}"
    every = [*GRAMMAR.labels.values(), *(k for _, k in GRAMMAR.patterns)]
    every += [k for codes in GRAMMAR.codes.values() for k in codes.values()]
    for kind in every:
        if kind.requires is not None:
            schema = model.get(kind.requires)
            assert schema is not None and schema.get(kind.props[0]) is not None, kind
        if kind.document is not None:
            assert kind.document in {"Passport", "Identification"}, kind
            assert model.get(kind.document) is not None


def test_every_validator_is_known_and_names_a_rigour_format_or_cleaner() -> None:
    validators = {row["validator"] for row in RAW["kinds"].values() if row and "validator" in row}
    assert validators, "the table checks no number at all"
    for name in validators:
        assert identifiers.is_validator(name), name
    assert not identifiers.is_validator("no-such-format")


def test_every_label_and_code_names_a_kind_and_labels_are_not_duplicated() -> None:
    kinds = set(RAW["kinds"])
    values = [*RAW["labels"].values(), *RAW["patterns"]]
    values += [v for rows in RAW["codes"].values() for v in rows.values()]
    for value in values:
        assert (value if isinstance(value, str) else value["kind"]) in kinds, value
    keys = [identifiers.norm_label(str(k)) for k in RAW["labels"]]
    assert len(keys) == len(set(keys))
    ofac_only = {identifiers.norm_label(str(k)) for k in load_table("ofac_id_types")["types"]}
    assert not ofac_only & set(keys), "an identifier label is still in ofac_id_types.yml"


def test_labels_name_their_kinds_in_every_form() -> None:
    assert identifiers.lookup("Tax ID No.:") == GRAMMAR.kinds["tax"]
    assert identifiers.lookup("OGRN") == GRAMMAR.kinds["registration"]
    assert identifiers.coded("eu_fsf", "SwiftBic") == GRAMMAR.kinds["swift"]
    assert identifiers.coded("eu_fsf", "unheard-of") is None
    finder, _ = identifiers.label_finder()
    found = [identifiers.found_kind(m).name for m in finder.finditer("OGRN: 1; INN/TIN: 2")]
    assert found == ["registration", "tax", "tax"]
    assert finder.search("BINARY OPTIONS") is None  # labels are whole words
    # OFAC's remarks grammar reads the same labels
    fact = ofac_remarks.parse_segment("Tax ID No. 7707083893 (Russia)")
    assert fact.id_type is not None and fact.id_type.identifier == GRAMMAR.kinds["tax"]
    assert ofac_remarks.parse_segment("BINARY options trader").kind == "unknown"


def test_kinds_place_numbers_by_their_validators() -> None:
    tax = GRAMMAR.kinds["tax"]
    assert tax.properties("7707083893") == [("innCode", "7707083893"), ("taxNumber", "7707083893")]
    assert tax.properties("7707083893", country="Russia")[0] == ("innCode", "7707083893")
    assert tax.properties("7707083893", country="Belarus") == [("taxNumber", "7707083893")]
    assert tax.properties("7707083894") == [("taxNumber", "7707083894")]  # checksum fails
    lei = GRAMMAR.kinds["lei"]
    assert lei.properties("253400JT3MQWNDKMJE44")[0] == ("leiCode", "253400JT3MQWNDKMJE44")
    assert lei.properties("851683897") == [("registrationNumber", "851683897")]  # not an LEI
    assert GRAMMAR.kinds["swift"].properties("ROSYRU2P") == [("swiftBic", "ROSYRU2P")]
    assert GRAMMAR.kinds["swift"].properties("044525600") == []  # a BIK, not a BIC
    assert GRAMMAR.kinds["imo"].properties("IMO 9220639") == [("imoNumber", "IMO9220639")]
    assert GRAMMAR.kinds["kpp"].properties("772901001") == []


def test_uk_registry_numbers_read_through_the_shared_grammar(tmp_path: Path) -> None:
    """A grouped OGRN is read whole, a BIK the schema has no property for stays in the
    note, and a valid OGRN under "Registration Number" becomes ogrnCode."""
    emitter = Emitter("test", "t", tmp_path / "x.csv")
    org = emitter.make("Organization", "1")
    text = "OGRN: 114 237 300 24 30INN: 2373007549BIK (RU): 044525600"
    assert registry_numbers(emitter, org, text, "business registration") == 2
    assert org.get("ogrnCode") == ["1142373002430"]
    assert org.get("innCode") == ["2373007549"]
    assert org.get("notes") == [f"business registration: {text}"]
    other = emitter.make("Organization", "2")
    registry_numbers(emitter, other, "Registration Number 1027739179160", "reg")
    assert other.get("ogrnCode") == ["1027739179160"]
    assert other.get("registrationNumber") == []
