"""`kg path A B`: how two entities are connected: the shortest paths between them over the
relations (over co-mentions too, when asked or when no relation joins them), each hop with
its relation, date and the sentence it was read from.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from kg.errors import KgError

from .networks import Networks
from .read import RELATIONS

MAX_PATHS = 5
CANDIDATES = 200  # shortest paths ranked by their links' strength before the best MAX_PATHS are shown
CO_MENTION = "co-mention"


@dataclass(frozen=True)
class Hop:
    source: str       # labels
    target: str
    relation: str     # metWith, spokeAt... or "co-mention"
    forward: bool     # read from source to target (else the relation points back)
    date: str
    document: str
    evidence: str


@dataclass(frozen=True)
class Paths:
    source: str
    target: str
    over: str                    # "relations" or "relations and co-mentions"
    paths: list[list[Hop]]


def find_entity(networks: Networks, name: str) -> str:
    """The entity a name stands for: its label, then one of its aliases, then a label that
    contains it (case and ё aside); a person, organization or place before an event, then the
    most linked one, when several match."""
    wanted = _norm(name)
    if not wanted:
        raise KgError("an empty name matches no entity")
    drawn = networks.drawn
    tests = (lambda d: _norm(d["label"]) == wanted,
             lambda d: wanted in map(_norm, d["aliases"]),
             lambda d: wanted in _norm(d["label"]) or any(wanted in _norm(a) for a in d["aliases"]),
             lambda d: any(_same_words(wanted, _norm(n)) for n in [d["label"], *d["aliases"]]))
    for test in tests:
        found = [node for node, data in drawn.nodes(data=True) if test(data)]
        if found:
            return min(found, key=lambda n: (drawn.nodes[n]["type"] == "event", -networks.relations.degree(n),
                                             drawn.nodes[n]["label"], n))
    raise KgError(f"no entity named '{name}' in the graph")


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


# Case endings of Russian names, longest first (as the page's search strips them: kg/page/assets/search.js).
ENDINGS = ("ыми", "ими", "ого", "его", "ому", "ему", "ой", "ей", "ий", "ый", "ая", "ом", "ем", "ым", "им",
           "ов", "ев", "ую", "а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "й")
MIN_STEM = 4


def _stem(word: str) -> str:
    return next((word[: -len(e)] for e in ENDINGS if word.endswith(e) and len(word) - len(e) >= MIN_STEM), word)


def _same_words(query: str, name: str) -> bool:
    """Every word of the query is a word of the name but for its ending: «лаврову» and «сергей лавров»."""
    stems = [_stem(w) for w in name.split()]
    return all(any(s.startswith(q) or q.startswith(s) for s in stems) for q in map(_stem, query.split()))


def shortest_paths(networks: Networks, source_name: str, target_name: str, *, co_mentions: bool = False,
                   limit: int = MAX_PATHS) -> Paths:
    source, target = find_entity(networks, source_name), find_entity(networks, target_name)
    labels = networks.drawn.nodes
    if source == target:
        raise KgError(f"'{source_name}' and '{target_name}' are one entity: {labels[source]['label']}")
    network, over = networks.relations, "relations"
    if co_mentions or not nx.has_path(network, source, target):
        network, over = nx.compose(networks.co_mentions, networks.relations), "relations and co-mentions"
    if not nx.has_path(network, source, target):
        return Paths(labels[source]["label"], labels[target]["label"], over, [])
    found = sorted(itertools.islice(nx.all_shortest_paths(network, source, target), CANDIDATES),
                   key=lambda path: (_strength(networks, path), path))[:limit]
    paths = [[_hop(networks, a, b) for a, b in itertools.pairwise(path)] for path in found]
    return Paths(labels[source]["label"], labels[target]["label"], over, paths)


def _strength(networks: Networks, path: list[str]) -> tuple[int, int]:
    """Paths of as many hops, best first: fewer co-mention hops, then more sentences behind them."""
    pairs = list(itertools.pairwise(path))
    weak = sum(1 for a, b in pairs if not networks.relations.has_edge(a, b))
    weight = sum((networks.relations if networks.relations.has_edge(a, b) else networks.co_mentions)
                 .edges[a, b]["weight"] for a, b in pairs)
    return weak, -weight


def _hop(networks: Networks, a: str, b: str) -> Hop:
    """The best-attested relation between two neighbours, with its earliest dated sentence."""
    drawn, labels = networks.drawn, networks.drawn.nodes
    ahead: dict[Hashable, dict[str, Any]] = drawn.get_edge_data(a, b, default={})  # edge keys are relations
    back: dict[Hashable, dict[str, Any]] = drawn.get_edge_data(b, a, default={})
    edges = [(str(relation), data, True) for relation, data in ahead.items()]
    edges += [(str(relation), data, False) for relation, data in back.items()]
    if not edges:
        weight = networks.co_mentions.edges[a, b]["weight"]
        return Hop(labels[a]["label"], labels[b]["label"], CO_MENTION, True, "", "",
                   f"named together in {weight} sentence{'s' if weight != 1 else ''}")
    relation, data, forward = min(edges, key=lambda e: (-len(e[1]["facts"]), list(RELATIONS).index(e[0])))
    facts = sorted(data["facts"], key=lambda f: (not f["date"], f["date"], f["document"]))
    fact = facts[0] if facts else {"date": "", "document": "", "evidence": ""}
    return Hop(labels[a]["label"], labels[b]["label"], relation, forward or not RELATIONS[relation].directed,
               fact["date"], fact["document"], fact["evidence"])


def to_text(found: Paths) -> str:
    if not found.paths:
        return f"no path between {found.source} and {found.target} (over {found.over})"
    hops = len(found.paths[0])
    plural = "s" if len(found.paths) > 1 else ""
    lines = [(f"{found.source} → {found.target}: {len(found.paths)} shortest path{plural} "
              f"of {hops} hop{'s' if hops > 1 else ''} (over {found.over})")]
    for number, path in enumerate(found.paths, 1):
        lines.append(f"\n{number}. " + " — ".join([path[0].source] + [hop.target for hop in path]))
        for hop in path:
            arrow = f"-[{hop.relation}]->" if hop.forward or hop.relation == CO_MENTION else f"<-[{hop.relation}]-"
            where = " · ".join(x for x in (hop.date, hop.document) if x)
            if hop.relation == CO_MENTION:
                where = hop.evidence
            lines.append(f"   {hop.source} {arrow} {hop.target}" + (f"  ({where})" if where else ""))
            if hop.evidence and hop.relation != CO_MENTION:
                lines.append(f"      «{hop.evidence}»")
    return "\n".join(lines)


def graph_paths(path, source: str, target: str, *, co_mentions: bool = False) -> Paths:
    """`kg path` in a graph.ttl."""
    from .networks import read_networks
    return shortest_paths(read_networks(path), source, target, co_mentions=co_mentions)
