"""Property-based fuzzing of the live server's own OpenAPI description (schemathesis 4).

The hand-written tests pin the shapes clients rely on; the fuzzer sends what nobody
thought of (odd Unicode, huge numbers, wrong types, missing fields) to every operation
and holds the server to one promise: a client's mistake is answered with a 4xx, never a
5xx and never a traceback. Examples are few per operation and not shrunk, so the file
stays well under a minute; a failure message carries the exact request as curl.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis.core.result import Ok

from kleptrace.api.keys import KeyStore, keys_path
from tests.api.conftest import LiveServer

MAX_EXAMPLES = 15
SKIPPED = {("POST", "/admin/reload")}  # rebuilds the snapshot: far too slow to fuzz
FUZZ = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,  # nothing written to .hypothesis/ in the checkout
    phases=[Phase.explicit, Phase.generate],  # no shrinking: each step is an HTTP call
    suppress_health_check=list(HealthCheck),
)
KEY_SHOWN = "ApiKey <fuzz key>"
Operation = APIOperation[Any, Any, Any, Any]


@pytest.fixture(scope="module")
def fuzz_key(live_server: LiveServer) -> str:
    """A read key of its own, so the fuzzer's requests spend no other test's rate budget."""
    _, secret = KeyStore(keys_path(live_server.db_path)).create("tests-fuzz", {"read"})
    return str(secret)


@pytest.fixture(scope="module")
def operations(live_server: LiveServer) -> list[Operation]:
    """Every operation the server describes at /openapi.json, but the skipped ones."""
    schema = schemathesis.openapi.from_url(f"{live_server.url}/openapi.json", timeout=30)
    found = [result.ok() for result in schema.get_all_operations() if isinstance(result, Ok)]
    assert found, "the OpenAPI description lists no operations"
    return [op for op in found if (op.method.upper(), op.path) not in SKIPPED]


def _problem(status: int, text: str) -> str | None:
    if status >= 500:
        return f"{status} server error"
    if "Traceback" in text:
        return f"{status} with a traceback in the body"
    return None


def _client(live_server: LiveServer, key: str) -> httpx.Client:
    """A connection per request: a server that drops a connection after a 500 would
    otherwise fail the next, innocent request, and the report would blame it."""
    client = live_server.client(key)
    client.headers["Connection"] = "close"
    return client


def _fuzz(
    operation: Operation,
    mode: GenerationMode,
    url: str,
    key: str,
    path_parameters: dict[str, Any] | None = None,
) -> None:
    """Send up to MAX_EXAMPLES generated requests for one operation; raise on a bad answer."""

    @FUZZ
    @given(case=operation.as_strategy(mode, path_parameters=path_parameters))
    def run(case: Case[Any]) -> None:
        response = case.call(base_url=url, headers={"Authorization": f"ApiKey {key}"}, timeout=60)
        problem = _problem(response.status_code, response.text_lossy())
        if problem:
            curl = case.as_curl_command(headers={"Authorization": KEY_SHOWN}, base_url=url)
            raise AssertionError(f"{problem}:\n{curl}\n{response.text_lossy()[:2000]}")

    run()


def _runs(
    operations: list[Operation],
) -> Iterator[tuple[str, Operation, GenerationMode, dict[str, Any] | None]]:
    """Both generation modes; a random {dataset} is nearly always a 404, so also `default`."""
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            yield f"{operation.label} [{mode.value}]", operation, mode, None
        if "{dataset}" in operation.path:
            fixed = {"dataset": "default"}
            yield f"{operation.label} [dataset=default]", operation, GenerationMode.POSITIVE, fixed


def test_no_operation_answers_5xx_or_a_traceback(
    live_server: LiveServer, fuzz_key: str, operations: list[Operation]
) -> None:
    """Every operation in both modes; failures are collected so one run reports them all."""
    failures = []
    for label, operation, mode, path_parameters in _runs(operations):
        try:
            _fuzz(operation, mode, live_server.url, fuzz_key, path_parameters)
        except Unsatisfiable:  # nothing to make invalid: no parameters, no body
            assert mode is GenerationMode.NEGATIVE, label
        except AssertionError as error:
            failures.append(f"{label}: {error}")
    assert not failures, "\n\n".join(failures)
    with live_server.client() as client:
        assert client.get("/healthz").status_code == 200


# Any code point, lone surrogates included: JSON can carry "\\ud800", and a server that
# re-encodes it as UTF-8 unguarded answers 500.
TEXT = st.text(st.characters(codec=None), max_size=40)
SCRIPTS = st.text(
    st.sampled_from("AbcXyz -'.,&() ВладимирПутин الأسد 金正恩 김정은 Ωμέγα ğüşİ ̈ \u200b\ufeff"),
    max_size=40,
)
NAMES = st.one_of(
    st.sampled_from(["Vladimir Putin", "Владимир Путин", "Arkady Rotenberg", "ООО Ромашка"]),
    SCRIPTS,
    TEXT,
)
VALUES = st.one_of(NAMES, st.integers(), st.floats(allow_nan=False), st.none(), st.booleans())
OPTIONAL_PROPERTIES = {
    "alias": st.lists(NAMES, max_size=3),
    "firstName": NAMES,
    "lastName": NAMES,
    "birthDate": st.sampled_from(["1952", "1952-10-07", "1952-10", "07.10.1952", "soon", ""]),
    "nationality": st.sampled_from(["ru", "RU", "Russia", "gb", "Atlantis", "", "xk"]),
    "gender": st.sampled_from(["male", "female", "f", "other", "x"]),
    "passportNumber": st.lists(TEXT, max_size=2),
    "innCode": st.from_regex(r"\A[0-9 -]{0,14}\Z"),
    "topics": st.lists(st.sampled_from(["sanction", "crime", "x"]), max_size=2),
}
# One bad example refuses the whole request, so odd values are kept rarer than good ones.
EXAMPLES = st.fixed_dictionaries(
    {
        "schema": st.sampled_from(["Person"] * 4 + ["Company", "Organization", "LegalEntity"])
        | st.sampled_from(["Thing", "Vessel", "Airplane", "Sanction", "Address", "Dragon", ""]),
        "properties": st.tuples(
            st.fixed_dictionaries(
                {"name": st.lists(NAMES, min_size=1, max_size=3) | NAMES | st.lists(VALUES)},
                optional=OPTIONAL_PROPERTIES,
            ),
            st.dictionaries(TEXT, NAMES | st.lists(NAMES), max_size=2),  # unknown properties
        ).map(lambda parts: {**parts[1], **parts[0]}),
    }
)
MATCH_PARAMS: st.SearchStrategy[dict[str, Any]] = st.just({}) | st.fixed_dictionaries(
    {},
    optional={
        "limit": st.integers(1, 500) | st.integers(-5, 600),
        "threshold": st.floats(0, 1) | st.sampled_from([-1, 2, "nan", "inf", "x"]),
        "cutoff": st.floats(0, 1) | st.sampled_from([-0.1, 1.5]),
        "algorithm": st.sampled_from(["best", "logic-v2", "kleptrace-v1", "Best ", "magic"]),
        "include_dataset": st.lists(st.sampled_from(["gb", "us_ofac_sdn", "ru", "nowhere"])),
        "exclude_dataset": st.lists(st.sampled_from(["gb_fcdo", "eu_journal", ""]), max_size=2),
        "exclude_schema": st.lists(st.sampled_from(["Person", "Vessel", "x"]), max_size=2),
        "topics": st.lists(st.sampled_from(["sanction", "crime", "x"]), max_size=2),
        "exclude_entity_ids": st.lists(TEXT, max_size=3),
        "changed_since": st.sampled_from(["2024-01-01", "2024-01-01T10:00", "yesterday"]),
    },
)


LONE_SURROGATE = "\ud800"
SURROGATE_CASES = [  # valid JSON; a name is parsed, a key and an identifier are echoed back
    {"q": {"schema": "Person", "properties": {"name": [f"{LONE_SURROGATE} Putin"]}}},
    {LONE_SURROGATE: {"schema": "Person", "properties": {"name": ["Putin"]}}},
    {"q": {"schema": "Person", "properties": {"name": ["Putin"], "innCode": [LONE_SURROGATE]}}},
]


@FUZZ
@example(queries=SURROGATE_CASES[0], params={}, dataset="default")
@example(queries=SURROGATE_CASES[1], params={}, dataset="default")
@example(queries=SURROGATE_CASES[2], params={}, dataset="default")
@given(
    queries=st.dictionaries(TEXT, EXAMPLES, min_size=1, max_size=2),
    params=MATCH_PARAMS,
    dataset=st.sampled_from(["default"] * 3 + ["sanctions", "gb_hmt_ofsi", "eu_journal", "x y"]),
)
def _match_bodies(
    client: httpx.Client,
    queries: dict[str, Any],
    params: dict[str, Any],
    dataset: str,
) -> None:
    body = json.dumps({"queries": queries})  # ensure_ascii: lone surrogates become escapes
    response = client.post(
        f"/match/{dataset}",
        content=body,
        params=params,
        headers={"content-type": "application/json"},
    )
    problem = _problem(response.status_code, response.text)
    request = f"POST {response.request.url}\n{body}"
    assert problem is None, f"{problem}:\n{request}\n{response.text[:2000]}"


def test_match_bodies_near_real_ones(live_server: LiveServer, fuzz_key: str) -> None:
    """Generated examples look like yente's, so most get past validation into screening."""
    with _client(live_server, fuzz_key) as client:
        _match_bodies(client)


