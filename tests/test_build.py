"""`kg build` writes graph.ttl and the page from plain triples, never an rdflib graph: the very
bytes the rdflib graph of the same knowledge base gives."""

import pytest

import kg.pipeline.build
from kg.graph.plain import PlainGraph
from kg.graph.rdf import triples
from kg.graph.turtle import to_turtle
from kg.graph.vocab import PREFIXES
from kg.page.render import render_page
from kg.pipeline.build import BuildResult, build

from conftest import SEEDS


@pytest.fixture
def built(seeds_build, tmp_path, monkeypatch):
    """`kg build seeds` on the knowledge base read once for the session; rdflib's graph forbidden."""
    kb = seeds_build.kb
    monkeypatch.setattr(kg.pipeline.build, "build_graph",
                        lambda *args, **options: BuildResult(kb, PlainGraph(triples(kb))))
    monkeypatch.setattr(kg.pipeline.build, "to_graph", lambda kb: pytest.fail("kg build made an rdflib graph"))
    result = build(SEEDS, tmp_path, use_cache=False)
    return tmp_path, result


def test_graph_ttl_is_the_turtle_of_the_rdflib_graph(built, seeds_graph):
    out, result = built
    assert (out / "graph.ttl").read_bytes() == to_turtle(seeds_graph, PREFIXES).encode("utf-8")
    assert result.summary()["triples"] == len(seeds_graph)


def test_the_page_is_the_page_of_the_rdflib_graph(built, seeds_graph):
    out, _ = built
    assert (out / "graph.html").read_text(encoding="utf-8") == render_page(seeds_graph, title="kg: seeds")
