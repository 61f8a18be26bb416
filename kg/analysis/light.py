"""The networks `kg stats` measures, read by SPARQL in the store: the relations weighted by
their sentences and the co-mentions, with no fact's text brought into Python.

They are the networks `kg.analysis.networks` makes from the page's network (the same nodes,
links and weights: tested on the seeds and the dev set), at a fraction of the cost on a big
graph: Oxigraph joins and counts, Python reads a row a link instead of every triple.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import networkx as nx

from kg.graph.vocab import IRI, PREFIX_IRIS

from .networks import Networks, weighted_network
from .read import NODE_TYPES

if TYPE_CHECKING:
    from pyoxigraph import Store

NODE_CLASSES = " ".join(f"<{t.rdf_class}>" for t in NODE_TYPES.values()) + \
    " kg:Meeting kg:Call kg:Conference kg:Session kg:Consultation kg:Operation"
TYPES = f"SELECT ?x ?c WHERE {{ VALUES ?c {{ {NODE_CLASSES} }} ?x a ?c FILTER(isIRI(?x)) }}"
LABELS = f"""SELECT ?x ?l WHERE {{ VALUES ?c {{ {NODE_CLASSES} }} ?x a ?c ; rdfs:label ?l FILTER(isIRI(?x)) }}"""
DOCUMENTS = "SELECT (COUNT(?d) AS ?n) WHERE { ?d a kg:Document }"
# A fact is one (document, sentence) behind a relation triple, as the page counts them.
FACT = 'CONCAT(STR(?d), "\\u0001", STR(?e))'
AGENT = f"""SELECT ?s ?p ?o (COUNT(DISTINCT {FACT}) AS ?n) WHERE {{
  VALUES ?p {{ kg:spokeAt kg:organized kg:participatedIn }} ?s ?p ?o .
  OPTIONAL {{ ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:evidence ?e ; prov:wasDerivedFrom ?d }}
}} GROUP BY ?s ?p ?o"""
MET = f"""SELECT ?a ?p ?b (COUNT(DISTINCT {FACT}) AS ?n) WHERE {{
  VALUES ?p {{ kg:metWith kg:calledWith }} ?a ?p ?b .
  OPTIONAL {{ {{ ?st rdf:subject ?a ; rdf:object ?b }} UNION {{ ?st rdf:subject ?b ; rdf:object ?a }}
             ?st rdf:predicate ?p ; kg:evidence ?e ; prov:wasDerivedFrom ?d }}
}} GROUP BY ?a ?p ?b"""
EVENT_SIDE = """SELECT ?event ?p ?agent WHERE { VALUES ?p { kg:participant kg:organizer } ?event ?p ?agent }"""
EVENT_FACTS = "SELECT ?x (COUNT(DISTINCT ?e) AS ?n) WHERE { ?x a kg:Event ; kg:evidence ?e } GROUP BY ?x"
PLACES = "SELECT ?event ?place WHERE { ?event kg:place ?place }"
POSTS = f"""SELECT ?person ?org (COUNT(DISTINCT {FACT}) AS ?n) WHERE {{
  ?person kg:holdsPosition ?post . ?post kg:inOrganization ?org .
  OPTIONAL {{ ?st rdf:subject ?person ; rdf:predicate kg:holdsPosition ; rdf:object ?post ; kg:evidence ?e ;
                 prov:wasDerivedFrom ?d }}
}} GROUP BY ?person ?org"""
# Two plain scans, paired here: twice as fast as Oxigraph joining each node's members with each other.
CO_MENTION_COUNTS = "SELECT ?c ?n WHERE { ?c a kg:CoMention ; kg:count ?n }"
MEMBERS = "SELECT ?c ?m WHERE { ?c kg:member ?m }"
SIDES = {IRI.participant: "participatedIn", IRI.organizer: "organized"}
AGENT_SIDE = {"participatedIn": IRI.participatedIn, "organized": IRI.organized}


def light_networks(store) -> Networks:
    drawn: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for node, (label, node_type) in sorted(_entities(store).items()):
        drawn.add_node(node, label=label, type=node_type)
    relations = weighted_network(drawn, ((source, target, facts)
                                         for (source, target, _), facts in sorted(_links(store, drawn).items())))
    co_mentions: nx.Graph[str] = nx.Graph()
    co_mentions.add_nodes_from(drawn)
    co_mentions.add_edges_from((a, b, {"weight": n}) for a, b, n in _co_mentions(store) if a in drawn and b in drawn)
    documents = int(next(iter(_rows(store, DOCUMENTS)))[0])
    return Networks(drawn, relations, co_mentions, documents=documents)


def _rows(store, query):
    return ([term.value for term in solution] for solution in store.query(query, prefixes=PREFIX_IRIS))


def _entities(store) -> dict:
    """IRI -> (label, type): the first type of the page's order, the label it picks."""
    order = {t.rdf_class: i for i, t in enumerate(NODE_TYPES.values())}
    keys = {t.rdf_class: key for key, t in NODE_TYPES.items()}
    best: dict[str, str] = {}
    for node, rdf_class in _rows(store, TYPES):
        rank = order.get(rdf_class, len(order))
        if node not in best or rank < order.get(best[node], len(order)):
            best[node] = rdf_class
    labels: dict[str, tuple] = {}
    for solution in store.query(LABELS, prefixes=PREFIX_IRIS):
        node, label = solution[0].value, solution[1]
        key = (label.language != "ru", label.value)
        if node not in labels or key < labels[node]:
            labels[node] = key
    return {node: (labels[node][1] if node in labels else node.rstrip("/").rsplit("/", 1)[-1],
                   keys.get(rdf_class, "event")) for node, rdf_class in best.items()}


def _links(store, drawn) -> dict:
    """(source, target, relation) -> facts behind it, for the links the page draws."""
    links: dict[tuple, int] = {}

    def add(source, target, relation, facts):
        if source in drawn and target in drawn and source != target:
            links[source, target, relation] = links.get((source, target, relation), 0) + facts

    event_facts = {event: int(n) for event, n in _rows(store, EVENT_FACTS)}
    agent_triples = set()
    for subject, predicate, obj, n in _rows(store, AGENT):
        relation = predicate.rsplit("#", 1)[1]
        agent_triples.add((subject, predicate, obj))
        add(subject, obj, relation, int(n) or event_facts.get(obj, 0))
    met = {}
    for a, predicate, b, n in _rows(store, MET):
        # either direction counts the statements of both
        first, second = sorted((a, b))
        met[predicate.rsplit("#", 1)[1], first, second] = int(n)
    for (relation, a, b), n in met.items():
        add(a, b, relation, n)
    for event, predicate, agent in _rows(store, EVENT_SIDE):
        relation = SIDES[predicate]
        if (agent, AGENT_SIDE[relation], event) not in agent_triples:
            add(agent, event, relation, event_facts.get(event, 0))
    for event, place in _rows(store, PLACES):
        add(event, place, "place", event_facts.get(event, 0))
    for person, org, n in _rows(store, POSTS):
        add(person, org, "holdsPosition", int(n))
    return links


def _co_mentions(store: Store) -> Iterator[tuple[str, str, int]]:
    counts = {node: int(n) for node, n in _rows(store, CO_MENTION_COUNTS)}
    members: dict[str, list[str]] = {}
    for node, member in _rows(store, MEMBERS):
        if node in counts:
            members.setdefault(node, []).append(member)
    for node, pair in sorted(members.items()):
        if len(pair) == 2:
            first, second = sorted(pair)
            yield first, second, counts[node]
