"""Issue #17 replayed as a new user meets it: each point of its list, run as a user runs it
(`kg` with its arguments, on a graph it built; in this process, through kg.cli.main as the
script calls it, so natasha's models load once), and checked on what the user reads."""

import json

import pytest
from rdflib import Graph

from conftest import SEEDS, call_kg as kg

LAVROV = "Сергей Лавров"


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """A kg build of the seeds: the tests on it (some sixty kg commands) are marked slow."""
    folder = tmp_path_factory.mktemp("out")
    result = kg("build", SEEDS, "-o", folder, "--no-page")
    assert result.returncode == 0, result.stderr
    return folder


def table(result) -> list[list[str]]:
    """The table's rows as cells, its header first (the rule and the footer left out)."""
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    return [[cell.strip() for cell in line.split(" | ")] for line in [lines[0]] + lines[2:-1]]


# ---------------------------------------------------------------- 1. safe, predictable paths

@pytest.mark.slow
def test_export_ttl_never_overwrites_the_builds_graph(out):
    before = (out / "graph.ttl").read_bytes()
    result = kg("export", "-g", out / "graph.ttl")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"wrote {out / 'graph.export.ttl'}"
    assert (out / "graph.ttl").read_bytes() == before
    exported = Graph().parse(out / "graph.export.ttl")
    assert set(exported) == set(Graph().parse(data=before.decode("utf-8"), format="turtle"))


@pytest.mark.slow
def test_export_refuses_to_replace_the_builds_graph(out):
    before = (out / "graph.ttl").read_bytes()
    result = kg("export", "-f", "nt", "-g", out, "-o", out / "graph.ttl")
    assert result.returncode == 1 and "is the graph `kg build` wrote" in result.stderr, result.stderr
    assert (out / "graph.ttl").read_bytes() == before


@pytest.mark.slow
def test_output_folders_are_made(out, tmp_path):
    target = tmp_path / "new" / "deeper" / "graph.nt"
    result = kg("export", "-f", "nt", "-g", out, "-o", target)
    assert result.returncode == 0, result.stderr
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(Graph().parse(out / "graph.ttl")) and lines == sorted(lines)
    page = tmp_path / "pages" / "graph.html"
    result = kg("viz", "-g", out, "-o", page)
    assert result.returncode == 0 and LAVROV in page.read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_folder_the_file_and_kg_out_name_the_same_graph(out, tmp_path):
    by_file = kg("query", "positions", "-g", out / "graph.ttl", "-f", "csv")
    by_folder = kg("query", "positions", "-g", out, "-f", "csv")
    by_env = kg("query", "positions", "-f", "csv", cwd=tmp_path, env={"KG_OUT": str(out)})
    assert by_file.returncode == by_folder.returncode == by_env.returncode == 0, by_env.stderr
    assert by_file.stdout == by_folder.stdout == by_env.stdout
    assert f"{LAVROV},министр иностранных дел,Россия" in by_file.stdout.splitlines()


# ---------------------------------------------------------------- 2. help in errors

@pytest.mark.slow
def test_a_mistyped_term_is_named_with_the_closest(out):
    typo = "SELECT ?a ?b WHERE { ?a kg:metwith ?b }"
    result = kg("query", typo, "-g", out)
    assert result.returncode == 0 and result.stdout.endswith("(0 rows)\n")
    assert "kg: warning: kg:metwith is not in the ontology; did you mean kg:metWith?" in result.stderr
    strict = kg("query", typo, "-g", out, "--strict")
    assert strict.returncode == 1 and strict.stdout == ""
    assert strict.stderr.startswith("kg: error: kg:metwith is not in the ontology; did you mean kg:metWith?")


@pytest.mark.slow
def test_a_saved_query_says_which_binding_it_needs(out):
    result = kg("query", "everything-about", "-g", out)
    assert result.returncode == 1 and result.stdout == ""
    assert "needs a value for ?name: --bind name=VALUE" in result.stderr
    bound = table(kg("query", "everything-about", "-g", out, "-b", "name=Лавровым"))
    assert bound[0] == ["entity", "relation", "other", "evidence"]
    assert [LAVROV, "metWith", "Имангали Тасмагамбетов"] in [row[:3] for row in bound]


