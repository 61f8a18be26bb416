"""`kg serve`: the graph over the SPARQL 1.1 Protocol, read-only, and its page at `/`.

Routes: `/query` (also `/sparql`) answers GET `?query=` and POST (a form, or the query as an
`application/sparql-query` body); `/update` refuses; `/` is the interactive graph page.
Results by content negotiation (the `Accept` header, or a `format=` parameter): SPARQL
JSON, XML, CSV or TSV for SELECT and ASK; Turtle, N-Triples, JSON-LD or RDF/XML for
CONSTRUCT and DESCRIBE. Queries run in `kg.sparql.workers`'s worker processes under a time
and a memory limit, where `kg.sparql.screen` first refuses, on the parsed query, what would
fetch URLs, change the graph or overflow the parser; `kg.serve.fair` gives clients their turns
so that slow queries cannot take every worker, and `kg.serve.connections` keeps idle and slow
connections from shutting anyone out. A request from another web site's page (its `Origin`,
or `Sec-Fetch-Site` for the requests that send no Origin) is refused unless `--cors` names it.

>>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_TYPES, "JSON")
'XML'
>>> negotiate("*/*", GRAPH_TYPES, "TURTLE")
'TURTLE'
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import socket
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request as HttpRequest
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from kg.errors import KgError
from kg.sparql.screen import MAX_QUERY_BYTES
from kg.sparql.workers import Answer, QueryPool, Request, default_memory_mb
from kg.text import shorten

from .connections import HEAD_SECONDS, guarded
from .fair import FairTurns

# media type -> a pyoxigraph QueryResultsFormat / RdfFormat name; the first is the default
RESULT_TYPES = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
    "text/xml": "XML",
}
GRAPH_TYPES = {
    "text/turtle": "TURTLE",
    "application/x-turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "text/plain": "N_TRIPLES",
    "application/ld+json": "JSON_LD",
    "application/rdf+xml": "RDF_XML",
}
# `format=` / `output=` parameter (Fuseki's, SPARQLWrapper's) -> (results format, graph format)
FORMAT_PARAMETER = {
    "json": ("JSON", "JSON_LD"), "xml": ("XML", "RDF_XML"), "csv": ("CSV", None), "tsv": ("TSV", None),
    "turtle": (None, "TURTLE"), "ttl": (None, "TURTLE"), "nt": (None, "N_TRIPLES"),
    "ntriples": (None, "N_TRIPLES"), "n-triples": (None, "N_TRIPLES"), "jsonld": (None, "JSON_LD"),
    "json-ld": (None, "JSON_LD"), "rdf": (None, "RDF_XML"), "rdfxml": (None, "RDF_XML"),
}
READ_ONLY = "this SPARQL endpoint is read-only: SPARQL Update is refused"
LOOPBACK_NAMES = ["127.0.0.1", "localhost", "::1", "[::1]"]
STOP_SECONDS = 2   # on Ctrl-C, queries still running after this are dropped with their workers
FOREIGN_SITES = {"cross-site", "same-site"}   # Sec-Fetch-Site of another origin's page (another port too)
Parameters = dict[str, list[str]]   # a protocol request's parameters, each possibly repeated


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 7878
    workers: int = 2
    time_limit: float = 30.0
    max_bytes: int = 20_000_000
    cors: tuple[str, ...] = ()      # origins allowed to read answers from a browser, or "*"
    in_memory: bool = False         # each worker loads the graph into memory: faster queries, more memory
    max_memory_mb: float | None = None   # per worker; None: half the machine's memory shared by the workers
    max_query_bytes: int = MAX_QUERY_BYTES
    max_connections: int = 32       # requests answered at once (idle connections and shared runs aside)
    header_timeout: float = HEAD_SECONDS   # seconds a connection has to send a request's head
    body_timeout: float = 30.0      # seconds a client has to send a request's body

    @property
    def max_memory(self) -> int:
        return int((self.max_memory_mb or default_memory_mb(self.workers)) * 1_000_000)

    @property
    def max_body(self) -> int:
        """A form-encoded query takes up to three bytes a byte (%D0%BF for «п»)."""
        return 3 * self.max_query_bytes + 10_000


# ---------------------------------------------------------------- content negotiation

def negotiate(accept: str, offers: dict[str, str], default: str) -> str:
    """The offered format the Accept header likes best; the default when it likes none."""
    for media_type in _by_preference(accept):
        if media_type in ("*/*", "*"):
            return default
        if media_type.endswith("/*"):
            major = media_type[:-1]
            found = [name for offered, name in offers.items() if offered.startswith(major)]
            if found:
                return default if default in found else found[0]
        elif media_type in offers:
            return offers[media_type]
    return default


def _by_preference(accept: str) -> list[str]:
    ranked = []
    for position, part in enumerate(accept.split(",")):
        media_type, *parameters = [piece.strip() for piece in part.split(";")]
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media_type and quality > 0:
            ranked.append((-quality, position, media_type.lower()))
    return [media_type for *_, media_type in sorted(ranked)]


def formats(http: HttpRequest, parameters: Parameters) -> tuple[str, str]:
    """(results format, graph format) from a `format=` parameter, else from the Accept header."""
    named = first(parameters, "format") or first(parameters, "output") or ""
    results, graph = FORMAT_PARAMETER.get(named.lower(), (None, None))
    accept = http.headers.get("accept", "*/*")
    return (results or negotiate(accept, RESULT_TYPES, "JSON"),
            graph or negotiate(accept, GRAPH_TYPES, "TURTLE"))


# ---------------------------------------------------------------- the protocol

async def read_parameters(http: HttpRequest, max_body: int, body_timeout: float = 30.0) -> Parameters | Response:
    """The protocol's parameters (`query`, `default-graph-uri`…) from the URL and the body,
    or the response refusing the request."""
    parameters: Parameters = {}
    for name, value in http.query_params.multi_items():
        parameters.setdefault(name, []).append(value)
    if http.method == "POST":
        content_type = http.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            body = await asyncio.wait_for(read_body(http, max_body), body_timeout)
        except asyncio.TimeoutError:
            return PlainTextResponse(f"the request body took longer than {body_timeout:g} s to arrive\n",
                                     status_code=408)
        if body is None:
            return PlainTextResponse(f"the request body is larger than {max_body / 1_000_000:g} MB "
                                     "(three times the server's --max-query-kb)\n", status_code=413)
        if content_type == "application/sparql-query":
            parameters["query"] = [body]
        elif content_type == "application/sparql-update":
            parameters["update"] = [body]
        elif content_type == "application/x-www-form-urlencoded":
            for name, values in urllib.parse.parse_qs(body, keep_blank_values=True).items():
                parameters.setdefault(name, []).extend(values)
        else:
            return PlainTextResponse(f"unsupported Content-Type '{content_type}': send a form or "
                                     "application/sparql-query\n", status_code=415)
    return parameters


async def read_body(http: HttpRequest, max_body: int) -> str | None:
    """The body as text, or None past max_body bytes (read no further than that)."""
    declared = http.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_body:
        return None
    parts, size = [], 0
    async for part in http.stream():
        size += len(part)
        if size > max_body:
            return None
        parts.append(part)
    return b"".join(parts).decode("utf-8", errors="replace")


def first(parameters: Parameters, name: str) -> str | None:
    values = parameters.get(name)
    return values[0] if values else None


def refuse(_http: HttpRequest) -> Response:
    return PlainTextResponse(READ_ONLY + "\n", status_code=403)


def make_request(http: HttpRequest, parameters: Parameters, max_query_bytes: int = MAX_QUERY_BYTES) -> Request:
    results_format, graph_format = formats(http, parameters)
    return Request(first(parameters, "query") or "", results_format, graph_format,
                   default_graphs=tuple(parameters.get("default-graph-uri", ())),
                   named_graphs=tuple(parameters.get("named-graph-uri", ())), max_query_bytes=max_query_bytes)


def sparql_endpoint(turns: FairTurns, settings: Settings) -> Callable:
    """The worker decides on the parsed query (kg.sparql.screen); here only its size."""
    async def endpoint(http: HttpRequest) -> Response:
        parameters = await read_parameters(http, settings.max_body, settings.body_timeout)
        if isinstance(parameters, Response):
            return parameters
        text = first(parameters, "query")
        if "update" in parameters:
            return refuse(http)
        if not text or not text.strip():
            return PlainTextResponse("no query: pass the SPARQL text as ?query=… or POST it\n", status_code=400)
        size = len(text.encode("utf-8"))
        if size > settings.max_query_bytes:
            return PlainTextResponse(f"the query is {size / 1000:,.0f} KB; at most "
                                     f"{settings.max_query_bytes / 1000:,.0f} KB are allowed (--max-query-kb)\n",
                                     status_code=413)
        client = http.client.host if http.client else ""
        answer: Answer = await turns.run(make_request(http, parameters, settings.max_query_bytes), client)
        headers = {"Vary": "Accept"}
        if answer.retry_after:
            headers["Retry-After"] = str(answer.retry_after)
        return Response(answer.body, status_code=answer.status, media_type=answer.media_type, headers=headers)
    return endpoint


# ---------------------------------------------------------------- the page

def page_source(graph_path: Path) -> Callable[[], str]:
    """The graph.html `kg build` wrote beside the graph when it is not older; else rendered
    once for each version of the graph (a build may replace it while the server runs)."""
    @functools.lru_cache(maxsize=1)
    def rendered(_version: int) -> str:
        from kg.page.render import render_page
        from kg.sparql.query import load_graph
        return render_page(load_graph(graph_path), title=f"kg: {graph_path.name}")

    def page() -> str:
        built = graph_path.with_name("graph.html")
        if built.is_file() and built.stat().st_mtime >= graph_path.stat().st_mtime:
            return built.read_text(encoding="utf-8")
        return rendered(graph_path.stat().st_mtime_ns)
    return page


def page_endpoint(page: Callable[[], str]) -> Callable:
    async def endpoint(_http: HttpRequest) -> Response:
        return HTMLResponse(await run_in_threadpool(page))
    return endpoint


# ---------------------------------------------------------------- the application

def create_app(turns: FairTurns, page: Callable[[], str], settings: Settings = Settings()) -> Starlette:
    sparql = sparql_endpoint(turns, settings)
    routes = [Route("/", page_endpoint(page)),
              Route("/query", sparql, methods=["GET", "POST"]),
              Route("/sparql", sparql, methods=["GET", "POST"]),
              Route("/update", refuse, methods=["GET", "POST"])]
    middleware = []
    if is_loopback(settings.host):  # a DNS-rebinding page must not read a local graph
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=LOOPBACK_NAMES + [settings.host]))
    middleware.append(Middleware(OriginCheck, allowed=settings.cors))
    if settings.cors:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(settings.cors),
                                     allow_methods=["GET", "POST"], allow_headers=["Content-Type", "Accept"]))
    return Starlette(routes=routes, middleware=middleware)


class OriginCheck:
    """Refuse (403) a request a page of another web site sent: a plain HTML form posts
    cross-origin without asking CORS, and an image or a script loads a URL with GET, so
    without this any page the user visits could make the server run queries. Browsers name
    the page's origin (`Origin`), and say whether it is another site's (`Sec-Fetch-Site`,
    the Fetch Metadata resource-isolation policy: on GET too, which sends no Origin); other
    clients send neither. The page at `/` may be opened from a link anywhere."""

    def __init__(self, app, allowed: tuple[str, ...] = ()):
        self.app, self.allowed = app, set(allowed)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]}
            origin = headers.get("origin")
            refused = origin is not None and not self.allows(origin, headers.get("host", ""))
            if not refused and headers.get("sec-fetch-site") in FOREIGN_SITES and scope["path"] != "/":
                refused = not (origin and self.allows(origin, ""))
            if refused:
                source = shorten(origin, 80) if origin else "another site"
                refusal = PlainTextResponse(f"requests from pages of {source} are refused; "
                                            "`kg serve --cors ORIGIN` allows an origin\n", status_code=403)
                await refusal(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def allows(self, origin: str, host: str) -> bool:
        return "*" in self.allowed or origin in self.allowed or origin == f"http://{host}"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def listen(host: str, port: int) -> socket.socket:
    """Bind before starting the server, so a port in use is one clear error (port 0: any free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as problem:
        sock.close()
        raise KgError(f"cannot listen on {host}:{port}: {problem.strerror or problem}") from problem
    sock.listen(128)
    return sock


def serve(graph_path: Path, settings: Settings = Settings(), announce: Callable[[str], None] = print) -> None:
    """Serve until Ctrl-C: the workers open the graph first, so a bad graph fails before listening."""
    if not graph_path.is_file():
        raise KgError(f"graph not found: {graph_path} (run `kg build` first)")
    sock = listen(settings.host, settings.port)
    try:
        with QueryPool(graph_path, settings.workers, settings.time_limit, settings.max_bytes,
                       settings.in_memory, settings.max_memory, spare=1) as pool:
            app = create_app(FairTurns(pool, max_turns=settings.max_connections), page_source(graph_path), settings)
            config = uvicorn.Config(app, log_level="warning", lifespan="off", http=guarded(settings.header_timeout),
                                    timeout_graceful_shutdown=STOP_SECONDS)
            server = StoppingServer(config, stop=pool.close)
            announce(f"serving {graph_path} at {base_url(sock)} (SPARQL endpoint: {base_url(sock)}query); "
                     "Ctrl-C stops")
            server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    announce("stopped")


class StoppingServer(uvicorn.Server):
    """uvicorn's server, whose stop first stops the query workers: every query still running
    ends at once, rather than at its time limit (and Ctrl-C with it)."""

    def __init__(self, config: uvicorn.Config, stop: Callable[[], None]):
        super().__init__(config)
        self.stop = stop

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self.stop()
        await super().shutdown(sockets)


def base_url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"
