"""Talking to a SPARQL server: queries and updates over the SPARQL 1.1 Protocol, uploads over
the Graph Store HTTP Protocol. Any failure is one KgError carrying the server's own message.

A query's answer comes back as the same `kg.sparql.query.Results` an embedded query gives, so the
saved queries print the same table, JSON or CSV whichever store answered them.

>>> with_prefixes("SELECT ?p WHERE { ?p a kg:Person }")
'PREFIX kg: <https://w3id.org/kgnews/ontology#> SELECT ?p WHERE { ?p a kg:Person }'
"""

from __future__ import annotations

import base64
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from http.client import HTTPException

from pyoxigraph import QueryResultsFormat, RdfFormat, parse, parse_query_results

from kg.errors import KgError
from kg.text import shorten

from .query import Results, adapt_results

TIMEOUT = 300.0
ACCEPT_RESULTS = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, "
                  "application/n-triples;q=0.8, text/turtle;q=0.7")
MAX_MESSAGE = 300


def query(endpoint: str, text: str, graph_iri: str | None = None, timeout: float = TIMEOUT) -> Results:
    """Run a query on a SPARQL endpoint (POST, as a form); `graph_iri` becomes its default graph."""
    fields = [("query", with_prefixes(text))]
    if graph_iri:
        fields.append(("default-graph-uri", graph_iri))
    body = urllib.parse.urlencode(fields).encode("ascii")
    content_type, answer = send(endpoint, body, "application/x-www-form-urlencoded", ACCEPT_RESULTS, timeout)
    return read_results(content_type, answer)


def update(endpoint: str, text: str, timeout: float = TIMEOUT) -> None:
    """Run SPARQL Update on an update endpoint (POST, as application/sparql-update)."""
    send(endpoint, text.encode("utf-8"), "application/sparql-update", None, timeout)


def graph_store(store: str, graph_iri: str, ntriples: bytes, replace: bool, timeout: float = TIMEOUT) -> None:
    """Graph Store Protocol: PUT replaces the named graph, POST adds to it."""
    separator = "&" if "?" in store else "?"
    url = store + separator + urllib.parse.urlencode({"graph": graph_iri})
    send(url, ntriples, "application/n-triples", None, timeout, method="PUT" if replace else "POST")


def with_prefixes(text: str) -> str:
    """The query with kg's usual prefixes declared, as `kg query` has them, unless it declares them.

    They go on the first line, so that a server's error still points at the user's line."""
    from kg.graph.vocab import PREFIXES
    declared = {name.lower() for name in re.findall(r"PREFIX\s+([\w.-]*):", text, re.I)}
    missing = [f"PREFIX {name}: <{namespace}>" for name, namespace in PREFIXES.items()
               if name.lower() not in declared and re.search(rf"(?<![\w:<]){name}:", text)]
    return " ".join(missing + [text])


# ---------------------------------------------------------------- HTTP

def send(url: str, body: bytes | None, content_type: str | None, accept: str | None, timeout: float,
         method: str = "POST") -> tuple[str, bytes]:
    """One request; (Content-Type, body) of a 2xx answer, else a KgError saying what went wrong."""
    url, headers = _credentials(url)
    if content_type:
        headers["Content-Type"] = content_type
    if accept:
        headers["Accept"] = accept
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as problem:
        raise KgError(f"{_public(url)} answered {problem.code} {problem.reason}: {_message(problem)}") from problem
    except urllib.error.URLError as problem:
        raise KgError(f"cannot reach {_public(url)}: {_reason(problem.reason)}") from problem
    except (socket.timeout, TimeoutError) as problem:
        raise KgError(f"no answer from {_public(url)} within {timeout:g} s") from problem
    except (HTTPException, OSError) as problem:
        raise KgError(f"connection to {_public(url)} failed: {problem}") from problem


def _credentials(url: str) -> tuple[str, dict]:
    """`http://user:password@host/...` becomes the plain URL and a Basic Authorization header."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise KgError(f"not an http(s) URL: {url}")
    if not parts.username:
        return url, {}
    netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
    secret = f"{urllib.parse.unquote(parts.username)}:{urllib.parse.unquote(parts.password or '')}"
    header = "Basic " + base64.b64encode(secret.encode("utf-8")).decode("ascii")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc)), {"Authorization": header}


def _public(url: str) -> str:
    return url.split("?")[0]


def _reason(reason) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused (is the server running?)"
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return "timed out"
    return str(getattr(reason, "strerror", None) or reason)


def _message(problem: urllib.error.HTTPError) -> str:
    try:
        text = problem.read().decode("utf-8", errors="replace")
    except OSError:
        return ""
    text = re.sub(r"<[^>]+>", " ", text) if "<html" in text.lower() else text
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

