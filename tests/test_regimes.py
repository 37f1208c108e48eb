"""The regime vocabulary: the YAML table loads, every program maps to a known regime,
and the Magnitsky-type regimes of every jurisdiction are found by one flag."""

from __future__ import annotations

import pytest

from kleptrace.data import JURISDICTIONS, load_table, regime_of, regimes


def test_every_program_maps_to_a_known_regime() -> None:
    table = load_table("regimes")
    known = set(table["regimes"])
    for jurisdiction, programs in table["programs"].items():
        assert jurisdiction in JURISDICTIONS
        for program, regime in programs.items():
            assert regime in known, (jurisdiction, program)


@pytest.mark.parametrize(
    ("jurisdiction", "program", "regime"),
    [
        ("us", "RUSSIA-EO14024", "russia"),
        ("us", "UKRAINE-EO13661", "russia"),
        ("us", "GLOMAG", "global-magnitsky"),
        ("gb", "Russia", "russia"),
        ("gb", "Global Human Rights", "human-rights"),
        ("gb", "Global Anti-Corruption", "anti-corruption"),
        ("eu", "EU-HR", "human-rights"),
        ("eu", "EU-RUS", "russia"),
        ("ca", "Russia / Russie", "russia"),
        ("ca", "JVCFOR", "global-magnitsky"),
        ("au", "Autonomous (Thematic - Human Rights) ", "human-rights"),
        ("un", "DPRK", "dprk"),
        ("us", "NO-SUCH-PROGRAM", "other"),
    ],
)
def test_programs_map_to_regimes(jurisdiction: str, program: str, regime: str) -> None:
    assert regime_of(jurisdiction, program).key == regime


def test_magnitsky_regimes() -> None:
    flagged = {key for key, regime in regimes().items() if regime.magnitsky}
    assert flagged == {"human-rights", "anti-corruption", "global-magnitsky"}
