"""`kg serve` and `kg query` probed as an attacker would (issue #15): no request leaves for
another server, another site's page cannot make the server query, memory is bounded, deep
nesting is an error and not a crash, a client repeating a slow query leaves the others served,
and oversized bodies and surplus connections are refused.

Everything listens on loopback only; every loop and wait is bounded.
"""

import asyncio
import json
import select
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from test_endpoint import cli, http, start_kg_serve, stop

from kg.inputs.load import load_documents
from kg.serve.fair import FairTurns
from kg.sparql.screen import screen
from kg.sparql.workers import Answer, Request

from conftest import run_kg

MEMORY_MB = 300
CONNECTIONS = 16
CORS = "https://allowed.example"
CARTESIAN = "SELECT ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
NORMAL = "SELECT ?s WHERE { ?s <http://example.org/p1> ?o } ORDER BY ?s LIMIT 3"


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def graph_file(plain_graph):
    return plain_graph


@pytest.fixture(scope="module")
def server(graph_file):
    """(process, base URL) of `kg serve` with a 3 s time limit and a 300 MB memory limit a worker."""
    process, url = start_kg_serve(graph_file, "--time-limit", "3", "--max-memory-mb", str(MEMORY_MB),
                                  "--max-connections", str(CONNECTIONS), "--cors", CORS)
    yield process, url
    stop(process)


@pytest.fixture()
def url(server):
    return server[1]


class Listener:
    """A loopback TCP port that counts the connections made to it."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port, self.connections, self.open = self.sock.getsockname()[1], 0, True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while self.open:
            try:
                connection, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def count_after(self, seconds=0.5):
        time.sleep(seconds)
        return self.connections

    def close(self):
        self.open = False
        self.thread.join(2)
        self.sock.close()


@pytest.fixture()
def listener():
    opened = Listener()
    yield opened
    opened.close()


def query(url, text, headers=None):
    return http(url + "query", {"query": text}, headers)


def service_queries(port):
    target = f"<http://127.0.0.1:{port}/sparql>"
    return [
        f"SELECT * WHERE {{ SERVICE {target} {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent {target} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o . {{ SELECT * WHERE {{ SERVICE {target} {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * WHERE {{ ?s ?p 1SERVICE {target} {{ }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o # a comment ends at a carriage return\rSERVICE {target} {{ }} \n }}",
    ]


# ---------------------------------------------------------------- no requests to other servers

@pytest.mark.slow
def test_service_makes_no_request_from_the_server(url, listener):
    for text in service_queries(listener.port):
        status, _, body = query(url, text)
        assert status == 403 and b"SERVICE" in body, (text, body)
        get = http(url + "query?" + urllib.parse.urlencode({"query": text}))
        assert get[0] == 403
    assert listener.count_after() == 0
    socket.create_connection(("127.0.0.1", listener.port), timeout=2).close()   # the listener does count
    assert listener.count_after() == 1


@pytest.mark.slow  # a Python process behind the network filter
def test_a_query_worker_cannot_reach_the_network_even_unscreened(listener):
    """The second wall: a SERVICE query handed to Oxigraph directly, past the screen, in a
    process behind the workers' network filter."""
    text = service_queries(listener.port)[0]
    program = ("import sys; from pyoxigraph import Store; from kg.sparql.sandbox import forbid_network\n"
               "assert forbid_network()\n"
               "try:\n    list(Store().query(sys.argv[1]))\nexcept OSError as problem:\n    print(problem)")
    result = subprocess.run([sys.executable, "-c", program, text], capture_output=True, text=True, timeout=60,
                            check=False)
    assert "Operation not permitted" in result.stdout + result.stderr, result
    assert listener.count_after() == 0


@pytest.mark.slow  # kg's query worker processes, and a second of waiting
def test_service_makes_no_request_from_kg_query_unless_allowed(graph_file, listener):
    text = service_queries(listener.port)[0]
    refused = cli("query", text, "-g", graph_file)
    assert refused.returncode == 1 and "--allow-service" in refused.stderr
    assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
    assert listener.count_after() == 0
    allowed = cli("query", text, "-g", graph_file, "--allow-service")
    assert allowed.returncode == 1 and listener.count_after() >= 1         # the listener answers no SPARQL


