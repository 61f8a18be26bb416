"""The knowledge base as RDF, in the kg ontology (`ontology/kg.ttl`).

Each relation triple is backed by an rdf:Statement that names its document
(prov:wasDerivedFrom) and sentence (kg:evidence): SPARQL reaches the source of every fact.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from . import ids
from .records import EVENT, LOC, ORG, PER, Entity, Evidence, KnowledgeBase, Relation
from .vocab import KG, RES

CLASSES = {PER: KG.Person, ORG: KG.Organization, LOC: KG.Place, EVENT: KG.Event}
EVENT_CLASSES = {"Meeting": KG.Meeting, "Conference": KG.Conference, "Session": KG.Session,
                 "Consultation": KG.Consultation, "Operation": KG.Operation}
# A relation and the inverse triple written beside it, from the event's side.
INVERSES = {"participatedIn": KG.participant, "organized": KG.organizer}
PREFIXES = {"kg": KG._NS, "res": RES, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "skos": SKOS, "prov": PROV}


def document_iri(doc_id: str) -> URIRef:
    return RES[f"doc/{ids.slug(doc_id)}-{ids.digest(doc_id)[:6]}"]


def to_graph(kb: KnowledgeBase) -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for doc_id in kb.documents:
        _document(graph, doc_id)
    for entity in kb.entities.values():
        _entity(graph, entity)
    for position in kb.positions.values():
        node = RES[position.id]
        graph.add((node, RDF.type, KG.Position))
        graph.add((node, RDFS.label, Literal(position.label, lang="ru")))
        graph.add((node, KG.title, Literal(position.title, lang="ru")))
        if position.where:
            graph.add((node, KG.inOrganization, RES[position.where]))
    for relation in kb.relations:
        _relation(graph, relation)
    return graph


def _document(graph: Graph, doc_id: str) -> None:
    node = document_iri(doc_id)
    graph.add((node, RDF.type, KG.Document))
    graph.add((node, KG.sourceFile, Literal(doc_id)))
    graph.add((node, RDFS.label, Literal(doc_id)))


def _entity(graph: Graph, entity: Entity) -> None:
    node = RES[entity.id]
    graph.add((node, RDF.type, CLASSES[entity.type]))
    graph.add((node, RDFS.label, Literal(entity.label, lang="ru")))
    for alias in entity.aliases - {entity.label, ""}:
        graph.add((node, SKOS.altLabel, Literal(alias, lang="ru")))
    for doc_id in entity.docs:
        graph.add((node, KG.mentionedIn, document_iri(doc_id)))
    if entity.type == EVENT:
        _event(graph, node, entity)


def _event(graph: Graph, node: URIRef, event: Entity) -> None:
    if event.kind in EVENT_CLASSES:
        graph.add((node, RDF.type, EVENT_CLASSES[event.kind]))
    if event.when and event.when.end and event.when.end != event.when.start:
        graph.add((node, KG.startDate, Literal(event.when.start, datatype=XSD.date)))
        graph.add((node, KG.endDate, Literal(event.when.end, datatype=XSD.date)))
    elif event.when:
        graph.add((node, KG.date, Literal(event.when.start, datatype=XSD.date)))
    if event.place:
        graph.add((node, KG.place, RES[event.place]))
    if event.parent:
        graph.add((node, KG.partOf, RES[event.parent]))
    for evidence in event.evidence:
        graph.add((node, PROV.wasDerivedFrom, document_iri(evidence.doc_id)))
        graph.add((node, KG.evidence, Literal(evidence.text)))


def _relation(graph: Graph, relation: Relation) -> None:
    subject, obj = RES[relation.subject], RES[relation.object]
    if relation.relation == "participant":
        graph.add((obj, KG.participant, subject))
        _statement(graph, obj, KG.participant, subject, relation.evidence)
        return
    predicate = KG[relation.relation]
    graph.add((subject, predicate, obj))
    if relation.relation in INVERSES:
        graph.add((obj, INVERSES[relation.relation], subject))
    _statement(graph, subject, predicate, obj, relation.evidence)


def _statement(graph: Graph, subject, predicate, obj, evidence: Evidence) -> None:
    node = RES[f"fact/{ids.digest(subject, predicate, obj, evidence.doc_id, evidence.sent)}"]
    graph.add((node, RDF.type, RDF.Statement))
    graph.add((node, RDF.subject, subject))
    graph.add((node, RDF.predicate, predicate))
    graph.add((node, RDF.object, obj))
    graph.add((node, PROV.wasDerivedFrom, document_iri(evidence.doc_id)))
    graph.add((node, KG.evidence, Literal(evidence.text)))
    graph.add((node, KG.sentenceIndex, Literal(evidence.sent)))
    graph.add((node, KG.charStart, Literal(evidence.start)))
    graph.add((node, KG.charEnd, Literal(evidence.stop)))
