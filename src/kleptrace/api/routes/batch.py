"""`POST /screen/batch`: a whole file of parties in one request, results streamed back.

The body is CSV (`text/csv`) or JSON lines (`application/x-ndjson`), with the
columns `kleptrace screen-file` recognises. It is spooled to a temporary file
(so a large upload never sits in memory), read row by row, screened on the
server's worker processes, and answered as JSON lines while screening goes on:
one line per hit (the `screen-file` result row), one per bad row (its line
number and reason), and a last `summary` line with the counts: input rows =
screened + bad. When they do not add up the last line is an `error` instead.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Generator, Iterator
from functools import partial
from pathlib import Path
from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Query, Request
from starlette.requests import ClientDisconnect

from kleptrace.api.errors import ApiError
from kleptrace.api.filters import TargetFilter, target_filter
from kleptrace.api.state import ServingState, Snapshot, serving, snapshot
from kleptrace.api.streams import WorkStream
from kleptrace.exc import KleptraceError
from kleptrace.files import BadRow, ColumnMap, QueryRow, RowAccount, read_queries
from kleptrace.files.writing import result_row
from kleptrace.screen import DEFAULT_LIMIT, DEFAULT_THRESHOLD
from kleptrace.screen import Query as ScreenQuery

router = APIRouter(tags=["screening"])
log = logging.getLogger(__name__)

SUFFIXES = {
    "text/csv": ".csv",
    "application/csv": ".csv",
    "application/x-ndjson": ".jsonl",
    "application/jsonl": ".jsonl",
    "application/jsonlines": ".jsonl",
    "application/json-lines": ".jsonl",
}


@router.post("/screen/batch")
async def screen_batch(
    request: Request,
    state: Annotated[ServingState, Depends(serving)],
    snap: Annotated[Snapshot, Depends(snapshot)],
    dataset: Annotated[str, Query(max_length=100)] = "default",
    threshold: Annotated[float, Query(ge=0.0, le=1.0)] = DEFAULT_THRESHOLD,
    limit: Annotated[int, Query(ge=1, le=100)] = DEFAULT_LIMIT,
    schema: Annotated[str, Query(max_length=64)] = "LegalEntity",
) -> WorkStream:
    """Screen every row of the body; stream JSON lines of hits, bad rows and a summary.

    A client that goes away mid-upload costs one log line; one that goes away while
    results stream has its remaining rows cancelled and the spool deleted at once."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    suffix = SUFFIXES.get(kind)
    if suffix is None:
        raise ApiError(
            415, f"content-type {kind or 'missing'!r}: send text/csv or application/x-ndjson"
        )
    keep = target_filter(snap, dataset)
    spooled = tempfile.NamedTemporaryFile(suffix=suffix, delete=False)  # noqa: SIM115 - closed below
    path = Path(spooled.name)
    try:
        with spooled:
            async for chunk in request.stream():
                spooled.write(chunk)
        account = RowAccount.of(path)
        rows = read_queries(path, ColumnMap(), default_schema=schema, account=account)
        first = next(rows, None)  # reads the header: a bad file is a 4xx, not a broken stream
    except KleptraceError as error:
        path.unlink(missing_ok=True)
        raise ApiError(400, "body: " + str(error).replace(str(path), "request body")) from None
    except ClientDisconnect:
        path.unlink(missing_ok=True)
        log.info("client disconnected during its /screen/batch upload")
        raise ApiError(400, "The client disconnected during the upload.") from None
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    lines = _results(state, account, first, rows, threshold, limit, keep)
    return WorkStream(lines, "application/x-ndjson", partial(path.unlink, missing_ok=True))


def _results(
    state: ServingState,
    account: RowAccount,
    first: QueryRow | None,
    rows: Iterator[QueryRow],
    threshold: float,
    limit: int,
    keep: TargetFilter,
) -> Generator[bytes, None, None]:
    counts = {"hits": 0}
    bad: list[BadRow] = []

    def queries() -> Iterator[ScreenQuery]:
        for row in _chain(first, rows):
            if isinstance(row, BadRow):
                bad.append(row)
            else:
                yield row

    try:
        with state.batch_pool() as pool:
            for query, matches in pool.stream(queries(), threshold, limit, keep):
                account.screened_row(len(query.warnings))
                yield from _drain(bad, account)
                for match in matches:
                    counts["hits"] += 1
                    yield _line(result_row(query, match))
        yield from _drain(bad, account)
        account.check("request body")
        yield _line({"summary": {**account.summary(), **counts}})
    except KleptraceError as error:
        yield _line({"error": str(error), "summary": {**account.summary(), **counts}})


def _drain(bad: list[BadRow], account: RowAccount) -> Iterator[bytes]:
    """Bad rows read so far, reported near where they were in the input."""
    while bad:
        row = bad.pop(0)
        account.bad_row()
        yield _line({"bad_row": {"line": row.line, "reason": row.reason}})


def _chain(first: QueryRow | None, rows: Iterator[QueryRow]) -> Iterator[QueryRow]:
    if first is not None:
        yield first
        yield from rows


def _line(record: object) -> bytes:
    return orjson.dumps(record) + b"\n"