@pytest.mark.slow
def test_from_and_from_named_fetch_nothing(url, listener):
    remote = f"<http://127.0.0.1:{listener.port}/graph.ttl>"
    for text in (f"SELECT * FROM {remote} WHERE {{ ?s ?p ?o }}",
                 f"SELECT * FROM NAMED {remote} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"):
        status, _, body = query(url, text)
        assert status == 200 and json.loads(body)["results"]["bindings"] == []
    assert listener.count_after() == 0


# ---------------------------------------------------------------- other sites' pages

@pytest.mark.slow
@pytest.mark.parametrize("origin, status", [
    ("https://attacker.example", 403),     # a plain HTML form on another site posts this
    ("null", 403),                         # a sandboxed frame or a file:// page
    (CORS, 200),                           # named by --cors
    ("", 200),                             # no Origin: curl, SPARQLWrapper, pandas
    ("own", 200),                          # the server's own page
])
def test_a_form_post_from_a_foreign_origin_is_refused(url, origin, status):
    headers = {"Origin": url.rstrip("/") if origin == "own" else origin} if origin else {}
    answer = http(url + "query", {"query": "ASK { ?s ?p ?o }"}, headers)
    assert answer[0] == status
    if status == 403:
        assert b"--cors" in answer[2]


# ---------------------------------------------------------------- memory

@pytest.mark.slow
def test_the_memory_limit_stops_the_cartesian_query_and_the_server_goes_on(server):
    process, url = server
    peak = PeakRss(process.pid)
    with peak:
        started = time.monotonic()
        status, _, body = query(url, CARTESIAN)
        seconds = time.monotonic() - started
    assert status == 507 and f"limit of {MEMORY_MB} MB" in body.decode(), body
    assert seconds < 10
    assert 0 < peak.megabytes < MEMORY_MB, f"peak RSS of a worker: {peak.megabytes:.0f} MB"
    print(f"\nstopped after {seconds:.2f} s; the worker's peak RSS {peak.megabytes:.0f} MB (limit {MEMORY_MB} MB)")
    status, _, body = query(url, NORMAL)
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 3


class PeakRss:
    """The largest VmHWM (peak resident memory) of a process's children, read every 5 ms."""

    def __init__(self, parent):
        self.parent, self.peak, self.running = parent, 0, False

    def __enter__(self):
        self.running = True
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        self.thread.join(2)

    @property
    def megabytes(self):
        return self.peak * 1024 / 1_000_000

    def _watch(self):
        workers = children(self.parent)
        while self.running:
            for worker in workers:
                self.peak = max(self.peak, status_field(worker, "VmHWM"))
            time.sleep(0.005)


def children(pid):
    return [int(status.parent.name) for status in Path("/proc").glob("[0-9]*/status")
            if status_field(int(status.parent.name), "PPid") == pid]


