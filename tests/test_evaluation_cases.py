"""Perturbations and synthetic customers used to build the evaluation cases.

Pure functions only: no store is needed. Each perturbation must change a name in the
way its class says, and never hand back the input while claiming to have perturbed it.
"""

from __future__ import annotations

import random
import unicodedata

import pytest
from rapidfuzz.distance import OSA

from benchmarks.evaluation import perturb
from benchmarks.evaluation.customers import name_key, synthetic_customers

PEOPLE = [
    "PUTIN, Vladimir Vladimirovich",
    "Vladimir Vladimirovich PUTIN",
    "IVANOV Sergey Borisovich",
    "Mohammed Ahmed AL-HASSAN",
    "Yuriy Aleksandrovich KOVALCHUK",
    "HAMADI BEN ABDUL AZIZ BEN ALI BOUYEHIA",
]
ORGANISATIONS = ["Romashka LLC", "OOO VMK", "JSC Rusatom Arctic", "IRON MOUNTAIN LIMITED"]
SEEDS = range(25)


def outcomes(function: perturb.Perturbation, name: str) -> list[str]:
    results = [function(name, random.Random(seed)) for seed in SEEDS]
    return [r for r in results if r is not None]


@pytest.mark.parametrize("cls", sorted(perturb.PERTURBATIONS))
def test_never_returns_the_input(cls: str) -> None:
    function = perturb.PERTURBATIONS[cls]
    for name in PEOPLE + ORGANISATIONS:
        assert name not in outcomes(function, name)


def test_typo_is_one_edit_in_a_long_word() -> None:
    for name in PEOPLE:
        for result in outcomes(perturb.typo, name):
            assert OSA.distance(result, name) == 1
            assert result.split()[0][0] == name.split()[0][0]
    assert perturb.typo("Li Xi", random.Random(1)) is None


def test_typo_spares_the_legal_form() -> None:
    name = "LIMITED LIABILITY COMPANY ROMASHKA"
    results = outcomes(perturb.typo, name)
    assert results
    assert all(r.startswith("LIMITED LIABILITY COMPANY ") for r in results)


def test_translit_swaps_a_romanisation() -> None:
    results = set(outcomes(perturb.translit, "Yuriy KOVALCHUK"))
    assert results & {"Yury KOVALCHUK", "Juriy KOVALCHUK", "Iuriy KOVALCHUK"}
    assert results <= {
        "Yury KOVALCHUK",
        "Juriy KOVALCHUK",
        "Iuriy KOVALCHUK",
        "Yuri KOVALCHUK",
        "Iurii KOVALCHUK",
    }
    assert "Muhammad Ali" in outcomes(perturb.translit, "Mohammed Ali")
    assert perturb.translit("Bo Li", random.Random(1)) is None


def test_order_swaps_surname_and_given_names() -> None:
    rng = random.Random(1)
    assert perturb.order("PUTIN, Vladimir Vladimirovich", rng) == "Vladimir Vladimirovich PUTIN"
    assert perturb.order("PUTIN Vladimir", rng) == "Vladimir PUTIN"
    assert set(outcomes(perturb.order, "Vladimir PUTIN")) == {"PUTIN, Vladimir", "PUTIN Vladimir"}
    assert perturb.order("Madonna", rng) is None


def test_drop_middle_drops_the_patronymic() -> None:
    rng = random.Random(1)
    assert perturb.drop_middle("Vladimir Vladimirovich PUTIN", rng) == "Vladimir PUTIN"
    assert perturb.drop_middle("IVANOV, Sergey Borisovich", rng) == "IVANOV, Sergey"
    assert perturb.drop_middle("Ivanov Sergey Borisovich", rng) == "Ivanov Sergey"
    assert perturb.drop_middle("John Fitzgerald Kennedy", rng) == "John Kennedy"
    assert perturb.drop_middle("Vladimir PUTIN", rng) is None


def test_initials_shorten_the_given_name() -> None:
    rng = random.Random(1)
    assert perturb.initials("Vladimir PUTIN", rng) == "V. PUTIN"
    assert set(outcomes(perturb.initials, "PUTIN, Vladimir Vladimirovich")) == {
        "PUTIN, V. Vladimirovich",
        "PUTIN, V. V.",
    }
    assert perturb.initials("V. PUTIN", rng) is None


