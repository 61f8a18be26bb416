"""`kg build --watch`: rebuilds follow texts added, changed and removed, read only what
changed, and write the same graph as a fresh build."""

import os
import signal
import subprocess
import sys
import time

import pytest
from pyoxigraph import RdfFormat, Store

import kg.pipeline.corpus
from kg.graph.store import _derive, matching_store, open_store
from kg.pipeline.build import build
from kg.pipeline.watch import Watcher, watch
from kg.sparql.query import run
from kg.sparql.workers import QueryPool, Request

from test_corpus import EXTRA, corpus, turtle

pytestmark = pytest.mark.slow  # builds, rebuilds and a fresh build to compare, each test; a kg process


@pytest.fixture
def watcher(tmp_path, models, monkeypatch):
    monkeypatch.setattr("kg.pipeline.corpus.default_models", lambda: models)  # the session's models, loaded once
    monkeypatch.setattr("kg.pipeline.watch.default_models", lambda: models)
    read = []
    extract = kg.pipeline.corpus.extract_documents

    def counted(documents, models=None):
        read.extend(d.id for d in documents)
        return extract(documents, models)
    monkeypatch.setattr("kg.pipeline.corpus.extract_documents", counted)
    watcher = Watcher(corpus(tmp_path / "in"), tmp_path / "out", page=False, workers=1)
    watcher.read = read
    watcher.build()
    return watcher


def fresh(watcher, tmp_path):
    build(watcher.input_dir, tmp_path / "fresh", page=False, workers=1, use_cache=False)
    return turtle(tmp_path / "fresh")


def test_nothing_changed_nothing_built(watcher):
    watcher.read.clear()
    assert watcher.poll() is None
    assert watcher.read == []


def test_a_changed_text_is_read_again_and_alone(watcher, tmp_path):
    watcher.read.clear()
    changed = watcher.input_dir / "0_002_e5e59c7dfeaf13b1.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("Сергеем Лавровым", "Алексеем Оверчуком"),
                       encoding="utf-8")
    rebuild = watcher.poll()
    assert (rebuild.added, rebuild.changed, rebuild.removed, rebuild.error) == (0, 1, 0, None)
    assert watcher.read == ["0_002_e5e59c7dfeaf13b1.txt"]
    assert "Алексей Оверчук" in turtle(watcher.output_dir).decode("utf-8")
    assert turtle(watcher.output_dir) == fresh(watcher, tmp_path)


def test_added_and_removed_texts(watcher, tmp_path):
    (watcher.input_dir / "new.txt").write_text(EXTRA, encoding="utf-8")
    (watcher.input_dir / "1_000_0d7ee99b2862e027.txt").unlink()
    rebuild = watcher.poll()
    assert (rebuild.added, rebuild.changed, rebuild.removed) == (1, 0, 1)
    assert rebuild.change() == "1 added, 1 removed"
    text = turtle(watcher.output_dir).decode("utf-8")
    assert "Силуанов" in text and "1_000_0d7ee99b2862e027.txt" not in text
    assert turtle(watcher.output_dir) == fresh(watcher, tmp_path)


def test_a_failed_rebuild_keeps_the_outputs_and_watching_goes_on(watcher):
    before = turtle(watcher.output_dir)
    texts = sorted(watcher.input_dir.glob("*.txt"))
    for path in texts:
        path.write_text("", encoding="utf-8")
    rebuild = watcher.poll()
    assert rebuild.result is None and "no usable .txt files" in rebuild.error
    assert turtle(watcher.output_dir) == before
    assert watcher.poll() is None  # the failure is not retried until the texts change again
    texts[0].write_text(EXTRA, encoding="utf-8")
    assert "Силуанов" in turtle_after(watcher)


def turtle_after(watcher) -> str:
    rebuild = watcher.poll()
    assert rebuild.error is None
    return turtle(watcher.output_dir).decode("utf-8")


def test_watch_polls_until_stopped(watcher, monkeypatch):
    monkeypatch.setattr("gc.freeze", lambda: None)  # the test session's objects stay the collector's
    reports, polls = [], iter([False, False, True])
    (watcher.input_dir / "new.txt").write_text(EXTRA, encoding="utf-8")
    watch(watcher, reports.append, poll_seconds=0, stop=lambda: next(polls))
    assert [r.change() for r in reports] == ["1 added"]


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "terminate"])
def test_the_command_rebuilds_until_stopped(tmp_path, stop):
    texts = corpus(tmp_path / "in", copies=1)
    command = [sys.executable, "-m", "kg.cli", "build", str(texts), "-o", str(tmp_path / "out"), "--watch",
               "--no-page"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert wait_for(process, "watching ").startswith("watching ")
        (texts / "new.txt").write_text(EXTRA, encoding="utf-8")
        line = wait_for(process, "1 added")
        assert "3 documents" in line and "triples" in line
        process.send_signal(stop)
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert "stopped watching" in out and "Traceback" not in err
    assert "Силуанов" in turtle(tmp_path / "out").decode("utf-8")


def wait_for(process, text: str, timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if text in line:
            return line
        if not line and process.poll() is not None:
            break
    raise AssertionError(f"no line with {text!r}: {process.stderr.read() if process.poll() is not None else ''}")


def test_the_next_store_is_the_last_one_edited_and_holds_the_graph(watcher, monkeypatch):
    derived = []
    monkeypatch.setattr("kg.graph.store._derive",
                        lambda partial, change: derived.append(change) or _derive(partial, change))
    changed = watcher.input_dir / "0_002_e5e59c7dfeaf13b1.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("Сергеем Лавровым", "Алексеем Оверчуком"),
                       encoding="utf-8")
    (watcher.input_dir / "new.txt").write_text(EXTRA, encoding="utf-8")
    assert watcher.poll().error is None
    [change] = derived
    assert change.removed and change.added
    graph = watcher.output_dir / "graph.ttl"
    loaded = Store()
    loaded.load(path=str(graph), format=RdfFormat.TURTLE)
    assert statements(open_store(graph)) == statements(loaded)
    assert run(open_store(graph), "ASK { kg:PhoneCall rdfs:subClassOf kg:Call }").rows[0]["ask"].value == "true"
    assert matching_store(graph) is not None and len(list(watcher.output_dir.glob("store-*"))) == 1


def statements(store) -> set[str]:
    """The data's quads: the default graph (the store keeps the ontology in a named graph)."""
    from pyoxigraph import DefaultGraph
    return {str(quad) for quad in store.quads_for_pattern(None, None, None, DefaultGraph())}


@pytest.mark.parametrize("in_memory", [False, True], ids=["store", "memory"])
def test_the_endpoints_workers_answer_from_the_rebuilt_graph(watcher, in_memory):
    """`kg serve` beside `kg build --watch`: the next query sees the new graph, no restart
    (a worker on the store opens the new one; a worker in memory loads the new Turtle)."""
    documents = Request("SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <https://w3id.org/kgnews/ontology#Document> }",
                        results_format="CSV")
    with QueryPool(watcher.output_dir / "graph.ttl", workers=1, in_memory=in_memory) as pool:
        before = pool.run(documents).body.decode().split()[-1]
        (watcher.input_dir / "new.txt").write_text(EXTRA, encoding="utf-8")
        assert watcher.poll().error is None
        after = pool.run(documents).body.decode().split()[-1]
    assert (int(before), int(after)) == (4, 5)
