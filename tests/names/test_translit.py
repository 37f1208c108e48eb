"""Golden cases for kleptrace.names.translit, with aliases from EU 32014R0269."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kleptrace.names.scripts import script_of
from kleptrace.names.translit import latinize, romanisation_variants


@pytest.mark.parametrize(
    ("name", "latin"),
    [
        ("Владимир Андреевич КОНСТАНТИНОВ", "vladimir andreevich konstantinov"),
        ("Володимир Андрiйович КОНСТАНТИНОВ", "volodimir andriiovych konstantinov"),
        ("Аляксандр Лукашэнка", "alyaksandr lukashenka"),
        ("صدام حسين التكريتي", "sdam hsyn altkryty"),
        ("בנימין נתניהו", "bnymyn ntnyhw"),
        ("Αλέξης Τσίπρας", "alexis tsipras"),
        ("ბიძინა ივანიშვილი", "bidzina ivanishvili"),
        ("Արմեն Սարգսյան", "armen sargsyan"),
        ("金正恩", "jin zheng en"),
        ("김정은", "gimjeong-eun"),
        ("カタカナ", "katakana"),
        ("ทักษิณ ชินวัตร", "thaks'in chin watr"),
        ("Vl\u0430dimir\u200b PUTIN", "vladimir putin"),
    ],
)
def test_latinize(name: str, latin: str) -> None:
    assert latinize(name) == latin


def test_spelling_classes() -> None:
    assert {"wladimir", "volodymyr"} <= romanisation_variants("Vladimir")
    assert {"muhammad", "mohamad", "mohamed"} <= romanisation_variants("Mohammed")
    assert {"alexander", "oleksandr"} <= romanisation_variants("Aleksandr")
    assert {"evgeniy", "evgenii", "evgeny"} <= romanisation_variants("Yevgeny")


def test_cyrillic_token_reaches_list_spellings() -> None:
    assert {"navalny", "navalnyy", "nawalny"} <= romanisation_variants("Навальный")
    assert "chalyy" in romanisation_variants("ЧАЛЫЙ")


def test_suffix_and_letter_rules() -> None:
    assert "ivanoff" in romanisation_variants("Ivanov")
    assert "berezovskyy" in romanisation_variants("BEREZOVSKIY")
    assert "hodorkovsky" in romanisation_variants("Khodorkovsky")
    assert "vagner" in romanisation_variants("Wagner")


def test_rules_are_conservative() -> None:
    assert romanisation_variants("Smith") == frozenset({"smith"})
    assert romanisation_variants("Zima") == frozenset({"zima"})
    assert "mokhammed" not in romanisation_variants("Mohammed")
    assert len(romanisation_variants("Yevgeny")) < 64


def test_no_latin_rendering_gives_nothing() -> None:
    assert romanisation_variants("") == frozenset()


def test_word_by_word_matches_whole_names_on_real_aliases(data_dir: Path) -> None:
    """Cyrillic aliases of EU Regulation 269/2014: cached word-by-word transliteration
    must give what transliterating the whole name gives."""
    from rigour.text.translit import ascii_text

    from kleptrace.names.normalize import clean, fold_homoglyphs

    table = data_dir / "eu_journal_opensanctions" / "consolidated" / "32014R0269.csv"
    with open(table, encoding="utf-8") as fh:
        aliases = [a.strip() for row in csv.DictReader(fh) for a in row["alias"].split(";")]
    cyrillic = [a for a in aliases if script_of(a) == "Cyrillic"][:300]
    assert len(cyrillic) == 300
    for alias in cyrillic:
        whole = " ".join(ascii_text(fold_homoglyphs(clean(alias))).lower().split())
        assert latinize(alias) == whole, alias


def test_untransliterable_separators_leave_no_question_marks() -> None:
    assert "?" not in latinize("شرکت صنایع هوایی قدس · صنایع هوایی قدس")
