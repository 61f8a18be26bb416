"""The part of a kg graph the page draws, read into networkx: persons, organizations, places,
events and the relations between them, each relation with the sentences it was read from.

`network_from_graph` reads a `kg.graph.plain.PlainGraph` (what `kg build` has) or an rdflib
Graph (graph.ttl read back), made plain first.
"""

from __future__ import annotations

from typing import NamedTuple

import networkx as nx
from rdflib import Graph

from kg.graph.plain import PlainGraph
from kg.graph.rdf import INVERSE_IRIS
from kg.graph.vocab import IRI
from kg.records import CALLED_WITH, HOLDS_POSITION, MET_WITH, ORGANIZED, PARTICIPATED_IN, SPOKE_AT, SYMMETRIC


class NodeType(NamedTuple):
    rdf_class: str
    name: str
    colour: str
    shape: str  # a vis.js shape whose size follows `size`


class EdgeStyle(NamedTuple):
    name: str  # the edge label
    forward: str  # in the subject's panel: "участие в <событие>"
    backward: str  # in the object's panel: "участник: <лицо>"
    colour: str
    directed: bool


# The first type an entity has in this order is the one it is drawn as.
NODE_TYPES = {
    "person": NodeType(IRI.Person, "Персона", "#4e79a7", "dot"),
    "organization": NodeType(IRI.Organization, "Организация", "#f28e2b", "square"),
    "place": NodeType(IRI.Place, "Место", "#59a14f", "triangle"),
    "event": NodeType(IRI.Event, "Событие", "#b07aa1", "diamond"),
}

EVENT_KIND_LABELS = {
    IRI.Meeting: "Встреча",
    IRI.PhoneCall: "Телефонный разговор",
    IRI.VideoCall: "Видеосвязь",
    IRI.Conference: "Конференция",
    IRI.Session: "Заседание",
    IRI.Consultation: "Консультации",
    IRI.Operation: "Операция",
}

RELATIONS = {
    MET_WITH: EdgeStyle("встреча", "встреча с", "встреча с", "#e15759", False),
    CALLED_WITH: EdgeStyle("разговор", "разговор с", "разговор с", "#b07aa1", False),
    SPOKE_AT: EdgeStyle("выступил на", "выступление на", "выступил", "#17becf", True),
    ORGANIZED: EdgeStyle("организовал", "организатор", "организатор", "#bcbd22", True),
    PARTICIPATED_IN: EdgeStyle("участвовал в", "участие в", "участник", "#8c8c8c", True),
    HOLDS_POSITION: EdgeStyle("должность", "должность в", "должность", "#9c755f", True),
    "place": EdgeStyle("место", "место проведения", "место события", "#59a14f", True),
}
# Two names in one sentence: an edge of the co-mention network, not of the relations.
CO_MENTION = "coMention"

# Relations read from the agent's side (?agent kg:spokeAt ?event) ...
AGENT_PREDICATES = {
    MET_WITH: IRI.metWith,
    CALLED_WITH: IRI.calledWith,
    SPOKE_AT: IRI.spokeAt,
    ORGANIZED: IRI.organized,
    PARTICIPATED_IN: IRI.participatedIn,
}
# ... and from the event's side (?event kg:participant ?agent), drawn agent -> event.
EVENT_PREDICATES = INVERSE_IRIS


def network_from_graph(graph: PlainGraph | Graph) -> nx.MultiDiGraph:
    """The drawn entities and relations of a kg graph, keyed by IRI string.

    Nodes carry label, type, aliases, degree (and kind, date, positions, documents,
    facts); edges are keyed by relation and carry relation, label and facts, a sorted
    list of {date, document, evidence}.
    """
    graph = PlainGraph.of(graph)
    network: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for iri, node_type in sorted(_entity_types(graph).items()):
        network.add_node(str(iri), **_node_attributes(graph, iri, node_type))
    for source, target, relation, facts, title in sorted(_relations(graph), key=lambda r: (str(r[0]), str(r[1]), r[2])):
        _add_edge(network, str(source), str(target), relation, facts, title)  # sorted: the triples' order never shows
    for node, degree in network.degree():
        network.nodes[node]["degree"] = degree
    for source, target, relation, data in network.edges(keys=True, data=True):
        data["label"] = _edge_label(relation, data)
    _add_dates(graph, network)
    return network


