"""`GET /entities/{entity_id}`: one entity in yente's shape, nested by default."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from kleptrace.api.entities import entity_response
from kleptrace.api.state import Snapshot, snapshot

router = APIRouter(tags=["entities"])


@router.get("/entities/{entity_id}")
def fetch_entity(
    entity_id: str,
    snap: Annotated[Snapshot, Depends(snapshot)],
    nested: Annotated[
        bool, Query(description="Include adjacent entities (sanctions, family...)")
    ] = True,
) -> dict[str, Any]:
    """The entity with every source's statements. A canonical id (`kleptrace resolve`)
    answers with the members merged and listed in `referents`; a member id answers with
    that member alone, as before resolution, never a redirect."""
    return entity_response(snap, entity_id, nested)
