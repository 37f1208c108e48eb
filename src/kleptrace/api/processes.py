"""Several server processes on one port, each accepting on a socket of its own.

uvicorn's `--workers` shares one listening socket among its processes, and the
process that wakes first accepts every connection waiting. A client opening its
pool of keep-alive connections at once (8 connections, measured) lands all of
them on one process while the others idle, so latency doubles with a core to
spare. Here each process binds its own socket with SO_REUSEPORT and the kernel
spreads new connections across them by address hash.

Each process loads the lists before it listens, so none is offered a connection
it cannot answer. A process that dies after serving is started again; one that
dies while starting stops the server, since the next would fail the same way.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import threading
import time
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from multiprocessing.synchronize import Event as EventType
from typing import Any

import uvicorn

from kleptrace.workers import die_with_parent

log = logging.getLogger("uvicorn.error")

STOP_SECONDS = 30.0
ALL_READY = "kleptrace: all"
"""Starts the log line saying every process listens (load benchmarks wait for it)."""


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to host:port that other processes of ours may bind too."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def serve_one(options: dict[str, Any], ready: EventType, parent_pid: int) -> None:
    """One server process: load the app (the lists), then listen on its own socket;
    `ready` is set once it accepts connections. It ends if `kleptrace serve` is killed."""
    die_with_parent(parent_pid)
    config = uvicorn.Config(**options)
    config.configure_logging()
    server = uvicorn.Server(config)

    def signal_ready() -> None:
        while not (server.started or server.should_exit):
            time.sleep(0.1)
        if server.started:
            ready.set()

    threading.Thread(target=signal_ready, daemon=True).start()
    server.run(sockets=[listening_socket(config.host, config.port)])


@dataclass
class _Member:
    process: BaseProcess
    ready: EventType


class ProcessGroup:
    """Starts `workers` copies of `serve_one`, starts again one that dies after it
    served, and stops them all on SIGINT or SIGTERM or when one dies while starting."""

    def __init__(self, options: dict[str, Any], workers: int) -> None:
        self.options = options
        self.workers = workers
        self._context = multiprocessing.get_context("spawn")
        self._stop = threading.Event()

    def run(self) -> int:
        """Serve until stopped: 0, or 1 when a process could not start."""
        uvicorn.Config(**self.options).configure_logging()  # this process logs too
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: self._stop.set())
        members = [self._start(n) for n in range(self.workers)]
        failure = None
        announced = False
        while failure is None and not self._stop.wait(0.5):
            if not announced and all(member.ready.is_set() for member in members):
                log.info("%s %d server processes ready", ALL_READY, self.workers)
                announced = True
            for n, member in enumerate(members):
                if member.process.is_alive():
                    continue
                code = member.process.exitcode
                if not member.ready.is_set():
                    failure = f"server process {n} exited with code {code} while starting"
                    break
                log.warning("server process %d exited with code %s; starting another", n, code)
                members[n] = self._start(n)
        self._stop_all(members)
        if failure:
            log.error("%s; stopped the others", failure)
            return 1
        return 0

    def _start(self, n: int) -> _Member:
        ready = self._context.Event()
        process = self._context.Process(
            target=serve_one, args=(self.options, ready, os.getpid()), name=f"kleptrace-serve-{n}"
        )
        process.start()
        return _Member(process, ready)

    @staticmethod
    def _stop_all(members: list[_Member]) -> None:
        """SIGTERM (uvicorn finishes the requests in flight), then SIGKILL after a grace period."""
        for member in members:
            if member.process.is_alive():
                member.process.terminate()
        deadline = time.monotonic() + STOP_SECONDS
        for member in members:
            member.process.join(max(0.0, deadline - time.monotonic()))
            if member.process.is_alive():
                member.process.kill()
                member.process.join()
