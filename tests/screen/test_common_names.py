"""Common names alone do not alert; titles that are given names stay names; a weak alias
stays weak on every list that copies it. Checked on the real lists."""

from __future__ import annotations

import re

import duckdb
import numpy as np

from kleptrace.data import country_ranks, population_name_ranks
from kleptrace.names import name_parts
from kleptrace.screen import DEFAULT_THRESHOLD, Query, Screener
from kleptrace.screen.config import SCORING
from kleptrace.screen.forms import name_form
from kleptrace.screen.similarity import compare_names

COMMON = ("Mohammed Ali", "Ali Hassan", "Abdul Rahman", "Ali Ahmed", "Mohammed")


def _key(name: str) -> str:
    return " ".join(sorted(re.findall(r"\w+", name.lower())))


def _people_named(raw: duckdb.DuckDBPyConnection, name: str) -> list[tuple[str, list[str]]]:
    """Listed people with a name or alias that is exactly `name` in any order, with their
    birth dates."""
    rows = raw.execute(
        "SELECT s.entity_id, s.value, d.value FROM statements s "
        "JOIN current_versions USING (version_id) "
        "LEFT JOIN statements d ON d.entity_id = s.entity_id AND d.version_id = s.version_id "
        "AND d.prop = 'birthDate' "
        "WHERE s.schema = 'Person' AND s.prop IN ('name', 'alias')"
    ).fetchall()
    found: dict[str, list[str]] = {}
    for entity_id, value, birth in rows:
        if _key(value) == _key(name):
            found.setdefault(entity_id, [])
            if birth:
                found[entity_id].append(birth)
    return sorted(found.items())


def test_common_names_alone_do_not_alert(
    screener: Screener, raw: duckdb.DuckDBPyConnection
) -> None:
    listed = [name for name in COMMON if _people_named(raw, name)]
    assert len(listed) >= 3, listed
    for name in COMMON:
        assert screener.screen(Query((name,), "Person")) == [], name
        found = screener.screen(Query((name,), "Person"), threshold=0.0, limit=50)
        # The name alone would alert; the cap is what stops it. Capped matches tie at
        # the cap, so the one whose name scores highest is looked for among them.
        top = max(found, key=lambda m: m.features[0].value)
        assert top.features[0].name == "name" and top.features[0].value >= DEFAULT_THRESHOLD
        assert top.score == SCORING.common_names.cap
        assert top.features[-1].name == "common_name"


def test_a_common_name_alerts_when_the_birth_date_agrees(
    screener: Screener, raw: duckdb.DuckDBPyConnection
) -> None:
    dated = [(e, d) for e, dates in _people_named(raw, "Ali Hassan") for d in dates]
    dated += [(e, d) for e, dates in _people_named(raw, "Mohammed Ali") for d in dates]
    full = [(e, d) for e, d in dated if len(d) == 10]
    assert full
    entity_id, birth = full[0]
    matches = screener.screen(Query(("Ali Hassan", "Mohammed Ali"), "Person", (birth,)), limit=50)
    assert entity_id in {m.entity_id for m in matches}
    assert all(m.score >= DEFAULT_THRESHOLD for m in matches)


def test_a_distinctive_name_is_not_capped(screener: Screener) -> None:
    top = screener.screen(Query(("Vladimir Putin",), "Person"))[0]
    assert top.score == 1.0
    assert top.scoring == SCORING.version


def test_titles_that_are_given_names() -> None:
    assert [p.tag for p in name_parts("Amir Khan", symbols=False)] == ["given", "family"]
    assert name_parts("Imam Hussain", symbols=False)[0].tag == "given"
    saeed = name_parts("Hafiz Muhammad Saeed", symbols=False)
    assert [p.tag for p in saeed] == ["honorific", "given", "family"]
    amir_khan = name_form("Amir Khan", "Person", {})
    khan = name_form("Khan", "Person", {})
    assert compare_names(amir_khan, khan, lambda _: 1.0).score < DEFAULT_THRESHOLD