HEADERS = st.lists(st.sampled_from(["id", "dob", "country", "schema", "x", ""]), max_size=3).map(
    lambda columns: ["name", *columns]
)
CSV_CELL = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
CSV_BODIES = st.tuples(HEADERS, st.lists(st.lists(CSV_CELL, max_size=5), max_size=8)).map(
    lambda table: "\n".join(",".join(row) for row in [table[0], *table[1]]).encode("utf-8")
)
JSONL_BODIES = st.lists(
    st.dictionaries(
        st.sampled_from(["id", "name", "dob", "country", "schema", "x"]),
        st.one_of(NAMES, st.integers(), st.none(), st.lists(CSV_CELL, max_size=3)),
        max_size=5,
    ).map(lambda row: {"name": "Vladimir Putin", **row}),
    max_size=6,
).map(lambda rows: b"\n".join(json.dumps(row).encode() for row in rows))
RAW_BODIES = st.binary(max_size=300)


@FUZZ
@given(
    body=st.one_of(
        CSV_BODIES.map(lambda b: ("text/csv", b)),
        JSONL_BODIES.map(lambda b: ("application/x-ndjson", b)),
        RAW_BODIES.map(lambda b: ("text/csv", b)),
        RAW_BODIES.map(lambda b: ("application/x-ndjson", b)),
    )
)
def _batch_bodies(client: httpx.Client, body: tuple[str, bytes]) -> None:
    kind, content = body
    response = client.post("/screen/batch", content=content, headers={"content-type": kind})
    problem = _problem(response.status_code, response.text)
    assert problem is None, f"{problem}: POST /screen/batch {kind} {content!r}\n{response.text}"
    if response.status_code == 200:
        last = response.text.splitlines()[-1]
        assert '"summary"' in last and '"error"' not in last, f"{content!r}\n{response.text}"


def test_batch_bodies_never_break_the_stream(live_server: LiveServer, fuzz_key: str) -> None:
    """The OpenAPI description has no body for /screen/batch, so its files are fuzzed here."""
    with _client(live_server, fuzz_key) as client:
        _batch_bodies(client)
