"""SPARQL over a built graph: saved queries by name, results as a table, SPARQL JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from pyparsing import ParseException
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from .errors import KgError
from .rdf import PREFIXES

QUERY_FOLDERS = (Path("queries"), Path(__file__).resolve().parent.parent / "queries")
UPDATE_WORDS = re.compile(r"^\s*(?:(?:PREFIX|BASE)\b[^\n]*\n\s*)*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
                          re.I)
SPARQL_START = re.compile(r"\s*(PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|WITH|LOAD|CLEAR|DROP)\b", re.I)
MAX_CELL = 80


@dataclass(frozen=True)
class Results:
    variables: list[str]
    rows: list[dict]        # variable -> rdflib term (missing when unbound)


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
        return saved[text].read_text(encoding="utf-8")
    if "{" in text or SPARQL_START.match(text):
        return text
    path = Path(text)
    if path.suffix in (".rq", ".sparql") or "/" in text:
        if not path.is_file():
            raise KgError(f"query file not found: {text}")
        return path.read_text(encoding="utf-8")
    names = ", ".join(sorted(saved)) or "none"
    raise KgError(f"unknown saved query '{text}' (saved queries: {names})")


def bind(text: str, bindings: dict[str, str]) -> str:
    """Put values into a saved query: its `VALUES ?name { ... }` block takes the given literal."""
    for name, value in bindings.items():
        pattern = re.compile(r"VALUES\s+\?" + re.escape(name) + r"\s*\{[^}]*\}", re.I)
        if not pattern.search(text):
            raise KgError(f"the query has no `VALUES ?{name} {{ ... }}` block to bind")
        text = pattern.sub(lambda _: f"VALUES ?{name} {{ {Literal(value).n3()} }}", text)
    return text


def parse_bindings(pairs: list[str]) -> dict[str, str]:
    bindings = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not re.fullmatch(r"\w+", name):
            raise KgError(f"--bind takes NAME=VALUE, got '{pair}'")
        bindings[name] = value
    return bindings


def load_graph(path: Path) -> Graph:
    if not path.is_file():
        raise KgError(f"graph not found: {path} (run `kg build` first)")
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as error:  # rdflib raises many parser types
        raise KgError(f"cannot read graph {path}: {error}") from error
    return graph


def run(graph: Graph, text: str, allow_update: bool = False) -> Results:
    if UPDATE_WORDS.match(_strip_comments(text)):
        if not allow_update:
            raise KgError("SPARQL Update refused: `kg query` is read-only")
        graph.update(text)
        return Results([], [])
    try:
        prepared = prepareQuery(text, initNs=PREFIXES)
    except ParseException as error:
        raise KgError(f"malformed SPARQL at line {error.lineno}, column {error.col}: {error.msg}") from error
    except Exception as error:
        raise KgError(f"malformed SPARQL: {error}") from error
    result = graph.query(prepared)
    if result.type == "ASK":
        return Results(["ask"], [{"ask": Literal(result.askAnswer)}])
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return Results(["subject", "predicate", "object"],
                       [dict(zip(("subject", "predicate", "object"), t)) for t in result.graph])
    variables = [str(v) for v in result.vars]
    rows = [{v: row[i] for i, v in enumerate(variables) if row[i] is not None} for row in result]
    return Results(variables, rows)


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


# ---------------------------------------------------------------- formats

def to_json(results: Results) -> str:
    """The SPARQL 1.1 Query Results JSON Format."""
    if results.variables == ["ask"] and len(results.rows) == 1 and "ask" in results.rows[0]:
        return json.dumps({"head": {}, "boolean": bool(results.rows[0]["ask"].toPython())})
    bindings = [{v: _json_term(t) for v, t in row.items()} for row in results.rows]
    return json.dumps({"head": {"vars": results.variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False, indent=1)


def _json_term(term) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    value = {"type": "literal", "value": str(term)}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype:
        value["datatype"] = str(term.datatype)
    return value


def to_csv(results: Results) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(results.variables)
    for row in results.rows:
        writer.writerow([str(row.get(v, "")) for v in results.variables])
    return out.getvalue()


def to_table(results: Results, graph: Graph | None = None) -> str:
    cells = [[_short(row.get(v), graph) for v in results.variables] for row in results.rows]
    widths = [max([len(v)] + [len(c[i]) for c in cells]) for i, v in enumerate(results.variables)]
    lines = [" | ".join(v.ljust(w) for v, w in zip(results.variables, widths)),
             "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(c.ljust(w) for c, w in zip(row, widths)) for row in cells]
    lines.append(f"({len(results.rows)} rows)")
    return "\n".join(lines)


def _short(term, graph: Graph | None) -> str:
    if term is None:
        return ""
    text = term.n3(graph.namespace_manager) if isinstance(term, URIRef) and graph is not None else str(term)
    text = " ".join(text.split())
    return text if len(text) <= MAX_CELL else text[:MAX_CELL - 1] + "…"