def _add_dates(graph, network):
    """`dates` of every edge and node, sorted: its facts' dates (a fact with none takes its
    document's dateline date), an event's own, and the dateline dates of a node's documents."""
    dateline = {_document_name(graph, d): str(day) for d, day in graph.subject_objects(IRI.datelineDate)}
    for _, _, data in network.edges(data=True):
        edge_dates = {f["date"].split(" ")[0] or dateline.get(f["document"], "") for f in data["facts"]}
        data["dates"] = sorted(edge_dates - {""})
    days = {node: {dateline[d] for d in data["documents"] if d in dateline} for node, data in network.nodes(data=True)}
    for source, target, dates in network.edges(data="dates"):
        if dates:
            days[source].update(dates)
            days[target].update(dates)
    for node, data in network.nodes(data=True):
        if data.get("date"):
            days[node].update(data["date"].split(" – "))
        data["dates"] = sorted(days[node])


def _entity_types(graph):
    types = {}
    for key, node_type in reversed(NODE_TYPES.items()):
        for iri in graph.subjects(IRI.type, node_type.rdf_class):
            types[iri] = key
    for event_class in EVENT_KIND_LABELS:
        for iri in graph.subjects(IRI.type, event_class):
            types.setdefault(iri, "event")
    return {iri: key for iri, key in types.items() if type(iri) is str}  # an IRI, not a blank node


def _node_attributes(graph, iri, node_type):
    label = _label(graph, iri)
    attributes = {
        "label": label,
        "type": node_type,
        "aliases": sorted({str(a) for a in graph.objects(iri, IRI.altLabel)} - {label}),
        "documents": sorted(_document_name(graph, d) for d in graph.objects(iri, IRI.mentionedIn)),
    }
    if node_type == "person":
        attributes["positions"] = _positions(graph, iri)
    if node_type == "event":
        attributes["kind"] = _event_kind(graph, iri)
        attributes["date"] = _event_date(graph, iri)
        attributes["facts"] = _event_facts(graph, iri)
    return attributes


def _label(graph, iri):
    labels = sorted(graph.objects(iri, IRI.label), key=lambda label: (label.language != "ru", str(label)))
    return str(labels[0]) if labels else str(iri).rstrip("/").rsplit("/", 1)[-1]


def _document_name(graph, document):
    return _text(graph, document, IRI.sourceFile) or _label(graph, document)


def _text(graph, node, predicate):
    """The text of a value, "" when there is none."""
    value = graph.value(node, predicate)
    return "" if value is None else str(value)


def _position_title(graph, position):
    return _text(graph, position, IRI.title) or _label(graph, position)


def _positions(graph, person):
    positions = []
    for position in graph.objects(person, IRI.holdsPosition):
        where = graph.value(position, IRI.inOrganization)
        organization = _label(graph, where) if where else ""
        positions.append({"title": _position_title(graph, position), "organization": organization})
    return sorted(positions, key=lambda p: (p["title"], p["organization"]))


def _event_kind(graph, event):
    kinds = (name for cls, name in EVENT_KIND_LABELS.items() if (event, IRI.type, cls) in graph)
    return next(kinds, NODE_TYPES["event"].name)


def _event_date(graph, event):
    """"2023-09-14", or a span "2023-09-11 – 2023-09-15", or ""."""
    dates = [graph.value(event, p) for p in (IRI.date, IRI.startDate, IRI.endDate)]
    return str(dates[0]) if dates[0] is not None else " – ".join(str(d) for d in dates[1:] if d is not None)


def _event_facts(graph, event):
    date, documents = _event_date(graph, event), _documents(graph, event)
    evidence = graph.objects(event, IRI.evidence)
    return _sorted_facts({"date": date, "document": documents, "evidence": str(e)} for e in evidence)


def _documents(graph, derived):
    return ", ".join(sorted(_document_name(graph, d) for d in graph.objects(derived, IRI.wasDerivedFrom)))


def _sorted_facts(facts):
    unique = {(f["date"], f["document"], f["evidence"]): f for f in facts}
    return [unique[key] for key in sorted(unique)]


