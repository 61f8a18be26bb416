"""SPARQL over a built graph: saved queries by name, results as a table, SPARQL JSON or CSV.

Queries run in Oxigraph: the on-disk store `kg build` writes beside graph.ttl, or the
Turtle loaded in memory (`kg.graph.store.open_store`); an rdflib Graph is copied into one.
Results hold Oxigraph's own terms: building an rdflib term for each cell cost more than
the query.

>>> results = run(from_graph([]), 'SELECT ?x ?n WHERE { VALUES (?x ?n) { (kg:b "Б") (kg:a "А") } } ORDER BY ?n')
>>> print(to_table(results))
x    | n
-----+--
kg:a | А
kg:b | Б
(2 rows)
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from difflib import get_close_matches
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QuerySolutions, Store, Triple

from kg.data import ONTOLOGY, QUERIES
from kg.errors import KgError
from kg.graph.plain import collector_paused
from kg.graph.store import from_graph, graph_file
from kg.graph.vocab import ONTOLOGY_IRI, PREFIX_IRIS, PREFIXES
from kg.text import shorten, visible

from .screen import MAX_QUERY_BYTES, TOKEN, is_update, oxigraph_syntax_message, query_graphs, screen

if TYPE_CHECKING:
    from rdflib import Graph

# A `queries/` folder where kg runs comes first: a user's own queries, by name.
QUERY_FOLDERS = (Path("queries"), QUERIES)
SPARQL_START = re.compile(r"\s*(PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|WITH|LOAD|CLEAR|DROP)\b",
                          re.IGNORECASE)
MAX_CELL = 80
SELECT_ALL = re.compile(r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?\*", re.IGNORECASE)
REQUIRED = re.compile(r"VALUES\s+\?(\w+)\s*\{\s*UNDEF\s*\}", re.IGNORECASE)
PREFIXED = re.compile(r"(?<![\w?$<])([A-Za-z][\w.-]*)?:(?=[\w])")
DECLARED = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
MAX_MESSAGE = 160
TRIPLE_VARIABLES = ["subject", "predicate", "object"]
XSD = "http://www.w3.org/2001/XMLSchema#"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
# A final `ORDER BY ?a DESC(?b)`: kg sorts the rows itself (see _sorted)
ORDER_BY = re.compile(r"\bORDER\s+BY((?:\s*(?:(?:ASC|DESC)\s*\(\s*\?\w+\s*\)|\?\w+))+)\s*$", re.IGNORECASE)
ORDER_KEY = re.compile(r"(DESC)?\s*\(?\s*\?(\w+)", re.IGNORECASE)
# literal datatype -> (lexical form it must have, if any; sort key) for the columns kg sorts itself
SORTABLE = {
    XSD + "string": (None, str),
    XSD + "date": (re.compile(r"\d{4}-\d{2}-\d{2}"), str),
    XSD + "integer": (re.compile(r"[+-]?\d+"), int),
}
UNBOUND = (0, "")
# JSON escapes C0 controls itself; these it leaves, and a terminal would obey them
JSON_UNESCAPED = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Results:
    variables: list[str]
    rows: list[dict]        # variable -> pyoxigraph term (missing when unbound)


def saved_queries() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in QUERY_FOLDERS:
        if folder.is_dir():
            for path in sorted(folder.glob("*.rq")):
                found.setdefault(path.stem, path)
    return found


def query_text(query_or_file_or_name: str) -> str:
    """A SPARQL text, a path to a .rq file, or the name of a saved query."""
    text = query_or_file_or_name
    saved = saved_queries()
    if text in saved:
        return _read_query(saved[text])
    if "{" in text or SPARQL_START.match(text):
        return text
    path = Path(text)
    if path.suffix in (".rq", ".sparql") or "/" in text:
        if not path.is_file():
            raise KgError(f"query file not found: {text}")
        return _read_query(path)
    names = ", ".join(sorted(saved)) or "none"
    raise KgError(f"unknown saved query '{text}' (saved queries: {names})")


def _read_query(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as problem:
        raise KgError(f"query file {path} is not UTF-8 text (byte {problem.start}): save it as UTF-8") from problem
    except OSError as problem:
        raise KgError(f"cannot read query file {path}: {problem.strerror or problem}") from problem


def bind(text: str, bindings: dict[str, str]) -> str:
    """Put values into a saved query: its `VALUES ?name { ... }` block takes the given literal.
    A block holding only UNDEF is a value the query needs: left unbound, it is an error.

    >>> bind("SELECT * { VALUES ?name { UNDEF } }", {})
    Traceback (most recent call last):
    kg.errors.KgError: the query needs a value for ?name: --bind name=VALUE (kg query), name=VALUE (kg.Graph.query)
    """
    for name, value in bindings.items():
        text = _bound(text, name, value)
    required = REQUIRED.findall(text)
    if required:
        flags = " ".join(f"--bind {name}=VALUE" for name in required)
        keywords = ", ".join(f"{name}=VALUE" for name in required)
        raise KgError(f"the query needs a value for {', '.join('?' + n for n in required)}: "
                      f"{flags} (kg query), {keywords} (kg.Graph.query)")
    return text


def _bound(text: str, name: str, value: str) -> str:
    """The text with its `VALUES ?name { … }` block holding the value alone."""
    pattern = re.compile(r"VALUES\s+\?" + re.escape(name) + r"\s*\{[^}]*\}", re.IGNORECASE)
    if not pattern.search(text):
        raise KgError(f"the query has no `VALUES ?{name} {{ ... }}` block to bind")
    return pattern.sub(lambda _: f"VALUES ?{name} {{ {Literal(value)} }}", text)


def undefined_terms(text: str) -> list[str]:
    """A line for each kg: term the query names that the ontology does not define, with the
    closest term: a typo otherwise gives no rows and no hint.

    >>> undefined_terms("SELECT * { ?a kg:metwith ?b ; rdfs:label 'kg:x' }")
    ['kg:metwith is not in the ontology; did you mean kg:metWith?']
    """
    defined = ontology_terms()
    lowered = {term.lower(): term for term in defined}
    notes = []
    for name in dict.fromkeys(_kg_names(text)):
        if name in defined:
            continue
        close = lowered.get(name.lower()) or next(iter(get_close_matches(name, defined, n=1, cutoff=0.6)), None)
        hint = f"; did you mean kg:{close}?" if close else " (kg query terms lists the terms)"
        notes.append(f"kg:{name} is not in the ontology{hint}")
    return notes


def _kg_names(text: str):
    """Local names of the kg: terms a query names, outside strings and comments."""
    for found in TOKEN.finditer(text):
        token = found.group()
        if token.startswith("kg:") and len(token) > 3:
            yield token[3:].rstrip(".")
        elif token.startswith("<" + ONTOLOGY_IRI) and len(token) > len(ONTOLOGY_IRI) + 2:
            yield token[len(ONTOLOGY_IRI) + 1:-1]


@lru_cache(maxsize=1)
def ontology_terms() -> frozenset[str]:
    """The local names ontology/kg.ttl defines."""
    from rdflib import Graph
    graph = Graph().parse(ONTOLOGY / "kg.ttl", format="turtle")
    return frozenset(str(s)[len(ONTOLOGY_IRI):] for s in graph.subjects() if str(s).startswith(ONTOLOGY_IRI))


def parse_bindings(pairs: list[str]) -> dict[str, str]:
    bindings = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not re.fullmatch(r"\w+", name):
            raise KgError(f"--bind takes NAME=VALUE, got '{pair}'")
        bindings[name] = value
    return bindings


def load_graph(path: Path) -> Graph:
    from rdflib import Graph
    path = graph_file(path)
    if not path.is_file():
        raise KgError(f"graph not found: {path} (run `kg build` first)")
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as error:  # rdflib raises many parser types
        raise KgError(f"cannot read graph {path}: {error}") from error
    return graph


def run(graph: Store | Graph, text: str, allow_update: bool = False, allow_service: bool = False,
        max_bytes: int = MAX_QUERY_BYTES) -> Results:
    """Run a query over a store (or over a copy of an rdflib graph); Update needs allow_update,
    SERVICE and LOAD (the engine fetching URLs) allow_service. A query that would overflow the
    parser's stack is refused (kg.sparql.screen)."""
    update = is_update(text)
    if update and not allow_update:
        raise KgError("SPARQL Update refused: `kg query` is read-only (--allow-update runs it on a copy)")
    refusal = screen(text, max_bytes, allow_update=allow_update, allow_remote=allow_service)
    if refusal:
        hint = " (--allow-service allows it)" if refusal.status == 403 else ""
        raise KgError(refusal.message + hint)
    store = graph if isinstance(graph, Store) else from_graph(graph)  # an rdflib Graph: copied
    if update:
        _guarded(lambda: store.update(text, prefixes=PREFIX_IRIS), text)
        return Results([], [])
    return in_query_order(_select(store, text, PREFIX_IRIS), text)


