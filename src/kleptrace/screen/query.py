"""What a caller knows about the party to screen: names plus whatever else is known."""

from __future__ import annotations

from dataclasses import dataclass

from kleptrace.exc import KleptraceError

# FollowTheMoney schemata a query may ask for; "LegalEntity" means "a person or any
# organisation". Which listed schemata each can match is saved with the index.
QUERY_SCHEMATA = frozenset(
    ["Person", "Organization", "Company", "LegalEntity", "PublicBody", "Vessel", "Airplane"]
)


class QueryError(KleptraceError):
    """A query that cannot be screened: no name, or an unknown schema."""

    status = 422


@dataclass(frozen=True)
class Query:
    """One party to screen.

    Attributes:
        names: Every name known for the party, in any script; at least one.
        schema: FollowTheMoney schema of the party ("Person", "Company",
            "Vessel", ...). "LegalEntity" (the default) matches people and
            organisations alike.
        birth_dates: Dates as ISO prefixes ("1952", "1952-10", "1952-10-07").
        countries: ISO 3166-1 alpha-2 codes, lower case (nationality,
            citizenship, jurisdiction, flag).
        identifiers: Passport, national ID, INN, OGRN, IMO, registration
            numbers, as written.
        gender: "male", "female" or None.
        id: The caller's own reference for the row, echoed in results.
        warnings: Values the caller gave that could not be read and were left out
            (see `kleptrace.screen.values`), echoed in results.
    """

    names: tuple[str, ...]
    schema: str = "LegalEntity"
    birth_dates: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()
    gender: str | None = None
    id: str | None = None
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not any(n.strip() for n in self.names):
            raise QueryError(f"query {self.id or ''}: field 'name' is empty".replace("  ", " "))
        if self.schema not in QUERY_SCHEMATA:
            raise QueryError(
                f"field 'schema': unknown schema {self.schema!r}; "
                f"use one of {', '.join(sorted(QUERY_SCHEMATA))}"
            )
