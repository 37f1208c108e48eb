"""HTTP API load benchmark: `kleptrace serve` on loopback, measured from this process.

Scenario: a yente client screening one party per request (`POST /match/default`) at
concurrency 1, 8 and 32, then a bank's nightly file (`POST /screen/batch`, 100,000
synthetic customers as CSV) streamed through the server and, for comparison, through
`screen_stream` in this process on the same number of worker processes. The server is
started here on a free 127.0.0.1 port (with a read key made beside the store and
revoked afterwards, or `--no-auth`) and stopped at the end; nothing else is contacted.
The load generator shares the machine's cores with the server, so on a small machine
the figures are a floor. Targets (issue): /match p95 < 25 ms at concurrency 8, no
errors at 32; batch >= 80% of in-process throughput.

With `--fairness`, the server runs at a real rate limit (`--fair-rate`, requests a
minute per key) and, after the runs above, measures what a heavy client does to the
others (issue 15): 8 light clients, each with a key of its own, send one-name queries,
first alone, then while 4 connections of a heavy client send, again and again, 100
queries of three random 999-character CJK names (0.9 MB, 300,000 name tokens).
Target: the light clients' p95 at most 2x what it is without the heavy client.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import os
import platform
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.evaluation.customers import synthetic_customers  # noqa: E402
from kleptrace.api.keys import KeyStore, keys_path  # noqa: E402
from kleptrace.api.processes import ALL_READY  # noqa: E402
from kleptrace.files.reading import BadRow, ColumnMap, read_queries  # noqa: E402
from kleptrace.screen import DEFAULT_LIMIT, DEFAULT_THRESHOLD, Screener  # noqa: E402
from kleptrace.screen.batch import screen_stream  # noqa: E402
from kleptrace.settings import Settings  # noqa: E402
from kleptrace.store import connect  # noqa: E402

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
GENERATOR_NICENESS = 10
RESULTS = REPO / "benchmarks" / "results" / "api_load.md"
P95_TARGET_MS = 25.0
RATIO_TARGET = 0.8
QUERY_SCHEMATA = ("Person", "Company", "Organization", "LegalEntity")


def commit() -> str:
    """HEAD, marked when src/ has uncommitted changes (the figures are of those)."""
    try:
        head = subprocess.check_output(["git", "rev-parse", "--short", "HEAD"], text=True).strip()
        dirty = subprocess.check_output(["git", "status", "--porcelain", "src"], text=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" with uncommitted changes in src/" if dirty.strip() else "")


def loopback_only(url: str) -> str:
    """The URL without a trailing slash; refuses anything but this machine's loopback."""
    host = urlsplit(url).hostname
    if urlsplit(url).scheme not in ("http", "https") or host not in LOOPBACK:
        raise SystemExit(f"refusing {url!r}: this benchmark only talks to 127.0.0.1/localhost")
    return url.rstrip("/")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- the server -------------------------------------------------------------------------


