"""The page without a browser: what is drawn, deterministic, self-contained, escaped."""

import base64
import hashlib
import json
import os
import re
import subprocess
import sys

import networkx as nx
import pytest
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef

from kg.analysis.read import network_from_graph
from kg.graph.plain import PlainGraph
from kg.graph.rdf import to_graph, triples
from kg.graph.vocab import KG
from kg.page.layout import LAYOUT_SEED, _component_layout, layout
from kg.page.render import PAGE_ASSETS, render_page

from conftest import ROOT

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


def test_the_page_of_plain_triples_is_the_page_of_their_rdflib_graph(seeds_build, seeds_graph):
    """`kg build` draws from plain triples, `kg viz` from graph.ttl read by rdflib."""
    assert render_page(seeds_build.triples, "seeds") == render_page(seeds_graph, "seeds")


@pytest.mark.slow  # a generated graph of 20,000 triples, drawn twice
def test_a_big_generated_graph_gives_the_same_page_both_ways():
    sys.path.insert(0, str(ROOT / "bench"))
    from query_bench import generate
    kb = generate(20_000)  # one component of some 600 nodes: the numpy layout
    assert render_page(PlainGraph(triples(kb))) == render_page(to_graph(kb))


@pytest.mark.parametrize("edges", [
    [("b", "a")],                                    # a pair
    [("c", "a"), ("a", "b")],                        # a path
    [("hub", "x"), ("hub", "y"), ("hub", "z")],      # a star
    [("a", "b"), ("b", "c"), ("c", "a")],            # a triangle
])
def test_components_of_one_shape_are_laid_out_as_networkx_lays_out_each(edges):
    """Small components share their shape's layout: it must be the one networkx gives the component."""
    component = nx.Graph(edges)
    expected = {node: (float(x), float(y)) for node, (x, y) in nx.spring_layout(component, seed=LAYOUT_SEED).items()}
    assert _component_layout(component) == expected
    renamed = nx.relabel_nodes(component, lambda node: node + "!")
    assert _component_layout(renamed) == {node + "!": xy for node, xy in expected.items()}


def test_pairs_pack_tight_so_that_the_largest_cluster_fills_the_view():
    """A real corpus has many person–organization pairs: the page fits the view to the whole
    picture, so the pairs must not make it much larger than its largest connected part (30
    pairs and a 20-node star: 7.1 times the star's box at the old room for a pair, 1.9 now)."""
    network = nx.MultiDiGraph()
    network.add_edges_from(("hub", f"spoke{i}") for i in range(19))
    network.add_edges_from((f"p{i}", f"o{i}") for i in range(30))
    positions = layout(network)

    def box(points):
        xs, ys = [x for x, _ in points], [y for _, y in points]
        return (max(xs) - min(xs)) * (max(ys) - min(ys))
    star = [positions[n] for n in ["hub"] + [f"spoke{i}" for i in range(19)]]
    assert box(list(positions.values())) < 4 * box(star)


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


# ---------------------------------------------------------------- the fixture graph, fact by fact

TASMAGAMBETOV, LAVROV, TOKAYEV = "Имангали Тасмагамбетов", "Сергей Лавров", "Касым-Жомарт Токаев"
INJECTED = "Иван <script>window.__pwned=1</script> Петров"
CONFERENCE = "международная конференция по борьбе с терроризмом и экстремизмом"
ASTANA_MEETING = "встреча Генерального секретаря ОДКБ с Президентом Республики Казахстан"

# [source, relation, target, the date of its facts, a piece of its evidence sentence]
EDGES = [
    [TASMAGAMBETOV, "metWith", TOKAYEV, "2025-10-31", "в Астане состоялась встреча"],
    [TASMAGAMBETOV, "metWith", LAVROV, "2023-09-14", "Стороны обсудили актуальные вопросы"],
    [TASMAGAMBETOV, "metWith", "Эмомали Рахмон", "", "был принят Президентом Республики Таджикистан"],
    [TOKAYEV, "participatedIn", ASTANA_MEETING, "2025-10-31", "31 октября 2025 г. в Астане"],  # from kg:participant
    ["Самат Ордабаев", "participatedIn", "консультации Секретариата ООН", "2023-04-28",
     "организованных Секретариатом ООН"],
    ["Государственный комитет национальной безопасности Кыргызской Республики", "organized", CONFERENCE,
     "2023-09-20", "Организаторами мероприятия выступили"],
    ["ОДКБ", "organized", "операция «Канал-Перехват»", "2023-09-11 – 2023-09-15", "В соответствии с Планом"],
    [INJECTED, "spokeAt", CONFERENCE, "2023-09-20", '<img src=x onerror="window.__pwned=2">'],
    [LAVROV, "holdsPosition", "Россия", "", "с Министром иностранных дел России Сергеем Лавровым"],
    [CONFERENCE, "place", "Бишкек", "2023-09-20", "в г. Бишкеке состоялась"],
]


