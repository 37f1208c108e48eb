"""The rules for names on no list: each class of name the press writes that the lists
do not, found on small pages written here, and the ordinary words that must stay out."""

from __future__ import annotations

from kleptrace.media import read_page
from kleptrace.media.names import (
    capitalised_runs,
    lone_given_names,
    typed_organisations,
    unlisted_names,
)
from kleptrace.media.tokens import tokens, word_key

GIVEN = {
    word_key(w) for w in ("Sergei", "Alexander", "Николай", "Luisa", "Марина", "Will", "Washington")
}
FAMILY = {word_key(w) for w in ("Leyen", "Ivanov")}
PLACES = {"china", "washington"}


def _texts(text: str, spans: list[tuple[int, int]]) -> list[str]:
    words = tokens(text)
    return [text[words[a].start : words[b].end] for a, b in spans]


def _unlisted(text: str) -> list[tuple[str, str]]:
    words = tokens(text)
    runs = unlisted_names(words, text, GIVEN, FAMILY, set())
    return [(text[words[r.first].start : words[r.last].end], r.kind) for r in runs]


def test_particles_join_a_name_but_a_german_article_does_not_join_nouns() -> None:
    text = "Ursula von der Leyen spoke. Die Sanktionsliste der Europäischen Union wächst."
    runs = _texts(text, list(capitalised_runs(tokens(text), text)))
    assert "Ursula von der Leyen" in runs
    assert "Europäischen Union" in runs
    assert not any("Sanktionsliste der" in r for r in runs)


def test_a_given_name_with_an_initial_is_a_person_and_an_acronym_is_not() -> None:
    assert ("Luisa B", "person") in _unlisted("Comments\nLuisa B.\n10 May 2023\nAbout time.")
    assert ("Марина К", "person") in _unlisted("Комментарии\nМарина К.\nСуд поступил правильно.")
    assert _unlisted("The talks in the UK MP office ended.") == []


def test_two_names_people_bear_are_a_person_in_a_photo_credit() -> None:
    assert ("Klaus Petersen", "person") in _unlisted("Die Jacht. Foto: Klaus Petersen/dpa")


def test_institutions_in_other_languages_are_organisations() -> None:
    found = _unlisted("The Guardia di Finanza said the yacht would stay in Genoa.")
    assert ("Guardia di Finanza", "organisation") in found


def test_a_lone_given_name_is_found_where_it_stands_for_a_person() -> None:
    text = (
        "Sergei opens the café at seven. One of them, Alexander, has come every day.\n"
        "Комментарии\n  1. Николай\n    12 марта 2024\n"
    )
    words = tokens(text)
    found = [words[i].text for i in lone_given_names(words, text, GIVEN, PLACES, set())]
    assert found == ["Sergei", "Alexander", "Николай"]


def test_a_given_name_the_page_also_writes_as_a_word_is_not_a_person() -> None:
    text = (
        "Will opens the door. The court will decide whether Sergei Ivanov pays.\n"
        "They met in Alexander, then flew to Washington, where the talks ended."
    )
    words = tokens(text)
    assert lone_given_names(words, text, GIVEN, PLACES, set()) == []


def test_an_organisation_noun_makes_the_next_word_an_organisation() -> None:
    text = "He co-founded the commodity trader Gunvor, and the Trader Joe chain."
    words = tokens(text)
    runs = typed_organisations(words, text, set())
    assert [words[r.first].text for r in runs] == ["Gunvor"]


def test_a_byline_the_extraction_drops_is_kept_as_the_byline() -> None:
    html = (
        b"<html><body><article><h1>Yacht seized</h1>"
        b'<p class="byline">By Giulia Marchetti, Genoa correspondent</p>'
        b"<p>Italian financial police boarded a superyacht in the port of Genoa on Tuesday"
        b" and said it was controlled by a businessman under sanctions.</p>"
        b"<p>Prosecutors said the vessel had been registered to a company abroad and that"
        b" its captain had tried to leave port twice in the past month.</p>"
        b'</article><div class="comments"><div class="comment"><p class="author">Luisa B.</p>'
        b"<p>The marina is full of these boats every summer.</p></div></div></body></html>"
    )
    page = read_page("yacht.html", html)
    start = page.text.index("Giulia Marchetti")
    assert page.part_at(start) == "byline"
    assert page.text.count("Luisa B.") <= 1
