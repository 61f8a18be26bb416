"""The graph page in a real browser: offline, searchable, clickable, filterable, safe."""

import pytest

from kg.pipeline.build import build

from browser import OfflinePage, available, chromium
from conftest import ROOT, SEEDS

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(not available(), reason="needs Debian's chromium and playwright")]

FIXTURE = ROOT / "tests" / "data" / "page_fixture.ttl"
HOSTILE = ("Встреча министра Ивана <script>window.__pwned=1</script> Петрова с послом "
           "Джоном <img src=x onerror=\"window.__pwned=2\"> Смитом прошла в Москве.")


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def seeds_page(tmp_path_factory):
    out = tmp_path_factory.mktemp("page")
    build(SEEDS, out, workers=1, use_cache=False)
    return out / "graph.html"


@pytest.fixture
def page(browser, seeds_page):
    opened = OfflinePage(browser, seeds_page)
    yield opened
    opened.page.close()


def visible_nodes(page):
    return page.evaluate("window.kgPage.nodes.get({filter: n => !n.hidden}).map(n => n.name)")


def test_no_request_leaves_the_page_and_no_error(page):
    assert page.blocked == []
    assert page.errors == []


def test_the_network_holds_the_seed_facts(page):
    names = set(page.evaluate("window.kgPage.nodes.get().map(n => n.name)"))
    assert {"Имангали Тасмагамбетов", "Касым-Жомарт Токаев", "Сергей Лавров", "Самат Ордабаев",
            "Организация Договора о коллективной безопасности", "Астана"} <= names
    edges = page.evaluate("""window.kgPage.edges.get().map(e =>
        [window.kgPage.nodes.get(e.from).name, e.relation, window.kgPage.nodes.get(e.to).name])""")
    pairs = {tuple(sorted((a, b))) for a, relation, b in edges if relation == "metWith"}
    assert ("Имангали Тасмагамбетов", "Касым-Жомарт Токаев") in pairs
    assert ["Самат Ордабаев", "spokeAt", "Всемирная Общественная Ассамблея"] in edges


def test_search_by_an_inflected_form_focuses_the_node(page):
    page.page.fill("#search", "тасмагамбетова")
    first = page.page.locator("#search-results li").first
    assert "Имангали Тасмагамбетов" in first.inner_text()
    page.page.keyboard.press("Enter")
    page.wait_until("window.kgPage.selected != null")
    assert "Имангали Тасмагамбетов" in page.page.inner_text("#panel")


def test_clicking_a_node_shows_its_evidence(page):
    position = page.evaluate("""(() => {
        const node = window.kgPage.nodes.get({filter: n => n.name === 'Сергей Лавров'})[0];
        return window.kgPage.network.canvasToDOM(window.kgPage.network.getPositions([node.id])[node.id]);
    })()""")
    box = page.page.locator("#network").bounding_box()
    page.page.mouse.click(box["x"] + position["x"], box["y"] + position["y"])
    page.wait_until("document.querySelector('#panel').innerText.includes('Сергей Лавров')")
    panel = page.page.inner_text("#panel")
    assert "Сергей Лавров" in panel
    assert "14 сентября 2023 г. прошла встреча Генерального секретаря ОДКБ" in panel


def test_filters_hide_what_they_should(page):
    page.page.uncheck("#type-filters input[value=place]")
    assert "Астана" not in visible_nodes(page)
    assert "Сергей Лавров" in visible_nodes(page)
    page.page.uncheck("#relation-filters input[value=metWith]")
    hidden = page.evaluate("window.kgPage.edges.get({filter: e => e.relation === 'metWith'}).every(e => e.hidden)")
    assert hidden
    page.page.check("#type-filters input[value=place]")
    assert "Астана" in visible_nodes(page)


