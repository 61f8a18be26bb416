"""The graph page: a kg RDF graph as one self-contained HTML page an analyst explores.

`render_page` reads the drawn part of the graph into networkx (`kg.page.network`), lays that
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

from kg.graph.plain import PlainGraph
from kg.records import MET_WITH
from kg.text import shorten

from .layout import layout
from .network import NODE_TYPES, RELATIONS, network_from_graph

__all__ = ["render_page"]


MAX_LABEL = 60  # characters of a node's label on the page
BIG_GRAPH = 300  # nodes; above it the Python layout is final and the page avoids restyling all
PAGE_ASSETS = ("search.js", "panel.js", "filters.js", "page.js")
VIS = "lib/vis-9.1.2/vis-network"
SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


# ---------------------------------------------------------------- the page


def render_page(graph: PlainGraph | Graph, title: str = "kg") -> str:
    """The whole page as one HTML string: vis.js, the page's scripts and the data inlined."""
    network = network_from_graph(graph)
    data = _page_data(network, layout(network))
    scripts = [_asset("pyvis", VIS + ".min.js")] + [_asset("kg", "page/assets/" + name) for name in PAGE_ASSETS]
    return _fill(
        _asset("kg", "page/assets/page.html"),
        title=html.escape(title),
        csp=" ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in scripts),
        styles="\n".join(_inline("style", _asset(*a)) for a in (("pyvis", VIS + ".css"), ("kg", "page/assets/page.css"))),
        data=_script_json(data),
        scripts="\n".join(_inline("script", s) for s in scripts),
    )


def _page_data(network, positions):
    big = len(network) > BIG_GRAPH
    vis = Network(directed=True)
    for node, data in network.nodes(data=True):
        vis.add_node(node, **_vis_node(data, positions[node]))
    curves = {}
    for number, (source, target, relation, data) in enumerate(network.edges(keys=True, data=True)):
        pair = tuple(sorted((source, target)))
        curves[pair] = curves.get(pair, -1) + 1
        names = (network.nodes[source]["label"], network.nodes[target]["label"])
        vis.add_edge(source, target, **_vis_edge(f"e{number}", relation, data, curves[pair], names))
    types = Counter(node_type for _, node_type in network.nodes(data="type"))
    relations = Counter(relation for _, _, relation in network.edges(keys=True))
    return {
        "nodes": vis.nodes,
        "edges": vis.edges,
        "options": _vis_options(big),
        "fade": not big,  # fading the rest restyles every node: fine when small, slow when big
        "types": [dict(key=k, name=t.name, colour=t.colour, shape=t.shape, count=types[k]) for k, t in NODE_TYPES.items()],
        "relations": [dict(r._asdict(), key=k, shape="line", count=relations[k]) for k, r in RELATIONS.items()],
    }


def _vis_node(data, position):
    node_type = NODE_TYPES[data["type"]]
    details = {k: data[k] for k in ("type", "aliases", "documents", "positions", "kind", "date", "facts") if k in data}
    return dict(
        details,
        label=shorten(data["label"], MAX_LABEL, squash=False),
        name=data["label"],
        shape=node_type.shape,
        color=node_type.colour,
        size=round(min(10 + 4 * math.sqrt(data["degree"]), 40), 1),
        x=position[0],
        y=position[1],
        title="\n".join([f"{data.get('kind', node_type.name)}: {data['label']}", ", ".join(data["aliases"])]).strip(),
    )


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
        "title": " — ".join([names[0], data["label"], names[1]]),
    }


def _curve(parallel):
    """Edges between the same two nodes bend apart: straight, then right, left, wider right..."""
    return parallel > 0 and {"type": "curvedCW" if parallel % 2 else "curvedCCW", "roundness": 0.2 * ((parallel + 1) // 2)}


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