@dataclass
class Server:
    """A `kleptrace serve` process started (and stopped) by this benchmark."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path
    key: str | None
    key_id: str | None
    db: Path
    workers: int
    made_key_file: bool = False

    def stop(self) -> None:
        """Stop the server; drop the key file if this run made it, else revoke the key."""
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.made_key_file:
            keys_path(self.db).unlink(missing_ok=True)
        elif self.key_id:
            KeyStore(keys_path(self.db)).revoke(self.key_id)


def start_server(
    db: Path,
    workers: int,
    batch_workers: int,
    auth: bool,
    log_dir: Path,
    rate_limit: int = 100_000_000,
) -> Server:
    """Serve `db` on a free loopback port and wait for /readyz; by default with no rate
    limit to speak of, to measure the server, not its limiter."""
    exe = Path(sys.executable).with_name("kleptrace")
    command = [str(exe) if exe.exists() else shutil.which("kleptrace") or "kleptrace", "serve"]
    port = free_port()
    command += ["--host", "127.0.0.1", "--port", str(port), "--db", str(db)]
    command += ["--workers", str(workers), "--batch-workers", str(batch_workers)]
    command += ["--rate-limit", str(rate_limit)]
    key = key_id = None
    made_key_file = auth and not keys_path(db).exists()
    if auth:
        record, key = KeyStore(keys_path(db)).create("api-load-benchmark", {"read"})
        key_id = record.key_id
    else:
        command.append("--no-auth")
    log = log_dir / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    server = Server(url, process, log, key, key_id, db, workers, made_key_file)
    try:
        wait_ready(server)
    except BaseException:
        server.stop()
        raise
    return server


def wait_ready(server: Server, timeout: float = 600.0) -> None:
    deadline = time.monotonic() + timeout
    with httpx.Client(base_url=server.url, timeout=5) as client:
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                raise SystemExit(f"server exited:\n{server.log.read_text()[-3000:]}")
            try:
                # with several processes, /readyz answers as soon as one has loaded the lists
                if client.get("/readyz").status_code == 200 and all_processes_ready(server):
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.25)
    raise SystemExit(f"server not ready in {timeout:.0f} s:\n{server.log.read_text()[-3000:]}")


def all_processes_ready(server: Server) -> bool:
    """True when every server process listens: a process still loading the lists would
    take a core from those being measured."""
    if server.workers == 1:
        return True
    return ALL_READY in server.log.read_text(errors="replace")


# --- queries ----------------------------------------------------------------------------


def list_names(db: Path, n: int, seed: int) -> list[tuple[str, str]]:
    """(schema, name) of n named parties on the lists, drawn reproducibly."""
    con = connect(db, read_only=True)
    try:
        rows = con.execute(
            "SELECT DISTINCT schema, value FROM current_statements "
            "WHERE prop = 'name' AND list_contains(?, schema) ORDER BY schema, value",
            [list(QUERY_SCHEMATA)],
        ).fetchall()
    finally:
        con.close()
    return random.Random(seed).sample([(s, v) for s, v in rows], min(n, len(rows)))


def match_bodies(db: Path, n: int, seed: int) -> list[bytes]:
    """Half listed names (hits, so result bodies are full), half customers (mostly misses)."""
    listed = list_names(db, n // 2, seed)
    customers = [
        (c["query"]["schema"], c["query"]["names"][0])
        for c in synthetic_customers(n - len(listed), seed)
    ]
    mixed = listed + customers
    random.Random(seed).shuffle(mixed)
    return [
        orjson.dumps({"queries": {"q": {"schema": schema, "properties": {"name": [name]}}}})
        for schema, name in mixed
    ]


def customer_csv(n: int, seed: int, with_schema: bool) -> bytes:
    """id,name (screened as LegalEntity, the batch default), or id,name,schema."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "name", "schema"] if with_schema else ["id", "name"])
    for customer in synthetic_customers(n, seed):
        row = [customer["case"], customer["query"]["names"][0]]
        writer.writerow([*row, customer["query"]["schema"]] if with_schema else row)
    return out.getvalue().encode("utf-8")


# --- /match under concurrency -------------------------------------------------------------


@dataclass
class LoadResult:
    concurrency: int
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]
    statuses: dict[str, int]

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


class Connection:
    """One keep-alive HTTP/1.1 connection speaking just enough of the protocol.

    The load generator shares the machine's two cores with the server, so it must
    cost far less per request than the server does: httpx's async client spends
    about a millisecond of CPU per request, this a few tens of microseconds (as
    wrk would, but from Python and with real bodies).
    """

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, url: str) -> Connection:
        parts = urlsplit(url)
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        return cls(reader, writer)

    async def post(self, head: bytes, body: bytes) -> int:
        """Send one request, read the whole response; its status code."""
        self.writer.write(head + str(len(body)).encode() + b"\r\n\r\n" + body)
        status_line = await self.reader.readline()
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        await self.reader.readexactly(length)
        return int(status_line.split()[1])

    def close(self) -> None:
        self.writer.close()


