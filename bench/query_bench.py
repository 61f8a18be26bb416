"""Queries at a million triples: rdflib's in-memory graph against the Oxigraph store.

Generates a knowledge base in the shape resolution produces (documents; persons,
organizations and places mentioned in them; positions; meetings and conferences with dates,
places and evidence; metWith, spokeAt, organized, participatedIn, holdsPosition relations,
each backed by an rdf:Statement), maps it to RDF as `kg build` does, and prints:

- writing graph.ttl from the knowledge base: rdflib's way (to_graph, then its Turtle
  serializer) against kg's (plain triples, then kg.graph.turtle); and the two serializers alone;
- getting ready to query: rdflib parsing graph.ttl (what `kg query` did) against opening
  the store `kg build` now writes beside it (what `kg query` does);
- every saved query in queries/*.rq on both, the ratio, and whether the bindings are the
  same (compared as sets; GROUP_CONCAT lists compared as sets of items, their order being
  undefined in SPARQL) and come in the same ORDER BY order (rows that tie may differ).
  kg's time is `kg.sparql.query.run`'s: the query, the rows read into kg's Results, sorted;
  rdflib's is the query prepared and run, its rows read into dicts;
- the same queries on Oxigraph with the graph in memory, as `kg serve --memory` holds it:
  like rdflib's graph, loaded once and then queried.

Not a test: nothing here fails on speed. Run: make bench-query
(.venv/bin/python bench/query_bench.py [--triples 1000000] [--repeat 3])
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pyoxigraph import DefaultGraph
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Identifier

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.graph.plain import PlainGraph
from kg.graph.rdf import to_graph, triples
from kg.graph.store import open_store, save
from kg.graph.turtle import to_turtle
from kg.graph.vocab import PREFIXES
from kg.records import EVENT, LOC, ORG, PER, Dated, Entity, Evidence, KnowledgeBase, Position, Relation
from kg.sparql.query import ORDER_BY, ORDER_KEY, bind, run, saved_queries, text as cell_text

FIRST = ["Сергей", "Имангали", "Касым-Жомарт", "Эмомали", "Самат", "Анна", "Ольга", "Марат", "Нурлан", "Дмитрий",
         "Рустам", "Бахтиёр", "Алексей", "Игорь", "Виктор", "Елена", "Татьяна", "Азамат", "Тимур", "Андрей"]
SYLLABLES = ["ла", "вр", "тас", "ма", "гам", "бет", "ор", "да", "ба", "ток", "ах", "мед", "ка", "рим", "вол",
             "се", "ни", "юс", "беш", "ку", "лан", "тар", "мир", "зо", "ран", "дос", "жан", "ку", "рат", "ше"]
ENDINGS = ["ов", "ев", "ин", "ский", "енко", "ович"]
WORDS = ["в", "ходе", "встречи", "стороны", "обсудили", "вопросы", "сотрудничества", "в", "области", "безопасности",
         "генеральный", "секретарь", "ОДКБ", "принял", "участие", "конференции", "по", "евразийской", "на", "тему",
         "перспективы", "коллективной", "заседание", "совета", "министров", "иностранных", "дел", "государств"]
TITLES = ["министр иностранных дел", "генеральный секретарь", "посол", "президент", "председатель",
          "заместитель генерального секретаря", "директор", "премьер-министр"]
EVENT_KINDS = ["Meeting", "Conference", "Session", "Consultation", "Operation"]
TRIPLES_PER_DOCUMENT = 104  # measured on this generator: 1,000,000 triples ~ 9,600 documents


# ---------------------------------------------------------------- the graph

def generate(triples: int, seed: int = 1) -> KnowledgeBase:
    rng, kb = random.Random(seed), KnowledgeBase()
    documents = max(1, triples // TRIPLES_PER_DOCUMENT)
    persons = [_person(kb, rng, i) for i in range(max(2, documents * 4 // 5))]
    orgs = [_named(kb, ORG, f"org/o{i}", f"Организация {_surname(rng)}") for i in range(max(1, documents // 5))]
    places = [_named(kb, LOC, f"place/p{i}", f"Город {_surname(rng)}") for i in range(max(1, documents // 20))]
    positions = [_position(kb, rng, i, orgs) for i in range(max(1, documents // 4))]
    for d in range(documents):
        _document(kb, rng, d, persons, orgs, places, positions)
    return kb


def _surname(rng: random.Random) -> str:
    return ("".join(rng.choice(SYLLABLES) for _ in range(rng.choice([2, 3]))) + rng.choice(ENDINGS)).capitalize()


def _person(kb: KnowledgeBase, rng: random.Random, i: int) -> Entity:
    surname = _surname(rng)
    entity = _named(kb, PER, f"person/h{i}", f"{rng.choice(FIRST)} {surname}")
    entity.aliases |= {surname, surname + "а", entity.label + "а"}
    return entity


def _named(kb: KnowledgeBase, type_: str, id_: str, label: str) -> Entity:
    kb.entities[id_] = Entity(id_, type_, label, aliases={label, label.lower()})
    return kb.entities[id_]


def _position(kb: KnowledgeBase, rng: random.Random, i: int, orgs: list[Entity]) -> Position:
    org = rng.choice(orgs)
    title = rng.choice(TITLES)
    kb.positions[f"position/t{i}"] = Position(f"position/t{i}", title, f"{title.capitalize()} {org.label}", org.id)
    return kb.positions[f"position/t{i}"]


def _document(kb, rng, d, persons, orgs, places, positions) -> None:
    doc_id = f"news/{d // 1000:03d}/{d:06d}.txt"
    kb.documents.append(doc_id)
    sentences = [_sentence(rng, doc_id, s) for s in range(rng.randint(6, 14))]
    meeting = _event(kb, rng, f"event/m{d}", "Meeting", "Встреча", sentences, places, doc_id)
    first, second = rng.sample(persons, 2)
    for person in (first, second):
        _relate(kb, "participant", person, meeting.id, rng.choice(sentences))
    _relate(kb, "metWith", first, second.id, rng.choice(sentences))
    event = _event(kb, rng, f"event/e{d}", rng.choice(EVENT_KINDS[1:]), "Конференция", sentences, places, doc_id)
    _relate(kb, "spokeAt", rng.choice(persons), event.id, rng.choice(sentences))
    _relate(kb, "organized", rng.choice(orgs), event.id, rng.choice(sentences))
    _relate(kb, "participatedIn", rng.choice(persons), event.id, rng.choice(sentences))
    for person in (first, second) if rng.random() < 0.5 else (first,):
        _relate(kb, "holdsPosition", person, rng.choice(positions).id, rng.choice(sentences))
    for entity in (first, second, rng.choice(orgs), rng.choice(places), rng.choice(persons), rng.choice(orgs)):
        entity.docs.add(doc_id)


def _sentence(rng: random.Random, doc_id: str, index: int) -> Evidence:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 30))).capitalize() + "."
    return Evidence(doc_id, index, text, index * 200, index * 200 + len(text))


def _event(kb, rng, id_, kind, label, sentences, places, doc_id) -> Entity:
    day = date(2020, 1, 1).toordinal() + rng.randint(0, 6 * 365)
    when = Dated(date.fromordinal(day), date.fromordinal(day + 3) if kind == "Operation" else None)
    entity = Entity(id_, EVENT, f"{label} {id_.split('/')[1]}", docs={doc_id}, kind=kind, when=when,
                    place=rng.choice(places).id, evidence=[rng.choice(sentences)])
    entity.aliases.add(entity.label.lower())
    kb.entities[id_] = entity
    return entity


def _relate(kb: KnowledgeBase, relation: str, subject: Entity, object_id: str, evidence: Evidence) -> None:
    kb.relations.append(Relation(relation, subject.id, object_id, evidence))
    subject.docs.add(evidence.doc_id)


# ---------------------------------------------------------------- measuring

def timed(function, *args):
    started = time.perf_counter()
    value = function(*args)
    return value, time.perf_counter() - started


def rdflib_rows(graph: Graph, text: str) -> list[dict]:
    """What `kg query` did before the store: rdflib's SPARQL over the parsed graph."""
    result = graph.query(prepareQuery(text, initNs=PREFIXES))
    variables = [str(v) for v in result.vars]
    return [{v: row[i] for i, v in enumerate(variables) if row[i] is not None} for row in result]


