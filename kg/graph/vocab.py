"""The kg ontology's terms as a closed namespace: a mistyped term fails at once.

`tests/test_vocab.py` checks that every term here is declared in `ontology/kg.ttl`.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/kgnews/ontology#"
RESOURCE_IRI = "https://w3id.org/kgnews/id/"
RES = Namespace(RESOURCE_IRI)


class KG(DefinedNamespace):
    _NS = Namespace(ONTOLOGY_IRI)
    _fail = True

    # classes
    Agent: URIRef
    Person: URIRef
    Organization: URIRef
    Place: URIRef
    Event: URIRef
    Meeting: URIRef
    Conference: URIRef
    Session: URIRef
    Consultation: URIRef
    Operation: URIRef
    Position: URIRef
    Document: URIRef

    # relations
    metWith: URIRef
    spokeAt: URIRef
    organized: URIRef
    organizer: URIRef
    participatedIn: URIRef
    participant: URIRef
    holdsPosition: URIRef
    inOrganization: URIRef
    place: URIRef
    partOf: URIRef
    mentionedIn: URIRef

    # data
    title: URIRef
    date: URIRef
    startDate: URIRef
    endDate: URIRef
    sourceFile: URIRef
    evidence: URIRef
    sentenceIndex: URIRef
    charStart: URIRef
    charEnd: URIRef
