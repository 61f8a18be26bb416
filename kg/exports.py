"""`kg export`: a graph in the formats other tools load.

- RDF (Turtle, N-Triples, JSON-LD, RDF/XML) for triple stores and RDF libraries;
- its network for the tools analysts use: GraphML and GEXF (Gephi, Cytoscape, yEd), and CSV
  nodes and edges with the header `neo4j-admin database import` reads (pandas reads them too).
  Every node carries its type, label, aliases, community, centrality (over the relation
  network) and first and last date; every edge its relation, weight (sentences), label and
  dates. The relation edges are those the page draws; co-mentions are edges of relation
  `coMention`.
"""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
from rdflib import Graph

from kg.analysis.measures import Measures, measure
from kg.analysis.networks import Networks, read_networks
from kg.analysis.read import CO_MENTION
from kg.errors import KgError
from kg.graph.store import is_build_graph
from kg.graph.vocab import PREFIX_IRIS
from kg.output import csv_table, write_atomic

RDF_FORMATS = {"ttl": ("turtle", ".ttl"), "nt": ("nt", ".nt"), "jsonld": ("json-ld", ".jsonld"),
               "xml": ("xml", ".rdf")}
NETWORK_FORMATS = ("graphml", "gexf", "csv")
NODE_FIELDS = (  # Neo4j header: name:type; id:ID and :LABEL are Neo4j's own columns
    ("id", "id:ID"), ("label", "label"), ("type", ":LABEL"), ("aliases", "aliases:string[]"),
    ("community", "community:int"), ("degree", "degree:int"), ("weighted_degree", "weighted_degree:double"),
    ("betweenness", "betweenness:double"), ("pagerank", "pagerank:double"),
    ("co_mention_degree", "co_mention_degree:int"), ("first_date", "first_date"), ("last_date", "last_date"),
)
EDGE_FIELDS = (
    ("source", ":START_ID"), ("target", ":END_ID"), ("relation", ":TYPE"), ("weight", "weight:int"),
    ("label", "label"), ("first_date", "first_date"), ("last_date", "last_date"),
)
NEO4J_LABELS = {"person": "Person", "organization": "Organization", "place": "Place", "event": "Event"}


def serialize(graph: Graph, format_: str) -> str:
    if format_ not in RDF_FORMATS:
        raise KgError(f"unknown format '{format_}' (one of: {', '.join(RDF_FORMATS)})")
    rdflib_format, _ = RDF_FORMATS[format_]
    if format_ == "nt":
        return "".join(sorted(graph.serialize(format="nt").splitlines(keepends=True)))
    if format_ == "jsonld":  # compacted: "kg:metWith", "person:sergey-lavrov" as the Turtle writes them
        return graph.serialize(format=rdflib_format, context=PREFIX_IRIS, auto_compact=True)
    return graph.serialize(format=rdflib_format)


def export_rdf(graph: Graph, format_: str, output: Path) -> Path:
    """Write the export; never over the graph.ttl a build wrote (its store would no longer match)."""
    if is_build_graph(output) and output.exists():
        raise KgError(f"{output} is the graph `kg build` wrote; export to another file (-o)")
    return write_atomic(output, serialize(graph, format_))


def default_output(graph_path: Path, format_: str) -> Path:
    """Beside the graph: graph.export.ttl, graph.nt, graph.jsonld, graph.rdf; network.graphml,
    network.gexf, network-nodes.csv and network-edges.csv."""
    if format_ in NETWORK_FORMATS:
        return graph_path.with_name("network" if format_ == "csv" else f"network.{format_}")
    suffix = RDF_FORMATS[format_][1] if format_ in RDF_FORMATS else graph_path.suffix
    return graph_path.with_suffix(".export" + suffix if suffix == graph_path.suffix else suffix)


def export_network(networks: Networks, measured: Measures | None = None) -> nx.MultiDiGraph:
    """The annotated network every format writes; attribute values are str, int or float."""
    measured = measured or measure(networks.relations)
    co_degree = dict(networks.co_mentions.degree())
    network: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for node, data in networks.drawn.nodes(data=True):
        dates = data["dates"]
        network.add_node(node, label=data["label"], type=data["type"], aliases="; ".join(data["aliases"]),
                         community=measured.community.get(node, -1), degree=measured.degree[node],
                         weighted_degree=measured.weighted_degree[node], betweenness=measured.betweenness[node],
                         pagerank=measured.pagerank[node], co_mention_degree=co_degree.get(node, 0),
                         first_date=dates[0] if dates else "", last_date=dates[-1] if dates else "")
    for source, target, relation, data in networks.drawn.edges(keys=True, data=True):
        dates = data["dates"]
        network.add_edge(source, target, key=relation, relation=relation, weight=max(1, len(data["facts"])),
                         label=data["label"], first_date=dates[0] if dates else "",
                         last_date=dates[-1] if dates else "")
    weight: int  # sentences naming the two together
    for source, target, weight in networks.co_mentions.edges(data="weight"):
        network.add_edge(source, target, key=CO_MENTION, relation=CO_MENTION, weight=weight,
                         label=f"{weight} sentence{'s' if weight != 1 else ''}", first_date="", last_date="")
    return network


def write_network(networks: Networks, format_: str, output: Path) -> list[Path]:
    """GraphML or GEXF to `output`; CSV as `output`-nodes.csv and `output`-edges.csv."""
    if format_ not in NETWORK_FORMATS:
        raise KgError(f"unknown network format '{format_}' (one of: {', '.join(NETWORK_FORMATS)})")
    network = export_network(networks)
    if format_ == "csv":
        nodes, edges = csv_files(network)
        stem = output.with_suffix("")
        return [write_atomic(Path(f"{stem}-nodes.csv"), nodes), write_atomic(Path(f"{stem}-edges.csv"), edges)]
    # written whole, UTF-8: networkx's line generators spell every Cyrillic letter as &#1052;
    buffer = io.BytesIO()
    (nx.write_graphml if format_ == "graphml" else nx.write_gexf)(network, buffer, encoding="utf-8")
    return [write_atomic(output, buffer.getvalue())]


def csv_files(network: nx.MultiDiGraph) -> tuple[str, str]:
    nodes = csv_table([header for _, header in NODE_FIELDS],
                   ([_node_value(name, node, data) for name, _ in NODE_FIELDS]
                    for node, data in network.nodes(data=True)))
    edges = csv_table([header for _, header in EDGE_FIELDS],
                   ([{"source": s, "target": t}.get(name, data.get(name)) for name, _ in EDGE_FIELDS]
                    for s, t, data in network.edges(data=True)))
    return nodes, edges


def _node_value(name, node, data):
    if name == "id":
        return node
    if name == "type":
        return NEO4J_LABELS[data["type"]]
    if name == "aliases":
        return data["aliases"].replace("; ", ";")  # Neo4j's array delimiter
    return data[name]


def export(graph_path: Path, format_: str, output: Path | None = None) -> list[Path]:
    """`kg export -f FORMAT` of a graph.ttl: the files written."""
    output = output or default_output(graph_path, format_)
    if format_ in NETWORK_FORMATS:
        return write_network(read_networks(graph_path), format_, output)
    from kg.sparql.query import load_graph
    return [export_rdf(load_graph(graph_path), format_, output)]