@pytest.mark.slow
def test_an_unknown_prefix_is_named_with_the_predeclared_ones(out):
    result = kg("query", "SELECT * WHERE { ?x foaf:name ?n }", "-g", out)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == ("kg: error: unknown prefix foaf: (declare it with PREFIX foaf: <...>; "
                                     "predeclared: kg:, res:, person:, org:, place:, event:, position:, doc:, fact:, "
                                     "mentions:, co:, rdf:, rdfs:, xsd:, skos:, prov:, owl:, wd:, void:, dcat:, "
                                     "dcterms:)")


# ---------------------------------------------------------------- 5. results as people read them

@pytest.mark.slow
def test_select_star_keeps_the_querys_column_order(out):
    rows = table(kg("query", "SELECT * WHERE { ?who kg:holdsPosition ?post . ?post kg:title ?title }", "-g", out))
    assert rows[0] == ["who", "post", "title"]
    listed = json.loads(kg("query", "SELECT * { ?zeta kg:title ?alpha }", "-g", out, "-f", "json").stdout)
    assert listed["head"]["vars"] == ["zeta", "alpha"]


@pytest.mark.slow
def test_cells_are_cut_at_the_width_asked_or_never(out):
    cut = table(kg("query", "who-met-whom", "-g", out, "--width", "20"))
    assert max(len(row[-1]) for row in cut[1:]) <= 20 and all(row[-1].endswith("…") for row in cut[1:])
    full = table(kg("query", "who-met-whom", "-g", out, "--full"))
    assert any(len(row[-1]) > 80 for row in full[1:]) and not any(row[-1].endswith("…") for row in full[1:])


@pytest.mark.slow
def test_the_footer_counts_in_words(out):
    one = kg("query", 'SELECT ?x WHERE { VALUES ?x { "a" } }', "-g", out)
    assert one.stdout.splitlines()[-1] == "(1 row)"
    assert kg("query", "SELECT ?x WHERE { }", "-g", out).stdout.splitlines()[-1] == "(1 row)"
    assert kg("query", "positions", "-g", out).stdout.splitlines()[-1].endswith(" rows)")


@pytest.mark.slow
def test_who_met_whom_is_one_row_a_pair_dated_first(out):
    rows = table(kg("query", "who-met-whom", "-g", out, "--width", "0"))
    assert rows[0] == ["person", "other", "meetings", "date", "dates", "place", "evidence"]
    pairs = [frozenset(row[:2]) for row in rows[1:]]
    assert len(pairs) == len(set(pairs))
    dated = [bool(row[3]) for row in rows[1:]]
    assert dated == sorted(dated, reverse=True) and dated[-1] is False
    assert ["Имангали Тасмагамбетов", LAVROV, "1", "2023-09-14", "2023-09-14", ""] in [row[:6] for row in rows]


# ---------------------------------------------------------------- 3. the ontology queryable

@pytest.mark.slow
def test_class_hierarchy_is_one_query_away(out):
    rows = table(kg("query", "SELECT ?class WHERE { ?class rdfs:subClassOf* kg:Event } ORDER BY ?class", "-g", out))
    assert [row[0] for row in rows[1:]] == ["kg:Call", "kg:Conference", "kg:Consultation", "kg:Event", "kg:Meeting",
                                            "kg:Operation", "kg:PhoneCall", "kg:Session", "kg:VideoCall"]
    typed = table(kg("query", "SELECT DISTINCT ?label WHERE { ?m a/rdfs:subClassOf* kg:Event ; "
                     "rdfs:label ?label } ORDER BY ?label", "-g", out, "--full"))
    assert ["Встреча: Имангали Тасмагамбетов — Сергей Лавров"] in typed


@pytest.mark.slow
def test_kg_query_terms_lists_the_ontology(out):
    rows = table(kg("query", "terms", "-g", out, "--full"))
    assert rows[0] == ["term", "kind", "parents", "en", "ru", "comment"]
    by_term = {row[0]: row for row in rows[1:]}
    assert by_term["kg:PhoneCall"][:5] == ["kg:PhoneCall", "class", "kg:Call", "Phone call", "Телефонный разговор"]
    assert by_term["kg:calledWith"][:2] == ["kg:calledWith", "relation"]
    assert by_term["kg:spokeAt"][:5] == ["kg:spokeAt", "relation", "kg:participatedIn", "spoke at", "выступил на"]
    assert by_term["kg:shortName"][1] == "value" and by_term["kg:Held"][1] == "status"


