"""The kg ontology's terms as a closed namespace: a mistyped term fails at once; the same
terms as plain strings (`IRI`), and the prefixes every output and query uses.

`tests/test_vocab.py` checks that every term here is declared in `ontology/kg.ttl`.
"""

from types import SimpleNamespace

from rdflib import RDF, RDFS, XSD, Namespace, URIRef
from rdflib.namespace import OWL, PROV, SKOS, DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/kgnews/ontology#"
ONTOLOGY_GRAPH = "https://w3id.org/kgnews/ontology"   # the owl:Ontology, and the store's graph holding it
RESOURCE_IRI = "https://w3id.org/kgnews/id/"
RES = Namespace(RESOURCE_IRI)
WIKIDATA_IRI = "http://www.wikidata.org/entity/"   # owl:sameAs of an entity the lexicon knows surely


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
    Call: URIRef
    PhoneCall: URIRef
    VideoCall: URIRef
    Conference: URIRef
    Session: URIRef
    Consultation: URIRef
    Operation: URIRef
    Position: URIRef
    Document: URIRef
    EventStatus: URIRef
    MentionCount: URIRef
    CoMention: URIRef

    # event statuses
    Held: URIRef
    Planned: URIRef
    Cancelled: URIRef
    Uncertain: URIRef

    # relations
    metWith: URIRef
    calledWith: URIRef
    spokeAt: URIRef
    organized: URIRef
    organizer: URIRef
    participatedIn: URIRef
    participant: URIRef
    holdsPosition: URIRef
    inOrganization: URIRef
    place: URIRef
    partOf: URIRef
    status: URIRef
    mentionedIn: URIRef
    datelinePlace: URIRef
    mentionOf: URIRef
    inDocument: URIRef
    member: URIRef

    # data
    title: URIRef
    date: URIRef
    dateSource: URIRef
    startDate: URIRef
    endDate: URIRef
    sourceFile: URIRef
    characters: URIRef
    sha1: URIRef
    shortName: URIRef
    datelineDate: URIRef
    published: URIRef
    url: URIRef
    headline: URIRef
    evidence: URIRef
    sentenceIndex: URIRef
    charStart: URIRef
    charEnd: URIRef
    count: URIRef


VOID, DCAT, DCTERMS = "http://rdfs.org/ns/void#", "http://www.w3.org/ns/dcat#", "http://purl.org/dc/terms/"

# A prefix a kind of resource, named as its IRI's folder: the Turtle writes `person:sergey-lavrov`
# where `res:person/sergey-lavrov` would need its slash escaped, and SPARQL reads the same names.
# In this order the Turtle lists them: entities first, then documents, statements (`fact:`),
# mention counts and co-mentions.
RESOURCE_KINDS = ("person", "org", "place", "event", "position", "doc", "fact", "mentions", "co")
PREFIXES = {"kg": KG._NS, "res": RES, **{kind: Namespace(f"{RESOURCE_IRI}{kind}/") for kind in RESOURCE_KINDS},
            "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "skos": SKOS, "prov": PROV,
            "owl": OWL, "wd": Namespace(WIKIDATA_IRI), "void": Namespace(VOID),
            "dcat": Namespace(DCAT), "dcterms": Namespace(DCTERMS)}
# The terms as plain strings: an rdflib URIRef is never equal to a str, so plain triples use these.
IRI = SimpleNamespace(
    **{name: str(KG[name]) for name in KG.__annotations__},
    type=str(RDF.type), label=str(RDFS.label), altLabel=str(SKOS.altLabel), wasDerivedFrom=str(PROV.wasDerivedFrom),
    Statement=str(RDF.Statement), subject=str(RDF.subject), predicate=str(RDF.predicate), object=str(RDF.object),
    sameAs=str(OWL.sameAs),
)
XSD_DATE, XSD_INTEGER = str(XSD.date), str(XSD.integer)
XSD_DATETIME, XSD_ANYURI = str(XSD.dateTime), str(XSD.anyURI)
PREFIX_IRIS = {name: str(namespace) for name, namespace in PREFIXES.items()}  # as Oxigraph takes them


def sparql_prefixes() -> str:
    """The prefixes as a SPARQL prologue, for engines that are not handed them.

    >>> sparql_prefixes().splitlines()[0]
    'PREFIX kg: <https://w3id.org/kgnews/ontology#>'
    """
    return "".join(f"PREFIX {name}: <{namespace}>\n" for name, namespace in PREFIXES.items())
