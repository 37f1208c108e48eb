"""Liveness, readiness, the dataset catalog (yente's shapes) and `GET /lists`."""

from __future__ import annotations

import hashlib
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Header, Response

from kleptrace.api.datasets import Dataset
from kleptrace.api.state import ServingState, Snapshot, serving, snapshot

router = APIRouter(tags=["system"])
lists_router = APIRouter(tags=["lists"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process answers; says nothing about the lists."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(state: Annotated[ServingState, Depends(serving)]) -> dict[str, str]:
    """200 once the lists and index are loaded (503 before, from `state.current`)."""
    state.current  # noqa: B018 - raises 503 "Index not ready." until loaded
    return {"status": "ok"}


@router.get("/catalog")
def catalog(
    response: Response,
    snap: Annotated[Snapshot, Depends(snapshot)],
    if_none_match: Annotated[str | None, Header()] = None,
) -> Any:
    """yente's catalog: every dataset name, sources and collections, all current."""
    datasets = [_dataset(d) for d in snap.catalog]
    body = {
        "datasets": datasets,
        "current": [d["name"] for d in datasets],
        "outdated": [],
        "index_stale": False,
    }
    etag = '"' + hashlib.sha1(orjson.dumps(body), usedforsecurity=False).hexdigest() + '"'
    if if_none_match in (etag, "*"):
        return Response(status_code=304, headers={"ETag": etag})
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = "public, max-age=300"
    return body


def _dataset(dataset: Dataset) -> dict[str, Any]:
    return {
        "name": dataset.name,
        "title": dataset.title,
        "summary": None,
        "description": None,
        "url": None,
        "updated_at": dataset.last_export,
        "last_export": dataset.last_export,
        "entity_count": dataset.entity_count,
        "thing_count": dataset.entity_count,
        "version": dataset.version,
        "tags": [],
        "children": list(dataset.children),
        "deprecated": False,
        "load": True,
        "entities_url": None,
        "namespace": False,
        "index_version": dataset.version,
        "index_current": True,
        **dataset.extra,
    }


@lists_router.get("/lists")
def lists(snap: Annotated[Snapshot, Depends(snapshot)]) -> dict[str, Any]:
    """Every live source: version, publication date, counts by schema and regime."""
    keep = ("source", "format", "jurisdiction", "version", "versions", "published", "loaded_at")
    return {
        "loaded_at": snap.loaded_at.isoformat(timespec="seconds"),
        "sources": [
            {
                **{k: row[k] for k in keep},
                "entities": row["entities"],
                "schemata": row["schemata"],
                "regimes": row["regimes"],
            }
            for row in snap.sources
        ],
    }
