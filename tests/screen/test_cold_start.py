"""A saved index loads without rebuilding anything, and `kleptrace screen` starts without
the imports and name taggers only loading and index building need."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from followthemoney import model
from rigour.names import NamePartTag, NameTypeTag, analyze_names

from kleptrace import store
from kleptrace.screen import Query, Screener
from kleptrace.screen import index as indexing
from kleptrace.screen.query import QUERY_SCHEMATA
from kleptrace.screen.vocabulary import KeyIndex, deletions, key_hash
from kleptrace.store.load import load
from kleptrace.store.plan import plan
from tests.conftest import REPO


@pytest.fixture(scope="module")
def un_store(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    """A store holding the UN list only: small enough to build an index in seconds."""
    path = tmp_path_factory.mktemp("cold") / "store.duckdb"
    con = store.connect(path)
    (files,), _ = plan([data_dir / "un_sc" / "consolidated.xml"])
    load(con, files)
    con.close()
    return path


@pytest.fixture(scope="module")
def built_and_loaded(un_store: Path) -> tuple[indexing.ScreenIndex, indexing.ScreenIndex]:
    built = Screener.open(un_store, rebuild=True).index
    return built, indexing.load(indexing.index_dir(un_store))


def _settle(db_path: Path) -> None:
    """Date the store's files ten seconds back, as if written before the test."""
    then = time.time_ns() - 10_000_000_000
    for path in (db_path, db_path.with_name(db_path.name + ".wal")):
        if path.exists():
            os.utime(path, ns=(then, then))


def test_key_index_finds_what_a_dictionary_finds() -> None:
    words = ["deripaska", "deripasca", "abramovich", "abramovic", "rotenberg", "rottenberg"]
    expected: dict[str, set[int]] = {}
    for i, word in enumerate(words):
        for key in deletions(word):
            expected.setdefault(key, set()).add(i)
    keys = KeyIndex.of((key, i) for i, word in enumerate(words) for key in deletions(word))
    for key, found in expected.items():
        assert set(keys.get(key)) == found
    assert list(keys.get("putin")) == []


def test_key_hash_is_the_same_in_every_process() -> None:
    code = "from kleptrace.screen.vocabulary import key_hash; print(key_hash('deripask'))"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(other.stdout) == key_hash("deripask")


def test_loaded_index_holds_what_was_built(
    built_and_loaded: tuple[indexing.ScreenIndex, indexing.ScreenIndex],
) -> None:
    built, loaded = built_and_loaded
    assert list(loaded.targets) == list(built.targets)
    assert [loaded.targets[i] for i in (0, 5, -1)] == [built.targets[i] for i in (0, 5, -1)]
    assert [loaded.names[i] for i in range(len(built.names))] == [
        built.names[i] for i in range(len(built.names))
    ]
    assert loaded.vocabulary.tokens == built.vocabulary.tokens
    assert loaded.vocabulary.symbols == built.vocabulary.symbols
    for token in built.vocabulary.tokens[:2000]:
        assert loaded.vocabulary.expand(token) == built.vocabulary.expand(token)
    assert loaded.schema_matches == built.schema_matches


def test_loaded_index_screens_as_the_built_one(
    built_and_loaded: tuple[indexing.ScreenIndex, indexing.ScreenIndex],
) -> None:
    built, loaded = (Screener(i) for i in built_and_loaded)
    queries = [
        Query(("Abu Bakr al-Baghdadi",), "Person"),
        Query(("Frank Kakolele Bwambale",), "Person"),
        Query(("Ri Won Ho", "Ri Won-ho"), "Person"),
        Query(("Al Qaida",), "Organization"),
        Query(("Korea Mining Development Trading Corporation",)),
    ]
    found = 0
    for query in queries:
        matches = loaded.screen(query, threshold=0.5)
        assert built.screen(query, threshold=0.5) == matches
        found += bool(matches)
    assert found >= 3


def test_schema_matches_are_followthemoney_can_match(
    built_and_loaded: tuple[indexing.ScreenIndex, indexing.ScreenIndex],
) -> None:
    _, loaded = built_and_loaded
    listed = {t.schema for t in loaded.targets}
    for query in QUERY_SCHEMATA:
        expected = {t for t in listed if model[query].can_match(model[t])}
        assert loaded.schema_matches[query] == expected, query


