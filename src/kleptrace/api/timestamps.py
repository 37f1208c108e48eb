"""yente's timestamps: naive UTC ISO 8601 to the second."""

from __future__ import annotations

from datetime import UTC, datetime


def iso_seconds(value: str | None) -> str | None:
    """`value` as yente writes times (naive UTC, to the second); None when unknown or
    unreadable. Such strings order as the times they stand for."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="seconds")