def test_markup_in_an_input_text_never_runs(browser, tmp_path):
    texts = tmp_path / "in"
    texts.mkdir()
    (texts / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    build(texts, tmp_path / "out", workers=1, use_cache=False)
    opened = OfflinePage(browser, tmp_path / "out" / "graph.html")
    try:
        for node in opened.evaluate("window.kgPage.nodes.get().map(n => n.id)"):
            opened.evaluate(f"window.kgPage.select({node!r})")
        assert opened.evaluate("window.__pwned") is None
        assert opened.blocked == [] and opened.errors == []
    finally:
        opened.page.close()


def test_markup_in_names_and_sentences_shows_as_text(browser, tmp_path):
    """A graph from elsewhere may carry markup in labels and evidence: the page shows it as text."""
    from rdflib import Graph

    from kg.page.render import render_page
    page_path = tmp_path / "fixture.html"
    page_path.write_text(render_page(Graph().parse(FIXTURE)), encoding="utf-8")
    opened = OfflinePage(browser, page_path)
    try:
        hostile = opened.evaluate("window.kgPage.nodes.get({filter: n => n.name.includes('<script>')})[0].id")
        opened.evaluate(f"window.kgPage.select({hostile!r})")
        panel = opened.page.inner_text("#panel")
        assert "<script>window.__pwned=1</script>" in panel
        assert 'onerror="window.__pwned=2"' in panel
        assert opened.page.locator("#panel script, #panel img").count() == 0
        assert opened.evaluate("window.__pwned") is None
        assert opened.blocked == [] and opened.errors == []
    finally:
        opened.page.close()


# ---------------------------------------------------------------- the fixture page

@pytest.fixture(scope="module")
def fixture_path(tmp_path_factory):
    from rdflib import Graph

    from kg.page.render import render_page
    path = tmp_path_factory.mktemp("fixture") / "fixture.html"
    path.write_text(render_page(Graph().parse(FIXTURE), title="фикстура"), encoding="utf-8")
    return path


@pytest.fixture
def fixture_page(browser, fixture_path):
    opened = OfflinePage(browser, fixture_path)
    yield opened
    assert opened.blocked == [] and opened.errors == []
    opened.page.close()


def visible_edges(page):
    return page.evaluate("""window.kgPage.edges.get({filter: e => !e.hidden}).map(e =>
        [window.kgPage.nodes.get(e.from).name, e.relation, window.kgPage.nodes.get(e.to).name])""")


def test_the_page_draws_exactly_the_network_python_built(fixture_page):
    from rdflib import Graph

    from kg.analysis.read import network_from_graph
    network = network_from_graph(Graph().parse(FIXTURE))
    drawn = fixture_page.evaluate("window.kgPage.edges.get().map(e => [e.from, e.to, e.relation])")
    assert sorted(map(tuple, drawn)) == sorted(network.edges(keys=True))
    assert sorted(fixture_page.evaluate("window.kgPage.nodes.getIds()")) == sorted(network)


@pytest.mark.parametrize("query, found", [
    ["Лавровым", "Сергей Лавров"],                           # an alias in the instrumental case
    ["ТОКАЕВА", "Касым-Жомарт Токаев"],                       # another case, any letter case
    ["Организации Договора", "ОДКБ"],                         # the start of an alias
    ["петрова", "Иван <script>window.__pwned=1</script> Петров"],
])
def test_search_finds_a_name_by_any_form(fixture_page, query, found):
    fixture_page.page.fill("#search", query)
    assert fixture_page.page.locator("#search-results li").first.inner_text().startswith(found)


def test_unticking_a_relation_hides_only_its_edges(fixture_page):
    before = visible_edges(fixture_page)
    fixture_page.page.uncheck("#relation-filters input[value=organized]")
    after = visible_edges(fixture_page)
    assert after == [edge for edge in before if edge[1] != "organized"] and len(after) < len(before)


def test_unticking_a_type_hides_its_nodes_and_their_edges(fixture_page):
    fixture_page.page.uncheck("#type-filters input[value=event]")
    assert {relation for _, relation, _ in visible_edges(fixture_page)} == {"metWith", "holdsPosition"}
    assert "операция «Канал-Перехват»" not in visible_nodes(fixture_page)
    assert "ОДКБ" in visible_nodes(fixture_page)


def test_selecting_a_node_fades_all_but_its_neighbourhood(fixture_page):
    fixture_page.evaluate("window.kgPage.select('https://w3id.org/kgnews/id/person/sergey-lavrov')")
    faded = set(fixture_page.evaluate("""window.kgPage.nodes.get({filter: n => String(n.color).startsWith('rgba')})
        .map(n => n.name)"""))
    assert "Бишкек" in faded and "ОДКБ" in faded
    assert not {"Сергей Лавров", "Имангали Тасмагамбетов", "Россия"} & faded


def test_clicking_an_edge_shows_its_sentences(fixture_page):
    middle = fixture_page.evaluate("""(() => {
        const page = window.kgPage, edge = page.edges.get({filter: e => e.relation === 'spokeAt'})[0];
        const ends = page.network.getPositions([edge.from, edge.to]);
        return page.network.canvasToDOM({x: (ends[edge.from].x + ends[edge.to].x) / 2,
                                         y: (ends[edge.from].y + ends[edge.to].y) / 2});
    })()""")
    box = fixture_page.page.locator("#network").bounding_box()
    fixture_page.page.mouse.click(box["x"] + middle["x"], box["y"] + middle["y"])
    fixture_page.wait_until("document.querySelector('#panel').innerText.includes('выступил на')")
    panel = fixture_page.page.inner_text("#panel")
    assert 'На конференции выступил Иван Петров <img src=x onerror="window.__pwned=2">.' in panel
    assert fixture_page.evaluate("window.__pwned") is None


def test_an_empty_graph_gives_a_page_that_gets_ready(browser, tmp_path):
    from rdflib import Graph

    from kg.page.render import render_page
    path = tmp_path / "empty.html"
    path.write_text(render_page(Graph()), encoding="utf-8")
    opened = OfflinePage(browser, path)  # waits until ready
    try:
        assert opened.page.inner_text("#stats") == "показано 0 из 0 узлов · 0 из 0 связей"
        assert opened.errors == []
    finally:
        opened.page.close()


def test_vis_draws_no_label_of_its_own(page):
    """labels.js places every label; a vis label (pyvis puts the IRI there) would overlap them."""
    assert page.evaluate("window.kgPage.nodes.get().every(n => n.label === undefined && n.text)")