def rdflib_rows_within(graph: Graph, text: str, timeout: float) -> tuple[list[dict] | None, float]:
    """rdflib's rows and seconds, or None when it did not finish in `timeout` seconds.
    Runs in a forked child (a Python thread cannot be stopped), before any store is open here."""
    receiver, sender = multiprocessing.get_context("fork").Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=_send_rows, args=(graph, text, sender))
    child.start()
    sender.close()
    rows, seconds = receiver.recv() if receiver.poll(timeout) else (None, timeout)
    child.kill()
    child.join()
    return rows, seconds


def _send_rows(graph: Graph, text: str, sender) -> None:
    # The child's first full collection writes to every object, copying the parent's pages:
    # done before the clock starts, so rdflib is timed as in its own process.
    gc.collect()
    sender.send(timed(rdflib_rows, graph, text))


def as_set(rows: list[dict]) -> set:
    """Rows of rdflib's terms or of Oxigraph's, each term as N-Triples."""
    return {frozenset((k, _items(v) if k == "files" else _ntriples(v)) for k, v in row.items()) for row in rows}


def _ntriples(term) -> str:
    return term.n3() if isinstance(term, Identifier) else str(term)


def _items(term) -> frozenset:
    return frozenset(_lexical(term).split(", "))


def _lexical(term) -> str:
    return str(term) if isinstance(term, Identifier) else cell_text(term)


