"""Other Latin readings of a name, where one transliteration cannot be right for all lists.

`latinize` reads every Han character as Mandarin, spells Thai letter by
letter and Greek as written. Lists do otherwise: a Japanese name in kanji is
written in its Japanese reading (安倍晋三 is "Abe Shinzo", not "an bei jin
san"), Thai in the Royal Thai General System, and a foreign name in Greek as
it sounds (Βλαντιμίρ Πούτιν is "Vladimir Putin": ντ is the Greek way to
write d, μπ b, ου u). `readings` gives these readings so screening can index
and query them beside the letter-by-letter one:

- Japanese (kana, or kanji a Japanese dictionary reads whole): pykakasi's
  dictionary reading in Hepburn, long vowels written as lists write them
  ("shinzou" -> "shinzo");
- Thai: RTGS by pythainlp's rule-based "royin" engine, and for a foreign name letter
  by letter (RTGS writes a syllable's last consonant as Thai says it: วลาดิมีร์ ปูติน
  is "wladimi putin" in RTGS, "vladimir putin" letter by letter);
- Greek: the sounds of modern Greek spelling, with the digraph table below;
- a foreign name in Chinese characters: the sounds Chinese transcription gives
  each character (弗拉基米尔·普京, Vladimir Putin, is "vlakimir putin", not
  Mandarin's "fu la ji mi er pu jing"; see data/han_transcription.yml);
- Korean in Hangul: McCune-Reischauer without diacritics, syllable by
  syllable, as the UN, EU and OFAC lists write DPRK names (김영복 is "KIM Yong
  Bok", not Revised Romanisation's "gim yeongbog"); the surname spellings of
  South Korea (Park, Lee, Choi) come from the romanisation table;
- a foreign name in Hangul: read back as one word per word, without the ㅡ Korean
  puts after a consonant that has no vowel (블라디미르 푸틴 is "bladimir putin",
  Vladimir Putin, not "beul la di mi reu pu tin").
- a foreign name in katakana: also read back as its letters, without the vowels
  Japanese adds to a consonant that has none (ガスプロム, "gasupuromu" in Hepburn,
  is "gasprom", Gazprom; ロスネフチ "rosneft"; ズベルバンク "zberbank"), once as
  written and once with l for r (ゾロトフ, Zolotov).

Both packages load their tables on first use (about 1.5 s each), so only a
process that meets Japanese or Thai pays for it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import Any, NamedTuple

from rigour.text.scripts import codepoint_script

from kleptrace.data import load_table
from kleptrace.names.normalize import clean, fold_homoglyphs
from kleptrace.names.phonetic import KATAKANA, THAI

_JAPANESE = frozenset({"Han", "Hiragana", "Katakana"})
# Hepburn without macrons, as passports and lists write it: a long o or u is one
# letter ("shinzou" -> "shinzo", "juu" -> "ju"), but "ou" before a vowel is two
# sounds ("inoue").
_LONG_VOWEL = re.compile(r"(ou|oo|uu)(?![aeiou])")
# Katakana spells foreign names: the long-vowel mark has no letter in their Latin
# spelling ("ジー" is "Ji"), and ウィ, ウェ, ウォ at the start of a word are wi, we, wo.
_KATAKANA_W = re.compile(r"\bu(?=[aieo])")
# Modern Greek digraphs first (foreign names: ντ is d, μπ b, γκ g; ου u; αι e;
# ει, οι, υι i), then single letters. Vowels carry no accent here: accents and
# the diaeresis are removed first.
_GREEK_DIGRAPHS = (
    ("ντ", "d"), ("μπ", "b"), ("γκ", "g"), ("γγ", "ng"), ("τσ", "ts"), ("τζ", "dz"),
    ("ου", "u"), ("αι", "e"), ("ει", "i"), ("οι", "i"), ("υι", "i"), ("αυ", "av"),
    ("ευ", "ev"),
)  # fmt: skip
_GREEK_LETTERS = str.maketrans(
    {
        "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th",
        "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "ks", "ο": "o", "π": "p",
        "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "i", "φ": "f", "χ": "kh", "ψ": "ps",
        "ω": "o",
    }
)  # fmt: skip
# Greek writes the Slavic -ч ending as -τς ("Αμπράμοβιτς", Abramovich) and the
# Russian -ov and -ev as -όφ and -έφ ("Λαβρόφ", Lavrov).
_GREEK_FINAL = (("its", "ich"), ("of", "ov"), ("ef", "ev"))
# Inside a word τσ is the Russian ц (Κουζνετσόφ, Kuznetsov) or ч (Σέτσιν, Sechin):
# a name with it has a second reading with ch.
_GREEK_TS = "τσ"


# Hangul syllables are composed arithmetically from 19 initials, 21 vowels and 28
# finals (Unicode 3.12). McCune-Reischauer without diacritics, as lists write it:
# plain stops are voiceless at the start of a word and voiced inside (Kim, Bok
# in "Yong Bok" is the second syllable), r at the start, l at the end.
_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_INITIALS = (
    ("k", "g"), ("kk", "kk"), ("n", "n"), ("t", "d"), ("tt", "tt"), ("r", "r"), ("m", "m"),
    ("p", "b"), ("pp", "pp"), ("s", "s"), ("ss", "ss"), ("", ""), ("j", "j"), ("jj", "jj"),
    ("ch", "ch"), ("k", "k"), ("t", "t"), ("p", "p"), ("h", "h"),
)  # fmt: skip
_VOWELS = (
    "a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo",
    "we", "wi", "yu", "u", "ui", "i",
)  # fmt: skip
_FINALS = (
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p",
    "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t",
)  # fmt: skip


def _jamo(char: str) -> tuple[int, int, int]:
    """A Hangul syllable's initial, vowel and final, as indices into the tables above."""
    code = ord(char) - _HANGUL_FIRST
    return code // 588, (code % 588) // 28, code % 28


