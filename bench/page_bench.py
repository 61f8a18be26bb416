"""How the graph page copes with a big graph: 5,000 nodes, about twice as many edges.

Generates a kg graph in the layout `kg build` writes (entities with labels and aliases,
events with participants, places and organizers, positions, rdf:Statement provenance),
renders it with kg.page.render.render_page, opens it in headless Chromium and prints:

- render time (Python: RDF -> networkx -> layout -> HTML) and the file size;
- time until interactive: from navigation start until the data is parsed, the network
  is built and drawn once with its final layout (window.kgPage.ready), measured inside
  the page with performance.now();
- the time a search + focus, a type filter and a neighbourhood highlight take to redraw.

Run: .venv/bin/python bench/page_bench.py [--nodes 5000] [--screenshot out.png]
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

from kg.graph.vocab import KG  # noqa: E402
from kg.page.render import render_page  # noqa: E402

from browser import VIEWPORT, chromium  # noqa: E402  (the page tests' own Chromium set-up)

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
    orgs = [_entity(graph, rng, KG.Organization, f"org/o{i}", f"Организация {i}", documents) for i in range(count["organization"])]
    places = [_entity(graph, rng, KG.Place, f"place/p{i}", f"Город {i}", documents) for i in range(count["place"])]
    for i, person in enumerate(people):
        _position(graph, rng, person, rng.choice(orgs), i, documents)
    for i in range(count["event"]):
        _event(graph, rng, i, people, orgs, places, documents)
    return graph


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
HIGHLIGHT = f"""() => {{ const t0 = performance.now(); kgPage.select(kgPage.nodes.getIds()[0]); return {AFTER_DRAW}; }}"""
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--screenshot", type=Path)
    args = parser.parse_args()
    graph = generate(args.nodes)
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
