"""Build src/kleptrace/data/common_names.tsv: how common each given name and surname is
among the world's population, for the common-name cap (kleptrace.screen.commonness).

Source: names-dataset 3.3.1 (Philippe Remy, Apache-2.0), which ranks 727,556 first
names and 983,826 last names by number of bearers in each of 105 countries, counted
from public social-network profiles. Only aggregate ranks are used here; no person's
data. Every spelling is folded to kleptrace's Latin form (Cyrillic, Arabic, Han ...
latinized; Cyrillic also as BGN/PCGN writes it, "Васильев" as both vasilev and
vasilyev; an Arabic "Al-" surname also without its article), and a word keeps, for
each country, its best rank there as a first or a last name: "Ahmadi" is the most
common surname of Iran. Ranks stay per country because a name is common only where
its words are common together: Mikhail is common in Russia and Fridman in Israel, but
"Mikhail Fridman" is rare in both.

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


Ranks = dict[str, dict[str, int]]
"""Latin word -> country code -> the word's best rank by bearers there."""


def add_ranks(path: Path, out: Ranks) -> None:
    """Fold one of the dataset's pickles (first or last names) into `out`."""
    with gzip.open(path, "rb") as fh:
        names: dict[str, dict[str, dict[str, int]]] = pickle.load(fh)
    for name, stats in names.items():
        ranks = {c: r for c, r in (stats.get("rank") or {}).items() if r and r <= MAX_RANK}
        if not ranks:
            continue
        for word in spellings(name):
            countries = out.setdefault(word, {})
            for country, rank in ranks.items():
                countries[country] = min(countries.get(country, MAX_RANK), rank)


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
    ranks: Ranks = {}
    for kind in ("first_names", "last_names"):
        add_ranks(args.dataset / "v3" / f"{kind}.pkl.gz", ranks)
    out = sys.stdout
    out.write(
        "# word\tcountry:rank by bearers there, best first (names-dataset 3.3.1, Apache-2.0)\n"
    )
    for word in sorted(ranks):
        cells = sorted(ranks[word].items(), key=lambda item: (item[1], item[0]))
        out.write(f"{word}\t{' '.join(f'{c}:{r}' for c, r in cells)}\n")


if __name__ == "__main__":
    main()