def in_query_order(results: Results, text: str) -> Results:
    """`SELECT *` columns in the order the query first names them (Oxigraph sorts them by name).

    >>> in_query_order(Results(["a", "z"], []), "SELECT * { ?z ?p ?a }").variables
    ['z', 'a']
    """
    if not SELECT_ALL.search(text) or results.variables == TRIPLE_VARIABLES:
        return results
    named = [token[1:] for token in (found.group() for found in TOKEN.finditer(text)) if token[:1] in "?$"]
    first = {name: i for i, name in reversed(list(enumerate(named)))}
    order = sorted(results.variables, key=lambda v: first.get(v, len(named)))
    return Results(order, results.rows)


def _select(store: Store, text: str, prefixes: dict[str, str]) -> Results:
    """The rows, sorted here when a final ORDER BY allows: Oxigraph sorting strings on disk
    reads each string again at every comparison, which cost more than the query itself."""
    # Oxigraph evaluates lazily: errors can come while the rows are read, so read them here.
    graphs = query_graphs(text)
    order = ORDER_BY.search(text)
    if order and "#" not in text[text.rfind("\n", 0, order.start()) + 1:order.start()]:
        unordered = text[:order.start()]
        results = _guarded(lambda: adapt_results(store.query(unordered, prefixes=prefixes, **graphs)), text)
        keys = [(name, bool(desc)) for desc, name in ORDER_KEY.findall(order.group(1))]
        ordered = _sorted(results, keys)
        if ordered is not None:
            return ordered
    return _guarded(lambda: adapt_results(store.query(text, prefixes=prefixes, **graphs)), text)


