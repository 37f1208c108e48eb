"""Which columns of a customer file hold what a query needs, found from common headers
or named by the caller."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from kleptrace.exc import ParseError

# Header spellings recognised, compared after `_normal` (lower case, letters and digits).
NAME_HEADERS = ("name", "fullname", "customername", "entityname", "partyname", "companyname")
ALIAS_HEADERS = ("alias", "aliases", "aka")
FIRST_NAME_HEADERS = ("firstname", "givenname", "forename")
MIDDLE_NAME_HEADERS = ("middlename", "patronymic")
LAST_NAME_HEADERS = ("lastname", "surname", "familyname")
SCHEMA_HEADERS = ("schema", "entitytype", "partytype", "type")
BIRTH_DATE_HEADERS = ("dob", "birthdate", "dateofbirth", "born")
COUNTRY_HEADERS = ("country", "countrycode", "nationality", "citizenship", "jurisdiction")
IDENTIFIER_HEADERS = (
    "passport",
    "passportnumber",
    "idnumber",
    "nationalid",
    "inn",
    "ogrn",
    "imo",
    "imonumber",
    "identifier",
    "registrationnumber",
    "taxid",
)
GENDER_HEADERS = ("gender", "sex")
ROW_ID_HEADERS = ("id", "customerid", "rowid", "recordid", "reference")


@dataclass(frozen=True)
class ColumnMap:
    """Which input columns hold what a Query needs.

    Empty fields are filled by recognising common headers (case, spaces, `_` and `-`
    ignored) unless `detect` is False, so most files need no options at all.

    Attributes:
        names: Each entry is one name: a single column, or several (first, last)
            joined with spaces. Every entry found in a row adds a name.
        schema: Column of party types ("person", "company", "vessel", ...).
        birth_dates: Columns of birth (or incorporation) dates.
        countries: Columns of ISO codes or country names.
        identifiers: Columns of passport, INN, OGRN, IMO and similar numbers.
        gender: Column of "male"/"female" (or "m"/"f").
        row_id: Column of the caller's reference, echoed as the query id.
        detect: Recognise headers for the fields left empty.
    """

    names: tuple[tuple[str, ...], ...] = ()
    schema: str | None = None
    birth_dates: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()
    gender: str | None = None
    row_id: str | None = None
    detect: bool = True

    @classmethod
    def parse(
        cls,
        name: Sequence[str] = (),
        schema: str | None = None,
        birth_date: Sequence[str] = (),
        country: Sequence[str] = (),
        identifier: Sequence[str] = (),
        gender: str | None = None,
        row_id: str | None = None,
        detect: bool = True,
    ) -> ColumnMap:
        """From repeatable CLI options; `--name-col first_name+last_name` joins columns."""
        return cls(
            names=tuple(tuple(part.strip() for part in spec.split("+")) for spec in name),
            schema=schema,
            birth_dates=tuple(birth_date),
            countries=tuple(country),
            identifiers=tuple(identifier),
            gender=gender,
            row_id=row_id,
            detect=detect,
        )

    def resolve(self, path: Path, header: Sequence[str]) -> ColumnMap:
        """This map spelled as in `header`, empty fields detected; fails naming the file
        and its columns when a given column is absent or no name column is found."""
        found = _Columns(path, header)
        resolved = ColumnMap(
            names=tuple(tuple(found.given(c) for c in group) for group in self.names),
            schema=found.given(self.schema) if self.schema else None,
            birth_dates=tuple(found.given(c) for c in self.birth_dates),
            countries=tuple(found.given(c) for c in self.countries),
            identifiers=tuple(found.given(c) for c in self.identifiers),
            gender=found.given(self.gender) if self.gender else None,
            row_id=found.given(self.row_id) if self.row_id else None,
            detect=False,
        )
        if self.detect:
            resolved = found.detect(resolved)
        if not resolved.names:
            raise ParseError(
                path,
                f"no name column; the columns are {found.listing()}; name one with --name-col",
                field="name",
            )
        return resolved

    def columns(self) -> list[str]:
        """Every column this map reads, once each, for reading only those from Parquet."""
        single = (self.schema, self.gender, self.row_id)
        used = [
            *itertools.chain.from_iterable(self.names),
            *(c for c in single if c),
            *self.birth_dates,
            *self.countries,
            *self.identifiers,
        ]
        return list(dict.fromkeys(used))


class _Columns:
    """A file's header, looked up the forgiving way users write column names."""

    def __init__(self, path: Path, header: Sequence[str]) -> None:
        self.path = path
        self.header = list(header)
        self.by_normal = {_normal(c): c for c in reversed(self.header)}

    def listing(self) -> str:
        return ", ".join(repr(c) for c in self.header) or "(none)"

    def given(self, column: str) -> str:
        """The header spelling of a column the caller named; absent is an error."""
        if column in self.header:
            return column
        if _normal(column) in self.by_normal:
            return self.by_normal[_normal(column)]
        raise ParseError(
            self.path, f"no column {column!r}; the columns are {self.listing()}", field=column
        )

    def detect(self, columns: ColumnMap) -> ColumnMap:
        """`columns` with each empty field filled from recognised headers."""
        return replace(
            columns,
            names=columns.names or self.detect_names(),
            schema=columns.schema or self.first(SCHEMA_HEADERS),
            birth_dates=columns.birth_dates or self.every(BIRTH_DATE_HEADERS),
            countries=columns.countries or self.every(COUNTRY_HEADERS),
            identifiers=columns.identifiers or self.every(IDENTIFIER_HEADERS),
            gender=columns.gender or self.first(GENDER_HEADERS),
            row_id=columns.row_id or self.first(ROW_ID_HEADERS),
        )

    def detect_names(self) -> tuple[tuple[str, ...], ...]:
        """Full-name and alias columns, each a name, then first+middle+last as one."""
        groups = tuple((c,) for c in self.every(NAME_HEADERS + ALIAS_HEADERS))
        first, last = self.first(FIRST_NAME_HEADERS), self.first(LAST_NAME_HEADERS)
        if not (first or last):
            return groups
        parts = (first, self.first(MIDDLE_NAME_HEADERS), last)
        return (*groups, tuple(c for c in parts if c))

    def first(self, spellings: Sequence[str]) -> str | None:
        """The column of the earliest spelling in `spellings` the header has."""
        return next((self.by_normal[s] for s in spellings if s in self.by_normal), None)

    def every(self, spellings: Sequence[str]) -> tuple[str, ...]:
        """Every header column with one of `spellings`, in header order."""
        wanted = set(spellings)
        return tuple(c for c in self.header if _normal(c) in wanted)


def _normal(header: str) -> str:
    return "".join(ch for ch in header.casefold() if ch.isalnum())
