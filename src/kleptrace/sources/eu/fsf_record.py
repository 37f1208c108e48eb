"""One EU FSF sanctionEntity as both file forms carry it, before it becomes entities.

The XML and the CSV hold the same facts under different names (`wholeName` in XML is
`NameAlias_WholeName` in CSV). Both readers fill these records with the XML attribute
names, so one builder (fsf_entities) serves both and the two forms cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DETAIL_KINDS = ("nameAlias", "citizenship", "birthdate", "address", "identification")
"""The sanctionable details of an entity, in the XSD's order."""


@dataclass
class Detail:
    """A regulation or a sanctionable detail: its attributes and what it nests."""

    kind: str
    attrs: dict[str, str]
    remarks: list[str] = field(default_factory=list)
    regulation: dict[str, str] = field(default_factory=dict)
    """The regulationSummary: the act that introduced this detail."""
    contacts: list[tuple[str, str]] = field(default_factory=list)
    """contactInfo key/value pairs (addresses only)."""
    extra: list[tuple[str, str]] = field(default_factory=list)
    """additionalInformation key/value pairs."""
    corrigenda: list[dict[str, str]] = field(default_factory=list)
    """Corrections published for a regulation."""


@dataclass
class Record:
    """One sanctionEntity, with where it starts and its source text for the report."""

    attrs: dict[str, str]
    position: str
    raw: str
    remarks: list[str] = field(default_factory=list)
    extra: list[tuple[str, str]] = field(default_factory=list)
    subject: dict[str, str] | None = None
    regulations: list[Detail] = field(default_factory=list)
    details: list[Detail] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    """Child elements the XSD does not define, as printed."""

    @property
    def logical_id(self) -> str:
        return self.attrs.get("logicalId", "").strip()

    def problem(self) -> str | None:
        """Why the record breaks the schema so that no entity can be made, naming the
        element or attribute; None for a usable record."""
        what = f"sanctionEntity {self.logical_id}" if self.logical_id else "sanctionEntity"
        if not self.logical_id:
            return f"{what} without the logicalId attribute"
        if not self.regulations:
            return f"{what} has no <regulation>"
        if self.subject is None:
            return f"{what} has no <subjectType>"
        if not any(whole_name(d.attrs) for d in self.details if d.kind == "nameAlias"):
            return f"{what} has no <nameAlias> with a name"
        return None


def whole_name(attrs: dict[str, str]) -> str:
    """The wholeName, or the name parts joined when the EU left it empty."""
    whole = attrs.get("wholeName", "").strip()
    if whole:
        return whole
    parts = (attrs.get(p, "").strip() for p in ("firstName", "middleName", "lastName"))
    return " ".join(p for p in parts if p)
