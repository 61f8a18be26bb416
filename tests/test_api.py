"""kg from Python (kg/api.py) on the bundled seeds: who met whom, who holds which post, with
the sentence each fact was read from; the graph saved, opened again, and shown in a notebook."""

from __future__ import annotations

import re
import runpy
import shutil
import subprocess
import sys
import types
from collections import Counter
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

import kg
from kg.graph.store import matching_store
from kg.records import PER

from conftest import ROOT, SEEDS

LAVROV_MEETING = ("14 сентября 2023 г. прошла встреча Генерального секретаря ОДКБ Имангали Тасмагамбетова "
                  "с Министром иностранных дел России Сергеем Лавровым.")
SEEDS_LAVROV = "002_e5e59c7dfeaf13b1.txt"


@pytest.fixture(scope="module")
def graph():
    """The seeds, built once by kg.build (the tests on it are marked slow). kg.build loads natasha's
    models once a process, the ones conftest's `models` gives: the docs/python.md test, the
    examples script and kg/api.py's doctest build with them too."""
    return kg.build(SEEDS)


@pytest.fixture(scope="module")
def saved(graph, tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    return folder, graph.save(folder, mentions=True)


# ---------------------------------------------------------------- queries

@pytest.mark.slow
def test_who_met_whom_names_the_people_the_seeds_say_met(graph):
    rows = graph.query("who-met-whom")
    assert rows.variables == ["person", "other", "meetings", "date", "dates", "place", "evidence"]
    met = {(row["person"], row["other"], row["date"], row["place"]) for row in rows}
    assert ("Имангали Тасмагамбетов", "Касым-Жомарт Токаев", "2025-10-31", "Астана") in met
    assert ("Имангали Тасмагамбетов", "Сергей Лавров", "2023-09-14", None) in met
    assert ("Эмомали Рахмон", "Имангали Тасмагамбетов", None, "Республика Таджикистан") in met
    assert next(row["evidence"] for row in rows if row["other"] == "Сергей Лавров") == LAVROV_MEETING


@pytest.mark.slow
def test_a_binding_fills_the_saved_query_values_block(graph):
    about = {(row["relation"], row["other"]) for row in graph.query("everything-about", name="Лавровым")}
    assert ("metWith", "Имангали Тасмагамбетов") in about
    assert ("holdsPosition", "Министр иностранных дел России") in about


@pytest.mark.slow
def test_a_binding_fills_sparql_text(graph):
    rows = graph.query("""SELECT ?person ?title WHERE { VALUES ?name { "" }
        ?p a kg:Person ; rdfs:label ?person ; kg:holdsPosition/kg:title ?title . FILTER(CONTAINS(?person, ?name)) }""",
                       name="Лавров")
    assert rows == [{"person": "Сергей Лавров", "title": "министр иностранных дел"}]


@pytest.mark.slow
def test_numbers_and_booleans_come_as_python_values(graph):
    count = graph.query("SELECT (COUNT(*) AS ?n) WHERE { ?d a kg:Document }")
    assert count == [{"n": 2}]
    assert graph.query("ASK { ?p rdfs:label 'Сергей Лавров'@ru }") == [{"ask": True}]


@pytest.mark.slow
@pytest.mark.parametrize("query, message", [
    ("who-met", "unknown saved query 'who-met'"),
    ("SELECT ?x WHERE {", "malformed SPARQL"),
    ("DELETE WHERE { ?s ?p ?o }", "SPARQL Update refused"),
])
def test_a_bad_query_is_a_kg_error(graph, query, message):
    with pytest.raises(kg.KgError, match=re.escape(message)):
        graph.query(query)


@pytest.mark.slow
def test_to_pandas_without_pandas_says_how_to_get_it(graph, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now fails
    with pytest.raises(ImportError, match=re.escape("pip install pandas")):
        graph.query("positions").to_pandas()


@pytest.mark.slow
def test_to_pandas_makes_one_column_a_variable(graph, monkeypatch):
    made = {}
    monkeypatch.setitem(sys.modules, "pandas", types.SimpleNamespace(DataFrame=lambda rows, columns: made.update(
        rows=rows, columns=columns)))
    graph.query("who-met-whom").to_pandas()
    assert made["columns"] == ["person", "other", "meetings", "date", "dates", "place", "evidence"]
    assert {"person": "Имангали Тасмагамбетов", "other": "Сергей Лавров", "meetings": 1, "date": "2023-09-14",
            "dates": "2023-09-14", "place": None, "evidence": LAVROV_MEETING} in made["rows"]


# ---------------------------------------------------------------- facts

@pytest.mark.slow
def test_a_meeting_fact_has_its_date_document_and_sentence(graph):
    met = graph.facts("metWith")
    assert kg.Fact("metWith", "Имангали Тасмагамбетов", "Сергей Лавров", SEEDS_LAVROV, LAVROV_MEETING,
                   date(2023, 9, 14)) in met
    assert {(fact.subject, fact.object, fact.date) for fact in met} == {
        ("Имангали Тасмагамбетов", "Касым-Жомарт Токаев", date(2025, 10, 31)),
        ("Имангали Тасмагамбетов", "Сергей Лавров", date(2023, 9, 14)),
        ("Эмомали Рахмон", "Имангали Тасмагамбетов", None),
    }


@pytest.mark.slow
def test_a_position_fact_is_read_from_a_sentence_naming_the_person(graph):
    lavrov = [fact for fact in graph.facts("holdsPosition") if fact.subject == "Сергей Лавров"]
    assert [(fact.object, fact.document, fact.date) for fact in lavrov] == [
        ("Министр иностранных дел России", SEEDS_LAVROV, None)]
    assert "Лавров" in lavrov[0].evidence
    named = [fact for fact in graph.facts("holdsPosition") if fact.subject.split()[-1][:-1] in fact.evidence]
    assert {fact.subject for fact in named} >= {"Имангали Тасмагамбетов", "Касым-Жомарт Токаев", "Эмомали Рахмон"}


@pytest.mark.slow
def test_an_event_fact_carries_the_event_date(graph):
    spoke = {(fact.object, fact.date) for fact in graph.facts("spokeAt") if fact.subject == "Самат Ордабаев"}
    assert ("Консультации Секретариата ООН", date(2023, 4, 28)) in spoke
    organizers = {fact.subject for fact in graph.facts("organized") if "терроризмом" in fact.object}
    assert organizers == {"Государственный комитет национальной безопасности Кыргызской Республики",
                          "Антитеррористический центр государств – участников СНГ"}


@pytest.mark.slow
def test_facts_come_in_document_order_and_add_up_per_relation(graph):
    facts = graph.facts()
    assert [fact.document for fact in facts] == sorted(fact.document for fact in facts)
    per_relation = Counter(fact.relation for fact in facts)
    assert per_relation == Counter({relation: len(graph.facts(relation)) for relation in per_relation})
    assert len(facts) == graph.counts()["facts"]


@pytest.mark.slow
def test_an_unknown_relation_names_the_known_ones(graph):
    with pytest.raises(kg.KgError, match="unknown relation 'met'.*metWith"):
        graph.facts("met")


# ---------------------------------------------------------------- other libraries

@pytest.mark.slow
def test_rdflib_graph_holds_the_labels_and_every_triple(graph):
    from rdflib import RDFS, Literal
    rdf = graph.to_rdflib()
    assert Literal("Сергей Лавров", lang="ru") in set(rdf.objects(None, RDFS.label))
    # as Oxigraph counts them, the ontology's triples (a named graph queries see too) left out
    data = ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o "
            "FILTER NOT EXISTS { GRAPH <https://w3id.org/kgnews/ontology> { ?s ?p ?o } } }")
    assert len(rdf) == graph.query(data)[0]["n"]


@pytest.mark.slow
def test_networkx_edge_between_the_two_who_met(graph):
    network = graph.to_networkx()
    iri = {data["label"]: node for node, data in network.nodes(data=True)}
    people = sorted([iri["Имангали Тасмагамбетов"], iri["Сергей Лавров"]])
    meeting = network.edges[people[0], people[1], "metWith"]
    assert [(fact["date"], fact["evidence"]) for fact in meeting["facts"]] == [("2023-09-14", LAVROV_MEETING)]


# ---------------------------------------------------------------- notebook

@pytest.mark.slow
def test_repr_is_one_line_of_counts_from_the_knowledge_base(graph):
    entities = Counter(entity.type for entity in graph.kb.entities.values())
    counts = graph.counts()
    assert (counts["documents"], counts["people"]) == (2, entities[PER])
    assert repr(graph) == "<kg.Graph seeds: " + ", ".join(f"{n} {name}" for name, n in counts.items()) + ">"


@pytest.mark.slow
def test_repr_html_is_a_table_of_the_counts_with_the_name_escaped(saved):
    table = kg.Graph(path=saved[0] / "graph.ttl", name="<seeds>")._repr_html_()
    assert table.startswith("<table><caption>kg graph: &lt;seeds&gt;</caption>")
    assert "<th style='text-align: left'>documents</th><td>2</td>" in table


class _Iframe(HTMLParser):
    def handle_starttag(self, tag, attrs):
        self.tag, self.attrs = tag, dict(attrs)


@pytest.mark.slow
def test_page_without_a_path_shows_inline_in_an_iframe(graph):
    page = graph.page(height=480)
    assert page.html.startswith("<!DOCTYPE html>") and "<title>kg: seeds</title>" in page.html
    inline = page._repr_html_()
    assert inline.count("<") == 2  # the iframe's tags: the page itself is escaped inside srcdoc
    iframe = _Iframe()
    iframe.feed(inline)
    assert iframe.tag == "iframe" and iframe.attrs["sandbox"] == "allow-scripts"
    assert iframe.attrs["srcdoc"] == page.html
    assert "height: 480px" in iframe.attrs["style"]


@pytest.mark.slow
def test_page_with_a_path_writes_the_page(graph, tmp_path):
    path = graph.page(tmp_path / "graph.html", title="Встречи")
    assert path == tmp_path / "graph.html"
    assert "<title>Встречи</title>" in path.read_text(encoding="utf-8")


# ---------------------------------------------------------------- saving and opening

@pytest.mark.slow
def test_save_writes_what_kg_build_writes(saved):
    folder, written = saved
    assert [path.name for path in written if path.is_file()] == ["graph.ttl", "graph.html", "mentions.jsonl"]
    assert matching_store(folder / "graph.ttl") in written  # the store kg query reads, named in store.json
    assert "Лавровым" in (folder / "mentions.jsonl").read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("target", ["folder", "graph.ttl"])
def test_an_opened_graph_answers_as_the_built_one(graph, saved, target):
    folder, _ = saved
    opened = kg.open(folder if target == "folder" else folder / "graph.ttl")
    assert opened.kb is None and opened.path == folder / "graph.ttl"
    assert opened.query("who-met-whom") == graph.query("who-met-whom")
    assert opened.facts() == graph.facts()
    assert opened.counts() == graph.counts()


@pytest.mark.slow
def test_an_opened_graph_draws_the_same_page_and_network(graph, saved):
    opened = kg.open(saved[0])
    assert opened.page(title="kg: seeds").html == graph.page().html
    assert sorted(opened.to_networkx().edges(keys=True, data=True)) == sorted(graph.to_networkx().edges(keys=True,
                                                                                                         data=True))
    assert len(opened.to_rdflib()) == len(graph.to_rdflib())


@pytest.mark.slow
def test_mentions_are_known_only_to_a_built_graph(saved, tmp_path):
    with pytest.raises(kg.KgError, match="mentions"):
        kg.open(saved[0]).save(tmp_path, mentions=True)


@pytest.mark.slow
def test_save_into_a_file_is_a_kg_error(graph, tmp_path):
    (tmp_path / "file").write_text("")
    with pytest.raises(kg.KgError, match="not a folder"):
        graph.save(tmp_path / "file")


# ---------------------------------------------------------------- errors

def test_missing_folders_and_graphs_are_kg_errors(tmp_path):
    with pytest.raises(kg.KgError, match="graph not found"):
        kg.open(tmp_path / "missing")
    with pytest.raises(kg.KgError, match="no graph.ttl in"):
        kg.open(tmp_path)
    with pytest.raises(kg.KgError, match="input folder not found"):
        kg.build(tmp_path / "missing")
    with pytest.raises(kg.KgError, match="no usable .txt files"):
        kg.build(tmp_path)


def test_a_file_that_is_no_turtle_fails_when_opened(tmp_path):
    (tmp_path / "graph.ttl").write_text("это не Turtle", encoding="utf-8")
    with pytest.raises(kg.KgError, match="cannot read graph"):
        kg.open(tmp_path)


# ---------------------------------------------------------------- the package

def test_import_kg_loads_no_heavy_library():
    imported = subprocess.run([sys.executable, "-X", "importtime", "-c", "import kg"],
                              capture_output=True, text=True, check=True).stderr
    modules = {line.rsplit("|", 1)[-1].strip() for line in imported.splitlines() if "|" in line}
    assert "kg" in modules
    assert {module.split(".")[0] for module in modules} & {"rdflib", "natasha", "pyoxigraph", "networkx"} == set()


def test_no_module_shadows_a_name_of_the_api():
    import kg.pipeline.build  # a module named build, deeper down
    assert kg.build is kg.api.build and kg.open is kg.api.open
    package = Path(kg.__file__).parent
    assert [name for name in kg._API if (package / f"{name}.py").exists() or (package / name).is_dir()] == []
    assert set(kg.__all__) <= set(dir(kg))


# ---------------------------------------------------------------- docs/python.md and the examples script

PYTHON_DOC = ROOT / "docs" / "python.md"  # the Python page of the docs (README.md links to it)


def python_doc_blocks() -> list[str]:
    """The ```python blocks of docs/python.md, in order."""
    return re.findall(r"```python\n(.*?)```", PYTHON_DOC.read_text(encoding="utf-8"), re.DOTALL)


@pytest.mark.slow  # builds the seeds
def test_python_doc_examples_run(tmp_path, monkeypatch, capsys):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    blocks = python_doc_blocks()
    assert blocks
    namespace = {"__name__": "python_doc"}
    for block in blocks:
        code = compile(block, "docs/python.md", "exec")
        exec(code, namespace)  # noqa: S102 - the docs' own code, run as a reader runs it
    assert "Имангали Тасмагамбетов — Сергей Лавров 2023-09-14" in capsys.readouterr().out
    assert (tmp_path / "exports" / "graph.ttl").is_file() and (tmp_path / "graph.html").is_file()


@pytest.mark.slow  # builds the seeds
def test_api_examples_script_passes_on_the_seeds(capsys):
    script = runpy.run_path(str(ROOT / "tests" / "api_examples.py"))
    assert script["main"]([str(SEEDS)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"api examples: {len(script['EXAMPLES'])} passed, 0 failed"