def request_head(url: str, headers: dict[str, str]) -> bytes:
    """A `POST /match/default` head up to the Content-Length value."""
    lines = ["POST /match/default HTTP/1.1", f"Host: {urlsplit(url).netloc}"]
    lines += ["Content-Type: application/json"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\nContent-Length: ").encode()


async def match_load(
    url: str,
    headers: dict[str, str] | list[dict[str, str]],
    bodies: list[bytes],
    concurrency: int,
    n: int,
    seconds: float,
) -> LoadResult:
    """n requests (fewer if `seconds` runs out) from `concurrency` clients on their own
    keep-alive connections; latency is send to last byte, as a caller sees it. A list
    of headers gives each client its own (a key each), in turn."""
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    issued = 0
    deadline = time.perf_counter() + seconds
    per_client = headers if isinstance(headers, list) else [headers]
    heads = [request_head(url, h) for h in per_client]

    async def worker(number: int) -> None:
        nonlocal issued
        head = heads[number % len(heads)]
        connection = await Connection.open(url)
        try:
            while issued < n and time.perf_counter() < deadline:
                body = bodies[issued % len(bodies)]
                issued += 1
                started = time.perf_counter()
                try:
                    status = str(await connection.post(head, body))
                except (OSError, asyncio.IncompleteReadError, ValueError) as error:
                    status = type(error).__name__
                    connection.close()
                    connection = await Connection.open(url)
                latencies.append((time.perf_counter() - started) * 1000)
                statuses[status] = statuses.get(status, 0) + 1
        finally:
            connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker(number) for number in range(concurrency)))
    elapsed = time.perf_counter() - started
    errors = sum(count for status, count in statuses.items() if status != "200")
    return LoadResult(concurrency, len(latencies), errors, elapsed, latencies, statuses)


def first_request_ms(url: str, headers: dict[str, str]) -> float:
    """The first person query after /readyz: lazy start-up costs land on whoever sends it."""
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["John Smith"]}}}}
    started = time.perf_counter()
    with httpx.Client(base_url=url, headers=headers, timeout=120) as client:
        client.post("/match/default", json=body).raise_for_status()
    return (time.perf_counter() - started) * 1000


# --- batch: API against in-process ---------------------------------------------------------


@dataclass
class BatchResult:
    rows: int
    hits: int
    bad: int
    seconds: float
    first_line_s: float | None = None

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def api_batch(url: str, headers: dict[str, str], body: bytes, timeout: float) -> BatchResult:
    """POST the file and read the JSON lines as they stream; the summary line ends it."""
    summary: dict[str, Any] | None = None
    first: float | None = None
    request_headers = {**headers, "content-type": "text/csv"}
    started = time.perf_counter()
    with (
        httpx.Client(base_url=url, headers=request_headers, timeout=timeout) as client,
        client.stream("POST", "/screen/batch", content=body) as response,
    ):
        if response.status_code != 200:
            raise SystemExit(f"/screen/batch answered {response.status_code}: {response.read()!r}")
        for line in response.iter_lines():
            if first is None:
                first = time.perf_counter() - started
            record = orjson.loads(line)
            if "error" in record:
                raise SystemExit(f"/screen/batch failed mid-stream: {record}")
            summary = record.get("summary", summary)
    elapsed = time.perf_counter() - started
    if summary is None:
        raise SystemExit("/screen/batch ended without a summary line")
    return BatchResult(summary["rows"], summary["hits"], summary["bad"], elapsed, first)


def in_process_batch(db: Path, body: bytes, workers: int) -> BatchResult:
    """The same file through `read_queries` and `screen_stream`, as `screen-file` does it."""
    with tempfile.NamedTemporaryFile(suffix=".csv") as spooled:
        spooled.write(body)
        spooled.flush()
        screener = Screener.open(db)  # loaded before timing, as the server's is
        started = time.perf_counter()
        counts = {"rows": 0, "bad": 0, "hits": 0}

        def queries() -> Iterator[Any]:
            for row in read_queries(Path(spooled.name), ColumnMap(), default_schema="LegalEntity"):
                counts["rows"] += 1
                if isinstance(row, BadRow):
                    counts["bad"] += 1
                else:
                    yield row

        stream = screen_stream(
            screener, db, queries(), DEFAULT_THRESHOLD, DEFAULT_LIMIT, workers=workers
        )
        for _, matches in stream:
            counts["hits"] += len(matches)
        elapsed = time.perf_counter() - started
    return BatchResult(counts["rows"], counts["hits"], counts["bad"], elapsed)