def test_organisation_tagger_tags_entity_names_as_the_entity_tagger(data_dir: Path) -> None:
    """Queries of unknown type use the quick organisation tagger for legal forms."""
    text = (data_dir / "un_sc" / "consolidated.xml").read_text(encoding="utf-8")
    names = sorted(
        set(
            line.strip()[len("<FIRST_NAME>") : -len("</FIRST_NAME>")]
            for line in text.splitlines()
            if line.strip().startswith("<FIRST_NAME>")
        )
    )
    assert len(names) > 700

    def parts(kind: NameTypeTag, name: str) -> list[list[tuple[str, bool]]]:
        found = analyze_names(kind, [name], phonetics=False, rewrite=True)
        return [[(p.form, p.tag == NamePartTag.LEGAL) for p in n.parts] for n in found]

    for name in names:
        assert parts(NameTypeTag.ORG, name) == parts(NameTypeTag.ENT, name), name


def test_screen_command_imports_neither_followthemoney_nor_httpx_nor_duckdb(
    built_and_loaded: tuple[indexing.ScreenIndex, indexing.ScreenIndex], un_store: Path
) -> None:
    _settle(un_store)
    Screener.open(un_store)  # checks the list versions once and stamps the saved index
    code = (
        "import sys\n"
        "from kleptrace.cli import app\n"
        "sys.argv = ['kleptrace', 'screen', 'Frank Kakolele Bwambale', '--json', '--db', "
        f"{str(un_store)!r}]\n"
        "try:\n    app()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "heavy = sorted(m for m in ('followthemoney', 'httpx', 'kleptrace.sources', 'duckdb') "
        "if m in sys.modules)\n"
        "print('HEAVY', heavy)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "HEAVY []" in done.stdout, done.stdout[-500:]
    assert '"entity_id"' in done.stdout


def test_a_damaged_saved_index_is_built_again(
    built_and_loaded: tuple[indexing.ScreenIndex, indexing.ScreenIndex],
    un_store: Path,
    tmp_path: Path,
) -> None:
    copy = tmp_path / "store.duckdb"
    shutil.copy(un_store, copy)
    shutil.copytree(indexing.index_dir(un_store), indexing.index_dir(copy))
    (indexing.index_dir(copy) / "names.arrow").write_bytes(b"not arrow")
    with pytest.raises(indexing.UnreadableIndex, match="unreadable"):
        indexing.load(indexing.index_dir(copy))
    screener = Screener.open(copy)
    assert len(screener.index.names) > 1000
    assert len(indexing.load(indexing.index_dir(copy)).names) == len(screener.index.names)


def test_a_written_store_is_checked_again_and_its_index_rebuilt(
    un_store: Path, data_dir: Path, tmp_path: Path
) -> None:
    """The store's stamp lets a current index load without DuckDB; once a load writes the
    store, the stamp no longer matches, the list versions are read, and a changed set of
    live lists gets a new index."""
    copy = tmp_path / "store.duckdb"
    shutil.copy(un_store, copy)
    shutil.copytree(indexing.index_dir(un_store), indexing.index_dir(copy))
    _settle(copy)
    folder = indexing.index_dir(copy)
    assert not indexing.unchanged_since_saved(folder, copy)  # another file: checked first
    first = Screener.open(copy)
    assert indexing.unchanged_since_saved(folder, copy)  # the check stamped it
    assert Screener.open(copy).index.fingerprint == first.index.fingerprint

    con = store.connect(copy)
    (files,), _ = plan([data_dir / "au_dfat"])
    load(con, files)
    con.close()
    assert not indexing.unchanged_since_saved(folder, copy)
    _settle(copy)  # even with the old times back, the size or the log tells the change
    assert not indexing.unchanged_since_saved(folder, copy)
    again = Screener.open(copy)
    assert again.index.fingerprint != first.index.fingerprint
    assert "au_dfat" in again.index.fingerprint
    assert len(again.index.targets) > len(first.index.targets)
    assert indexing.unchanged_since_saved(folder, copy)


def test_a_store_written_moments_ago_is_never_trusted_by_its_stamp(
    un_store: Path, tmp_path: Path
) -> None:
    """A file system keeping times to the second could hide a second write in the same
    second, so a store modified in the last two seconds is always checked."""
    copy = tmp_path / "store.duckdb"
    shutil.copy(un_store, copy)
    folder = indexing.index_dir(copy)
    shutil.copytree(indexing.index_dir(un_store), folder)
    Screener.open(copy)
    assert indexing.store_stamp(copy) is None
    assert not indexing.unchanged_since_saved(folder, copy)


def test_an_index_of_another_format_is_not_trusted_by_its_stamp(
    un_store: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "store.duckdb"
    shutil.copy(un_store, copy)
    folder = indexing.index_dir(copy)
    shutil.copytree(indexing.index_dir(un_store), folder)
    _settle(copy)
    Screener.open(copy)
    assert indexing.unchanged_since_saved(folder, copy)
    meta = orjson.loads((folder / "meta.json").read_bytes())
    (folder / "meta.json").write_bytes(orjson.dumps({**meta, "format": indexing.FORMAT - 1}))
    assert not indexing.unchanged_since_saved(folder, copy)
