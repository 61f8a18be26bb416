"""Talking to a SPARQL server: queries and updates over the SPARQL 1.1 Protocol, uploads over
the Graph Store HTTP Protocol. Any failure is one KgError carrying the server's own message.

A query's answer comes back as the same `kg.sparql.query.Results` an embedded query gives, so the
saved queries print the same table, JSON or CSV whichever store answered them.

>>> with_prefixes("SELECT ?p WHERE { ?p a kg:Person }")
'PREFIX kg: <https://w3id.org/kgnews/ontology#> SELECT ?p WHERE { ?p a kg:Person }'
"""

from __future__ import annotations

import base64
import http.client
import re
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass
from email.message import Message

from pyoxigraph import QueryResultsFormat, RdfFormat, parse, parse_query_results

from kg.errors import KgError
from kg.text import shorten

from .query import Results, adapt_results

TIMEOUT = 300.0                  # seconds for a whole request: connecting, sending, every byte of the answer
MAX_ANSWER = 200_000_000         # a query's answer
MAX_STATUS_ANSWER = 1_000_000    # an update's or an upload's answer: a status and a line or a page
MAX_ERROR_ANSWER = 64_000        # an error's message
MAX_REDIRECTS = 3
REDIRECTS = {301, 302, 303, 307, 308}
SAME_REQUEST = {307, 308}        # the redirects that keep the method and the body
ACCEPT_RESULTS = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, "
                  "application/n-triples;q=0.8, text/turtle;q=0.7")
MAX_MESSAGE = 300


def query(endpoint: str, text: str, graph_iri: str | None = None, timeout: float = TIMEOUT,
          max_bytes: int = MAX_ANSWER, deadline: float | None = None) -> Results:
    """Run a query on a SPARQL endpoint (POST, as a form); `graph_iri` becomes its default graph."""
    fields = [("query", with_prefixes(text))]
    if graph_iri:
        fields.append(("default-graph-uri", graph_iri))
    body = urllib.parse.urlencode(fields).encode("ascii")
    content_type, answer = send(endpoint, body, "application/x-www-form-urlencoded", ACCEPT_RESULTS, timeout,
                                max_bytes=max_bytes, deadline=deadline)
    return read_results(content_type, answer)


def update(endpoint: str, text: str, timeout: float = TIMEOUT, deadline: float | None = None) -> None:
    """Run SPARQL Update on an update endpoint (POST, as application/sparql-update)."""
    send(endpoint, text.encode("utf-8"), "application/sparql-update", None, timeout, deadline=deadline)


def graph_store(store: str, graph_iri: str, ntriples: bytes, replace: bool, timeout: float = TIMEOUT,
                deadline: float | None = None) -> None:
    """Graph Store Protocol: PUT replaces the named graph, POST adds to it."""
    separator = "&" if "?" in store else "?"
    url = store + separator + urllib.parse.urlencode({"graph": graph_iri})
    send(url, ntriples, "application/n-triples", None, timeout, method="PUT" if replace else "POST", deadline=deadline)


def with_prefixes(text: str) -> str:
    """The query with kg's usual prefixes declared, as `kg query` has them, unless it declares them.

    They go on the first line, so that a server's error still points at the user's line."""
    from kg.graph.vocab import PREFIXES
    declared = {name.lower() for name in re.findall(r"PREFIX\s+([\w.-]*):", text, re.IGNORECASE)}
    missing = [f"PREFIX {name}: <{namespace}>" for name, namespace in PREFIXES.items()
               if name.lower() not in declared and re.search(rf"(?<![\w:<]){name}:", text)]
    return " ".join(missing + [text])


# ---------------------------------------------------------------- HTTP

def send(url: str, body: bytes | None, content_type: str | None, accept: str | None, timeout: float,
         method: str = "POST", max_bytes: int = MAX_STATUS_ANSWER, deadline: float | None = None) -> tuple[str, bytes]:
    """One request, within `timeout` seconds in all (or by `deadline`, a time.monotonic(), when
    the request is one of several that share the timeout); (Content-Type, body) of a 2xx answer read
    up to `max_bytes`, else a KgError saying what went wrong. A redirect is followed only when
    it is a 307 or 308 to the same origin (the body and the credentials go along unchanged);
    any other is an error naming where it pointed: credentials never leave for another host,
    and an answer from elsewhere is never taken for the server's."""
    url, headers = _credentials(url)
    if content_type:
        headers["Content-Type"] = content_type
    if accept:
        headers["Accept"] = accept
    deadline = deadline or time.monotonic() + timeout
    origin = _origin(url)
    for _ in range(MAX_REDIRECTS + 1):
        answer = _exchange(url, method, body, headers, deadline, timeout, max_bytes)
        if answer.status in REDIRECTS:
            location = urllib.parse.urljoin(url, answer.headers.get("Location", ""))
            if answer.status not in SAME_REQUEST or _origin(location) != origin:
                raise KgError(f"{_public(url)} answered {answer.status} {answer.reason}, a redirect to "
                              f"{_public(location)}: kg follows only 307 and 308 redirects to the same scheme, host "
                              "and port; give the URL the server wants")
            url = location
            continue
        if not 200 <= answer.status < 300:
            raise KgError(f"{_public(url)} answered {answer.status} {answer.reason}: "
                          f"{_message(answer.body, answer.headers.get('Content-Type', ''))}")
        return answer.headers.get("Content-Type", ""), answer.body
    raise KgError(f"{_public(url)} redirected more than {MAX_REDIRECTS} times")


