"""kg.graph.turtle: the same graph gives the same bytes, and the bytes parse back to the same graph;
plain triples (what `kg build` writes from) give the very bytes their rdflib graph gives."""

import random
import sys
from datetime import date

import pyoxigraph
import pytest
from hypothesis import given, settings, strategies as st
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from kg.graph.plain import PlainGraph, plain
from kg.graph.rdf import to_graph, triples
from kg.graph.turtle import to_turtle
from kg.graph.vocab import IRI, KG, PREFIXES, RES
from kg.records import EVENT, LOC, ORG, PER, Dated, Entity, Evidence, KnowledgeBase, Position, Relation

from conftest import ROOT


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


@pytest.mark.slow  # builds the seeds again
def test_same_input_same_bytes_across_builds(seeds_build, models):
    from kg.pipeline.build import build_graph

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
    # entities first (people, then events), statements after them, whatever their names
    assert text == (
        "@prefix event: <https://w3id.org/kgnews/id/event/> .\n"
        "@prefix fact: <https://w3id.org/kgnews/id/fact/> .\n"
        "@prefix kg: <https://w3id.org/kgnews/ontology#> .\n"
        "@prefix person: <https://w3id.org/kgnews/id/person/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "\n"
        "person:sergey-lavrov a kg:Person ;\n"
        "    rdfs:label \"Сергей Лавров\"@ru ;\n"
        "    skos:altLabel \"Лавров\"@ru,\n"
        "        \"Лавровым\"@ru .\n"
        "\n"
        "event:1 kg:date \"2023-09-14\"^^xsd:date .\n"
        "\n"
        "fact:1 kg:charStart 977 .\n")


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


TERMS = [
    Literal("-5", datatype=XSD.integer),            # written quoted, still an integer
    Literal("12", datatype=XSD.integer),
    Literal("не число", datatype=XSD.integer),      # ill-typed: must stay quoted
    Literal("1.5", datatype=XSD.decimal),
    Literal("x", datatype=URIRef("http://example.org/dt/тип")),  # a datatype outside the prefixes
    Literal("Иван", lang="ru"),
    URIRef("https://w3id.org/kgnews/ontology#has.dot"),   # not a safe local name: written in full
    URIRef("urn:isbn:978-5-17"),
    RDF.type,                                       # as an object: not `a`
    BNode("b1"),
]


@pytest.mark.parametrize("obj", TERMS)
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
    assert to_turtle([tuple(map(plain, triple)) for triple in triples], PREFIXES) == text


def test_the_documented_example_runs():
    import doctest

    import kg.graph.turtle
    assert doctest.testmod(kg.graph.turtle).failed == 0


# ---------------------------------------------------------------- plain triples, as `kg build` writes them


BAD_IRI = URIRef("https://w3id.org/kgnews/id/org/a b{c}|<d>")  # escaped, yet no parser takes it back


@pytest.mark.parametrize("obj", TERMS + [BAD_IRI])
def test_a_plain_term_is_written_as_its_rdflib_term(obj):
    expected = to_turtle([(RES["x"], KG.evidence, obj), (RES["x"], RDF.type, KG.Person)], PREFIXES)
    assert to_turtle([(str(RES["x"]), IRI.evidence, plain(obj)), (str(RES["x"]), IRI.type, IRI.Person)],
                     PREFIXES) == expected


def both_ways(kb: KnowledgeBase) -> tuple[str, str]:
    """graph.ttl as `kg build` writes it (plain triples) and as written from the rdflib graph."""
    return to_turtle(PlainGraph(triples(kb)), PREFIXES), to_turtle(to_graph(kb), PREFIXES)


def test_the_seeds_are_the_same_bytes_from_plain_triples(seeds_build, seeds_graph):
    ours, theirs = both_ways(seeds_build.kb)
    assert ours == theirs == to_turtle(seeds_graph, PREFIXES)
    assert to_turtle(triples(seeds_build.kb), PREFIXES) == theirs  # straight from the mapping, ungrouped


@pytest.mark.slow  # a generated graph of 20,000 triples, written twice
def test_a_generated_corpus_is_the_same_bytes_from_plain_triples():
    sys.path.insert(0, str(ROOT / "bench"))
    from query_bench import generate
    ours, theirs = both_ways(generate(20_000))
    assert ours == theirs


DOCUMENT, OTHER = 'новости/"первая" \\ {1}.txt', "вторая\tстрока\n.txt"
SAID = Evidence(DOCUMENT, 3, 'Он сказал: "да" \\ нет\r\n\x07 🙂', -5, 12)  # a negative offset: a quoted integer


def awkward_kb() -> KnowledgeBase:
    """Quotes, backslashes, control characters, an emoji, IRIs that need escapes, a date range, a
    kind with no class, an event inside another, a position with no organization, a repeated fact."""
    entities = [
        Entity("person/ivan", PER, 'Иван "Ваня" Петров', aliases={"Ивана\tПетрова", "", "🙂"}, docs={DOCUMENT}),
        Entity("org/a b{c}|<d>", ORG, "ООО <Ромашка> & сыновья", docs={DOCUMENT, OTHER}),
        Entity("place/x", LOC, "Москва", aliases={"Москва"}),
        Entity("event/forum", EVENT, "форум", kind="Forum", when=Dated(date(2023, 9, 11), date(2023, 9, 15))),
        Entity("event/e", EVENT, "встреча", kind="Meeting", when=Dated(date(2023, 9, 14), date(2023, 9, 14)),
               place="place/x", parent="event/forum", evidence=[SAID, SAID], docs={DOCUMENT}),
    ]
    positions = [Position("position/t", "посол", "Посол", None),
                 Position("position/u", "глава", "Глава", "org/a b{c}|<d>")]
    relations = [Relation(name, subject, obj, SAID) for name, subject, obj in [
        ("participant", "person/ivan", "event/e"), ("participatedIn", "person/ivan", "event/forum"),
        ("organized", "org/a b{c}|<d>", "event/forum"), ("holdsPosition", "person/ivan", "position/u"),
        ("metWith", "person/ivan", "org/a b{c}|<d>"), ("metWith", "person/ivan", "org/a b{c}|<d>")]]
    return KnowledgeBase([DOCUMENT, OTHER], {e.id: e for e in entities}, {p.id: p for p in positions}, relations)


def test_awkward_text_and_iris_are_the_same_bytes_from_plain_triples():
    ours, theirs = both_ways(awkward_kb())
    assert ours == theirs
    assert "org/a\\u0020b\\u007Bc\\u007D\\u007C\\u003Cd\\u003E>" in ours and "\\u0007" in ours and "🙂" in ours
    assert len(PlainGraph(triples(awkward_kb()))) == len(to_graph(awkward_kb()))


def test_only_the_prefixes_used_are_declared():
    ours, theirs = both_ways(KnowledgeBase(documents=["a.txt"]))
    assert ours == theirs
    declared = [line.split()[1] for line in ours.splitlines() if line.startswith("@prefix")]
    assert declared == ["dcat:", "dcterms:", "doc:", "kg:", "owl:", "rdfs:", "res:", "void:"], declared
    assert both_ways(KnowledgeBase()) == ("", "")