def _korean_syllable(char: str, first: bool) -> str:
    initial, vowel, final = _jamo(char)
    return _INITIALS[initial][0 if first else 1] + _VOWELS[vowel] + _FINALS[final]


def _korean_word(word: str) -> list[str]:
    return [_korean_syllable(c, i == 0) for i, c in enumerate(word)]


@lru_cache(maxsize=20_000)
def korean_reading(text: str) -> str | None:
    """A name in Hangul as the DPRK lists write it, or None for other text.

    A one-word name of two to four syllables is a family name of one syllable
    and a given name whose syllables are written as words ("kim, yong bok");
    a name written with spaces keeps its words, each read syllable by syllable.
    Longer words are organisation names, translated on lists rather than read.
    """
    words = text.split()
    if not words or any(len(w) > 4 for w in words):
        return None
    if not all(_HANGUL_FIRST <= ord(c) <= _HANGUL_LAST for w in words for c in w):
        return None
    if len(words) == 1 and 2 <= len(words[0]) <= 4:
        word = words[0]
        return _korean_syllable(word[0], True) + ", " + " ".join(_korean_word(word[1:]))
    return " ".join(" ".join(_korean_word(w)) for w in words)


# Foreign names in Hangul (the 1986 rules for loanwords): a consonant with no vowel
# after it is written with ㅡ (스 s, 르 r, 브 b); an l between vowels is ㄹ twice (블라,
# "bla"); a final ch or j takes ㅣ (비치, "vich"); ㅂ stands for b and v, ㅍ for p and
# f, ㅅ before y-vowels for sh (셰, "she").
# The same 19 initials, 21 vowels and 28 finals as above, read as letters.
_FOREIGN_INITIALS = (
    "g", "k", "n", "d", "t", "r", "m", "b", "p", "s", "s", "", "j", "ch", "ch", "k", "t",
    "p", "h",
)  # fmt: skip
_FOREIGN_VOWELS = (
    "a", "e", "ya", "ye", "o", "e", "yo", "ye", "o", "wa", "we", "oe", "yo", "u", "wo",
    "we", "wi", "yu", "", "ui", "i",
)  # fmt: skip
_EU, _I, _RIEUL, _SIOT, _IEUNG, _JIEUT, _CHIEUT, _RIEUL_FINAL = 18, 20, 5, 9, 11, 12, 14, 8


