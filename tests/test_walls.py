"""The walls against a determined tester (issue #26): each of the twelve failures it found is
a test here that failed on the code it probed (ecb3a32) and shows the harm gone.

Everything listens on loopback only; every loop and wait is bounded. The probes that take
more than a few seconds are marked `slow`.
"""

import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from test_endpoint import cli, http, start_kg_serve, stop
from test_serve_security import Listener, children, status_field

from conftest import KG, ROOT

NORMAL = "SELECT ?s WHERE { ?s <http://example.org/p1> ?o } ORDER BY ?s LIMIT 3"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
RUSSIAN = "Министр иностранных дел России Сергей Лавров встретился в Минске с президентом Белоруссии. " * 3


def escaped_service_queries(port: int) -> list[str]:
    """An escaped character in a prefixed name: the token screen took the rest of the line
    for a comment or a string (issue #26, point 1)."""
    target = f"<http://127.0.0.1:{port}/x>"
    return [
        f"SELECT * WHERE {{ BIND(person:a\\# AS ?q) SERVICE {target} {{ ?x ?y ?z }} }}",
        f"SELECT * WHERE {{ BIND(person:a\\' AS ?q) SERVICE {target} {{ ?x ?y 'z' }} }}",
        f"SELECT * WHERE {{ VALUES ?q {{ person:a\\# }} SERVICE {target} {{ ?x ?y ?z }} }}",
    ]


def crash_query(depth: int = 6000) -> str:
    """6,000 nested parentheses inside `?a<…&&1>?a`, which the token screen took for an IRI."""
    return "SELECT * WHERE { ?a ?b ?c FILTER(?a<" + "(" * depth + "1" + ")" * depth + "&&1>?a) }"


@pytest.fixture(scope="module")
def graph_file(plain_graph):
    return plain_graph


@pytest.fixture()
def listener():
    opened = Listener()
    yield opened
    opened.close()


# ---------------------------------------------------------------- 1. the query screen

@pytest.mark.slow  # kg's query worker process
@pytest.mark.parametrize("shape", range(3))
def test_escaped_names_hide_no_service_from_kg_query(graph_file, listener, shape):
    result = cli("query", escaped_service_queries(listener.port)[shape], "-g", graph_file)
    assert result.returncode == 1 and "SERVICE" in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1
    assert listener.count_after() == 0


@pytest.mark.slow  # kg's query worker process
def test_escaped_names_hide_no_service_from_the_python_api(graph_file, listener):
    import kg
    graph = kg.open(graph_file)
    for text in escaped_service_queries(listener.port):
        with pytest.raises(kg.KgError, match="SERVICE"):
            graph.query(text)
    assert listener.count_after() == 0


@pytest.mark.slow  # kg's query worker process
def test_the_crash_query_is_one_line_from_kg_query(graph_file):
    result = cli("query", crash_query(), "-g", graph_file)
    assert result.returncode == 1 and result.stderr.startswith("kg: error: the query nests"), result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.slow  # kg's query worker process
def test_the_crash_query_is_an_error_in_python_and_the_graph_still_answers(graph_file):
    import kg
    graph = kg.open(graph_file)
    with pytest.raises(kg.KgError, match="nests"):
        graph.query(crash_query())
    assert graph.query("ASK { ?s ?p ?o }")[0]["ask"] is True


@pytest.mark.slow  # a query worker killed mid-query
def test_a_query_crashing_a_worker_is_an_error_not_a_crash_of_the_caller(graph_file):
    """Past the screen, a worker that dies (here: killed with SIGSEGV mid-query) is one error
    for the caller, and the next query is answered by its replacement."""
    from kg.errors import KgError
    from kg.sparql.local import LocalQueries
    queries = LocalQueries(graph_file)
    try:
        queries.run("ASK { ?s ?p ?o }")
        pid = queries.pool.worker_pids()[0]
        threading.Timer(0.5, os.kill, (pid, signal.SIGSEGV)).start()
        with pytest.raises(KgError, match="query worker stopped"):
            queries.run(SLOW)
        assert queries.run("ASK { ?s ?p ?o }").rows[0]["ask"].value == "true"
    finally:
        queries.close()


