"""The route for a graph too big for `kg push` over HTTP (docs/benchmarks.md, "Scale model"): graph.ttl
bulk-loaded into a named graph of an Oxigraph store by its own CLI, served read-only, and
queried with `kg query --endpoint` answers as the built graph does."""

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, RdfFormat, Store, parse

from kg.graph.turtle import to_turtle
from kg.graph.vocab import PREFIXES

from conftest import call_kg

OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
GRAPH_IRI = "https://w3id.org/kgnews/graph"
pytestmark = [pytest.mark.slow,  # oxigraph and kg processes
              pytest.mark.skipif(OXIGRAPH is None, reason="the oxigraph CLI (pip install oxigraph) is absent")]


@pytest.fixture
def loaded(tmp_path, seeds_build):
    graph = tmp_path / "graph.ttl"
    graph.write_text(to_turtle(seeds_build.triples, PREFIXES), encoding="utf-8")
    location = tmp_path / "oxigraph"
    subprocess.run([OXIGRAPH, "load", "--location", location, "--file", graph, "--graph", GRAPH_IRI],
                   check=True, capture_output=True, timeout=300)
    return graph, location


def test_the_bulk_load_holds_the_graph_in_its_named_graph(loaded):
    graph, location = loaded
    store = Store.read_only(str(location))
    quads = store.quads_for_pattern(None, None, None, NamedNode(GRAPH_IRI))
    stored = {(q.subject, q.predicate, q.object) for q in quads}
    built = {(t.subject, t.predicate, t.object) for t in parse(path=str(graph), format=RdfFormat.TURTLE)}
    assert stored == built and len(store) == len(built)


def test_kg_query_on_the_served_store_answers_as_on_the_graph(loaded):
    graph, location = loaded
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([OXIGRAPH, "serve-read-only", "--location", location, "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D")
        served = call_kg("query", "who-met-whom", "-f", "csv", "--endpoint", f"http://127.0.0.1:{port}/query",
                         "--graph-iri", GRAPH_IRI)
        local = call_kg("query", "who-met-whom", "-f", "csv", "-g", graph)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert served.returncode == 0, served.stderr
    assert served.stdout == local.stdout and local.stdout.count("\n") > 1


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