def _foreign_word(word: str, bieup: str) -> str:
    """One word of a foreign name in Hangul, as the letters it transcribes, with ㅂ
    written `bieup` (b or v)."""
    syllables = [_jamo(c) for c in word]
    out: list[str] = []
    for i, (initial, vowel, final) in enumerate(syllables):
        after_l = i > 0 and syllables[i - 1][2] == _RIEUL_FINAL and initial == _RIEUL
        head = "" if after_l else _FOREIGN_INITIALS[initial]
        head = bieup if head == "b" else head
        last = i == len(syllables) - 1
        if vowel == _EU and initial != _IEUNG:
            sound = ""  # the vowel Korean adds to a lone consonant
        elif last and i >= 2 and initial in (_JIEUT, _CHIEUT) and vowel == _I and not final:
            sound = ""  # and the i it adds to a final ch or j: 아브라모비치, Abramovich
        elif initial == _SIOT and _FOREIGN_VOWELS[vowel].startswith("y"):
            head, sound = "sh", _FOREIGN_VOWELS[vowel][1:]
        else:
            sound = _FOREIGN_VOWELS[vowel] or "u"
        out.append(head + sound + _FINALS[final])
    return "".join(out)


def _looks_foreign(word: str) -> bool:
    """Whether a Hangul word transcribes a foreign name: longer than a Korean name, or
    with a consonant standing alone (ㅡ after it) or an l written ㄹㄹ."""
    syllables = [_jamo(c) for c in word]
    if len(syllables) > 4:
        return True
    return any(
        (vowel == _EU and initial != _IEUNG and not final)
        or (final == _RIEUL_FINAL and i + 1 < len(syllables) and syllables[i + 1][0] == _RIEUL)
        for i, (initial, vowel, final) in enumerate(syllables)
    )


@lru_cache(maxsize=20_000)
def korean_foreign_readings(text: str) -> tuple[str, ...]:
    """A foreign name in Hangul read back as its letters, once with ㅂ as b and once as
    v (블라디미르 is "bladimir" and "vladimir", 아브라모비치 "abramobich" and
    "avramovich": the better of the two is nearer the Latin name); none for other
    text and for Korean names, which `korean_reading` reads."""
    words = text.split()
    if not words or not all(_HANGUL_FIRST <= ord(c) <= _HANGUL_LAST for w in words for c in w):
        return ()
    if not any(_looks_foreign(w) for w in words):
        return ()
    return tuple(dict.fromkeys(" ".join(_foreign_word(w, b) for w in words) for b in "bv"))


@cache
def _kakasi() -> Any:
    import pykakasi  # 1.5 s of dictionary loading, so only once Japanese is met

    return pykakasi.kakasi()  # type: ignore[no-untyped-call]


@lru_cache(maxsize=20_000)
def japanese_reading(text: str) -> str | None:
    """The Japanese reading of a name in kana or kanji, or None when there is none.

    A name some character of which the dictionary cannot read (simplified
    Chinese 习近平) is not Japanese and gets no reading. A name in Han or
    hiragana is written family name first, so the reading puts a comma after
    the first word ("abe, shinzo"), as lists that write the surname first do.
    """
    if not any(codepoint_script(ord(c)) in _JAPANESE for c in text):
        return None
    words: list[str] = []
    for segment in _kakasi().convert(text.replace("ー", "")):
        original, latin = segment["orig"], segment["hepburn"].lower()
        if not original.strip():
            continue
        if not latin or any(codepoint_script(ord(c)) in _JAPANESE for c in latin):
            return None
        if all(codepoint_script(ord(c)) == "Katakana" for c in original if c.isalpha()):
            latin = _KATAKANA_W.sub("w", latin.replace("・", " "))
        words.append(_LONG_VOWEL.sub(lambda m: m.group(0)[0], latin))
    latin_words = " ".join(" ".join(words).replace("・", " ").split()).split()
    if not latin_words:
        return None
    family_first = codepoint_script(ord(text.strip()[0])) in {"Han", "Hiragana"}
    if family_first and len(latin_words) > 1:
        return latin_words[0] + ", " + " ".join(latin_words[1:])
    return " ".join(latin_words)


# A Hepburn syllable: consonants (ts, sh, ch, j, ky ...) and a vowel, or a lone n.
_MORA = re.compile(r"(?:ts|sh|ch|[bcdfghjkmprstvwz])?y?[aeiou]|n|.")
# A final チ: the ch of -vich after i (ヴィッチ, ヴィチ), the ть of Rosneft otherwise;
# チ inside a word is ti (プーチン); a final フ is the v of -ov and -ev (ラブロフ).
_FINAL_SOUNDS = (
    (re.compile(r"(?<=i)t?chi$"), "ch"),
    (re.compile(r"chi$"), "t"),
    (re.compile("chi"), "ti"),
    (re.compile(r"(?<=[eo])fu$"), "v"),
)
_DOUBLED = re.compile(r"([a-z])\1")
# Two letters that spell one sound: the vowel between them is kept (スホーイ, Sukhoi, is
# "suhoi", not "shoi").
_DIGRAPHS = frozenset({"sh", "ch", "kh", "zh", "ts", "th", "ph"})


