"""Synthetic customers from many cultures: names that are on no sanctions list.

A screening engine is judged as much by what it leaves alone as by what it finds: a
bank's customer file is mostly ordinary people and firms, and every hit among them is
a false positive an analyst has to clear. Faker writes realistic names in the scripts
and conventions of two dozen locales (Russian both in Cyrillic and transliterated, as
customer files hold both); about a fifth are company names.
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Collection
from functools import cache
from typing import Any

from faker import Faker

from benchmarks.evaluation.writing import name_key, transliterate

# (locale, weight, transliterate): the spread of a European bank's customer file with
# a long tail of scripts lists also use (Arabic, Persian, Han, Hangul, Hebrew ...).
LOCALES: tuple[tuple[str, int, bool], ...] = (
    ("en_US", 8, False),
    ("en_GB", 6, False),
    ("de_DE", 6, False),
    ("fr_FR", 5, False),
    ("es_ES", 4, False),
    ("it_IT", 4, False),
    ("pl_PL", 3, False),
    ("nl_NL", 3, False),
    ("sv_SE", 2, False),
    ("pt_BR", 3, False),
    ("tr_TR", 3, False),
    ("ru_RU", 3, False),
    ("ru_RU", 4, True),
    ("uk_UA", 2, False),
    ("uk_UA", 2, True),
    ("ar_AA", 2, False),
    ("ar_SA", 2, False),
    ("fa_IR", 2, False),
    ("hi_IN", 2, False),
    ("en_IN", 2, False),
    ("zh_CN", 2, False),
    ("zh_CN", 2, True),
    ("ja_JP", 1, False),
    ("ko_KR", 1, False),
    ("he_IL", 1, False),
    ("el_GR", 1, False),
    ("vi_VN", 1, False),
    ("id_ID", 1, False),
)
COMPANY_SHARE = 0.2


@cache
def _faker(locale: str) -> Faker:
    """Only the two providers used: loading all of them costs a second in every process."""
    return Faker(locale, providers=["faker.providers.person", "faker.providers.company"])


@cache
def _real_companies(locale: str) -> frozenset[str]:
    """Names of real firms Faker draws for a locale: ru_RU's large companies (Gazprom,
    Tinkoff Bank, Russneft), fa_IR's company names (Bank Karafarin, Tourism Bank). Some
    are designated, so an alert on one is right; they are no synthetic customer."""
    try:
        provider = importlib.import_module(f"faker.providers.company.{locale}").Provider
    except ModuleNotFoundError:
        return frozenset()
    names = (*getattr(provider, "large_companies", ()), *getattr(provider, "company_names", ()))
    return frozenset(names)


def customer_case(case: str, cls: str, name: str, schema: str, locale: str) -> dict[str, Any]:
    """A case for a party on no list: label false, no targets, name only."""
    return {
        "case": case,
        "class": cls,
        "label": False,
        "query": {
            "schema": schema,
            "names": [name],
            "birth_dates": [],
            "countries": [],
            "identifiers": [],
        },
        "target_ids": [],
        "source_id": None,
        "locale": locale,
    }


def synthetic_customers(
    n: int, seed: int, exclude: Collection[str] = frozenset()
) -> list[dict[str, Any]]:
    """Generate n customer cases (label false, no targets), the same ones for a seed.

    Args:
        n: How many customers.
        seed: Seeds the locale draw and every Faker instance.
        exclude: `name_key`s of list names; a generated name with one of these keys is
            replaced, so no customer is in fact a listed name.

    Returns:
        Case dicts in the format of `benchmarks.evaluation.cases`, each with the
        generating locale under "locale" ("ru_RU/latin" for transliterated names).
    """
    rng = random.Random(seed)
    fakers: dict[str, Faker] = {}
    for number, (locale, _, _) in enumerate(LOCALES):
        if locale not in fakers:
            fakers[locale] = _faker(locale)
            fakers[locale].seed_instance(seed * 1_000 + number)
    weights = [w for _, w, _ in LOCALES]
    out: list[dict[str, Any]] = []
    while len(out) < n:
        locale, _, romanise = rng.choices(LOCALES, weights)[0]
        company = rng.random() < COMPANY_SHARE
        fake = fakers[locale]
        name = fake.company() if company else fake.name()
        if company and name in _real_companies(locale):
            continue
        if romanise:
            name = transliterate(name, "Any-Latin; Latin-ASCII").title()
        if exclude and name_key(name) in exclude:
            continue
        label = f"{locale}/latin" if romanise else locale
        schema = "Company" if company else "Person"
        out.append(customer_case(f"customer-{len(out):06d}", "neg_customer", name, schema, label))
    return out
