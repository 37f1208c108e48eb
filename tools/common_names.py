"""Build src/kleptrace/data/common_names.tsv: how common each given name and surname is
among the world's population, for the common-name cap (kleptrace.screen.commonness).

Source: names-dataset 3.3.1 (Philippe Remy, Apache-2.0), which ranks 727,556 first
names and 983,826 last names by number of bearers in each of 105 countries, counted
from public social-network profiles. Only aggregate ranks are used here; no person's
data. Every spelling is folded to kleptrace's Latin form (Cyrillic, Arabic, Han ...
latinized; Cyrillic also as BGN/PCGN writes it, "Васильев" as both vasilev and
vasilyev; an Arabic "Al-" surname also without its article), and a word keeps its
best rank over countries and over first and last names: "Ahmadi" is the most common
surname of Iran, whatever its rank elsewhere.

Run through `make common-names`, which installs the dataset in its own virtualenv.
"""

from __future__ import annotations

import argparse
import gzip
import pickle
import sys
from pathlib import Path

import icu

from kleptrace.names import latinize, script_of

MAX_RANK = 300
"""Words ranked below this in every country are left out: the cap never needs them."""


def best_ranks(path: Path) -> dict[str, int]:
    """Latin word -> its best rank in any country, from one of the dataset's pickles."""
    with gzip.open(path, "rb") as fh:
        names: dict[str, dict[str, dict[str, int]]] = pickle.load(fh)
    out: dict[str, int] = {}
    for name, stats in names.items():
        ranks = [r for r in (stats.get("rank") or {}).values() if r]
        if not ranks or min(ranks) > MAX_RANK:
            continue
        for word in spellings(name):
            out[word] = min(out.get(word, MAX_RANK), min(ranks))
    return out


_BGN = icu.Transliterator.createInstance("Russian-Latin/BGN; Latin-ASCII; Lower")


def spellings(name: str) -> set[str]:
    """The Latin words a name is written as on lists and in customer files."""
    forms = {latinize(name)}
    if script_of(name) == "Cyrillic":
        forms.add(_BGN.transliterate(name))
    words = set()
    for form in forms:
        word = "".join(c for c in form.lower() if c.isascii() and c.isalpha())
        if word and " " not in form.strip():
            words.add(word)
            if form.startswith(("al-", "el-")) and len(word) > 4:
                words.add(word[2:])
    return words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", type=Path, required=True, help="names_dataset package dir")
    args = parser.parse_args()
    ranks: dict[str, int] = {}
    for kind in ("first_names", "last_names"):
        for word, rank in best_ranks(args.dataset / "v3" / f"{kind}.pkl.gz").items():
            ranks[word] = min(ranks.get(word, MAX_RANK), rank)
    out = sys.stdout
    out.write("# word\tbest rank by bearers in any country (names-dataset 3.3.1, Apache-2.0)\n")
    for word in sorted(ranks):
        out.write(f"{word}\t{ranks[word]}\n")


if __name__ == "__main__":
    main()
