"""`kleptrace media` on the two real pages and on the labelled corpus, every list loaded.

What each list designates is read from the store by the test's own SQL; what each corpus
mention should link to is in tests/media/corpus/labels.json, written by hand."""

from __future__ import annotations

import gc
import re
from pathlib import Path
from typing import Any

import duckdb
import orjson
import pytest
from typer.testing import CliRunner

from kleptrace.cli import app
from kleptrace.media import MediaReader, read_page
from kleptrace.media import article as reader_module
from kleptrace.media.link import Linked
from kleptrace.screen import DEFAULT_THRESHOLD, Screener
from kleptrace.screen.batch import COLLECT_EVERY
from tests.conftest import REPO

ARTICLES = REPO.parent / "shared" / "articles"
CORPUS = Path(__file__).parent / "corpus"
runner = CliRunner()

NAMED_NOT_DESIGNATED = {
    "Theresa May",
    "Donald Trump",
    "Michael Flynn",
    "Jeff Sessions",
    "Alexander Litvinenko",
    "Boris Yeltsin",
    "Alexei Navalny",
    "Mike Gapes",
    "Crispin Blunt",
    "Peter Sullivan",
    "Liam Fox",
    "Tom Clark",
}


@pytest.fixture(scope="module")
def reader(screener: Screener, screening_db: Path) -> MediaReader:
    return MediaReader(screener, screening_db, DEFAULT_THRESHOLD)


@pytest.fixture(scope="module")
def real(reader: MediaReader) -> list[dict[str, Any]]:
    return [
        reader.read(read_page(str(p), p.read_bytes())).to_dict()
        for p in sorted(ARTICLES.glob("*.txt"))
    ]


def _putin_lists(raw: duckdb.DuckDBPyConnection) -> tuple[set[str], set[str]]:
    """Lists and jurisdictions designating a person named Vladimir Putin, born 1952 where
    the list gives a birth date."""
    rows = raw.execute(
        """
        SELECT DISTINCT d.source, d.jurisdiction FROM current_designations d
        WHERE d.entity_id IN (
            SELECT entity_id FROM current_statements
            WHERE schema = 'Person' AND prop IN ('name', 'alias')
              AND regexp_matches(lower(value), '(^|[^a-z])putin([^a-z]|$)')
              AND regexp_matches(lower(value), 'vladimir'))
          AND d.entity_id NOT IN (
            SELECT entity_id FROM current_statements
            WHERE prop = 'birthDate' AND left(value, 4) <> '1952')
        """
    ).fetchall()
    return {s for s, _ in rows}, {j for _, j in rows if j}


def test_putin_is_linked_to_every_list_that_designates_him(
    real: list[dict[str, Any]], raw: duckdb.DuckDBPyConnection
) -> None:
    lists, jurisdictions = _putin_lists(raw)
    assert len(lists) >= 5
    for article in real:
        putin = [m for m in article["mentions"] if "Putin" in m["text"]]
        assert putin, article["source"]
        for mention in putin:
            target = mention["target"]
            assert target is not None, mention
            assert target["score"] >= DEFAULT_THRESHOLD
            assert set(target["lists"]) == lists
            assert set(target["jurisdictions"]) == jurisdictions
            # both articles (2017, 2018) predate his designations (2022)
            assert target["designated_after_article"] is True
            assert target["first_listed"] > article["date"]


def test_the_many_people_named_who_are_not_designated_are_not_linked(
    real: list[dict[str, Any]],
) -> None:
    found = {m["text"] for a in real for m in a["mentions"]}
    assert found >= NAMED_NOT_DESIGNATED
    for article in real:
        for mention in article["mentions"]:
            if "Putin" not in mention["text"]:
                assert mention["target"] is None, mention


def _links(mentions: list[Linked]) -> dict[int, tuple[str, float, tuple[str, ...], set[str]]]:
    """Where each link is and what it says: target, score, lists, the same target on other
    lists (the explanation may quote another of the target's names that scores the same)."""
    return {
        m.mention.start: (m.target.id, m.target.score, m.target.lists, set(m.target.same_as))
        for m in mentions
        if m.target is not None
    }


def test_screening_further_down_than_the_floor_changes_no_link(
    reader: MediaReader, screener: Screener, screening_db: Path
) -> None:
    """Candidates are screened down to the threshold less the same-target margin only: a
    weaker match can neither link nor join a link, so screening down to 0.5 links the
    same mentions to the same targets on the same lists."""
    deeper = MediaReader(screener, screening_db, DEFAULT_THRESHOLD)
    deeper.linker.floor = 0.5
    assert reader.linker.floor > deeper.linker.floor
    pages = [
        *sorted(ARTICLES.glob("*.txt")),
        *sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".html")),
    ]
    linked = 0
    for path in pages:
        page = read_page(str(path), path.read_bytes())
        ours, theirs = (_links(r.read(page).mentions) for r in (reader, deeper))
        assert ours == theirs, path.name
        linked += len(ours)
    assert linked >= 25


