"""Text clean-up for names before any comparison.

Sanctions lists and customer files carry residue from word processors and web
forms: zero-width spaces, byte-order marks, soft hyphens, bidi marks around
Arabic and Hebrew text, control characters, non-breaking and fullwidth spaces.
They are invisible to a reader but make two equal strings differ. Look-alike
letters from another script (a Cyrillic "а" typed inside "Vlаdimir") are the
same problem one step further, and `fold_homoglyphs` undoes them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Characters removed outright. Unicode category Cf (format) covers zero-width
# space/joiner/non-joiner, BOM, soft hyphen, word joiner and the bidi marks and
# embeddings; Cc covers C0/C1 controls. U+034F (combining grapheme joiner) is
# Mn but invisible too. Whitespace controls (tab, newline) become spaces.
_INVISIBLE_EXTRA = {"\u034f", "\u115f", "\u1160", "\u3164", "\uffa0"}
_SPACES = re.compile(r"\s+")

# Look-alike letters: Cyrillic or Greek letter -> the Latin letter it is drawn
# like in common fonts. Only unambiguous shapes are listed (no Cyrillic "и"/"n").
_TO_LATIN = {
    # Cyrillic
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x",
    "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w",
    "ӏ": "l",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O",
    "Р": "P", "С": "C", "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J",
    "Ѕ": "S",
    # Greek
    "ο": "o", "ι": "i", "ν": "v", "ρ": "p", "κ": "k",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K",
    "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}  # fmt: skip

# Latin letter -> Cyrillic look-alike, for a Latin letter typed in a Cyrillic word.
_TO_CYRILLIC = {
    "a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "y": "у", "x": "х",
    "i": "і", "j": "ј", "s": "ѕ", "h": "һ", "ĸ": "к",  # kra: the EU's Belarusian names
    "A": "А", "B": "В", "E": "Е", "K": "К", "M": "М", "H": "Н", "O": "О",
    "P": "Р", "C": "С", "T": "Т", "X": "Х", "Y": "У", "I": "І", "J": "Ј",
}  # fmt: skip

_WORD = re.compile(r"\w+")


def _is_invisible(char: str) -> bool:
    if char in _INVISIBLE_EXTRA:
        return True
    category = unicodedata.category(char)
    return category == "Cf" or (category == "Cc" and not char.isspace())


@lru_cache(maxsize=20_000)
def clean(text: str) -> str:
    """Normalise Unicode and remove invisible characters from a name.

    NFKC is used rather than NFC so that fullwidth letters, ligatures ("ﬁ")
    and Arabic presentation forms become their plain letters, as a reader sees
    them. Combining accents are kept (they are part of the spelling; dropping
    them is transliteration's job).

    Args:
        text: Any string, as found in a list or a customer file.

    Returns:
        The text in NFKC form, without format and control characters, with
        every run of whitespace (including no-break and ideographic spaces)
        collapsed to one space and no leading or trailing space.
    """
    if not (text.isascii() and text.isprintable()):  # ASCII text is already NFKC and visible
        text = unicodedata.normalize("NFKC", text)
        text = "".join(c for c in text if not _is_invisible(c))
    return _SPACES.sub(" ", text).strip()


def _script(char: str) -> str | None:
    if "a" <= char.lower() <= "z":
        return "Latin"
    name = unicodedata.name(char, "")
    for script in ("LATIN", "CYRILLIC", "GREEK"):
        if name.startswith(script):
            return script.title()
    return None


def _fold_word(word: str) -> str:
    if word.isascii():
        return word  # one script; most words of most names
    scripts = [_script(c) for c in word if c.isalpha()]
    latin = scripts.count("Latin")
    other = len(scripts) - latin
    if latin == 0 or other == 0:
        return word
    foreign = [c for c in word if c.isalpha() and _script(c) in ("Cyrillic", "Greek")]
    to_latin = all(c in _TO_LATIN for c in foreign)
    to_cyrillic = "Greek" not in scripts and all(
        c in _TO_CYRILLIC for c in word if _script(c) == "Latin"
    )
    if to_latin and (not to_cyrillic or latin >= other):
        return "".join(_TO_LATIN.get(c, c) for c in word)
    if to_cyrillic:
        return "".join(_TO_CYRILLIC.get(c, c) if _script(c) == "Latin" else c for c in word)
    return word


def fold_homoglyphs(text: str) -> str:
    """Replace look-alike letters from another script inside a word.

    A word that mixes Latin with Cyrillic or Greek letters is rewritten in one
    script when every letter from the other script has a look-alike: Latin when
    the foreign letters all look Latin ("Vlаdimir" with a Cyrillic "а"),
    Cyrillic when the Latin letters all look Cyrillic ("Пyтин" with a Latin
    "y"). If both are possible the script with more letters wins, Latin on a
    tie. Words in a single script, and mixed words that cannot be folded
    safely, are returned unchanged.

    Args:
        text: A name, ideally already passed through `clean`.

    Returns:
        The text with mixed-script words folded to one script.
    """
    return _WORD.sub(lambda m: _fold_word(m.group(0)), text)
