"""Latin words as katakana or Thai would write them, so a name read back from either
script meets the list's spelling.

Both scripts write several Latin letters alike (katakana one row of kana for r and l,
ジ for d and zh; Thai one ช for ch and sh, ก for k and g), and katakana adds a vowel to
every consonant that has none: ズブコフ is "zubukofu" for Zubkov, ウラジーミル "urajimiru" for
Vladimir (ウ for the v before l), コヴァリチュク "kovarichuku" for Kovalchuk (リ for the soft
l). Which vowel was added cannot be told from the kana (ズ of ズベルバンク, Sberbank, is
added, ズ of ズブコフ is not), so `script_key` folds a word, whichever side it comes from,
to what the script keeps: the letters it writes alike made one, and for katakana the
vowels it may add left out. A word read from the script and a list word with the same
key are one name as that script writes it.
"""

from __future__ import annotations

import re
from functools import lru_cache

KATAKANA, THAI = "katakana", "thai"
"""The scripts whose readings are compared by `script_key` (`Reading.lossy`)."""

# Letters either script writes alike, folded to one. Digraphs are first made one capital
# letter each, so the vowel rules see a consonant where the word has one (the kh of
# Sukhoi), not an s and an h that a left-out vowel brings together (スホーイ, "suhoi").
_DIGRAPHS = re.compile("kh|zh|sh|ch|ts|th|ph")
_DIGRAPH_LETTERS = {"kh": "K", "zh": "J", "sh": "S", "ch": "C", "ts": "T", "th": "H", "ph": "P"}
# Thai: one ก for k and g, ช for ch and sh, ซ for s and z, ฟ for f and v, ว for v and w.
# Katakana: one row of kana for r and l; ヴ, バ and ワ for v, b and w (ワレリー, Valery);
# ジ and ズ for z, zh, j and d; ツ for ts and t (ツポレフ, Tupolev); ハ for h and kh; and
# k and g alike, though katakana has カ and ガ: Russian says a last g as k, and katakana
# writes what it hears (ヴェクセリベルク, Vekselberg).
_LETTERS = {
    THAI: str.maketrans("lvwfgjzcqhKJSCTHP", "rbbbkdskkkkdsssbp"),
    KATAKANA: str.maketrans("lvwfgjzcqhKJSCTHP", "rbbbkddkkkkdsstbp"),
}
_DOUBLED = re.compile(r"(.)\1")
# Katakana writes the Russian ye at the start of a word エ (エフゲニー, Yevgeny), and a v
# before l or r there ウ (ウラジーミル, Vladimir).
_KATAKANA_INITIAL = ((re.compile("^ie"), "e"), (re.compile("^v(?=[lr])"), "u"))
# The vowels katakana adds to a consonant that has none: u after any consonant (ズ, ブ,
# ク; スア of ロスアトム, Rosatom; ウイ for the Russian ы of ナルイシキン, Naryshkin), o after t
# and d (ト, ド) where no vowel follows, and i where no vowel follows after the consonants
# whose kana has it (シ, チ, ジ, ヂ) and after a soft l, r or n (リ, ニ: Мельниченко is
# メリニチェンコ). チ is also ti inside a word (ミシュスチン, Mishustin).
_CONSONANT = "bcdfghjklmnpqrstvwxzKJSCTHP"
_KATAKANA_ADDED = (
    re.compile(f"(?<=[{_CONSONANT}])u"),
    re.compile("(?<=[tdT])o(?=[^aeiou]|$)|(?<=[sSCJjdlrn])i(?=[^aeiou]|$)"),
)
_KATAKANA_CHI = re.compile("C(?=i)")
# Thai writes the Russian -ей of Sergey as เ◌ย์ or as เ◌ alone (เซอร์เก), and the ya of
# Sobyanin and the e of Sergey both as เ◌ีย.
_THAI_VOWELS = ((re.compile("ei$"), "e"), (re.compile("ia"), "e"))


@lru_cache(maxsize=50_000)
def script_key(word: str, script: str) -> str:
    """A Latin word as `script` (KATAKANA or THAI) would write it, folded to the letters
    that script keeps apart: Volodin and ヴォロジン, read "vorojin", both give "borodn";
    Zubkov and ズブコフ read "zbkov" both "dbkob"."""
    word = _DOUBLED.sub(r"\1", _DIGRAPHS.sub(lambda m: _DIGRAPH_LETTERS[m.group(0)], word))
    word = word.replace("y", "i")
    rules = _KATAKANA_INITIAL if script == KATAKANA else _THAI_VOWELS
    for pattern, letters in rules:
        word = pattern.sub(letters, word)
    if script == KATAKANA:
        word = _KATAKANA_CHI.sub("t", _DOUBLED.sub(r"\1", word))
        for added in _KATAKANA_ADDED:
            word = added.sub("", word)
    return _DOUBLED.sub(r"\1", word.translate(_LETTERS[script]))
