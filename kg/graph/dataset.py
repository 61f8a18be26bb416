"""The node that describes the graph itself (VoID and DCAT): which ontology it uses, which kg
made it, from how many documents. No build time: graph.ttl stays the same for the same texts.

>>> for _, predicate, obj in dataset_triples(3, version="1.2"):
...     print(predicate.rsplit("/", 1)[1], obj if isinstance(obj, str) else obj.value)
22-rdf-syntax-ns#type http://rdfs.org/ns/void#Dataset
22-rdf-syntax-ns#type http://www.w3.org/ns/dcat#Dataset
rdf-schema#label kg graph of 3 documents
creator kg 1.2
owl#imports https://w3id.org/kgnews/ontology
void#vocabulary https://w3id.org/kgnews/ontology
void#documents 3
"""

from __future__ import annotations

from collections.abc import Iterator

from .plain import Lit, Triple
from .vocab import DCAT, DCTERMS, IRI, ONTOLOGY_GRAPH, RESOURCE_IRI, VOID, XSD_INTEGER

DATASET_IRI = RESOURCE_IRI + "dataset"
OWL_IMPORTS = "http://www.w3.org/2002/07/owl#imports"


def dataset_triples(documents: int, version: str | None = None) -> Iterator[Triple]:
    node = DATASET_IRI
    yield node, IRI.type, VOID + "Dataset"
    yield node, IRI.type, DCAT + "Dataset"
    yield node, IRI.label, Lit(f"kg graph of {documents} document{'' if documents == 1 else 's'}", "en")
    yield node, DCTERMS + "creator", Lit(f"kg {version or kg_version()}")
    yield node, OWL_IMPORTS, ONTOLOGY_GRAPH
    yield node, VOID + "vocabulary", ONTOLOGY_GRAPH
    yield node, VOID + "documents", Lit(str(documents), None, XSD_INTEGER)


def kg_version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("kg")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"
