"""How the graph page copes with a big graph: 5,000 nodes, about twice as many edges.

Generates a kg graph in the layout `kg build` writes (entities with labels and aliases,
events with participants, places and organizers, positions, rdf:Statement provenance),
renders it with kg.page.render.render_page, opens it in headless Chromium and prints:

- render time (Python: RDF -> networkx -> layout -> HTML) and the file size;
- time until interactive: from navigation start until the data is parsed, the network
  is built and drawn once with its final layout (window.kgPage.ready), measured inside
  the page with performance.now();
- the time a search + focus, a type filter and a neighbourhood highlight take to redraw.

With --stats it times instead what `kg stats`, `kg path` and `kg export -f graphml` take on
the generated graph written as `kg build` writes it (graph.ttl and its store): reading, the
networks, the measures (betweenness sampled above its budget, Louvain, PageRank).

Run: .venv/bin/python bench/page_bench.py [--nodes 5000] [--screenshot out.png] [--stats]
"""

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from rdflib import PROV, RDF, RDFS, SKOS, XSD, BNode, Graph, Literal, Namespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from kg.graph.vocab import KG
from kg.page.render import render_page

from browser import VIEWPORT, chromium  # the page tests' own Chromium set-up

ID = Namespace("https://w3id.org/kgnews/id/")
FIRST = ["Иван", "Сергей", "Алексей", "Марат", "Нурлан", "Ольга", "Анна", "Дмитрий", "Рустам", "Бахтиёр"]
LAST = ["Петров", "Смирнов", "Ахметов", "Сидоров", "Каримов", "Волков", "Исаев", "Орлов", "Беков", "Юсупов"]
EVENT_CLASSES = [KG.Meeting, KG.Conference, KG.Session, KG.Consultation, KG.Operation]
SHARES = {"person": 0.4, "organization": 0.16, "place": 0.08, "event": 0.36}


