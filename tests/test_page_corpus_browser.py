"""The page of a real corpus in a real browser (the factRuEval dev set, network blocked): it opens
on the connected part, fitted; every filter changes the visible counts as the network says;
the ego view, community colours, search ranking, labels and exports."""

import base64
import csv
import io

import pytest

from kg.analysis.read import network_from_graph
from kg.page.render import render_page

from browser import OfflinePage, available, chromium
from conftest import FACTRUEVAL

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(not available(), reason="needs Debian's chromium and playwright"),
              pytest.mark.skipif(not FACTRUEVAL.is_dir(), reason="needs ../shared/factrueval-dev")]

VISIBLE_NODES = "kgPage.nodes.get({filter: n => !n.hidden}).map(n => n.id)"
VISIBLE_EDGES = "kgPage.edges.get({filter: e => !e.hidden}).map(e => [e.from, e.to, e.relation])"


@pytest.fixture(scope="module")
def dev(tmp_path_factory, dev_set_build):
    """The dev set's page, as `kg build` draws it, and the network it draws."""
    path = tmp_path_factory.mktemp("dev-page") / "graph.html"
    path.write_text(render_page(dev_set_build.triples, title="kg: factrueval-dev"), encoding="utf-8")
    return path, network_from_graph(dev_set_build.triples)


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser, dev):
    opened = OfflinePage(browser, dev[0])
    yield opened
    assert opened.blocked == [] and opened.errors == []
    opened.page.close()


def links(network):
    return dict(network.degree())


def stats_text(page):
    return page.page.inner_text("#stats")


def counted(page):
    nodes, edges = page.evaluate(f"[{VISIBLE_NODES}.length, {VISIBLE_EDGES}.length]")
    return nodes, edges


def test_the_first_view_shows_the_connected_part_fitted(page, dev):
    _, network = dev
    degree = links(network)
    shown = set(page.evaluate(VISIBLE_NODES))
    assert shown == {node for node, d in degree.items() if d > 0}          # no isolated node, none missing
    assert len(shown) > 100
    box = page.evaluate("""(() => { const ids = kgPage.nodes.get({filter: n => !n.hidden}).map(n => n.id);
        const at = kgPage.network.getPositions(ids);
        return ids.map(id => kgPage.network.canvasToDOM(at[id])); })()""")
    width, height = page.evaluate("[kgPage.network.body.container.clientWidth, "
                                  "kgPage.network.body.container.clientHeight]")
    assert all(0 <= p["x"] <= width and 0 <= p["y"] <= height for p in box)
    xs = [p["x"] for p in box]
    assert max(xs) - min(xs) > width * 0.4                                 # fitted: not a blob in a corner
    nodes, edges = counted(page)
    assert stats_text(page).startswith(f"показано {nodes} из {len(network)} узлов · {edges} из ")


def test_the_isolated_toggle_says_how_many_and_shows_exactly_them(page, dev):
    _, network = dev
    isolated = {node for node, d in links(network).items() if d == 0}
    assert page.page.inner_text("#isolated-label") == f"Узлы без связей ({len(isolated)})"
    before = set(page.evaluate(VISIBLE_NODES))
    page.page.check("#show-isolated")
    assert set(page.evaluate(VISIBLE_NODES)) - before == isolated
    assert stats_text(page).startswith(f"показано {len(network)} из {len(network)} узлов")


def test_the_minimum_links_slider_keeps_nodes_with_as_many_links(page, dev):
    _, network = dev
    page.page.locator("#min-links").fill("3")
    expected = {node for node, d in links(network).items() if d >= 3}
    assert set(page.evaluate(VISIBLE_NODES)) == expected and 0 < len(expected) < 100
    assert all(a in expected and b in expected for a, b, _ in page.evaluate(VISIBLE_EDGES))
    assert stats_text(page).startswith(f"показано {len(expected)} из ")


def test_a_type_filter_hides_its_nodes_and_recounts_the_links_of_the_rest(page, dev):
    _, network = dev
    page.page.uncheck("#type-filters input[value=place]")
    kept = network.subgraph([n for n, t in network.nodes(data="type") if t != "place"])
    expected = {node for node, d in kept.degree() if d > 0}
    assert set(page.evaluate(VISIBLE_NODES)) == expected
    places = sum(1 for _, t in network.nodes(data="type") if t == "place")
    assert page.page.inner_text("#type-filters li:has(input[value=place]) .count") == f"0/{places}"
    person = sum(1 for n in expected if network.nodes[n]["type"] == "person")
    assert page.page.inner_text("#type-filters li:has(input[value=person]) .count").startswith(f"{person}/")
    place_edges = sum(1 for _, _, relation in network.edges(keys=True) if relation == "place")
    assert page.page.inner_text("#relation-filters li:has(input[value=place]) .count") == f"0/{place_edges}"