def test_title_adds_an_honorific() -> None:
    for result in outcomes(perturb.title, "Vladimir PUTIN"):
        honorific, rest = result.split(" ", 1)
        assert rest == "Vladimir PUTIN"
        assert honorific in perturb.HONORIFICS
    assert perturb.title("PUTIN, Vladimir", random.Random(2)).startswith("PUTIN, ")
    women = {perturb.title("Irina IVANOVA", random.Random(s), "female") for s in range(60)}
    assert {"Mrs Irina IVANOVA", "Ms Irina IVANOVA"} <= women
    assert not any(w.startswith("Mr ") or w.startswith("Mr. ") for w in women)


def test_homoglyph_swaps_letters_for_look_alikes() -> None:
    for result in outcomes(perturb.homoglyph, "Vladimir PUTIN"):
        changed = [(a, b) for a, b in zip("Vladimir PUTIN", result, strict=True) if a != b]
        assert 1 <= len(changed) <= 2
        for _, new in changed:
            assert unicodedata.name(new).split()[0] in ("CYRILLIC", "GREEK")
    assert perturb.homoglyph("123", random.Random(1)) is None


def test_invisible_inserts_characters_that_do_not_show() -> None:
    for result in outcomes(perturb.invisible, "Vladimir PUTIN"):
        hidden = [c for c in result if c in perturb.INVISIBLES]
        assert 1 <= len(hidden) <= 2
        assert "".join(c for c in result if c not in perturb.INVISIBLES) == "Vladimir PUTIN"
    assert perturb.invisible("A B", random.Random(1)) is None


def test_legal_form_swaps_an_equivalent_or_drops_it() -> None:
    llc = {"L.L.C.", "Limited Liability Company", "OOO", "ООО", "TOV", "ТОВ"}
    results = set(outcomes(perturb.legal_form, "Romashka LLC"))
    assert "Romashka" in results
    assert {r.removeprefix("Romashka ") for r in results - {"Romashka"}} <= llc
    assert set(outcomes(perturb.legal_form, "PJSC Gazprom")) - {"Gazprom"} <= {
        "PAO Gazprom",
        "ПАО Gazprom",
        "Public Joint Stock Company Gazprom",
        "Public Joint-Stock Company Gazprom",
    }
    assert "IRON MOUNTAIN LTD" in outcomes(perturb.legal_form, "IRON MOUNTAIN LIMITED")
    assert perturb.legal_form("Rosneft", random.Random(1)) is None
    assert perturb.legal_form("LLC", random.Random(3)) is None


def test_split_person_reads_list_conventions() -> None:
    assert perturb.split_person("PUTIN, Vladimir") == (["Vladimir"], ["PUTIN"], "comma")
    assert perturb.split_person("PUTIN Vladimir") == (["Vladimir"], ["PUTIN"], "surname_first")
    assert perturb.split_person("Vladimir PUTIN") == (["Vladimir"], ["PUTIN"], "given_first")
    assert perturb.split_person("Putin Vladimir Vladimirovich") == (
        ["Vladimir", "Vladimirovich"],
        ["Putin"],
        "surname_first",
    )


def test_customers_are_deterministic_for_a_seed() -> None:
    first = synthetic_customers(300, seed=5)
    assert first == synthetic_customers(300, seed=5)
    assert first != synthetic_customers(300, seed=6)
    assert len({c["case"] for c in first}) == 300


def test_customers_spread_over_locales_and_schemas() -> None:
    customers = synthetic_customers(2_000, seed=1)
    locales = {c["locale"].split("/")[0] for c in customers}
    assert len(locales) >= 20
    assert {"ru_RU/latin", "ru_RU", "ar_AA", "zh_CN", "ko_KR"} <= {c["locale"] for c in customers}
    companies = sum(c["query"]["schema"] == "Company" for c in customers)
    assert 0.15 < companies / len(customers) < 0.25
    assert all(not c["label"] and c["target_ids"] == [] for c in customers)


def test_customers_exclude_list_names() -> None:
    plain = synthetic_customers(200, seed=3)
    listed = {name_key(c["query"]["names"][0]) for c in plain[:10]}
    assert name_key("PUTIN, Vladimir") == name_key("Владимир Путин")
    kept = synthetic_customers(200, seed=3, exclude=listed)
    assert len(kept) == 200
    assert not listed & {name_key(c["query"]["names"][0]) for c in kept}
