"""`kg query` and the Python API's queries, each run in a worker process behind the walls of
`kg serve`'s (`kg.sparql.workers`): no network, a memory limit, a time limit, and a crash that
ends the worker and not the caller.

>>> from kg.data import PACKAGE  # doctest: +SKIP
>>> with LocalQueries(Path("exports/graph.ttl")) as queries:  # doctest: +SKIP
...     queries.run("ASK { ?s ?p ?o }").rows[0]["ask"].value
'true'
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import KgError
from kg.graph.store import graph_file

from .answer import unpack
from .query import Results
from .screen import MAX_QUERY_BYTES
from .workers import QueryPool, Request, default_memory_mb

if TYPE_CHECKING:
    from typing_extensions import Self

TIME_LIMIT = 300.0   # seconds: a query on the graph of one machine that runs longer is stuck


class LocalQueries:
    """Queries on one graph file in one worker process, started at once (it opens the graph
    while the caller reads and binds its query) and kept for the next query."""

    def __init__(self, graph_path: Path, *, time_limit: float = TIME_LIMIT, max_memory_mb: float | None = None,
                 allow_update: bool = False, allow_service: bool = False, max_query_bytes: int = MAX_QUERY_BYTES):
        self.allow_update, self.max_query_bytes = allow_update, max_query_bytes
        graph_path = graph_file(graph_path)
        if not graph_path.is_file():   # said at once, not after a worker started
            raise KgError(f"graph not found: {graph_path} (run `kg build` first)")
        max_memory = int((max_memory_mb or default_memory_mb(1)) * 1_000_000)
        self.pool = QueryPool(graph_path, workers=1, time_limit=time_limit, in_memory=allow_update,
                              max_memory=max_memory, network=allow_service, option="", wait=False)

    def run(self, text: str) -> Results:
        """The rows of one query; a KgError with one line for anything else."""
        answer = self.pool.run(Request(text, rows=True, allow_update=self.allow_update,
                                       max_query_bytes=self.max_query_bytes))
        if answer.rows is None:
            raise KgError(answer.message)
        return unpack(answer.rows)

    def close(self) -> None:
        self.pool.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
