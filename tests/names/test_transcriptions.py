"""Russian names in German, French and ISO 9 spelling (with or without its diacritics),
and Ukrainian and Belarusian forms, are read the way the lists spell Russian names;
names without a mark of those systems are left alone."""

from __future__ import annotations

import pytest

from kleptrace.names import transcription_readings


def _read(name: str) -> set[str]:
    return {r.lower() for r in transcription_readings(name)}


@pytest.mark.parametrize(
    ("written", "listed"),
    [
        # German (Duden): one mark (sch, -ow) makes the whole name German, so the
        # ch of Chochlun is kh although the word alone could be English.
        ("Andrei Rostislawowitsch Chochlun", "andrei rostislavovich khokhlun"),
        ("Aleksandr Wjatscheslawowitsch Sacharow", "aleksandr vyacheslavovich zakharov"),
        ("Sergei Wiktorowitsch Tschemesow", "sergei viktorovich chemezov"),
        ("Gambaschidse Ilja Andrejewitsch", "gambashidze ilya andreyevich"),
        # French: tch, ie after a vowel, -aia.
        ("Serguei Petrovitch Ouchko", "sergei petrovich ushko"),
        ("Toupikine Nikolai Aleksandrovitch", "tupikin nikolai aleksandrovich"),
        ("Agueieva Irina Anatolievna", "ageyeva irina anatolyevna"),
        ("Anna Iourievna Loujanskaia", "anna yuryevna luzhanskaya"),
        # French: a word in -ine (ин) beside ou, gue/gui or j, as the press writes them.
        ("Vladimir Poutine", "vladimir putin"),
        ("Evgueni Prigojine", "evgeniy prigozhin"),
        # ISO 9: carons, circumflexes, the soft sign, h for х, j for й (Andrej is left
        # as written: the romanisation table knows it).
        ("Husnullin Marat Šakirzânovič", "khusnullin marat shakirzyanovich"),
        ("Ilʹâšenko Andrej Vitalʹevič", "ilyashenko andrej vitalyevich"),
        ("Ûrij Valentinovič Kovalʹčuk", "yuriy valentinovich kovalchuk"),
        # ISO 9 without its diacritics: -vic, the apostrophe of the soft sign, -aa.
        ("Husnullin Marat Sakirzanovic", "khusnullin marat sakirzanovich"),
        ("Anna Ur'evna Luzanskaa", "anna yuryevna luzanskaya"),
        ("Urij Olegovic Denisov", "yuriy olegovich denisov"),
        # Ukrainian: г h, и y, є ie, -ій ii (Russian -ий or -ей); Ihor, Oleh, Dzmitry are
        # left to the table.
        ("Yevhen Pryhozhyn", "yevhen prigozhin"),
        ("Ihor Siechyn", "ihor sechin"),
        ("Oleh Derypaska", "oleh deripaska"),
        ("Hennadii Tymchenko", "gennadiy timchenko"),
        ("Arkadii Rotenberh", "arkadiy rotenberg"),
        # Belarusian: дз dz, ў u, a for an unstressed o, г h.
        ("Dzmitry Alyaksandravich Lukashenka", "dzmitry aleksandrovich lukashenko"),
        ("Alyaksandr Ryhoravich Lukashenka", "alyaksandr rygorovich lukashenko"),
        # Czech-style spelling beside ISO 9's carons: ch is х.
        ("Aleksandr Vjačeslavovič Zacharov", "aleksandr vyacheslavovich zakharov"),
    ],
)
def test_a_transcribed_name_is_read_the_lists_way(written: str, listed: str) -> None:
    assert listed in _read(written)


def test_a_letter_standing_for_two_sounds_is_read_both_ways() -> None:
    # German sch is ш or ж, and an s before a vowel at the start с or з.
    assert {"prigoshin jewgeni", "prigozhin jewgeni"} <= _read("Prigoschin Jewgeni")
    assert "zaurbek salimovich guchayev" in _read("Saurbek Salimowitsch Gutschajew")


def test_a_word_the_romanisation_table_knows_is_left_as_written() -> None:
    # Its class already holds the lists' spellings (jewgeni, yevgeny; serhii, sergei).
    assert _read("Prigoschin Jewgeni") >= {"prigoshin jewgeni"}
    assert _read("Serhii Shoihu") == {"serhii shoigu"}


def test_the_case_of_each_word_is_kept() -> None:
    # Capitals tell the surname ("KHOKHLUN, Andrei").
    assert "KHOKHLUN, Andrei" in transcription_readings("CHOCHLUN, Andrei Rostislawowitsch")[0]


@pytest.mark.parametrize(
    "name",
    [
        "Vladimir Putin",
        "William Howard",  # a w alone is no German mark
        "Abdul Wahab",
        "Jose Rodriguez",  # gu is Spanish too
        "Catherine Dubois",  # -ine alone is French, not Russian
        "Youssef Bouchareb",  # ou is Arabic in French spelling too
        "Abdoellah van Saoedi-Arabië",  # a ë alone is Dutch
        "Châu Bảo Đặng",  # â beside letters ISO 9 does not write
        "VLADIMIR LYSAKOV",  # a y between consonants is Russian ы too, without an h
        "Conor O'Brien",
        "Владимир Путин",
    ],
)
def test_a_name_without_a_mark_has_no_reading(name: str) -> None:
    assert transcription_readings(name) == ()
