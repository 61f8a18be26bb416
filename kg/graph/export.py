"""Serializing a graph to the RDF formats users load elsewhere."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.errors import KgError
from kg.graph.store import is_build_graph
from kg.graph.vocab import PREFIX_IRIS
from kg.output import write_atomic

FORMATS = {"ttl": ("turtle", ".ttl"), "nt": ("nt", ".nt"), "jsonld": ("json-ld", ".jsonld"),
           "xml": ("xml", ".rdf")}


def serialize(graph: Graph, format_: str) -> str:
    if format_ not in FORMATS:
        raise KgError(f"unknown format '{format_}' (one of: {', '.join(FORMATS)})")
    rdflib_format, _ = FORMATS[format_]
    if format_ == "nt":
        return "".join(sorted(graph.serialize(format="nt").splitlines(keepends=True)))
    if format_ == "jsonld":  # compacted: "kg:metWith", "person:sergey-lavrov" as the Turtle writes them
        return graph.serialize(format=rdflib_format, context=PREFIX_IRIS, auto_compact=True)
    return graph.serialize(format=rdflib_format)


def export(graph: Graph, format_: str, output: Path) -> Path:
    """Write the export; never over the graph.ttl a build wrote (its store would no longer match)."""
    if is_build_graph(output) and output.exists():
        raise KgError(f"{output} is the graph `kg build` wrote; export to another file (-o)")
    return write_atomic(output, serialize(graph, format_))


def default_output(graph_path: Path, format_: str) -> Path:
    """Beside the graph: graph.export.ttl, graph.nt, graph.jsonld, graph.rdf."""
    suffix = FORMATS[format_][1] if format_ in FORMATS else graph_path.suffix
    return graph_path.with_suffix(".export" + suffix if suffix == graph_path.suffix else suffix)