def status_field(pid, name):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(name + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


# ---------------------------------------------------------------- nesting and length

@pytest.mark.slow
@pytest.mark.parametrize("depth", [5_000, 100_000])
def test_deep_nesting_is_a_400_from_the_server(url, depth):
    text = "SELECT * WHERE { FILTER(" + "(" * depth + "1" + ")" * depth + ") }"
    status, _, body = http(url + "query", text.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 400 and b"nests brackets" in body


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "SELECT * WHERE { FILTER(1" + " + 1" * 10_000 + ") }",
    "SELECT * WHERE { " + "{} UNION " * 10_000 + "{} }",
    "SELECT * WHERE { " + "BIND(1 AS ?x) " * 3_000 + "}",
])
def test_long_chains_of_operators_are_a_400(url, text):
    status, _, body = http(url + "query", text.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 400 and b"operators" in body


@pytest.mark.slow  # a kg process: a crash must not take pytest with it
@pytest.mark.parametrize("depth", [5_000, 100_000])
def test_deep_nesting_is_one_line_from_kg_query(graph_file, tmp_path, depth):
    path = tmp_path / "deep.rq"
    path.write_text("SELECT * WHERE { FILTER(" + "(" * depth + "1" + ")" * depth + ") }", encoding="utf-8")
    result = run_kg("query", path, "-g", graph_file, timeout=120)
    assert result.returncode == 1 and result.stderr.startswith("kg: error: the query nests brackets")
    assert result.stderr.count("\n") == 1


@pytest.mark.slow
def test_a_query_past_max_query_kb_is_413(url):
    text = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 1_100_000
    status, _, body = http(url + "query", text.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 413 and b"--max-query-kb" in body


# ---------------------------------------------------------------- fairness

@pytest.mark.slow
def test_a_client_repeating_a_slow_query_leaves_the_others_served(url):
    """One slow query every 0.5 s for 15 s (the time limit is 3 s) while another client
    queries: every normal query is answered, each within 2 s."""
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    slow_answers, normal = [], []

    def send_slow():
        slow_answers.append(query(url, slow)[0])

    senders, deadline = [], time.monotonic() + 15
    while time.monotonic() < deadline:
        senders.append(threading.Thread(target=send_slow, daemon=True))
        senders[-1].start()
        next_slow = time.monotonic() + 0.5
        while time.monotonic() < next_slow:
            started = time.monotonic()
            status = query(url, NORMAL)[0]
            normal.append((status, time.monotonic() - started))
            time.sleep(0.1)
    for sender in senders:
        sender.join(30)
    latencies = sorted(seconds for _, seconds in normal)
    print(f"\n{len(normal)} normal queries: median {latencies[len(latencies) // 2]:.3f} s, "
          f"slowest {latencies[-1]:.3f} s; slow ones answered {sorted(set(slow_answers))}")
    assert [status for status, _ in normal] == [200] * len(normal)
    assert latencies[-1] < 2
    assert len(slow_answers) == len(senders) and set(slow_answers) == {503}


class Counting:
    """A stand-in pool: each run takes 0.3 s; stopped at the limit when asked."""
    workers = 2

    def __init__(self, stopped=False):
        self.runs, self.stopped = 0, stopped

    def run(self, request, ticket=None):
        self.runs += 1
        time.sleep(0.3)
        return Answer(503 if self.stopped else 200, "text/plain", b"", stopped=self.stopped)


def test_identical_requests_share_one_run():
    pool = Counting()
    turns = FairTurns(pool)

    async def five_at_once():
        await asyncio.gather(*(turns.run(Request("ASK { ?s ?p ?o }")) for _ in range(5)))
    asyncio.run(five_at_once())
    assert pool.runs == 1
    asyncio.run(turns.run(Request("ASK { ?s ?p ?o }", results_format="XML")))
    assert pool.runs == 2


def test_a_stopped_query_is_refused_for_the_pause_then_runs_again():
    now = [0.0]
    pool = Counting(stopped=True)
    turns = FairTurns(pool, pause=60, clock=lambda: now[0])
    assert asyncio.run(turns.run(Request("ASK {}"))).retry_after == 60
    now[0] = 59
    assert asyncio.run(turns.run(Request("ASK {}"))).retry_after == 2 and pool.runs == 1
    now[0] = 60
    asyncio.run(turns.run(Request("ASK {}")))
    assert pool.runs == 2


# ---------------------------------------------------------------- request size and connections

@pytest.mark.slow
@pytest.mark.parametrize("chunked", [False, True])
def test_a_50_mb_body_is_refused_with_413(server, chunked):
    process, url = server
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=20) as sock:
        length = "Transfer-Encoding: chunked" if chunked else "Content-Length: 50000000"
        sock.sendall(f"POST /query HTTP/1.1\r\nHost: {host}:{port}\r\n"
                     f"Content-Type: application/sparql-query\r\n{length}\r\n\r\n".encode())
        piece = b"#" * 1_000_000
        try:
            for _ in range(50):   # until the server answers, as a client streaming a body does
                if select.select([sock], [], [], 0)[0]:
                    break
                sock.sendall(b"f4240\r\n" + piece + b"\r\n" if chunked else piece)
        except OSError:
            pass  # the server stopped reading once it had refused
        answer = b""
        while b"request body" not in answer and len(answer) < 1000:
            received = sock.recv(1000)
            if not received:
                break
            answer += received
    assert answer.startswith(b"HTTP/1.1 413 ") and b"the request body is larger than 3.01 MB" in answer
    assert status_field(process.pid, "VmRSS") < 200_000    # kB: the body was never held whole


@pytest.mark.slow
def test_kept_alive_connections_past_the_cap_refuse_nobody(url):
    """The cap counts requests being answered, not connections (issue #26, point 4)."""
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    request = f"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode()
    held, answers = [], []
    try:
        for _ in range(CONNECTIONS + 5):   # each kept open (HTTP keep-alive) after its answer
            held.append(socket.create_connection((host, int(port)), timeout=20))
            held[-1].sendall(request)
            answers.append(held[-1].recv(100)[:12])
        assert query(url, "ASK {}")[0] == 200
    finally:
        for sock in held:
            sock.close()
    assert answers == [b"HTTP/1.1 200"] * (CONNECTIONS + 5)


def test_requests_past_the_cap_are_refused_at_once():
    turns = FairTurns(Counting(), max_turns=3)

    async def six_at_once():
        return await asyncio.gather(*(turns.run(Request(f"ASK {{ ?s ?p {i} }}")) for i in range(6)))
    statuses = [answer.status for answer in asyncio.run(six_at_once())]
    assert statuses.count(200) == 3 and statuses.count(503) == 3


# ---------------------------------------------------------------- the smaller statuses (point 6)

@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "PREFIX ex: <https://example.org/> INSERT DATA { ex:a ex:b ex:c }",        # one line
    "SELECT * WHERE { ?s ?p ?o }; INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "# a comment\nBASE <https://example.org/> PREFIX ex: <x#> DELETE WHERE { ?s ?p ?o }",
])
def test_update_text_is_403(url, text):
    status, _, body = query(url, text)
    assert status == 403 and b"read-only" in body


