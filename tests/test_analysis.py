"""Network analysis: mention counts and co-mentions in the graph, centrality, communities,
paths and the network exports, each read back."""

import csv
import io
import json

import networkx as nx
import pytest
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

from kg.analysis import measures
from kg.analysis.networks import networks_from_graph
from kg.analysis.paths import shortest_paths, to_text
from kg.analysis.stats import stats, to_csv, to_json, to_table
from kg.errors import KgError
from kg.exports import CO_MENTION, NODE_FIELDS, csv_files, export_network, write_network
from kg.graph.plain import PlainGraph
from kg.graph.rdf import triples
from kg.graph.store import from_graph
from kg.sparql.query import run


@pytest.fixture(scope="module")
def seeds_networks(seeds_build):
    return networks_from_graph(seeds_build.triples)


TEXT = ("Сергей Лавров встретился в Москве с Имангали Тасмагамбетовым. "
        "Лавров и Тасмагамбетов обсудили работу ОДКБ. Лавров вернулся в Москву.")


def select(kb, query):
    return [{k: str(v) for k, v in row.items()} for row in rows_of(run(from_graph(PlainGraph(triples(kb))), query))]


def rows_of(results):
    from kg.results import rows_of as convert
    return convert(results)


def test_mention_counts_are_reachable_by_sparql(read):
    kb = read(TEXT)
    found = select(kb, """SELECT ?name ?file ?count WHERE {
        ?m a kg:MentionCount ; kg:mentionOf/rdfs:label ?name ; kg:inDocument/kg:sourceFile ?file ; kg:count ?count }""")
    counts = {row["name"]: int(row["count"]) for row in found}
    assert counts["Сергей Лавров"] == 3 and counts["Имангали Тасмагамбетов"] == 2 and counts["Москва"] == 2
    assert {row["file"] for row in found} == {"text.txt"}


def test_co_mention_is_a_weighted_pair_of_one_sentence(read):
    kb = read(TEXT)
    found = select(kb, """SELECT ?a ?b ?count WHERE {
        ?c a kg:CoMention ; kg:member ?x, ?y ; kg:count ?count .
        ?x rdfs:label ?a . ?y rdfs:label ?b . FILTER(STR(?a) < STR(?b)) }""")
    pairs = {(row["a"], row["b"]): int(row["count"]) for row in found}
    assert pairs[("Имангали Тасмагамбетов", "Сергей Лавров")] == 2   # two sentences name both
    assert pairs[("Москва", "Сергей Лавров")] == 2                   # the first and the third
    assert pairs[("Имангали Тасмагамбетов", "Москва")] == 1
    assert ("Москва", "Организация Договора о коллективной безопасности") not in pairs


def test_pagerank_is_networkx_pagerank():
    graph = nx.karate_club_graph()
    graph.add_node("alone")
    ours = measures.pagerank(graph)
    theirs = _pagerank_python(graph, weight="weight", tol=1e-12)
    assert max(abs(ours[n] - theirs[n]) for n in graph) < 1e-8


def test_exact_betweenness_is_networkx_and_a_big_network_is_sampled(monkeypatch):
    graph = nx.karate_club_graph()
    graph.add_edge("a", "b")  # a pair: on no shortest path, outside the measured core
    found = measures.measure(graph)
    expected = nx.betweenness_centrality(graph)
    assert found.betweenness_sources is None
    assert max(abs(found.betweenness[n] - expected[n]) for n in graph) < 1e-12
    monkeypatch.setattr(measures, "BETWEENNESS_BUDGET", 1000)
    sampled = measures.measure(graph)
    assert sampled.betweenness_sources == 8   # the budget over 34 nodes and 78 edges
    named = nx.relabel_nodes(graph, str).subgraph(map(str, range(34)))
    expected = nx.betweenness_centrality(named, k=8, normalized=False, seed=measures.SEED)
    pairs = (len(graph) - 1) * (len(graph) - 2) / 2
    assert max(abs(sampled.betweenness[n] - expected[str(n)] / pairs) for n in range(34)) < 1e-12
    assert max(graph, key=sampled.betweenness.get) in (0, 33)   # the two hubs stand out even sampled


@pytest.mark.parametrize("graph", [nx.karate_club_graph(), nx.les_miserables_graph(),
                                   nx.gnm_random_graph(400, 900, seed=3), nx.barbell_graph(6, 3)])