def test_a_shape_that_crashed_a_worker_is_refused_for_a_while():
    import asyncio

    from kg.serve.fair import FairTurns
    from kg.sparql.workers import Answer, Request

    class Crashing:
        runs, workers = 0, 2

        def run(self, request, ticket=None):
            Crashing.runs += 1
            return Answer(500, "text/plain", b"the query worker stopped (signal 11)", stopped=True)

    now = [0.0]
    turns = FairTurns(Crashing(), clock=lambda: now[0])
    asyncio.run(turns.run(Request("SELECT * WHERE { ?s ?p ?o } # one")))
    refused = asyncio.run(turns.run(Request("SELECT  *  WHERE { ?x ?p ?o } # another comment")))
    assert refused.status == 503 and refused.retry_after > 0 and Crashing.runs == 1


def test_crashed_workers_are_replaced_with_a_back_off():
    from kg.sparql.workers import Backoff
    now = [0.0]
    backoff = Backoff(clock=lambda: now[0])
    delays = []
    for _ in range(6):
        delays.append(backoff.crashed())
        now[0] += 0.1
    assert delays[0] == 0 and delays == sorted(delays) and delays[-1] >= 1
    now[0] += 600
    assert backoff.crashed() == 0


@pytest.mark.slow
def test_eight_threads_of_crash_queries_crash_nothing_and_a_normal_client_is_served(graph_file):
    process, url = start_kg_serve(graph_file, "--time-limit", "3")
    try:
        workers = set(children(process.pid))
        stopping, statuses = threading.Event(), []

        def attack():
            while not stopping.is_set():
                statuses.append(http(url + "query", crash_query().encode(),
                                     {"Content-Type": "application/sparql-query"})[0])
        attackers = [threading.Thread(target=attack, daemon=True) for _ in range(8)]
        for thread in attackers:
            thread.start()
        latencies = normal_client(url, seconds=8)
        stopping.set()
        for thread in attackers:
            thread.join(10)
        assert set(statuses) == {400}
        assert set(children(process.pid)) == workers          # no worker was lost
        report("crash shapes x8 threads", latencies)
    finally:
        stop(process)


# ---------------------------------------------------------------- 2 and 7. clients

class Scripted(BaseHTTPRequestHandler):
    """A loopback HTTP server whose answers the test scripts; it records what it was sent."""
    script: ClassVar[dict] = {}
    seen: ClassVar[list] = []

    def do_POST(self):
        self.seen.append((self.server.server_port, self.command, self.path, dict(self.headers)))
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.script.get(self.server.server_port, lambda handler: handler.answer(204))(self)

    do_PUT = do_GET = do_POST

    def answer(self, status, headers=(), body=b""):
        self.start(status, len(body), headers)
        self.wfile.write(body)

    def start(self, status, length, headers=()):
        """The status line and the headers, announcing `length` bytes of body."""
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(length))
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture()
def servers():
    """Two loopback servers (two origins); yields their ports."""
    Scripted.script, Scripted.seen = {}, []
    started = [ThreadingHTTPServer(("127.0.0.1", 0), Scripted) for _ in range(2)]
    for server in started:
        server.daemon_threads = True
        # polled every 50 ms, so that shutdown() returns at once (at the default 0.5 s, two servers
        # took a second to stop after each test)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield [server.server_port for server in started]
    for server in started:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("status, target", [
    (302, "http://127.0.0.1:{other}/update"),
    (303, "http://127.0.0.1:{other}/update"),
    (307, "http://127.0.0.1:{other}/update"),
    (302, "ftp://127.0.0.1:{other}/update"),
])
def test_push_follows_no_redirect_to_another_origin_and_leaks_no_credentials(graph_file, servers, status, target):
    own, other = servers
    Scripted.script[own] = lambda handler: handler.answer(status, [("Location", target.format(other=other))])
    result = cli("push", "--endpoint", f"http://user:s3cret@127.0.0.1:{own}/update", "-g", graph_file)
    assert result.returncode == 1 and result.stderr.startswith("kg: error:"), result.stderr
    assert "redirect" in result.stderr and "s3cret" not in result.stderr
    assert result.stderr.count("\n") == 1 and "pushed" not in result.stdout
    assert [port for port, *_ in Scripted.seen] == [own]        # the other origin heard nothing


