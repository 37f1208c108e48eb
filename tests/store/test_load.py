"""Loading versions: counts from the raw file, no-op reloads, kept history, failed loads.

The UN file stands in for every source here (the parsers have their own tests): it is
small, complete and has an independent count (its XML elements)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from kleptrace import store
from kleptrace.exc import FormatNotRecognised, KleptraceError, ParseError
from kleptrace.store import read
from kleptrace.store.load import LoadResult, load, load_all
from kleptrace.store.plan import plan


@pytest.fixture
def un_copy(tmp_path: Path, data_dir: Path) -> Path:
    target = tmp_path / "un" / "consolidated.xml"
    target.parent.mkdir()
    shutil.copy(data_dir / "un_sc" / "consolidated.xml", target)
    return target


@pytest.fixture
def con(tmp_path: Path):
    connection = store.connect(tmp_path / "store.duckdb")
    yield connection
    connection.close()


def load_path(con, path: Path) -> LoadResult:
    sets, skipped = plan([path])
    assert not skipped and len(sets) == 1
    return load(con, sets[0])


def state(con) -> tuple[object, ...]:
    """Everything a failed load must leave untouched."""
    return (
        con.execute("SELECT * FROM current_versions ORDER BY source").fetchall(),
        con.execute("SELECT count(*) FROM statements").fetchone(),
        con.execute("SELECT count(*) FROM versions").fetchone(),
        con.execute("SELECT count(*) FROM designations").fetchone(),
    )


def raw_counts(path: Path) -> tuple[int, int]:
    root = etree.parse(str(path)).getroot()
    return len(root.findall("INDIVIDUALS/INDIVIDUAL")), len(root.findall("ENTITIES/ENTITY"))


def test_load_records_version_with_counts_from_raw_file(con, un_copy: Path) -> None:
    individuals, entities = raw_counts(un_copy)
    result = load_path(con, un_copy)
    assert result.status == "loaded"
    (summary,) = read.sources(con)
    assert summary["source"] == "un_sc"
    assert summary["published"] == "2026-02-27"
    schemata = summary["schemata"]
    assert schemata["Person"] == individuals
    non_person = ("Organization", "LegalEntity", "Company", "Vessel", "Airplane")
    targets = sum(n for schema, n in schemata.items() if schema in non_person)
    assert targets == entities
    assert schemata["Sanction"] == individuals + entities
    assert sum(summary["regimes"].values()) >= individuals + entities - 5
    assert summary["files"][0]["bytes"] == un_copy.stat().st_size


def test_statements_keep_file_and_version(con, un_copy: Path) -> None:
    result = load_path(con, un_copy)
    origins = con.execute(
        "SELECT DISTINCT origin, version_id FROM statements WHERE prop <> 'id'"
    ).fetchall()
    assert origins == [("consolidated.xml", result.version_id)]


def test_reloading_unchanged_file_is_noop(con, un_copy: Path) -> None:
    first = load_path(con, un_copy)
    before = state(con)
    second = load_path(con, un_copy)
    assert second.status == "unchanged"
    assert second.version_id == first.version_id
    assert state(con) == before


def test_changed_file_makes_new_version_and_keeps_old(con, un_copy: Path) -> None:
    first = load_path(con, un_copy)
    tree = etree.parse(str(un_copy))
    individuals = tree.getroot().find("INDIVIDUALS")
    individuals.remove(individuals.findall("INDIVIDUAL")[-1])
    tree.write(str(un_copy), xml_declaration=True, encoding="UTF-8")
    second = load_path(con, un_copy)
    assert second.status == "loaded" and second.version_id != first.version_id
    per_version = dict(
        con.execute("SELECT version_id, entities FROM versions ORDER BY version_id").fetchall()
    )
    assert per_version[first.version_id] - per_version[second.version_id] == 2  # person + sanction
    (summary,) = read.sources(con)
    assert summary["version"] == second.version_id and summary["versions"] == 2
    old = con.execute(
        "SELECT count(DISTINCT entity_id) FROM statements WHERE version_id = ?", [first.version_id]
    ).fetchone()
    assert old == (per_version[first.version_id],)


def test_truncated_file_fails_with_position_and_keeps_previous(con, un_copy: Path) -> None:
    load_path(con, un_copy)
    before = state(con)
    data = un_copy.read_bytes()
    un_copy.write_bytes(data[: len(data) // 2])
    with pytest.raises(ParseError) as info:
        load_path(con, un_copy)
    message = str(info.value)
    assert "consolidated.xml" in message and "line" in message
    assert state(con) == before


def test_duplicate_ids_fail_and_keep_previous(con, un_copy: Path, tmp_path: Path) -> None:
    load_path(con, un_copy)
    before = state(con)
    tree = etree.parse(str(un_copy))
    individuals = tree.getroot().find("INDIVIDUALS")
    first = individuals.find("INDIVIDUAL")
    individuals.append(etree.fromstring(etree.tostring(first)))
    tree.write(str(un_copy), xml_declaration=True, encoding="UTF-8")
    with pytest.raises(ParseError, match=first.findtext("DATAID")):
        load_path(con, un_copy)
    assert state(con) == before


def test_huge_field_fails_and_keeps_previous(con, un_copy: Path) -> None:
    load_path(con, un_copy)
    before = state(con)
    tree = etree.parse(str(un_copy))
    tree.getroot().find("INDIVIDUALS/INDIVIDUAL/COMMENTS1").text = "x" * 10_000_000
    tree.write(str(un_copy), xml_declaration=True, encoding="UTF-8")
    with pytest.raises(ParseError, match=r"consolidated\.xml"):
        load_path(con, un_copy)
    assert state(con) == before


def test_wrong_encoding_fails_and_keeps_previous(con, un_copy: Path) -> None:
    load_path(con, un_copy)
    before = state(con)
    data = un_copy.read_bytes().replace(b"<FIRST_NAME>ERIC", "<FIRST_NAME>ÉRIC".encode("latin-1"))
    un_copy.write_bytes(data)
    with pytest.raises(ParseError, match=r"consolidated\.xml"):
        load_path(con, un_copy)
    assert state(con) == before


def test_empty_file_is_named(tmp_path: Path) -> None:
    empty = tmp_path / "sdn.csv"
    empty.write_bytes(b"")
    with pytest.raises(FormatNotRecognised, match=r"sdn\.csv"):
        plan([empty])


def test_missing_path_is_named(tmp_path: Path) -> None:
    with pytest.raises(KleptraceError, match=r"nothere\.xml"):
        plan([tmp_path / "nothere.xml"])


def test_directory_scan_skips_non_lists(tmp_path: Path, un_copy: Path) -> None:
    (un_copy.parent / "README.md").write_text("not a list")
    sets, skipped = plan([un_copy.parent])
    assert [s.source for s in sets] == ["un_sc"]
    assert [p.name for p in skipped] == ["README.md"]


def test_load_all_parses_in_workers_and_isolates_failures(
    con, un_copy: Path, tmp_path: Path, data_dir: Path
) -> None:
    broken = tmp_path / "ca" / "sema-lmes.xml"
    broken.parent.mkdir()
    data = (data_dir / "ca_sema" / "sema-lmes.xml").read_bytes()
    broken.write_bytes(data[: len(data) // 2])
    aus = data_dir / "au_dfat" / "regulation8_consolidated.xlsx"
    sets, _ = plan([un_copy, broken, aus])
    outcomes = load_all(con, sets, workers=2)
    by_type = {type(o).__name__: o for o in outcomes}
    assert sorted(type(o).__name__ for o in outcomes) == ["LoadResult", "LoadResult", "ParseError"]
    error = by_type["ParseError"]
    assert isinstance(error, ParseError) and "sema-lmes.xml" in str(error) and error.position
    live = {row["source"] for row in read.sources(con)}
    assert live == {"un_sc", "au_dfat"}
    again = load_all(con, [s for s in sets if s.source != "ca_sema"], workers=2)
    assert [o.status for o in again] == ["unchanged", "unchanged"]  # type: ignore[union-attr]
