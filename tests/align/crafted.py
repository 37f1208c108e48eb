"""Small designation tables built by the align tests themselves."""

from __future__ import annotations

from kleptrace.align.inputs import SourceVersion
from kleptrace.align.model import Designation
from kleptrace.data import regime_of

JURISDICTIONS = ("gb", "us", "eu", "un", "ca", "au")


def version(
    source: str, version_id: int, jurisdiction: str, published: str | None, live: bool = True
) -> SourceVersion:
    return SourceVersion(
        source, source, version_id, jurisdiction, published, "2026-12-06", live, None
    )


def row(
    v: SourceVersion,
    entity_id: str,
    program: str,
    listed: str | None = None,
    current: bool | None = None,
) -> Designation:
    """A designation whose regime comes from regimes.yml, as the store would record it."""
    regime = regime_of(v.jurisdiction, program)
    return Designation(
        entity_id=entity_id,
        jurisdiction=v.jurisdiction,
        regime=regime.key,
        magnitsky=regime.magnitsky,
        program=program,
        listing_date=listed,
        source=v.source,
        version_id=v.version_id,
        published=v.published,
        current=v.live if current is None else current,
    )