def test_the_date_filter_keeps_what_happened_in_the_range(page, dev):
    _, network = dev
    days = sorted({d for _, dates in network.nodes(data="dates") for d in dates})
    start = end = days[-1]
    page.page.fill("#date-from", start)
    page.page.fill("#date-to", end)
    in_range = lambda dates: any(start <= d <= end for d in dates)  # noqa: E731
    passing = {n for n, dates in network.nodes(data="dates") if in_range(dates)}
    linked = {n for a, b, dates in network.edges(data="dates") if a in passing and b in passing
              and (not dates or in_range(dates)) for n in (a, b)}
    shown = set(page.evaluate(VISIBLE_NODES))
    assert shown == linked and 0 < len(shown) < len({n for n, d in links(network).items() if d})
    edges = page.evaluate("kgPage.edges.get({filter: e => !e.hidden}).map(e => e.dates)")
    assert edges and all(not dates or in_range(dates) for dates in edges)
    nodes, edge_count = counted(page)
    assert stats_text(page).startswith(f"показано {nodes} из {len(network)} узлов · {edge_count} из ")


def test_the_ego_view_shows_exactly_the_one_hop_neighbourhood_and_goes_back(page, dev):
    _, network = dev
    centre = page.evaluate("kgPage.data.nodes.find(n => n.rank === 0).id")
    before = page.evaluate(VISIBLE_NODES)
    page.evaluate(f"kgPage.select({centre!r})")
    page.page.click("#panel .ego button[data-hops='1']")
    neighbours = set(network.successors(centre)) | set(network.predecessors(centre))
    assert set(page.evaluate(VISIBLE_NODES)) == neighbours | {centre}
    positions = page.evaluate(f"kgPage.network.getPositions()[{centre!r}]")
    assert (positions["x"], positions["y"]) == (0, 0)                    # laid out afresh around it
    assert page.page.is_visible("#ego-bar")
    page.page.click("#ego-back")
    assert page.evaluate(VISIBLE_NODES) == before


def test_colour_by_community_gives_each_large_community_its_colour(page):
    page.page.select_option("#colour-by", "community")
    nodes = page.evaluate("kgPage.nodes.get().map(n => "
                          "[n.community, typeof n.color === 'string' ? n.color : n.color.background])")
    palette = {c["id"]: c["colour"] for c in page.evaluate("kgPage.data.communities")}
    other = page.evaluate("kgPage.data.otherCommunity")
    assert len(palette) >= 5
    assert all(colour == palette.get(community, other) for community, colour in nodes)
    assert page.page.is_visible("#community-legend")


@pytest.mark.parametrize("query, first", [["Лаврову", "Сергей Лавров"], ["НАТО", "НАТО"],
                                          ["медведева", "Дмитрий Медведев"]])
def test_search_ranks_people_and_organizations_by_match_then_events(page, query, first):
    page.page.fill("#search", query)
    results = page.page.locator("#search-results li").all_inner_texts()
    assert results[0].startswith(first)
    assert not any("Анатол" in result for result in results)
    found = page.evaluate(f"kgSearch.find(kgSearch.buildIndex(kgPage.data.nodes), {query!r}).map(r => r.type)")
    events = [t == "event" for t in found]
    assert events == sorted(events)                                      # events last


def test_labels_never_overlap_and_the_most_central_come_first(page):
    drawn = page.evaluate("kgPage.labels.drawn")
    boxes = [d["box"] for d in drawn]
    assert len(boxes) > 20
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
    ranks = page.evaluate("kgPage.labels.drawn.map(d => kgPage.nodes.get(d.id).rank)")
    assert ranks == sorted(ranks)
    page.evaluate("kgPage.network.moveTo({scale: kgPage.network.getScale() * 3})")
    page.page.wait_for_timeout(200)
    assert page.evaluate("kgPage.labels.drawn.length") > 0


def test_the_view_exports_as_png_and_csv(page):
    with page.page.expect_download() as download:
        page.page.click("#export-png")
    assert download.value.suggested_filename == "graph-view.png"
    image = base64.b64decode(page.evaluate("kgPage.exports.png()").split(",", 1)[1])
    assert image[:8] == b"\x89PNG\r\n\x1a\n" and len(image) > 10_000
    files = page.evaluate("kgPage.exports.csv()")
    nodes = list(csv.DictReader(io.StringIO(files["nodes"])))
    edges = list(csv.DictReader(io.StringIO(files["edges"])))
    assert (len(nodes), len(edges)) == counted(page)
    assert {row["id"] for row in nodes} >= {row["source"] for row in edges} | {row["target"] for row in edges}


def test_selecting_a_node_fades_the_rest_of_a_thousand_nodes(page):
    page.evaluate("kgPage.select(kgPage.data.nodes.find(n => n.name === 'Дмитрий Медведев').id)")
    faded = set(page.evaluate("kgPage.nodes.get({filter: n => String(n.color).startsWith('rgba')}).map(n => n.name)"))
    assert "ФИДЕ" in faded and len(faded) > 900
    assert not {"Дмитрий Медведев", "Россия"} & faded
    assert "Япония" in faded   # named with him in sentences: a co-mention, hidden, does not count
    page.evaluate("void kgPage.network.emit('click', {nodes: [], edges: []})")
    assert not page.evaluate("kgPage.nodes.get({filter: n => String(n.color).startsWith('rgba')}).length")
