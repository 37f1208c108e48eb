"""Perturbations, romanisations, customers and case builders of the evaluation.

No store is needed: the builders run on a handful of records written here. Each
perturbation must change a name in the way its class says, and never hand back the input
while claiming to have perturbed it; no builder may read kleptrace's own tables; a
cross-script case always pairs two different records.
"""

from __future__ import annotations

import ast
import random
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from rapidfuzz.distance import OSA

from benchmarks.evaluation import perturb
from benchmarks.evaluation.cases import Builder, Entity, _far_date, _near_date, split_of
from benchmarks.evaluation.common_names import common_name_customers
from benchmarks.evaluation.customers import synthetic_customers
from benchmarks.evaluation.romanise import SYSTEMS, is_russian_cyrillic
from benchmarks.evaluation.writing import invisibles, name_key, script_of

EVALUATION = Path(__file__).resolve().parents[1] / "benchmarks" / "evaluation"

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


def test_romanisations_follow_the_published_tables() -> None:
    name = "Евгений Пригожин"
    assert {system: romanise(name) for system, romanise in SYSTEMS.items()} == {
        "bgn_pcgn": "Yevgeniy Prigozhin",
        "iso9": "Evgenij Prigožin",
        "iso9_ascii": "Evgenij Prigozin",
        "icao": "Evgenii Prigozhin",
        "german": "Jewgeni Prigoschin",
        "french": "Evgueni Prigojine",
    }
    assert SYSTEMS["french"]("Владимир Путин") == "Vladimir Poutine"
    assert SYSTEMS["german"]("Михаил Ходорковский") == "Michail Chodorkowski"
    assert SYSTEMS["icao"]("Юлия Щукина") == "Iuliia Shchukina"
    assert is_russian_cyrillic("Олег Дерипаска")
    assert not is_russian_cyrillic("Олександр Ющенко Ї")
    assert not is_russian_cyrillic("Oleg")


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
            assert unicodedata.name(new).split()[0] in ("CYRILLIC", "GREEK", "ARMENIAN")
    assert perturb.homoglyph("123", random.Random(1)) is None


def test_invisible_inserts_characters_that_do_not_show() -> None:
    for result in outcomes(perturb.invisible, "Vladimir PUTIN"):
        hidden = [c for c in result if c in invisibles()]
        assert 1 <= len(hidden) <= 2
        assert all(unicodedata.category(c) == "Cf" for c in hidden)
        assert "".join(c for c in result if c not in invisibles()) == "Vladimir PUTIN"
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


def test_customers_leave_out_the_real_firms_faker_draws() -> None:
    # Faker's ru_RU and fa_IR company providers draw real firms (Tinkoff Bank, Bank
    # Karafarin), some of them designated: no synthetic customer is one of them.
    from faker.providers.company.fa_IR import Provider as PersianFirms
    from faker.providers.company.ru_RU import Provider as RussianFirms

    real = {*RussianFirms.large_companies, *PersianFirms.company_names}
    assert "Тинькофф Банк" in real
    customers = synthetic_customers(5_000, seed=7)
    names = [c["query"]["names"][0] for c in customers]
    assert not real & set(names)
    assert any(c["locale"] == "ru_RU" and c["query"]["schema"] == "Company" for c in customers)


def test_common_name_customers_pair_given_names_and_surnames() -> None:
    common = common_name_customers(400, seed=2)
    assert common == common_name_customers(400, seed=2)
    assert {c["class"] for c in common} == {"neg_common"}
    assert all(len(c["query"]["names"][0].split()) == 2 for c in common)
    assert len({c["locale"] for c in common}) >= 15
    names = [c["query"]["names"][0] for c in common]
    assert max(names.count(n) for n in set(names)) > 1  # common names repeat


def _kleptrace_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names]
    return [m for m in found if m.split(".")[0] == "kleptrace"]


def test_case_builders_use_no_product_code_or_tables() -> None:
    modules = sorted(EVALUATION.glob("*.py"))
    assert len(modules) >= 7
    for module in modules:
        assert _kleptrace_imports(module) == [], module.name
        assert "kleptrace/data" not in module.read_text(encoding="utf-8")
    # And they import with kleptrace blocked, so nothing reaches it indirectly.
    code = "import sys; sys.modules['kleptrace'] = None\n" + "".join(
        f"import benchmarks.evaluation.{m.stem}\n" for m in modules
    )
    root = EVALUATION.parents[1]
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def _entity(entity_id: str, source: str, names: list[str], **ids: str) -> Entity:
    entity = Entity(entity_id, "Person", {source}, names)
    entity.birth_dates.add("1961-04-12")
    for kind, value in ids.items():
        entity.ids[kind].add(value)
    return entity


@pytest.fixture
def builder() -> Builder:
    """Five records: A (UN, Cyrillic and Latin) linked by a UN reference to B (EU, Latin
    only); C (FCDO, Cyrillic and Latin) linked to nobody; D (EU) linked to E (UN), which
    both carry Cyrillic."""
    records = [
        _entity("a", "un_sc", ["Иван Петрович Сидоров", "Ivan SIDOROV"], unsc="KPi.001"),
        _entity("b", "eu_journal", ["Ivan Petrovich SIDOROV"], unsc="KPi.001"),
        _entity("c", "gb_fcdo", ["Сергей Смирнов", "Sergey SMIRNOV"]),
        _entity("d", "eu_journal", ["Олег Орлов", "Oleg ORLOV"], unsc="KPi.002"),
        _entity("e", "un_sc", ["Орлов Олег", "ORLOV, Oleg"], unsc="KPi.002"),
    ]
    return Builder({e.id: e for e in records}, seed=1)


def test_cross_script_cases_pair_two_different_records(builder: Builder) -> None:
    cases = builder.cross_script()
    assert [(c["source_id"], c["target_ids"]) for c in cases] == [("a", ["b"])]
    for case in cases:
        query = case["query"]["names"][0]
        assert case["source_id"] not in case["target_ids"]
        for target in case["target_ids"]:
            names = builder.entities[target].all_names()
            assert query not in names
            assert script_of(query) not in {script_of(n) for n in names}


def test_translit_cases_romanise_towards_another_record(builder: Builder) -> None:
    cases = builder.translit()
    assert [(c["source_id"], c["target_ids"]) for c in cases] == [("a", ["b"])]
    case = cases[0]
    assert case["query"]["names"][0] == SYSTEMS[case["system"]]("Иван Петрович Сидоров")
    known = {n.casefold() for n in builder.entities["b"].all_names()}
    assert case["query"]["names"][0].casefold() not in known


def test_a_target_group_is_on_one_side_of_the_split(builder: Builder) -> None:
    assert builder.groups["a"] == builder.groups["b"] == "a"
    assert builder.groups["d"] == builder.groups["e"] == "d"
    assert builder.groups["c"] == "c"
    assert split_of("a") == split_of("a")
    assert {split_of(f"group-{i}") for i in range(50)} == {"tune", "test"}


def test_near_dates_are_near_and_far_dates_far() -> None:
    listed = ["1961-04-12", "1962-01-05"]
    for seed in range(200):
        near = date.fromisoformat(_near_date(listed, random.Random(seed)) or "")
        assert near.isoformat() not in listed
        assert min(abs((near - date.fromisoformat(d)).days) for d in listed) <= 366 or any(
            near == date(int(d[:4]), int(d[8:]), int(d[5:7])) for d in listed
        )
        far = _far_date(listed, random.Random(seed))
        assert far is not None
        assert min(abs(int(far[:4]) - int(d[:4])) for d in listed) >= 15