def _without_added_vowels(latin: str) -> str:
    """A katakana word's Hepburn without the vowels Japanese adds after a lone
    consonant: a u inside or at the end of a word (ス of ガスプロム; not a long ウー),
    at the start only before r or in s- and z- clusters (フリードマン, Fridman;
    スベルバンク, Sberbank; but ルカシェンコ is Lukashenko), and an o after t or d (ト
    of アエロフロート, ド of ドミトリー) but before a last added u (ヴィクトル, Viktor)."""
    for pattern, sound in _FINAL_SOUNDS:
        latin = pattern.sub(sound, latin)
    morae = _MORA.findall(latin)
    out = []
    for k, mora in enumerate(morae):
        following = morae[k + 1] if k + 1 < len(morae) else ""
        lone = not following or following[0] not in "aeiouy"
        last_added = k + 2 == len(morae) and following[-1] not in "aeio"  # -ru, -v of -ov
        added = (mora[-1] == "u" and (k > 0 or mora[0] in "sz" or following[:1] == "r")) or (
            mora in ("to", "do") and not last_added
        )
        joins = mora[-2:-1] + following[:1] in _DIGRAPHS
        keep = not (lone and added) or len(mora) == 1 or following == "u" or joins
        out.append(mora if keep else mora[:-1])
    return "".join(out)


# Kana pairs that spell foreign sounds, which pykakasi reads as two Japanese ones
# (ティ "tei", シェ "shie"): read here as the sound they stand for.
_FOREIGN_KANA = re.compile("ティ|ディ|トゥ|ドゥ|シェ|ジェ|ツァ|ウィ|ウェ|ウォ|ヴャ|ヴュ|ヴョ")
_FOREIGN_SOUNDS = {
    "ティ": "ti", "ディ": "di", "トゥ": "tu", "ドゥ": "du", "シェ": "she", "ジェ": "je",
    "ツァ": "tsa", "ウィ": "wi", "ウェ": "we", "ウォ": "wo", "ヴャ": "vya", "ヴュ": "vyu",
    "ヴョ": "vyo",
}  # fmt: skip


@lru_cache(maxsize=20_000)
def katakana_foreign_readings(text: str) -> tuple[str, ...]:
    """A foreign name in katakana read back as the letters it transcribes, once with
    r and once with l for every r (Japanese writes both with one row of kana: ゾロトフ
    is Zolotov, ロスネフチ Rosneft); none for other text. Hepburn with the vowels
    Japanese adds to lone consonants taken out, long vowels and doubled consonants
    written once."""
    words = text.replace("・", " ").split()
    kana = [c for w in words for c in w if c != "ー"]
    if not kana or not all(codepoint_script(ord(c)) == "Katakana" for c in kana):
        return ()
    out = []
    for word in words:
        word = _FOREIGN_KANA.sub(lambda m: _FOREIGN_SOUNDS[m.group(0)], word)
        latin = "".join(s["hepburn"] for s in _kakasi().convert(word)).lower()
        latin = _without_added_vowels(latin.replace("'", ""))
        out.append(_DOUBLED.sub(r"\1", latin))
    reading = " ".join(out)
    return tuple(dict.fromkeys((reading, reading.replace("r", "l")))) if reading else ()


@lru_cache(maxsize=20_000)
def thai_reading(text: str) -> str | None:
    """The RTGS reading of a name in Thai script, word by word, or None for other text."""
    if not any(codepoint_script(ord(c)) == "Thai" for c in text):
        return None
    from pythainlp.transliterate import romanize  # loads its tables on first use

    words = [romanize(word, engine="royin") for word in text.split()]
    return " ".join(w.lower() for w in words if w) or None


def _greek_word(word: str) -> str:
    for digraph, latin in _GREEK_DIGRAPHS:
        word = word.replace(digraph, latin)
    word = word.translate(_GREEK_LETTERS)
    for ending, latin in _GREEK_FINAL:
        if word.endswith(ending):
            word = word[: -len(ending)] + latin
    return word


