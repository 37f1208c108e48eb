"""`POST /match/{dataset}` and `GET /algorithms`, in yente 5.x's shapes.

A yente client sends up to 100 FollowTheMoney examples and gets back, per
query key, the scored targets: `match` says whether the score reaches
`threshold`; results above `cutoff` (deprecated in yente, capped at the
threshold, so by default only matches are listed) show the near misses; and
`explanations` gives each piece of evidence with its score.
kleptrace scores with its own matcher whatever `algorithm` a client names
among yente's (so clients pinned to `logic-v2` keep working); the response
header `x-kleptrace-algorithm` says which one answered.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from kleptrace.api.entities import entity_responses
from kleptrace.api.errors import ApiError
from kleptrace.api.examples import EntityMatchQuery, require_unicode, to_query
from kleptrace.api.filters import target_filter
from kleptrace.api.params import json_body, openapi_body, openapi_parameters, query_params
from kleptrace.api.security import charge, charge_refused
from kleptrace.api.state import Snapshot, snapshot
from kleptrace.api.work import measure
from kleptrace.screen import DEFAULT_THRESHOLD, Match

router = APIRouter(tags=["matching"])
public_router = APIRouter(tags=["matching"])
"""`GET /algorithms`: public, as on the hosted API (it says nothing about the lists)."""

ALGORITHM = "kleptrace-v1"
YENTE_ALGORITHMS = ("best", "logic-v2", "logic-v1", "name-based", "name-qualified", "ofac")
MAX_BATCH = 100
INLINE_QUERIES = 4
"""Up to this many queries are screened on the event loop (a few ms), more in a thread."""
MAX_MATCHES = 500
CHANGED_SINCE = r"^\d{4}-\d{2}-\d{2}(T\d{2}(:\d{2}(:\d{2})?)?)?$"
FEATURES = {
    "name": "Best name pair: part-by-part similarity across scripts and spellings.",
    "identifier": "Passport, INN, OGRN, IMO ... numbers: agreement lifts, contradiction cuts.",
    "birth_date": "Exact, month, year, near or contradicting birth dates.",
    "country": "Nationality, jurisdiction or flag shared or disjoint.",
    "gender": "Contradicting gender lowers the score.",
}


class MatchParams(BaseModel):
    """/match's query parameters (yente's), read in one validation (`query_params`)."""

    limit: int = Field(5, ge=1, le=MAX_MATCHES, description="Results per query.")
    threshold: float = Field(
        DEFAULT_THRESHOLD, ge=0.0, le=1.0, description="Score at which a result is a match."
    )
    cutoff: float | None = Field(
        None, ge=0.0, le=1.0, description="Lowest score listed (deprecated; capped at threshold)."
    )
    algorithm: str = Field(
        "best", max_length=64, description="Any yente algorithm name; kleptrace-v1 answers."
    )
    include_dataset: list[str] = Field([], description="Only targets on these datasets.")
    exclude_dataset: list[str] = Field([], description="No targets on these datasets.")
    exclude_schema: list[str] = Field([], description="No targets of these schemata.")
    topics: list[str] = Field([], description="Only targets with one of these topics.")
    exclude_entity_ids: list[str] = Field(
        [], max_length=50, description="Targets to leave out, by id."
    )
    changed_since: str | None = Field(
        None,
        pattern=CHANGED_SINCE,
        description="Leave out targets not changed since this time (UTC); undated ones stay.",
    )
    canonical: bool = Field(
        False,
        description="One result per canonical target (kleptrace resolve): its best-scoring "
        "member, with the canonical id and the members in `referents`.",
    )


def _algorithm(name: str) -> str:
    wanted = name.strip().lower()
    if wanted != ALGORITHM and wanted not in YENTE_ALGORITHMS:
        raise ApiError(400, f"Invalid algorithm: {name}")
    return ALGORITHM


@router.post(
    "/match/{dataset}",
    openapi_extra={**openapi_parameters(MatchParams), **openapi_body(EntityMatchQuery)},
)
async def match(
    dataset: str,
    request: Request,
    body: Annotated[EntityMatchQuery, Depends(json_body(EntityMatchQuery))],
    response: Response,
    snap: Annotated[Snapshot, Depends(snapshot)],
    params: Annotated[MatchParams, Depends(query_params(MatchParams))],
) -> dict[str, Any]:
    """Screen each example; yente's EntityMatchResponse. The key is checked before the
    body is read (`params.json_body`), and the request's work is charged to its key.

    Async on purpose: screening a few names takes a millisecond or two, less than
    handing the request to a worker thread and back would add; larger batches go to
    a thread so the event loop keeps answering.
    """
    require_unicode(body.model_dump(by_alias=True))
    keep = target_filter(
        snap,
        dataset,
        params.include_dataset,
        params.exclude_dataset,
        params.exclude_schema,
        params.topics,
        params.exclude_entity_ids,
        params.changed_since,
    )
    response.headers["x-kleptrace-algorithm"] = _algorithm(params.algorithm)
    if body.config:
        key = next(iter(body.config))
        raise ApiError(400, f"Invalid configuration parameter: {key} for algorithm {ALGORITHM}")
    if len(body.queries) > MAX_BATCH:
        raise ApiError(400, f"Too many queries in one batch (limit: {MAX_BATCH})")
    if not body.queries:
        raise ApiError(400, "No queries provided.")
    queries = [to_query(key, example) for key, example in body.queries.items()]
    work = measure(queries)
    if work.excess:
        charge_refused(request, work.requests - 1)
        raise ApiError(413, work.excess)
    charge(request, work.requests - 1, f"this request counts as {work.requests}")
    threshold, limit = params.threshold, params.limit
    floor = threshold if params.cutoff is None else min(params.cutoff, threshold)
    if len(queries) > INLINE_QUERIES:  # long enough to hold up other requests: off the loop
        found = await run_in_threadpool(
            snap.screener.screen_many, queries, floor, MAX_MATCHES, keep
        )
    else:
        found = snap.screener.screen_many(queries, floor, MAX_MATCHES, keep)
    if params.canonical:
        found = [_one_per_target(snap, ms) for ms in found]
    shown = {key: ms[:limit] for key, ms in zip(body.queries, found, strict=True)}
    entities = entity_responses(snap, {m.entity_id for ms in shown.values() for m in ms})
    responses = {}
    for (key, example), query, matches in zip(body.queries.items(), queries, found, strict=True):
        results = [_scored(entities[m.entity_id], m, threshold) for m in shown[key]]
        if params.canonical:
            results = [_as_canonical(snap, r) for r in results]
        responses[key] = {
            "status": 200,
            "results": results,
            "total": {"value": sum(m.score >= threshold for m in matches), "relation": "eq"},
            "query": example.model_dump(by_alias=True),
            "warnings": list(query.warnings),
        }
    response.headers["x-batch-size"] = str(len(responses))
    return {"responses": responses, "limit": limit}


def _one_per_target(snap: Snapshot, matches: list[Match]) -> list[Match]:
    """The best match of each canonical target (matches come best first)."""
    seen: set[str] = set()
    out = []
    for m in matches:
        target = snap.canonical_of.get(m.entity_id, m.entity_id)
        if target not in seen:
            seen.add(target)
            out.append(m)
    return out


def _as_canonical(snap: Snapshot, result: dict[str, Any]) -> dict[str, Any]:
    """A result under its canonical id, with every member in `referents`."""
    canonical = snap.canonical_of.get(result["id"])
    if canonical is None:
        return result
    return {**result, "id": canonical, "referents": list(snap.clusters[canonical])}


def _scored(entity: dict[str, Any], found: Match, threshold: float) -> dict[str, Any]:
    score = round(found.score, 4)
    explanations = {
        f.name: {
            "detail": f.detail,
            "score": f.value,
            "weight": f.contribution,
            "query": found.query_name if f.name == "name" else None,
            "candidate": found.matched_name if f.name == "name" else None,
        }
        for f in found.features
    }
    return {
        **entity,
        "score": score,
        "match": found.score >= threshold,
        "explanations": explanations,
        "features": {f.name: f.value for f in found.features},
        "alignment": [a.__dict__ for a in found.alignment],
        "regimes": list(found.regimes),
    }


@public_router.get("/algorithms")
def algorithms() -> dict[str, Any]:
    """yente's algorithm listing; every yente name is served by kleptrace's matcher."""
    features = {
        name: {"description": text, "coefficient": 1.0, "url": ""}
        for name, text in FEATURES.items()
    }
    description = re.sub(r"\s+", " ", __doc__ or "").strip()
    return {
        "algorithms": [
            {
                "name": ALGORITHM,
                "description": description,
                "features": features,
                "docs": {
                    "name": ALGORITHM,
                    "description": description,
                    "config": {},
                    "features": features,
                },
            }
        ],
        "default": "best",
        "best": ALGORITHM,
    }
