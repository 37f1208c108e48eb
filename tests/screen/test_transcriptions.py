"""Russian names in German, French and ISO 9 spelling, and Ukrainian forms of Russian
names, reach the record listed in the lists' English-style spelling, end to end.

The queries are designated people's names as each system writes them, typed by hand
from the systems' letter values (not from the evaluation's tables); the screener holds
the EU annexes' people under their Latin-script names only (`latin_only`). Each of
them was missed before the names were read whole in their system.
"""

from __future__ import annotations

import pytest

from kleptrace.screen import Query, Screener
from tests.screen.test_cross_script import eu_rows, latin_only  # noqa: F401 (fixtures)


@pytest.mark.parametrize(
    ("written", "surname"),
    [
        ("Andrei Rostislawowitsch Chochlun", "khokhlun"),  # German
        ("Chusnullin Marat Schakirsjanowitsch", "khusnullin"),
        ("Sergei Wiktorowitsch Tschemesow", "chemezov"),
        ("Serguei Petrovitch Ouchko", "ushko"),  # French
        ("Agueieva Irina Anatolievna", "ageeva"),
        ("Toupikine Nikolai Aleksandrovitch", "tupikin"),
        ("Guennadi Nikolaievitch Timtchenko", "timchenko"),
        ("Vladimir Poutine", "putin"),
        ("Evgueni Prigojine", "prigozhin"),
        ("Husnullin Marat Šakirzânovič", "khusnullin"),  # ISO 9
        ("Sergej Kužugetovič Šojgu", "shoigu"),
        ("Ûrij Valentinovič Kovalʹčuk", "kovalchuk"),
        ("Husnullin Marat Sakirzanovic", "khusnullin"),  # ISO 9 without diacritics
        ("Serhii Shoihu", "shoigu"),  # Ukrainian
        ("Yevhen Pryhozhyn", "prigozhin"),
        ("Oleh Derypaska", "deripaska"),
        ("Ihor Siechyn", "sechin"),
        ("Hennadii Tymchenko", "timchenko"),
        ("Dmytro Rohozin", "rogozin"),
    ],
)
def test_a_transcribed_name_reaches_its_record(
    written: str,
    surname: str,
    latin_only: Screener,  # noqa: F811
) -> None:
    captions = [m.caption.lower() for m in latin_only.screen(Query((written,), "Person"))]
    assert any(surname in c for c in captions), captions