def _sorted(results: Results, keys: list[tuple[str, bool]]) -> Results | None:
    """The rows in SPARQL's ORDER BY order (unbound first), when every key column holds one
    kind of term that sorts the same here as in Oxigraph; else None. Rows that tie keep
    their order, where Oxigraph's own sort leaves ties in any order."""
    order = list(range(len(results.rows)))
    for name, descending in reversed(keys):
        column = _sort_keys([row.get(name) for row in results.rows]) if name in results.variables else None
        if column is None:
            return None
        order.sort(key=column.__getitem__, reverse=descending)
    return Results(results.variables, [results.rows[i] for i in order])


def _sort_keys(column: list) -> list | None:
    """Each cell's sort key, read once (a term's value is a new string at every read)."""
    kinds, keys = set(), []
    for term in column:
        if term is None:
            keys.append(UNBOUND)
            continue
        kind, key = _kind_and_key(term)
        kinds.add(kind)
        keys.append((1, key))
    return keys if len(kinds) <= 1 and None not in kinds else None


def _kind_and_key(term) -> tuple:
    """What decides how a term sorts (IRI, blank node, or a literal's datatype and language)
    and its key; kind None for a term whose key would not sort as Oxigraph sorts it."""
    if isinstance(term, (NamedNode, BlankNode)):
        return type(term), term.value
    if not isinstance(term, Literal):
        return None, None
    language = term.language
    if language:  # rdf:langString, its datatype not read (a new term at every read)
        return (LANG_STRING, language), term.value
    datatype, value = term.datatype.value, term.value
    pattern, convert = SORTABLE.get(datatype, (None, None))
    if convert is None or (pattern is not None and not pattern.fullmatch(value)):
        return None, None
    return (datatype, term.language), convert(value)


