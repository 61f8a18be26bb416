"""Query worker processes: every query kg runs, from `kg serve`, `kg query` or the Python
API, runs in one (`kg.sparql.worker`), behind the same walls.

pyoxigraph cannot interrupt a running query (oxigraph issue #1926 asks for a Python
timeout; the advice there is a process that is killed), and a query can make Oxigraph crash
where the screen did not foresee it; so each query runs in a worker process that answers one
query at a time. A worker still busy at the time limit (or cut short by `kg.serve.fair`) is
killed and replaced; one that dies under a query (its memory limit, a crash) is replaced too,
after a pause that doubles with each crash in a minute (`Backoff`), and its answer says the
worker stopped (`stopped`, so that the fair turns refuse the same query for a while). A crash
never takes the caller (the CLI, a notebook's kernel, the server) down with it.

>>> from kg.sparql.workers import Request, answer_query
>>> from pyoxigraph import Store
>>> answer_query(Store(), Request("ASK { ?s ?p ?o }"), max_bytes=1000).body
b'{"head":{},"boolean":false}'
"""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import KgError

from .answer import Answer, Request, answer_query, error
from .worker import Walls

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["Answer", "Backoff", "QueryPool", "Request", "Ticket", "answer_query", "error"]

STARTUP_SECONDS = 120  # opening a store is quick; loading a large Turtle file is not
REPLACEMENT_SECONDS = 10.0   # a worker killed just before is being replaced: worth waiting for
SLICE = 0.05           # how often a waiting run looks whether its turn was cut short
MEMORY_SIGNALS = (-signal.SIGABRT, -signal.SIGKILL)   # an allocation failed; the kernel's OOM killer
PACKAGE_ROOT = Path(__file__).resolve().parents[2]    # where `kg` is imported from, for the workers


