"""The Python examples of docs/python.md, run against a folder of texts, a few of their results checked.

    python tests/api_examples.py [TEXTS]        (TEXTS: a folder of texts, default seeds)

A plain script: no pytest, nothing from tests/ or the checkout's layout, so that the wheel
check (tests/wheel_check.sh) runs it with an installed kg from a folder holding only the
seeds. It writes only into a temporary folder and ends with `api examples: N passed,
M failed` (exit status 1 when one failed).
"""

from __future__ import annotations

import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

import kg

# The bundled seeds, recognized by their files: who met whom there.
SEED_FILES = {"000_0d7ee99b2862e027.txt", "002_e5e59c7dfeaf13b1.txt"}
SEED_MEETINGS = {
    ("Эмомали Рахмон", "Имангали Тасмагамбетов", None),
    ("Имангали Тасмагамбетов", "Сергей Лавров", "2023-09-14"),
    ("Имангали Тасмагамбетов", "Касым-Жомарт Токаев", "2025-10-31"),
}
LAVROV_TITLE = {"person": "Сергей Лавров", "title": "министр иностранных дел"}

EXAMPLES: list[Callable[[dict], None]] = []


def example(function: Callable[[dict], None]) -> Callable[[dict], None]:
    EXAMPLES.append(function)
    return function


def is_seeds(texts: Path) -> bool:
    return {path.name for path in texts.glob("*.txt")} == SEED_FILES


@example
def build_a_folder(run: dict) -> None:
    graph = run["graph"] = kg.build(run["texts"])
    counts = graph.counts()
    assert counts["documents"] == len(list(run["texts"].rglob("*.txt"))) - len(graph.skipped), counts
    assert repr(graph).startswith(f"<kg.Graph {run['texts'].name}: {counts['documents']} documents, "), repr(graph)


@example
def a_saved_query_by_name(run: dict) -> None:
    rows = run["graph"].query("who-met-whom")
    assert rows.variables == ["person", "other", "meetings", "date", "dates", "place", "evidence"], rows.variables
    assert all(row["evidence"] for row in rows), rows
    if is_seeds(run["texts"]):
        assert {(row["person"], row["other"], row["date"]) for row in rows} >= SEED_MEETINGS, rows


@example
def sparql_text_with_a_binding(run: dict) -> None:
    query = """
        SELECT ?person ?title WHERE {
          VALUES ?name { "" }
          ?p a kg:Person ; rdfs:label ?person ; kg:holdsPosition/kg:title ?title .
          FILTER(CONTAINS(?person, ?name))
        }"""
    positions = run["graph"].facts("holdsPosition")
    if positions:  # a person holding a post is found by a part of the name
        surname = positions[0].subject.split()[-1]
        assert positions[0].subject in {row["person"] for row in run["graph"].query(query, name=surname)}
    if is_seeds(run["texts"]):
        assert run["graph"].query(query, name="Лавров") == [LAVROV_TITLE]


@example
def facts_with_their_sentences(run: dict) -> None:
    graph = run["graph"]
    met = graph.facts("metWith")
    pairs = {frozenset((row["person"], row["other"])) for row in graph.query("who-met-whom")}
    assert {frozenset((fact.subject, fact.object)) for fact in met} <= pairs, (met, pairs)
    documents = {path.relative_to(run["texts"]).as_posix() for path in run["texts"].rglob("*.txt")}
    assert all(fact.evidence and fact.document in documents for fact in graph.facts()), "a fact without its source"
    assert len(graph.facts()) == graph.counts()["facts"]
    if is_seeds(run["texts"]):
        lavrov = [fact for fact in met if fact.object == "Сергей Лавров"]
        assert [str(fact.date) for fact in lavrov] == ["2023-09-14"], lavrov
        assert "Сергеем Лавровым" in lavrov[0].evidence, lavrov


@example
def rdflib_and_networkx(run: dict) -> None:
    from rdflib import RDFS, Literal
    graph = run["graph"]
    named = {row["person"] for row in graph.query("SELECT ?person WHERE { ?p a kg:Person ; rdfs:label ?person }")}
    labels = set(graph.to_rdflib().objects(None, RDFS.label))
    assert all(Literal(name, lang="ru") in labels for name in named), named
    network = graph.to_networkx()
    drawn = {data["label"] for _, data in network.nodes(data=True) if data["type"] == "person"}
    assert drawn == named, (drawn, named)


@example
def save_then_open(run: dict) -> None:
    out = run["out"] / "exports"
    written = run["graph"].save(out)
    assert [path.name for path in written if path.is_file()] == ["graph.ttl", "graph.html"], written
    for opened in (kg.open(out), kg.open(out / "graph.ttl")):
        assert opened.query("who-met-whom") == run["graph"].query("who-met-whom")
        assert opened.facts() == run["graph"].facts()


@example
def the_page(run: dict) -> None:
    path = run["graph"].page(run["out"] / "graph.html")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    inline = run["graph"].page()._repr_html_()
    assert inline.startswith('<iframe sandbox="allow-scripts" srcdoc="&lt;!DOCTYPE html&gt;'), inline[:80]


@example
def rows_to_pandas(run: dict) -> None:
    rows = run["graph"].query("positions")
    try:
        frame = rows.to_pandas()
    except ImportError as error:  # pandas is not installed: the message says how to get it
        assert "pip install pandas" in str(error), error
        return
    assert list(frame.columns) == rows.variables and len(frame) == len(rows)


@example
def errors_are_kg_errors(run: dict) -> None:
    for attempt in (lambda: kg.open(run["out"] / "missing"), lambda: kg.build(run["out"] / "missing"),
                    lambda: run["graph"].query("no-such-saved-query")):
        try:
            attempt()
        except kg.KgError:
            continue
        raise AssertionError("no KgError")


def main(argv: list[str]) -> int:
    texts = Path(argv[0] if argv else "seeds")
    passed = failed = 0
    with tempfile.TemporaryDirectory() as out:
        run = {"texts": texts, "out": Path(out)}
        for function in EXAMPLES:
            try:
                function(run)
            except Exception:  # noqa: BLE001 - every example runs and reports; the first failure ends none
                failed += 1
                print(f"FAIL  {function.__name__}")
                traceback.print_exc(file=sys.stdout)
                if "graph" not in run:
                    break  # the others need the graph
            else:
                passed += 1
                print(f"ok    {function.__name__}")
    print(f"api examples: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