# --- fairness: a heavy client against light ones ------------------------------------------


HEAVY_CONNECTIONS = 4
LIGHT_CONCURRENCY = 8
FAIRNESS_TARGET = 2.0


def heavy_body(seed: int) -> bytes:
    """100 queries of three random 999-character CJK names, UTF-8 (0.9 MB)."""
    rng = random.Random(seed)

    def name() -> str:
        return "".join(chr(rng.randint(0x4E00, 0x9FFF)) for _ in range(999))

    queries = {
        f"q{n}": {"schema": "Person", "properties": {"name": [name(), name(), name()]}}
        for n in range(100)
    }
    return orjson.dumps({"queries": queries})


async def heavy_client(
    url: str, headers: dict[str, str], body: bytes, stop: asyncio.Event
) -> dict[str, int]:
    """HEAVY_CONNECTIONS connections sending `body` back to back until `stop`; statuses."""
    head = request_head(url, headers)
    statuses: dict[str, int] = {}

    async def connection_loop() -> None:
        connection = await Connection.open(url)
        try:
            while not stop.is_set():
                try:
                    status = str(await connection.post(head, body))
                except (OSError, asyncio.IncompleteReadError, ValueError) as error:
                    status = type(error).__name__  # the server may close after an early answer
                    connection.close()
                    connection = await Connection.open(url)
                statuses[status] = statuses.get(status, 0) + 1
        finally:
            connection.close()

    await asyncio.gather(*(connection_loop() for _ in range(HEAVY_CONNECTIONS)))
    return statuses


@dataclass
class Fairness:
    alone: LoadResult
    beside_heavy: LoadResult
    heavy_statuses: dict[str, int]
    rate: int

    @property
    def ratio(self) -> float:
        return self.beside_heavy.percentile(95) / self.alone.percentile(95)


async def light_beside_heavy(
    url: str,
    light: list[dict[str, str]],
    heavy: dict[str, str],
    bodies: list[bytes],
    n: int,
    seconds: float,
    seed: int,
) -> tuple[LoadResult, dict[str, int]]:
    stop = asyncio.Event()
    heavy_task = asyncio.create_task(heavy_client(url, heavy, heavy_body(seed), stop))
    await asyncio.sleep(1.0)  # the heavy client is at it before the light ones start
    result = await match_load(url, light, bodies, LIGHT_CONCURRENCY, n, seconds)
    stop.set()
    return result, await heavy_task


def fairness(args: argparse.Namespace, url: str, db: Path, bodies: list[bytes]) -> Fairness:
    """Light clients' latency alone and beside the heavy client, each with a key of its
    own (made here; the server rereads its key file), the server at `--fair-rate`."""
    keys = KeyStore(keys_path(db))
    made = [keys.create(f"api-load-light-{n}", {"read"}) for n in range(LIGHT_CONCURRENCY)]
    made.append(keys.create("api-load-heavy", {"read"}))
    light = [{"Authorization": f"ApiKey {secret}"} for _, secret in made[:-1]]
    heavy = {"Authorization": f"ApiKey {made[-1][1]}"}
    try:
        alone = asyncio.run(
            match_load(url, light, bodies, LIGHT_CONCURRENCY, args.requests, args.seconds)
        )
        print(f"light clients alone: p95 {alone.percentile(95):.1f} ms", flush=True)
        beside, statuses = asyncio.run(
            light_beside_heavy(url, light, heavy, bodies, args.requests, args.seconds, args.seed)
        )
        print(
            f"beside the heavy client: p95 {beside.percentile(95):.1f} ms; heavy {statuses}",
            flush=True,
        )
    finally:
        for record, _ in made:
            keys.revoke(record.key_id)
    return Fairness(alone, beside, statuses, args.fair_rate)


# --- report -------------------------------------------------------------------------------


