"""The `kg` command as a user runs it: real files, one-line errors. It runs in this process
(kg.cli.main, as the `kg` script calls it), so natasha's models load once; a build in a
process of its own checks that another process writes the same bytes."""

import json

import pytest
from rdflib import Graph

from conftest import SEEDS, call_kg as kg, run_kg


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """`kg build` of the seeds (the tests on it are marked slow)."""
    out = tmp_path_factory.mktemp("exports")
    result = kg("build", SEEDS, "-o", out, "--mentions")
    assert result.returncode == 0, result.stderr
    return out, result


@pytest.mark.slow
def test_build_writes_graph_page_mentions_and_a_summary(built):
    out, result = built
    assert {p.name for p in out.iterdir()} >= {"graph.ttl", "graph.html", "mentions.jsonl"}
    assert "2 documents" in result.stdout
    assert "metWith 3" in result.stdout and "PER" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_mentions_jsonl_points_into_the_texts(built):
    out, _ = built
    lines = [json.loads(line) for line in (out / "mentions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert lines
    for mention in lines:
        text = (SEEDS / mention["file"]).read_text(encoding="utf-8")
        assert text[mention["start"]:mention["end"]] == mention["text"]
        assert mention["type"] in ("PER", "ORG", "LOC") and mention["entity"].startswith("https://")


@pytest.mark.slow
def test_query_json_by_name(built):
    out, _ = built
    result = kg("query", "positions", "-g", out / "graph.ttl", "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert {"person", "title", "organization"} == set(document["head"]["vars"])


@pytest.mark.slow
def test_query_csv_from_a_file(built, tmp_path):
    out, _ = built
    query = tmp_path / "count.rq"
    query.write_text("PREFIX kg: <https://w3id.org/kgnews/ontology#>\n"
                     "SELECT (COUNT(?m) AS ?meetings) WHERE { ?m a kg:Meeting }", encoding="utf-8")
    result = kg("query", query, "-g", out / "graph.ttl", "-f", "csv")
    assert result.stdout.splitlines() == ["meetings", "3"]


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_is_the_package_metadata(flag):
    from importlib.metadata import version
    result = kg(flag)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"kg {version('kg')}\n" and result.stderr == ""


def test_query_list_names_the_saved_queries():
    result = kg("query", "--list")
    assert "who-met-whom" in result.stdout and "everything-about" in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("fmt, parse_as", [("nt", "nt"), ("jsonld", "json-ld"), ("ttl", "turtle"), ("xml", "xml")])
def test_export_formats_parse_back(built, tmp_path, fmt, parse_as):
    out, _ = built
    target = tmp_path / f"graph.{fmt}"
    result = kg("export", "--format", fmt, "-g", out / "graph.ttl", "-o", target)
    assert result.returncode == 0, result.stderr
    original = Graph().parse(out / "graph.ttl")
    assert len(Graph().parse(target, format=parse_as)) == len(original)


@pytest.mark.slow
def test_validate_and_viz(built, tmp_path):
    out, _ = built
    result = kg("validate", "-g", out / "graph.ttl")
    assert result.returncode == 0 and "conforms" in result.stdout
    page = tmp_path / "page.html"
    result = kg("viz", "-g", out / "graph.ttl", "-o", page)
    assert result.returncode == 0 and page.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


@pytest.mark.slow
def test_build_is_byte_identical_across_processes(built, tmp_path):
    out, _ = built
    again = tmp_path / "again"
    result = run_kg("build", SEEDS, "-o", again, "--no-page", env={"PYTHONHASHSEED": "12345"})
    assert result.returncode == 0, result.stderr
    assert (again / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()


@pytest.mark.parametrize("args, message", [
    (["build", "no-such-folder"], "input folder not found: no-such-folder"),
    (["query", "positions", "-g", "missing.ttl"], "graph not found: missing.ttl"),
    (["query", "unknown-name"], "unknown saved query 'unknown-name'"),
    (["query", "nothere.rq"], "query file not found: nothere.rq"),
    (["export", "-g", "missing.ttl"], "graph not found"),
])
def test_bad_input_gives_one_line_and_non_zero_exit(args, message):
    result = kg(*args)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_malformed_sparql_names_the_position(built):
    out, _ = built
    result = kg("query", "SELECT ?x WHERE {\n  ?x ?y }", "-g", out / "graph.ttl")
    assert result.returncode == 1
    assert "malformed SPARQL at line 2" in result.stderr


@pytest.mark.slow
def test_update_is_refused(built):
    out, _ = built
    result = kg("query", "DELETE WHERE { ?s ?p ?o }", "-g", out / "graph.ttl")
    assert result.returncode == 1 and "read-only" in result.stderr


def test_empty_folder_is_an_error(tmp_path):
    (tmp_path / "in").mkdir()
    result = kg("build", tmp_path / "in", "-o", tmp_path / "out")
    assert result.returncode == 1 and "no usable .txt files" in result.stderr
