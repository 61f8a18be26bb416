"""The graph over HTTP: `kg push` into a real Oxigraph server and the saved queries through it,
`kg serve` queried with SPARQLWrapper; both answer as the embedded store does.

Servers listen on free loopback ports only; every wait is bounded.
"""

import doctest
import json
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph

import kg.serve.endpoint
import kg.sparql.push
import kg.sparql.remote
import kg.sparql.workers
from kg.errors import KgError
from kg.graph.store import open_store
from kg.serve.endpoint import GRAPH_TYPES, RESULT_TYPES, negotiate, page_source
from kg.sparql.push import Target, push
from kg.sparql.query import bind, query_text, run, to_json

from conftest import ROOT, call_kg, run_kg

GRAPH_IRI = "https://w3id.org/kgnews/graph"
SAVED = [("who-met-whom", {}), ("who-spoke-where", {}), ("who-organized-what", {}), ("who-took-part", {}),
         ("positions", {}), ("events-by-date", {}), ("everything-about", {"name": "Лавровым"})]
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
YASGUI = "https://yasgui.triply.cc"
PERSONS = "SELECT ?name WHERE { ?person a kg:Person ; rdfs:label ?name }"
FIXTURE = ROOT / "tests" / "data" / "page_fixture.ttl"
STARTUP = 60  # seconds a server may take to answer its first request