def fairness_report(fair: Fairness) -> list[str]:
    lines = [
        "",
        f"A heavy client beside light ones (server at --rate-limit {fair.rate:,} per key; "
        f"{LIGHT_CONCURRENCY} light clients with a key each, one-name queries; the heavy "
        f"client on {HEAVY_CONNECTIONS} connections sends 100 queries of three random "
        "999-character CJK names, 0.9 MB, back to back):",
        "",
        "| light clients | requests | errors | req/s | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, r in (("alone", fair.alone), ("beside the heavy client", fair.beside_heavy)):
        lines.append(
            f"| {label} | {r.requests:,} | {r.errors} | {r.throughput:,.1f} | "
            f"{r.percentile(50):.1f} | {r.percentile(95):.1f} | {r.percentile(99):.1f} |"
        )
    heavy = ", ".join(
        f"{status}: {count:,}" for status, count in sorted(fair.heavy_statuses.items())
    )
    lines += ["", f"Heavy client's answers: {heavy}."]
    return lines


def report(
    args: argparse.Namespace,
    loads: list[LoadResult],
    api: BatchResult | None,
    local: BatchResult | None,
    setup: dict[str, float],
    fair: Fairness | None = None,
) -> str:
    lines = [
        "# HTTP API load",
        "",
        f"commit {commit()}, python {platform.python_version()}, {os.cpu_count()} cores, "
        f"`kleptrace serve` ({args.server_workers} server "
        f"process{'es' if args.server_workers > 1 else ''}, "
        f"{args.workers} batch workers, "
        f"{'no auth' if args.no_auth else 'API key'}) and the load generator "
        f"(at nice {GENERATOR_NICENESS}) on one machine; "
        f"server ready in {setup['ready']:.1f} s; the first person query after that took "
        f"{setup['first_ms']:,.0f} ms (not in the table: 40 warm-up requests run first).",
        "",
        f"`POST /match/default`, one query per request ({args.requests} requests per level, "
        f"at most {args.seconds:.0f} s; half listed names, half synthetic customers):",
        "",
        "| concurrency | requests | errors | req/s | p50 ms | p95 ms | p99 ms |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in loads:
        lines.append(
            f"| {r.concurrency} | {r.requests:,} | {r.errors} | {r.throughput:,.1f} | "
            f"{r.percentile(50):.1f} | {r.percentile(95):.1f} | {r.percentile(99):.1f} |"
        )
        odd = {k: v for k, v in r.statuses.items() if k != "200"}
        if odd:
            lines.append(f"|  | statuses {odd} | | | | | |")
    if api and local:
        ratio = api.rate / local.rate if local.rate else 0.0
        columns = "id,name,schema" if args.schema_column else "id,name: screened as LegalEntity"
        lines += [
            "",
            f"Batch of {api.rows:,} synthetic customers (CSV {columns}, {args.batch_mb:.1f} MB), "
            f"{args.workers} worker processes each way, worker start-up included both ways:",
            "",
            "| path | rows | hits | bad | seconds | names/s |",
            "|---|---:|---:|---:|---:|---:|",
            f"| `POST /screen/batch` (streamed; first line after {api.first_line_s or 0:.1f} s) | "
            f"{api.rows:,} | {api.hits:,} | {api.bad:,} | {api.seconds:.1f} | {api.rate:,.0f} |",
            f"| in-process `screen_stream` | {local.rows:,} | {local.hits:,} | {local.bad:,} | "
            f"{local.seconds:.1f} | {local.rate:,.0f} |",
            "",
            f"API / in-process: {ratio:.2f}",
        ]
    if fair:
        lines += fairness_report(fair)
    lines += ["", "Targets (issue):", ""]
    by_c = {r.concurrency: r for r in loads}
    if 8 in by_c:
        p95 = by_c[8].percentile(95)
        verdict = "met" if p95 < P95_TARGET_MS else "MISSED"
        lines.append(
            f"- /match p95 < {P95_TARGET_MS:.0f} ms at concurrency 8: {p95:.1f} ms, {verdict}"
        )
    if 32 in by_c:
        errors = by_c[32].errors
        lines.append(
            f"- no errors at concurrency 32: {errors} errors, {'met' if not errors else 'MISSED'}"
        )
    if api and local:
        ratio = api.rate / local.rate if local.rate else 0.0
        verdict = "met" if ratio >= RATIO_TARGET else "MISSED"
        lines.append(f"- batch >= {RATIO_TARGET:.0%} of in-process: {ratio:.0%}, {verdict}")
    if fair:
        verdict = "met" if fair.ratio <= FAIRNESS_TARGET else "MISSED"
        lines.append(
            f"- light clients' p95 beside the heavy client at most {FAIRNESS_TARGET:.0f}x "
            f"alone: {fair.ratio:.2f}x, {verdict}"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--db", type=Path, default=None, help="store (default: KLEPTRACE_DB)")
    parser.add_argument("--requests", type=int, default=2000, help="/match requests per level")
    parser.add_argument("--seconds", type=float, default=60.0, help="time budget per level")
    parser.add_argument("--concurrency", default="1,8,32", help="comma-separated levels")
    parser.add_argument("--batch-rows", type=int, default=100_000, help="0 skips the batch run")
    parser.add_argument("--batch-timeout", type=float, default=900.0, help="seconds")
    parser.add_argument("--workers", type=int, default=2, help="batch worker processes")
    parser.add_argument("--server-workers", type=int, default=2, help="server processes")
    parser.add_argument(
        "--schema-column", action="store_true", help="batch CSV says Person/Company per row"
    )
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--no-auth", action="store_true", help="serve without API keys")
    parser.add_argument(
        "--fairness", action="store_true", help="also measure a heavy client beside light ones"
    )
    parser.add_argument(
        "--fair-rate", type=int, default=60_000, help="--rate-limit of the fairness server"
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    if not 1 <= args.requests <= 100_000 or not 0 < args.seconds <= 600:
        parser.error("--requests must be 1..100000 and --seconds 0..600")
    if not 0 <= args.batch_rows <= 1_000_000:
        parser.error("--batch-rows must be 0..1000000")
    levels = [int(c) for c in args.concurrency.split(",") if c.strip()]
    if not levels or not all(1 <= c <= 256 for c in levels):
        parser.error("--concurrency levels must be 1..256")
    if not 1 <= args.workers <= 16 or not 1 <= args.server_workers <= 16:
        parser.error("--workers and --server-workers must be 1..16")
    db = (args.db or Settings.from_env().db_path).resolve()
    if not db.exists():
        raise SystemExit(f"no store at {db}; run `kleptrace load` first")

    print(f"store {db}; building queries ...", flush=True)
    bodies = match_bodies(db, min(args.requests, 2_000), args.seed)
    body = (
        customer_csv(args.batch_rows, args.seed + 1, args.schema_column) if args.batch_rows else b""
    )
    args.batch_mb = len(body) / 1e6

    loads: list[LoadResult] = []
    api = local = None
    fair: Fairness | None = None
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        rate = args.fair_rate if args.fairness else 100_000_000  # else measure the server only
        auth = args.fairness or not args.no_auth
        server = start_server(db, args.server_workers, args.workers, auth, Path(tmp), rate)
        setup = {"ready": time.perf_counter() - started}
        try:
            url = loopback_only(server.url)
            headers = {"Authorization": f"ApiKey {server.key}"} if server.key else {}
            print(f"server ready at {url} in {setup['ready']:.1f} s", flush=True)
            setup["first_ms"] = first_request_ms(url, headers)
            # The server would have its cores to itself in production; here the load
            # generator yields to it whenever both want a core.
            os.nice(GENERATOR_NICENESS)
            asyncio.run(match_load(url, headers, bodies, 4, 40, 30))  # warm caches and threads
            for level in levels:
                result = asyncio.run(
                    match_load(url, headers, bodies, level, args.requests, args.seconds)
                )
                loads.append(result)
                print(
                    f"concurrency {level}: {result.requests} requests, {result.errors} errors, "
                    f"{result.throughput:.1f} req/s, p95 {result.percentile(95):.1f} ms",
                    flush=True,
                )
            if body:
                api = api_batch(url, headers, body, args.batch_timeout)
                print(f"API batch: {api.rows:,} rows in {api.seconds:.1f} s", flush=True)
            if args.fairness:
                fair = fairness(args, url, db, bodies)
        finally:
            server.stop()
    if body:
        local = in_process_batch(db, body, args.workers)
        print(f"in-process batch: {local.rows:,} rows in {local.seconds:.1f} s", flush=True)
    text = report(args, loads, api, local, setup, fair)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    print()
    print(text)
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
