"""Centrality and communities of a network, seeded so the same graph always gives the same figures.

- degree, weighted degree;
- betweenness: exact on a small network; on a big one estimated from `k` seeded source
  nodes (Brandes' sampling, as networkx's `k=`), k chosen so the work stays within seconds;
  networkx's algorithm and figures, computed in numpy (kg.analysis.brandes);
- PageRank: power iteration in numpy (networkx's own needs scipy, which kg does not install);
- communities: networkx's Louvain, seeded; above LOUVAIN_LIMIT linked nodes (Louvain takes
  ~50 s at 100,000 in networkx's pure Python) networkx's fast label propagation, seeded
  (~5 s); numbered by size, largest first.
Nodes in components of one or two nodes lie on no shortest path and form their own
community: the costly measures run on the rest only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx
import numpy as np

from . import brandes

SEED = 7
BETWEENNESS_BUDGET = 15_000_000  # sources × (nodes + edges): every node a source within it, else as many as fit
MIN_SOURCES = 4                  # (~30 ms a source at 100,000 nodes: kg.analysis.brandes)
LOUVAIN_LIMIT = 20_000           # linked nodes; above it, fast label propagation
MEASURES = ("degree", "weighted_degree", "betweenness", "pagerank")


@dataclass
class Measures:
    """Per node: the four centralities and a community number; how betweenness was reckoned."""
    degree: dict[str, int] = field(default_factory=dict)
    weighted_degree: dict[str, float] = field(default_factory=dict)
    betweenness: dict[str, float] = field(default_factory=dict)
    pagerank: dict[str, float] = field(default_factory=dict)
    community: dict[str, int] = field(default_factory=dict)
    communities: list[list[str]] = field(default_factory=list)   # largest first
    betweenness_sources: int | None = None                       # None: exact
    community_method: str = "Louvain"

    def of(self, measure: str) -> dict:
        return getattr(self, measure)


def measure(network: nx.Graph, *, communities: bool = True) -> Measures:
    core = _core(network)
    result = Measures(
        degree=dict(network.degree()),
        weighted_degree={node: float(d) for node, d in network.degree(weight="weight")},
        pagerank=pagerank(network),
    )
    result.betweenness, result.betweenness_sources = betweenness(network, core)
    if communities:
        result.communities, result.community_method = louvain(network, core)
        result.community = {node: i for i, members in enumerate(result.communities) for node in members}
    return result


def _core(network: nx.Graph) -> nx.Graph:
    """The components of three nodes or more, in sorted node order."""
    nodes = sorted(node for component in nx.connected_components(network) if len(component) > 2 for node in component)
    core: nx.Graph[str] = nx.Graph()
    core.add_nodes_from(nodes)
    core.add_edges_from(sorted((u, v, d) for u, v, d in network.edges(nodes, data=True)))
    return core


def betweenness(network: nx.Graph, core: nx.Graph) -> tuple[dict[str, float], int | None]:
    """Normalized over the whole network; `k` sources when sampled, None when exact."""
    work = len(core) + core.number_of_edges()
    k = None if len(core) * work <= BETWEENNESS_BUDGET else max(MIN_SOURCES, BETWEENNESS_BUDGET // work)
    values = dict.fromkeys(network, 0.0)
    if len(core):
        found = brandes.betweenness(core, k, seed=SEED)  # networkx's figures, in numpy
        pairs = (len(network) - 1) * (len(network) - 2) / 2 or 1
        values.update({node: value / pairs for node, value in found.items()})
    return values, k


def pagerank(network: nx.Graph, alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 200) -> dict[str, float]:
    """Weighted PageRank of an undirected network (each edge both ways); a node with no link
    gives its rank to all, as networkx does. Matches `networkx`'s to 1e-8."""
    nodes = list(network)
    if not nodes:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    edges = [(index[u], index[v], float(d.get("weight", 1))) for u, v, d in network.edges(data=True) if u != v]
    ends = np.array([(u, v) for u, v, _ in edges] + [(v, u) for u, v, _ in edges], dtype=np.int64).reshape(-1, 2)
    weights = np.array([w for *_, w in edges] * 2, dtype=float)
    size = len(nodes)
    out = np.bincount(ends[:, 0], weights=weights, minlength=size)
    dangling = out == 0
    rank = np.full(size, 1 / size)
    for _ in range(max_iter):
        share = np.divide(rank, out, out=np.zeros(size), where=~dangling)
        new = alpha * np.bincount(ends[:, 1], weights=share[ends[:, 0]] * weights, minlength=size)
        new += (alpha * rank[dangling].sum() + 1 - alpha) / size
        if np.abs(new - rank).sum() < size * tol:
            rank = new
            break
        rank = new
    return {node: float(value) for node, value in zip(nodes, rank)}


def louvain(network: nx.Graph, core: nx.Graph) -> tuple[list[list[str]], str]:
    """Louvain communities of the core, seeded (label propagation when the core is too big for
    it); every smaller component one community. Returns them and the method's name."""
    if len(core) > LOUVAIN_LIMIT:
        method = "label propagation"
        found: Iterable[set[str]] = nx.community.fast_label_propagation_communities(core, weight="weight", seed=SEED)
    else:
        method = "Louvain"
        found = nx.community.louvain_communities(core, weight="weight", seed=SEED) if len(core) else []
    small = [sorted(c) for c in nx.connected_components(network) if len(c) <= 2]
    return sorted([sorted(c) for c in found] + small, key=lambda members: (-len(members), members[0])), method
