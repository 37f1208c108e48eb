"""Golden cases for kleptrace.names.normalize, from real list names."""

from __future__ import annotations

from kleptrace.names.normalize import clean, fold_homoglyphs


def test_clean_removes_zero_width_and_bom() -> None:
    assert clean("\ufeffVladimir\u200b PUTIN") == "Vladimir PUTIN"
    assert clean("Ro\u200dsneft") == "Rosneft"


def test_clean_removes_soft_hyphen_and_bidi_marks() -> None:
    assert clean("Deri\u00adpaska") == "Deripaska"
    assert clean("\u200fصدام حسين التكريتي\u200e") == "صدام حسين التكريتي"


def test_clean_removes_controls_and_collapses_whitespace() -> None:
    assert (
        clean("  Sergey\x00 \t Valeryevich\n\u00a0AKSYONOV\x85 ") == "Sergey Valeryevich AKSYONOV"
    )
    assert clean("Ким\u3000Чен Ын") == "Ким Чен Ын"


def test_clean_applies_nfkc() -> None:
    assert clean("ＰＵＴＩＮ") == "PUTIN"
    assert clean("Gazpro\u006d\u0301") == "Gazproḿ"


def test_clean_keeps_names_in_other_scripts() -> None:
    assert clean("Пётр Анатольевич ЗИМА") == "Пётр Анатольевич ЗИМА"
    assert clean("김정은") == "김정은"


def test_fold_cyrillic_letter_in_latin_word() -> None:
    assert fold_homoglyphs("Vl\u0430dimir") == "Vladimir"
    assert fold_homoglyphs("\u0420UTIN") == "PUTIN"


def test_fold_greek_letter_in_latin_word() -> None:
    assert fold_homoglyphs("R\u03bfsneft") == "Rosneft"


def test_fold_latin_letter_in_cyrillic_word() -> None:
    # EU 32014R0269 writes Ukrainian aliases with a Latin "i": "Сергiй".
    assert fold_homoglyphs("Сергiй Валерiйович") == "Сергій Валерійович"
    assert fold_homoglyphs("Пyтин") == "Путин"


def test_fold_leaves_single_script_words_alone() -> None:
    assert fold_homoglyphs("Владимир Putin") == "Владимир Putin"
    assert fold_homoglyphs("Αλέξης") == "Αλέξης"