def test_query_endpoint_follows_no_redirect_to_another_origin(servers):
    own, other = servers
    Scripted.script[own] = lambda handler: handler.answer(302, [("Location", f"http://127.0.0.1:{other}/q")])
    result = cli("query", "ASK {}", "--endpoint", f"http://user:s3cret@127.0.0.1:{own}/query")
    assert result.returncode == 1 and "redirect" in result.stderr
    assert [port for port, *_ in Scripted.seen] == [own]


@pytest.mark.slow  # waits out a 2 s timeout
def test_push_stops_at_its_total_timeout_against_a_trickling_server(graph_file, servers):
    own, _ = servers

    def trickle(handler):
        handler.start(200, 1000)
        for _ in range(30):
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.5)
    Scripted.script[own] = trickle
    started = time.monotonic()
    result = cli("push", "--endpoint", f"http://127.0.0.1:{own}/update", "-g", graph_file, "--timeout", "2")
    assert result.returncode == 1 and "within 2 s" in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert time.monotonic() - started < 8


def test_a_huge_answer_is_read_no_further_than_the_limit(servers):
    from kg.errors import KgError
    from kg.sparql import remote
    own, _ = servers
    Scripted.script[own] = lambda handler: handler.answer(200, [("Content-Type", "application/sparql-results+json")],
                                                          b"[" * 30_000_000)
    with pytest.raises(KgError, match="larger than"):
        remote.query(f"http://127.0.0.1:{own}/query", "ASK {}", max_bytes=1_000_000)


def test_a_truncated_error_answer_is_one_line(graph_file, servers):
    own, _ = servers

    def truncated(handler):
        handler.start(500, 1000)
        handler.wfile.write(b"half an error")
    Scripted.script[own] = truncated
    result = cli("push", "--endpoint", f"http://127.0.0.1:{own}/update", "-g", graph_file)
    assert result.returncode == 1 and "internal error" not in result.stderr and "500" in result.stderr, result.stderr


def test_push_fails_when_the_server_does_not_hold_what_was_sent(graph_file, servers):
    own, _ = servers
    count = b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "0"}}]}}'

    def forgetful(handler):
        if handler.path == "/query":
            handler.answer(200, [("Content-Type", "application/sparql-results+json")], count)
        else:
            handler.answer(204)
    Scripted.script[own] = forgetful
    result = cli("push", "--endpoint", f"http://127.0.0.1:{own}/update", "-g", graph_file)
    assert result.returncode == 1 and "counts 0 triples" in result.stderr and "pushed" not in result.stdout, \
        result.stderr


# ---------------------------------------------------------------- 3, 4, 12. the endpoint

@pytest.fixture(scope="module")
def server(graph_file):
    process, url = start_kg_serve(graph_file, "--time-limit", "3", "--cors", "https://allowed.example")
    yield process, url
    stop(process)


