"""Russian names in other romanisations, and Ukrainian and Belarusian forms of them,
read the way the lists spell Russian names.

Sanctions lists spell Russian names in English-style romanisation (BGN/PCGN, passport
spelling): Yevgeny Prigozhin, Vyacheslav, Khusnullin. A customer file may hold the
same name as German (Duden) transcription writes it (Jewgeni Prigoschin,
Wjatscheslaw, Chusnullin), as French usage does (Evgueni Prigojine, Viatcheslav,
Khousnoulline), in ISO 9 with or without its diacritics (Vâčeslav, Vacheslav), or in
the Ukrainian or Belarusian form of the name (Yevhen Pryhozhyn, Dzmitry). Each system
is consistent within a name, so a name that shows a mark of one (German "sch" or a
Russian "-ow", French "tch", ISO 9's carons, Ukrainian "-ovych", Belarusian "dz")
is read whole in that system: "Andrei Rostislawowitsch Chochlun" is German, so its
"ch" is kh (Khokhlun) although that word alone could be English. A word the
romanisation table already knows (Jewgeni, Serhii) is left as written.

The rules are the systems' own letter values, as their references give them, written
the other way round: German from Duden, "Transkription aus dem Russischen"; French
from the usage the BnF and the French press follow (Poutine, Gorbatchev); ISO 9:1995's
one letter per Cyrillic letter; Ukrainian from the national transliteration of 2010,
Belarusian from that of 2007, each letter set against the Russian letter of the same
name. Where a system writes two Russian sounds alike (German sch for both ш and ж,
an s at the start of a word for с or з), the name is read both ways, in at most
`_MAX_READINGS` readings.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from kleptrace.names.scripts import script_of
from kleptrace.names.translit import spelling_class

_VOWEL = "aeiouy"
_MAX_READINGS = 4
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")


@dataclass(frozen=True)
class _Scheme:
    """One system's letter groups and what each is in the lists' spelling."""

    mark: re.Pattern[str]
    """What only this system writes (a letter group, an ending); a name showing it is
    read by it."""
    pattern: re.Pattern[str]
    spellings: tuple[tuple[str, ...], ...]
    """Per alternative of `pattern`, its spellings in the lists' romanisation."""

    def respell(self, word: str) -> tuple[str, ...]:
        """The word's readings, every spelling of each group in turn (the first of each
        first), at most `_MAX_READINGS`."""
        found, written = [""], 0
        for match in self.pattern.finditer(word):
            before = word[written : match.start()]
            found = [f + before + s for f in found for s in self._options(match)]
            found, written = found[:_MAX_READINGS], match.end()
        return tuple(dict.fromkeys(f + word[written:] for f in found))

    def _options(self, match: re.Match[str]) -> tuple[str, ...]:
        return self.spellings[(match.lastindex or 1) - 1]  # one group per rule, in order


def _scheme(mark: str, rules: list[tuple[str, tuple[str, ...]]]) -> _Scheme:
    """Compile (regular expression, spellings) rules, tried in order at each letter."""
    pattern = "|".join(f"({rule})" for rule, _ in rules)
    return _Scheme(re.compile(mark), re.compile(pattern), tuple(s for _, s in rules))


_AFTER_VOWEL = f"(?<=[{_VOWEL}])"
_BEFORE_VOWEL = f"(?=[{_VOWEL}])"
_START = r"(?<![^\W\d_])"
_END = r"(?![^\W\d_])"
_AFTER_CONSONANT = "(?<=[b-df-hj-np-tv-z])"

# Duden writes щ schtsch, ч tsch, ш and ж both sch, х ch, в w, ц z, з s (ss for с
# between vowels), й and the j of я, ю, ё, е (ja, ju, jo, je) j, and ий at the end i.
# A w alone is no mark (William, Wang, Abdul Wahab): only where Duden's w stands for
# в in a Russian ending or cluster (-ow, -ewa, -owna, Wladimir, Wjatscheslaw, Jewgeni).
GERMAN = _scheme(
    r"sch|wj|jew|\bw[lr]|[oe]wn?a?\b",
    [
        ("schtsch", ("shch",)),
        ("tsch", ("ch",)),
        ("sch", ("sh", "zh")),
        ("ch", ("kh", "ch")),  # or the lists' ch, in a name that mixes spellings
        ("w", ("v",)),
        ("z", ("ts",)),
        ("ss", ("s",)),
        (f"{_AFTER_VOWEL}s{_BEFORE_VOWEL}|(?<=d)s", ("z",)),
        (f"{_START}s{_BEFORE_VOWEL}", ("s", "z")),
        ("j", ("y",)),
        (f"{_AFTER_CONSONANT}i{_END}", ("iy",)),
    ],
)