# ---------------------------------------------------------------- helpers

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(url, data=None, headers=None, method=None):
    """(status, headers, body) of one request; errors are answers too."""
    body = urllib.parse.urlencode(data).encode() if isinstance(data, dict) else data
    request = urllib.request.Request(url, data=body, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def wait_until_up(url, process):
    deadline = time.monotonic() + STARTUP
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server stopped while starting"
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    pytest.fail(f"no answer from {url} within {STARTUP} s")


def cli(*args):
    """`kg` in this process: its messages and exit codes (kg serve, which stays up, runs in its own)."""
    return call_kg(*args)


def embedded(graph_file, name, values):
    return run(open_store(graph_file), bind(query_text(name), values))


def canonical(rows):
    """Rows as a sorted list, each a sorted tuple of (variable, N-Triples term): order-free comparison
    of Oxigraph's terms (their str) and rdflib's (their n3)."""
    return sorted(tuple(sorted((k, v.n3() if hasattr(v, "n3") else str(v)) for k, v in row.items())) for row in rows)


def json_rows(document):
    return sorted(json.dumps(row, sort_keys=True, ensure_ascii=False) for row in document["results"]["bindings"])


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def graph_file(seeds_graph, tmp_path_factory):
    path = tmp_path_factory.mktemp("endpoint") / "graph.ttl"
    seeds_graph.serialize(destination=path, format="turtle")
    return path


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    """A real Oxigraph server (`pip install oxigraph`) on a free loopback port; its base URL."""
    binary = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if binary is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    folder = tmp_path_factory.mktemp("oxigraph")
    url = f"http://127.0.0.1:{free_port()}"
    process = subprocess.Popen([binary, "serve", "--location", str(folder / "db"), "--bind", url[len("http://"):]],
                               cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(f"{url}/query?query=ASK%7B%7D", process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def pushed(oxigraph, graph_file):
    """The seeds graph pushed in chunks of 100 triples: through a temporary graph and MOVE."""
    result = push(graph_file, Target(f"{oxigraph}/update", GRAPH_IRI), chunk_triples=100)
    assert result.requests > 2
    return oxigraph


def start_kg_serve(graph_file, *options):
    command = [sys.executable, "-m", "kg.cli", "serve", "-g", str(graph_file), "--port", "0", *options]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ready, _, _ = select.select([process.stdout], [], [], STARTUP)
    line = process.stdout.readline() if ready else ""
    if not line.startswith("serving"):
        process.kill()
        pytest.fail(f"kg serve did not start: {line}{process.stderr.read() if not ready else ''}")
    return process, line.split(" at ")[1].split()[0]


def stop(process):
    process.send_signal(signal.SIGINT)
    try:
        return process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        raise


@pytest.fixture(scope="module")
def served(graph_file):
    """`kg serve` over the seeds graph with tight limits; its base URL."""
    process, url = start_kg_serve(graph_file, "--time-limit", "1", "--max-result-mb", "0.05", "--cors", YASGUI)
    yield url
    stop(process)


# ---------------------------------------------------------------- kg push into Oxigraph

@pytest.mark.slow
@pytest.mark.parametrize("name, values", SAVED)
def test_saved_queries_through_oxigraph_give_the_embedded_bindings(pushed, graph_file, name, values):
    text = bind(query_text(name), values)
    remote = kg.sparql.remote.query(f"{pushed}/query", text, graph_iri=GRAPH_IRI)
    local = embedded(graph_file, name, values)
    assert remote.variables == local.variables
    assert local.rows and canonical(remote.rows) == canonical(local.rows)


@pytest.mark.slow
def test_push_replaces_the_named_graph_and_leaves_no_temporary_graph(oxigraph, graph_file):
    target = Target(f"{oxigraph}/update", "https://example.org/replaced", store=f"{oxigraph}/store")
    push(FIXTURE, target, chunk_triples=50)        # chunks through the Graph Store, then one MOVE
    assert names_on_server(oxigraph, target.graph_iri) == names_in(FIXTURE)
    push(graph_file, target)                       # one request: a Graph Store PUT
    assert names_on_server(oxigraph, target.graph_iri) == names_in(graph_file) != names_in(FIXTURE)
    graphs = kg.sparql.remote.query(f"{oxigraph}/query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert target.graph_iri in {row["g"].value for row in graphs.rows}
    assert not [row for row in graphs.rows if row["g"].value.startswith("urn:x-kg-push:")]


def names_on_server(server, graph_iri):
    return {row["name"].value for row in kg.sparql.remote.query(f"{server}/query", PERSONS, graph_iri).rows}


def names_in(graph_file):
    return {row["name"].value for row in run(open_store(graph_file), PERSONS).rows}


@pytest.mark.slow
def test_push_blank_nodes_stay_together_across_chunks(oxigraph, tmp_path):
    graph = tmp_path / "blank.ttl"
    graph.write_text("@prefix ex: <https://example.org/> .\n"
                     + "".join(f"ex:s{i} ex:p {i} .\n" for i in range(30))
                     + "ex:list ex:items ( ex:a ex:b ex:c ) .\n", encoding="utf-8")
    target = Target(f"{oxigraph}/update", "https://example.org/blank")
    push(graph, target, chunk_triples=7)
    items = kg.sparql.remote.query(f"{oxigraph}/query", "PREFIX ex: <https://example.org/>\n"
                            "SELECT ?item WHERE { ex:list ex:items/rdf:rest*/rdf:first ?item }", target.graph_iri)
    assert sorted(row["item"].value for row in items.rows) == [f"https://example.org/{x}" for x in "abc"]


@pytest.mark.slow
def test_kg_query_endpoint_prints_what_the_local_graph_prints(pushed, graph_file):
    local = cli("query", "who-met-whom", "-g", graph_file, "-f", "json")
    remote = cli("query", "who-met-whom", "--endpoint", f"{pushed}/query", "--graph-iri", GRAPH_IRI, "-f", "json")
    assert remote.returncode == 0, remote.stderr
    assert json_rows(json.loads(remote.stdout)) == json_rows(json.loads(local.stdout))


@pytest.mark.slow
def test_kg_push_command_reports_what_it_loaded(oxigraph, graph_file):
    result = cli("push", "--endpoint", f"{oxigraph}/update", "-g", graph_file, "--graph-iri", "https://example.org/cli")
    assert result.returncode == 0, result.stderr
    assert "into <https://example.org/cli> (1 request)" in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("endpoint, message", [
    ("http://127.0.0.1:{closed}/update", "connection refused"),
    ("{oxigraph}/nowhere", "answered 404"),
    ("{oxigraph}/query", "answered 4"),          # a query endpoint refuses SPARQL Update
])
def test_push_errors_are_one_line(oxigraph, graph_file, endpoint, message):
    url = endpoint.format(closed=free_port(), oxigraph=oxigraph)
    result = cli("push", "--endpoint", url, "-g", graph_file)
    assert result.returncode == 1
    assert result.stderr.startswith("kg: error:") and message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_a_remote_syntax_error_carries_the_servers_message(oxigraph):
    with pytest.raises(KgError, match=r"answered 400 .*error at 1:"):
        kg.sparql.remote.query(f"{oxigraph}/query", "SELECT ?x WHERE { ?x ?y }")


# ---------------------------------------------------------------- kg serve

def sparql_wrapper(url, text, method="GET"):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper
    client = SPARQLWrapper(url + "query")
    client.setQuery(text)
    client.setReturnFormat(JSON)
    if method == "POST":
        client.setMethod(POST)
    return client.queryAndConvert()


@pytest.mark.slow
@pytest.mark.parametrize("name, values", SAVED)
def test_saved_queries_through_kg_serve_with_sparqlwrapper(served, graph_file, name, values):
    pytest.importorskip("SPARQLWrapper")
    text = bind(query_text(name), values)
    expected = json.loads(to_json(embedded(graph_file, name, values)))
    for method in ("GET", "POST"):
        answer = sparql_wrapper(served, text, method)
        assert answer["head"]["vars"] == expected["head"]["vars"]
        assert expected["results"]["bindings"] and json_rows(answer) == json_rows(expected)


@pytest.mark.slow
def test_kg_query_endpoint_reads_kg_serve_and_sends_the_default_graph(served, graph_file):
    text = query_text("who-met-whom")
    remote = kg.sparql.remote.query(served + "query", text)
    assert canonical(remote.rows) == canonical(run(open_store(graph_file), text).rows)
    assert kg.sparql.remote.query(served + "query", "ASK { ?s ?p ?o }").rows[0]["ask"].value == "true"
    elsewhere = kg.sparql.remote.query(served + "query", "ASK { ?s ?p ?o }", graph_iri="https://example.org/no-such-graph")
    assert elsewhere.rows[0]["ask"].value == "false"


@pytest.mark.slow
@pytest.mark.parametrize("accept, media_type, first_line", [
    ("text/csv", "text/csv", "person,title,organization"),
    ("text/tab-separated-values", "text/tab-separated-values", "?person\t?title\t?organization"),
    ("application/sparql-results+xml", "application/sparql-results+xml", '<?xml version="1.0"?>'),
    ("application/sparql-results+json", "application/sparql-results+json", '{"head":{"vars":["person"'),
])
def test_results_by_content_negotiation(served, accept, media_type, first_line):
    status, headers, body = http(served + "query", {"query": query_text("positions")}, {"Accept": accept})
    assert status == 200 and headers["Content-Type"].startswith(media_type)
    assert body.decode("utf-8").startswith(first_line) and "Сергей Лавров" in body.decode("utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("accept, rdflib_format", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                                   ("", "turtle")])
def test_construct_as_turtle_or_ntriples(served, graph_file, accept, rdflib_format):
    text = "CONSTRUCT WHERE { ?meeting a kg:Meeting ; kg:participant ?who }"
    status, _, body = http(served + "query?" + urllib.parse.urlencode({"query": text}),
                           headers={"Accept": accept} if accept else {})
    assert status == 200
    graph = Graph().parse(data=body.decode("utf-8"), format=rdflib_format)
    local = run(open_store(graph_file), text)
    assert canonical([dict(zip(("subject", "predicate", "object"), t)) for t in graph]) == canonical(local.rows)


@pytest.mark.slow
@pytest.mark.parametrize("path, data, headers", [
    ("query", {"update": "DROP ALL"}, {}),
    ("query", b"DROP ALL", {"Content-Type": "application/sparql-update"}),
    ("query", {"query": "# clean up\nPREFIX ex: <https://example.org/>\nDELETE WHERE { ?s ?p ?o }"}, {}),
    ("update", {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}, {}),
])
def test_updates_are_refused_and_change_nothing(served, path, data, headers):
    status, _, body = http(served + path, data, headers)
    assert status == 403 and b"read-only" in body
    status, _, body = http(served + "query", {"query": "ASK { ?x a kg:Person }"})
    assert json.loads(body)["boolean"] is True


@pytest.mark.slow
def test_malformed_query_is_400_with_the_parsers_message(served):
    status, _, body = http(served + "query", {"query": "SELECT ?x WHERE { ?x ?y }"})
    assert status == 400 and body.decode().startswith("malformed SPARQL at line 1, column 26:")


@pytest.mark.slow
def test_a_query_past_the_time_limit_is_stopped_and_the_server_goes_on(served):
    started = time.monotonic()
    status, _, body = http(served + "query", {"query": SLOW_QUERY})
    assert status == 503 and b"time limit of 1 s" in body
    assert time.monotonic() - started < 10
    status, _, body = http(served + "query", {"query": "ASK { ?x a kg:Meeting }"})
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}


@pytest.mark.slow
def test_an_answer_past_the_size_limit_is_refused(served):
    status, _, body = http(served + "query", {"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert status == 413 and b"LIMIT" in body


@pytest.mark.slow
def test_the_graph_page_at_the_root(served):
    status, headers, body = http(served)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "kg: graph.ttl" in body.decode("utf-8") and "Лавров" in body.decode("utf-8")


@pytest.mark.slow
def test_cors_only_for_the_origin_allowed(served):
    text = {"query": "ASK {}"}
    _, allowed, _ = http(served + "query", text, {"Origin": YASGUI})
    _, other, _ = http(served + "query", text, {"Origin": "https://elsewhere.example"})
    assert allowed["Access-Control-Allow-Origin"] == YASGUI
    assert other["Access-Control-Allow-Origin"] is None


@pytest.mark.slow
def test_a_foreign_host_name_is_refused(served):
    status, _, _ = http(served, headers={"Host": "attacker.example"})
    assert status == 400


@pytest.mark.slow
def test_ctrl_c_stops_the_server_and_its_workers(graph_file):
    process, url = start_kg_serve(graph_file, "--workers", "1")
    assert http(url + "query", {"query": "ASK {}"})[0] == 200
    children = _children(process.pid)
    assert children
    assert stop(process) == 0
    assert "stopped" in process.stdout.read()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{child}").exists() for child in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [child for child in children if _running(child)]


def _children(pid):
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            if f"PPid:\t{pid}\n" in status.read_text():
                found.append(int(status.parent.name))
        except OSError:
            pass
    return found


def _running(pid):
    try:
        return "State:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


@pytest.mark.slow
def test_kg_serve_in_memory_answers_as_the_store_does_and_stays_read_only(graph_file):
    """`kg serve --memory`: each worker loads the Turtle (a writable store), yet no update gets in."""
    process, url = start_kg_serve(graph_file, "--memory")
    try:
        for name, values in SAVED:
            text = bind(query_text(name), values)
            remote = kg.sparql.remote.query(url + "query", text)
            assert canonical(remote.rows) == canonical(run(open_store(graph_file), text).rows)
        status, _, _ = http(url + "update", {"update": "DROP ALL"})
        assert status == 403
        status, _, _ = http(url + "query", {"query": "DROP ALL"})
        assert status in (400, 403)
        assert kg.sparql.remote.query(url + "query", "ASK { ?x a kg:Person }").rows[0]["ask"].value == "true"
    finally:
        assert stop(process) == 0

@pytest.mark.slow
def test_serve_refuses_a_port_in_use(graph_file):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        result = run_kg("serve", "-g", graph_file, "--port", sock.getsockname()[1], timeout=120)
    assert result.returncode == 1 and "cannot listen on 127.0.0.1:" in result.stderr


# ---------------------------------------------------------------- the pieces

@pytest.mark.parametrize("accept, offers, expected", [
    ("application/sparql-results+json", RESULT_TYPES, "JSON"),
    ("text/csv;q=0.5, application/sparql-results+xml", RESULT_TYPES, "XML"),
    ("text/*", RESULT_TYPES, "CSV"),
    ("application/xml;q=0, text/tab-separated-values;q=0.1", RESULT_TYPES, "TSV"),
    ("text/html, */*;q=0.8", RESULT_TYPES, "JSON"),
    ("text/turtle", RESULT_TYPES, "JSON"),           # a SELECT never answers in Turtle
    ("application/n-triples, text/turtle;q=0.9", GRAPH_TYPES, "N_TRIPLES"),
    ("application/sparql-results+json", GRAPH_TYPES, "TURTLE"),
    ("", GRAPH_TYPES, "TURTLE"),
])
def test_negotiate(accept, offers, expected):
    default = "JSON" if offers is RESULT_TYPES else "TURTLE"
    assert negotiate(accept, offers, default) == expected


def test_the_page_built_beside_the_graph_is_served_as_is(tmp_path):
    graph = tmp_path / "graph.ttl"
    shutil.copy(FIXTURE, graph)
    page = page_source(graph)
    assert "kg: graph.ttl" in page()                      # no graph.html: rendered
    (tmp_path / "graph.html").write_text("<html>built</html>", encoding="utf-8")
    assert page() == "<html>built</html>"


@pytest.mark.slow
def test_a_pool_worker_past_the_time_limit_is_replaced(graph_file):
    with kg.sparql.workers.QueryPool(graph_file, workers=1, time_limit=0.5) as pool:
        assert pool.run(kg.sparql.workers.Request(SLOW_QUERY)).status == 503
        answer = pool.run(kg.sparql.workers.Request("ASK { ?x a kg:Meeting }"))
        assert answer.ok and json.loads(answer.body)["boolean"] is True
        assert pool.alive() == 1


@pytest.mark.parametrize("module", [kg.sparql.workers, kg.serve.endpoint, kg.sparql.remote, kg.sparql.push])
def test_documented_examples_run(module):
    failures, _ = doctest.testmod(module)
    assert failures == 0


@pytest.mark.slow
def test_kg_serve_reads_the_ontology_as_kg_query_does(served, graph_file):
    text = query_text("terms")
    remote = kg.sparql.remote.query(served + "query", text)
    assert canonical(remote.rows) == canonical(run(open_store(graph_file), text).rows)
    assert len(remote.rows) > 40
    own = kg.sparql.remote.query(served + "query", "ASK FROM <https://w3id.org/kgnews/ontology> { ?s a kg:Person }")
    assert own.rows[0]["ask"].value == "false"  # a FROM of the query's own is the dataset