@dataclass(frozen=True)
class _Answer:
    status: int
    reason: str
    headers: Message
    body: bytes


def _exchange(url: str, method: str, body: bytes | None, headers: dict, deadline: float, timeout: float,
              max_bytes: int) -> _Answer:
    """One HTTP exchange, cut off at the deadline whatever the server does (a byte every few
    seconds included): a watchdog shuts the socket down."""
    parts = urllib.parse.urlsplit(url)
    left = deadline - time.monotonic()
    if left <= 0:
        raise KgError(f"no answer from {_public(url)} within {timeout:g} s (--timeout)")
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = kind(parts.hostname or "", parts.port, timeout=left)
    watchdog = threading.Timer(left, _cut)
    try:
        connection.connect()   # within the socket's timeout; then the watchdog holds the socket itself
        watchdog.args = (connection.sock,)
        watchdog.start()
        connection.request(method, urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, "")),
                           body=body, headers=headers)
        response = connection.getresponse()
        limit = max_bytes if 200 <= response.status < 300 else MAX_ERROR_ANSWER
        data = b"" if response.status in REDIRECTS else _read(response, limit, url)
        return _Answer(response.status, response.reason, response.headers, data)
    except (OSError, http.client.HTTPException) as problem:
        if time.monotonic() >= deadline - 0.01:
            raise KgError(f"no answer from {_public(url)} within {timeout:g} s (--timeout)") from None
        raise KgError(_failure(url, problem)) from None
    finally:
        watchdog.cancel()
        connection.close()


def _read(response: http.client.HTTPResponse, limit: int, url: str) -> bytes:
    parts, size = [], 0
    while chunk := response.read1(1 << 16):
        size += len(chunk)
        if size > limit:
            raise KgError(f"the answer of {_public(url)} is larger than {limit / 1_000_000:g} MB; kg read no further")
        parts.append(chunk)
    if response.length and 200 <= response.status < 300:   # closed before the length it announced
        raise http.client.IncompleteRead(b"".join(parts), response.length)
    return b"".join(parts)


def _cut(sock: socket.socket) -> None:
    """End every read and write on the socket (the response holds it after the connection
    object let go of it)."""
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _failure(url: str, problem: BaseException) -> str:
    if isinstance(problem, ConnectionRefusedError):
        return f"cannot reach {_public(url)}: connection refused (is the server running?)"
    if isinstance(problem, socket.gaierror):
        return f"cannot reach {_public(url)}: {problem.strerror or problem}"
    if isinstance(problem, http.client.IncompleteRead):
        return f"connection to {_public(url)} failed: the answer was cut short"
    if isinstance(problem, http.client.RemoteDisconnected):
        return f"connection to {_public(url)} failed: the server closed the connection without answering"
    reason = getattr(problem, "strerror", None) or problem or type(problem).__name__
    return f"connection to {_public(url)} failed: {reason}"


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url)
    try:
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        port = None
    return parts.scheme.lower(), (parts.hostname or "").lower(), port


def _credentials(url: str) -> tuple[str, dict]:
    """`http://user:password@host/...` becomes the plain URL and a Basic Authorization header."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise KgError(f"not an http(s) URL: {_public(url)}")
    if not parts.username:
        return url, {}
    netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
    secret = f"{urllib.parse.unquote(parts.username)}:{urllib.parse.unquote(parts.password or '')}"
    header = "Basic " + base64.b64encode(secret.encode("utf-8")).decode("ascii")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc)), {"Authorization": header}


def _public(url: str) -> str:
    """The URL without its query string, user name and password (safe to print)."""
    parts = urllib.parse.urlsplit(url)
    netloc = parts.netloc.rpartition("@")[2]
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def _message(body: bytes, content_type: str) -> str:
    text = body.decode("utf-8", errors="replace")
    text = re.sub(r"<[^>]+>", " ", text) if "html" in content_type.lower() or "<html" in text.lower() else text
    return shorten(text, MAX_MESSAGE) or "(no message)"


# ---------------------------------------------------------------- answers

def read_results(content_type: str, body: bytes) -> Results:
    """SPARQL results (JSON, XML, TSV) or an RDF graph (a CONSTRUCT's) as kg's Results."""
    media_type = content_type.split(";")[0].strip().lower()
    try:
        results_format = QueryResultsFormat.from_media_type(media_type) if media_type else None
        if results_format is not None and results_format != QueryResultsFormat.CSV:
            return adapt_results(parse_query_results(body, format=results_format))
        rdf_format = RdfFormat.from_media_type(media_type) if media_type else None
        if rdf_format is not None:
            return adapt_results(parse(body, format=rdf_format))
    except (SyntaxError, ValueError) as problem:
        raise KgError(f"the server's answer is not valid {media_type}: {problem}") from problem
    raise KgError(f"the server answered in a format kg cannot read: '{content_type or 'none given'}'")