# French usage writes щ chtch, ч tch, ш ch, ж j, у ou, ю iou, ё io, я ia, е after a
# vowel or soft sign ie, г before e, i, y gu, с between vowels ss, ий at the end i
# and ин at the end ine (Poutine). Its gu and ou are no mark: Spanish writes gu
# (Rodriguez, Miguel), Arabic names in French spelling ou (Youssef), and English
# lists -iev (Aliev); its ie after a vowel (Koureiev, Agueieva) and -aia (-ая) are,
# and so is a word ending in -ine in a name that also writes ou, gue/gui or j
# (Vladimir Poutine, Evgueni Prigojine; Catherine Dubois shows none).
FRENCH = _scheme(
    r"tch|iou|[aeiou]iev|aia\b|^(?=.*ine\b)(?=.*(?:ou|gu[eiy]|j))",
    [
        ("chtch", ("shch",)),
        ("tch", ("ch",)),
        ("ch", ("sh", "ch")),  # or the lists' ch, in a name that mixes spellings
        ("j", ("zh",)),
        ("iou", ("yu",)),
        ("ou", ("u",)),
        (f"i(?=[aoe])(?!e{_END})", ("y",)),
        ("gu(?=[eiy])", ("g",)),
        ("ss", ("s",)),
        (f"ine{_END}", ("in",)),
        (f"{_AFTER_CONSONANT}i{_END}", ("iy",)),
    ],
)

# ISO 9 writes ж ž, ч č, ш š, щ ŝ, ё ë, э è, ю û, я â, х h, ц c, й j, ь ʹ and ъ ʺ
# (a y before a vowel in the lists' spelling: Vitalʹevič, Vitalyevich), and for
# Ukrainian і ì, ї ï, є ê. It writes no ch, so a ch beside its carons is х, as the
# Czech-style spellings lists also carry have it (Zacharov, Vjačeslavovič), or the
# lists' ch in a name that mixes spellings (Viktorovich Janukovyč). A ë or è
# alone is no mark: Dutch and French write them (Arabië, Issène).
_ISO9_MARKS = "\u0161\u017e\u010d\u015d\u00e2\u00fb\u02b9\u02ba"
_ISO9_LETTERS = _ISO9_MARKS + "\u00eb\u00e8\u00ea\u00ec\u00ef"
ISO9 = _scheme(
    # A mark, and no letter ISO 9 does not write (Vietnamese Châu Bảo, Czech Jiří).
    f"^(?=.*[{_ISO9_MARKS}])(?:[\\x00-\\x7f]|[{_ISO9_LETTERS}]|\\W)*$",
    [
        ("\u017e", ("zh",)),
        ("\u010d", ("ch",)),
        ("\u0161", ("sh",)),
        ("\u015d", ("shch",)),
        ("\u00eb", ("yo",)),
        ("\u00e8", ("e",)),
        ("\u00fb", ("yu",)),
        ("\u00e2", ("ya",)),
        ("\u00ea", ("ye",)),
        ("\u00ec", ("i",)),
        ("\u00ef", ("yi",)),
        ("sh", ("sh",)),  # the lists' digraphs, where a name mixes both spellings
        ("zh", ("zh",)),
        ("kh", ("kh",)),
        ("ch", ("kh", "ch")),
        ("h", ("kh",)),
        ("c", ("ts",)),
        ("j", ("y",)),
        ("[\u02b9\u02ba](?=[ei\u00ea\u00ec])", ("y",)),
        ("[\u02b9\u02ba]", ("",)),
    ],
)

# Ukrainian (the national transliteration of 2010, as Ukrainian passports and the EU's
# Ukrainian entries write it) writes и y, г h, є ie, ї yi, -ій ii, which Russian
# spells и i, г g, е e, и i and -ий or -ей (Serhii, Sergei; Pryhozhyn, Prigozhin).
# Its marks are the patronymic -ovych, a final -ii or -yi, and a y between consonants
# (и) in a name with an h of its own (г): Russian writes ы as y too, but has no h
# (Lysakov is no Ukrainian Lisakov; Oleh Derypaska is Oleg Deripaska).
UKRAINIAN = _scheme(
    r"ovych|evych|[^\W\d_](?:ii|yi)\b"
    r"|^(?=.*[b-df-hj-np-tv-z]y[b-df-hj-np-tv-z])(?=.*(?<![zksctpg])h)",
    [
        ("zh", ("zh",)),  # the digraphs' h is no г
        ("kh", ("kh",)),
        ("sh", ("sh",)),
        ("ch", ("ch",)),
        ("th", ("th",)),  # nor that of an English name the mark took in (Rhys Thomas)
        ("ph", ("ph",)),
        ("gh", ("gh",)),
        ("h", ("g",)),
        ("iie", ("iye",)),
        (f"{_AFTER_CONSONANT}ie", ("e",)),
        (r"ii\b", ("iy", "ey")),
        (r"yi\b", ("iy",)),
        ("yi", ("i",)),
        (f"{_AFTER_CONSONANT}y(?![aeiou])", ("i",)),
    ],
)

