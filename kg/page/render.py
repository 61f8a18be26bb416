"""The graph page: a kg RDF graph as one self-contained HTML page an analyst explores.

`render_page` reads the drawn part of the graph into networkx (`kg.analysis.read`), lays that
network out once (`kg.page.layout`), turns it into vis.js nodes and edges with pyvis, and inlines everything
(vis-network from pyvis's package, the page's own JS/CSS from `kg/page/assets/`, the data as
JSON) into one HTML string that works from disk with the network off.

>>> from rdflib import Graph
>>> page = render_page(Graph(), title="пусто")
>>> page.startswith("<!DOCTYPE html>") and "<title>пусто</title>" in page
True
"""

import base64
import functools
import hashlib
import html
import json
import math
import re
from collections import Counter
from importlib import resources

from pyvis.network import Network
from rdflib import Graph

from kg.analysis.read import CO_MENTION, NODE_TYPES, RELATIONS, EdgeStyle, network_from_graph
from kg.graph.plain import PlainGraph
from kg.records import MET_WITH
from kg.text import shorten

from .layout import layout

__all__ = ["render_page"]


MAX_LABEL = 60  # characters of a node's label on the page
BIG_GRAPH = 300  # nodes; above it the Python layout is final (physics off, no hover)
MAX_NODES = 5000  # above it the page holds the most central entities only: interactive within 3 s
FADE_LIMIT = 5000  # nodes; above it a selection is shown by vis's own highlight, not by fading the rest
COMMUNITY_COLOURS = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                     "#9c755f", "#17becf", "#bcbd22", "#1f77b4")  # the largest communities; the rest grey
OTHER_COMMUNITY = "#c7c7c7"
CO_MENTION_COLOUR = "#9aa7b8"
PAGE_ASSETS = ("search.js", "panel.js", "labels.js", "view.js", "filters.js", "exports.js", "page.js")
VIS = "lib/vis-9.1.2/vis-network"
CO_MENTION_STYLE = EdgeStyle("вместе в предложении", "упоминается вместе с", "упоминается вместе с", CO_MENTION_COLOUR,
                             False)
SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


# ---------------------------------------------------------------- the page


def render_page(graph: PlainGraph | Graph, title: str = "kg", max_nodes: int = MAX_NODES) -> str:
    """The whole page as one HTML string: vis.js, the page's scripts and the data inlined.
    A network of more than `max_nodes` entities is cut to its `max_nodes` most central ones
    (PageRank over the relations) and the links between them; the page says so."""
    from kg.analysis.measures import measure
    from kg.analysis.networks import co_mention_network, relation_network
    plain = PlainGraph.of(graph)
    network = network_from_graph(plain)
    total = len(network)
    measured = measure(relation_network(network))
    if total > max_nodes:
        network, measured = _most_central(network, measured, max_nodes)
    co_mentions = co_mention_network(plain, network)
    data = _page_data(network, layout(network), measured, co_mentions)
    data["total"] = total
    scripts = [_asset("pyvis", VIS + ".min.js")] + [_asset("kg", "page/assets/" + name) for name in PAGE_ASSETS]
    return _fill(
        _asset("kg", "page/assets/page.html"),
        title=html.escape(title),
        csp=" ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in scripts),
        styles="\n".join(_inline("style", _asset(*a))
                         for a in (("pyvis", VIS + ".css"), ("kg", "page/assets/page.css"))),
        data=_script_json(data),
        scripts="\n".join(_inline("script", s) for s in scripts),
    )


def _most_central(network, measured, max_nodes):
    """The `max_nodes` entities of highest PageRank and the links between them."""
    kept = sorted(network, key=lambda n: (-measured.pagerank[n], n))[:max_nodes]
    smaller = network.subgraph(kept).copy()
    for node, degree in smaller.degree():
        smaller.nodes[node]["degree"] = degree
    from kg.analysis.measures import measure
    from kg.analysis.networks import relation_network
    return smaller, measure(relation_network(smaller))


def _page_data(network, positions, measured, co_mentions):
    big = len(network) > BIG_GRAPH
    rank = {node: i for i, node in enumerate(sorted(network, key=lambda n: (-measured.pagerank[n], n)))}
    sizes = _sizes(network, measured)
    vis = Network(directed=True)
    for node, data in network.nodes(data=True):
        community = measured.community.get(node, -1)
        vis.add_node(node, **_vis_node(data, positions[node], rank[node], community, sizes[node]))
    for node in vis.nodes:
        del node["label"]  # pyvis puts the id there; labels.js draws the `text` instead
    curves = {}
    for number, (source, target, relation, data) in enumerate(network.edges(keys=True, data=True)):
        pair = tuple(sorted((source, target)))
        curves[pair] = curves.get(pair, -1) + 1
        names = (network.nodes[source]["label"], network.nodes[target]["label"])
        vis.add_edge(source, target, **_vis_edge(f"e{number}", relation, data, curves[pair], names))
    for number, (source, target, weight) in enumerate(sorted(co_mentions.edges(data="weight"))):
        names = (network.nodes[source]["label"], network.nodes[target]["label"])
        vis.add_edge(source, target, **_co_mention_edge(f"c{number}", weight, names))
    types = Counter(node_type for _, node_type in network.nodes(data="type"))
    relations = Counter(relation for _, _, relation in network.edges(keys=True))
    relations[CO_MENTION] = co_mentions.number_of_edges()
    return {
        "nodes": vis.nodes,
        "edges": vis.edges,
        "options": _vis_options(big),
        "fade": len(network) <= FADE_LIMIT,  # restyles every node and edge: 170 ms at 5,000 nodes
        "types": [{"key": k, "name": t.name, "colour": t.colour, "shape": t.shape, "count": types[k]}
                  for k, t in NODE_TYPES.items()],
        "relations": [dict(r._asdict(), key=k, shape="line", count=relations[k]) for k, r in RELATIONS.items()]
        + [dict(CO_MENTION_STYLE._asdict(), key=CO_MENTION, shape="line", count=relations[CO_MENTION], weak=True)],
        "communities": _communities(network, measured),
        "otherCommunity": OTHER_COMMUNITY,
        "betweennessSources": measured.betweenness_sources,
    }