def _weak_copies(raw: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(entity on another list, its alias, the OFAC or UN record) where the alias is a
    weak alias of an OFAC or UN record with the same primary name, and not also the
    entity's own primary name (a primary name is never dropped)."""
    rows = raw.execute(
        "SELECT s.entity_id, c.source, s.prop, s.value FROM statements s "
        "JOIN current_versions c USING (version_id) "
        "WHERE s.prop IN ('name', 'alias', 'weakAlias') AND s.schema = 'Person'"
    ).fetchall()
    names: dict[str, set[str]] = {}
    aliases: dict[str, set[str]] = {}
    weak: dict[str, set[str]] = {}
    official: set[str] = set()
    for entity_id, source, prop, value in rows:
        table = {"name": names, "alias": aliases, "weakAlias": weak}[prop]
        table.setdefault(entity_id, set()).add(_key(value))
        if source in ("us_ofac_sdn", "un_sc"):
            official.add(entity_id)
    weak_by_name: dict[str, set[tuple[str, str]]] = {}
    for entity_id in official & set(weak):
        for name in names.get(entity_id, ()):
            weak_by_name.setdefault(name, set()).update((w, entity_id) for w in weak[entity_id])
    out = []
    for entity_id, own in aliases.items():
        for name in names.get(entity_id, ()):
            for alias, origin in weak_by_name.get(name, ()):
                if alias in own and alias not in names[entity_id] and entity_id != origin:
                    out.append((entity_id, alias, origin))
    return sorted(out)


def test_a_weak_alias_stays_weak_on_every_list(
    screener: Screener, raw: duckdb.DuckDBPyConnection
) -> None:
    copies = _weak_copies(raw)
    assert len(copies) >= 50
    index = screener.index
    position = {t.entity_id: i for i, t in enumerate(index.targets)}
    for entity_id, alias, _ in copies:
        own = np.flatnonzero(index.name_target == position[entity_id])
        assert own.size, entity_id  # the target keeps its other names
        assert alias not in {_key(index.names.texts[i]) for i in own}, (entity_id, alias)


POPULATION_COMMON = ("Mohammad Ahmadi", "Jose Garcia", "Ali Al-Otaibi", "Dmitriy Vasilyev")


def test_names_many_people_bear_do_not_alert_alone(
    screener: Screener, raw: duckdb.DuckDBPyConnection
) -> None:
    """Common in a population, not necessarily on the lists: Ahmadi is Iran's first
    surname, Garcia Spain's. Listed people bear these names exactly."""
    listed = [name for name in POPULATION_COMMON if _people_named(raw, name)]
    assert listed, "none of the common names is on the loaded lists"
    for name in POPULATION_COMMON:
        matches = screener.screen(Query((name,), "Person"), threshold=0.0, limit=3)
        assert all(m.score <= SCORING.common_names.cap for m in matches), name
    with_country = screener.screen(Query((listed[0],), "Person", countries=("ir", "af")))
    assert isinstance(with_country, list)


# Designated people whose given name and surname are each among the most borne names of
# some country, but of no one country together.
RARE_TOGETHER = ("Mikhail Fridman", "Alexey Miller", "German Khan")


def _countries(word: str, ranks: dict[str, str]) -> set[str]:
    rank_cap = SCORING.common_names.max_population_rank
    return {c for c, r in country_ranks(ranks.get(word, "")).items() if r <= rank_cap}


def test_names_common_in_different_countries_alert_alone(
    screener: Screener, raw: duckdb.DuckDBPyConnection
) -> None:
    """Mikhail ranks high in Russia, Fridman in Israel: few people anywhere are called
    Mikhail Fridman, and the designated one must be found by his name alone."""
    ranks = population_name_ranks()
    for name in RARE_TOGETHER:
        given, family = name.lower().split()
        assert _countries(given, ranks) and _countries(family, ranks), name
        assert not _countries(given, ranks) & _countries(family, ranks), name
        listed = {
            entity_id
            for (entity_id,) in raw.execute(
                "SELECT DISTINCT entity_id FROM statements JOIN current_versions "
                "USING (version_id) WHERE schema = 'Person' AND prop = 'name' "
                "AND regexp_matches(lower(value), ?) AND regexp_matches(lower(value), ?)",
                [rf"\b{given}\b", rf"\b{family}\b"],
            ).fetchall()
        }
        assert listed, name
        found = {m.entity_id for m in screener.screen(Query((name,), "Person"), limit=50)}
        assert found & listed, name
    # Common together in one country, still capped.
    assert _countries("sergey", ranks) & _countries("ivanov", ranks)
    matches = screener.screen(Query(("Sergey Ivanov",), "Person"), threshold=0.0, limit=10)
    assert matches and all(m.score <= SCORING.common_names.cap for m in matches)


def test_many_common_words_together_are_distinctive(screener: Screener) -> None:
    symbols = screener.index.vocabulary.symbols
    assert screener.common.common_name(name_form("Salim Hamdan", "Person", symbols))
    assert not screener.common.common_name(name_form("Salim Ahmad Salim Hamdan", "Person", symbols))
    # A father's name narrows a common given name and surname to few people.
    assert screener.common.common_name(name_form("Alexander Borisov", "Person", symbols))
    assert not screener.common.common_name(
        name_form("Alexander Alexandrovich Borisov", "Person", symbols)
    )


def test_a_full_russian_name_alerts_where_given_name_and_surname_do_not(
    screener: Screener, raw: duckdb.DuckDBPyConnection
) -> None:
    listed = {entity_id for entity_id, _ in _people_named(raw, "Dmitry Anatolyevich Medvedev")}
    assert len(listed) >= 2
    found = screener.screen(Query(("Dmitry Anatolyevich Medvedev",), "Person"))
    assert {m.entity_id for m in found} & listed
    capped = screener.screen(Query(("Dmitry Medvedev",), "Person"), threshold=0.0, limit=10)
    assert capped and all(m.score <= SCORING.common_names.cap for m in capped)


def test_population_ranks_fold_scripts_and_spellings() -> None:
    ranks = population_name_ranks()
    assert len(ranks) > 20_000
    assert all(word.isascii() and word.isalpha() for word in ranks)
    # Cyrillic Васильев as ICU and as BGN/PCGN write it; a joined Arabic article.
    assert {"vasilev", "vasilyev", "alotaibi", "ivanov"} <= ranks.keys()
    assert "deripaska" not in ranks


def test_a_surname_ending_like_a_patronymic_counts_as_a_name(
    screener: Screener, raw: duckdb.DuckDBPyConnection
) -> None:
    # Belarusian surnames in -ovich/-evich were once read as second patronymics, which
    # left the given name alone to decide whether the name was common.
    for name in ("Nikolay Nikolaevich Varpakhovich", "Evgenyi Yakovlevich Slodkevich"):
        listed = {entity_id for entity_id, _ in _people_named(raw, name)}
        assert listed, name
        found = {m.entity_id for m in screener.screen(Query((name,), "Person"))}
        assert found & listed, name


def test_a_korean_given_name_is_as_common_as_the_whole_of_it(
    screener: Screener, raw: duckdb.DuckDBPyConnection
) -> None:
    # Korea's table ranks given names whole: 정식 (Jong Sik) is among them, 정은
    # (Jong Un) is not, though "jong" and "un" are each common somewhere.
    assert "KR" in screener.common.population_ranks("jongsik")
    assert "KR" not in screener.common.population_ranks("jongun")
    assert screener.common.population_ranks("jong") and screener.common.population_ranks("un")
    symbols = screener.index.vocabulary.symbols
    assert screener.common.common_name(name_form("Kim Jong Sik", "Person", symbols))
    listed = {entity_id for entity_id, _ in _people_named(raw, "Kim Jong Un")}
    assert listed
    found = {m.entity_id for m in screener.screen(Query(("Kim Jong Un",), "Person"))}
    assert found & listed
