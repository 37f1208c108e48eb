"""Which writing system a name is in.

The screening engine chooses transliteration and comparison by script: two
names in the same script compare directly, two in different scripts meet in
Latin. Script data comes from rigour (ICU4X); this module adds the two
decisions rigour leaves to callers: the dominant script of a mixed string and
whether a single word mixes scripts in a way real names do not.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from rigour.text.scripts import codepoint_script, text_scripts

# Script combinations that occur inside one real word: Japanese mixes kanji
# with both kana, Korean text can carry Hanja. Anything else in one word (Latin
# with Cyrillic, Greek with Latin) is a typing error or a spoofing attempt.
_LEGITIMATE_MIXES = (
    frozenset({"Han", "Hiragana", "Katakana"}),
    frozenset({"Han", "Hangul"}),
)

# Scripts that leave short vowels unwritten (Persian and Urdu are "Arabic").
_ABJADS = frozenset({"Arabic", "Hebrew", "Syriac"})


@lru_cache(maxsize=20_000)
def script_of(text: str) -> str | None:
    """Return the dominant script of a text, by count of letters.

    Args:
        text: Any string.

    Returns:
        The Unicode script long name with the most letters ("Latin",
        "Cyrillic", "Arabic", "Han", "Hangul", "Hiragana", "Katakana",
        "Hebrew", "Greek", "Georgian", "Armenian", "Thai", ...); on a tie the
        script seen first. None when the text has no letters (digits,
        punctuation, empty).
    """
    counts: Counter[str] = Counter()
    for char in text:
        if char.isalpha():
            script = codepoint_script(ord(char))
            if script not in (None, "Common", "Inherited", "Unknown"):
                counts[script] += 1
    if not counts:
        return None
    return counts.most_common(1)[0][0]


def is_abjad(script: str) -> bool:
    """Tell whether a script, as `script_of` names it, leaves short vowels unwritten.

    Names in these scripts latinize to a consonant skeleton ("محمد" -> "mhmd"),
    so comparing them with a Latin spelling needs `consonant_skeleton`.

    Args:
        script: A Unicode script long name ("Arabic", "Hebrew", "Latin" ...).

    Returns:
        True for Arabic (including Persian and Urdu), Hebrew and Syriac.
    """
    return script in _ABJADS


def is_mixed_script(word: str) -> bool:
    """Tell whether one word mixes writing systems.

    Digits, punctuation and combining marks do not count. Japanese (Han with
    kana) and Korean (Hangul with Han) are not mixed.

    Args:
        word: One token of a name; a whole name with a Latin first name and a
            Cyrillic surname is split by the caller.

    Returns:
        True if the word has letters from two or more scripts.
    """
    if word.isascii():
        return False
    scripts = text_scripts(word)
    if len(scripts) < 2:
        return False
    return not any(scripts <= mix for mix in _LEGITIMATE_MIXES)
