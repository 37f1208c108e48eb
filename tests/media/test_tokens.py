"""Word keys: the forms the press writes meet the forms the lists write."""

from __future__ import annotations

import pytest

from kleptrace.media.dates import date_in
from kleptrace.media.names import imo_numbers
from kleptrace.media.tokens import tokens, word_key


@pytest.mark.parametrize(
    ("press", "listed"),
    [
        ("Путину", "Putin"),
        ("Путина", "PUTIN"),
        ("Дерипаски", "Deripaska"),
        ("Дерипаске", "DERIPASKA"),
        ("Navalnyy", "Navalny"),
        ("Navalniy", "Navalny"),
        ("Aleksey", "Alexei"),
        ("Абрамовича", "Abramovich"),
        ("Пригожина", "Prigozhin"),
    ],
)
def test_inflected_and_transliterated_forms_share_a_key(press: str, listed: str) -> None:
    assert word_key(press) == word_key(listed)


@pytest.mark.parametrize("word", ["Deripaske", "Alexei", "Yevgeny", "Maksim", "Navalnyy", "Al"])
def test_a_word_keys_alike_in_any_case(word: str) -> None:
    """Lower-case ASCII words (every indexed list word) take a shorter path to their key;
    it must end where the full one does."""
    assert word_key(word.lower()) == word_key(word) == word_key(word.upper())


def test_a_latin_word_with_a_cyrillic_letter_keys_as_the_latin_word() -> None:
    assert word_key("vl\u0430dimir") == word_key("vladimir")  # Cyrillic а


@pytest.mark.parametrize(
    ("a", "b"), [("Trump", "Tramp"), ("Ivanov", "Ivan"), ("Sessions", "Session")]
)
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert word_key(a) != word_key(b)


def test_possessives_are_left_out_of_the_word() -> None:
    words = tokens("Putin's ally and Usmanov’s yacht")
    assert [(w.text, w.key) for w in words if w.capital] == [
        ("Putin", "putin"),
        ("Usmanov", "usmanov"),
    ]
    assert words[0].end == 5


def test_hyphenated_names_are_two_words_and_sentence_starts_are_marked() -> None:
    words = tokens("He met Rimsky-Korsakov. Then he left")
    assert [w.text for w in words][2:4] == ["Rimsky", "Korsakov"]
    assert [w.opens for w in words] == [True, False, False, False, True, False, False]


def test_dates_in_several_languages() -> None:
    assert date_in("by X / March 16, 2017 / Leave a comment") == "2017-03-16"
    assert date_in("12 марта 2024 года суд рассмотрел") == "2024-03-12"
    assert date_in("Hamburg, 15. März 2022") == "2022-03-15"
    assert date_in("progress-2018-03-how-do-we-deal.txt") == "2018-03"
    assert date_in("February 30, 2020") is None


def test_imo_numbers_need_the_label_and_a_valid_check_digit() -> None:
    text = "tanker (IMO 9256054), IMO: 9784893, IMO 9256055 and 9256054 alone"
    assert [n for _, _, n in imo_numbers(text)] == ["9256054", "9784893"]