def fixture_network():
    return network_from_graph(fixture_graph())


def named_edges(network):
    label = dict(network.nodes(data="label"))
    return {(label[a], relation, label[b]): data for a, b, relation, data in network.edges(keys=True, data=True)}


@pytest.mark.parametrize("source, relation, target, date, evidence", EDGES)
def test_a_relation_is_an_edge_with_its_dated_evidence(source, relation, target, date, evidence):
    edges = named_edges(fixture_network())
    data = edges.get((source, relation, target)) or edges[(target, relation, source)]  # metWith has no side
    assert any(evidence in fact["evidence"] and fact["date"] == date for fact in data["facts"]), data["facts"]


def test_a_meeting_stored_from_either_side_is_one_undirected_edge():
    edges = named_edges(fixture_network())
    met = [pair for pair in edges if pair[1] == "metWith" and {pair[0], pair[2]} == {TASMAGAMBETOV, LAVROV}]
    assert len(met) == 1
    assert edges[met[0]]["label"] == "встреча 14.09.2023"
    assert [f["document"] for f in edges[met[0]]["facts"]] == ["002_e5e59c7dfeaf13b1.txt"] * 2


def test_entities_are_drawn_by_type_and_nothing_else():
    types = {}
    for _, data in fixture_network().nodes(data=True):
        types.setdefault(data["type"], set()).add(data["label"])
    assert types["person"] == {TASMAGAMBETOV, LAVROV, TOKAYEV, "Эмомали Рахмон", "Самат Ордабаев", INJECTED}
    assert types["organization"] == {"ОДКБ", "Секретариат ООН",
                                     "Государственный комитет национальной безопасности Кыргызской Республики"}
    assert types["place"] == {"Астана", "Бишкек", "Казахстан", "Россия"}
    assert len(types["event"]) == 5 and set(types) == {"person", "organization", "place", "event"}


def test_a_person_carries_aliases_positions_and_documents():
    person = fixture_network().nodes["https://w3id.org/kgnews/id/person/imangali-tasmagambetov"]
    assert person["aliases"] == ["Имангали Тасмагамбетова", "Тасмагамбетов"]
    assert person["positions"] == [{"title": "Генеральный секретарь", "organization": "ОДКБ"}]
    assert person["documents"] == ["000_0d7ee99b2862e027.txt", "002_e5e59c7dfeaf13b1.txt"]
    assert person["degree"] == 6


def test_an_event_carries_its_kind_dates_and_sentence():
    operation = fixture_network().nodes["https://w3id.org/kgnews/id/event/operation-kanal-perekhvat-2023"]
    assert (operation["kind"], operation["date"]) == ("Операция", "2023-09-11 – 2023-09-15")
    assert "«Канал-Перехват»" in operation["facts"][0]["evidence"]


def test_a_position_edge_is_labelled_with_the_title():
    edges = named_edges(fixture_network())
    assert edges[("Самат Ордабаев", "holdsPosition", "ОДКБ")]["label"] == "Заместитель Генерального секретаря"


def page_data(page):
    return json.loads(page.split('<script type="application/json" id="kg-data">', 1)[1].split("</script>", 1)[0])


def test_line_separators_and_ampersands_are_escaped_in_the_data():
    graph = fixture_graph()
    lavrov = URIRef("https://w3id.org/kgnews/id/person/sergey-lavrov")
    graph.add((lavrov, SKOS.altLabel, Literal("Лавров & Co\u2028</script>", lang="ru")))
    page = render_page(graph)
    assert "\\u2028\\u003c/script\\u003e" in page and "& Co" not in page
    assert "Лавров & Co\u2028</script>" in next(n["aliases"] for n in page_data(page)["nodes"] if n["name"] == LAVROV)