def generate(nodes: int, seed: int = 1) -> Graph:
    """A reproducible kg graph with `nodes` drawn entities and about 2 edges a node."""
    rng, graph = random.Random(seed), Graph()
    documents = [_document(graph, i) for i in range(max(1, nodes // 10))]
    count = {kind: int(nodes * share) for kind, share in SHARES.items()}
    count["person"] += nodes - sum(count.values())
    people = [_person(graph, rng, i, documents) for i in range(count["person"])]
    orgs = [_entity(graph, rng, KG.Organization, f"org/o{i}", f"Организация {i}", documents)
            for i in range(count["organization"])]
    places = [_entity(graph, rng, KG.Place, f"place/p{i}", f"Город {i}", documents) for i in range(count["place"])]
    for i, person in enumerate(people):
        _position(graph, rng, person, rng.choice(orgs), i, documents)
    for i in range(count["event"]):
        _event(graph, rng, i, people, orgs, places, documents)
    named = people + orgs + places
    for i, entity in enumerate(named):  # about two co-mentions a named entity
        for other in rng.sample(named, 2):
            if other != entity:
                _co_mention(graph, rng, i, entity, other)
    return graph


def _co_mention(graph, rng, i, entity, other):
    node = ID[f"co/c{i}-{other.rsplit('/', 1)[1]}"]
    graph.add((node, RDF.type, KG.CoMention))
    graph.add((node, KG.member, entity))
    graph.add((node, KG.member, other))
    graph.add((node, KG["count"], Literal(rng.choice([1, 1, 1, 2, 3]))))


def _document(graph, i):
    document = ID[f"doc/d{i}"]
    graph.add((document, RDF.type, KG.Document))
    graph.add((document, KG.sourceFile, Literal(f"news_{i:04d}.txt")))
    graph.add((document, RDFS.label, Literal(f"Новость {i}", lang="ru")))
    return document


def _entity(graph, rng, rdf_class, path, label, documents):
    iri = ID[path]
    graph.add((iri, RDF.type, rdf_class))
    graph.add((iri, RDFS.label, Literal(label, lang="ru")))
    graph.add((iri, KG.mentionedIn, rng.choice(documents)))
    return iri


def _person(graph, rng, i, documents):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    person = _entity(graph, rng, KG.Person, f"person/h{i}", f"{first} {last} {i}", documents)
    graph.add((person, SKOS.altLabel, Literal(f"{first} {last}а {i}", lang="ru")))
    return person


def _position(graph, rng, person, org, i, documents):
    position = ID[f"position/t{i}"]
    graph.add((position, RDF.type, KG.Position))
    graph.add((position, RDFS.label, Literal(f"Должность {i}", lang="ru")))
    graph.add((position, KG.title, Literal(rng.choice(["Министр", "Посол", "Директор"]), lang="ru")))
    graph.add((position, KG.inOrganization, org))
    _assert(graph, rng, person, KG.holdsPosition, position, documents)


def _event(graph, rng, i, people, orgs, places, documents):
    rdf_class = rng.choice(EVENT_CLASSES)
    event = _entity(graph, rng, rdf_class, f"event/e{i}", f"Событие {i}", documents)
    graph.add((event, RDF.type, KG.Event))
    graph.add((event, KG.date, Literal(f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", datatype=XSD.date)))
    graph.add((event, KG.place, rng.choice(places)))
    graph.add((event, PROV.wasDerivedFrom, rng.choice(documents)))
    graph.add((event, KG.evidence, Literal(f"Предложение о событии {i}.")))
    participants = rng.sample(people, rng.choice([1, 2, 2, 3]))
    for person in participants:
        graph.add((event, KG.participant, person))
    if rdf_class == KG.Meeting and len(participants) > 1:
        _assert(graph, rng, participants[0], KG.metWith, participants[1], documents)
    if rng.random() < 0.5:
        _assert(graph, rng, rng.choice(orgs), KG.organized, event, documents)
    if rng.random() < 0.3:
        _assert(graph, rng, participants[0], KG.spokeAt, event, documents)


def _assert(graph, rng, subject, predicate, obj, documents):
    graph.add((subject, predicate, obj))
    statement = BNode()
    graph.add((statement, RDF.type, RDF.Statement))
    graph.add((statement, RDF.subject, subject))
    graph.add((statement, RDF.predicate, predicate))
    graph.add((statement, RDF.object, obj))
    graph.add((statement, PROV.wasDerivedFrom, rng.choice(documents)))
    graph.add((statement, KG.evidence, Literal(f"Предложение: {predicate.split('#')[-1]}.")))
    graph.add((statement, KG.sentenceIndex, Literal(rng.randint(0, 30))))


# ---------------------------------------------------------------- in the browser

# Each interaction returns the milliseconds until the network has drawn its result.
AFTER_DRAW = "new Promise(done => kgPage.network.once('afterDrawing', () => done(performance.now() - t0)))"
SEARCH = f"""() => {{ const t0 = performance.now(); const input = document.getElementById('search');
  input.value = 'Петрова 7'; input.dispatchEvent(new Event('input'));
  input.dispatchEvent(new KeyboardEvent('keydown', {{key: 'Enter'}})); return {AFTER_DRAW}; }}"""
HIGHLIGHT = f"""() => {{ const t0 = performance.now();
  kgPage.select(kgPage.nodes.getIds()[0]); return {AFTER_DRAW}; }}"""
FILTER = f"""() => {{ const t0 = performance.now();
  document.querySelector('#type-filters input[value=person]').click(); return {AFTER_DRAW}; }}"""


def measure(html_path: Path, screenshot: Path | None = None) -> dict:
    with chromium() as browser:
        page = browser.new_page(viewport=VIEWPORT)
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
        started = time.perf_counter()
        page.goto(html_path.resolve().as_uri())
        page.wait_for_selector("body[data-ready=true]", state="attached", timeout=300_000)
        result = {"wall_ms": (time.perf_counter() - started) * 1000, "ready_ms": page.evaluate("kgPage.readyAt")}
        result["nodes"], result["edges"] = page.evaluate("[kgPage.nodes.length, kgPage.edges.length]")
        for name, script in (("search_ms", SEARCH), ("highlight_ms", HIGHLIGHT), ("filter_ms", FILTER)):
            result[name] = page.evaluate(script)
        if screenshot:
            page.screenshot(path=str(screenshot))
    return result


def stats_bench(graph: Graph) -> None:
    from kg.analysis.light import light_networks
    from kg.analysis.measures import measure
    from kg.analysis.networks import networks_from_graph, read_graph
    from kg.analysis.paths import shortest_paths
    from kg.analysis.stats import stats
    from kg.exports import write_network
    from kg.graph.plain import PlainGraph
    from kg.graph.store import open_store, save
    from kg.graph.turtle import to_turtle
    from kg.graph.vocab import PREFIXES
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "graph.ttl"
        save(path, to_turtle(PlainGraph.of(graph), PREFIXES).encode("utf-8"))
        clock = _Clock()
        light = light_networks(open_store(path))  # what kg stats reads
        clock.lap("stats: networks by SPARQL")
        measured = {kind: measure(light.of(kind)) for kind in ("relations", "co-mentions")}
        clock.lap("stats: measures (both networks)")
        result = stats(light, measured=measured)
        clock.lap("stats: rankings")
        plain = read_graph(path)
        networks = networks_from_graph(plain)
        clock.lap("path and exports: read the graph and its facts")
        people = [n for n, t in networks.drawn.nodes(data="type") if t == "person"]
        labels = networks.drawn.nodes
        shortest_paths(networks, labels[people[0]]["label"], labels[people[-1]]["label"])
        clock.lap("kg path: the paths of one pair")
        write_network(networks, "graphml", Path(folder) / "network.graphml")
        clock.lap("graphml export: measures and writing")
    sources = result.networks["relations"]["betweenness_sources"]
    print(f"{len(networks.drawn)} nodes, {networks.relations.number_of_edges()} relation links, "
          f"{networks.co_mentions.number_of_edges()} co-mention links, {len(plain)} triples; "
          f"betweenness {'exact' if sources is None else f'from {sources} sources'}")
    print(", ".join(f"{name} {seconds:.1f} s" for name, seconds in clock.laps.items()))
    print(f"kg stats: {sum(v for k, v in clock.laps.items() if k.startswith('stats')):.1f} s in all")


class _Clock:
    def __init__(self):
        self.last, self.laps = time.perf_counter(), {}

    def lap(self, name):
        now = time.perf_counter()
        self.laps[name], self.last = now - self.last, now


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--screenshot", type=Path)
    parser.add_argument("--stats", action="store_true", help="time kg stats, kg path and an export instead of the page")
    args = parser.parse_args()
    graph = generate(args.nodes)
    if args.stats:
        return stats_bench(graph)
    started = time.perf_counter()
    html = render_page(graph, title=f"bench: {args.nodes} nodes")
    render_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "graph.html"
        path.write_text(html, encoding="utf-8")
        timings = measure(path, args.screenshot)
    print(f"graph: {timings['nodes']} nodes, {timings['edges']} edges drawn, {len(graph)} triples")
    print(f"render_page: {render_s:.1f} s, page size: {len(html.encode()) / 1e6:.2f} MB")
    print(f"time until interactive: {timings['ready_ms']:.0f} ms after navigation start "
          f"(wall clock incl. browser start-up of the tab: {timings['wall_ms']:.0f} ms)")
    print(f"search + focus: {timings['search_ms']:.0f} ms, neighbourhood highlight: {timings['highlight_ms']:.0f} ms, "
          f"type filter: {timings['filter_ms']:.0f} ms")


if __name__ == "__main__":
    main()
