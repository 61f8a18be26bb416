"""The knowledge base as RDF, in the kg ontology (`ontology/kg.ttl`).

Each relation triple is backed by an rdf:Statement that names its document
(prov:wasDerivedFrom) and sentence (kg:evidence): SPARQL reaches the source of every fact.

`triples` gives the graph as plain terms, cheap at a million triples: an IRI is a `str`, a
literal a `Lit`. `kg build` writes graph.ttl and draws the page from them (`PlainGraph`);
`to_graph` makes the same triples an rdflib Graph for validation, export and tests.

>>> for subject, predicate, obj in triples(KnowledgeBase(documents=["a.txt"])):
...     print(subject.rsplit("/", 1)[1], predicate.rsplit("#", 1)[1], repr(obj))
a-txt-cfc7b4 type 'https://w3id.org/kgnews/ontology#Document'
a-txt-cfc7b4 sourceFile Lit(value='a.txt', language=None, datatype=None)
a-txt-cfc7b4 label Lit(value='a.txt', language=None, datatype=None)
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Iterable, Iterator, NamedTuple, Union

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from kg import ids
from kg.records import EVENT, LOC, ORG, PER, Entity, Evidence, KnowledgeBase, Position, Relation
from .vocab import KG, RES, RESOURCE_IRI

PREFIXES = {"kg": KG._NS, "res": RES, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "skos": SKOS, "prov": PROV}
# The terms as plain strings: an rdflib URIRef is never equal to a str, so plain triples use these.
IRI = SimpleNamespace(
    **{name: str(KG[name]) for name in KG.__annotations__},
    type=str(RDF.type), label=str(RDFS.label), altLabel=str(SKOS.altLabel), wasDerivedFrom=str(PROV.wasDerivedFrom),
    Statement=str(RDF.Statement), subject=str(RDF.subject), predicate=str(RDF.predicate), object=str(RDF.object),
)
XSD_DATE, XSD_INTEGER = str(XSD.date), str(XSD.integer)

CLASSES = {PER: IRI.Person, ORG: IRI.Organization, LOC: IRI.Place, EVENT: IRI.Event}
EVENT_CLASSES = {"Meeting": IRI.Meeting, "Conference": IRI.Conference, "Session": IRI.Session,
                 "Consultation": IRI.Consultation, "Operation": IRI.Operation}
# A relation and the inverse triple written beside it, from the event's side.
INVERSES = {"participatedIn": IRI.participant, "organized": IRI.organizer}


class Lit(NamedTuple):
    """A literal as plain data; like an rdflib Literal, str() gives its text."""
    value: str
    language: str | None = None
    datatype: str | None = None

    def __str__(self) -> str:
        return self.value


Term = Union[str, Lit]  # an IRI or a literal; blank nodes only come from rdflib graphs, as BNodes
Triple = tuple[str, str, Term]


def document_iri(doc_id: str) -> str:
    return f"{RESOURCE_IRI}doc/{ids.slug(doc_id)}-{ids.digest(doc_id)[:6]}"


def integer(number: int) -> Lit:
    return Lit(str(number), None, XSD_INTEGER)


# ---------------------------------------------------------------- the mapping


def triples(kb: KnowledgeBase) -> Iterator[Triple]:
    """The graph of a knowledge base as plain triples, always in the same order; a triple may
    come twice (two relations read from one sentence): a graph keeps it once."""
    documents = _DocumentIris()
    for doc_id in kb.documents:
        yield from _document(documents[doc_id], doc_id)
    for entity in kb.entities.values():
        yield from _entity(entity, documents)
    for position in kb.positions.values():
        yield from _position(position)
    for relation in kb.relations:
        yield from _relation(relation, documents)


class _DocumentIris(dict):
    """doc id -> its IRI, worked out once: a slug and a hash each time would cost seconds at scale."""

    def __missing__(self, doc_id: str) -> str:
        self[doc_id] = iri = document_iri(doc_id)
        return iri


def _document(node: str, doc_id: str) -> Iterator[Triple]:
    yield node, IRI.type, IRI.Document
    yield node, IRI.sourceFile, Lit(doc_id)
    yield node, IRI.label, Lit(doc_id)


def _entity(entity: Entity, documents: _DocumentIris) -> Iterator[Triple]:
    node = RESOURCE_IRI + entity.id
    yield node, IRI.type, CLASSES[entity.type]
    yield node, IRI.label, Lit(entity.label, "ru")
    for alias in entity.aliases - {entity.label, ""}:
        yield node, IRI.altLabel, Lit(alias, "ru")
    for doc_id in entity.docs:
        yield node, IRI.mentionedIn, documents[doc_id]
    if entity.type == EVENT:
        yield from _event(node, entity, documents)


def _event(node: str, event: Entity, documents: _DocumentIris) -> Iterator[Triple]:
    if event.kind in EVENT_CLASSES:
        yield node, IRI.type, EVENT_CLASSES[event.kind]
    if event.when and event.when.end and event.when.end != event.when.start:
        yield node, IRI.startDate, Lit(str(event.when.start), None, XSD_DATE)
        yield node, IRI.endDate, Lit(str(event.when.end), None, XSD_DATE)
    elif event.when:
        yield node, IRI.date, Lit(str(event.when.start), None, XSD_DATE)
    if event.place:
        yield node, IRI.place, RESOURCE_IRI + event.place
    if event.parent:
        yield node, IRI.partOf, RESOURCE_IRI + event.parent
    for evidence in event.evidence:
        yield node, IRI.wasDerivedFrom, documents[evidence.doc_id]
        yield node, IRI.evidence, Lit(evidence.text)


def _position(position: Position) -> Iterator[Triple]:
    node = RESOURCE_IRI + position.id
    yield node, IRI.type, IRI.Position
    yield node, IRI.label, Lit(position.label, "ru")
    yield node, IRI.title, Lit(position.title, "ru")
    if position.where:
        yield node, IRI.inOrganization, RESOURCE_IRI + position.where


def _relation(relation: Relation, documents: _DocumentIris) -> Iterator[Triple]:
    subject, obj = RESOURCE_IRI + relation.subject, RESOURCE_IRI + relation.object
    if relation.relation == "participant":
        yield obj, IRI.participant, subject
        yield from _statement(obj, IRI.participant, subject, relation.evidence, documents)
        return
    predicate = getattr(IRI, relation.relation)
    yield subject, predicate, obj
    if relation.relation in INVERSES:
        yield obj, INVERSES[relation.relation], subject
    yield from _statement(subject, predicate, obj, relation.evidence, documents)


def _statement(subject: str, predicate: str, obj: str, evidence: Evidence,
               documents: _DocumentIris) -> Iterator[Triple]:
    node = f"{RESOURCE_IRI}fact/{ids.digest(subject, predicate, obj, evidence.doc_id, evidence.sent)}"
    yield node, IRI.type, IRI.Statement
    yield node, IRI.subject, subject
    yield node, IRI.predicate, predicate
    yield node, IRI.object, obj
    yield node, IRI.wasDerivedFrom, documents[evidence.doc_id]
    yield node, IRI.evidence, Lit(evidence.text)
    yield node, IRI.sentenceIndex, integer(evidence.sent)
    yield node, IRI.charStart, integer(evidence.start)
    yield node, IRI.charEnd, integer(evidence.stop)


# ---------------------------------------------------------------- rdflib and back


def to_graph(kb: KnowledgeBase) -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    terms = _RdflibTerms()
    for subject, predicate, obj in triples(kb):
        graph.add((terms[subject], terms[predicate], terms[obj]))
    return graph


class _RdflibTerms(dict):
    """Plain term -> rdflib term, each made once: IRIs and literals repeat across a graph."""

    def __missing__(self, term: Term):
        if type(term) is Lit:
            made = Literal(term.value, lang=term.language, datatype=term.datatype and URIRef(term.datatype))
        else:
            made = URIRef(term)
        self[term] = made
        return made


def plain(term) -> Term:
    """An rdflib term as a plain one; a blank node stays rdflib's BNode (never a str)."""
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, Literal):
        return Lit(str(term), term.language, term.datatype and str(term.datatype))
    return term


