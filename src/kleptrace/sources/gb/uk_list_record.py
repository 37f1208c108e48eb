"""One designation of the FCDO UK Sanctions List, as read from either published form.

The XML nests a designation's values in elements; the CSV spreads them over one row per
name, repeated for addresses and other multi-valued details. Both readers fill the same
DesignationRecord, keyed by the XML element names, so one builder (uk_list) maps either
form to FtM and the two forms give the same entities. GROUPS lists the values that only
make sense together (the parts of a name, a passport number and its details); every
other value is a plain list per element.
"""

from __future__ import annotations

from dataclasses import dataclass, field

GROUPS: dict[str, tuple[str, ...]] = {
    "Name": ("Name1", "Name2", "Name3", "Name4", "Name5", "Name6", "NameType", "AliasStrength"),
    "NonLatinName": ("NameNonLatinScript", "NonLatinScriptType", "NonLatinScriptLanguage"),
    "Address": (
        "AddressLine1",
        "AddressLine2",
        "AddressLine3",
        "AddressLine4",
        "AddressLine5",
        "AddressLine6",
        "AddressPostalCode",
        "AddressCountry",
    ),
    "Passport": ("PassportNumber", "PassportAdditionalInformation"),
    "NationalIdentifier": ("NationalIdentifierNumber", "NationalIdentifierAdditionalInformation"),
    "Location": ("TownOfBirth", "CountryOfBirth"),
}
"""Elements whose children belong together, and those children in a fixed order."""

VALUES = (
    "LastUpdated",
    "DateDesignated",
    "UniqueID",
    "OFSIGroupID",
    "UNReferenceNumber",
    "Title",
    "RegimeName",
    "IndividualEntityShip",
    "DesignationSource",
    "SanctionsImposed",
    "OtherInformation",
    "UKStatementofReasons",
    "PhoneNumber",
    "EmailAddress",
    "Website",
    "DOB",
    "Nationality",
    "Position",
    "Gender",
    "TypeOfEntity",
    "Subsidiary",
    "ParentCompany",
    "BusinessRegistrationNumber",
    "IMONumber",
    "CurrentOwnerOperator",
    "PreviousOwnerOperator",
    "CurrentBelievedFlagOfShip",
    "PreviousFlag",
    "TypeOfShip",
    "TonnageOfShip",
    "LengthOfShip",
    "YearBuilt",
    "HullIdentificationNumber",
)
"""Elements holding one value each, possibly repeated (several DOB, several Position)."""


@dataclass
class DesignationRecord:
    """The values of one designation, each distinct value once, in printed order.

    `position` and `raw` say where the record was and what it said, so a record that
    cannot become an entity is kept verbatim; `unknown` holds (element or column, value)
    pairs the format notes do not describe, which the builder keeps as notes.
    """

    position: str
    raw: str
    values: dict[str, list[str]] = field(default_factory=dict)
    groups: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    indicators: dict[str, str] = field(default_factory=dict)
    unknown: list[tuple[str, str]] = field(default_factory=list)

    def add(self, key: str, value: str | None) -> None:
        text = (value or "").strip()
        if text and text not in self.values.setdefault(key, []):
            self.values[key].append(text)

    def add_group(self, key: str, parts: tuple[str, ...]) -> None:
        parts = tuple(p.strip() for p in parts)
        if any(parts) and parts not in self.groups.setdefault(key, []):
            self.groups[key].append(parts)

    def add_unknown(self, label: str, value: str | None) -> None:
        text = (value or "").strip()
        if text and (label, text) not in self.unknown:
            self.unknown.append((label, text))

    def get(self, key: str) -> list[str]:
        return self.values.get(key, [])

    def first(self, key: str) -> str:
        values = self.values.get(key)
        return values[0] if values else ""

    def group(self, key: str) -> list[dict[str, str]]:
        """The instances of a group, each as {child element: value}."""
        return [dict(zip(GROUPS[key], parts, strict=True)) for parts in self.groups.get(key, [])]
