"""A corpus as one JSON Lines file: the same graph as the same texts in a folder, the
document's own date, address and title kept, a malformed line refused before anything is built."""

import json

import pytest

from kg.errors import KgError
from kg.graph.turtle import to_turtle
from kg.graph.vocab import IRI, PREFIXES
from kg.inputs.jsonl import load_jsonl
from kg.pipeline.build import build_graph

from conftest import SEEDS, call_kg

TEXT = "Министр иностранных дел России Сергей Лавров встретился с Генеральным секретарём ООН Антониу Гутеррешем."


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def seeds_as_jsonl(path, **extra):
    records = [{"id": p.name, "text": p.read_text(encoding="utf-8-sig"), **extra.get(p.name, {})}
               for p in sorted(SEEDS.glob("*.txt"))]
    return write_jsonl(path, records)


@pytest.mark.slow  # builds the seeds again
def test_a_jsonl_corpus_builds_the_graph_of_the_same_texts_in_a_folder(tmp_path, models, seeds_build):
    corpus = seeds_as_jsonl(tmp_path / "seeds.jsonl")
    from_jsonl = build_graph(corpus, models=models)
    assert to_turtle(from_jsonl.triples, PREFIXES) == to_turtle(seeds_build.triples, PREFIXES)


def test_a_document_keeps_its_date_address_and_title(tmp_path, models):
    corpus = write_jsonl(tmp_path / "news.jsonl", [
        {"id": "mid-2024-17", "text": TEXT, "date": "2024-03-05", "url": "https://mid.ru/news/17",
         "title": "Встреча с Генсекретарём ООН"},
        {"id": "tass-9", "text": TEXT, "date": "2024-03-06T10:15:00+03:00"},
    ])
    graph = build_graph(corpus, models=models).triples
    by_label = {obj.value: subject for subject, predicate, obj in graph if predicate == IRI.sourceFile}
    first, second = by_label["mid-2024-17"], by_label["tass-9"]
    kept = (IRI.published, IRI.url, IRI.headline)
    assert {(p, o.value, o.datatype) for s, p, o in graph if s == first and p in kept} == {
        (IRI.published, "2024-03-05", "http://www.w3.org/2001/XMLSchema#date"),
        (IRI.url, "https://mid.ru/news/17", "http://www.w3.org/2001/XMLSchema#anyURI"),
        (IRI.headline, "Встреча с Генсекретарём ООН", None),
    }
    assert [(o.value, o.datatype) for s, p, o in graph if s == second and p == IRI.published] == [
        ("2024-03-06T10:15:00+03:00", "http://www.w3.org/2001/XMLSchema#dateTime")]


def test_the_document_metadata_conforms_to_the_shapes(tmp_path, models):
    from kg.graph.validate import validate
    corpus = write_jsonl(tmp_path / "news.jsonl", [
        {"id": "a", "text": TEXT, "date": "2024-03-05", "url": "https://mid.ru/a", "title": "Встреча"}])
    assert validate(build_graph(corpus, models=models).graph).conforms


@pytest.mark.parametrize("line, message", [
    ('{"id": "a", "text": "Текст"', "news.jsonl:2: not a JSON object"),
    ('["a", "Текст"]', "news.jsonl:2: not a JSON object"),
    ('{"text": "Текст"}', "news.jsonl:2: needs `id`"),
    ('{"id": "b", "text": ""}', "news.jsonl:2: needs `text`"),
    ('{"id": "b", "text": "Текст", "url": 17}', "news.jsonl:2: `url` must be a string"),
    ('{"id": "b", "text": "Текст", "date": "5 марта 2024"}',
     "news.jsonl:2: `date` '5 марта 2024' is not an ISO 8601"),
    ('{"id": "a", "text": "Другой текст"}', "news.jsonl:2: id 'a' already given on line 1"),
])
def test_a_malformed_line_is_an_error_naming_it(tmp_path, line, message):
    corpus = tmp_path / "news.jsonl"
    corpus.write_text('{"id": "a", "text": "Текст"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(KgError, match=message):
        load_jsonl(corpus)


def test_unusable_texts_are_skipped_as_files_are(tmp_path):
    corpus = write_jsonl(tmp_path / "news.jsonl", [
        {"id": "ru", "text": TEXT}, {"id": "en", "text": "English only."}, {"id": "big", "text": TEXT * 100}])
    documents, skipped = load_jsonl(corpus, max_bytes=2000)
    assert [d.id for d in documents] == ["ru"]
    assert [(s.path, s.reason.split(" (")[0]) for s in skipped] == [("en", "no Russian text"), ("big", "too large")]


def test_kg_build_refuses_a_malformed_corpus_and_writes_nothing(tmp_path):
    corpus = tmp_path / "news.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": TEXT}, ensure_ascii=False) + "\n{oops\n", encoding="utf-8")
    out = tmp_path / "out"
    result = call_kg("build", corpus, "-o", out)
    assert result.returncode == 1
    assert result.stderr.startswith(f"kg: error: {corpus}:2: not a JSON object")
    assert len(result.stderr.splitlines()) == 1
    assert not any(out.glob("graph.*")) and not any(out.glob("store*"))