def test_every_inline_script_is_allowed_by_hash_and_nothing_else_is():
    page = render_page(fixture_graph(), "<b>заголовок</b>")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    hashes = {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in scripts}
    allowed = set(re.search(r"script-src ([^;]+)", policy).group(1).split())
    assert len(scripts) == 1 + len(PAGE_ASSETS) and hashes == allowed
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    assert "<title>&lt;b&gt;заголовок&lt;/b&gt;</title>" in page


@pytest.mark.slow  # a 600-node layout
def test_a_big_graph_keeps_its_python_layout():
    """Above a few hundred nodes the page draws the layout computed here, physics off."""
    graph, people = Graph(), [URIRef(f"https://w3id.org/kgnews/id/person/p{i}") for i in range(600)]
    for i, person in enumerate(people):
        graph.add((person, RDF.type, KG.Person))
        graph.add((person, RDFS.label, Literal(f"Персона {i}", lang="ru")))
        graph.add((person, KG.metWith, people[(i + 1) % len(people)]))
    data = page_data(render_page(graph))
    assert data["options"]["physics"]["enabled"] is False and data["fade"] is True  # fading stays quick to 5,000
    positions = {(node["x"], node["y"]) for node in data["nodes"]}
    assert len(positions) > 590


@pytest.mark.slow  # a Python process a hash seed
def test_the_same_triples_give_the_same_page_whatever_their_order_and_hash_seed(tmp_path):
    """Sets iterate in a per-process order and a store returns triples in insertion order."""
    triples = sorted(fixture_graph(), key=lambda t: tuple(map(str, t)))
    forward, backward = Graph(), Graph()
    for triple in triples:
        forward.add(triple)
    for triple in reversed(triples):
        backward.add(triple)
    assert render_page(forward) == render_page(backward)
    script = ("import sys; from rdflib import Graph; from kg.page.render import render_page; "
              "sys.stdout.write(render_page(Graph().parse(sys.argv[1])))")
    pages = {subprocess.run([sys.executable, "-c", script, str(FIXTURE)], capture_output=True, check=True, cwd=ROOT,
                            env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(pages) == 1


def test_a_graph_too_big_for_the_page_keeps_its_most_central_entities(seeds_build):
    from kg.analysis.measures import measure
    from kg.analysis.networks import relation_network
    network = network_from_graph(seeds_build.triples)
    pagerank = measure(relation_network(network)).pagerank
    data = page_data(render_page(seeds_build.triples, max_nodes=10))
    assert data["total"] == len(network) == 46
    assert {node["id"] for node in data["nodes"]} == set(sorted(network, key=lambda n: (-pagerank[n], n))[:10])
    assert all(edge["from"] in {n["id"] for n in data["nodes"]} for edge in data["edges"])
    assert "Имангали Тасмагамбетов" in {node["name"] for node in data["nodes"]}


def test_co_mentions_are_weak_edges_hidden_at_first(seeds_build):
    data = page_data(render_page(seeds_build.triples))
    weak = [edge for edge in data["edges"] if edge["relation"] == "coMention"]
    assert len(weak) == 74 and all(edge["hidden"] and edge["dashes"] for edge in weak)
    assert not any(edge.get("hidden") for edge in data["edges"] if edge["relation"] != "coMention")
    assert next(r for r in data["relations"] if r["key"] == "coMention")["count"] == 74


def test_nodes_and_edges_carry_the_dates_of_their_events_facts_and_documents(read):
    kb = read({"a.txt": "МОСКВА, 5 марта 2024. /ТАСС/. Министр иностранных дел России Сергей Лавров провёл "
                        "переговоры с Имангали Тасмагамбетовым. В Бишкеке 12 апреля 2024 года прошла конференция ОДКБ.",
               "b.txt": "Сергей Лавров выступил в Москве."})
    network = network_from_graph(PlainGraph(triples(kb)))
    dates = {data["label"]: data["dates"] for _, data in network.nodes(data=True)}
    assert "2024-03-05" in dates["Сергей Лавров"] and "2024-03-05" in dates["Имангали Тасмагамбетов"]
    met = [d for _, _, r, d in network.edges(keys=True, data=True) if r == "metWith"]
    assert met and met[0]["dates"] == ["2024-03-05"]
    assert any(day == "2024-04-12" for label, days in dates.items() if "онференц" in label for day in days)
