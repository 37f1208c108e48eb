"""Part-by-part name similarity: alignment, role discounts, generic words, scripts."""

from __future__ import annotations

import icu
import pytest

from kleptrace.data import pinyin_syllables
from kleptrace.names import LEGAL_FORM_KINDS, token_weight
from kleptrace.screen import DEFAULT_THRESHOLD
from kleptrace.screen.forms import name_form, name_forms
from kleptrace.screen.similarity import compare_names, word_similarity


def score(a: str, b: str, schema: str = "Person") -> float:
    return compare_names(name_form(a, schema), name_form(b, schema), token_weight).score


def test_identical_after_normalisation_is_one() -> None:
    assert score("PUTIN, Vladimir", "Vladimir Putin") == 1.0
    assert score("Владимир Путин", "Vladimir PUTIN") == 1.0
    assert score("Vladimir\u200b Putin", "Vladimir Putin") == 1.0


def test_only_identical_names_reach_one() -> None:
    assert score("Vladimir Putn", "Vladimir Putin") < 1.0
    assert score("Wladimir Putin", "Vladimir Putin") < 1.0


def test_one_typo_scores_clearly_above_a_different_name() -> None:
    typo = score("Vladimir Putinn", "Vladimir Putin")
    different = score("Vladimir Ivanov", "Vladimir Putin")
    assert typo > 0.9
    assert different < 0.6
    assert typo - different > 0.3


def test_missing_patronymic_costs_little_missing_surname_costs_much() -> None:
    full = "PUTIN, Vladimir Vladimirovich"
    assert score("Vladimir Putin", full) > 0.9
    assert score("Vladimir Vladimirovich IVANOV", full) < 0.6


def test_romanisation_variants_and_initials() -> None:
    assert score("Yevgeny Prigozhin", "Evgeniy Prigozhin") > 0.9
    assert 0.8 < score("V. Putin", "Vladimir Putin") < 1.0


def test_arabic_script_meets_latin_by_consonants() -> None:
    assert score("صدام حسين", "Saddam Hussein") > 0.8


def test_generic_words_do_not_make_a_match() -> None:
    assert score("CORP", "ALFA CORP", "Company") < 0.3
    assert score("International Trading LLC", "Rosneft International Trading LLC", "Company") < 0.7
    assert score("OOO Rosneft", "Rosneft LLC", "Company") > 0.9


def test_joined_and_split_words_align() -> None:
    assert score("Abdulrahman Ali", "Abdul Rahman Ali") > 0.9


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("putin", "putin", "same"),
        ("v", "vladimir", "initial"),
        ("hassan", "hussein", "different"),
        ("ivanov", "ivanoff", "romanisation variant"),
    ],
)
def test_word_similarity_reasons(a: str, b: str, expected: str) -> None:
    assert word_similarity(a, b)[1] == expected


def test_alignment_is_explained() -> None:
    result = compare_names(
        name_form("Vladimir Putin", "Person"),
        name_form("PUTIN, Vladimir Vladimirovich", "Person"),
        token_weight,
    )
    assert {(p.query, p.target) for p in result.pairs} == {
        ("vladimir", "vladimir"),
        ("putin", "putin"),
    }
    assert result.unmatched_target == ("vladimirovich",)


def test_numbers_in_names_must_be_equal() -> None:
    # Tail numbers one digit apart are two aircraft, not a typing error.
    assert word_similarity("78796", "78776") == (0.0, "different")
    assert score("RA-78796", "RA-78776", "Airplane") < 0.6
    assert score("FU YUAN YU 7612", "FU YUAN YU 7874", "Vessel") < 0.85
    assert score("RA-78796", "RA 78796", "Airplane") == 1.0


def test_a_number_in_roman_or_arabic_numerals_is_one_number() -> None:
    # FCDO's "SIRIUS 1" and the EU's "Sirius I"; the sister ship II stays apart.
    assert score("SIRIUS 1", "Sirius I", "Vessel") > 0.95
    assert score("AQUILA 12", "Aquila XII", "Vessel") > 0.95
    assert score("SIRIUS 2", "Sirius I", "Vessel") < 0.85


def test_two_different_patronymics_are_two_people() -> None:
    # Both are on the EU list (Russia regime), with different birth dates.
    assert score("Sergey Nikolayevich LUKIN", "Sergey Anatolyevich LUKIN") < 0.8
    # One patronymic left out, or spelt another way, is still the same person.
    assert score("Sergey LUKIN", "Sergey Anatolyevich LUKIN") > 0.9
    assert score("Sergey Anatolevich LUKIN", "Sergey Anatolyevich LUKIN") > 0.9


