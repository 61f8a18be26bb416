"""The knowledge base as RDF, in the kg ontology (`ontology/kg.ttl`).

Each relation triple is backed by an rdf:Statement that names its document
(prov:wasDerivedFrom) and sentence (kg:evidence): SPARQL reaches the source of every fact.

`triples` gives the graph as plain terms (kg/graph/plain.py), cheap at a million triples;
`to_graph` makes the same triples an rdflib Graph for validation, export and tests.

>>> for subject, predicate, obj in triples(KnowledgeBase(documents=["a.txt"])):
...     if "/doc/" in subject:  # (the graph's own node comes first: kg/graph/dataset.py)
...         print(subject.rsplit("/", 1)[1], predicate.rsplit("#", 1)[1], repr(obj))
a-txt-cfc7b4 type 'https://w3id.org/kgnews/ontology#Document'
a-txt-cfc7b4 sourceFile Lit(value='a.txt', language=None, datatype=None)
a-txt-cfc7b4 label Lit(value='a.txt', language=None, datatype=None)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rdflib import Graph, Literal, URIRef

from kg import ids
from kg.records import (
    CALL,
    CANCELLED,
    EVENT,
    EVENT_KINDS,
    HELD,
    INVERSES,
    LOC,
    MEETING,
    ORG,
    PARTICIPANT,
    PER,
    PLANNED,
    UNCERTAIN,
    VIDEO,
    DocumentInfo,
    Entity,
    Evidence,
    KnowledgeBase,
    Position,
    Relation,
    Source,
)

from .dataset import dataset_triples
from .mentions import mention_triples
from .plain import Lit, Term, Triple
from .vocab import DCTERMS, IRI, PREFIXES, RESOURCE_IRI, WIKIDATA_IRI, XSD_ANYURI, XSD_DATE, XSD_DATETIME, XSD_INTEGER

CLASSES = {PER: IRI.Person, ORG: IRI.Organization, LOC: IRI.Place, EVENT: IRI.Event}
EVENT_CLASSES = {kind: getattr(IRI, kind) for kind in EVENT_KINDS}
STATUSES = {HELD: IRI.Held, PLANNED: IRI.Planned, CANCELLED: IRI.Cancelled, UNCERTAIN: IRI.Uncertain}
DCTERMS_TITLE = DCTERMS + "title"
FIRST_SENTENCES = 3
ACRONYM = re.compile(r"[A-ZА-ЯЁ][A-ZА-ЯЁ0-9-]{1,7}")
INVERSE_IRIS = {relation: getattr(IRI, inverse) for relation, inverse in INVERSES.items()}


def document_iri(doc_id: str) -> str:
    return f"{RESOURCE_IRI}doc/{ids.slug(doc_id)}-{ids.digest(doc_id)[:6]}"


def integer(number: int) -> Lit:
    return Lit(str(number), None, XSD_INTEGER)


# ---------------------------------------------------------------- the mapping


def triples(kb: KnowledgeBase) -> Iterator[Triple]:
    """The graph of a knowledge base as plain triples, always in the same order; a triple may
    come twice (two relations read from one sentence): a graph keeps it once."""
    documents = _DocumentIris()
    if kb.documents:
        yield from dataset_triples(len(kb.documents))
    for doc_id in kb.documents:
        yield from _document(documents[doc_id], doc_id, kb)
        if doc_id in kb.document_info:
            yield from _document_info(documents[doc_id], kb.document_info[doc_id])
    days = document_days(kb)
    for entity in kb.entities.values():
        yield from _entity(entity, documents)
        if entity.type == EVENT and not entity.when:
            yield from _document_date(entity, days)
    for position in kb.positions.values():
        yield from _position(position)
    for relation in kb.relations:
        yield from _relation(relation, documents)
    yield from mention_triples(kb, documents.__getitem__)


class _DocumentIris(dict):
    """doc id -> its IRI, worked out once: a slug and a hash each time would cost seconds at scale."""

    def __missing__(self, doc_id: str) -> str:
        self[doc_id] = iri = document_iri(doc_id)
        return iri


def _document(node: str, doc_id: str, kb: KnowledgeBase) -> Iterator[Triple]:
    yield node, IRI.type, IRI.Document
    yield node, IRI.sourceFile, Lit(doc_id)
    yield node, IRI.label, Lit(doc_id)
    if doc_id in kb.document_dates:
        yield node, IRI.datelineDate, Lit(str(kb.document_dates[doc_id].start), None, XSD_DATE)
    if doc_id in kb.document_places:
        yield node, IRI.datelinePlace, RESOURCE_IRI + kb.document_places[doc_id]
    if doc_id in kb.document_sources:
        yield from _source(node, kb.document_sources[doc_id])


def _source(node: str, source: Source) -> Iterator[Triple]:
    """What a JSON Lines corpus said of the document."""
    if source.date:
        yield node, IRI.published, Lit(source.date, None, XSD_DATE if len(source.date) == 10 else XSD_DATETIME)
    if source.url:
        yield node, IRI.url, Lit(source.url, None, XSD_ANYURI)
    if source.title:
        yield node, IRI.headline, Lit(source.title)


def _document_info(node: str, info: DocumentInfo) -> Iterator[Triple]:
    yield node, DCTERMS_TITLE, Lit(info.title, "ru")
    yield node, IRI.characters, integer(info.characters)
    yield node, IRI.sha1, Lit(info.sha1)


def _entity(entity: Entity, documents: _DocumentIris) -> Iterator[Triple]:
    node = RESOURCE_IRI + entity.id
    yield node, IRI.type, CLASSES[entity.type]
    yield node, IRI.label, Lit(entity.label, "ru")
    for alias in entity.aliases - {entity.label, ""}:
        yield node, IRI.altLabel, Lit(alias, "ru")
    short = short_name(entity)
    if short:
        yield node, IRI.shortName, Lit(short, "ru")
    for doc_id in entity.docs:
        yield node, IRI.mentionedIn, documents[doc_id]
    if entity.wikidata:
        yield node, IRI.sameAs, WIKIDATA_IRI + entity.wikidata
    if entity.type == EVENT:
        yield from _event(node, entity, documents)


def document_days(kb: KnowledgeBase) -> dict[str, str]:
    """doc id -> its day: its dateline's, else the first date an event of its first
    FIRST_SENTENCES sentences gives (a news text says when it happened at its start)."""
    first: dict[str, tuple[int, str]] = {}
    for event in kb.entities.values():
        if event.type != EVENT or not event.when:
            continue
        for said in event.evidence:
            if said.sent < FIRST_SENTENCES and (said.doc_id not in first or said.sent < first[said.doc_id][0]):
                first[said.doc_id] = (said.sent, str(event.when.start))
    days = {doc_id: day for doc_id, (_, day) in sorted(first.items())}
    days.update((doc_id, str(dated.start)) for doc_id, dated in kb.document_dates.items())
    return days


def _document_date(event: Entity, days: dict[str, str]) -> Iterator[Triple]:
    """An undated event takes the day of the document it was first read from, said so."""
    dated = next((e.doc_id for e in event.evidence if e.doc_id in days), None)
    if dated:
        node = RESOURCE_IRI + event.id
        yield node, IRI.date, Lit(days[dated], None, XSD_DATE)
        yield node, IRI.dateSource, Lit("document")


def short_name(entity: Entity) -> str | None:
    """The acronym an organization or place goes by («ОДКБ», «ЕС»), the shortest if several.

    >>> short_name(Entity("org/x", ORG, "Организация Договора о коллективной безопасности",
    ...                   frozenset({"ОДКБ", "Договор"})))
    'ОДКБ'
    """
    if entity.type in (PER, EVENT):
        return None
    acronyms = [alias for alias in entity.aliases | {entity.label} if ACRONYM.fullmatch(alias)]
    return min(acronyms, key=lambda a: (len(a), a)) if acronyms else None


def _event(node: str, event: Entity, documents: _DocumentIris) -> Iterator[Triple]:
    if event.kind in EVENT_CLASSES:
        yield node, IRI.type, EVENT_CLASSES[event.kind]
    if event.kind in (MEETING, CALL):
        yield node, IRI.status, STATUSES[event.status or HELD]
    if event.kind == CALL:
        yield node, IRI.type, IRI.VideoCall if event.mode == VIDEO else IRI.PhoneCall
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
        yield node, IRI.evidence, Lit(evidence.text, "ru")


def _position(position: Position) -> Iterator[Triple]:
    node = RESOURCE_IRI + position.id
    yield node, IRI.type, IRI.Position
    yield node, IRI.label, Lit(position.label, "ru")
    yield node, IRI.title, Lit(position.title, "ru")
    if position.where:
        yield node, IRI.inOrganization, RESOURCE_IRI + position.where


def _relation(relation: Relation, documents: _DocumentIris) -> Iterator[Triple]:
    subject, obj = RESOURCE_IRI + relation.subject, RESOURCE_IRI + relation.object
    if relation.relation == PARTICIPANT:
        yield obj, IRI.participant, subject
        yield from _statement(obj, IRI.participant, subject, relation.evidence, documents)
        return
    predicate = getattr(IRI, relation.relation)
    yield subject, predicate, obj
    if relation.relation in INVERSE_IRIS:
        yield obj, INVERSE_IRIS[relation.relation], subject
    yield from _statement(subject, predicate, obj, relation.evidence, documents)


def _statement(subject: str, predicate: str, obj: str, evidence: Evidence,
               documents: _DocumentIris) -> Iterator[Triple]:
    node = f"{RESOURCE_IRI}fact/{ids.digest(subject, predicate, obj, evidence.doc_id, evidence.sent)}"
    yield node, IRI.type, IRI.Statement
    yield node, IRI.subject, subject
    yield node, IRI.predicate, predicate
    yield node, IRI.object, obj
    yield node, IRI.wasDerivedFrom, documents[evidence.doc_id]
    yield node, IRI.evidence, Lit(evidence.text, "ru")
    yield node, IRI.sentenceIndex, integer(evidence.sent)
    yield node, IRI.charStart, integer(evidence.start)
    yield node, IRI.charEnd, integer(evidence.stop)


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

    def __missing__(self, term: Term) -> URIRef | Literal:
        made: URIRef | Literal
        if isinstance(term, Lit):
            made = Literal(term.value, lang=term.language, datatype=term.datatype and URIRef(term.datatype))
        else:
            made = URIRef(term)
        self[term] = made
        return made
