"""kleptrace.names.parts, with the name orders the lists use."""

from __future__ import annotations

from kleptrace.names.parts import name_parts


def tags(name: str, schema: str = "Person") -> list[tuple[str, str]]:
    return [(p.comparable, p.tag) for p in name_parts(name, schema)]


def test_surname_first_with_comma() -> None:
    assert tags("PUTIN, Vladimir Vladimirovich") == [
        ("putin", "family"),
        ("vladimir", "given"),
        ("vladimirovich", "patronymic"),
    ]


def test_cyrillic_natural_order_lines_up() -> None:
    assert tags("Владимир Путин") == [("vladimir", "given"), ("putin", "family")]
    latin = {t: c for c, t in tags("PUTIN, Vladimir Vladimirovich")}
    cyrillic = {t: c for c, t in tags("Владимир Путин")}
    assert latin["given"] == cyrillic["given"]
    assert latin["family"] == cyrillic["family"]


def test_eu_alias_with_patronymic() -> None:
    assert tags("Пётр Анатольевич ЗИМА") == [
        ("pyotr", "given"),
        ("anatolevich", "patronymic"),
        ("zima", "family"),
    ]
    assert tags("Serhiy Valeriyovych AKSYONOV")[1] == ("valeriyovych", "patronymic")


def test_russian_surname_first_with_trailing_patronymic() -> None:
    assert tags("Путин Владимир Владимирович")[0] == ("putin", "family")


def test_upper_case_marks_surname() -> None:
    assert tags("PUTIN Vladimir") == [("putin", "family"), ("vladimir", "given")]


def test_particles_honorifics_initials() -> None:
    assert tags("Mohammed bin Salman Al Saud") == [
        ("mohammed", "given"),
        ("bin", "particle"),
        ("salman", "middle"),
        ("al", "particle"),
        ("saud", "family"),
    ]
    assert tags("Ludwig van der Berg")[1:3] == [("van", "particle"), ("der", "particle")]
    assert tags("Dr. J. Smith") == [("dr", "honorific"), ("j", "initial"), ("smith", "family")]
    assert tags("Sheikh Abdullah al-Rahman")[0] == ("sheikh", "honorific")


def test_arabic_original_script() -> None:
    parts = name_parts("صدام حسين التكريتي")
    assert [p.tag for p in parts] == ["given", "middle", "family"]


def test_organisation_legal_form() -> None:
    assert tags("ООО Ромашка", "Company") == [("ooo", "legal"), ("romashka", "unknown")]


def test_empty_name() -> None:
    assert name_parts("  \u200b ") == []