@pytest.mark.parametrize("k", [None, 4, 9, 30])
def test_brandes_in_numpy_is_networkx_betweenness(graph, k):
    from kg.analysis.brandes import betweenness
    ours = betweenness(graph, k, seed=7)
    theirs = nx.betweenness_centrality(graph, k=k if k and k < len(graph) else None, normalized=False, seed=7)
    assert max(abs(ours[n] - theirs[n]) for n in graph) < 1e-9 * max(1, max(theirs.values()))


def test_communities_are_seeded_and_cover_every_node():
    graph = nx.relabel_nodes(nx.karate_club_graph(), str)
    graph.add_edge("a", "b")
    first, second = measures.measure(graph), measures.measure(graph)
    assert first.communities == second.communities
    assert sorted(n for c in first.communities for n in c) == sorted(graph)
    assert ["a", "b"] in first.communities and len(first.communities) >= 3
    assert [len(c) for c in first.communities] == sorted((len(c) for c in first.communities), reverse=True)
    assert first.community_method == "Louvain"


def test_a_core_too_big_for_louvain_is_split_by_label_propagation(monkeypatch):
    graph = nx.relabel_nodes(nx.karate_club_graph(), str)
    monkeypatch.setattr(measures, "LOUVAIN_LIMIT", 10)
    found = measures.measure(graph)
    assert found.community_method == "label propagation"
    assert sorted(n for c in found.communities for n in c) == sorted(graph) and len(found.communities) > 1


def test_stats_rank_the_seeds_secretary_general_first(seeds_networks):
    result = stats(seeds_networks)
    relations = result.networks["relations"]
    for measure in ("degree", "weighted_degree", "betweenness", "pagerank"):
        assert relations["central"]["person"][measure][0]["name"] == "Имангали Тасмагамбетов"
    assert result.counts["person"] == 9 and result.counts["documents"] == 2
    assert relations["components"]["largest"][0] == 21
    assert any("Имангали Тасмагамбетов" in c["top"] for c in relations["communities"])
    table = to_table(result)
    assert "most central people:" in table and "== co-mentions network ==" in table
    components = json.loads(to_json(result))["networks"]["relations"]["components"]
    assert components["count"] == relations["components"]["count"]
    rows = list(csv.DictReader(io.StringIO(to_csv(result))))
    assert {"section": "central", "network": "relations", "type": "person", "measure": "pagerank", "rank": "1",
            "name": "Имангали Тасмагамбетов"}.items() <= rows[[r["measure"] for r in rows].index("pagerank")].items()


def test_path_gives_each_hop_with_its_relation_date_and_sentence(seeds_networks):
    found = shortest_paths(seeds_networks, "Лаврова", "Токаев")
    assert (found.source, found.target, found.over) == ("Сергей Лавров", "Касым-Жомарт Токаев", "relations")
    [path] = found.paths
    assert [(h.source, h.relation, h.target, h.date) for h in path] == [
        ("Сергей Лавров", "metWith", "Имангали Тасмагамбетов", "2023-09-14"),
        ("Имангали Тасмагамбетов", "metWith", "Касым-Жомарт Токаев", "2025-10-31")]
    assert "Сергеем Лавровым" in path[0].evidence
    assert "«14 сентября 2023 г. прошла встреча" in to_text(found)


def test_path_over_co_mentions_when_asked(seeds_networks):
    found = shortest_paths(seeds_networks, "Лавров", "Токаев", co_mentions=True)
    assert found.over == "relations and co-mentions" and len(found.paths[0]) <= 2


def test_path_errors_are_clean(seeds_networks):
    with pytest.raises(KgError, match="no entity named 'Никто'"):
        shortest_paths(seeds_networks, "Никто", "Токаев")
    with pytest.raises(KgError, match="one entity"):
        shortest_paths(seeds_networks, "Лавров", "Сергей Лавров")


