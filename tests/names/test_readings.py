"""Other Latin readings: Japanese, Korean (DPRK spelling), Thai (RTGS) and Greek names.

The Korean and katakana cases are real EU Official Journal rows: the test reads
the Hangul or katakana alias and the Latin name printed on the same row.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from kleptrace.names import latinize, readings, script_key, script_of
from kleptrace.names.phonetic import KATAKANA, THAI
from kleptrace.names.readings import (
    Reading,
    greek_readings,
    han_transcription_reading,
    japanese_reading,
    katakana_foreign_readings,
    korean_foreign_readings,
    korean_reading,
    thai_foreign_readings,
)


def _rows_with_script(data_dir: Path, script: str) -> list[tuple[str, list[str]]]:
    """(alias in `script`, words of the row's Latin names) for every EU person row."""
    out = []
    for path in sorted((data_dir / "eu_journal_opensanctions").glob("*/*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["schema"] != "Person":
                    continue
                names = [row["name"], *(a.strip() for a in row["alias"].split(";"))]
                latin = [n for n in names if script_of(n) == "Latin"]
                words = sorted({w for n in latin for w in re.findall(r"[a-z]+", n.lower())})
                out += [(n, words) for n in names if script_of(n) == script and latin]
    return out


def test_kanji_name_is_read_as_japanese_not_mandarin() -> None:
    assert latinize("安倍晋三") == "an bei jin san"
    assert readings("安倍晋三") == (Reading("abe, shinzo"),)
    assert japanese_reading("井上 三郎") == "inoue, saburo"  # "ou" before a vowel stays


def test_simplified_chinese_has_no_japanese_reading() -> None:
    assert japanese_reading("习近平") is None
    assert readings("习近平") == ()


def test_katakana_names_from_the_eu_annexes(data_dir: Path) -> None:
    rows = _rows_with_script(data_dir, "Katakana")
    assert len(rows) >= 5
    shared = 0
    for katakana, latin_words in rows:
        reading = readings(katakana)
        assert reading and all(r.text.isascii() for r in reading), katakana
        words = {w for r in reading for w in r.text.replace(",", "").split()}
        shared += bool(words & set(latin_words))
    # Katakana only approximates Burmese and Chinese sounds (ソー for "Saw", ジュ for "Zhu").
    assert shared >= 3, (shared, len(rows))
    assert [r.text for r in readings("セイン・ウィン")] == ["sein win"]  # "Saw Sein Win"


# Designated Russian firms and people as Japanese media write them in katakana, and the
# reading the lists' Latin spelling is (within kleptrace's own word folding).
KATAKANA_RUSSIANS = (
    ("ロスネフチ", "rosneft"),  # チ at the end: ть
    ("スベルバンク", "sberbank"),  # ス: s with the u Japanese adds
    ("トランスネフチ", "transneft"),  # ト: t with an added o
    ("ドミトリー・ペスコフ", "dmitri peskov"),  # ド: d with an added o; フ: -ov
    ("ロマン・アブラモヴィッチ", "roman abramovich"),  # ッチ: -vich
    ("ヴィクトル・ヤヌコーヴィチ", "viktor yanukovich"),  # ト of Viktor kept; ヌ is nu
    ("ゾロトフ", "zolotov"),  # ロ: lo
)


def test_a_foreign_name_in_katakana_reads_back_as_its_letters() -> None:
    for katakana, latin in KATAKANA_RUSSIANS:
        assert latin in katakana_foreign_readings(katakana), katakana
    assert katakana_foreign_readings("安倍晋三") == ()  # Japanese, not foreign
    assert katakana_foreign_readings("Putin") == ()


# Designated Russians in Thai script, and their Latin spelling on the lists: RTGS, made
# for Thai words, writes วลาดิมีร์ as "wladimi" (the ร under ์ dropped, ว as w).
THAI_RUSSIANS = (
    ("วลาดิมีร์ ปูติน", "vladimir putin"),
    ("โรมัน อับราโมวิช", "roman abramovich"),  # โ written before its consonant
    ("เดริปาสกา", "deripaska"),
    ("เซอร์เกย์", "sergey"),  # ก as g; the อ of เ◌อ
    ("เมดเวเดฟ", "medvedev"),  # a final ฟ is the v of -ev
    ("รอสเนฟต์", "rosneft"),  # อ between consonants is o
)


def test_a_foreign_name_in_thai_reads_back_as_its_letters() -> None:
    for thai, latin in THAI_RUSSIANS:
        assert latin in thai_foreign_readings(thai), (thai, thai_foreign_readings(thai))
    assert thai_foreign_readings("Putin") == ()


def test_letters_katakana_and_thai_write_alike_fold_to_one() -> None:
    # ヴォロジン reads "vorojin" (one kana row for r and l, ジ for d); มิชุสติน "michustin"
    # (ช for ch and sh); ゲルマン・グレフ's "grev" for Gref (フ for f and v).
    assert script_key("vorojin", KATAKANA) == script_key("volodin", KATAKANA)
    assert script_key("michustin", THAI) == script_key("mishustin", THAI)
    assert script_key("grev", KATAKANA) == script_key("gref", KATAKANA)
    assert script_key("putin", KATAKANA) != script_key("pushkin", KATAKANA)
    foreign = katakana_foreign_readings("ヴォロジン")
    assert foreign and all(r.lossy == KATAKANA for r in readings("ヴォロジン") if r.text in foreign)
    thai = thai_foreign_readings("มิคาอิล มิชุสติน")
    assert thai and all(r.lossy == THAI for r in readings("มิคาอิล มิชุสติน") if r.text in thai)
    assert not any(r.lossy for r in readings("Βλαντιμίρ Πούτιν"))


def test_hangul_names_from_the_eu_annexes_read_as_the_lists_write_them(data_dir: Path) -> None:
    rows = _rows_with_script(data_dir, "Hangul")
    assert len(rows) >= 50
    every_word = 0
    for hangul, latin_words in rows:
        reading = korean_reading(hangul)
        assert reading is not None, hangul
        words = reading.replace(",", "").split()
        every_word += all(w in latin_words or len(w) <= 2 for w in words)
    # Revised Romanisation ("gim yeongbog") agrees with the printed spelling in almost none.
    assert every_word / len(rows) >= 0.6, (every_word, len(rows))
    assert korean_reading("김영복") == "kim, yong bok"


def test_korean_organisation_names_get_no_syllable_reading() -> None:
    assert korean_reading("조선대외건설총회사") is None


@pytest.mark.parametrize(
    ("hangul", "letters"),
    [
        ("블라디미르 푸틴", "vladimir putin"),  # 블 is a lone b (or v), then la
        ("로만 아브라모비치", "roman abramobich"),  # the i after a final ch is dropped
        ("알리셰르 우스마노프", "alisher usmanop"),  # 셰 is she
        ("세르게이 쇼이구", "sergei shoigu"),
    ],
)
def test_a_foreign_name_in_hangul_is_read_as_its_letters(hangul: str, letters: str) -> None:
    assert letters in korean_foreign_readings(hangul)
    assert Reading(letters, syllabic=False) in readings(hangul)


def test_korean_names_in_the_eu_annexes_are_not_read_as_foreign(data_dir: Path) -> None:
    rows = _rows_with_script(data_dir, "Hangul")
    foreign = [hangul for hangul, _ in rows if korean_foreign_readings(hangul)]
    assert len(foreign) <= len(rows) // 20, foreign
    assert korean_foreign_readings("김영복") == ()


def test_greek_is_read_as_it_sounds() -> None:
    assert latinize("Βλαντιμίρ Πούτιν") == "vlantimir poutin"
    assert greek_readings("Βλαντιμίρ Πούτιν") == ("vladimir putin",)
    assert greek_readings("Ρομάν Αμπράμοβιτς") == ("roman abramovich",)
    assert greek_readings("Ολέγκ Ντεριπάσκα") == ("oleg deripaska",)
    assert greek_readings("Σεργκέι Λαβρόφ") == ("sergi lavrov",)  # ει is i
    # τσ is the Russian ц (Kuznetsov) or ч (Sechin): both readings are kept.
    assert greek_readings("Ιγκόρ Σέτσιν") == ("igor setsin", "igor sechin")
    assert greek_readings("Κουζνετσόφ")[0] == "kuznetsov"


@pytest.mark.parametrize(
    ("thai", "rtgs"),
    [("ทักษิณ ชินวัตร", "thaksin chinwat"), ("ประยุทธ์ จันทร์โอชา", "prayut chanocha")],
)
def test_thai_keeps_its_vowels(thai: str, rtgs: str) -> None:
    assert "prayuthth" in latinize("ประยุทธ์ จันทร์โอชา")  # letter by letter, vowels lost
    found = readings(thai)  # RTGS first, then the letters as a foreign name's
    assert found[0].text.split()[0] == rtgs.split()[0]


def test_latin_names_have_no_other_reading() -> None:
    assert readings("Vladimir Putin") == ()
    assert readings("Владимир Путин") == ()


def test_a_foreign_name_in_chinese_is_read_as_it_sounds() -> None:
    assert han_transcription_reading("弗拉基米尔·普京") == "vlakimir putin"
    assert han_transcription_reading("阿利舍尔·乌斯马诺夫") == "alisher usmanov"
    # Made only of transcription characters, even without the separator.
    assert han_transcription_reading("普京") == "putin"
    # Ordinary Chinese and Japanese names keep their own readings alone.
    assert han_transcription_reading("陈玉兰") is None
    assert han_transcription_reading("习近平") is None
    assert han_transcription_reading("Vladimir Putin") is None
    assert "vlakimir putin" in [r.text for r in readings("弗拉基米尔·普京")]