def _guarded(evaluate: Callable, text: str = ""):
    try:
        return evaluate()
    except SyntaxError as error:
        unknown = unknown_prefixes(text) if "Prefix not found" in str(error) else []
        if unknown:
            raise KgError(f"unknown prefix {', '.join(p + ':' for p in unknown)} (declare it with PREFIX "
                          f"{unknown[0]}: <...>; predeclared: {', '.join(p + ':' for p in PREFIX_IRIS)})") from error
        raise KgError(oxigraph_syntax_message(str(error))) from error
    except (OSError, RuntimeError, ValueError) as error:
        raise KgError(f"query failed: {shorten(str(error), MAX_MESSAGE)}") from error


def unknown_prefixes(text: str) -> list[str]:
    """Prefixes the query uses that neither it nor kg declares (outside strings, comments, IRIs).

    >>> unknown_prefixes("PREFIX ex: <http://e/> SELECT * { ?a foaf:knows ex:b ; kg:x 'dc:t' }")
    ['foaf']
    """
    declared = set(PREFIX_IRIS) | {name or "" for name in DECLARED.findall(text)}
    used = [token.split(":", 1)[0] for token in (found.group() for found in TOKEN.finditer(text))
            if PREFIXED.match(token)]
    return [name for name in dict.fromkeys(used) if name not in declared]


def adapt_results(result) -> Results:
    """pyoxigraph's answer, from a store or parsed from a server: solutions, a boolean, or triples."""
    if isinstance(result, QueryBoolean):
        return Results(["ask"], [{"ask": Literal(bool(result))}])
    if isinstance(result, QuerySolutions):
        variables = [variable.value for variable in result.variables]
        with collector_paused():
            return Results(variables, [{v: term for v, term in zip(variables, solution) if term is not None}
                                       for solution in result])
    return Results(TRIPLE_VARIABLES, [dict(zip(TRIPLE_VARIABLES, (t.subject, t.predicate, t.object)))
                                      for t in result])


# ---------------------------------------------------------------- formats

def to_json(results: Results) -> str:
    """The SPARQL 1.1 Query Results JSON Format."""
    if results.variables == ["ask"] and len(results.rows) == 1 and "ask" in results.rows[0]:
        return json.dumps({"head": {}, "boolean": results.rows[0]["ask"].value == "true"})
    bindings = [{v: _json_term(t) for v, t in row.items()} for row in results.rows]
    document = json.dumps({"head": {"vars": results.variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False, indent=1)
    return JSON_UNESCAPED.sub(lambda found: f"\\u{ord(found.group()):04x}", document)


def _json_term(term) -> dict:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    value = {"type": "literal", "value": text(term)}
    if isinstance(term, Triple):
        return value
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype.value != XSD + "string":
        value["datatype"] = term.datatype.value
    return value


def text(term) -> str:
    """A cell as text: the IRI, the blank node's id, the literal's lexical form
    (an RDF-star triple term as N-Triples)."""
    return str(term) if isinstance(term, Triple) else term.value


def to_csv(results: Results) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(results.variables)
    for row in results.rows:
        writer.writerow([text(row[v]) if v in row else "" for v in results.variables])
    return out.getvalue()


def to_table(results: Results, width: int = MAX_CELL) -> str:
    """The rows as an aligned table, each cell cut at `width` characters (0: never cut)."""
    cells = [[_cell(row.get(v), width) for v in results.variables] for row in results.rows]
    widths = [max([len(v)] + [len(c[i]) for c in cells]) for i, v in enumerate(results.variables)]
    lines = [" | ".join(v.ljust(w) for v, w in zip(results.variables, widths)),
             "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(c.ljust(w) for c, w in zip(row, widths)) for row in cells]
    lines.append(f"({len(results.rows)} row{'' if len(results.rows) == 1 else 's'})")
    return "\n".join(lines)


def _cell(term, width: int = MAX_CELL) -> str:
    if term is None:
        return ""
    cell = visible(_prefixed(term.value) if isinstance(term, NamedNode) else text(term), keep="")
    return shorten(cell, width) if width else cell


def _prefixed(iri: str) -> str:
    """`person:sergey-lavrov` for the table (`res:fact/…` where no prefix fits: not meant to be parsed back)."""
    for name, namespace in sorted(PREFIXES.items(), key=lambda item: -len(str(item[1]))):
        if iri.startswith(str(namespace)):
            return f"{name}:{iri[len(str(namespace)):]}"
    return f"<{iri}>"
