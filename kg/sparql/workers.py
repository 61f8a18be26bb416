"""SPARQL in worker processes, so that a query past its time limit can be stopped.

pyoxigraph cannot interrupt a running query (oxigraph issue #1926 asks for a Python
timeout; the advice there is a process that is killed), so `kg serve` runs each query
in one of a few worker processes. A worker opens the graph's store read-only, or loads
the graph into memory (`kg serve --memory`), again when a build replaced it; it answers
one query at a time, and writes the results in the format asked for, up to a size limit.
A worker still busy at the time limit is killed and replaced. Each worker runs under a
memory limit (the kernel's RLIMIT_DATA): an allocation past it fails, Oxigraph aborts, and the
query is answered 507 while a new worker starts. A worker may open no network socket
(`kg.sparql.sandbox`), so no query makes it fetch a URL.

>>> from kg.sparql.workers import Request, answer_query
>>> from pyoxigraph import Store
>>> answer_query(Store(), Request("ASK { ?s ?p ?o }"), max_bytes=1000).body
b'{"head":{},"boolean":false}'
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import re
import resource
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode, QueryResultsFormat, QueryTriples, RdfFormat, Store

from kg.errors import KgError
from kg.graph.store import POINTER, matching_store, open_store
from kg.graph.vocab import PREFIX_IRIS
from kg.text import shorten

from .sandbox import forbid_network
from .screen import query_graphs

STARTUP_SECONDS = 120  # opening a store is quick; loading a large Turtle file is not
SETTLE_SECONDS = 2.0   # a build writes graph.ttl a moment before store.json names its store
MAX_MESSAGE = 300
FILE_MARGIN = 16_000_000  # room for more of the store's files to be read into memory
UNKNOWN_FUNCTION = re.compile(r"custom function .* is not supported")


@dataclass(frozen=True)
class Request:
    """One SPARQL query and what the client asked for (format names of pyoxigraph's enums)."""
    query: str
    results_format: str = "JSON"      # a QueryResultsFormat name, for SELECT and ASK
    graph_format: str = "TURTLE"      # an RdfFormat name, for CONSTRUCT and DESCRIBE
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    status: int
    media_type: str
    body: bytes = field(repr=False)
    stopped: bool = False       # the worker was stopped at a limit (time or memory)
    retry_after: int = 0        # seconds to tell the client to wait (a Retry-After header)

    @property
    def ok(self) -> bool:
        return self.status == 200


def error(status: int, message: str, stopped: bool = False, retry_after: int = 0) -> Answer:
    return Answer(status, "text/plain; charset=utf-8", (shorten(message, MAX_MESSAGE) + "\n").encode("utf-8"),
                  stopped, retry_after)


def default_memory_mb(workers: int) -> int:
    """Half the machine's memory shared by the workers: two runaway queries cannot take it all."""
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return max(256, total // 2 // max(1, workers) // 1_000_000)


def memory_message(max_memory: int) -> str:
    return (f"the query needed more memory than the limit of {max_memory / 1_000_000:g} MB per worker "
            "(the server's --max-memory-mb); narrow it or add LIMIT")


class TooLarge(Exception):
    pass


class CappedBuffer:
    """A binary writer that refuses to grow past `limit` bytes (pyoxigraph passes the error on)."""

    def __init__(self, limit: int):
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise TooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def answer_query(store: Store, request: Request, max_bytes: int) -> Answer:
    """Evaluate and serialize one query; every failure becomes an HTTP status and a message."""
    try:
        dataset = _dataset(request)
    except ValueError as problem:
        return error(400, f"a default-graph-uri or named-graph-uri is not an IRI: {problem}")
    try:
        result = store.query(request.query, prefixes=PREFIX_IRIS, **dataset)
        return _serialize(result, request, max_bytes)
    except SyntaxError as problem:
        return error(400, f"malformed SPARQL: {problem}")
    except PermissionError as problem:  # kg.sparql.sandbox: the worker may open no network socket
        return error(403, f"the query tried to reach the network, which query workers may not: {problem}")
    except MemoryError:
        return error(507, "the query needed more memory than this worker's limit (the server's --max-memory-mb)",
                     stopped=True)
    except TooLarge:
        megabytes = max_bytes / 1_000_000
        return error(413, f"the result is larger than {megabytes:g} MB (the server's --max-result-mb);"
                          " add LIMIT and OFFSET to read it in pages")
    except (OSError, RuntimeError, ValueError) as problem:
        if UNKNOWN_FUNCTION.search(str(problem)):
            return error(400, f"malformed SPARQL: {problem}")
        return error(500, f"query failed: {problem}")


def _dataset(request: Request) -> dict:
    """The protocol's default-graph-uri and named-graph-uri; without them the data and the
    ontology, as `kg query` reads them (kg.graph.store.query_graphs)."""
    dataset = {} if request.default_graphs or request.named_graphs else query_graphs(request.query)
    if request.default_graphs:
        dataset["default_graph"] = [NamedNode(iri) for iri in request.default_graphs]
    if request.named_graphs:
        dataset["named_graphs"] = [NamedNode(iri) for iri in request.named_graphs]
    return dataset


def _serialize(result, request: Request, max_bytes: int) -> Answer:
    if isinstance(result, QueryTriples):
        format_ = getattr(RdfFormat, request.graph_format)
    else:
        format_ = getattr(QueryResultsFormat, request.results_format)
    buffer = CappedBuffer(max_bytes)
    result.serialize(buffer, format=format_)
    return Answer(200, _with_charset(format_.media_type), buffer.getvalue())


def _with_charset(media_type: str) -> str:
    textual = media_type.startswith("text/") or media_type.endswith(("json", "xml", "triples"))
    return media_type if "charset" in media_type or not textual else f"{media_type}; charset=utf-8"


# ---------------------------------------------------------------- the worker process

def _work(connection, graph_path: str, max_bytes: int, in_memory: bool, max_memory: int | None) -> None:
    """A worker's life: open the store, say so, then answer queries until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server; it stops the workers
    forbid_network()
    if max_memory:
        _limit_memory(max_memory)
    graph = _Graph(Path(graph_path), in_memory)
    try:
        graph.open()
    except KgError as problem:
        connection.send(str(problem))
        return
    if max_memory:
        _limit_memory(max_memory - _mapped_files() - FILE_MARGIN)
    connection.send("ready")
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(answer_query(graph.current(), request, max_bytes))


def _limit_memory(max_data: int) -> None:
    """Cap the worker's data memory (heap and anonymous mappings, not the files it maps):
    Oxigraph's allocations past it fail and it aborts, with a line on stderr that is
    dropped here unless KG_DEBUG is set (the server answers with the limit instead)."""
    max_data = max(max_data, 1)
    resource.setrlimit(resource.RLIMIT_DATA, (max_data, max_data))
    if not os.environ.get("KG_DEBUG"):
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 2)
        os.close(quiet)


def _mapped_files() -> int:
    """Bytes of files (Python, libraries, the store) resident in this process: they count in
    its RSS but not against RLIMIT_DATA, so the data limit leaves room for them."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return 0
    return sum(int(line.split()[1]) * 1024 for line in status.splitlines()
               if line.startswith(("RssFile:", "RssShmem:")))


class _Graph:
    """The graph a worker answers from, opened again when a build replaced it (`kg build
    --watch` beside `kg serve`): graph.ttl's size and time, and the store `store.json`
    names, are looked at before each query."""

    def __init__(self, path: Path, in_memory: bool = False):
        self.path, self.in_memory, self.store, self.seen = path, in_memory, None, None

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

    def _signature(self) -> tuple | None:
        try:
            stat = self.path.stat()
        except OSError:
            return None
        try:
            pointer = (self.path.parent / POINTER).read_bytes()
        except OSError:
            pointer = b""  # no store: the Turtle is loaded
        return stat.st_mtime_ns, stat.st_size, pointer


class Worker:
    def __init__(self, context, graph_path: Path, max_bytes: int, in_memory: bool = False,
                 max_memory: int | None = None):
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_work, args=(child, str(graph_path), max_bytes, in_memory, max_memory),
                                       name="kg-query-worker", daemon=True)
        self.process.start()
        child.close()

    def wait_ready(self) -> None:
        if not self.connection.poll(STARTUP_SECONDS):
            self.stop()
            raise KgError(f"a query worker did not open the graph within {STARTUP_SECONDS} s")
        try:
            message = self.connection.recv()
        except EOFError:
            message = "a query worker stopped while opening the graph (out of memory? see --max-memory-mb)"
        if message != "ready":
            self.stop()
            raise KgError(message)

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.connection.close()


# ---------------------------------------------------------------- the pool

class QueryPool:
    """A few workers over one graph; `run` blocks a thread until its answer or the time limit."""

    def __init__(self, graph_path: Path, workers: int = 2, time_limit: float = 30.0,
                 max_bytes: int = 20_000_000, in_memory: bool = False, max_memory: int | None = None):
        self.graph_path, self.time_limit, self.max_bytes = graph_path, time_limit, max_bytes
        self.in_memory, self.max_memory = in_memory, max_memory
        self._context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        started = [self._start() for _ in range(max(1, workers))]
        try:
            for worker in started:
                worker.wait_ready()
                self._idle.put(worker)
        except BaseException:
            self.close()
            raise

    def run(self, request: Request) -> Answer:
        try:
            worker = self._idle.get(timeout=self.time_limit)
        except queue.Empty:
            return error(503, f"every query worker stayed busy for {self.time_limit:g} s; try again later")
        try:
            worker.connection.send(request)
            finished = worker.connection.poll(self.time_limit)
            answer = worker.connection.recv() if finished else None
        except (EOFError, OSError):
            return self._died(worker)
        if answer is None:
            self._replace(worker)
            return error(503, f"the query ran past the time limit of {self.time_limit:g} s (the server's --time-limit)",
                         stopped=True)
        self._idle.put(worker)
        return answer

    def _died(self, worker: Worker) -> Answer:
        """A worker gone mid-query: an abort under the memory limit (Oxigraph's allocation
        failed) or the kernel's OOM killer is a 507 naming the limit; anything else a 500."""
        worker.process.join(5)
        code = worker.process.exitcode
        self._replace(worker)
        if self.max_memory and code in (-signal.SIGABRT, -signal.SIGKILL):
            return error(507, memory_message(self.max_memory), stopped=True)
        return error(500, f"the query worker stopped while answering (exit code {code})")

    def alive(self) -> int:
        with self._lock:
            return sum(worker.process.is_alive() for worker in self._all)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.stop()

    def _start(self) -> Worker:
        worker = Worker(self._context, self.graph_path, self.max_bytes, self.in_memory, self.max_memory)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, worker: Worker) -> None:
        """Kill a worker stuck in a query; a new one is started in the background."""
        with self._lock:
            self._all.discard(worker)
        worker.stop()
        threading.Thread(target=self._add_worker, name="kg-query-worker-start", daemon=True).start()

    def _add_worker(self) -> None:
        if self._closed:
            return
        worker = self._start()
        try:
            worker.wait_ready()
        except KgError:
            return  # the graph went away; the remaining workers go on answering
        if self._closed:
            worker.stop()
        else:
            self._idle.put(worker)

    def __enter__(self) -> QueryPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
