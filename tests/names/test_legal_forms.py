"""Golden cases for kleptrace.names.legal_forms."""

from __future__ import annotations

import pytest

from kleptrace.names.legal_forms import legal_form, strip_legal_form


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("ООО «Ромашка»", "LLC"),
        ("OOO Romashka", "LLC"),
        ("Emma LLC", "LLC"),
        ("Acme Limited Liability Company", "LLC"),
        ("ТОВ Нафтогаз", "LLC"),
        ("Общество с ограниченной ответственностью «Ромашка»", "LLC"),
        ("АО Альфа", "JSC"),
        ("JSC Foo", "JSC"),
        ("ПАО Газпром", "PJSC"),
        ("Gazprom PAO", "PJSC"),
        ("Public Joint Stock Company Sberbank", "PJSC"),
        ("ЗАО Бар", "CJSC"),
        ("Foo Ltd", "LTD"),
        ("Foo Limited", "LTD"),
        ("Siemens GmbH", "GMBH"),
        ("Siemens Aktiengesellschaft", "AG"),
        ("Total S.A.", "SA"),
        ("Bar S.A.S.", "SA"),
    ],
)
def test_legal_form(name: str, code: str) -> None:
    assert legal_form(name) == code


def test_no_legal_form() -> None:
    assert legal_form("Rosneft") is None
    assert legal_form("Vladimir Putin") is None


@pytest.mark.parametrize(
    ("name", "stripped"),
    [
        ("ООО «Ромашка»", "Ромашка"),
        ("ПАО Газпром", "Газпром"),
        ("PJSC Gazprom", "Gazprom"),
        ("Foo, Inc.", "Foo"),
        ("Foo Co., Ltd.", "Foo"),
        ("Siemens Aktiengesellschaft", "Siemens"),
    ],
)
def test_strip_legal_form(name: str, stripped: str) -> None:
    assert strip_legal_form(name) == stripped


def test_strip_never_empties_a_name() -> None:
    assert strip_legal_form("LLC") == "LLC"
    assert strip_legal_form("Rosneft") == "Rosneft"