@pytest.mark.parametrize("format_", ["graphml", "gexf"])
def test_graphml_and_gexf_read_back_with_their_attributes(seeds_networks, tmp_path, format_):
    [path] = write_network(seeds_networks, format_, tmp_path / f"network.{format_}")
    assert "Имангали Тасмагамбетов" in path.read_text(encoding="utf-8")    # letters, not &#1048;...
    back = nx.read_graphml(path) if format_ == "graphml" else nx.read_gexf(path)
    expected = export_network(seeds_networks)
    assert len(back) == len(expected) and back.number_of_edges() == expected.number_of_edges()
    node = next(n for n, d in expected.nodes(data=True) if d["label"] == "Имангали Тасмагамбетов")
    data = back.nodes[node]
    assert data["type"] == "person" and "Тасмагамбетова" in data["aliases"]
    assert data["degree"] == 8 and isinstance(data["pagerank"], float) and data["community"] >= 0
    relations = {d["relation"] for _, _, d in back.edges(data=True)}
    assert {"metWith", "holdsPosition", CO_MENTION} <= relations
    met = [d for u, v, d in back.edges(data=True) if d["relation"] == "metWith" and node in (u, v)]
    assert {d["first_date"] for d in met} >= {"2023-09-14", "2025-10-31"}


def test_csv_has_the_neo4j_import_header_and_reads_back(seeds_networks):
    nodes_text, edges_text = csv_files(export_network(seeds_networks))
    nodes = list(csv.DictReader(io.StringIO(nodes_text)))
    edges = list(csv.DictReader(io.StringIO(edges_text)))
    assert list(nodes[0]) == [header for _, header in NODE_FIELDS]
    assert list(nodes[0])[:3] == ["id:ID", "label", ":LABEL"]
    assert list(edges[0])[:3] == [":START_ID", ":END_ID", ":TYPE"]
    ids = {row["id:ID"] for row in nodes}
    assert len(ids) == len(nodes) and all(e[":START_ID"] in ids and e[":END_ID"] in ids for e in edges)
    assert {row[":LABEL"] for row in nodes} == {"Person", "Organization", "Place", "Event"}
    lavrov = next(row for row in nodes if row["label"] == "Сергей Лавров")
    assert "Сергеем Лавровым" in lavrov["aliases:string[]"].split(";")
    assert all(int(e["weight:int"]) >= 1 for e in edges)


def test_network_formats_from_the_command_line(seeds_build, tmp_path):
    from kg.api import Graph

    from conftest import call_kg as kg_run
    built = tmp_path / "out"
    Graph(built=seeds_build).save(built, page=False)
    graph = built / "graph.ttl"
    for format_ in ("graphml", "gexf", "csv"):
        result = kg_run("export", "-f", format_, "-g", graph)
        assert result.returncode == 0, result.stderr
    assert nx.read_gexf(built / "network.gexf").number_of_nodes() == 46
    result = kg_run("stats", "-g", graph, "-f", "json")
    assert json.loads(result.stdout)["counts"]["person"] == 9
    result = kg_run("path", "Лавров", "Никто", "-g", graph)
    assert result.returncode == 1 and result.stderr == "kg: error: no entity named 'Никто' in the graph\n"


def test_stats_and_paths_from_python(seeds_build):
    from kg.api import Graph
    graph = Graph(built=seeds_build)
    assert graph.stats().networks["relations"]["central"]["person"]["pagerank"][0]["name"] == "Имангали Тасмагамбетов"
    path = graph.paths("Лавров", "Токаев").paths[0]
    assert [hop.target for hop in path] == ["Имангали Тасмагамбетов", "Касым-Жомарт Токаев"]


def same_networks(light, full):
    assert dict(light.drawn.nodes(data="label")) == dict(full.drawn.nodes(data="label"))
    assert dict(light.drawn.nodes(data="type")) == dict(full.drawn.nodes(data="type"))
    for kind in ("relations", "co-mentions"):
        ours, theirs = light.of(kind), full.of(kind)
        assert {tuple(sorted((a, b))): w for a, b, w in ours.edges(data="weight")} == \
            {tuple(sorted((a, b))): w for a, b, w in theirs.edges(data="weight")}, kind
    assert light.documents == full.documents


def test_the_networks_read_by_sparql_are_the_page_networks(seeds_build, seeds_networks):
    from kg.analysis.light import light_networks
    same_networks(light_networks(from_graph(seeds_build.triples)), seeds_networks)


@pytest.mark.slow
def test_the_networks_read_by_sparql_are_the_page_networks_of_the_dev_set(dev_set_build):
    from kg.analysis.light import light_networks
    same_networks(light_networks(from_graph(dev_set_build.triples)), networks_from_graph(dev_set_build.triples))
