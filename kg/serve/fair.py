"""Fair turns for the query workers: a client repeating a slow query must not take them all.

Identical requests (the same query, whitespace aside, the same formats and graphs) that
arrive while one of them runs wait for that one's answer instead of taking another worker;
and a query stopped at the time or memory limit is refused at once, with `Retry-After`, for
`pause` seconds instead of costing a worker again. A dashboard that re-sends a query too
heavy for the server every half second thus holds one worker until its first copy is stopped,
then none.

>>> from kg.sparql.workers import Answer, Request
>>> class Slow:
...     def run(self, request):
...         return Answer(503, "text/plain", b"too slow", stopped=True)
>>> turns = FairTurns(Slow(), pause=60)
>>> turns.run(Request("SELECT * { ?s ?p ?o }")).body
b'too slow'
>>> turns.run(Request("SELECT *  {  ?s ?p ?o }")).retry_after > 0
True
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from dataclasses import replace

from kg.sparql.workers import Answer, Request, error

PAUSE_SECONDS = 60.0


class FairTurns:
    """`run` as the pool's, with identical requests sharing one run and stopped ones paused."""

    def __init__(self, pool, pause: float = PAUSE_SECONDS, clock=time.monotonic):
        self.pool, self.pause, self.clock = pool, pause, clock
        self._running: dict[Request, Future] = {}
        self._stopped: dict[Request, float] = {}
        self._lock = threading.Lock()

    def run(self, request: Request) -> Answer:
        key = replace(request, query=" ".join(request.query.split()))
        with self._lock:
            refusal = self._paused(key)
            if refusal:
                return refusal
            running = self._running.get(key)
            if running is None:
                self._running[key] = future = Future()
        if running is not None:
            return running.result()
        answer = error(500, "the query was not answered")
        try:
            answer = self.pool.run(request)
        finally:
            with self._lock:
                del self._running[key]
                if answer.stopped:
                    self._stopped[key] = self.clock()
            future.set_result(answer)
        return answer

    def _paused(self, key: Request) -> Answer | None:
        now = self.clock()
        for other, when in list(self._stopped.items()):
            if now - when >= self.pause:
                del self._stopped[other]
        if key not in self._stopped:
            return None
        wait = int(self.pause - (now - self._stopped[key])) + 1
        return error(503, f"this query was stopped at the server's limit {int(now - self._stopped[key])} s ago; "
                          f"it is refused for {wait} s more", retry_after=wait)
