"""Golden cases for kleptrace.names.scripts, one real name per script."""

from __future__ import annotations

import pytest

from kleptrace.names.scripts import is_abjad, is_mixed_script, script_of


@pytest.mark.parametrize(
    ("name", "script"),
    [
        ("Sergey Valeryevich AKSYONOV", "Latin"),
        ("Пётр Анатольевич ЗИМА", "Cyrillic"),
        ("صدام حسين التكريتي", "Arabic"),
        ("محمود احمدی‌نژاد", "Arabic"),
        ("בנימין נתניהו", "Hebrew"),
        ("Αλέξης Τσίπρας", "Greek"),
        ("ბიძინა ივანიშვილი", "Georgian"),
        ("Արմեն Սարգսյան", "Armenian"),
        ("金正恩", "Han"),
        ("김정은", "Hangul"),
        ("カタカナ", "Katakana"),
        ("ทักษิณ ชินวัตร", "Thai"),
    ],
)
def test_script_of(name: str, script: str) -> None:
    assert script_of(name) == script


def test_script_of_takes_the_majority() -> None:
    assert script_of("ООО Ромашка LLC") == "Cyrillic"


def test_script_of_is_none_without_letters() -> None:
    assert script_of("1234-56") is None
    assert script_of("") is None


def test_mixed_script_words() -> None:
    assert is_mixed_script("Vl\u0430dimir")
    assert is_mixed_script("Сергiй")
    assert not is_mixed_script("Vladimir")
    assert not is_mixed_script("Владимир")


def test_japanese_and_korean_are_not_mixed() -> None:
    assert not is_mixed_script("東京カタカナ")
    assert not is_mixed_script("金正恩")


@pytest.mark.parametrize(
    ("name", "abjad"),
    [
        ("صدام حسين التكريتي", True),
        ("قاسم سلیمانی", True),
        ("בנימין נתניהו", True),
        ("Пётр Анатольевич ЗИМА", False),
        ("Saddam Hussein", False),
        ("金正恩", False),
    ],
)
def test_is_abjad(name: str, abjad: bool) -> None:
    script = script_of(name)
    assert script is not None
    assert is_abjad(script) is abjad