# Belarusian Latin (the national romanisation of 2007 without diacritics, as the EU and
# OFSI write Belarusian officials) writes г h, дз dz and ць ts where Russian has д and т
# before a soft vowel (Dzmitry, Dmitry), ў u (the -аў of Lukashenka's -аў, Russian -ов
# or -ав), and a for an unstressed o (Alyaksandravich, Aleksandrovich; -enka, -enko).
BELARUSIAN = _scheme(
    r"dz[miy]|[^\W\d_]avi?ch\b|[^\W\d_]avna\b|enka\b|[^\W\d_][ai]au\b",
    [
        ("zh", ("zh",)),
        ("kh", ("kh",)),
        ("sh", ("sh",)),
        ("ch", ("ch",)),
        ("h", ("g",)),
        ("dz", ("d", "dz")),
        ("ts(?=[iey])", ("t", "ts")),
        (f"{_AFTER_CONSONANT}ya", ("e", "ya")),
        (r"avich\b", ("ovich",)),
        (r"avna\b", ("ovna",)),
        (r"enka\b", ("enko",)),
        (r"au\b", ("ov", "av")),
    ],
)

# ISO 9 with its diacritics dropped, as systems that cannot store them keep it: č, ž, š
# are c, z, s, â and û a and u, the soft sign an apostrophe (Vitalʹevič, Vital'evic).
# Only what is still told apart is read back: a final c (the patronymic's -vič), h for
# х, j for й, the apostrophe a y before a vowel, a final -aa (-ая), a u at the start
# of a word u or yu. Its marks are a patronymic in -ovic or -evic and an apostrophe
# between a letter and a vowel.
ISO9_ASCII = _scheme(
    r"[^\W\d_]{2}[oe]vic\b|[^\W\d_]'[aeiou]",
    [
        ("sh", ("sh",)),
        ("zh", ("zh",)),
        ("kh", ("kh",)),
        ("ch", ("ch",)),
        ("h", ("kh",)),
        (f"c{_END}", ("ch",)),
        ("c", ("ts", "ch")),
        ("j", ("y",)),
        ("'(?=[aeiou])", ("y",)),
        ("'", ("",)),
        (f"aa{_END}", ("aya",)),
        (f"{_START}u", ("u", "yu")),
    ],
)

_SCHEMES = (ISO9, GERMAN, FRENCH, BELARUSIAN, UKRAINIAN, ISO9_ASCII)


def _cased(reading: str, written: str) -> str:
    """The reading in the case the word was written in (PUTIN Vladimir: the capitals
    tell the surname)."""
    if written.isupper():
        return reading.upper()
    return reading.capitalize() if written[:1].isupper() else reading


def _read(text: str, scheme: _Scheme) -> list[str]:
    """The text with every word respelt, in each combination of its words' readings."""
    words = _WORD.findall(text)
    gaps = _WORD.split(text)  # what surrounds the words: one more than there are words
    # A word the romanisation table knows (Yevhen, Serhii, Jewgeni) is left as written:
    # its class already holds the lists' spellings, which a reading would only approach.
    choices = [
        (w,)
        if spelling_class(w.lower())
        else tuple(_cased(r, w) for r in scheme.respell(w.lower()))
        for w in words
    ]
    return [
        "".join(gap + word for gap, word in zip(gaps, (*chosen, ""), strict=True))
        for chosen in itertools.islice(itertools.product(*choices), _MAX_READINGS)
    ]


@lru_cache(maxsize=20_000)
def transcription_readings(text: str) -> tuple[str, ...]:
    """Return a Latin name read as a German, French, ISO 9, Ukrainian or Belarusian
    spelling of a Russian name, in the lists' spelling.

    Args:
        text: A name as written.

    Returns:
        The name respelt the lists' way by the first system whose marks it shows, in
        at most four readings where a letter stands for two sounds; empty for a name
        that shows none, or is not in Latin letters.
    """
    if not text.isascii() and script_of(text) != "Latin":
        return ()
    low = text.lower()
    for scheme in _SCHEMES:
        if scheme.mark.search(low):
            return tuple(r for r in _read(text, scheme) if r.lower() != low)
    return ()
