"""`POST /admin/reload`: serve the lists the store holds now, swapped in atomically."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from kleptrace.api.state import ServingState, serving

router = APIRouter(prefix="/admin", tags=["admin"])


@router.post("/reload")
def reload(state: Annotated[ServingState, Depends(serving)]) -> dict[str, Any]:
    """Take a new snapshot (rebuilding the index if the lists changed) and swap it in.

    Requests in flight finish on the old snapshot; if the reload fails the old
    one keeps serving and the answer says why.
    """
    snap = state.load()
    state.announce()
    return {
        "status": "ok",
        "loaded_at": snap.loaded_at.isoformat(timespec="seconds"),
        "sources": len(snap.sources),
        "targets": len(snap.targets),
    }
