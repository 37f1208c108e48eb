"""The OFAC remarks grammar and identifier table, on remark strings copied from sdn.csv."""

from __future__ import annotations

from pathlib import Path

import pytest
from followthemoney import model

from kleptrace.data import load_table
from kleptrace.sources.base import Emitter
from kleptrace.sources.report import ParseReport
from kleptrace.sources.us.csl import id_item
from kleptrace.sources.us.ofac_facts import Applied, FactWriter, reduce_range
from kleptrace.sources.us.ofac_remarks import id_fact, lookup, parse_remarks, split_remarks

ROTENBERG = (
    "DOB 07 Apr 1981; POB St. Petersburg, Russia; citizen Russia; alt. citizen Finland; "
    "Secondary sanctions risk: Ukraine-/Russia-Related Sanctions Regulations, 31 CFR 589.201 "
    "and/or 589.209; Passport 640848350 (Russia); alt. Passport 16038132 (Finland); alt. "
    "Passport 17017258 (Finland); Linked To: ROTENBERG, Boris Romanovich."
)
VOLGA = (
    "Secondary sanctions risk: Ukraine-/Russia-Related Sanctions Regulations, 31 CFR 589.201 "
    "and/or 589.209; Tax ID No. 7718989383 (Russia); Registration Number 1147746803049 (Russia)."
)


def writer() -> FactWriter:
    return FactWriter(Emitter("test", "t", Path("sdn.csv"), ParseReport(), jurisdiction="us"))


def test_table_properties_exist() -> None:
    """Every property the table names exists on some target schema."""
    schemata = [model.get(s) for s in ("Person", "Company", "Vessel", "Airplane")]
    for label, row in load_table("ofac_id_types")["types"].items():
        props = row.get("prop") or []
        for prop in [props] if isinstance(props, str) else props:
            assert any(s.get(prop) for s in schemata), (label, prop)
        if row.get("russia"):
            assert model.get("Company").get(row["russia"]), label


def test_segments() -> None:
    assert split_remarks(ROTENBERG)[-1] == "Linked To: ROTENBERG, Boris Romanovich"
    assert split_remarks("a.k.a. 'BNC'.") == ["a.k.a. 'BNC'"]
    assert split_remarks("x; (Linked To: ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE)") == [
        "x",
        "Linked To: ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE",
    ]


def test_rotenberg_grammar() -> None:
    facts = parse_remarks(ROTENBERG)
    assert [(f.kind, f.label, f.value) for f in facts] == [
        ("date", "DOB", "07 Apr 1981"),
        ("text", "POB", "St. Petersburg, Russia"),
        ("country", "citizen", "Russia"),
        ("country", "citizen", "Finland"),
        ("provision", "Secondary sanctions risk", facts[4].value),
        ("id", "Passport", "640848350"),
        ("id", "Passport", "16038132"),
        ("id", "Passport", "17017258"),
        ("link", "Linked To", "ROTENBERG, Boris Romanovich"),
    ]
    assert [f.country for f in facts[5:8]] == ["Russia", "Finland", "Finland"]
    assert facts[4].text.startswith("Secondary sanctions risk: Ukraine-/Russia-Related")


def test_identifier_details() -> None:
    (f,) = parse_remarks("Passport 757011338 (Russia) issued 12 Jan 2018 expires 21 Feb 2028")
    assert (f.value, f.country, f.issued, f.expires) == (
        "757011338",
        "Russia",
        "12 Jan 2018",
        "21 Feb 2028",
    )
    (f,) = parse_remarks("Registration Number HRA 738077 (Stuttgart) (Germany)")
    assert (f.value, f.country) == ("HRA 738077 (Stuttgart)", "Germany")
    (f,) = parse_remarks("Business Registration Number 1037739709138 (Russia)")
    assert f.label == "Business Registration Number"
    (f,) = parse_remarks("Identification Number IMO 5342883")
    assert (f.label, f.value, f.country) == ("Identification Number", "IMO 5342883", None)
    (f,) = parse_remarks("Folio Mercantil No. 343997 (Mexico) issued 14 Dec 2005")
    assert (f.value, f.country, f.issued) == ("343997", "Mexico", "14 Dec 2005")


def test_features_and_provisions() -> None:
    facts = parse_remarks(
        "Listing Date (EO 14024 Directive 2): 24 Feb 2022; Executive Order 13662 Directive "
        "Determination - Subject to Directive 1; Gender Male; Organization Established Date "
        "1969; Digital Currency Address - XBT 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h; Aircraft "
        "Operator YAS AIR; Member of the State Duma; f.k.a. 'ANA I'"
    )
    assert [f.kind for f in facts] == [
        "provision",
        "provision",
        "gender",
        "date",
        "crypto",
        "note",
        "unknown",
        "name",
    ]
    assert facts[0].text == "Listing Date (EO 14024 Directive 2): 24 Feb 2022"
    assert facts[4].value == "XBT 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h"