def default_memory_mb(workers: int) -> int:
    """Half the machine's memory shared by the workers: two runaway queries cannot take it all."""
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return max(256, total // 2 // max(1, workers) // 1_000_000)


def memory_message(max_memory: int, option: str) -> str:
    return (f"the query needed more memory than the limit of {max_memory / 1_000_000:g} MB per worker "
            f"({option}--max-memory-mb); narrow it or add LIMIT")


class Backoff:
    """How long to wait before replacing a worker that died under a query: not at all after
    one death, then twice as long after each more within `window` seconds, up to `longest`.

    >>> backoff = Backoff(clock=lambda: 0.0)
    >>> [backoff.crashed() for _ in range(4)]
    [0.0, 0.25, 0.5, 1.0]
    """

    def __init__(self, window: float = 60.0, first: float = 0.25, longest: float = 10.0,
                 clock: Callable[[], float] = time.monotonic):
        self.window, self.first, self.longest, self.clock = window, first, longest, clock
        self.deaths: list[float] = []

    def crashed(self) -> float:
        now = self.clock()
        self.deaths = [when for when in self.deaths if now - when < self.window] + [now]
        if len(self.deaths) == 1:
            return 0.0
        return min(self.longest, self.first * 2 ** (len(self.deaths) - 2))


@dataclass
class Ticket:
    """One query's turn on a worker, which the fair turns may cut short (`kg.serve.fair`)."""
    client: str = ""
    started: float | None = None      # when a worker took it
    cut: str | None = None            # why it is to stop before its answer


class _Launcher:
    """Every worker is started from one long-lived thread: Linux sends the parent-death
    signal when the *thread* that started a process ends, and replacements are started from
    short-lived threads."""

    def __init__(self) -> None:
        # each request: how to start a worker's process, and the future it is handed to
        self.requests: queue.Queue[tuple[Callable[[], subprocess.Popen[bytes]], Future[subprocess.Popen[bytes]]]]
        self.requests = queue.Queue()
        threading.Thread(target=self._serve, name="kg-worker-launcher", daemon=True).start()

    def start(self, command: list[str], child: socket.socket) -> subprocess.Popen[bytes]:
        done: Future[subprocess.Popen[bytes]] = Future()
        environment = {**os.environ, "PYTHONPATH": os.pathsep.join(
            [str(PACKAGE_ROOT)] + [path for path in [os.environ.get("PYTHONPATH")] if path])}
        self.requests.put((lambda: subprocess.Popen(command, pass_fds=(child.fileno(),), env=environment,
                                                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL), done))
        return done.result()

    def _serve(self) -> None:
        while True:
            start, done = self.requests.get()
            try:
                done.set_result(start())
            except Exception as problem:  # noqa: BLE001 - handed to the caller, whatever it is
                done.set_exception(problem)


_LAUNCHER: _Launcher | None = None
_LAUNCHER_LOCK = threading.Lock()


def _launcher() -> _Launcher:
    global _LAUNCHER
    with _LAUNCHER_LOCK:
        if _LAUNCHER is None:
            _LAUNCHER = _Launcher()
        return _LAUNCHER


class Worker:
    """The caller's end of one worker process and the socket to it."""

    def __init__(self, walls: Walls):
        ours, child = socket.socketpair()
        try:
            self.process = _launcher().start([sys.executable, "-m", "kg.sparql.worker", str(child.fileno())], child)
        finally:
            child.close()
        self.connection = Connection(ours.detach())
        self.connection.send((walls, os.getpid()))

    @property
    def pid(self) -> int:
        return self.process.pid

    def wait_ready(self) -> None:
        try:
            if not self.connection.poll(STARTUP_SECONDS):
                self.stop()
                raise KgError(f"a query worker did not open the graph within {STARTUP_SECONDS} s")
            message = self.connection.recv()
        except (EOFError, OSError):
            message = "a query worker stopped while opening the graph (out of memory? see --max-memory-mb)"
        if message != "ready":
            self.stop()
            raise KgError(message)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            pass
        self.connection.close()


class QueryPool:
    """A few workers over one graph; `run` blocks a thread until its answer, the time limit,
    or its ticket is cut. A spare worker makes a replacement instant: the caller runs at most
    `workers` queries at once (kg.serve.fair), so a killed worker's place is taken at once
    while a new spare starts."""

    def __init__(self, graph_path: Path, workers: int = 2, time_limit: float = 30.0,
                 max_bytes: int = 20_000_000, in_memory: bool = False, max_memory: int | None = None,
                 network: bool = False, option: str = "the server's ", wait: bool = True, spare: int = 0):
        self.walls = Walls(str(graph_path), max_bytes, in_memory, max_memory, network)
        self.time_limit, self.max_memory, self.option = time_limit, max_memory, option
        self.backoff = Backoff()
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.workers = max(1, workers)   # queries at once; `spare` more workers wait ready to replace one
        self._starting = [self._start() for _ in range(self.workers + spare)]
        if wait:
            self.ready()

    @property
    def graph_path(self) -> Path:
        return Path(self.walls.graph_path)

    def ready(self) -> None:
        """Wait for the first workers to open the graph; a graph they cannot open is a KgError."""
        starting, self._starting = self._starting, []
        try:
            for worker in starting:
                worker.wait_ready()
                self._idle.put(worker)
        except BaseException:
            self.close()
            raise

    def run(self, request: Request, ticket: Ticket | None = None) -> Answer:
        if self._starting:
            self.ready()
        worker = self._take()
        if worker is None:
            if self._closed:
                return error(503, "the query workers are stopping")
            return error(503, f"every query worker stayed busy for {self.time_limit:g} s; try again later")
        ticket = ticket or Ticket()
        ticket.started = time.monotonic()
        try:
            worker.connection.send(request)
            answer = self._await(worker, ticket)
        except (EOFError, OSError):
            return self._died(worker)
        if answer is not None:
            self._idle.put(worker)
            return answer
        self._replace(worker)
        if ticket.cut:
            return error(503, ticket.cut, stopped=True)
        return error(503, f"the query ran past the time limit of {self.time_limit:g} s ({self.option}--time-limit)",
                     stopped=True)

    def _take(self) -> Worker | None:
        """An idle worker; None when none came in time (a replacement is worth waiting for)
        or the pool is closing."""
        deadline = time.monotonic() + self.time_limit + REPLACEMENT_SECONDS
        while not self._closed and time.monotonic() < deadline:
            try:
                return self._idle.get(timeout=min(SLICE * 10, max(0.0, deadline - time.monotonic())))
            except queue.Empty:
                pass
        return None

    def _await(self, worker: Worker, ticket: Ticket) -> Answer | None:
        """The worker's answer; None at the time limit or when the ticket is cut."""
        deadline = time.monotonic() + self.time_limit
        while not ticket.cut:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            if worker.connection.poll(min(SLICE, left)):
                return worker.connection.recv()
        return None

    def _died(self, worker: Worker) -> Answer:
        """A worker gone mid-query: an abort under the memory limit (Oxigraph's allocation
        failed) or the kernel's OOM killer is a 507 naming the limit; anything else a 500.
        Either way the same query is to be refused for a while (`stopped`)."""
        try:
            code = worker.process.wait(5)
        except subprocess.TimeoutExpired:
            code = None
        self._replace(worker, self.backoff.crashed())
        if self.max_memory and code in MEMORY_SIGNALS:
            return error(507, memory_message(self.max_memory, self.option), stopped=True)
        return error(500, f"the query worker stopped while answering ({describe(code)})", stopped=True)

    def worker_pids(self) -> list[int]:
        with self._lock:
            return [worker.pid for worker in self._all if worker.process.poll() is None]

    def alive(self) -> int:
        return len(self.worker_pids())

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.stop()

    def _start(self) -> Worker:
        worker = Worker(self.walls)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, worker: Worker, delay: float = 0.0) -> None:
        """Stop a worker; a new one is started in the background, after `delay` seconds."""
        with self._lock:
            self._all.discard(worker)
        worker.stop()
        threading.Thread(target=self._add_worker, args=(delay,), name="kg-query-worker-start", daemon=True).start()

    def _add_worker(self, delay: float) -> None:
        time.sleep(delay)
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

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def describe(code: int | None) -> str:
    """A worker's exit code in words: `signal 11 (SIGSEGV)`."""
    if code is None:
        return "it did not exit"
    if code < 0:
        try:
            return f"signal {-code} ({signal.Signals(-code).name})"
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"
