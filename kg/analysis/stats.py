"""`kg stats`: what a graph holds and who matters in it.

Counts by type; for the relation network and the co-mention network, the most central people
and organizations by each measure (kg.analysis.measures), the largest communities with their
most central members, and the connected components. As a table, JSON or CSV (one row a figure).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from kg.output import csv_table

from .measures import MEASURES, Measures, measure
from .networks import KINDS, Networks

TOP = 10
RANKED_TYPES = ("person", "organization")
PLURALS = {"person": "people", "organization": "organizations"}
MEASURE_NAMES = {"degree": "degree", "weighted_degree": "weighted degree", "betweenness": "betweenness",
                 "pagerank": "PageRank"}


@dataclass
class Stats:
    counts: dict[str, int]
    networks: dict[str, dict] = field(default_factory=dict)   # kind -> its figures
    seconds: float = 0.0


def stats(networks: Networks, top: int = TOP, measured: dict[str, Measures] | None = None) -> Stats:
    started = time.perf_counter()
    measured = measured or {kind: measure(networks.of(kind)) for kind in KINDS}
    labels = nx.get_node_attributes(networks.drawn, "label")
    types = nx.get_node_attributes(networks.drawn, "type")
    counts = {"documents": networks.documents}
    counts.update({key: n for key, n in sorted(Counter(types.values()).items())})
    counts["relation links"] = networks.relations.number_of_edges()
    counts["co-mention links"] = networks.co_mentions.number_of_edges()
    result = Stats(counts)
    for kind in KINDS:
        result.networks[kind] = _network_figures(networks.of(kind), measured[kind], labels, types, top)
    result.seconds = time.perf_counter() - started
    return result


def _network_figures(network, measures, labels, types, top):
    components = sorted((len(c) for c in nx.connected_components(network)), reverse=True)
    central = {}
    for node_type in RANKED_TYPES:
        nodes = [n for n in network if types.get(n) == node_type]
        central[node_type] = {m: _top(nodes, measures.of(m), labels, top) for m in MEASURES}
    return {
        "components": {"count": len(components), "largest": components[:5],
                       "isolated": sum(1 for size in components if size == 1)},
        "central": central,
        "betweenness_sources": measures.betweenness_sources,
        "community_method": measures.community_method,
        "communities": [
            {"id": i, "size": len(members),
             "top": [labels[n] for n in sorted(members, key=lambda n: (-measures.pagerank[n], labels[n]))[:5]]}
            for i, members in enumerate(measures.communities[:top]) if len(members) > 2
        ],
    }


def _top(nodes, values, labels, top):
    ranked = sorted(nodes, key=lambda n: (-values[n], labels[n], n))[:top]
    return [{"name": labels[n], "value": round(values[n], 6)} for n in ranked if values[n] > 0]


# ---------------------------------------------------------------- formats

def to_json(result: Stats) -> str:
    return json.dumps({"counts": result.counts, "networks": result.networks, "seconds": round(result.seconds, 2)},
                      ensure_ascii=False, indent=2)


def rows(result: Stats):
    """(section, network, type, measure, rank, name, value): one figure a row."""
    for name, count in result.counts.items():
        yield "count", "", name, "", "", "", count
    for kind, figures in result.networks.items():
        components = figures["components"]
        yield "components", kind, "", "count", "", "", components["count"]
        yield "components", kind, "", "isolated", "", "", components["isolated"]
        for rank, size in enumerate(components["largest"], 1):
            yield "components", kind, "", "size", rank, "", size
        for node_type, by_measure in figures["central"].items():
            for measure_name, ranked in by_measure.items():
                for rank, entry in enumerate(ranked, 1):
                    yield "central", kind, node_type, measure_name, rank, entry["name"], entry["value"]
        for community in figures["communities"]:
            for rank, name in enumerate(community["top"], 1):
                yield "community", kind, str(community["id"]), f"size {community['size']}", rank, name, ""


def to_csv(result: Stats) -> str:
    return csv_table(["section", "network", "type", "measure", "rank", "name", "value"], rows(result))


def to_table(result: Stats) -> str:
    names = dict(PLURALS, place="places", event="events")
    lines = ["counts: " + ", ".join(f"{names.get(k, k)} {v}" for k, v in result.counts.items())]
    for kind, figures in result.networks.items():
        components = figures["components"]
        lines += ["", f"== {kind} network ==",
                  (f"components: {components['count']} (largest: {', '.join(map(str, components['largest']))}; "
                   f"isolated nodes: {components['isolated']})")]
        for node_type, by_measure in figures["central"].items():
            lines.append(f"most central {PLURALS[node_type]}:")
            lines += _columns([[MEASURE_NAMES[m] + _sampled(m, figures)] + [_entry(e) for e in by_measure[m]]
                               for m in MEASURES])
        if figures["communities"]:
            lines.append(f"communities ({figures['community_method']}, seeded), largest first:")
            lines += [f"  {c['id']:>3}  {c['size']:>5} nodes: " + ", ".join(c["top"]) for c in figures["communities"]]
    lines.append(f"({result.seconds:.2f} s)")
    return "\n".join(lines)


def _sampled(measure_name, figures):
    sources = figures["betweenness_sources"]
    return f" (~{sources} sources)" if measure_name == "betweenness" and sources else ""


def _entry(entry):
    value = entry["value"]
    shown = f"{value:g}" if value >= 1 or value == int(value) else f"{value:.4f}"
    return f"{entry['name']} {shown}"


def _columns(columns, width=34):
    """Measures side by side, one column each, names cut to fit."""
    height = max(len(c) for c in columns)
    cells = [[(c[i] if i < len(c) else "") for c in columns] for i in range(height)]
    return ["  " + " | ".join(_fit(cell, width) for cell in row) for row in cells]


def _fit(text, width):
    return text if len(text) <= width else text[: width - 1] + "…"


def graph_stats(path, top: int = TOP) -> Stats:
    """`kg stats` of a graph.ttl: its networks read by SPARQL in the store (kg.analysis.light)."""
    from kg.graph.store import open_store

    from .light import light_networks
    return stats(light_networks(open_store(path)), top=top)