@pytest.mark.slow
def test_an_unknown_function_is_400(url):
    status, _, body = query(url, "SELECT (<https://example.org/f>(1) AS ?x) WHERE {}")
    assert status == 400 and b"not supported" in body


def test_a_query_file_that_is_not_utf8_is_one_line(graph_file, tmp_path):
    path = tmp_path / "cp1251.rq"
    path.write_bytes('SELECT * WHERE { ?s ?p "Лавров" }'.encode("cp1251"))
    result = cli("query", path, "-g", graph_file)
    assert result.returncode == 1 and result.stderr.startswith(f"kg: error: query file {path} is not UTF-8")
    assert "internal error" not in result.stderr and result.stderr.count("\n") == 1


def test_fifos_folders_and_broken_links_named_txt_are_listed_as_skipped(tmp_path):
    import os
    (tmp_path / "good.txt").write_text("Министр иностранных дел России Сергей Лавров прибыл в Минск.", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "folder.txt").mkdir()
    (tmp_path / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    documents, skipped = load_documents(tmp_path)
    assert [document.id for document in documents] == ["good.txt"]
    assert {s.path: s.reason for s in skipped} == {
        "pipe.txt": "not a regular file (a FIFO, socket or device)",
        "folder.txt": "a folder, not a file",
        "broken.txt": "a broken symbolic link",
    }


# ---------------------------------------------------------------- the screen itself

@pytest.mark.parametrize("text, status", [
    ('SELECT * WHERE { ?s rdfs:label "SERVICE" }', None),                  # in a string
    ("SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x> {}", None),         # in a comment
    ("SELECT ?service WHERE { ?service ex:service <http://e/SERVICE> }", None),
    ("SELECT * WHERE { ?s ex:a.SERVICE <http://x> { } }", None),           # one name, as Oxigraph reads it
    ("SELECT * WHERE { # a comment\rSERVICE <http://x> { } \n }", 403),    # a comment ends at a CR
    ("SELECT * WHERE { BIND(person:a\\# AS ?q) SERVICE <http://x> { } }", 403),
    ("SELECT * WHERE { ?s ?p '''x''' SERVICE <http://x> { } }", 403),
    ("SELECT * WHERE { VALUES (?a ?b) { " + "(1 2) " * 5_000 + "} }", None),  # data rows are no operators
    ("SELECT * WHERE { FILTER(?x IN (" + ", ".join(["1.5"] * 5_000) + ")) }", None),
])
def test_the_screen_reads_tokens_not_text(text, status):
    refusal = screen(text)
    assert (refusal.status if refusal else None) == status, refusal
