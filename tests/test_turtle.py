"""kg.turtle: the same graph gives the same bytes, and the bytes parse back to the same graph."""

import random

import pyoxigraph
import pytest
from hypothesis import given, settings, strategies as st
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from kg.rdf import PREFIXES
from kg.turtle import to_turtle
from kg.vocab import KG, RES


def parse_both(text: str) -> Graph:
    """rdflib's reading, checked against Oxigraph's count of the same text."""
    graph = Graph().parse(data=text, format="turtle")
    assert len(list(pyoxigraph.parse(text.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE))) == len(graph)
    return graph


def test_the_seeds_graph_parses_back_to_itself(seeds_graph):
    text = to_turtle(seeds_graph, PREFIXES)
    assert isomorphic(parse_both(text), seeds_graph)


def test_the_order_of_the_triples_does_not_change_the_bytes(seeds_graph):
    triples = sorted(seeds_graph)
    shuffled = triples[:]
    random.Random(7).shuffle(shuffled)
    assert to_turtle(shuffled, PREFIXES) == to_turtle(triples, PREFIXES)


def test_same_input_same_bytes_across_builds(seeds_build, models):
    from kg.build import build_graph
    from conftest import SEEDS
    again = build_graph(SEEDS, models=models)
    assert to_turtle(again.graph, PREFIXES) == to_turtle(seeds_build.graph, PREFIXES)


def test_layout_is_readable():
    person = RES["person/sergey-lavrov"]
    text = to_turtle([(person, RDF.type, KG.Person), (person, RDFS.label, Literal("Сергей Лавров", lang="ru")),
                      (person, SKOS.altLabel, Literal("Лавровым", lang="ru")),
                      (person, SKOS.altLabel, Literal("Лавров", lang="ru")),
                      (RES["fact/1"], KG.charStart, Literal(977)),
                      (RES["event/1"], KG.date, Literal("2023-09-14", datatype=XSD.date))], PREFIXES)
    assert text == (
        "@prefix kg: <https://w3id.org/kgnews/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "\n"
        "<https://w3id.org/kgnews/id/event/1> kg:date \"2023-09-14\"^^xsd:date .\n"
        "\n"
        "<https://w3id.org/kgnews/id/fact/1> kg:charStart 977 .\n"
        "\n"
        "<https://w3id.org/kgnews/id/person/sergey-lavrov> a kg:Person ;\n"
        "    rdfs:label \"Сергей Лавров\"@ru ;\n"
        "    skos:altLabel \"Лавров\"@ru,\n"
        "        \"Лавровым\"@ru .\n")


@pytest.mark.parametrize("value", [
    'Он сказал: "да" \\ нет',            # quotes and a backslash
    "две\nстроки\r\tи табуляция",        # line breaks
    "звонок\x07 и \x00 и \x1f",          # control characters
    "эмодзи 🙂 и «ёлочки»",              # beyond the BMP
    "", " ", "'''", '"""',
])
def test_awkward_strings_survive(value):
    subject = RES["x"]
    triples = [(subject, KG.evidence, Literal(value)), (subject, RDFS.label, Literal(value, lang="ru"))]
    graph = parse_both(to_turtle(triples, PREFIXES))
    assert set(graph) == set(triples)


@pytest.mark.parametrize("obj", [
    Literal("-5", datatype=XSD.integer),            # written quoted, still an integer
    Literal("12", datatype=XSD.integer),
    Literal("не число", datatype=XSD.integer),      # ill-typed: must stay quoted
    Literal("1.5", datatype=XSD.decimal),
    Literal("x", datatype=URIRef("http://example.org/dt/тип")),  # a datatype outside the prefixes
    URIRef("https://w3id.org/kgnews/ontology#has.dot"),   # not a safe local name: written in full
    URIRef("urn:isbn:978-5-17"),
    RDF.type,                                       # as an object: not `a`
    BNode("b1"),
])
def test_terms_round_trip(obj):
    triples = [(RES["x"], KG.evidence, obj)]
    expected = Graph()
    expected.add(triples[0])
    assert isomorphic(parse_both(to_turtle(triples, PREFIXES)), expected)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["person/a", "org/b", "event/c"]),
                          st.sampled_from([RDFS.label, KG.evidence, SKOS.altLabel]),
                          st.text()), max_size=8))
def test_any_text_round_trips_and_is_deterministic(rows):
    triples = [(RES[s], p, Literal(text)) for s, p, text in rows
               if not any(0xD800 <= ord(c) <= 0xDFFF for c in text)]  # lone surrogates are not UTF-8
    text = to_turtle(triples, PREFIXES)
    assert set(parse_both(text)) == set(triples)
    assert to_turtle(list(reversed(triples)), PREFIXES) == text


def test_the_documented_example_runs():
    import doctest
    import kg.turtle
    assert doctest.testmod(kg.turtle).failed == 0
