"""Russian names in the romanisations customer files really hold, from published
systems: ICU's transforms for BGN/PCGN and ISO 9, and three tables typed here as data.

- "bgn_pcgn": ICU "Russian-Latin/BGN" (BGN/PCGN 1947, US and UK official use).
- "iso9": ICU "Cyrillic-Latin" (ISO 9:1995, one letter each way: ž, č, š, ŝ).
- "iso9_ascii": the same with diacritics dropped (ICU "Latin-ASCII"), as systems that
  cannot store them do.
- "icao": ICAO Doc 9303, 8th edition (2021), Part 3, section 6, table of transliteration
  of Cyrillic characters: the spelling in Russian passports issued since 2013.
- "german": the German (Duden) transcription, Duden "Die deutsche Rechtschreibung",
  section "Transkription aus dem Russischen" (Jewgeni, Chodorkowski).
- "french": the French usage transcription (as in "Vladimir Poutine", "Evgueni
  Prigojine"), per the table in the French Wikipedia article "Transcription du russe
  en français" (follows the BnF's usage rules, without their diacritics).

Only the lower-case Russian alphabet is tabled: a name is lower-cased, romanised letter
by letter (a letter's value may depend on its neighbours, as the sources say) and given
title case again.
"""

from __future__ import annotations

from collections.abc import Callable

from benchmarks.evaluation.writing import transliterate

_VOWELS = frozenset("аеёиоуыэюя")
_SIGNS = frozenset("ъь")

ICAO: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu",
    "я": "ia",
}  # fmt: skip
GERMAN: dict[str, str] = {
    "а": "a", "б": "b", "в": "w", "г": "g", "д": "d", "е": "e", "ё": "jo", "ж": "sch",
    "з": "s", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "ch", "ц": "z",
    "ч": "tsch", "ш": "sch", "щ": "schtsch", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "ju", "я": "ja",
}  # fmt: skip
FRENCH: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "io", "ж": "j",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "ou", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "tch", "ш": "ch", "щ": "chtch", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "iou", "я": "ia",
}  # fmt: skip


def _german(prev: str, char: str, nxt: str) -> str | None:
    """Duden: е is "je" at the start of a word and after a vowel or sign; й before a
    vowel is "j"; с between vowels is "ss"; ий and ый at a word's end are "i" and "y"."""
    if char == "е" and (not prev.isalpha() or prev in _VOWELS or prev in _SIGNS):
        return "je"
    if char == "й" and nxt in _VOWELS:
        return "j"
    if char == "с" and prev in _VOWELS and nxt in _VOWELS:
        return "ss"
    if char == "й" and prev in "иы" and not nxt.isalpha():
        return ""
    return None


def _french(prev: str, char: str, nxt: str) -> str | None:
    """French usage: г before е, и, ы is "gu"; с between vowels is "ss"; е is "ie"
    after a vowel or sign; ий at a word's end is "i", ин is "ine" (Poutine)."""
    if char == "н" and prev == "и" and not nxt.isalpha():
        return "ne"
    if char == "г" and nxt in "еиы":
        return "gu"
    if char == "с" and prev in _VOWELS and nxt in _VOWELS:
        return "ss"
    if char == "е" and (prev in _VOWELS or prev in _SIGNS):
        return "ie"
    if char == "й" and prev == "и" and not nxt.isalpha():
        return ""
    return None


def _table(
    table: dict[str, str], rule: Callable[[str, str, str], str | None] | None = None
) -> Callable[[str], str]:
    def romanise(name: str) -> str:
        low = name.lower()
        out = []
        for i, char in enumerate(low):
            prev = low[i - 1] if i else " "
            nxt = low[i + 1] if i + 1 < len(low) else " "
            special = rule(prev, char, nxt) if rule else None
            out.append(special if special is not None else table.get(char, char))
        return _title("".join(out))

    return romanise


def _title(text: str) -> str:
    """Title case per word, keeping hyphenated parts capitalised."""
    return " ".join("-".join(p[:1].upper() + p[1:] for p in w.split("-")) for w in text.split())


def _icu(system: str) -> Callable[[str], str]:
    return lambda name: _title(transliterate(name.lower(), system))


SYSTEMS: dict[str, Callable[[str], str]] = {
    "bgn_pcgn": _icu("Russian-Latin/BGN"),
    "iso9": _icu("Cyrillic-Latin"),
    "iso9_ascii": _icu("Cyrillic-Latin; Latin-ASCII"),
    "icao": _table(ICAO),
    "german": _table(GERMAN, _german),
    "french": _table(FRENCH, _french),
}


def is_russian_cyrillic(name: str) -> bool:
    """Only letters of the Russian alphabet (plus spaces, hyphens, dots): the tables above
    are for Russian, and a Ukrainian or Kazakh name would pass letters through."""
    letters = [c for c in name.lower() if c.isalpha()]
    return bool(letters) and all(c in ICAO for c in letters)