def in_order(text: str, rows: list[dict]) -> list[tuple]:
    """The ORDER BY keys of each row, in the order the rows came."""
    order = ORDER_BY.search(text)
    keys = [name for _, name in ORDER_KEY.findall(order.group(1))] if order else []
    return [tuple(_lexical(row[k]) if k in row else None for k in keys) for row in rows]


def query_texts(kb: KnowledgeBase) -> dict[str, str]:
    person = kb.entities["person/h7"]
    # terms reads the ontology, which the store holds beside the data and rdflib's graph lacks
    return {name: bind(path.read_text(encoding="utf-8"), {"name": person.label.split()[-1]})
            if name in ("everything-about", "find-entity") else path.read_text(encoding="utf-8")
            for name, path in saved_queries().items() if name != "terms"}


@dataclass
class Row:
    step: str
    rdflib: str                   # what rdflib did, or how it ended
    kg: str
    kg_seconds: float
    rdflib_seconds: float | None = None
    stopped: bool = False         # rdflib did not finish: its time is a lower bound
    memory_seconds: float | None = None  # kg with the graph in memory (kg serve --memory)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="size of the generated graph")
    parser.add_argument("--repeat", type=int, default=3, help="Oxigraph runs a query (median reported)")
    parser.add_argument("--skip-rdflib-turtle", action="store_true", help="do not time rdflib's serializer")
    parser.add_argument("--timeout", type=float, default=300, help="stop an rdflib query after this many seconds")
    args = parser.parse_args()

    kb, seconds = timed(generate, args.triples)
    print(f"graph: {len(kb.documents):,} documents, {len(kb.entities):,} entities, "
          f"{len(kb.relations):,} relations (generated in {seconds:.1f} s)")
    turtle, writing = timed_writing(kb, args.skip_rdflib_turtle)
    with tempfile.TemporaryDirectory(prefix="kg-query-bench-") as folder:
        graph_path = Path(folder) / "graph.ttl"
        _, store_seconds = timed(save, graph_path, turtle)
        print(f"graph.ttl: {len(turtle) / 1e6:.0f} MB; store built in {store_seconds:.1f} s")
        del turtle
        parsed, parse_seconds = timed(lambda: Graph().parse(graph_path, format="turtle"))
        texts = query_texts(kb)
        expected = {name: rdflib_rows_within(parsed, text, args.timeout) for name, text in texts.items()}
        store, open_seconds = timed(open_store, graph_path)
        memory, load_seconds = timed(open_store, graph_path, True)
        data = [sum(1 for _ in s.quads_for_pattern(None, None, None, DefaultGraph())) for s in (store, memory)]
        assert data == [len(parsed)] * 2, (data, len(parsed))  # the ontology is in a named graph
        ready = Row("ready to query", "parse graph.ttl", "open the store", open_seconds, parse_seconds,
                    memory_seconds=load_seconds)
        queries = [_compare(name, text, expected[name], store, memory, args.repeat) for name, text in texts.items()]
    print_table(writing, ready, queries)