@pytest.mark.slow  # kg serve
@pytest.mark.parametrize("site, origin, status", [
    ("cross-site", None, 403),            # <img src="http://127.0.0.1:7878/query?query=…"> on any page
    ("same-site", None, 403),             # a page served from another local port
    ("cross-site", "https://allowed.example", 200),
    ("same-origin", None, 200),
    ("none", None, 200),                  # typed in the address bar
    (None, None, 200),                    # curl, SPARQLWrapper, pandas
])
def test_get_honours_fetch_metadata(server, site, origin, status):
    headers = {"Sec-Fetch-Site": site} if site else {}
    if origin:
        headers["Origin"] = origin
    answer = http(server[1] + "query?" + urllib.parse.urlencode({"query": "ASK {}"}), headers=headers)
    assert answer[0] == status, answer


@pytest.mark.slow  # kg serve
def test_idle_connections_shut_nobody_out(server):
    host, port = urllib.parse.urlsplit(server[1]).netloc.split(":")
    idle = [socket.create_connection((host, int(port)), timeout=5) for _ in range(60)]
    try:
        time.sleep(0.3)
        assert [http(server[1] + "query?query=ASK%7B%7D")[0] for _ in range(5)] == [200] * 5
    finally:
        for sock in idle:
            sock.close()


