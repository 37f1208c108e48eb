"""OFAC advanced XML <ProfileRelationship> as typed FtM links between two parties.

OFAC states each relation from one profile to another ("From is Owned or Controlled By
To"). The relation types that FtM has an interval for become that interval, the rest an
UnknownLink whose role is OFAC's wording, so ownership tracing sees owners and directors
and nothing OFAC states is lost. Family and Associate link two people only; between other
parties the same wording becomes an UnknownLink.
"""

from __future__ import annotations

from followthemoney import StatementEntity
from lxml import etree

from kleptrace.sources.base import Emitter
from kleptrace.sources.us.advanced_index import Index
from kleptrace.sources.us.advanced_xml import child, is_true, text

RELATIONS = {
    "owned or controlled by": ("Ownership", "asset", "owner"),
    "leader or official of": ("Directorship", "director", "organization"),
    "principal executive officer": ("Directorship", "director", "organization"),
    "family member of": ("Family", "person", "relative"),
    "associate of": ("Associate", "person", "associate"),
}
"""Relation type label -> (schema, property of the From profile, property of the To one)."""
PEOPLE_ONLY = frozenset({"Family", "Associate"})
ROLE_PROPS = {"Family": "relationship", "Associate": "relationship"}
"""Where a link keeps OFAC's wording of the relation; `role` for the others."""


class BrokenRelation(ValueError):
    """A relationship whose profiles are not in the file; the caller keeps it verbatim."""


def relation_entity(emitter: Emitter, index: Index, element: etree._Element) -> StatementEntity:
    """The link a <ProfileRelationship> states, or BrokenRelation."""
    ends = []
    for attribute in ("From-ProfileID", "To-ProfileID"):
        profile = index.profiles.get(element.get(attribute) or "")
        if profile is None:
            raise BrokenRelation(
                f"ProfileRelationship {attribute} {element.get(attribute)!r} is not a party "
                "of this file"
            )
        ends.append(profile)
    source, target = ends
    label = index.label("RelationType", element.get("RelationTypeID"))
    wording = label or f"RelationTypeID {element.get('RelationTypeID')}"
    schema, from_prop, to_prop = RELATIONS.get(
        wording.lower(), ("UnknownLink", "subject", "object")
    )
    people = {index.schema(p.sub_type_id) for p in ends} == {"Person"}
    if schema in PEOPLE_ONLY and not people:
        schema, from_prop, to_prop = "UnknownLink", "subject", "object"
    link = emitter.make(
        schema, "relation", element.get("ID") or f"{source.fixed_ref}-{target.fixed_ref}"
    )
    emitter.add(link, from_prop, f"{emitter.prefix}-{source.fixed_ref}")
    emitter.add(link, to_prop, f"{emitter.prefix}-{target.fixed_ref}")
    emitter.add(link, ROLE_PROPS.get(schema, "role"), wording)
    if is_true(element, "Former"):
        if link.schema.get("status") is not None:
            emitter.add(link, "status", "former")
        else:
            emitter.note(link, "former", "true")
    quality = index.label("RelationQuality", element.get("RelationQualityID"))
    if quality and quality.lower() != "unknown":
        emitter.note(link, "relation quality", quality)
    comment = text(child(element, "Comment"))
    if comment:
        emitter.note(link, "comment", comment)
    return link
