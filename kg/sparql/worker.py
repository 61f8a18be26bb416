"""A query worker process: `python -m kg.sparql.worker FD`, started by `kg.sparql.workers`.

It puts up its walls before it reads the graph: it dies with the process that started it
(Linux's parent-death signal), may open no network socket (`kg.sparql.sandbox`, unless
`--allow-service` asked for the network), and runs under a memory limit (RLIMIT_DATA). Then
it opens the graph's store read-only, or loads the graph into memory, again when a build
replaced it, and answers one request at a time over the socket it was given
(`kg.sparql.answer`). Started with `python -m`, not multiprocessing, so that no caller's
`__main__` (a script, a notebook) is imported again in the worker.
"""

from __future__ import annotations

import os
import resource
import signal
import socket
import sys
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from pyoxigraph import Store

from kg.errors import KgError
from kg.graph.store import POINTER, matching_store, open_store

from .answer import answer
from .sandbox import die_with_parent, forbid_network

SETTLE_SECONDS = 2.0   # a build writes graph.ttl a moment before store.json names its store
FILE_MARGIN = 16_000_000  # room for more of the store's files to be read into memory


@dataclass(frozen=True)
class Walls:
    """What a worker may do, and the graph it answers from."""
    graph_path: str
    max_bytes: int = 20_000_000       # the largest serialized answer
    in_memory: bool = False           # a private copy in memory (kg serve --memory, kg query --allow-update)
    max_memory: int | None = None     # bytes of data memory
    network: bool = False             # kg query --allow-service: SERVICE may fetch URLs


def serve(connection: Connection) -> None:
    """A worker's life: its walls, the graph, then requests until the socket closes."""
    walls, parent = connection.recv()
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the caller; it stops the workers
    if not walls.network:
        forbid_network()
    if walls.max_memory:
        limit_memory(walls.max_memory)
    graph = Graph(Path(walls.graph_path), walls.in_memory)
    try:
        graph.open()
    except KgError as problem:
        connection.send(str(problem))
        return
    if walls.max_memory:
        limit_memory(walls.max_memory - mapped_files() - FILE_MARGIN)
    connection.send("ready")
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(answer(graph.current(), request, walls.max_bytes, allow_service=walls.network))


def limit_memory(max_data: int) -> None:
    """Cap the worker's data memory (heap and anonymous mappings, not the files it maps):
    Oxigraph's allocations past it fail and it aborts, with a line on stderr that is
    dropped here unless KG_DEBUG is set (the caller answers with the limit instead)."""
    max_data = max(max_data, 1)
    resource.setrlimit(resource.RLIMIT_DATA, (max_data, max_data))
    if not os.environ.get("KG_DEBUG"):
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 2)
        os.close(quiet)


def mapped_files() -> int:
    """Bytes of files (Python, libraries, the store) resident in this process: they count in
    its RSS but not against RLIMIT_DATA, so the data limit leaves room for them."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return 0
    return sum(int(line.split()[1]) * 1024 for line in status.splitlines()
               if line.startswith(("RssFile:", "RssShmem:")))


class Graph:
    """The graph a worker answers from, opened again when a build replaced it (`kg build
    --watch` beside `kg serve`): graph.ttl's size and time, and the store `store.json`
    names, are looked at before each query."""

    def __init__(self, path: Path, in_memory: bool = False):
        self.path, self.in_memory = path, in_memory
        self.store: Store | None = None
        self.seen: tuple[int, int, bytes] | None = None

    def open(self) -> Store:
        seen = self._signature()
        self.store, self.seen = open_store(self.path, self.in_memory), seen
        return self.store

    def current(self) -> Store:
        if self._signature() != self.seen:
            if not self.in_memory:
                self._await_store()
            try:
                return self.open()
            except KgError:
                pass  # removed meanwhile: the graph opened before still answers
        assert self.store is not None
        return self.store

    def _await_store(self) -> None:
        """Wait the moment between a build writing graph.ttl and naming the store built from
        it, rather than load the whole Turtle into memory for one query; a graph.ttl with no
        store.json beside it (not written by `kg build`) is loaded at once."""
        deadline = time.monotonic() + SETTLE_SECONDS
        while (self.path.parent / POINTER).is_file() and time.monotonic() < deadline:
            try:
                if matching_store(self.path) is not None:
                    return
            except OSError:
                pass  # graph.ttl being replaced
            time.sleep(0.05)

    def _signature(self) -> tuple[int, int, bytes] | None:
        try:
            stat = self.path.stat()
        except OSError:
            return None
        try:
            pointer = (self.path.parent / POINTER).read_bytes()
        except OSError:
            pointer = b""  # no store: the Turtle is loaded
        return stat.st_mtime_ns, stat.st_size, pointer


def main() -> None:
    sock = socket.socket(fileno=int(sys.argv[1]))
    serve(Connection(sock.detach()))


if __name__ == "__main__":
    main()
