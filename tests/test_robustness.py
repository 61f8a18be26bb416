"""Bad, hostile and interrupted input: a clear message, nothing lost, nothing unsafe."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from rdflib import Graph

from kg.graph.validate import validate
from kg.pipeline.build import build, build_graph

from conftest import ROOT, SEEDS, call_kg

KG = [sys.executable, "-m", "kg.cli"]
RUSSIAN = "Министр иностранных дел России Сергей Лавров встретился с послом Китая Чжаном Ханьхуэем."


def write(folder: Path, files: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return folder


@pytest.mark.slow  # a 17,000-word sentence among ten texts
def test_awkward_files_are_processed_or_skipped_and_the_rest_is_built(tmp_path, models):
    folder = write(tmp_path / "in", {
        "good.txt": RUSSIAN,
        "empty.txt": "",
        "blank.txt": " \n\t\n",
        "english.txt": "Nothing Russian in here at all.",
        "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        "long-sentence.txt": ("слово " * 17000) + "Лавров",
        "cp1251.txt": RUSSIAN.encode("cp1251"),
        "koi8.txt": RUSSIAN.encode("koi8_r"),
        "utf16.txt": RUSSIAN.encode("utf-16"),
        "crlf.txt": RUSSIAN.replace(" с послом", "\r\nс послом"),
        "page.txt": "<html><body><p>" + RUSSIAN + "</p><script>alert(1)</script></body></html>",
    })
    result = build_graph(folder, models=models)
    assert {s.path for s in result.skipped} == {"empty.txt", "blank.txt", "english.txt", "image.txt"}
    assert {"cp1251.txt: decoded as cp1251", "koi8.txt: decoded as koi8_r"} <= set(result.notes)
    people = {e.label for e in result.kb.entities.values() if e.type == "PER"}
    assert "Сергей Лавров" in people


def test_a_20_mb_file_is_skipped_with_the_reason(tmp_path, models):
    folder = write(tmp_path / "in", {"good.txt": RUSSIAN, "huge.txt": (RUSSIAN + "\n") * 130_000})
    assert (folder / "huge.txt").stat().st_size > 20_000_000
    result = build_graph(folder, models=models)
    assert [(s.path, s.reason) for s in result.skipped] == [
        ("huge.txt", "too large (21.4 MB > 5 MB; raise the limit with --max-mb)")]
    assert "Сергей Лавров" in {e.label for e in result.kb.entities.values()}


HOSTILE = ('Встреча «Ивана "Ломать" <script>alert(1)</script> Петрова» с послом Джоном О\'Нилом '
           'и Ахмедом \\ Аль-Рашидом 🙂 прошла в Москве. Генеральный секретарь ОOН (латинская O) Аnna Вeлова '
           'выступила на форуме <img src=x onerror=alert(2)>.')


def test_hostile_names_give_valid_turtle_that_conforms(tmp_path, models):
    folder = write(tmp_path / "in", {"hostile.txt": HOSTILE})
    result = build(folder, tmp_path / "out", page=False)
    text = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    graph = Graph().parse(data=text, format="turtle")
    assert len(graph) == len(result.graph)
    assert validate(graph).conforms


def test_unwritable_output_is_a_clear_error(tmp_path):
    out = tmp_path / "locked"
    out.mkdir()
    out.chmod(0o500)
    try:
        if os.access(out, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        result = call_kg("build", SEEDS, "-o", out)
        assert result.returncode == 1 and "not writable" in result.stderr
    finally:
        out.chmod(0o700)


def test_output_under_a_file_is_a_clear_error(tmp_path):
    (tmp_path / "file").write_text("x")
    result = call_kg("build", SEEDS, "-o", tmp_path / "file" / "out")
    assert result.returncode == 1 and "cannot create output folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_strict_fails_when_a_text_was_skipped(tmp_path):
    folder = write(tmp_path / "in", {"good.txt": RUSSIAN, "empty.txt": ""})
    result = call_kg("build", folder, "-o", tmp_path / "out", "--strict", "--no-page")
    assert result.returncode == 1
    assert "skipped empty.txt: empty text" in result.stderr
    assert (tmp_path / "out" / "graph.ttl").exists()


@pytest.mark.slow
def test_a_killed_build_leaves_the_previous_outputs_intact(tmp_path):
    """Kill a rebuild (a `kg` process) at several moments: graph.ttl and graph.html are always whole."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(40):
        for seed in SEEDS.glob("*.txt"):
            (corpus / f"{n:03d}_{seed.name}").write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    first = call_kg("build", SEEDS, "-o", out)
    assert first.returncode == 0, first.stderr
    before = {name: (out / name).read_bytes() for name in ("graph.ttl", "graph.html")}
    for delay in (1.0, 3.0, 6.0):
        process = subprocess.Popen(KG + ["build", str(corpus), "-o", str(out)], cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert_whole(out, before)
    second = call_kg("build", SEEDS, "-o", out)
    assert second.returncode == 0
    assert not list(out.glob(".*.tmp"))


def assert_whole(out: Path, before: dict) -> None:
    """Each output is either the previous one or a complete new one, never a torn file."""
    turtle, page = (out / "graph.ttl").read_bytes(), (out / "graph.html").read_bytes()
    if turtle != before["graph.ttl"]:
        assert len(Graph().parse(data=turtle.decode("utf-8"), format="turtle")) > 0
    if page != before["graph.html"]:
        assert page.rstrip().endswith(b"</html>")


WORDS = st.sampled_from(["министр", "встретился", "с", "послом", "Иваном", "Петровым", "в", "Москве", "принял",
                         "участие", "конференции", "ОДКБ", "«", "»", "(", ")", ",", ".", "\n", "2023", "года",
                         "31", "октября", "Генеральный", "секретарь", "организаторами", "выступили", "<", ">",
                         "&", '"', "\\", "🙂", "Аnna", "Ю", "т.г.", "–", "—", "Заместитель", "его", "них"])


@pytest.mark.slow  # 25 texts through the pipeline and the shapes
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(WORDS, min_size=1, max_size=60).map(" ".join), st.text(max_size=40))
def test_random_russian_like_text_never_breaks_the_pipeline(read, text, noise):
    from kg.graph.rdf import to_graph
    kb = read(text + noise)
    graph = to_graph(kb)
    turtle = graph.serialize(format="turtle")
    assert len(Graph().parse(data=turtle, format="turtle")) == len(graph)
    assert len(list(pyoxigraph.parse(turtle.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE))) == len(graph)
    assert validate(graph).conforms