@lru_cache(maxsize=20_000)
def greek_readings(text: str) -> tuple[str, ...]:
    """How a name in Greek script sounds, in Latin letters (τσ read ts, then ch where
    the name has one); empty for other text."""
    if not any(codepoint_script(ord(c)) == "Greek" for c in text):
        return ()
    plain = "".join(
        c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c)
    )
    found = [" ".join(_greek_word(word) for word in plain.split())]
    if _GREEK_TS in plain:
        found.append(" ".join(_greek_word(w.replace(_GREEK_TS, "ch")) for w in plain.split()))
    return tuple(found)


@cache
def _han_table() -> tuple[dict[str, str], frozenset[str]]:
    data = load_table("han_transcription")
    values = data["characters"]
    wrong = [k for k, v in values.items() if not isinstance(v, str)]
    if wrong:  # YAML reads a bare no or on as a boolean
        raise ValueError(f"han_transcription.yml: quote the values of {wrong}")
    return values, frozenset(data["separators"])


@lru_cache(maxsize=20_000)
def han_transcription_reading(text: str) -> str | None:
    """A foreign name written in Chinese characters, read back as it sounds, or None.

    Only a name written with the transcription separator (·) whose every word is
    mostly transcription characters, or a short name made only of them (普京), is
    read so: ordinary Chinese names (陈玉兰) keep their Mandarin reading alone.
    """
    if not any(codepoint_script(ord(c)) == "Han" for c in text):
        return None
    values, separators = _han_table()
    words = "".join(" " if c in separators else c for c in text).split()
    separated = len(words) > 1 or any(c in separators for c in text)
    out: list[str] = []
    for word in words:
        known = [values.get(c) for c in word]
        if not all(codepoint_script(ord(c)) == "Han" for c in word):
            return None
        if None in known and not (separated and known.count(None) * 4 <= len(known)):
            return None
        out.append("".join(v for v in known if v))
    return " ".join(out) or None


# A foreign name in Thai script, letter by letter: each consonant as the sound it
# stands for at the start of a syllable (RTGS writes a syllable's last consonant as Thai
# says it, ฟ as p, ส as t, and drops a letter under ์: วลาดิมีร์ "wladimi"), each vowel
# sign in reading order (เ แ โ ใ ไ are written before their consonant), and no vowel
# where Thai writes none (ดมีตรี, Dmitri).
_THAI_CONSONANTS = {
    "ก": "k", "ข": "kh", "ฃ": "kh", "ค": "k", "ฅ": "k", "ฆ": "k", "ง": "ng", "จ": "ch",
    "ฉ": "ch", "ช": "ch", "ซ": "s", "ฌ": "ch", "ญ": "y", "ฎ": "d", "ฏ": "t", "ฐ": "t",
    "ฑ": "d", "ฒ": "t", "ณ": "n", "ด": "d", "ต": "t", "ถ": "t", "ท": "t", "ธ": "t",
    "น": "n", "บ": "b", "ป": "p", "ผ": "p", "ฝ": "f", "พ": "p", "ฟ": "f", "ภ": "p",
    "ม": "m", "ย": "y", "ร": "r", "ล": "l", "ว": "v", "ศ": "s", "ษ": "s", "ส": "s",
    "ห": "h", "ฬ": "l", "ฮ": "h",
}  # fmt: skip
_THAI_VOWELS = {
    "ะ": "a", "ั": "a", "า": "a", "ำ": "am", "ิ": "i", "ี": "i", "ึ": "y", "ื": "y",
    "ุ": "u", "ู": "u",
}  # fmt: skip
_THAI_PREPOSED = {"เ": "e", "แ": "a", "โ": "o", "ใ": "ai", "ไ": "ai"}
_THAI_MARKS = frozenset("็่้๊๋์ํ")  # tone and length marks, and ์ (the letter stays)
_THAI_IA = "ีย"  # with เ before the consonant, the vowel ia
_THAI_O_BEFORE = frozenset(_THAI_CONSONANTS) | {"อ"}  # อ is the o before these (รอส, คออ)