def _communities(network, measured):
    """The largest communities (more than two members) with a colour and their most central member."""
    found = []
    for number, members in enumerate(measured.communities[: len(COMMUNITY_COLOURS)]):
        if len(members) > 2:
            top = max(members, key=lambda n: (measured.pagerank[n], n))
            found.append({"id": number, "colour": COMMUNITY_COLOURS[number], "size": len(members),
                          "top": network.nodes[top]["label"]})
    return found


def _sizes(network, measured):
    """Node sizes by each centrality: 12 to 42 pixels, the square root of the measure's share of its maximum."""
    sizes = {node: {} for node in network}
    measures = (("degree", measured.degree), ("pagerank", measured.pagerank), ("betweenness", measured.betweenness))
    for key, values in measures:
        top = max(values.values(), default=0) or 1
        for node in network:
            sizes[node][key] = round(12 + 30 * math.sqrt(values[node] / top), 1)
    return sizes


def _vis_node(data, position, rank, community, sizes):
    node_type = NODE_TYPES[data["type"]]
    details = {k: data[k] for k in ("type", "aliases", "documents", "positions", "kind", "date", "facts", "dates")
               if k in data}
    return dict(
        details,
        text=shorten(data["label"], MAX_LABEL, squash=False),  # drawn by labels.js, not vis: no overlaps
        name=data["label"],
        shape=node_type.shape,
        color=node_type.colour,
        size=sizes["degree"],
        sizes=sizes,
        rank=rank,
        community=community if community < len(COMMUNITY_COLOURS) else -1,
        x=position[0],
        y=position[1],
        title="\n".join([f"{data.get('kind', node_type.name)}: {data['label']}", ", ".join(data["aliases"])]).strip(),
    )


def _co_mention_edge(edge_id, weight, names):
    return {
        "id": edge_id,
        "relation": CO_MENTION,
        "label": f"вместе в {weight} предл.",
        "weight": weight,
        "facts": [],
        "dates": [],
        "color": {"color": CO_MENTION_COLOUR, "highlight": CO_MENTION_COLOUR, "hover": CO_MENTION_COLOUR,
                  "opacity": 0.6},
        "width": round(min(0.5 + 0.5 * math.sqrt(weight), 3), 1),
        "dashes": True,
        "arrows": {"to": {"enabled": False}},
        "smooth": False,
        "hidden": True,  # a weak link: shown when ticked in the legend
        "font": {"size": 0},
        "title": f"{names[0]} — {names[1]}: вместе в {weight} предложени{'и' if weight == 1 else 'ях'}",
    }


def _vis_edge(edge_id, relation, data, parallel, names):
    style = RELATIONS[relation]
    return {
        "id": edge_id,
        "relation": relation,
        "label": data["label"],
        "facts": data["facts"],
        "color": {"color": style.colour, "highlight": style.colour, "hover": style.colour},
        "width": 3 if relation == MET_WITH else 1.5,
        "arrows": {"to": {"enabled": style.directed, "scaleFactor": 0.6}},
        "smooth": _curve(parallel),
        "dates": data.get("dates", []),
        "title": " — ".join([names[0], data["label"], names[1]]),
    }


def _curve(parallel):
    """Edges between the same two nodes bend apart: straight, then right, left, wider right..."""
    return parallel > 0 and {"type": "curvedCW" if parallel % 2 else "curvedCCW",
                             "roundness": 0.2 * ((parallel + 1) // 2)}


def _vis_options(big):
    """kg/page/assets/options.json, with what changes for a big graph: no physics, no hover, no edges while moving."""
    options = json.loads(_asset("kg", "page/assets/options.json"))
    options["physics"]["enabled"] = not big
    options["interaction"].update(hover=not big, hideEdgesOnDrag=big, hideEdgesOnZoom=big)
    return options


def _script_json(data):
    """JSON safe inside <script type="application/json">: no character of it can close the tag."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escaped in SCRIPT_ESCAPES.items():  # replace() each: translate() walks the text in Python
        text = text.replace(char, escaped)
    return text


def _inline(tag, text):
    if re.search(f"</{tag}|<!--", text, re.IGNORECASE):
        raise ValueError(f"an asset cannot be inlined in <{tag}>: it would close the tag")
    return f"<{tag}>{text}</{tag}>"


def _fill(template, **parts):
    """{{name}} markers replaced in one pass, so inserted text is never read as a marker."""
    return re.sub(r"\{\{(\w+)\}\}", lambda match: parts[match.group(1)], template)


@functools.cache
def _asset(package, path):
    return (resources.files(package) / path).read_text(encoding="utf-8")
