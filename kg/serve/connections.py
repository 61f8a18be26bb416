"""Connections to `kg serve`: idle or slow ones cannot shut anybody out.

uvicorn's HTTP/1.1 protocol closes a keep-alive connection idle for 5 s, but waits for ever
for the head of a request, and its concurrency limit counts every open connection: 31 idle
connections, or a few hundred sending their headers a byte at a time, refused everyone else.
Here a connection has `head_seconds` to send the whole head of each request (nginx's
client_header_timeout), the limit on requests counts requests being answered
(`kg.serve.fair`), not connections, and past `max_open` connections the one idle the longest
is closed to make room for the new one (file descriptors are the only limit left).
"""

from __future__ import annotations

import asyncio
import resource

from uvicorn.protocols.http.h11_impl import H11Protocol

HEAD_SECONDS = 10.0
MAX_OPEN = 1000
SPARE_DESCRIPTORS = 100   # for the store's files, the workers' sockets, the page


class GuardedH11(H11Protocol):
    """uvicorn's h11 protocol with a deadline on each request's head and room kept for new
    connections (subclassed by `guarded` with the numbers)."""
    head_seconds = HEAD_SECONDS
    max_open = MAX_OPEN

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.idle_since: float | None = self.loop.time()
        self._arm_head_deadline()
        if len(self.connections) > self.max_open:
            self._make_room()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._answering():
            self.idle_since = None

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and not self._answering():
            self.idle_since = self.loop.time()
            self._arm_head_deadline()

    def _answering(self) -> bool:
        return self.cycle is not None and not self.cycle.response_complete

    def _arm_head_deadline(self) -> None:
        self.loop.call_later(self.head_seconds, self._head_deadline, self.idle_since)

    def _head_deadline(self, armed_at: float | None) -> None:
        """Close a connection that has not sent a whole request head since `armed_at`."""
        if self.idle_since is not None and self.idle_since == armed_at and not self.transport.is_closing():
            self.transport.close()

    def _make_room(self) -> None:
        idle = [c for c in self.connections if isinstance(c, GuardedH11) and c.idle_since is not None and c is not self]
        oldest = min(idle, key=lambda c: c.idle_since or 0.0, default=self)
        oldest.transport.close()


def guarded(head_seconds: float = HEAD_SECONDS, max_open: int | None = None) -> type[GuardedH11]:
    """The protocol class for uvicorn's `http=`, with these limits."""
    return type("Guarded", (GuardedH11,), {"head_seconds": head_seconds, "max_open": max_open or open_limit()})


def open_limit() -> int:
    """As many connections as file descriptors allow (raising the soft limit to the hard
    one), up to MAX_OPEN."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        wanted = MAX_OPEN + SPARE_DESCRIPTORS if hard == resource.RLIM_INFINITY \
            else min(hard, MAX_OPEN + 2 * SPARE_DESCRIPTORS)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, wanted), hard))
            soft = max(soft, wanted)
        except (ValueError, OSError):
            pass
    return max(16, min(MAX_OPEN, soft - SPARE_DESCRIPTORS))
