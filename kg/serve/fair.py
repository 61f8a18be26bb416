"""Fair turns for the query workers: no client, and no run of slow queries, keeps the others
from being answered.

- **Shared runs.** Identical requests (the same text, formats and graphs) that arrive while
  one of them runs wait for its answer instead of taking a worker; they take no turn either,
  so a dashboard re-sending a slow query every half second fills nothing.
- **Paused shapes.** A query stopped at the time or memory limit, or that crashed its worker,
  is refused at once with `Retry-After` for `pause` seconds, and so is every query of its
  *shape*: the same query with other comments, spacing, variable names or literal values.
- **Turns.** At most `max_turns` requests wait for a worker or run at once (503 past that);
  they wait in a queue per client address, served in rotation, so a client that sends many
  queries waits behind its own.
- **Cuts.** When a request has waited `patience` seconds and every worker is busy, the query
  that has run longest (at least `slice` seconds; of the client running most) is stopped to
  give it a turn, answered 503, and its shape paused for `cut_pause` seconds. The pool keeps a
  spare worker ready, so the waiting request starts at once.

>>> import asyncio
>>> from kg.sparql.workers import Answer, Request
>>> class Slow:
...     workers = 1
...     def run(self, request, ticket=None):
...         return Answer(503, "text/plain", b"too slow", stopped=True)
>>> turns = FairTurns(Slow(), pause=60)
>>> asyncio.run(turns.run(Request("SELECT * { ?s ?p ?o }"))).body
b'too slow'
>>> asyncio.run(turns.run(Request("SELECT ?x { ?x ?y ?z } # another comment"))).retry_after > 0
True
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Protocol

from starlette.concurrency import run_in_threadpool

from kg.sparql.screen import TOKEN
from kg.sparql.workers import Answer, Request, Ticket, error

PAUSE_SECONDS = 60.0      # after a query stopped at a limit or crashed its worker
CUT_PAUSE_SECONDS = 10.0  # after a query cut short to give a waiting one its turn
PATIENCE_SECONDS = 0.5    # a request waits this long for a busy worker before one is cut
SLICE_SECONDS = 1.0       # a query runs at least this long before it may be cut
MAX_TURNS = 32
LITERAL = re.compile(r"""^(?:["']|\d|\.\d)""")


class Pool(Protocol):
    workers: int

    def run(self, request: Request, ticket: Ticket | None = None) -> Answer: ...


@dataclass(eq=False)
class Turn:
    """One request waiting for a worker, or running on one."""
    request: Request
    shape: tuple[str, ...]
    ticket: Ticket
    arrived: float
    granted: asyncio.Event = field(default_factory=asyncio.Event)


def shape_of(text: str) -> tuple[str, ...]:
    """The query as far as its cost goes: tokens without comments and spacing, variables
    numbered in order of appearance, literals and numbers as placeholders.

    >>> shape_of("SELECT ?a { ?a ?b 'x' } # 1") == shape_of("select  ?z {?z ?q 2}")
    True
    """
    names: dict[str, str] = {}
    tokens = []
    for found in TOKEN.finditer(text):
        token = found.group()
        if found.lastgroup == "skip":
            if token[0] in "?$":
                token = names.setdefault(token[1:], f"?{len(names)}")
            elif LITERAL.match(token):
                token = "L"
            elif token.isspace() or token.startswith("#"):
                continue
        tokens.append(token.upper() if found.lastgroup == "word" else token)
    return tuple(tokens)


class FairTurns:
    """`run` as the pool's, for many clients at once, in the event loop of `kg serve`."""

    def __init__(self, pool: Pool, pause: float = PAUSE_SECONDS, cut_pause: float = CUT_PAUSE_SECONDS,
                 patience: float = PATIENCE_SECONDS, slice_: float = SLICE_SECONDS, max_turns: int = MAX_TURNS,
                 clock: Callable[[], float] = time.monotonic):
        self.pool, self.pause, self.cut_pause, self.clock = pool, pause, cut_pause, clock
        self.patience, self.slice, self.max_turns = patience, slice_, max_turns
        self._shared: dict[Request, asyncio.Future[Answer]] = {}
        self._paused: dict[tuple[str, ...], float] = {}       # shape -> until when
        self._queues: dict[str, deque[Turn]] = {}   # client -> turns waiting for a worker
        self._running: list[Turn] = []
        self._turns = 0

    async def run(self, request: Request, client: str = "") -> Answer:
        shape = shape_of(request.query)
        refusal = self._refusal(shape)
        if refusal:
            return refusal
        shared = self._shared.get(request)
        if shared is not None:
            return await asyncio.shield(shared)
        if self._turns >= self.max_turns:
            return error(503, f"the server is answering {self._turns} queries at once; try again shortly",
                         retry_after=1)
        future: asyncio.Future[Answer] = asyncio.get_running_loop().create_future()
        self._shared[request] = future
        self._turns += 1
        answer = error(500, "the query was not answered")
        try:
            answer = await self._take_turn(Turn(request, shape, Ticket(client), self.clock()))
        finally:
            self._turns -= 1
            del self._shared[request]
            answer = self._after(shape, answer)
            future.set_result(answer)
        return answer

    async def _take_turn(self, turn: Turn) -> Answer:
        self._queues.setdefault(turn.ticket.client, deque()).append(turn)
        self._grant()
        try:
            while not turn.granted.is_set():
                try:
                    await asyncio.wait_for(turn.granted.wait(), timeout=self.patience / 5)
                except asyncio.TimeoutError:
                    self._cut_if_waited_long()
        except BaseException:
            self._withdraw(turn)
            raise
        try:
            return await run_in_threadpool(self.pool.run, turn.request, turn.ticket)
        finally:
            self._running.remove(turn)
            self._grant()

    def _grant(self) -> None:
        """Free workers to the waiting turns, one client after another."""
        while len(self._running) < self.pool.workers and self._queues:
            client = next(iter(self._queues))
            waiting = self._queues.pop(client)
            turn = waiting.popleft()
            if waiting:
                self._queues[client] = waiting    # to the back of the rotation
            self._running.append(turn)
            turn.granted.set()

    def _withdraw(self, turn: Turn) -> None:
        """A request gone (its client left) before its turn came, or while it ran."""
        waiting = self._queues.get(turn.ticket.client)
        if waiting is not None and turn in waiting:
            waiting.remove(turn)
            if not waiting:
                del self._queues[turn.ticket.client]
        elif turn in self._running:
            turn.ticket.cut = "the client went away"

    def _cut_if_waited_long(self) -> None:
        """Stop one running query for the request that has waited longest, once it waited
        `patience` seconds: the longest-running of the client that runs most."""
        now = self.clock()
        waited = [turns[0].arrived for turns in self._queues.values()]
        if not waited or now - min(waited) < self.patience or any(t.ticket.cut for t in self._running):
            return
        candidates = [t for t in self._running if t.ticket.started is not None and now - t.ticket.started >= self.slice]
        if not candidates:
            return
        load = {t.ticket.client: sum(o.ticket.client == t.ticket.client for o in self._running) for t in candidates}
        victim = max(candidates, key=lambda t: (load[t.ticket.client], now - (t.ticket.started or now)))
        victim.ticket.cut = (f"the query was stopped after {now - (victim.ticket.started or now):.1f} s to give "
                             f"waiting queries a turn (the server is busy); it is refused for {self.cut_pause:g} s")

    def _after(self, shape: tuple[str, ...], answer: Answer) -> Answer:
        """Pause the shape of a query stopped at a limit, crashed or cut."""
        if not answer.stopped:
            return answer
        pause = self.cut_pause if b"to give waiting queries a turn" in answer.body else self.pause
        self._paused[shape] = self.clock() + pause
        return replace(answer, retry_after=int(pause))

    def _refusal(self, shape: tuple[str, ...]) -> Answer | None:
        now = self.clock()
        for other, until in list(self._paused.items()):
            if until <= now:
                del self._paused[other]
        if shape not in self._paused:
            return None
        wait = int(self._paused[shape] - now) + 1
        return error(503, f"this query (or one of its shape) was stopped at the server's limit, crashed its "
                          f"worker or was cut short; it is refused for {wait} s more", retry_after=wait)