def test_the_name_tables_are_built_at_the_readers_collection_pace(
    screener: Screener, screening_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The collector is slowed before the automaton's tables are built, not after: at
    Python's default pace it walks them again and again as they grow (a quarter of
    start-up on every list)."""
    paces = []

    def spy(*args: Any) -> reader_module.NameAutomaton:
        paces.append(gc.get_threshold())
        return built(*args)

    built = reader_module.NameAutomaton
    monkeypatch.setattr(reader_module, "NameAutomaton", spy)
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)  # Python's default
    try:
        MediaReader(screener, screening_db, DEFAULT_THRESHOLD)
    finally:
        gc.set_threshold(*before)
    assert paces == [COLLECT_EVERY]


def test_the_comment_section_is_recognised_as_comments(real: list[dict[str, Any]]) -> None:
    prospect = next(a for a in real if "prospect" in a["source"])
    sullivan = next(m for m in prospect["mentions"] if m["text"] == "Peter Sullivan")
    assert sullivan["part"] == "comments"
    caption = [m["text"] for m in prospect["mentions"] if m["part"] == "caption"]
    assert caption[:2] == ["Theresa May", "Vladimir Putin"]
    assert prospect["title"] == "How should Britain engage with Russia?"


def _gold(text: str, labels: list[dict[str, Any]]) -> list[tuple[int, int, dict[str, Any]]]:
    out = []
    for label in labels:
        found = list(re.finditer(rf"(?<!\w){re.escape(label['text'])}(?!\w)", text))
        n = label.get("n", 1)
        if len(found) >= n:
            out.append((found[n - 1].start(), found[n - 1].end(), label))
    return out


def test_the_labelled_corpus_links_only_to_the_labelled_targets(reader: MediaReader) -> None:
    labels = orjson.loads((CORPUS / "labels.json").read_bytes())
    linked_right = linked_gold = 0
    for name, gold in labels.items():
        if name.startswith("_"):
            continue
        page = read_page(name, (CORPUS / name).read_bytes())
        mentions = {(m["start"], m["end"]): m for m in reader.read(page).to_dict()["mentions"]}
        spans = _gold(page.text, gold)
        expected = {(s, e): g["target"] for s, e, g in spans}
        for span, mention in mentions.items():
            if mention["target"] is not None:  # every link is a labelled, right one
                word = expected.get(span)
                assert word and word in mention["target"]["caption"].upper(), (name, mention)
        for span, word in expected.items():
            linked_gold += word is not None
            got = mentions.get(span)
            if word is None:
                assert got is None or got["target"] is None, (name, got)
            elif got is not None and got["target"] is not None:
                linked_right += 1
    assert linked_gold >= 25
    assert linked_right / linked_gold >= 0.8


@pytest.mark.parametrize(
    ("page", "text", "target"),
    [
        ("ru-deripaska.txt", "Олегу Дерипаске", "DERIPASKA"),  # dative case
        ("en-namesakes.txt", "O. V. Deripaska", "DERIPASKA"),  # initials
        ("en-namesakes.txt", "Igor Sehcin", "SECHIN"),  # two letters swapped
        ("de-usmanow.html", "Alisher Usmanow", "USMANOV"),  # German transliteration
        ("en-tanker-imo.txt", "IMO 9256054", "NEVSKIY"),
        ("en-tanker-imo.txt", "Sovcomflot", "SOVCOMFLOT"),
    ],
)
def test_hard_forms_are_found_and_linked(
    reader: MediaReader, page: str, text: str, target: str
) -> None:
    result = reader.read(read_page(page, (CORPUS / page).read_bytes())).to_dict()
    mention = next(m for m in result["mentions"] if m["text"] == text)
    assert target in mention["target"]["caption"].upper()


def test_a_namesake_and_a_surname_alone_are_not_linked(reader: MediaReader) -> None:
    namesakes = reader.read(read_page("n", (CORPUS / "en-namesakes.txt").read_bytes()))
    natalia = [m for m in namesakes.mentions if m.mention.text == "Natalia Timchenko"]
    assert natalia and all(m.target is None for m in natalia)
    cafe = reader.read(read_page("c", (CORPUS / "en-common-names.txt").read_bytes()))
    ivanov = next(m for m in cafe.mentions if m.mention.text == "Ivanov")
    assert ivanov.mention.how == "surname" and ivanov.target is None
    assert ivanov.best is not None and ivanov.best[1] < DEFAULT_THRESHOLD
    alone = [m for m in cafe.mentions if m.mention.text in ("Sergei", "Alexander")]
    assert len(alone) == 2  # found, as a name alone, and never screened
    assert all(m.mention.how == "alone" and m.target is None and m.best is None for m in alone)


def test_cli_prints_json_lines_and_writes_the_html_view(
    screening_db: Path, screener: Screener, tmp_path: Path
) -> None:
    out = tmp_path / "media.html"
    page = ARTICLES / "progress-2018-03-how-do-we-deal-with-russia.txt"
    result = runner.invoke(
        app, ["media", str(page), "--json", "--html", str(out), "--db", str(screening_db)]
    )
    assert result.exit_code == 0, result.output
    article = orjson.loads(result.stdout.splitlines()[0])
    assert set(article) == {"source", "title", "date", "mentions"}
    first = article["mentions"][0]
    assert {"text", "start", "end", "part", "kind", "target"} <= set(first)
    html = out.read_text(encoding="utf-8")
    putin = next(m for m in article["mentions"] if m["target"])
    assert f'href="#t-{putin["target"]["id"]}"' in html
    assert '<mark class="flagged"' in html
    table = runner.invoke(app, ["media", str(page), "--db", str(screening_db)])
    assert "Vladimir Vladimirovich PUTIN" in table.stdout
    assert "checked, on no list: Mike Gapes" in table.stdout


def test_cli_names_a_missing_input(screening_db: Path, screener: Screener) -> None:
    result = runner.invoke(app, ["media", "no-such-page.txt", "--db", str(screening_db)])
    assert result.exit_code == 1
    assert "no-such-page.txt: no such file or folder" in result.output
