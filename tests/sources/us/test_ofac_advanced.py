"""OFAC advanced XML: parser output checked against what the test reads from the raw file
with ElementTree (whole tree, reference values resolved by the test), in both namespaces,
plus documents built from the 2024 fragments and small broken files written to tmp_path."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from followthemoney import StatementEntity
from lxml import etree

from kleptrace.exc import ParseError
from kleptrace.sources import detect, get_format
from kleptrace.sources.base import Emitter
from kleptrace.sources.report import ParseReport
from kleptrace.sources.us.advanced_index import Index, Profile
from kleptrace.sources.us.advanced_links import BrokenRelation, relation_entity
from kleptrace.sources.us.ofac_advanced import FORMAT
from tests.sources.helpers import TARGETS, parse_by_id, sanctions_of

OLD = "http://www.un.org/sanctions/1.0"
NEW = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML"
N = {"s": OLD}
Entities = dict[str, StatementEntity]


@pytest.fixture(scope="module")
def path(data_dir: Path) -> Path:
    return data_dir / "us_ofac_advanced" / "cons_advanced_2020-03-17.xml"


@pytest.fixture(scope="module")
def root(path: Path) -> ET.Element:
    return ET.parse(path).getroot()


@pytest.fixture(scope="module")
def parsed(path: Path) -> tuple[Entities, ParseReport]:
    return parse_by_id(FORMAT.parse, path)


@pytest.fixture(scope="module")
def by_id(parsed: tuple[Entities, ParseReport]) -> Entities:
    return parsed[0]


def refs(root: ET.Element, kind: str) -> dict[str, str]:
    """One reference value set, ID -> label, read by the test."""
    return {v.get("ID", ""): (v.text or "") for v in root.iter(f"{{{OLD}}}{kind}")}


def parties(root: ET.Element) -> list[ET.Element]:
    return root.findall("s:DistinctParties/s:DistinctParty", N)


def test_recognised_named_and_dated(path: Path) -> None:
    assert detect(path) is get_format("us_ofac_advanced")
    assert FORMAT.source_name(path) == "us_ofac_cons_advanced"
    assert FORMAT.list_key is not None and FORMAT.list_key(path) == "us_ofac_cons"
    assert FORMAT.published(path) == "2020-03-17"
    assert FORMAT.source_name(Path("SDN_ADVANCED.XML")) == "us_ofac_sdn_advanced"


def test_one_target_per_party(root: ET.Element, by_id: Entities) -> None:
    sub_types = {v.get("ID"): v.get("PartyTypeID") for v in root.iter(f"{{{OLD}}}PartySubType")}
    party_types = refs(root, "PartyType")
    kinds = Counter(
        party_types[sub_types[p.find("s:Profile", N).get("PartySubTypeID")]]  # type: ignore[union-attr,index]
        for p in parties(root)
    )
    targets = [e for e in by_id.values() if e.schema.name in TARGETS]
    schemata = Counter(e.schema.name for e in targets)
    assert len(targets) == len(parties(root)) == 375
    assert schemata["Person"] == kinds["Individual"]
    assert (
        schemata["LegalEntity"] + schemata["Organization"] + schemata["Company"] == kinds["Entity"]
    )
    assert {str(e.id) for e in targets} == {f"ofac-{p.get('FixedRef')}" for p in parties(root)}


def entries_by_program(root: ET.Element) -> dict[tuple[str, str], set[str]]:
    """(FixedRef, program) -> every entry date, as the test reads the SanctionsEntries."""
    measure_types = refs(root, "SanctionsType")
    fixed = {p.find("s:Profile", N).get("ID"): p.get("FixedRef") for p in parties(root)}  # type: ignore[union-attr]
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    for entry in root.iter(f"{{{OLD}}}SanctionsEntry"):
        dates = {
            "{:04d}-{:02d}-{:02d}".format(
                *(int(d.findtext(f"s:{k}", namespaces=N) or 0) for k in ("Year", "Month", "Day"))
            )
            for d in entry.findall("s:EntryEvent/s:Date", N)
        }
        for measure in entry.findall("s:SanctionsMeasure", N):
            if measure_types[measure.get("SanctionsTypeID", "")] == "Program":
                program = measure.findtext("s:Comment", namespaces=N) or ""
                out[(fixed[entry.get("ProfileID")], program)] |= dates
    return out


def test_sanctions_per_program_with_entry_dates(root: ET.Element, by_id: Entities) -> None:
    expected = entries_by_program(root)
    sanctions = [e for e in by_id.values() if e.schema.name == "Sanction"]
    got = {
        (s.first("entity").removeprefix("ofac-"), s.first("program")): set(s.get("listingDate"))  # type: ignore[union-attr]
        for s in sanctions
    }
    assert got == expected
    assert len(root.findall("s:SanctionsEntries/s:SanctionsEntry", N)) == 759
    # the NS-PLC listing of 2006 comes before its 2014 Consolidated List entry
    assert got[("9639", "NS-PLC")] == {"2006-04-12", "2014-10-10"}
    (haniya,) = sanctions_of(by_id, "ofac-9639")
    assert set(haniya.get("status")) == {
        "Consolidated List",
        "Non-SDN Palestinian Legislative Council List",
    }


def test_relationships_are_typed_links(root: ET.Element, by_id: Entities) -> None:
    relations = refs(root, "RelationType")
    fixed = {p.find("s:Profile", N).get("ID"): p.get("FixedRef") for p in parties(root)}  # type: ignore[union-attr]
    raw = root.findall("s:ProfileRelationships/s:ProfileRelationship", N)
    owned = {
        (f"ofac-{fixed[r.get('From-ProfileID')]}", f"ofac-{fixed[r.get('To-ProfileID')]}")
        for r in raw
        if relations[r.get("RelationTypeID", "")] == "Owned or Controlled By"
    }
    ownerships = [e for e in by_id.values() if e.schema.name == "Ownership"]
    assert len(raw) == len(ownerships) == 276 == len(owned)
    assert {(o.first("asset"), o.first("owner")) for o in ownerships} == owned
    assert all(o.get("role") == ["Owned or Controlled By"] for o in ownerships)


def test_names_and_parts(root: ET.Element, by_id: Entities) -> None:
    part_types = refs(root, "NamePartType")
    for party in parties(root):
        identity = party.find("s:Profile/s:Identity", N)
        groups = {
            g.get("ID"): part_types[g.get("NamePartTypeID", "")]
            for g in identity.iter(f"{{{OLD}}}NamePartGroup")
        }  # type: ignore[union-attr]
        primary = identity.find("s:Alias[@Primary='true']/s:DocumentedName", N)  # type: ignore[union-attr]
        values = [
            (groups[v.get("NamePartGroupID")], v.text)
            for v in primary.iter(f"{{{OLD}}}NamePartValue")
        ]  # type: ignore[union-attr]
        entity = by_id[f"ofac-{party.get('FixedRef')}"]
        alias_count = len(identity.findall("s:Alias[@Primary='false']", N))  # type: ignore[union-attr]
        assert (
            len(entity.get("alias") + entity.get("weakAlias") + entity.get("previousName"))
            <= alias_count
        )
        if entity.schema.name == "Person":
            assert entity.get("lastName") == [v for t, v in values if t == "Last Name"]
            assert entity.get("firstName") == [v for t, v in values if t == "First Name"]
        else:
            assert entity.get("name") == [" ".join(v for _, v in values if v)]


def test_documents_features_and_addresses(root: ET.Element, by_id: Entities) -> None:
    owner = {
        i.get("ID"): f"ofac-{p.get('FixedRef')}"
        for p in parties(root)
        for i in p.iter(f"{{{OLD}}}Identity")
    }
    held: dict[str, set[str]] = defaultdict(set)
    for entity in by_id.values():
        values = {v for _, v in entity.itervalues()}
        key = (
            entity.first("holder")
            if entity.schema.name in ("Identification", "Passport")
            else entity.id
        )
        held[str(key)] |= values
    for document in root.iter(f"{{{OLD}}}IDRegDocument"):
        printed = document.findtext("s:IDRegistrationNo", namespaces=N) or ""
        number = re.sub(r"\s*\([A-Za-z ]+\)$", "", printed.strip())  # '33556474 (Russia)'
        assert number in held[owner[document.get("IdentityID")]], number
    doc_types = refs(root, "IDRegDocType")
    passports = [
        d
        for d in root.iter(f"{{{OLD}}}IDRegDocument")
        if doc_types[d.get("IDRegDocTypeID", "")] == "Passport"
    ]
    assert len(passports) == sum(e.schema.name == "Passport" for e in by_id.values())
    features = refs(root, "FeatureType")
    with_feature: dict[str, set[str]] = defaultdict(set)
    for party in parties(root):
        for feature in party.iter(f"{{{OLD}}}Feature"):
            with_feature[features[feature.get("FeatureTypeID", "")]].add(
                f"ofac-{party.get('FixedRef')}"
            )
    for label, prop in (
        ("Website", "website"),
        ("Birthdate", "birthDate"),
        ("Place of Birth", "birthPlace"),
    ):
        assert {str(e.id) for e in by_id.values() if e.has(prop, quiet=True)} == with_feature[
            label
        ], label
    emails = {
        str(e.id)
        for e in by_id.values()
        if e.has("email", quiet=True)
        or any(n.startswith("email:") for n in e.get("notes", quiet=True))
    }
    assert emails == with_feature["Email Address"]
    assert by_id["ofac-9639"].get("birthDate") == ["1962"]
    (issued_in,) = root.findall(".//s:IDRegDocument[@IssuedIn-LocationID]", N)
    holder = by_id[owner[issued_in.get("IdentityID")]]
    place = root.find(f"s:Locations/s:Location[@ID='{issued_in.get('IssuedIn-LocationID')}']", N)
    written = place.findtext(".//s:Value", namespaces=N)  # type: ignore[union-attr]
    assert any(n.endswith(f"issued in: {written}") for n in holder.get("notes"))
    located = sum(
        1 for loc in root.iter(f"{{{OLD}}}Location") if loc.find("s:LocationPart", N) is not None
    )
    assert (
        located
        and sum(len(e.get("address")) for e in by_id.values() if e.schema.name in TARGETS)
        >= located - 5
    )


def test_new_namespace_reads_the_same(path: Path, tmp_path: Path, by_id: Entities) -> None:
    copy = tmp_path / "CONS_ADVANCED.XML"
    copy.write_text(path.read_text("utf-8").replace(OLD, NEW), "utf-8")
    assert detect(copy) is FORMAT
    again, _ = parse_by_id(FORMAT.parse, copy)
    assert again.keys() == by_id.keys()
    assert again["ofac-9639"].to_dict()["properties"] == by_id["ofac-9639"].to_dict()["properties"]


FRAGMENTS = (
    "DateOfIssue.xml",
    "ReferenceValueSets.xml",
    "Locations.xml",
    "IDRegistrationNo.xml",
    "DistinctParties.xml",
    "ProfileRelationships.xml",
    "SanctionsEntries.xml",
)


def fragment_document(folder: Path, extra_refs: ET.Element | None = None) -> str:
    """The 2024 fragments as one SDN_ADVANCED document in the new namespace, with party
    25057 added to DistinctParties (and, optionally, more reference values)."""
    pieces = {name: (folder / name).read_text("utf-8") for name in FRAGMENTS}
    party = (folder / "DistinctParty_25057.xml").read_text("utf-8")
    pieces["DistinctParties.xml"] = (
        f"<DistinctParties>{pieces['DistinctParties.xml']}{party}</DistinctParties>"
    )
    if extra_refs is not None:
        sets = ET.fromstring(pieces["ReferenceValueSets.xml"])
        for value_set in sets:
            have = {v.get("ID") for v in value_set}
            for more in extra_refs.findall(f"{{{OLD}}}{value_set.tag}/*"):
                if more.get("ID") not in have:
                    more.tag = more.tag.rpartition("}")[2]
                    value_set.append(more)
        pieces["ReferenceValueSets.xml"] = ET.tostring(sets, encoding="unicode")
    body = "\n".join(pieces[name] for name in FRAGMENTS)
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<Sanctions xmlns="{NEW}">\n{body}\n</Sanctions>\n'
    )


def test_fragments_with_full_reference_values(
    data_dir: Path, root: ET.Element, tmp_path: Path
) -> None:
    folder = data_dir / "us_ofac_advanced" / "fragments_2024-03-06_reformatted"
    doc = tmp_path / "SDN_ADVANCED.XML"
    doc.write_text(fragment_document(folder, root.find("s:ReferenceValueSets", N)), "utf-8")
    assert (
        FORMAT.published(doc) == "2024-03-06" and FORMAT.source_name(doc) == "us_ofac_sdn_advanced"
    )
    entities, report = parse_by_id(FORMAT.parse, doc)
    person = entities["ofac-25057"]
    raw = ET.fromstring((folder / "DistinctParty_25057.xml").read_text("utf-8"))
    weak = raw.findall(".//Alias[@LowQuality='true']/DocumentedName")
    assert person.schema.name == "Person"
    assert len(person.get("weakAlias")) == len(weak) == 3
    assert len(person.get("birthDate")) == len(raw.findall(".//Feature[@FeatureTypeID='8']")) == 2
    assert person.get("gender") == ["male"]
    (cuba,) = sanctions_of(entities, "ofac-36")
    assert cuba.get("program") == ["CUBA"] and cuba.get("listingDate") == ["1986-12-10"]
    # both relationships point at profiles cut from the fragments: kept verbatim, named
    relations = [r for r in report.rejected if "ProfileRelationship" in r.reason]
    assert len(relations) == 2 and all(r.raw.startswith("<ProfileRelationship") for r in relations)


def test_unknown_reference_values_are_notes(data_dir: Path, tmp_path: Path) -> None:
    folder = data_dir / "us_ofac_advanced" / "fragments_2024-03-06_reformatted"
    doc = tmp_path / "sdn_advanced.xml"
    doc.write_text(fragment_document(folder), "utf-8")
    entities, _ = parse_by_id(FORMAT.parse, doc)
    person = entities["ofac-25057"]  # its sub-type, birthdate and gender types were cut
    notes = " | ".join(person.get("notes"))
    assert (
        "PartySubTypeID 4" in notes and "FeatureTypeID 8" in notes and "FeatureTypeID 224" in notes
    )
    assert person.has("name") and person.has("weakAlias")


def test_broken_party_is_kept_verbatim_and_the_rest_loads(
    path: Path, tmp_path: Path, root: ET.Element
) -> None:
    text = path.read_text("utf-8")
    broken = re.sub(
        r'(<DistinctParty FixedRef="9640">\s*<Comment />\s*)<Profile ID="9640"',
        r'\1<Profil ID="9640"',
        text,
        count=1,
    )
    broken = broken.replace(
        '</Profile>\n    </DistinctParty>\n    <DistinctParty FixedRef="9641">',
        '</Profil>\n    </DistinctParty>\n    <DistinctParty FixedRef="9641">',
        1,
    )
    assert broken != text
    copy = tmp_path / "cons_advanced.xml"
    copy.write_text(broken, "utf-8")
    entities, report = parse_by_id(FORMAT.parse, copy)
    (rejected,) = [r for r in report.rejected if "DistinctParty" in r.reason]
    assert rejected.raw.startswith("<DistinctParty ") and 'FixedRef="9640"' in rejected.raw
    assert '<Profil ID="9640"' in rejected.raw and "ABU TEIR" in rejected.raw
    line = text[: text.index('<DistinctParty FixedRef="9640">')].count("\n") + 1
    assert rejected.position == f"line {line}"
    targets = [e for e in entities.values() if e.schema.name in TARGETS]
    assert len(targets) == len(parties(root)) - 1 and "ofac-9640" not in entities


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '<?xml version="1.0"?>\n<Sanctions xmlns="urn:other"><DateOfIssue/></Sanctions>',
            "unknown namespace",
        ),
        ('<?xml version="1.0"?>\n<Sanctions><DateOfIssue/></Sanctions>', "unknown namespace"),
        ("DistinctParty FixedRef,name\n1,ACME\n", "no <Sanctions> root"),
        (
            f'<?xml version="1.0"?>\n<Sanctions xmlns="{NEW}">\n'
            "<DateOfIssue>\n<Year>2024</Year>\n</Sanctions>",
            "invalid XML",
        ),
    ],
)
def test_bad_files_are_refused_naming_file_and_line(
    tmp_path: Path, content: str, message: str
) -> None:
    bad = tmp_path / "SDN_ADVANCED.XML"
    bad.write_text(content, "utf-8")
    with pytest.raises(ParseError) as caught:
        list(FORMAT.parse(bad, ParseReport()))
    assert message in str(caught.value) and str(bad) in str(caught.value)
    assert re.search(r"line \d+", str(caught.value))


def test_relation_types_become_ftm_links(tmp_path: Path) -> None:
    """The real file has only 'Owned or Controlled By'; the other types OFAC uses, on a
    hand-made index: two people, one entity."""
    index = Index()
    index.references["RelationType"].update(
        {"1": "Family member of", "2": "Leader or official of", "3": "Acting for or on behalf of"}
    )
    index.references["PartySubType"].update({"4": "Unknown", "3": "Unknown"})
    index.references["PartyType"].update({"1": "Individual", "2": "Entity"})
    index.party_type_of.update({"4": "1", "3": "2"})
    index.profiles.update(
        {"10": Profile("10", "4"), "11": Profile("11", "4"), "12": Profile("12", "3")}
    )
    emitter = Emitter("us_ofac_sdn_advanced", "ofac", tmp_path / "SDN_ADVANCED.XML")

    def link(source: int, target: int, kind: int, former: str = "false") -> StatementEntity:
        element = etree.fromstring(
            f'<ProfileRelationship ID="{source}{target}{kind}" From-ProfileID="{source}" '
            f'To-ProfileID="{target}" RelationTypeID="{kind}" Former="{former}"><Comment />'
            "</ProfileRelationship>"
        )
        return relation_entity(emitter, index, element)

    family = link(10, 11, 1)
    assert (family.schema.name, family.get("person"), family.get("relative")) == (
        "Family",
        ["ofac-10"],
        ["ofac-11"],
    )
    assert family.get("relationship") == ["Family member of"]
    not_people = link(10, 12, 1)
    assert not_people.schema.name == "UnknownLink" and not_people.get("role") == [
        "Family member of"
    ]
    leader = link(10, 12, 2, former="true")
    assert leader.schema.name == "Directorship" and leader.get("status") == ["former"]
    assert (leader.get("director"), leader.get("organization")) == (["ofac-10"], ["ofac-12"])
    acting = link(12, 10, 3)
    assert acting.schema.name == "UnknownLink" and acting.get("subject") == ["ofac-12"]
    assert link(12, 10, 99).get("role") == ["RelationTypeID 99"]
    with pytest.raises(BrokenRelation, match="To-ProfileID '77'"):
        link(10, 77, 1)


def test_a_repeated_party_is_rejected_once_named(path: Path, tmp_path: Path) -> None:
    text = path.read_text("utf-8")
    start = text.index('<DistinctParty FixedRef="9639">')
    end = text.index("</DistinctParty>", start) + len("</DistinctParty>")
    copy = tmp_path / "cons_advanced.xml"
    copy.write_text(text[:end] + "\n    " + text[start:end] + text[end:], "utf-8")
    entities, report = parse_by_id(FORMAT.parse, copy)
    (repeated,) = report.rejected
    assert "FixedRef 9639 repeats" in repeated.reason and 'FixedRef="9639"' in repeated.raw
    assert entities["ofac-9639"].get("birthDate") == ["1962"]