def _relations(graph):
    """(source, target, relation, facts, title) for every drawn relation triple."""
    statements = _statement_index(graph)
    meeting_dates = _meeting_dates(graph)
    for relation, predicate in AGENT_PREDICATES.items():
        for agent, other in graph.subject_objects(predicate):
            facts = _statement_facts(graph, statements, agent, predicate, other)
            if relation in SYMMETRIC:
                agent, other = sorted((agent, other))
                facts = [dict(f, date=meeting_dates.get((relation, agent, other, f["document"]), "")) for f in facts]
            else:  # the event's own sentence when no statement backs the triple
                facts = [dict(f, date=_event_date(graph, other)) for f in facts] or _event_facts(graph, other)
            yield agent, other, relation, facts, None
    for relation, predicate in EVENT_PREDICATES.items():
        for event, agent in graph.subject_objects(predicate):
            if (agent, AGENT_PREDICATES[relation], event) not in graph:  # else its statements say more
                yield agent, event, relation, _event_facts(graph, event), None
    for event, place in graph.subject_objects(IRI.place):
        yield event, place, "place", _event_facts(graph, event), None
    yield from _position_relations(graph, statements)


def _position_relations(graph, statements):
    """A person's position drawn as an edge to its organization, labelled with the title."""
    for person, position in graph.subject_objects(IRI.holdsPosition):
        where = graph.value(position, IRI.inOrganization)
        if where is not None:
            facts = _statement_facts(graph, statements, person, IRI.holdsPosition, position)
            yield person, where, HOLDS_POSITION, facts, _position_title(graph, position)


def _statement_index(graph):
    index = {}
    for statement in graph.subjects(IRI.type, IRI.Statement):
        key = tuple(graph.value(statement, p) for p in (IRI.subject, IRI.predicate, IRI.object))
        index.setdefault(key, []).append(statement)
    return index


def _statement_facts(graph, statements, subject, predicate, obj):
    """One fact per rdf:Statement of the triple (of either direction for the symmetric metWith)."""
    found = statements.get((subject, predicate, obj), [])
    if predicate in (IRI.metWith, IRI.calledWith):
        found = found + statements.get((obj, predicate, subject), [])
    return [{"date": "", "document": _documents(graph, s), "evidence": _text(graph, s, IRI.evidence)} for s in found]


def _meeting_dates(graph):
    """(relation, person, person, document) -> the date of a meeting (or a call) of both read
    from that document."""
    dates = {}
    for relation, kind in ((MET_WITH, IRI.Meeting), (CALLED_WITH, IRI.Call)):
        for meeting in graph.subjects(IRI.type, kind):
            people = sorted(graph.objects(meeting, IRI.participant))
            documents = [_document_name(graph, d) for d in graph.objects(meeting, IRI.wasDerivedFrom)]
            for i, first in enumerate(people):
                for second in people[i + 1 :]:
                    for document in documents:
                        dates[(relation, first, second, document)] = _event_date(graph, meeting)
    return dates


def _add_edge(network, source, target, relation, facts, title):
    if source not in network or target not in network or source == target:
        return
    if not network.has_edge(source, target, key=relation):
        network.add_edge(source, target, key=relation, relation=relation, facts=[], titles=[])
    data = network.edges[source, target, relation]
    data["facts"] = _sorted_facts(data["facts"] + [f for f in facts if f["evidence"]])
    data["titles"] = sorted(set(data["titles"]) | ({title} if title else set()))


def _edge_label(relation, data):
    """What the edge says on the canvas; a meeting says when it was."""
    if relation == HOLDS_POSITION:
        return "; ".join(data["titles"])
    if relation not in SYMMETRIC:
        return RELATIONS[relation].name
    one, several = ("встреча", "встречи") if relation == MET_WITH else ("разговор", "разговоры")
    dates = sorted({f["date"] for f in data["facts"] if f["date"]})
    if len(dates) == 1:
        return f"{one} {_ru_date(dates[0])}"
    return f"{several}: {len(dates)}" if dates else one


def _ru_date(iso):
    return ".".join(reversed(iso.split("-")))