def timed_writing(kb: KnowledgeBase, skip_rdflib: bool) -> tuple[bytes, tuple[Row, Row]]:
    """graph.ttl as `kg build` writes it (KB -> plain triples -> kg.graph.turtle) against rdflib's way
    (KB -> rdflib Graph -> serialize); then the two writers alone, each from its own graph."""
    plain, mapping = timed(lambda: PlainGraph(triples(kb)))
    text, ours = timed(to_turtle, plain, PREFIXES)
    print(f"{len(plain):,} triples: {mapping:.1f} s to plain triples, {ours:.1f} s to Turtle")
    theirs = None
    if not skip_rdflib:
        graph, to_rdflib = timed(to_graph, kb)
        serialized, serializing = timed(graph.serialize, None, "turtle")
        assert len(graph) == len(plain) and len(serialized) > 0
        theirs = (to_rdflib + serializing, serializing)
    whole = Row("KB → graph.ttl", "to_graph, serialize", "kg.graph.rdf.triples, kg.graph.turtle", mapping + ours,
                theirs and theirs[0])
    alone = Row("write Turtle alone", "Graph.serialize", "kg.graph.turtle (PlainGraph)", ours, theirs and theirs[1])
    return text.encode("utf-8"), (whole, alone)


def _compare(name: str, text: str, expected: tuple, store, memory, repeat: int) -> Row:
    expected_rows, theirs = expected
    got, seconds = _median_run(store, text, repeat)
    in_memory, memory_seconds = _median_run(memory, text, repeat)
    if expected_rows is None:
        expected_rows = got.rows  # in memory checked against the store
        row = Row(f"`{name}`", f"stopped after {theirs:.0f} s", f"{len(got.rows)} rows, not compared",
                  seconds, theirs, stopped=True)
    else:
        same = "same" if as_set(got.rows) == as_set(expected_rows) else "DIFFERENT"
        same += "" if in_order(text, got.rows) == in_order(text, expected_rows) else ", order DIFFERENT"
        row = Row(f"`{name}`", f"{len(expected_rows)} rows", f"{len(got.rows)} rows, {same}", seconds, theirs)
    if (as_set(in_memory.rows) != as_set(expected_rows)
            or in_order(text, in_memory.rows) != in_order(text, expected_rows)):
        row.kg += "; in memory DIFFERENT"
    row.memory_seconds = memory_seconds
    return row


def _median_run(store, text: str, repeat: int):
    times, got = [], None
    for _ in range(repeat):
        got, seconds = timed(run, store, text)
        times.append(seconds)
    return got, statistics.median(times)


def print_table(writing: tuple[Row, ...], ready: Row, queries: list[Row]) -> None:
    """The last column is what a user waits for: `kg query` before (rdflib parses graph.ttl,
    then queries) and now (opens the store, then queries)."""
    print("\n| step | rdflib | kg | rdflib s | kg s | ratio | kg in memory s | ratio | `kg query` end to end |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in writing:
        print(f"| {row.step} | {row.rdflib} | {row.kg} | {_seconds(row)} | {row.kg_seconds:.3f} | {_ratio(row)} "
              "| | | |")
    print(f"| {ready.step} | {ready.rdflib} | {ready.kg} | {_seconds(ready)} | {ready.kg_seconds:.3f} "
          f"| {_ratio(ready)} | {ready.memory_seconds:.3f} (load) | | |")
    for row in queries:
        whole = Row("", "", "", ready.kg_seconds + row.kg_seconds, ready.rdflib_seconds + row.rdflib_seconds,
                    row.stopped)
        memory = Row("", "", "", row.memory_seconds, row.rdflib_seconds, row.stopped)
        print(f"| {row.step} | {row.rdflib} | {row.kg} | {_seconds(row)} | {row.kg_seconds:.3f} | {_ratio(row)} "
              f"| {row.memory_seconds:.3f} | {_ratio(memory)} | {_ratio(whole)} |")


def _seconds(row: Row) -> str:
    if row.rdflib_seconds is None:
        return "–"
    return f"> {row.rdflib_seconds:.0f}" if row.stopped else f"{row.rdflib_seconds:.3f}"


def _ratio(row: Row) -> str:
    if row.rdflib_seconds is None:
        return "–"
    ratio = row.rdflib_seconds / max(row.kg_seconds, 1e-9)
    return f"{'> ' if row.stopped else ''}{ratio:.{1 if ratio < 20 else 0}f}×"  # 9.8× is not 10×


if __name__ == "__main__":
    main()