class PlainGraph:
    """Plain triples, each kept once, grouped by subject and predicate (what Turtle writes),
    with the look-ups of an rdflib Graph that the page makes.

    >>> graph = PlainGraph([("s", "p", Lit("o")), ("s", "p", "x"), ("s", "p", Lit("o"))])
    >>> len(graph), graph.value("s", "p"), ("s", "p", "x") in graph, list(graph.subjects("p", "x"))
    (2, Lit(value='o', language=None, datatype=None), True, ['s'])
    """

    def __init__(self, triples: Iterable[Triple] = ()):
        self.spo: dict[Term, dict[str, dict[Term, None]]] = {}  # dicts as ordered sets
        self.pos: dict[str, dict[Term, dict[Term, None]]] = {}  # filled a predicate at a time, when asked
        self.size = 0
        with collector_paused():
            for subject, predicate, obj in triples:  # inline: a method call per triple costs a fifth more
                predicates = self.spo.get(subject)
                if predicates is None:
                    predicates = self.spo[subject] = {}
                objects = predicates.get(predicate)
                if objects is None:
                    predicates[predicate] = {obj: None}
                elif obj not in objects:
                    objects[obj] = None
                else:
                    continue
                self.size += 1

    @classmethod
    def of(cls, graph: Graph | PlainGraph) -> PlainGraph:
        """A PlainGraph as it is; an rdflib Graph's triples made plain."""
        if isinstance(graph, PlainGraph):
            return graph
        return cls((plain(s), plain(p), plain(o)) for s, p, o in graph)

    def __len__(self) -> int:
        return self.size

    def __iter__(self) -> Iterator[Triple]:
        return ((s, p, o) for s, predicates in self.spo.items() for p, objects in predicates.items() for o in objects)

    def __contains__(self, triple: Triple) -> bool:
        subject, predicate, obj = triple
        return obj in self.spo.get(subject, {}).get(predicate, ())

    def objects(self, subject: Term, predicate: str) -> Iterator[Term]:
        return iter(self.spo.get(subject, {}).get(predicate, ()))

    def subjects(self, predicate: str, obj: Term) -> Iterator[Term]:
        return iter(self._by_object(predicate).get(obj, ()))

    def value(self, subject: Term, predicate: str) -> Term | None:
        return next(self.objects(subject, predicate), None)

    def subject_objects(self, predicate: str) -> Iterator[tuple[Term, Term]]:
        return ((s, o) for o, subjects in self._by_object(predicate).items() for s in subjects)

    def changes_since(self, older: PlainGraph) -> tuple[set[Triple], set[Triple]]:
        """The triples removed from `older` and added to it: subject by subject, compared
        whole (in C) first, so that the cost is in the subjects that changed.

        >>> PlainGraph([("s", "p", "b"), ("t", "p", "c")]).changes_since(PlainGraph([("s", "p", "a"), ("t", "p", "c")]))
        ({('s', 'p', 'a')}, {('s', 'p', 'b')})
        """
        removed, added = set(), set()
        for subject, predicates in self.spo.items():
            before = older.spo.get(subject, {})
            if before != predicates:
                added.update(_triples_of(subject, predicates, before))
                removed.update(_triples_of(subject, before, predicates))
        for subject, predicates in older.spo.items():
            if subject not in self.spo:
                removed.update(_triples_of(subject, predicates, {}))
        return removed, added

    def _by_object(self, predicate: str) -> dict[Term, dict[Term, None]]:
        """object -> subjects of one predicate; the page asks for a few predicates only."""
        if predicate not in self.pos:
            index = self.pos[predicate] = {}
            for subject, predicates in self.spo.items():
                for obj in predicates.get(predicate, ()):
                    index.setdefault(obj, {})[subject] = None
        return self.pos[predicate]


def _triples_of(subject: Term, predicates: dict, but: dict) -> Iterator[Triple]:
    """The subject's triples in `predicates` that `but` does not have."""
    for predicate, objects in predicates.items():
        others = but.get(predicate, {})
        yield from ((subject, predicate, obj) for obj in objects if obj not in others)


@contextmanager
def collector_paused():
    """Millions of small objects made and none freed: the cyclic garbage collector would walk
    them all again and again for nothing (it triples the time of a million-triple graph)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