def test_labels_match_across_formats() -> None:
    assert lookup("Secondary sanctions risk:") is lookup("Secondary sanctions risk")
    assert lookup("Executive Order 13662 Directive Determination -").kind == "provision"
    assert lookup("Effective Date (EO 14024 Directive 3):").kind == "provision"
    tax = lookup("Tax ID No.").identifier  # from the shared identifiers.yml
    assert tax is not None and tax.checked == "innCode"
    assert lookup("Something OFAC never printed") is None


def test_csl_id_items() -> None:
    f = id_item("JO, 2014-08-30, 2009-08-31, K475336, Passport")
    assert (f.value, f.country, f.issued, f.expires) == (
        "K475336",
        "JO",
        "2009-08-31",
        "2014-08-30",
    )
    f = id_item("MM, 2017-01-16, 110364903, Registration Number")
    assert (f.value, f.country, f.date) == ("110364903", "MM", "2017-01-16")
    f = id_item("PA, 467323, Doc. 694710, Public Registration Number")
    assert (f.value, f.country) == ("467323, Doc. 694710", "PA")
    f = id_item("Subject to Secondary Sanctions, Additional Sanctions Information -")
    assert f.kind == "provision"
    assert id_item("Male, Gender").kind == "gender"


def test_writer_russian_numbers() -> None:
    w = writer()
    entity = w.emitter.make("LegalEntity", "1")
    applied = w.apply(entity, parse_remarks(VOLGA), Applied())
    assert entity.get("innCode") == ["7718989383"]
    assert entity.get("ogrnCode") == ["1147746803049"]
    assert len(applied.extras) == 2 and len(applied.provisions) == 1
    other = w.emitter.make("LegalEntity", "2")
    w.apply(other, parse_remarks("Tax ID No. 7718989384 (Russia); Tax ID No. 100036386 (Serbia)"))
    assert other.get("innCode") == []
    assert set(other.get("taxNumber")) == {"7718989384", "100036386"}


def test_writer_schema_and_values() -> None:
    w = writer()
    facts = parse_remarks("Company Number IMO 5055293; Phone Number 982188526300")
    schema = w.schema_for("LegalEntity", facts)
    assert schema == "Organization"
    assert w.schema_for("LegalEntity", [id_fact("ISIN", "CNE100000N20")]) == "Company"
    entity = w.emitter.make(schema, "3")
    w.apply(entity, facts)
    assert entity.get("imoNumber") == ["IMO5055293"]
    assert entity.get("phone") == ["+982188526300"]
    person = w.emitter.make("Person", "4")
    applied = w.apply(person, parse_remarks(ROTENBERG))
    assert person.get("birthDate") == ["1981-04-07"]
    assert set(person.get("citizenship")) == {"ru", "fi"}
    assert applied.links == ["ROTENBERG, Boris Romanovich"]
    passports = [e for e in applied.extras.values() if e.schema.name == "Passport"]
    assert {(p.get("number")[0], p.get("country")[0]) for p in passports} == {
        ("640848350", "ru"),
        ("16038132", "fi"),
        ("17017258", "fi"),
    }
    kept = w.emitter.make("Person", "5")
    w.apply(kept, parse_remarks("Member of the State Duma; DOB some day"))
    assert set(kept.get("notes")) == {"remarks: Member of the State Duma", "birthDate: some day"}


@pytest.mark.parametrize(
    ("printed", "reduced"),
    [
        ("01 Jan 1961 to 31 Dec 1962", "1961 to 1962"),
        ("01 Jan 1973 to 31 Dec 1973", "1973"),
        ("01 Feb 1960 to 29 Feb 1960", "Feb 1960"),
        ("26 Sep 1946 to 07 Dec 1946", "26 Sep 1946 to 07 Dec 1946"),
        ("circa 1951", "circa 1951"),
    ],
)
def test_reduce_range(printed: str, reduced: str) -> None:
    assert reduce_range(printed) == reduced


def test_dob_range_keeps_wording() -> None:
    w = writer()
    person = w.emitter.make("Person", "6")
    w.apply(person, parse_remarks("DOB 01 Jan 1961 to 31 Dec 1962"))
    assert sorted(person.get("birthDate")) == ["1961", "1962"]
    originals = {s.original_value for s in person.statements if s.prop == "birthDate"}
    assert originals == {"01 Jan 1961 to 31 Dec 1962"}