# ---------------------------------------------------------------- 4. names

@pytest.mark.slow
@pytest.mark.parametrize("name, label, found", [
    ("ОДКБ", "Организация Договора о коллективной безопасности", "name"),
    ("одкб", "Организация Договора о коллективной безопасности", "name"),
    ("Лаврову", LAVROV, "form"),
    ("Тасмагамбетовым", "Имангали Тасмагамбетов", "form"),
])
def test_an_entity_is_found_by_any_name_or_form(out, name, label, found):
    rows = table(kg("query", "find-entity", "-b", f"name={name}", "-g", out, "--full"))
    assert rows[0] == ["entity", "label", "type", "found", "matched"]
    assert [label, found] in [[row[1], row[3]] for row in rows[1:]], rows


@pytest.mark.slow
def test_the_acronym_is_the_short_name(out):
    rows = table(kg("query", 'SELECT ?label WHERE { ?x kg:shortName "ОДКБ"@ru ; skos:altLabel "ОДКБ"@ru ; '
                    "rdfs:label ?label }", "-g", out, "--full"))
    assert rows[1:] == [["Организация Договора о коллективной безопасности"]]
    assert kg("validate", "-g", out).returncode == 0


# ---------------------------------------------------------------- 6. a Turtle glad to open

@pytest.mark.slow
def test_the_turtle_names_entities_and_documents_by_prefix(out):
    turtle = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "@prefix person: <https://w3id.org/kgnews/id/person/> ." in turtle.splitlines()
    assert "person:sergey-lavrov a kg:Person ;" in turtle.splitlines()
    body = turtle[turtle.index("\n\n"):]
    assert "<https://w3id.org/kgnews/id/person/" not in body and "<https://w3id.org/kgnews/id/doc/" not in body


@pytest.mark.slow
def test_evidence_is_tagged_russian(out):
    graph = Graph().parse(out / "graph.ttl")
    from rdflib import Namespace
    evidence = list(graph.objects(None, Namespace("https://w3id.org/kgnews/ontology#").evidence))
    assert evidence and {literal.language for literal in evidence} == {"ru"}


@pytest.mark.slow
def test_the_dataset_node_says_what_made_the_graph(out):
    from importlib.metadata import version
    rows = table(kg("query", "SELECT ?documents ?creator ?ontology WHERE { ?d a void:Dataset, dcat:Dataset ; "
                    "void:documents ?documents ; dcterms:creator ?creator ; owl:imports ?ontology }", "-g", out))
    assert rows[1:] == [["2", f"kg {version('kg')}", "<https://w3id.org/kgnews/ontology>"]]


@pytest.mark.slow
def test_json_ld_is_compacted_with_a_context(out, tmp_path):
    target = tmp_path / "graph.jsonld"
    assert kg("export", "-f", "jsonld", "-g", out, "-o", target).returncode == 0
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["@context"]["kg"] == "https://w3id.org/kgnews/ontology#"
    lavrov = next(node for node in document["@graph"] if node["@id"] == "person:sergey-lavrov")
    assert lavrov["@type"] == "kg:Person" and lavrov["rdfs:label"] == {"@language": "ru", "@value": LAVROV}
    assert set(Graph().parse(target, format="json-ld")) == set(Graph().parse(out / "graph.ttl"))


# ---------------------------------------------------------------- 7. --help

@pytest.mark.parametrize("command", ["query", "build", "export"])
def test_help_shows_flags_without_a_type(command):
    result = kg(command, "--help", env={"COLUMNS": "160"})
    assert result.returncode == 0 and "--help" in result.stdout
    assert "<bool>" not in result.stdout


