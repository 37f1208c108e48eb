"""Dataset names a yente client may ask for, mapped to kleptrace sources.

Every live source is a dataset of its own (`us_ofac_sdn`, `gb_hmt_ofsi` ...).
Collections group them: `default` holds every source, `sanctions` those with
designations (not, say, Interpol notices or fixtures), and each
jurisdiction (`gb`, `us`, `eu`, `un`, `ca`, `au` ...) holds the sources of that
publisher's government, as recorded with each list version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kleptrace.api.errors import ApiError

JURISDICTION_TITLES = {
    "gb": "United Kingdom",
    "us": "United States",
    "eu": "European Union",
    "un": "United Nations Security Council",
    "ca": "Canada",
    "au": "Australia",
    "ua": "Ukraine",
}


@dataclass(frozen=True)
class Dataset:
    """One name a client can put in a URL: a source, or a collection of sources."""

    name: str
    title: str
    sources: frozenset[str]
    children: tuple[str, ...] = ()
    version: str | None = None
    last_export: str | None = None
    entity_count: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class Catalog:
    """Every dataset name the API answers to, from the store's live sources."""

    def __init__(self, sources: list[dict[str, Any]]) -> None:
        datasets: dict[str, Dataset] = {}
        by_jurisdiction: dict[str, set[str]] = {}
        for row in sources:
            name = row["source"]
            datasets[name] = Dataset(
                name=name,
                title=_source_title(row),
                sources=frozenset([name]),
                version=f"{name}-v{row['version']}",
                last_export=row["loaded_at"].removesuffix("Z"),
                entity_count=int(row["entities"]),
                extra={"published": row.get("published"), "jurisdiction": row.get("jurisdiction")},
            )
            if row.get("jurisdiction"):
                by_jurisdiction.setdefault(str(row["jurisdiction"]).lower(), set()).add(name)
        every = frozenset(datasets)
        designating = frozenset(row["source"] for row in sources if row.get("regimes"))
        for code, members in sorted(by_jurisdiction.items()):
            if code not in datasets:
                title = JURISDICTION_TITLES.get(code, code.upper())
                datasets[code] = _collection(code, f"{title}: all lists", members, datasets)
        datasets["sanctions"] = _collection("sanctions", "Sanctions lists", designating, datasets)
        datasets["default"] = _collection("default", "Every loaded list", every, datasets)
        self._datasets = datasets

    def resolve(self, name: str) -> Dataset:
        """The dataset called `name`; 404 with yente's wording when there is none."""
        try:
            return self._datasets[name]
        except KeyError:
            raise ApiError(404, "No such dataset.") from None

    def sources_of(self, names: list[str], field_name: str) -> frozenset[str]:
        """The sources of several dataset names (a query parameter's values)."""
        out: set[str] = set()
        for name in names:
            if name not in self._datasets:
                raise ApiError(400, f"{field_name}: no such dataset {name!r}")
            out |= self._datasets[name].sources
        return frozenset(out)

    def __iter__(self) -> Any:
        return iter(self._datasets.values())


def _source_title(row: dict[str, Any]) -> str:
    jurisdiction = JURISDICTION_TITLES.get(str(row.get("jurisdiction") or "").lower())
    return f"{row['source']} ({jurisdiction})" if jurisdiction else str(row["source"])


def _collection(
    name: str, title: str, members: set[str] | frozenset[str], datasets: dict[str, Dataset]
) -> Dataset:
    children = tuple(sorted(members))
    return Dataset(
        name=name,
        title=title,
        sources=frozenset(members),
        children=children,
        version=max((datasets[c].version or "" for c in children), default=None),
        last_export=max((datasets[c].last_export or "" for c in children), default=None),
        entity_count=sum(datasets[c].entity_count or 0 for c in children),
    )
