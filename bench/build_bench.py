"""Build throughput: `kg build` against plain natasha's pipeline on the same texts.

Makes a corpus by repeating the factRuEval dev texts under new names up to --texts (or, with
--join K, of unique texts each joining K different dev texts: `make bench-unique`), then
runs, each in a fresh process:

- the reference: natasha's full pipeline in one process (Segmenter, NewsMorphTagger,
  NewsSyntaxParser, NewsNERTagger, span.normalize) over every text;
- `kg build` with a cold cache on all cores (extraction, resolution, RDF, Turtle, store, page);
- `kg build` again after one text was changed (the incremental rebuild), then once more
  with nothing changed;
- `kg build --watch`'s rebuilds: one process builds, then five times one text changes and
  it builds again (models loaded, extractions in memory, the store copied and edited); the
  median rebuild is shown, from the poll that sees the change to the outputs written (the
  garbage collection that follows, while the watcher waits, is printed apart);
- `kg build` cold on a quarter of the texts, to show whether memory grows with the corpus.

and prints texts/s, chars/s, the ratio kg/reference, wall time (from process start: models
loaded, outputs written) and peak RSS of each process, and of the largest `kg` worker, then
where each `kg build`'s time went, stage by stage.
Not a test: nothing here fails on speed.

Run: make bench   (.venv/bin/python bench/build_bench.py [--texts 1000] [--workers N] [--repeat 3])
10,000 texts: make bench TEXTS=10000 (about ten times as long).
Unique texts four dev texts long: make bench-unique (--texts 1065 --join 4 --repeat 2).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV_SET = ROOT.parent / "shared" / "factrueval-dev"
CHANGED = "\nВ Москве прошла встреча министра иностранных дел России Сергея Лаврова с послом Китая.\n"


def make_corpus(source: Path, folder: Path, texts: int, join: int = 1) -> int:
    """`texts` files named 00000_book_100.txt, 00001_book_1004.txt…; returns their characters."""
    folder.mkdir(parents=True)
    characters = 0
    for n, (name, text) in enumerate(corpus_texts(source, texts, join)):
        (folder / f"{n:05d}_{name}").write_text(text, encoding="utf-8")
        characters += len(text)
    return characters


def corpus_texts(source: Path, texts: int, join: int = 1) -> Iterator[tuple[str, str]]:
    """(name, text) `texts` times: the source's texts over and over, each under its file name
    (`make bench`, `make bench-scale`). With `join` > 1 each text is `join` different source
    texts one after the other, picked at random (seeded) so that no two texts are the same:
    unique texts `join` times longer than the source's, named "joined.txt" (`make bench-unique`),
    on which no cache keyed by a whole text ever hits."""
    originals = sorted(source.glob("*.txt"))
    if not originals:
        sys.exit(f"no .txt files in {source}")
    bodies = [(path.name, path.read_text(encoding="utf-8")) for path in originals]
    seen, pick = set(), random.Random(1065)
    for n in range(texts):
        if join <= 1:
            yield bodies[n % len(bodies)]
            continue
        chosen = tuple(pick.sample(range(len(bodies)), join))
        while chosen in seen:
            chosen = tuple(pick.sample(range(len(bodies)), join))
        seen.add(chosen)
        yield "joined.txt", "\n\n".join(bodies[i][1].strip() for i in chosen) + "\n"


# ---------------------------------------------------------------- the measured processes

def reference(corpus: Path) -> dict:
    from natasha import Doc, MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser, Segmenter
    embedding = NewsEmbedding()
    segmenter, vocab = Segmenter(), MorphVocab()
    morph, syntax, ner = NewsMorphTagger(embedding), NewsSyntaxParser(embedding), NewsNERTagger(embedding)
    started = time.perf_counter()
    for path in sorted(corpus.glob("*.txt")):
        doc = Doc(path.read_text(encoding="utf-8"))
        doc.segment(segmenter)
        doc.tag_morph(morph)
        doc.parse_syntax(syntax)
        doc.tag_ner(ner)
        for span in doc.spans:
            span.normalize(vocab)
    return {"processing": time.perf_counter() - started}


def kg_build(corpus: Path, output: Path, workers: int) -> dict:
    from kg.pipeline.build import build
    result = build(corpus, output, workers=workers)
    return {"documents": len(result.kb.documents), "triples": len(result.triples), "seconds": result.seconds,
            "stages": result.stages}


def watch_rebuilds(corpus: Path, output: Path, workers: int, changes: int = 5) -> dict:
    """What `kg build --watch` does after a text changed: the median of `changes` rebuilds."""
    from kg.pipeline.watch import Watcher
    watcher = Watcher(corpus, output, workers=workers)
    watcher.build()
    watcher.ready()
    rebuilds, collections = [], []
    for path in sorted(corpus.glob("*.txt"))[1:changes + 1]:
        path.write_text(path.read_text(encoding="utf-8") + CHANGED, encoding="utf-8")
        started = time.perf_counter()
        result = watcher.poll().result
        rebuilds.append((time.perf_counter() - started, result.stages))
        del result
        started = time.perf_counter()
        gc.collect()  # as `kg build --watch` does after each rebuild, while it waits
        collections.append(time.perf_counter() - started)
    seconds, stages = sorted(rebuilds, key=lambda r: r[0])[len(rebuilds) // 2]
    return {"rebuild": seconds, "rebuilds": [round(r[0], 3) for r in rebuilds], "seconds": seconds, "stages": stages,
            "collections": [round(c, 3) for c in collections]}


def child_main(kind: str, args: list[str]) -> None:
    """Runs in its own process; prints its measures and peak memory as one JSON line."""
    if kind == "reference":
        measures = reference(Path(args[0]))
    elif kind == "watch":
        measures = watch_rebuilds(Path(args[0]), Path(args[1]), int(args[2]))
    else:
        measures = kg_build(Path(args[0]), Path(args[1]), int(args[2]))
    measures["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # The largest of the worker processes this process started and waited for (0 when none).
    measures["worker_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(measures))


def measure(kind: str, *args) -> dict:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--child", kind, *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{kind} failed:\n{done.stderr}")
    measures = json.loads(done.stdout.strip().splitlines()[-1])
    measures["wall"] = time.perf_counter() - started
    return measures


# ---------------------------------------------------------------- the run

def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        return child_main(sys.argv[2], sys.argv[3:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=int, default=1000, help="corpus size (texts)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="kg worker processes")
    parser.add_argument("--source", type=Path, default=DEV_SET, help="texts to repeat")
    parser.add_argument("--join", type=int, default=1,
                        help="each text joins this many different source texts (unique, longer texts)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run the reference and the cold kg build this many times, alternating (medians shown)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-build-bench-") as folder:
        run(Path(folder), args)


def run(folder: Path, args) -> None:
    corpus, out = folder / "corpus", folder / "out"
    characters = make_corpus(args.source, corpus, args.texts, args.join)
    print(f"{args.texts} texts, {characters:,} characters, {os.cpu_count()} cores, kg workers: {args.workers}")
    references, colds = [], []
    for _ in range(args.repeat):  # alternating, so that a busy spell of the machine hits both
        references.append(measure("reference", corpus))
        shutil.rmtree(out, ignore_errors=True)
        colds.append(measure("kg", corpus, out, args.workers))
    rows = [("natasha pipeline (reference), 1 process", _median(references)),
            (f"kg build, cold cache, {args.workers} workers", _median(colds))]
    if args.repeat > 1:
        print("wall s of each run: reference " + ", ".join(f"{m['wall']:.1f}" for m in references)
              + "; kg cold " + ", ".join(f"{m['wall']:.1f}" for m in colds))
    first = min(corpus.glob("*.txt"))
    first.write_text(first.read_text(encoding="utf-8") + CHANGED, encoding="utf-8")
    rows.append(("kg build after one text changed", measure("kg", corpus, out, args.workers)))
    rows.append(("kg build, nothing changed", measure("kg", corpus, out, args.workers)))
    watched = measure("watch", corpus, out, args.workers)
    print("kg build --watch, each rebuild after one text changed (s): " + ", ".join(map(str, watched["rebuilds"]))
          + "; the garbage collection after each, while it waits: " + ", ".join(map(str, watched["collections"])))
    rows.append(("kg build --watch, rebuild after one text changed", {**watched, "wall": watched["rebuild"]}))
    quarter = folder / "quarter"
    make_corpus(args.source, quarter, max(1, args.texts // 4), args.join)
    rows.append((f"kg build, cold, {max(1, args.texts // 4)} texts",
                 measure("kg", quarter, folder / "q", args.workers)))
    print_table(rows, args.texts, characters)
    shutil.rmtree(corpus)


def print_table(rows: list[tuple[str, dict]], texts: int, characters: int) -> None:
    reference_rate = texts / rows[0][1]["wall"]
    print("\n| run | wall s | texts/s | chars/s | × reference | peak RSS parent MB | peak RSS largest worker MB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, m in rows[:2]:
        rate = texts / m["wall"]
        print(f"| {name} | {m['wall']:.1f} | {rate:.1f} | {characters / m['wall']:,.0f} | "
              f"{rate / reference_rate:.2f} | {m['rss_mb']:.0f} | {_mb(m['worker_rss_mb'])} |")
    for name, m in rows[2:5]:
        print(f"| {name} | {m['wall']:.2f} | | | {100 * m['wall'] / rows[1][1]['wall']:.1f} % of the cold build | "
              f"{m['rss_mb']:.0f} | {_mb(m['worker_rss_mb'])} |")
    name, m = rows[5]
    print(f"| {name} | {m['wall']:.1f} | | | | {m['rss_mb']:.0f} | {_mb(m['worker_rss_mb'])} |")
    print(f"\nreference: {rows[0][1]['processing']:.1f} s processing after loading the models; "
          f"kg graph: {rows[1][1]['triples']:,} triples from {rows[1][1]['documents']} documents")
    print("where the time of each kg build goes (s; `start` is the process starting and importing kg):")
    for name, m in rows[1:]:
        stages = {"start": m["wall"] - m["seconds"], **m["stages"]} if "rebuild" not in m else m["stages"]
        print(f"- {name}: " + ", ".join(f"{stage} {seconds:.2f}" for stage, seconds in stages.items()))


def _median(runs: list[dict]) -> dict:
    """The run of median wall time (the upper one of an even number)."""
    return sorted(runs, key=lambda m: m["wall"])[len(runs) // 2]


def _mb(value: float) -> str:
    return f"{value:.0f}" if value else "–"


if __name__ == "__main__":
    main()