def test_an_undated_event_takes_its_documents_date_and_says_so():
    from datetime import date

    from rdflib import Literal, Namespace, URIRef
    from rdflib.namespace import XSD

    from kg.graph.rdf import to_graph
    from kg.records import EVENT, MEETING, Dated, Entity, Evidence, KnowledgeBase
    KG = Namespace("https://w3id.org/kgnews/ontology#")
    said = Evidence("a.txt", 1, "Министры встретились в Минске.", 40, 70)
    undated = Entity("event/vstrecha", EVENT, "Встреча", {"встреча"}, {"a.txt"}, kind=MEETING, evidence=[said])
    dated = Entity("event/forum", EVENT, "Форум", {"форум"}, {"a.txt"}, when=Dated(date(2023, 3, 1)), evidence=[said])
    kb = KnowledgeBase(documents=["a.txt"], entities={e.id: e for e in (undated, dated)},
                       document_dates={"a.txt": Dated(date(2023, 9, 14))})
    graph = to_graph(kb)
    event = URIRef("https://w3id.org/kgnews/id/event/vstrecha")
    assert graph.value(event, KG.date) == Literal("2023-09-14", datatype=XSD.date)
    assert graph.value(event, KG.dateSource) == Literal("document")
    forum = URIRef("https://w3id.org/kgnews/id/event/forum")
    assert graph.value(forum, KG.date) == Literal("2023-03-01", datatype=XSD.date)
    assert graph.value(forum, KG.dateSource) is None


@pytest.mark.slow
def test_document_nodes_carry_title_size_and_hash(out):
    import hashlib
    text = (SEEDS / "000_0d7ee99b2862e027.txt").read_bytes()
    rows = table(kg("query", 'SELECT ?title ?characters ?sha1 WHERE { ?d kg:sourceFile "000_0d7ee99b2862e027.txt" ; '
                    "dcterms:title ?title ; kg:characters ?characters ; kg:sha1 ?sha1 }", "-g", out, "--full"))
    sha1 = hashlib.sha1(text).hexdigest()
    assert rows[1:] == [["Уважаемый Сергей Кужугетович!", str(len(text.decode("utf-8"))), sha1]]


def test_without_a_dateline_the_first_sentences_date_the_document():
    from datetime import date

    from rdflib import Literal, Namespace, URIRef
    from rdflib.namespace import XSD

    from kg.graph.rdf import to_graph
    from kg.records import EVENT, MEETING, Dated, Entity, Evidence, KnowledgeBase
    KG = Namespace("https://w3id.org/kgnews/ontology#")
    opening = Evidence("a.txt", 0, "1 марта 2023 года открылся форум.", 0, 33)
    later = Evidence("a.txt", 5, "Министры встретились.", 200, 221)
    forum = Entity("event/forum", EVENT, "Форум", {"форум"}, {"a.txt"}, when=Dated(date(2023, 3, 1)),
                   evidence=[opening])
    meeting = Entity("event/vstrecha", EVENT, "Встреча", {"встреча"}, {"a.txt"}, kind=MEETING, evidence=[later])
    graph = to_graph(KnowledgeBase(documents=["a.txt"], entities={e.id: e for e in (forum, meeting)}))
    event = URIRef("https://w3id.org/kgnews/id/event/vstrecha")
    assert (graph.value(event, KG.date), graph.value(event, KG.dateSource)) == (
        Literal("2023-03-01", datatype=XSD.date), Literal("document"))


@pytest.mark.slow
def test_the_python_api_gives_the_same_help(out):
    import kg as kg_api
    from kg.errors import KgError
    graph = kg_api.open(out)
    with pytest.warns(UserWarning, match="kg:metwith is not in the ontology; did you mean kg:metWith"):
        assert graph.query("SELECT ?a WHERE { ?a kg:metwith ?b }") == []
    with pytest.raises(KgError, match=r"needs a value for \?name"):
        graph.query("everything-about")
    assert graph.query("find-entity", name="ОДКБ")[0]["label"] == "Организация Договора о коллективной безопасности"


@pytest.mark.slow
def test_json_results_carry_the_rows(out):
    result = kg("query", "everything-about", "-b", "name=Лавровым", "-g", out, "-f", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["head"]["vars"] == ["entity", "relation", "other", "evidence"]
    rows = document["results"]["bindings"]
    met = [row for row in rows if row["relation"]["value"] == "metWith"]
    assert met and met[0]["entity"] == {"type": "literal", "value": LAVROV, "xml:lang": "ru"}
    assert met[0]["other"]["value"] == "Имангали Тасмагамбетов" and met[0]["evidence"]["xml:lang"] == "ru"
