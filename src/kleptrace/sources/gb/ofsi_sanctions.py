"""The Sanctions of an OFSI target: one per regime it is listed under.

A group prints one row per name and regime; the Listed On, Designated and Last Updated
dates of a regime's rows go to its Sanction. The references from "Other Information"
are shared out by regime: a UK reference by its prefix (RUS0270 is Russia), a UN
reference by its committee code (QDi.145 is Al-Qaida).
"""

from __future__ import annotations

from collections.abc import Iterator

from followthemoney import StatementEntity

from kleptrace.data import regime_of
from kleptrace.sources.base import Emitter
from kleptrace.sources.gb.ofsi_other_info import Designation
from kleptrace.sources.gb.ofsi_table import Row

_UN_COMMITTEES = {
    "QD": "Al-Qaida",
    "TA": "Taliban",
    "KP": "DPRK",
    "IR": "Iran",
    "IQ": "Iraq",
    "CD": "DRC",
    "LY": "Libya",
    "SO": "Somalia",
    "CF": "CAR",
    "HT": "Haiti",
    "YE": "Yemen",
    "GB": "GB",
    "SD": "Sudan",
    "SS": "SouthSudan",
    "ML": "Mali",
}
"""UN reference prefixes to the UN committee names regimes.yml knows, to pair a UN
reference with the right UK regime when a target is listed under several."""


def _matching(refs: list[str], regime_key: str, single: bool, key_of: dict[str, str]) -> list[str]:
    """The references of one regime; all of them when the target has only the one."""
    if single:
        return refs
    return [r for r in refs if key_of.get(r) == regime_key]


def sanctions(
    emitter: Emitter,
    entity: StatementEntity,
    gid: str,
    rows: list[Row],
    designation: Designation,
) -> Iterator[StatementEntity]:
    """One Sanction per regime; each gets the references whose prefix names that regime."""
    by_regime: dict[str, list[Row]] = {}
    for row in rows:
        by_regime.setdefault(row["Regime"], []).append(row)
    single = len(by_regime) == 1
    ref_key = {r: regime_of("gb", r[:3]).key for r in designation.refs}
    un_key = {
        r: regime_of("un", _UN_COMMITTEES.get(r[:2].upper(), "")).key for r in designation.un_refs
    }
    for regime, regime_rows in by_regime.items():
        key = regime_of("gb", regime).key if regime else ""
        refs = _matching(designation.refs, key, single, ref_key)
        un_refs = _matching(designation.un_refs, key, single, un_key)
        sanction = emitter.sanction(
            entity,
            regime or None,
            listing_date=regime_rows[0]["Listed On"],
            source_ref=refs[0] if refs else None,
            unsc_id=un_refs[0] if un_refs else None,
            reason=designation.reasons[0] if designation.reasons else None,
        )
        for ref in refs[1:]:
            emitter.add(sanction, "authorityId", ref)
        for ref in un_refs[1:]:
            emitter.add(sanction, "unscId", ref)
        for reason in designation.reasons[1:]:
            emitter.add(sanction, "reason", reason)
        for provision in designation.provisions:
            emitter.add(sanction, "provisions", provision)
        emitter.add(sanction, "recordId", gid)
        for value in dict.fromkeys(r["Listed On"] for r in regime_rows[1:]):
            emitter.add_date(sanction, "listingDate", value)
        for value in dict.fromkeys(r["UK Sanctions List Date Designated"] for r in regime_rows):
            emitter.add_date(sanction, "startDate", value)
        for value in dict.fromkeys(r["Last Updated"] for r in regime_rows):
            emitter.add_date(sanction, "modifiedAt", value)
        yield sanction
