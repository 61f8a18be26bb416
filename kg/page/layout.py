"""Where each node of the page starts: seeded, the same for the same network.

Each connected component is laid out alone and the components are packed in rows, the
largest first. Small components use networkx's seeded spring layout, computed once per
shape (many components are a pair or a star); a component of DENSE_LAYOUT_LIMIT nodes or
more gets a Fruchterman-Reingold layout in numpy (networkx's needs scipy, and ~50 s at
5,000 nodes).
"""

import functools
import math

import networkx as nx
import numpy as np

LAYOUT_SEED = 7
DENSE_LAYOUT_LIMIT = 500  # networkx's spring layout without scipy stays dense below it


def layout(network: nx.MultiDiGraph) -> dict:
    """Seeded pixel positions: each connected component laid out alone, then packed in rows
    into a square, the largest first; nodes with no link go in rows below, out of the way
    (the page hides them at first)."""
    simple: nx.Graph[str] = nx.Graph()
    simple.add_nodes_from(sorted(network))
    simple.add_edges_from(sorted(network.edges()))
    components = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
    linked = [c for c in components if len(c) > 1] or components
    width = max([_radius(c) * 2 for c in linked[:1]] + [math.sqrt(sum((2 * _radius(c)) ** 2 for c in linked) * 1.3)])
    positions, x, y, row = {}, 0.0, 0.0, 0.0
    for nodes in components:
        radius = _radius(nodes)
        if (x > 0 and x + 2 * radius > width) or (len(nodes) == 1 and row > 2 * radius):
            x, y, row = 0.0, y + row, 0.0
        for node, (px, py) in _component_layout(_component(simple, nodes)).items():
            positions[node] = (round(x + radius * (1 + float(px))), round(y + radius * (1 + float(py))))
        x, row = x + 2 * radius, max(row, 2 * radius)
    return positions


def _component(graph, nodes):
    """A copy in sorted order: a subgraph view may iterate a set, whose order varies by run."""
    component = nx.Graph()
    component.add_nodes_from(nodes)
    component.add_edges_from(graph.edges(nodes))
    return component


def _radius(nodes):
    """Room for a component: a pair (the commonest component of a real corpus: a person and
    an organization) packs tight, so that the connected clusters, not rows of pairs, fill the view."""
    return {1: 40, 2: 70}.get(len(nodes)) or 50 + 110 * math.sqrt(len(nodes))


def _component_layout(component):
    if len(component) == 1:
        return {node: (0.0, 0.0) for node in component}
    if len(component) < DENSE_LAYOUT_LIMIT:
        return dict(zip(component, _spring_layout(_shape(component))))
    return _force_layout(component)


def _shape(component):
    """The component as numbered nodes and edges: many small components share a shape (a pair, a star)."""
    number = {node: i for i, node in enumerate(component)}
    return len(number), tuple(sorted(tuple(sorted((number[u], number[v]))) for u, v in component.edges()))


@functools.lru_cache(maxsize=4096)
def _spring_layout(shape):
    """networkx's seeded spring layout of a shape, in node order: the same for every component of the shape."""
    size, edges = shape
    graph = nx.Graph()
    graph.add_nodes_from(range(size))
    graph.add_edges_from(edges)
    return tuple((float(x), float(y)) for x, y in nx.spring_layout(graph, seed=LAYOUT_SEED).values())


def _force_layout(component, iterations=50):
    """Fruchterman-Reingold in numpy: networkx's own needs scipy and ~50 s at 5,000 nodes."""
    index = {node: i for i, node in enumerate(component)}
    ends = np.array([(index[u], index[v]) for u, v in component.edges()]).T
    xy = np.random.default_rng(LAYOUT_SEED).random((len(index), 2), dtype=np.float32)
    k2 = np.float32(1 / len(index))
    for step in np.linspace(0.1, 0.1 / (iterations + 1), iterations):
        force = _repulsion(xy, k2) + _attraction(xy, ends, k2)
        length = np.maximum(np.linalg.norm(force, axis=1, keepdims=True), 1e-6)
        xy += force / length * np.minimum(length, np.float32(step))
    xy -= xy.mean(axis=0)
    return dict(zip(index, xy / np.abs(xy).max()))


def _repulsion(xy, k2, chunk=1024):
    """k²/d pushes between every pair, a block of rows at a time, distances by matrix products."""
    force, squares = np.empty_like(xy), (xy * xy).sum(1)
    for start in range(0, len(xy), chunk):
        part = xy[start : start + chunk]
        distance2 = squares[start : start + chunk, None] + squares[None, :] - 2 * (part @ xy.T)
        strength = np.divide(k2, np.maximum(distance2, 1e-6, out=distance2), out=distance2)
        strength[np.arange(len(part)), np.arange(len(part)) + start] = 0  # a node does not push itself
        force[start : start + chunk] = part * strength.sum(1)[:, None] - strength @ xy
    return force


def _attraction(xy, ends, k2):
    delta = xy[ends[0]] - xy[ends[1]]
    pull = delta * np.linalg.norm(delta, axis=1, keepdims=True) / np.sqrt(k2)
    force = np.zeros_like(xy)
    np.add.at(force, ends[0], -pull)
    np.add.at(force, ends[1], pull)
    return force
