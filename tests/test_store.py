"""The on-disk store behind `kg query`: the graph it was built from, the same answers as
rdflib gives on that graph, used only when it matches graph.ttl, whole after any kill."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pyoxigraph import DefaultGraph, RdfFormat
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.plugins.sparql import prepareQuery

from kg.data import ONTOLOGY
from kg.errors import KgError
from kg.graph.rdf import to_graph
from kg.graph.store import POINTER, from_graph, matching_store, open_store, save
from kg.graph.turtle import to_turtle
from kg.graph.vocab import PREFIXES
from kg.sparql.query import bind, query_text, run, saved_queries

from conftest import ROOT
from test_queries import GRAPHS_OF

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
LAVROV_MET = 'ASK { ?x rdfs:label "Сергей Лавров"@ru . { ?x kg:metWith ?y } UNION { ?y kg:metWith ?x } }'


@pytest.fixture(scope="module")
def built(seeds_graph, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    save(out / "graph.ttl", to_turtle(seeds_graph, PREFIXES).encode("utf-8"))
    return out


@pytest.fixture
def copy(built, tmp_path) -> Path:
    shutil.copytree(built, tmp_path / "out")
    return tmp_path / "out"


def count(store) -> int:
    """The data's triples: the store's default graph (`kg query` reads the ontology's too)."""
    return int(next(iter(store.query(COUNT)))["n"].value)


def rdflib_rows(graph: Graph, text: str) -> list[dict]:
    """rdflib's rows, each term in N-Triples as Oxigraph writes its own."""
    result = graph.query(prepareQuery(text, initNs=PREFIXES))
    return [{str(v): row[i].n3() for i, v in enumerate(result.vars) if row[i] is not None} for row in result]


def as_set(rows: list[dict]) -> set:
    return {frozenset((k, str(v)) for k, v in row.items()) for row in rows}


def test_the_build_names_its_store_beside_the_graph(built):
    pointer = json.loads((built / POINTER).read_text(encoding="utf-8"))
    assert pointer["graph"] == "graph.ttl" and (built / pointer["store"]).is_dir()
    assert matching_store(built / "graph.ttl") == built / pointer["store"]


def test_the_store_holds_exactly_the_graph(built, seeds_graph):
    store = open_store(built / "graph.ttl")
    dumped = store.dump(format=RdfFormat.N_TRIPLES, from_graph=DefaultGraph()).decode("utf-8")
    assert isomorphic(Graph().parse(data=dumped, format="nt"), seeds_graph)


@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_every_saved_query_has_rdflibs_bindings(built, seeds_graph, read, name):
    text = bind(query_text(name), {"name": "Лавров"} if name in ("everything-about", "find-entity") else {})
    if name == "terms":  # read from the ontology the store holds beside the data
        seeds_graph = seeds_graph + Graph().parse(ONTOLOGY / "kg.ttl")
    if name in GRAPHS_OF:  # the seeds have none: sentences that have them
        graph = to_graph(read(GRAPHS_OF[name]))
        ours = run(from_graph(graph), text).rows
        assert ours and as_set(ours) == as_set(rdflib_rows(graph, text))
        return
    ours = run(open_store(built / "graph.ttl"), text).rows
    assert ours and as_set(ours) == as_set(rdflib_rows(seeds_graph, text))


def test_the_store_is_opened_read_only(built):
    with pytest.raises(KgError, match="query failed"):
        run(open_store(built / "graph.ttl"), "INSERT DATA { <a:b> <a:c> <a:d> }", allow_update=True)


def test_update_changes_only_a_private_copy(built):
    writable = open_store(built / "graph.ttl", in_memory=True)
    run(writable, "INSERT DATA { <a:b> <a:c> <a:d> }", allow_update=True)
    assert count(writable) == count(open_store(built / "graph.ttl")) + 1



def test_a_serve_worker_in_memory_answers_from_its_own_copy(built):
    """`kg serve --memory`: not the store on disk (read-only) but a copy of the Turtle."""
    from kg.sparql.worker import Graph as WorkerGraph
    with pytest.raises(KgError, match="query failed"):
        run(WorkerGraph(built / "graph.ttl").open(), "INSERT DATA { <a:b> <a:c> <a:d> }", allow_update=True)
    copy = WorkerGraph(built / "graph.ttl", in_memory=True).open()
    run(copy, "INSERT DATA { <a:b> <a:c> <a:d> }", allow_update=True)
    assert count(copy) == count(open_store(built / "graph.ttl")) + 1


def test_a_serve_worker_waits_for_the_store_of_a_rebuilt_graph(copy, monkeypatch):
    """Between a build writing graph.ttl and store.json, a worker does not load the Turtle."""
    import threading

    import kg.graph.store
    from kg.sparql.worker import Graph as WorkerGraph
    graph = WorkerGraph(copy / "graph.ttl")
    before = count(graph.open())
    point = kg.graph.store._point
    monkeypatch.setattr(kg.graph.store, "_point", lambda *args: (time.sleep(0.5), point(*args)))
    turtle = (copy / "graph.ttl").read_bytes() + '\n<urn:a> <urn:b> "добавлено" .\n'.encode()
    build = threading.Thread(target=save, args=(copy / "graph.ttl", turtle))
    build.start()
    while (copy / "graph.ttl").stat().st_size != len(turtle):
        time.sleep(0.01)
    store = graph.current()
    build.join()
    assert count(store) == before + 1
    with pytest.raises(KgError, match="query failed"):  # the store on disk, not a copy in memory
        run(store, "INSERT DATA { <a:b> <a:c> <a:d> }", allow_update=True)

def test_an_edited_graph_is_read_from_its_turtle(copy):
    with (copy / "graph.ttl").open("a", encoding="utf-8") as handle:
        handle.write('\n<https://w3id.org/kgnews/id/x> <https://w3id.org/kgnews/id/y> "добавлено" .\n')
    assert matching_store(copy / "graph.ttl") is None
    assert run(open_store(copy / "graph.ttl"), 'ASK { ?x ?y "добавлено" }').rows[0]["ask"].value == "true"


def test_a_copy_with_new_file_times_still_uses_its_store(copy):
    os.utime(copy / "graph.ttl", ns=(1_000_000_000, 1_000_000_000))
    assert matching_store(copy / "graph.ttl") is not None


def test_a_pointer_to_a_missing_store_falls_back_to_the_turtle(copy):
    for folder in copy.glob("store-*"):
        shutil.rmtree(folder)
    assert matching_store(copy / "graph.ttl") is None
    assert run(open_store(copy / "graph.ttl"), LAVROV_MET).rows[0]["ask"].value == "true"


def test_a_plain_turtle_file_is_queried_in_memory(built, tmp_path):
    plain = tmp_path / "other.ttl"
    shutil.copy(built / "graph.ttl", plain)
    assert matching_store(plain) is None
    assert count(open_store(plain)) == count(open_store(built / "graph.ttl"))


def test_a_broken_turtle_file_is_a_clear_error(tmp_path):
    (tmp_path / "graph.ttl").write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(KgError, match="cannot read graph"):
        open_store(tmp_path / "graph.ttl")
    with pytest.raises(KgError, match="graph not found"):
        open_store(tmp_path / "missing.ttl")


def test_a_new_graph_replaces_the_old_store_and_the_same_graph_reuses_it(copy, seeds_graph):
    first = matching_store(copy / "graph.ttl")
    smaller = to_turtle(list(seeds_graph)[:100], PREFIXES).encode("utf-8")
    save(copy / "graph.ttl", smaller)
    second = matching_store(copy / "graph.ttl")
    assert second != first and [p.name for p in copy.glob("store-*")] == [second.name]
    assert count(open_store(copy / "graph.ttl")) == 100
    save(copy / "graph.ttl", smaller)
    assert matching_store(copy / "graph.ttl") == second


# A child that saves two graphs in turn for ever; the test kills it at many moments.
SAVE_FOREVER = """
import sys
from rdflib import Graph, URIRef
from kg.graph.vocab import PREFIXES
from kg.graph.store import save
from kg.graph.turtle import to_turtle
from pathlib import Path
seeds = Graph().parse(sys.argv[1])
big = [(URIRef(f"{s}-{n}"), p, o) for n in range(60) for s, p, o in seeds]
graphs = [to_turtle(seeds, PREFIXES).encode(), to_turtle(big, PREFIXES).encode()]
print("ready", flush=True)
for n in range(10**6):
    save(Path(sys.argv[2]) / "graph.ttl", graphs[n % 2])
"""


@pytest.mark.slow  # eight processes killed as they write
def test_a_killed_build_always_leaves_a_store_that_matches_or_none(built, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(built, out)
    for delay in (0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 1.1, 1.4):
        child = subprocess.Popen([sys.executable, "-c", SAVE_FOREVER, str(built / "graph.ttl"), str(out)],
                                 cwd=ROOT, stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "ready"
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        assert_consistent(out)


def assert_consistent(out: Path) -> None:
    """Whatever the moment of the kill: `kg query` answers from graph.ttl as it is on disk."""
    graph = out / "graph.ttl"
    expected = len(Graph().parse(graph, format="turtle"))
    assert count(open_store(graph)) == expected
    folder = matching_store(graph)
    if folder is not None:
        from pyoxigraph import Store
        assert count(Store.read_only(str(folder))) == expected


def test_the_documented_example_runs():
    import doctest

    import kg.graph.store
    assert doctest.testmod(kg.graph.store).failed == 0
