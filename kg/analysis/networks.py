"""The two networks an analyst measures, read from a kg graph:

- the relation network: the page's entities and the five relations between them (and an
  event's place, a person's post at an organization), weighted by the sentences behind each;
- the co-mention network: entities named in one sentence, weighted by how many sentences.

Both are undirected simple `nx.Graph`s keyed by IRI over the same nodes (every entity the page
draws), so a measure of one can be set beside the other's. `Networks.drawn` keeps the page's
MultiDiGraph (kg.analysis.read), whose edges carry each fact's date, document and sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib import Graph

from kg.graph.plain import PlainGraph
from kg.graph.vocab import IRI

from .read import network_from_graph


@dataclass
class Networks:
    drawn: nx.MultiDiGraph      # kg.analysis.read's: relations with their facts
    relations: nx.Graph         # weight: sentences behind the relations of a pair (at least 1 a relation)
    co_mentions: nx.Graph       # weight: sentences naming both
    documents: int = 0

    def of(self, kind: str) -> nx.Graph:
        return {"relations": self.relations, "co-mentions": self.co_mentions}[kind]


KINDS = ("relations", "co-mentions")


def networks_from_graph(graph: PlainGraph | Graph) -> Networks:
    """The drawn network, its relation network and the co-mention network of a graph."""
    graph = PlainGraph.of(graph)
    drawn = network_from_graph(graph)
    return Networks(drawn, relation_network(drawn), co_mention_network(graph, drawn),
                    documents=sum(1 for _ in graph.subjects(IRI.type, IRI.Document)))


def relation_network(drawn: nx.MultiDiGraph) -> nx.Graph:
    return weighted_network(drawn, ((source, target, len(data["facts"]))
                                    for source, target, data in drawn.edges(data=True)))


def weighted_network(nodes, links) -> nx.Graph:
    """Over `nodes`, a pair's weight the sum of its links' facts, each link counting at least 1."""
    network: nx.Graph[str] = nx.Graph()
    network.add_nodes_from(nodes)
    for source, target, facts in links:
        weight = max(1, facts)
        if network.has_edge(source, target):
            network.edges[source, target]["weight"] += weight
        else:
            network.add_edge(source, target, weight=weight)
    return network


def co_mention_network(graph: PlainGraph, drawn: nx.MultiDiGraph) -> nx.Graph:
    network: nx.Graph[str] = nx.Graph()
    network.add_nodes_from(drawn)
    for node in graph.subjects(IRI.type, IRI.CoMention):
        members = sorted(m for m in graph.objects(node, IRI.member) if isinstance(m, str))  # IRIs
        count = graph.value(node, IRI.count)
        if len(members) == 2 and all(m in drawn for m in members) and count is not None:
            network.add_edge(*members, weight=int(str(count)))
    return network


def read_graph(path: Path) -> PlainGraph:
    """graph.ttl (through the store beside it when it matches) as plain triples: quick at a million."""
    from kg.graph.plain import plain_triples
    from kg.graph.store import open_store
    return PlainGraph(plain_triples(open_store(path)))


def read_networks(path: Path) -> Networks:
    """The networks of a graph.ttl `kg build` wrote (what `kg stats`, `kg path` and the network exports read)."""
    return networks_from_graph(read_graph(path))