def _thai_foreign_word(word: str, ko_kai: str, sara_ae: str) -> str:
    """One word of a foreign name in Thai, with ก written `ko_kai` (k or g) and แ
    `sara_ae` (a or e)."""
    out: list[str] = []
    held = ""  # a vowel written before its consonant
    after = ""  # what came last: a consonant, a vowel, or a consonant with its vowel
    skip = 0  # letters already read with the one before them
    for k, char in enumerate(word):
        rest = word[k + 1 :]
        if skip:
            skip -= 1
        elif char in _THAI_PREPOSED:
            held = sara_ae if char == "แ" else _THAI_PREPOSED[char]
        elif char == "อ":  # a vowel's carrier, the o between consonants, or part of เ◌อ
            if held or (k == 0 and rest[:1] not in _THAI_VOWELS):
                out.append(held or "a")
            elif (after == "consonant" and (not rest or rest[0] in _THAI_O_BEFORE)) or (
                after == "vowel" and rest[:1] == "อ"  # ออ after a vowel: ปิออตร์, Pyotr
            ):
                out.append("o")
            held, after = "", "vowel"
        elif char in _THAI_CONSONANTS:
            final = out and all(c in _THAI_MARKS for c in rest)
            sound = ko_kai if char == "ก" else _THAI_CONSONANTS[char]
            out.append("v" if char == "ฟ" and final else sound)  # -ov, -ev
            # ร or ล after a consonant is a cluster when a consonant closes the syllable
            # (เกลน, Glen), not when it is silent (แบร์ก, -berg) or closes it (เซล).
            cluster = rest[:1] in ("ร", "ล") and rest[1:2] in _THAI_CONSONANTS
            if held == "e" and rest.startswith(_THAI_IA):
                out.append("ia")  # เ◌ีย: เซียร์เกย์, Sergey; โซเบียนิน, Sobyanin
                held, after, skip = "", "vowelled", len(_THAI_IA)
            elif held and not cluster:
                out.append(held)
                held, after = "", "vowelled"
            else:
                after = "consonant"
        elif char in _THAI_VOWELS:
            out.append(_THAI_VOWELS[char])
            after = "vowel"
        elif char not in _THAI_MARKS:
            out.append(char)
    return "".join(out) + held


@lru_cache(maxsize=20_000)
def thai_foreign_readings(text: str) -> tuple[str, ...]:
    """A foreign name in Thai script read letter by letter (วลาดิมีร์ ปูติน, "vladimir
    putin"), with ก as k and as g (Thai has no g: เซอร์เกย์ is Sergey, เดริปาสกา
    Deripaska) and แ as a and as e (แบงก์ is bank, แบร์ก -berg); none for other text."""
    words = text.split()
    if not words or not all(codepoint_script(ord(c)) == "Thai" for w in words for c in w):
        return ()
    return tuple(
        dict.fromkeys(
            " ".join(_thai_foreign_word(w, ko_kai, sara_ae) for w in words)
            for ko_kai in "kg"
            for sara_ae in "ae"
        )
    )


class Reading(NamedTuple):
    """A Latin reading of a name, whether it spells syllables (a Korean name read
    syllable by syllable) rather than words, and the script it was read from when that
    script writes several Latin letters alike (`phonetic.KATAKANA` or `phonetic.THAI`
    for a foreign name in katakana or Thai: r and l, ch and sh, d and zh), else ""."""

    text: str
    syllabic: bool = False
    lossy: str = ""


def readings(text: str) -> tuple[Reading, ...]:
    """Return the other Latin readings of a name, beside what `latinize` gives.

    Args:
        text: A name in any script.

    Returns:
        The Japanese, foreign-in-katakana, Chinese-transcription, Korean,
        foreign-in-Hangul, Thai and Greek readings that apply, in that order; empty
        for a name in any other script.
    """
    if text.isascii():
        return ()  # every reading here is of a non-Latin script; most names take this way
    text = fold_homoglyphs(clean(text))
    found = (
        Reading(japanese_reading(text) or ""),
        *(Reading(r, lossy=KATAKANA) for r in katakana_foreign_readings(text)),
        Reading(han_transcription_reading(text) or ""),
        Reading(korean_reading(text) or "", syllabic=True),
        *(Reading(r) for r in korean_foreign_readings(text)),
        Reading(thai_reading(text) or ""),
        *(Reading(r, lossy=THAI) for r in thai_foreign_readings(text)),
        *(Reading(r) for r in greek_readings(text)),
    )
    kept: dict[str, Reading] = {}
    for reading in found:
        if reading.text:  # one reading per text; lossy when any that gave it is
            seen = kept.get(reading.text)
            kept[reading.text] = (
                reading if seen is None else seen._replace(lossy=seen.lossy or reading.lossy)
            )
    return tuple(kept.values())
