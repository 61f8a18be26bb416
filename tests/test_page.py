"""The page without a browser: what is drawn, deterministic, self-contained, escaped."""

import re

from rdflib import Graph

from conftest import ROOT
from kg.viz import network_from_graph, render_page

FIXTURE = ROOT / "tests" / "data" / "page_fixture.ttl"


def fixture_graph():
    return Graph().parse(FIXTURE)


def test_network_draws_entities_not_documents_statements_or_positions(seeds_graph):
    network = network_from_graph(seeds_graph)
    types = {data["type"] for _, data in network.nodes(data=True)}
    assert types == {"person", "organization", "place", "event"}
    labels = {data["label"] for _, data in network.nodes(data=True)}
    assert "Имангали Тасмагамбетов" in labels and "Астана" in labels


def test_met_with_edges_carry_their_evidence(seeds_graph):
    network = network_from_graph(seeds_graph)
    label = {node: data["label"] for node, data in network.nodes(data=True)}
    facts = [data["facts"] for a, b, relation, data in network.edges(keys=True, data=True)
             if relation == "metWith" and {label[a], label[b]} == {"Имангали Тасмагамбетов", "Сергей Лавров"}]
    assert facts and any("14 сентября 2023 г." in f["evidence"] for f in facts[0])


def test_page_is_deterministic(seeds_graph):
    assert render_page(seeds_graph, "seeds") == render_page(seeds_graph, "seeds")


def test_page_loads_nothing_from_the_network(seeds_graph):
    page = render_page(seeds_graph)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<link" not in page


def test_untrusted_text_cannot_close_the_data_script():
    page = render_page(fixture_graph())
    data = page.split('<script type="application/json" id="kg-data">', 1)[1].split("</script>", 1)[0]
    assert "<script>" not in data and "<img" not in data
    assert "\\u003cscript\\u003ewindow.__pwned=1" in data


def test_empty_graph_gives_a_page():
    assert render_page(Graph(), "пусто").startswith("<!DOCTYPE html>")


def test_rendering_never_writes_a_lib_folder(seeds_graph, tmp_path, monkeypatch):
    """pyvis's own writers copy vis.js into ./lib; the page is built from strings instead."""
    monkeypatch.chdir(tmp_path)
    render_page(seeds_graph)
    assert list(tmp_path.iterdir()) == []