@pytest.mark.slow  # kg serve
def test_slow_header_connections_are_closed_and_shut_nobody_out(graph_file):
    process, url = start_kg_serve(graph_file, "--header-timeout", "1")
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    slow = []
    try:
        for _ in range(100):
            slow.append(socket.create_connection((host, int(port)), timeout=5))
            slow[-1].sendall(b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        assert [http(url + "query?query=ASK%7B%7D")[0] for _ in range(5)] == [200] * 5
        time.sleep(2.5)
        slow[0].settimeout(2)
        closed = slow[0].recv(1000)                                  # the server closed it
        assert closed == b"" or closed.startswith(b"HTTP/1.1 408"), closed
    finally:
        for sock in slow:
            sock.close()
        stop(process)


@pytest.mark.slow  # kg serve
def test_kg_serve_on_another_loopback_address_answers(graph_file):
    process, url = start_kg_serve(graph_file, "--host", "127.0.0.2")
    try:
        assert http(url + "query?query=ASK%7B%7D")[0] == 200
        assert http(url + "query?query=ASK%7B%7D", headers={"Host": "evil.example"})[0] == 400
    finally:
        stop(process)


# ---------------------------------------------------------------- 4 and 5. fairness

def normal_client(url: str, seconds: float) -> list[tuple[int, float]]:
    answers, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        status = http(url + "query", {"query": NORMAL})[0]
        answers.append((status, time.monotonic() - started))
        time.sleep(0.1)
    return answers


def report(attack: str, answers: list[tuple[int, float]]) -> None:
    latencies = sorted(seconds for _, seconds in answers)
    print(f"\n{attack}: {len(answers)} normal queries, median {latencies[len(latencies) // 2]:.3f} s, "
          f"max {latencies[-1]:.3f} s, statuses {sorted({status for status, _ in answers})}")
    assert {status for status, _ in answers} == {200}
    assert latencies[-1] < 2


def send_in_background(url: str, texts, every: float, seconds: float) -> list[threading.Thread]:
    senders, deadline, count = [], time.monotonic() + seconds, 0
    while time.monotonic() < deadline:
        text = texts(count)
        senders.append(threading.Thread(target=http, args=(url + "query", {"query": text}), daemon=True))
        senders[-1].start()
        count += 1
        time.sleep(every)
    return senders


@pytest.mark.slow
@pytest.mark.parametrize("attack, texts, every, seconds", [
    ("a different slow query a second", lambda n: f"{SLOW} # {n}", 1.0, 15),
    ("a different slow query a second, renamed", lambda n: SLOW.replace("?i", f"?i{n}"), 1.0, 15),
    # 50 copies waiting on the first one's run: more than the 32 requests answered at once
    ("the same slow query every 0.5 s", lambda n: SLOW, 0.5, 25),
])
def test_slow_queries_at_the_default_limit_leave_a_normal_client_served(graph_file, attack, texts, every, seconds):
    process, url = start_kg_serve(graph_file)                   # the default 30 s limit
    try:
        answers = []
        client = threading.Thread(target=lambda: answers.extend(normal_client(url, seconds)))
        time.sleep(0.2)
        client.start()
        senders = send_in_background(url, texts, every, seconds)
        client.join(seconds + 15)
        report(attack, answers)
    finally:
        stop(process)
    for sender in senders:
        sender.join(1)


@pytest.mark.slow
def test_200_slow_header_connections_for_long_leave_a_normal_client_served(graph_file):
    process, url = start_kg_serve(graph_file)
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    stopping = threading.Event()

    def hold():
        held = []
        while not stopping.is_set():
            held = [sock for sock in held if sock.fileno() != -1]
            while len(held) < 200 and not stopping.is_set():
                sock = socket.create_connection((host, int(port)), timeout=5)
                sock.sendall(b"GET / HTTP/1.1\r\n")
                held.append(sock)
            for sock in held:
                try:
                    sock.sendall(b"X")
                except OSError:
                    sock.close()
            time.sleep(1)
        for sock in held:
            sock.close()
    attacker = threading.Thread(target=hold, daemon=True)
    attacker.start()
    try:
        time.sleep(2)
        report("200 slow-header connections", normal_client(url, 20))
    finally:
        stopping.set()
        attacker.join(10)
        stop(process)


# ---------------------------------------------------------------- 6. processes

def corpus(folder: Path, texts: int = 60) -> Path:
    folder.mkdir(exist_ok=True)
    for i in range(texts):
        (folder / f"{i:03}.txt").write_text(f"{i}. {RUSSIAN}", encoding="utf-8")
    return folder


def descendants(pid: int) -> set[int]:
    found, frontier = set(), [pid]
    while frontier:
        parent = frontier.pop()
        for child in children(parent):
            if child not in found:
                found.add(child)
                frontier.append(child)
    return found


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_a_stopped_build_leaves_no_worker_behind(tmp_path, how):
    texts = corpus(tmp_path / "texts", 200)
    process = subprocess.Popen(KG + ["build", str(texts), "-o", str(tmp_path / "out"), "--workers", "2",
                                     "--no-cache"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(descendants(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    left = descendants(process.pid)
    assert len(left) >= 2, "the build started no workers"
    time.sleep(1)
    process.send_signal(how)
    process.wait(30)
    deadline = time.monotonic() + 10
    while any(status_field(pid, "PPid") for pid in left) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in left if status_field(pid, "PPid")], "workers outlived the build"


# ---------------------------------------------------------------- 8-11. inputs

def test_one_bad_byte_in_utf8_is_replaced_with_a_note_naming_the_file(tmp_path):
    from kg.inputs.load import load_documents
    (tmp_path / "news.txt").write_bytes(RUSSIAN.encode() + b"\xff" + "Конец.".encode())
    (tmp_path / "old.txt").write_bytes(RUSSIAN.encode("cp1251"))
    documents, _ = load_documents(tmp_path)
    by_id = {document.id: document for document in documents}
    assert by_id["news.txt"].text.startswith(RUSSIAN) and "\ufffdКонец." in by_id["news.txt"].text
    assert "replaced" in by_id["news.txt"].encoding
    assert by_id["old.txt"].encoding == "cp1251" and by_id["old.txt"].text == RUSSIAN


@pytest.mark.parametrize("line, message", [
    ("[" * 200_000, "nested"),
    ('{"id": "a", "text": "x", "n": ' + "1" * 100_000 + "}", "number"),
])
def test_hostile_json_lines_are_one_line_naming_the_line(tmp_path, line, message):
    corpus_file = tmp_path / "news.jsonl"
    good = json.dumps({"id": "ok", "text": RUSSIAN}, ensure_ascii=False)
    corpus_file.write_text(good + "\n" + line + "\n", encoding="utf-8")
    result = cli("build", corpus_file, "-o", tmp_path / "out")
    assert result.returncode == 1 and f"{corpus_file}:2:" in result.stderr and message in result.stderr, result.stderr
    assert "internal error" not in result.stderr and result.stderr.count("\n") == 1


def test_a_json_lines_file_without_newlines_is_read_no_further_than_the_limit(tmp_path):
    import tracemalloc

    from kg.errors import KgError
    from kg.inputs.jsonl import load_jsonl
    corpus_file = tmp_path / "news.jsonl"
    corpus_file.write_bytes(b'{"id": "a", "text": "' + b"x" * 60_000_000)
    tracemalloc.start()
    try:
        with pytest.raises(KgError, match=f"{corpus_file}:1:.*longer than"):
            load_jsonl(corpus_file, max_bytes=1_000_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000


def test_links_leaving_the_input_folder_are_skipped_and_listed(tmp_path):
    from kg.inputs.load import load_documents
    outside = tmp_path / "secret.txt"
    outside.write_text(RUSSIAN, encoding="utf-8")
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "own.txt").write_text(RUSSIAN, encoding="utf-8")
    (folder / "inside.txt").symlink_to(folder / "own.txt")
    (folder / "leak.txt").symlink_to(outside)
    documents, skipped = load_documents(folder)
    assert sorted(document.id for document in documents) == ["inside.txt", "own.txt"]
    assert [(s.path, "outside the input folder" in s.reason) for s in skipped] == [("leak.txt", True)]


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("terminal")
    corpus_file = folder / "news.jsonl"
    corpus_file.write_text(json.dumps({"id": "evil\x1b]0;pwned\x07\x1b[2J", "title": "\x1b[31mred\x9b",
                                       "text": RUSSIAN}, ensure_ascii=False) + "\n", encoding="utf-8")
    result = cli("build", corpus_file, "-o", folder / "out", "--no-page")
    assert result.returncode == 0, result.stderr
    turtle = (folder / "out" / "graph.ttl").read_text(encoding="utf-8")
    edited = turtle.replace("Сергей Лавров", "\\u001B]0;pwned\\u0007Лавров")
    (folder / "edited.ttl").write_text(edited, encoding="utf-8")
    return folder


def on_terminal(*args) -> tuple[int, str]:
    """(exit code, what it printed) of `kg` with a terminal as its standard output."""
    import pty
    main, secondary = pty.openpty()
    try:
        result = subprocess.run(KG + [str(a) for a in args], cwd=ROOT, stdout=secondary, stderr=subprocess.PIPE,
                                timeout=120, check=False)
        os.close(secondary)
        printed = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            printed += chunk
    finally:
        os.close(main)
    return result.returncode, printed.decode("utf-8", errors="replace") + result.stderr.decode()


@pytest.mark.slow  # kg on a terminal: a process of its own
@pytest.mark.parametrize("command", [
    ["query", "SELECT ?d ?t ?l WHERE { ?d kg:headline ?t ; rdfs:label ?l }", "-g", "out"],
    ["query", "SELECT ?d ?l WHERE { ?d a kg:Document ; rdfs:label ?l }", "-f", "csv", "-g", "out"],
    ["query", "SELECT ?d ?t WHERE { ?d kg:headline ?t }", "-f", "json", "-g", "out"],
    ["stats", "-g", "edited.ttl"],
    ["stats", "-f", "csv", "-g", "edited.ttl"],
])
def test_control_characters_never_reach_the_terminal(hostile_build, command):
    code, output = on_terminal(*command[:-1], hostile_build / command[-1])
    assert code == 0, output
    assert "\x1b" not in output and "\x07" not in output and "\x9b" not in output


@pytest.mark.slow  # kg's query worker process
def test_the_escaped_output_still_shows_the_characters(hostile_build):
    result = cli("query", "SELECT ?t WHERE { ?d kg:headline ?t }", "-g", hostile_build / "out")
    assert "\\x1b[31mred" in result.stdout, result.stdout
