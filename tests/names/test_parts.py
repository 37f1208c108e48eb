"""kleptrace.names.parts, with the name orders the lists use."""

from __future__ import annotations

from kleptrace.names.parts import name_parts
from kleptrace.names.translit import romanisation_variants


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


def symbols(name: str, tag: str, schema: str = "Person") -> frozenset[str]:
    return next(p.symbols for p in name_parts(name, schema) if p.tag == tag)


def test_given_name_spellings_share_a_symbol() -> None:
    spellings = ["Vladimir Putin", "Wladimir Putin", "Volodymyr Zelensky", "Владимир Путин"]
    shared = frozenset.intersection(*(symbols(s, "given") for s in spellings))
    assert shared
    assert all(s.startswith("NAME:") for s in shared)
    assert symbols("Yevgeny Prigozhin", "given") & symbols("Evgeniy Prigozhin", "given")
    assert symbols("Serhiy Lavrov", "given") & symbols("Сергей Лавров", "given")
    assert not symbols("Vladimir Putin", "given") & symbols("Sergei Lavrov", "given")


def test_arabic_given_name_shares_symbol_with_latin() -> None:
    assert symbols("صدام حسين", "given") & symbols("Saddam Hussein", "given")


def test_roles_carry_no_name_symbols() -> None:
    parts = name_parts("Dr. J. Smith")
    assert [p.symbols for p in parts[:2]] == [frozenset(), frozenset()]
    assert name_parts("Mohammed bin Salman")[1].symbols == frozenset()


def test_organisation_symbols() -> None:
    assert symbols("ООО Ромашка", "legal", "Company") == frozenset({"ORGCLS:LLC"})
    assert "DOMAIN:BANK" in name_parts("Bank Rossiya", "Company")[0].symbols


def test_comparable_is_latin_in_every_script() -> None:
    assert [p.comparable for p in name_parts("صدام حسين")] == ["sdam", "hsyn"]
    assert all(p.comparable.isascii() for p in name_parts("בנימין נתניהו"))


def east(name: str) -> list[tuple[str, str, str]]:
    return [(p.form, p.comparable, p.tag) for p in name_parts(name)]


def test_chinese_name_family_first() -> None:
    assert east("习近平") == [("习", "xi", "family"), ("近平", "jinping", "given")]
    assert tags("XI Jinping") == [("xi", "family"), ("jinping", "given")]
    assert east("李鹏") == [("李", "li", "family"), ("鹏", "peng", "given")]
    assert tags("LI Peng") == [("li", "family"), ("peng", "given")]


def test_chinese_compound_surname() -> None:
    assert east("欧阳修") == [("欧阳", "ouyang", "family"), ("修", "xiu", "given")]
    assert east("司馬遷")[0] == ("司馬", "sima", "family")


def test_korean_name_family_first() -> None:
    assert east("김정은") == [("김", "gim", "family"), ("정은", "jeongeun", "given")]
    assert east("김 정은") == east("김정은")
    latin = tags("KIM Jong Un")
    assert latin[0] == ("kim", "family")
    hangul = {t: c for _, c, t in east("김정은")}
    assert latin[0][0] in romanisation_variants(hangul["family"])
    joined = "".join(c for c, t in latin if t in ("given", "middle"))
    assert joined in romanisation_variants(hangul["given"])
    assert "jongun" in romanisation_variants(
        "".join(p.comparable for p in name_parts("Kim Jong-un")[1:])
    )


def test_korean_compound_surname() -> None:
    assert east("남궁민") == [("남궁", "namgung", "family"), ("민", "min", "given")]
    assert east("리병철") == [("리", "li", "family"), ("병철", "byeongcheol", "given")]


def test_names_given_first_in_east_asian_scripts() -> None:
    """Foreign names in Chinese or katakana keep their own order, with the dot."""
    assert tags("弗拉基米尔·普京")[-1][1] == "family"
    assert tags("ウラジーミル・プーチン") == [("urajimiru", "given"), ("puchin", "family")]


def test_long_han_text_is_not_split_as_a_name() -> None:
    assert len(name_parts("中国人民解放军总参谋部")) == 1


def test_a_surname_shaped_like_a_patronymic_stays_the_surname() -> None:
    # Listed by the EU as "Nikolay Nikolaevich VARPAKHOVICH"; Roman Abramovich's name in
    # natural order has two words ending like patronymics too.
    for name in ("Nikolay Nikolaevich Varpakhovich", "Nikolay Nikolaevich VARPAKHOVICH"):
        assert tags(name) == [
            ("nikolay", "given"),
            ("nikolaevich", "patronymic"),
            ("varpakhovich", "family"),
        ]
    assert tags("Varpakhovich Nikolay Nikolaevich") == [
        ("varpakhovich", "family"),
        ("nikolay", "given"),
        ("nikolaevich", "patronymic"),
    ]
    assert [t for _, t in tags("Roman Arkadyevich Abramovich")] == [
        "given",
        "patronymic",
        "family",
    ]
