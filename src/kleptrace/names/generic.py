"""How much one word of an organisation name tells about which one is meant.

Screening must never call a query "CORP" or "EMMA LLC" a near-certain match
for an unrelated target that happens to share "Corp" or "LLC". A name scorer
multiplies each token's contribution by `token_weight`: legal forms and the
generic words in kleptrace/data/generic_tokens.yml weigh little, every other
token weighs 1, so a match has to rest on the distinctive part of a name.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from kleptrace.data import load_table
from kleptrace.names.legal_forms import legal_form
from kleptrace.names.normalize import clean
from kleptrace.names.translit import latinize

RARE_WEIGHT = 1.0
_DIGIT = re.compile(r"\d")
# Roman numerals of two letters or more up to 39, without "vi" and "xi" (Xi is a name).
_ROMAN = re.compile(r"(?:x{0,3})(?:ix|iv|v?i{0,3})")
_NOT_NUMERALS = frozenset({"", "i", "v", "x", "vi", "xi"})


def is_number(word: str) -> bool:
    """Tell whether a comparable word is a number: it holds a digit, or is a Roman
    numeral ("ii", "xiv"). A number is a hull, tail, registration or ordinal number
    (Aquila II is Aquila's sister ship), never a misspelt name, and is not left out
    of a name as a generic word may be.

    Args:
        word: A lower-case comparable word.
    """
    if word.isalpha():  # most words; strip answers nearly all of them in C
        return not word.strip("ivx") and word not in _NOT_NUMERALS and bool(_ROMAN.fullmatch(word))
    return _DIGIT.search(word) is not None


_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}


def number_value(word: str) -> int | None:
    """The value of a word written in digits alone or in Roman numerals ("12", "xii"),
    so that "SIRIUS 1" and "Sirius I" are one ship; None for any other word."""
    if word.isdigit():
        return int(word)
    if not word or word.strip("ivx") or not _ROMAN.fullmatch(word):
        return None
    values = [_ROMAN_VALUES[c] for c in word]
    return sum(-v if v < after else v for v, after in zip(values, [*values[1:], 0], strict=True))


@cache
def _table() -> tuple[dict[str, float], float]:
    data = load_table("generic_tokens")
    weights: dict[str, float] = {}
    for group in data["groups"].values():
        weight = float(group["weight"])
        if not 0.0 < weight <= 1.0:
            raise ValueError(f"generic_tokens.yml: weight {weight} outside (0, 1]")
        for token in group["tokens"]:
            key = str(token).casefold()
            weights[key] = min(weight, weights.get(key, 1.0))
    return weights, float(data["legal_form_weight"])


@lru_cache(maxsize=50_000)
def token_weight(token: str) -> float:
    """Return the weight of one name token for scoring.

    Args:
        token: One word of a name, in any script or case ("Trading",
            "ООО", "Holding", "Rosneft").

    Returns:
        A weight in (0, 1]: the legal-form weight (0.1) for a legal form, the
        group weight for a generic word (0.2 to 0.5), 1.0 for anything else,
        including empty or unreadable tokens.
    """
    weights, legal = _table()
    text = clean(token).casefold().strip(".,;:()\"'«»")
    if not text:
        return RARE_WEIGHT
    found = weights.get(text)
    if found is None:
        found = weights.get(latinize(text))
    if found is not None:
        return found
    if is_number(text):
        return RARE_WEIGHT  # rigour reads "II" as a legal form; here it is a number
    if legal_form(text) is not None:
        return legal
    return RARE_WEIGHT
