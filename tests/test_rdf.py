"""The graph against the ontology: declared terms, SHACL shapes, Turtle round trip, determinism."""

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, PROV

from kg.graph.plain import PlainGraph
from kg.graph.rdf import triples
from kg.graph.validate import ontology, validate
from kg.graph.vocab import KG
from kg.pipeline.build import BuildResult


def test_every_vocabulary_term_is_declared_in_the_ontology():
    declared = {s for s in ontology().subjects(RDF.type, None) if isinstance(s, URIRef)}
    terms = {KG[name] for name in KG.__annotations__}
    assert terms - declared == set()


def test_ontology_is_owl_and_aligned():
    graph = ontology()
    assert (URIRef("https://w3id.org/kgnews/ontology"), RDF.type, OWL.Ontology) in graph
    assert (KG.metWith, RDF.type, OWL.SymmetricProperty) in graph
    assert (KG.Meeting, URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf"), KG.Event) in graph


def test_seeds_graph_conforms_to_shapes(seeds_graph):
    report = validate(seeds_graph)
    assert report.conforms, report.text


def _copy(graph: Graph) -> Graph:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    return copy


def test_a_relation_without_provenance_breaks_the_shapes(seeds_graph):
    broken = _copy(seeds_graph)
    statement = next(broken.subjects(RDF.predicate, KG.metWith))
    broken.remove((statement, None, None))
    report = validate(broken)
    assert not report.conforms
    assert "rdf:Statement" in report.text or "provenance" in report.text


def test_an_event_without_evidence_breaks_the_shapes(seeds_graph):
    broken = _copy(seeds_graph)
    event = next(broken.subjects(RDF.type, KG.Meeting))
    broken.remove((event, KG.evidence, None))
    broken.remove((event, PROV.wasDerivedFrom, None))
    assert not validate(broken).conforms


def test_a_date_that_is_not_a_date_breaks_the_shapes(seeds_graph):
    broken = _copy(seeds_graph)
    event = next(broken.subjects(RDF.type, KG.Meeting))
    broken.add((event, KG.date, Literal("вчера")))
    assert not validate(broken).conforms


def test_turtle_round_trip(seeds_graph):
    text = seeds_graph.serialize(format="turtle")
    again = Graph().parse(data=text, format="turtle")
    assert len(again) == len(seeds_graph)
    assert isomorphic(again, seeds_graph)


@pytest.mark.slow  # builds the seeds again
def test_same_input_same_turtle_bytes(seeds_build, models):
    from kg.pipeline.build import build_graph

    from conftest import SEEDS
    second = build_graph(SEEDS, models=models)
    assert second.graph.serialize(format="turtle") == seeds_build.graph.serialize(format="turtle")


def test_plain_triples_are_the_rdflib_graph(seeds_build, seeds_graph):
    plain = PlainGraph(triples(seeds_build.kb))
    assert len(plain) == len(seeds_graph) and set(plain) == set(PlainGraph.of(seeds_graph))


def test_the_rdflib_graph_of_a_build_is_made_only_when_asked_for(seeds_build, seeds_graph):
    result = BuildResult(seeds_build.kb, PlainGraph(triples(seeds_build.kb)))
    assert result.summary()["triples"] == len(seeds_graph)
    assert "graph" not in vars(result)
    assert isomorphic(result.graph, seeds_graph) and result.graph is result.graph
