"""One query as a worker process answers it (`kg.sparql.worker`): decided on its parse
(`kg.sparql.screen`), then run in Oxigraph, every failure an HTTP status and a message.

`kg serve` asks for the answer serialized in a format (SPARQL JSON, XML, CSV, TSV; Turtle,
N-Triples…), up to a size limit; `kg query` and the Python API ask for the rows
(`kg.sparql.query.Results`), which they print or hand over as they always did.

>>> from pyoxigraph import Store
>>> answer_query(Store(), Request("ASK { ?s ?p ?o }"), max_bytes=1000).body
b'{"head":{},"boolean":false}'
>>> answer_query(Store(), Request("SELECT * WHERE { SERVICE <http://example.org/> {} }"), max_bytes=1000).status
403
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import IO, Any, cast

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
)

from kg.errors import KgError
from kg.graph.vocab import PREFIX_IRIS
from kg.text import shorten

from .query import Results, run
from .screen import MAX_QUERY_BYTES, query_graphs, screen

MAX_MESSAGE = 300
UNKNOWN_FUNCTION = re.compile(r"custom function .* is not supported")


@dataclass(frozen=True)
class Request:
    """One SPARQL query and what the client asked for (format names of pyoxigraph's enums)."""
    query: str
    results_format: str = "JSON"      # a QueryResultsFormat name, for SELECT and ASK
    graph_format: str = "TURTLE"      # an RdfFormat name, for CONSTRUCT and DESCRIBE
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    rows: bool = False                # the rows themselves (kg query, the Python API), not a serialization
    allow_update: bool = False        # kg query --allow-update: on the worker's private copy
    max_query_bytes: int = MAX_QUERY_BYTES


@dataclass(frozen=True)
class Answer:
    status: int
    media_type: str
    body: bytes = field(repr=False)
    stopped: bool = False       # the worker was stopped at a limit (time, memory) or crashed
    retry_after: int = 0        # seconds to tell the client to wait (a Retry-After header)
    rows: Packed | None = field(default=None, repr=False)   # the rows, when the request asked for them

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def message(self) -> str:
        return self.body.decode("utf-8", errors="replace").strip()


# The rows as they cross from a worker: the variables, and a tuple of cells a row, each cell
# None (unbound) or plain strings tagged with their kind. pyoxigraph's terms pickle slowly (a
# second per 10,000 of them); these four times faster, and become terms again at once.
Packed = tuple[list[str], list[tuple]]
IRI, BLANK, LANGUAGE, TYPED, OTHER = range(5)


def pack(results: Results) -> Packed:
    return results.variables, [tuple(_flat(row.get(v)) for v in results.variables) for row in results.rows]


def unpack(packed: Packed) -> Results:
    """The rows again, with pyoxigraph's terms (datatypes made once each).

    >>> from pyoxigraph import Literal
    >>> unpack(pack(Results(["x", "y"], [{"x": Literal("Лавров", language="ru")}]))).rows
    [{'x': <Literal value=Лавров language=ru>}]
    """
    variables, rows = packed
    datatypes: dict[str, NamedNode] = {}
    return Results(variables, [{v: _term(cell, datatypes) for v, cell in zip(variables, row) if cell is not None}
                               for row in rows])


def _flat(term: object) -> tuple | None:
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return IRI, term.value
    if isinstance(term, BlankNode):
        return BLANK, term.value
    if isinstance(term, Literal):
        language = term.language
        return (LANGUAGE, term.value, language) if language else (TYPED, term.value, term.datatype.value)
    return OTHER, term   # an RDF-star triple: pickled as it is


def _term(cell: tuple, datatypes: dict[str, NamedNode]) -> object:
    kind = cell[0]
    if kind == IRI:
        return NamedNode(cell[1])
    if kind == BLANK:
        return BlankNode(cell[1])
    if kind == LANGUAGE:
        return Literal(cell[1], language=cell[2])
    if kind == TYPED:
        datatype = datatypes.get(cell[2]) or datatypes.setdefault(cell[2], NamedNode(cell[2]))
        return Literal(cell[1], datatype=datatype)
    return cell[1]


def error(status: int, message: str, stopped: bool = False, retry_after: int = 0) -> Answer:
    return Answer(status, "text/plain; charset=utf-8", (shorten(message, MAX_MESSAGE) + "\n").encode("utf-8"),
                  stopped, retry_after)


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


def answer(store: Store, request: Request, max_bytes: int, allow_service: bool = False) -> Answer:
    """The answer to one request: the rows (kg query, the API) or the serialized results (kg serve)."""
    if not request.rows:
        return answer_query(store, request, max_bytes, allow_service)
    try:
        results = run(store, request.query, allow_update=request.allow_update, allow_service=allow_service,
                      max_bytes=request.max_query_bytes)
    except KgError as problem:
        return error(400, str(problem))
    except MemoryError:
        return error(507, "the query needed more memory than this worker's limit", stopped=True)
    return Answer(200, "", b"", rows=pack(results))


def answer_query(store: Store, request: Request, max_bytes: int, allow_service: bool = False) -> Answer:
    """Decide on the parsed query, evaluate and serialize it; every failure becomes an HTTP
    status and a message."""
    refusal = screen(request.query, request.max_query_bytes, allow_remote=allow_service)
    if refusal:
        return error(refusal.status, refusal.message)
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


def _dataset(request: Request) -> dict[str, Any]:
    """The protocol's default-graph-uri and named-graph-uri; without them the data and the
    ontology, as `kg query` reads them (kg.graph.store.query_graphs)."""
    dataset = {} if request.default_graphs or request.named_graphs else query_graphs(request.query)
    if request.default_graphs:
        dataset["default_graph"] = [NamedNode(iri) for iri in request.default_graphs]
    if request.named_graphs:
        dataset["named_graphs"] = [NamedNode(iri) for iri in request.named_graphs]
    return dataset


def _serialize(result: QuerySolutions | QueryBoolean | QueryTriples, request: Request, max_bytes: int) -> Answer:
    if isinstance(result, QueryTriples):
        format_ = getattr(RdfFormat, request.graph_format)
    else:
        format_ = getattr(QueryResultsFormat, request.results_format)
    buffer = CappedBuffer(max_bytes)
    result.serialize(cast("IO[bytes]", buffer), format=format_)
    return Answer(200, _with_charset(format_.media_type), buffer.getvalue())


def _with_charset(media_type: str) -> str:
    textual = media_type.startswith("text/") or media_type.endswith(("json", "xml", "triples"))
    return media_type if "charset" in media_type or not textual else f"{media_type}; charset=utf-8"
