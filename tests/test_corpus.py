"""Corpus builds: the same graph whatever the number of workers and whether the cache was used."""

import os
import shutil

import pytest

from kg.nlp.parse import parse, parse_many
from kg.pipeline.build import build
from kg.pipeline.corpus import BLAS_THREADS, _pooled, worker_pool
from kg.records import Document

from conftest import SEEDS

EXTRA = "15 мая 2024 года в Казани министр Антон Силуанов встретился с послом Индии Винаем Кумаром."


def corpus(folder, copies=2):
    folder.mkdir()
    for n in range(copies):
        for seed in sorted(SEEDS.glob("*.txt")):
            shutil.copy(seed, folder / f"{n}_{seed.name}")
    return folder


def turtle(out):
    return (out / "graph.ttl").read_bytes()


@pytest.mark.slow  # worker processes
def test_workers_and_cache_give_the_same_graph(tmp_path, monkeypatch):
    monkeypatch.setattr("kg.pipeline.corpus.POOL_FROM", 2)  # worker processes even for these few texts
    pooled = []
    monkeypatch.setattr("kg.pipeline.corpus._pooled",
                        lambda chunks, workers: pooled.append(workers) or _pooled(chunks, workers))
    texts = corpus(tmp_path / "in")
    build(texts, tmp_path / "one", page=False, workers=1, use_cache=False)
    assert pooled == []
    build(texts, tmp_path / "two", page=False, workers=2, use_cache=True)
    assert pooled == [2]
    assert turtle(tmp_path / "one") == turtle(tmp_path / "two")
    cached = build(texts, tmp_path / "two", page=False, workers=2, use_cache=True)
    assert turtle(tmp_path / "one") == turtle(tmp_path / "two")
    assert cached.seconds < 5


@pytest.mark.slow  # three builds
def test_cache_follows_added_changed_and_removed_texts(tmp_path):
    texts = corpus(tmp_path / "in")
    build(texts, tmp_path / "cached", page=False, workers=1)
    (texts / "new.txt").write_text(EXTRA, encoding="utf-8")
    changed = texts / "0_002_e5e59c7dfeaf13b1.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("Сергеем Лавровым", "Алексеем Оверчуком"),
                       encoding="utf-8")
    (texts / "1_000_0d7ee99b2862e027.txt").unlink()
    build(texts, tmp_path / "cached", page=False, workers=1)
    build(texts, tmp_path / "fresh", page=False, workers=1, use_cache=False)
    assert turtle(tmp_path / "cached") == turtle(tmp_path / "fresh")
    text = turtle(tmp_path / "fresh").decode("utf-8")
    assert "Алексей Оверчук" in text and "Силуанов" in text
    cache_files = list((tmp_path / "cached" / ".kg-cache").glob("*.pickle"))
    assert len(cache_files) == len(list(texts.glob("*.txt")))


@pytest.mark.slow  # parses the seeds twice
def test_texts_parsed_together_read_as_each_alone(models):
    """Sentences of many texts share the models' batches: no text may read differently for it."""
    documents = [Document(path.name, path.read_text(encoding="utf-8")) for path in sorted(SEEDS.glob("*.txt"))]
    documents.append(Document("extra.txt", EXTRA))
    assert parse_many(documents, models) == [parse(document, models) for document in documents]


def test_compiled_dictionaries_are_used():
    """pymorphy falls back to a pure-Python DAWG without complaint, three times slower."""
    import pymorphy2.dawg
    import pymorphy3.dawg
    assert pymorphy2.dawg.DAWG.__module__ == pymorphy3.dawg.DAWG.__module__ == "dawg"


def _started_with(variable):
    with open("/proc/self/environ", "rb") as handle:  # the environment the process was started with
        entries = dict(entry.partition(b"=")[::2] for entry in handle.read().split(b"\0") if entry)
    return entries.get(variable.encode(), b"").decode()


@pytest.mark.slow  # worker processes
def test_workers_start_with_one_blas_thread():
    """numpy is imported as the workers unpickle their task: the limit must be there at start."""
    before = {variable: os.environ.get(variable) for variable in BLAS_THREADS}
    with worker_pool(2) as pool:
        assert list(pool.map(_started_with, BLAS_THREADS)) == ["1"] * len(BLAS_THREADS)
    assert {variable: os.environ.get(variable) for variable in BLAS_THREADS} == before  # this process's own


def _dies(documents, *rules):
    os._exit(9)   # as a worker the OOM killer takes


@pytest.mark.slow  # worker processes
def test_a_worker_that_dies_stops_the_build_with_a_message():
    """A pool that replaced a dead worker waited for its texts for ever; now the build stops."""
    from kg.errors import KgError
    from kg.records import Document
    with pytest.raises(KgError, match="worker process stopped"):
        list(_pooled([[Document("a.txt", "Текст.")]], 2, work=_dies))
