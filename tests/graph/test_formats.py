"""The format registry, the sniffers and the kind tables agree with each other and with
the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from kleptrace.graph.importers import FORMATS, detect
from kleptrace.graph.importers.kinds import _table, bods_kind, icij_kind
from kleptrace.graph.model import EDGE_KINDS
from tests.conftest import REPO
from tests.graph.helpers import OWNERSHIP

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_graph_format_is_documented() -> None:
    for name in FORMATS:
        assert f"| `{name}` |" in README, name


def test_kind_tables_name_only_edge_kinds() -> None:
    table = _table()
    assert set(table["bods"].values()) <= set(EDGE_KINDS)
    assert {kind for _, kind in table["icij"]} <= set(EDGE_KINDS)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("shareholding", "ownership"),
        ("voting-rights", "voting"),
        ("trustee-of-trust", "trustee"),
        ("appointment-of-board", "control"),
        ("somethingNew", "unknown"),
        (None, "unknown"),
    ],
)
def test_bods_kinds_of_both_versions(text: str | None, kind: str) -> None:
    assert bods_kind(text) == kind


def test_icij_first_phrase_decides() -> None:
    assert icij_kind("Nominee Beneficial Owner of") == "nominee"
    assert icij_kind("  Registered   Agent of ") == "intermediary"
    assert icij_kind("auditor of") == "unknown"


@pytest.mark.parametrize(
    ("path", "name"),
    [
        (OWNERSHIP / "bods_examples" / "tecido.json", "bods"),
        (OWNERSHIP / "uk_psc_sample" / "psc-data-8.json", "psc"),
        (OWNERSHIP / "uk_psc_sample" / "company-data-1.json", "companies-house"),
        (OWNERSHIP / "uk_psc_sample" / "basic-company-data-1.csv", "companies-house"),
        (OWNERSHIP / "ocod_derived_titles_per_company_2015_2017.csv", "land-registry-totals"),
        (OWNERSHIP.parent / "MANIFEST.md", None),
    ],
)
def test_sniffing_real_files(path: Path, name: str | None) -> None:
    found = detect(path)
    assert (found.name if found else None) == name