def test_an_ordinal_number_tells_sister_ships_apart() -> None:
    # OFAC lists the tankers AQUILA II and LAUREN II; other lists name an AQUILA.
    assert score("AQUILA II", "Aquila", "Vessel") < 0.7
    assert score("LAUREN II", "LAUREN", "Vessel") < 0.7
    assert score("AQUILA II", "AQUILA III", "Vessel") < 0.6
    assert score("AQUILA II", "Aquila II", "Vessel") == 1.0
    assert score("Xi Jinping", "XI Jinping") == 1.0  # Xi is a name, not eleven


def test_chinese_and_korean_syllables_are_not_typing_errors() -> None:
    # 冬梅 (dongmei) is another given name than Interpol's RONGMEI LI, not a typo of it.
    assert score("李冬梅", "RONGMEI LI") < 0.6
    assert score("李荣梅", "RONGMEI LI") == 1.0
    assert score("习近平", "XI Jinping") == 1.0


def test_two_korean_syllables_differ_however_few_letters_apart() -> None:
    # Hoon (훈) and Hyon (현) are two syllables; lists spell Ri and Lee for one (리/이).
    assert score("Ji-hoon Lee", "JI HYON RI") < 0.85
    assert score("Ji Hyon Lee", "JI HYON RI") > 0.9


def best_reading_score(a: str, b: str) -> float:
    """The score screening gives: the best of every reading of each name."""
    return max(
        compare_names(x, y, token_weight).score
        for x in name_forms(a, "Person")
        for y in name_forms(b, "Person")
    )


def test_a_korean_given_name_is_one_name_not_a_middle_name() -> None:
    # 영식 (Yeong-sik) is not Young: its second syllable is not a middle name left out.
    assert best_reading_score("김영식", "Young Kim") < 0.8
    assert best_reading_score("김영복", "KIM Yong Bok") == 1.0


def test_consonants_alone_do_not_make_a_company_name() -> None:
    # OFAC lists OOO PROEKT; an Arabic-script "Bariq LLC" shares only its consonants.
    assert score("بارق LLC", "LIMITED LIABILITY COMPANY PROEKT", "Company") < 0.8
    assert score("صدام حسين", "Saddam Hussein") > 0.8  # people's names still do


def test_legal_forms_of_two_kinds_are_two_companies() -> None:
    # Both on the lists, two companies (EU and OFAC): a joint-stock one and an LLC.
    jsc = "Joint Stock Company Scientific Production Enterprise Digital Solutions"
    llc = "LLC SCIENTIFIC PRODUCTION ENTERPRISE DIGITAL SOLUTIONS"
    assert score(jsc, llc, "Company") < 0.85
    assert score("AO Scientific Production Enterprise Digital Solutions", jsc, "Company") > 0.99
    assert score("OOO Scientific Production Enterprise Digital Solutions", llc, "Company") > 0.99
    assert score("Scientific Production Enterprise Digital Solutions", llc, "Company") > 0.9


def test_western_legal_forms_have_the_kinds_rigour_gives_them() -> None:
    # Each legal-form word's kind is rigour's class for it (ORGCLS:JSC, ORGCLS:LLC).
    rigour_kind = {"ORGCLS:JSC": "joint-stock", "ORGCLS:LLC": "limited liability"}
    for word, kind in LEGAL_FORM_KINDS.items():
        form = name_form(f"Orion {word}", "Company")
        assert form.tags[-1] == "legal", word
        assert {rigour_kind[s] for s in form.symbols[-1] if s in rigour_kind} == {kind}, word
    # Morgan PLC and Quinn PLC are not the listed LLC Morgan and Quinn Ltd.
    assert score("Morgan PLC", "LIMITED LIABILITY COMPANY MORGAN", "Company") < 0.85
    assert score("Quinn PLC", "Quinn Ltd", "Company") < 0.85
    assert score("Quinn Limited", "Quinn Ltd", "Company") > 0.99
    assert score("Müller AG", "Muller PLC", "Company") > 0.99


