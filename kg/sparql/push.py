"""`kg push`: load the built graph into a SPARQL server, replacing one named graph atomically.

Readers of the server see the old graph or the new one, never half of each:
- a graph that fits one request goes in one request: a Graph Store PUT, or one SPARQL
  Update `DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { ... } }` (one transaction);
- a larger one is streamed in chunks into a fresh temporary named graph (Graph Store POST,
  or `INSERT DATA`), then `MOVE GRAPH <temporary> TO GRAPH <g>` swaps it in with one update.
  A push that fails drops its temporary graph.

The Turtle is read as a stream, so memory holds one chunk at a time. A blank node's triples
all travel in the last chunk: a server gives each request its own blank nodes.

>>> [len(chunk) for chunk in chunks(iter(range(5)), 2)]
[2, 2, 1]
"""

from __future__ import annotations

import itertools
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from pyoxigraph import BlankNode, NamedNode, RdfFormat, parse, serialize

from kg.errors import KgError

from . import remote

DEFAULT_GRAPH_IRI = "https://w3id.org/kgnews/graph"
CHUNK_TRIPLES = 20_000
CLEANUP_SECONDS = 10.0   # to drop the temporary graph of a push that failed, its own time included


@dataclass(frozen=True)
class Target:
    """Where the graph goes: the Update endpoint, optionally the Graph Store endpoint, the graph IRI."""
    endpoint: str
    graph_iri: str = DEFAULT_GRAPH_IRI
    store: str | None = None
    timeout: float = remote.TIMEOUT     # seconds for the whole push
    deadline: float | None = None       # set by push: a time.monotonic() the requests share


    @property
    def query_endpoint(self) -> str | None:
        """The query endpoint beside the update endpoint, where the servers above put it:
        `…/update` → `…/query` (Oxigraph, Fuseki), `…/statements` → `…` (GraphDB)."""
        base, _, last = self.endpoint.partition("?")[0].rstrip("/").rpartition("/")
        return {"update": f"{base}/query", "statements": base}.get(last)


@dataclass(frozen=True)
class Pushed:
    graph_iri: str
    triples: int
    requests: int
    unverified: str = ""     # why the server could not be asked what it holds, if it could not


def push(graph_path: Path, target: Target, chunk_triples: int = CHUNK_TRIPLES,
         progress: Callable[[int], None] = lambda sent: None) -> Pushed:
    """Replace the named graph `target.graph_iri` on the server with the Turtle at `graph_path`,
    within `target.timeout` seconds in all, then ask the server how many triples it holds."""
    _check_iri(target.graph_iri)
    target = replace(target, deadline=time.monotonic() + target.timeout)
    parts = _parts(_read(graph_path), chunk_triples)
    first = next(parts, [])
    second = next(parts, None)
    if second is None:
        _replace_at_once(target, first)
        progress(len(first))
        pushed = Pushed(target.graph_iri, len(first), 1)
    else:
        pushed = _replace_through_temporary(target, itertools.chain([first, second], parts), progress)
    return replace(pushed, unverified=_verify(target, pushed.triples))


def _verify(target: Target, sent: int) -> str:
    """"" when the server's query endpoint counts the triples sent in the graph; a KgError
    when it counts others; the reason when it cannot be asked."""
    url = target.query_endpoint
    if url is None:
        return f"no query endpoint known beside {target.endpoint}"
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{target.graph_iri}> {{ ?s ?p ?o }} }}"
    try:
        rows = remote.query(url, count, timeout=target.timeout, deadline=target.deadline).rows
        held = int(rows[0]["n"].value)
    except KgError as problem:
        return str(problem)
    except (IndexError, KeyError, ValueError):
        return f"{url} answered no count"
    if held != sent:
        raise KgError(f"the server accepted the push but {url} counts {held} triples in <{target.graph_iri}>, "
                      f"not the {sent} sent")
    return ""


def chunks(items: Iterator, size: int) -> Iterator[list]:
    while chunk := list(itertools.islice(items, max(1, size))):
        yield chunk


# ---------------------------------------------------------------- the two ways in

def _replace_at_once(target: Target, triples: list) -> None:
    graph = f"<{target.graph_iri}>"
    if not triples:
        remote.update(target.endpoint, f"DROP SILENT GRAPH {graph}", target.timeout, target.deadline)
    elif target.store:
        remote.graph_store(target.store, target.graph_iri, _ntriples(triples), replace=True, timeout=target.timeout,
                           deadline=target.deadline)
    else:
        remote.update(target.endpoint, f"DROP SILENT GRAPH {graph} ;\n" + _insert_data(graph, triples),
                      target.timeout, target.deadline)


def _replace_through_temporary(target: Target, parts: Iterable[list], progress: Callable[[int], None]) -> Pushed:
    temporary = f"urn:x-kg-push:{uuid.uuid4()}"
    sent = requests = 0
    try:
        for part in parts:
            _add(target, temporary, part)
            sent, requests = sent + len(part), requests + 1
            progress(sent)
        remote.update(target.endpoint, f"MOVE GRAPH <{temporary}> TO GRAPH <{target.graph_iri}>",
                      target.timeout, target.deadline)
    except BaseException:
        _drop_quietly(target, temporary)
        raise
    return Pushed(target.graph_iri, sent, requests + 1)


def _add(target: Target, graph_iri: str, triples: list) -> None:
    if target.store:
        remote.graph_store(target.store, graph_iri, _ntriples(triples), replace=False, timeout=target.timeout,
                           deadline=target.deadline)
    else:
        remote.update(target.endpoint, _insert_data(f"<{graph_iri}>", triples), target.timeout, target.deadline)


def _drop_quietly(target: Target, graph_iri: str) -> None:
    try:
        remote.update(target.endpoint, f"DROP SILENT GRAPH <{graph_iri}>", min(CLEANUP_SECONDS, target.timeout))
    except KgError:
        pass  # the error that stopped the push is the one to report


# ---------------------------------------------------------------- triples

def _read(graph_path: Path) -> Iterator:
    if not graph_path.is_file():
        raise KgError(f"graph not found: {graph_path} (run `kg build` first)")
    try:
        yield from parse(path=str(graph_path), format=RdfFormat.TURTLE, base_iri=graph_path.resolve().as_uri())
    except (SyntaxError, ValueError, OSError) as problem:
        raise KgError(f"cannot read graph {graph_path}: {' '.join(str(problem).split())}") from problem


def _parts(triples: Iterator, size: int) -> Iterator[list]:
    """Chunks of triples without blank nodes as they come, then every triple with one, together."""
    with_blank_nodes: list = []

    def without_blank_nodes() -> Iterator:
        for triple in triples:
            if isinstance(triple.subject, BlankNode) or isinstance(triple.object, BlankNode):
                with_blank_nodes.append(triple)
            else:
                yield triple
    yield from chunks(without_blank_nodes(), size)
    if with_blank_nodes:
        yield with_blank_nodes


def _ntriples(triples: list) -> bytes:
    return serialize(triples, format=RdfFormat.N_TRIPLES) or b""


def _insert_data(graph: str, triples: list) -> str:
    return f"INSERT DATA {{ GRAPH {graph} {{\n{_ntriples(triples).decode('utf-8')}}} }}"


def _check_iri(iri: str) -> None:
    try:
        NamedNode(iri)
    except ValueError as problem:
        raise KgError(f"not a valid graph IRI: {iri} ({problem})") from problem
    if ":" not in iri:
        raise KgError(f"the graph IRI must be absolute: {iri}")
