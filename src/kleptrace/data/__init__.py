"""Reference tables kept as commented YAML (see each file), loaded and checked here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

_HERE = Path(__file__).parent

JURISDICTIONS = {
    "us": "United States",
    "gb": "United Kingdom",
    "eu": "European Union",
    "un": "United Nations",
    "ca": "Canada",
    "au": "Australia",
}


@dataclass(frozen=True)
class Regime:
    key: str
    label: str
    magnitsky: bool


def read_text(name: str) -> str:
    """One file shipped in kleptrace/data, read directly from the package folder
    (`importlib.resources` costs a cold start 35 ms for the same bytes)."""
    return (_HERE / name).read_text("utf-8")


def parse_yaml(text: str) -> Any:
    """Parse YAML with libyaml's safe parser, ten times faster than the pure-Python one,
    which screening would pay at every start."""
    return yaml.load(text, Loader=yaml.CSafeLoader)


def load_table(name: str) -> Any:
    """Read one YAML table shipped in kleptrace/data."""
    return parse_yaml(read_text(f"{name}.yml"))


@cache
def pinyin_syllables() -> frozenset[str]:
    """Every syllable Hanyu Pinyin writes (pinyin_syllables.txt, built by
    tools/pinyin_syllables.py from ICU)."""
    text = read_text("pinyin_syllables.txt")
    return frozenset(line for line in text.splitlines() if line and line[0] != "#")


@cache
def population_name_ranks() -> dict[str, str]:
    """Latin given name or surname -> the countries where it is among the most borne
    names, as written in common_names.tsv ("RU:27 MD:48", best first; built by
    tools/common_names.py from names-dataset). Left as text: a screening run reads the
    ranks of a few words only (`country_ranks`)."""
    text = read_text("common_names.tsv")
    cells = "\t".join(line for line in text.splitlines() if line and line[0] != "#").split("\t")
    return dict(zip(cells[::2], cells[1::2], strict=True))


def country_ranks(cell: str) -> dict[str, int]:
    """One word's ranks by country, from its `population_name_ranks` text."""
    pairs = (item.split(":") for item in cell.split())
    return {country: int(rank) for country, rank in pairs}


def _norm_program(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


@cache
def regimes() -> dict[str, Regime]:
    table = load_table("regimes")["regimes"]
    return {
        key: Regime(key, row["label"], bool(row.get("magnitsky", False)))
        for key, row in table.items()
    }


@cache
def _program_map() -> dict[str, dict[str, str]]:
    table = load_table("regimes")["programs"]
    known = regimes()
    out: dict[str, dict[str, str]] = {}
    for jurisdiction, programs in table.items():
        if jurisdiction not in JURISDICTIONS:
            raise ValueError(f"regimes.yml: unknown jurisdiction {jurisdiction!r}")
        for program, regime in programs.items():
            if regime not in known:
                raise ValueError(f"regimes.yml: {jurisdiction}/{program}: unknown {regime!r}")
            out.setdefault(jurisdiction, {})[_norm_program(str(program))] = regime
    return out


def regime_of(jurisdiction: str, program: str) -> Regime:
    """Map a jurisdiction's program code or regime name to the shared vocabulary.

    Bilingual Canadian names ("Russia / Russie") are matched on their English half.
    Unknown programs map to the `other` regime rather than raising.
    """
    table = _program_map().get(jurisdiction, {})
    key = _norm_program(program)
    regime = table.get(key)
    if regime is None and " / " in key:
        regime = table.get(key.split(" / ")[0].strip())
    return regimes()[regime or "other"]