def test_two_abjad_spellings_share_their_long_vowels() -> None:
    # Judi al-Askari is not the listed Saqr al-Jadawi, Helia not Khalil, Hasani not
    # Hassan: both sides write their long vowels, and they differ.
    assert score("جودي آل العسكري", "صقر الجداوي") < DEFAULT_THRESHOLD
    assert word_similarity("hsny", "hsn", abjad=(True, True))[0] < 0.9
    assert word_similarity("hlya", "khlyl", abjad=(True, True))[0] < 0.9
    # Other long vowels: compared letter by letter, not by the foreign-sound skeletons
    # (Tahsini and al-Sabuni are both "sn" once th is s and b a v).
    assert word_similarity("thsyny", "alsabwny", abjad=(True, True)) == (0.0, "different")
    assert score("علي تحسینی", "علي الصابوني") < DEFAULT_THRESHOLD
    # Two Arabic renderings of Vladimir, ف and و for v, agree on every long vowel.
    assert word_similarity("fladymyr", "wladymyr", abjad=(True, True)) == (
        0.9,
        "same consonants",
    )


def test_a_skeleton_with_other_vowels_is_weaker() -> None:
    # Persian Parham Hamidi and Hebrew Emily Mahamid meet two listed names by
    # consonants alone, where the abjad spelling writes other vowels.
    assert score("پرهام حمیدی", "Abraham Hamadeh") < DEFAULT_THRESHOLD
    assert score("אמילי מחאמיד", "Muhamad Maalla") < DEFAULT_THRESHOLD
    assert score("فلاديمير بوتين", "Vladimir Putin") >= DEFAULT_THRESHOLD
    # Persian ـیه is -ieh: Mahdieh (مهدیه) is not the listed Mehdi Nemati.
    assert score("مهدیه نعمتی", "NEMATI Mehdi") < DEFAULT_THRESHOLD
    assert score("مهدیه نعمتی", "Mahdieh Nemati") >= DEFAULT_THRESHOLD
    assert word_similarity("hmydy", "hamadeh", abjad=(True, False)) == (
        0.8,
        "same consonants, other vowels",
    )


@pytest.mark.parametrize(
    ("written", "listed"),
    [
        ("سيرغي لافروف", "Sergey Lavrov"),
        ("סרגיי לברוב", "Sergey Lavrov"),
        ("أليشر عثمانوف", "Alisher USMANOV"),
        ("אלישר אוסמנוב", "Alisher USMANOV"),
        ("רומן אברמוביץ'", "Roman ABRAMOVICH"),
        ("إيغور سيتشين", "Igor SECHIN"),
        ("جينادي تيمشينكو", "Gennady TIMCHENKO"),
        ("גנאדי טימצ'נקו", "Gennady TIMCHENKO"),
    ],
)
def test_russian_names_in_arabic_and_hebrew_reach_the_threshold(written: str, listed: str) -> None:
    assert score(written, listed) >= DEFAULT_THRESHOLD


def test_greek_renderings_of_russian_names_are_read_as_they_sound() -> None:
    def best(written: str, listed: str) -> float:
        target = name_form(listed, "Person")
        return max(
            compare_names(f, target, token_weight).score for f in name_forms(written, "Person")
        )

    assert best("Σεργκέι Λαβρόφ", "Sergei Lavrov") >= DEFAULT_THRESHOLD
    assert best("Ιγκόρ Σέτσιν", "Igor SECHIN") >= DEFAULT_THRESHOLD


def test_one_word_a_letter_from_another_is_weak() -> None:
    # Both tankers are listed (OFAC and the Ukraine portal), different IMO numbers.
    assert score("SPARTA", "SPARTAN", "Vessel") < 0.85
    assert score("SPARTA IV", "SPARTAN IV", "Vessel") > score("SPARTA", "SPARTAN", "Vessel")
    assert score("Vladimir Putinn", "Vladimir Putin") > 0.9  # one word of several


def test_two_pinyin_names_are_read_syllable_by_syllable() -> None:
    # Every syllable ICU reads for these characters is in the table, and a name made
    # only of such syllables differs from another by whole syllables: Ying (英) is not
    # Ling (玲), nor Ceng (曾) Cheng (成).
    reader = icu.Transliterator.createInstance("Han-Latin; Latin-ASCII")
    for character in "陈秀英玲曾成李张伟":
        assert reader.transliterate(character).strip().lower() in pinyin_syllables()
    assert score("Chen Xiu Ying", "Xiu Ling Chen") < DEFAULT_THRESHOLD
    assert score("Ceng Li", "LI, Cheng Yu") < DEFAULT_THRESHOLD
    assert score("Chen Xiu Ying", "CHEN Xiu Ying") == 1.0
    # Outside Chinese names a letter apart is still a misspelling.
    assert score("Vladimir Putn", "Vladimir Putin") >= DEFAULT_THRESHOLD
