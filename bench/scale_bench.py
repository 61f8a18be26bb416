"""The build at scale: time and peak memory of each stage at growing corpus sizes, and how
each grows (docs/benchmarks.md, "Scale model").

For each size (default 1,000, 10,000 and 30,000 texts) a JSON Lines corpus repeats the
factRuEval dev texts under new ids, and a fresh process runs the stages `kg build` runs, one
after another, with no cache: read (the JSON Lines file), extract (worker processes on every
core), resolve, rdf, turtle, store (Oxigraph's bulk load), page. A thread samples the
process's resident memory every 20 ms, so each stage gets its own peak; the workers' peak
comes from getrusage(RUSAGE_CHILDREN). Then, per stage, it fits time = a * texts^b on the
sizes (least squares in log-log) and extrapolates to a million texts (extraction linearly,
from its rate at the largest size: texts are read independently), on this machine and
with extraction spread over N cluster workers (extraction scaled by the cores here / N; the
other stages run where `kg build` runs, so they do not shrink).

Caveat, as the build bench says: repeating 125 texts repeats their names, so resolution
merges into the same ~1,000 entities and the page stays that size; on a million different
texts both grow with the number of distinct entities.

Not a test: nothing here fails on speed.
Run: make bench-scale   (.venv/bin/python bench/scale_bench.py [--sizes 1000 10000 30000] [--workers N])
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from build_bench import DEV_SET, corpus_texts

STAGES = ("read", "extract", "resolve", "rdf", "turtle", "store", "page")
MILLION = 1_000_000
CLUSTER_WORKERS = (16, 64)


def make_corpus(source: Path, path: Path, texts: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for n, (name, text) in enumerate(corpus_texts(source, texts)):
            out.write(json.dumps({"id": f"{n:07d}_{name}", "text": text}, ensure_ascii=False) + "\n")


class Memory(threading.Thread):
    """Peak resident memory of this process, stage by stage."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stage, self.peaks, self.running = "start", {}, True
        self.page = os.sysconf("SC_PAGE_SIZE")

    def run(self) -> None:
        while self.running:
            self.sample()
            time.sleep(0.02)

    def sample(self) -> None:
        with open("/proc/self/statm") as statm:
            rss = int(statm.read().split()[1]) * self.page
        self.peaks[self.stage] = max(self.peaks.get(self.stage, 0), rss)


def child(corpus: Path, workers: int) -> dict:
    """The stages of `kg build`, one by one (kg/pipeline/build.py runs store and page side by side)."""
    from kg.graph.plain import PlainGraph, collector_paused
    from kg.graph.rdf import triples
    from kg.graph.store import save
    from kg.graph.turtle import to_turtle
    from kg.graph.vocab import PREFIXES
    from kg.page.render import render_page
    from kg.pipeline.build import load_corpus
    from kg.pipeline.corpus import extract_corpus
    from kg.resolve.entities import resolve

    memory, seconds, state = Memory(), {}, {}
    memory.start()

    def stage(name, work):
        memory.sample()
        memory.stage = name
        started = time.perf_counter()
        state[name] = work()
        seconds[name] = time.perf_counter() - started
        memory.sample()

    # `kg build` pauses the collector for the whole build (kg/pipeline/watch.py): so does this
    with collector_paused(), tempfile.TemporaryDirectory(prefix="kg-scale-") as output:
        stage("read", lambda: load_corpus(corpus)[0])
        stage("extract", lambda: extract_corpus(state["read"], workers=workers))
        stage("resolve", lambda: resolve(state.pop("extract")))
        stage("rdf", lambda: PlainGraph(triples(state["resolve"])))
        stage("turtle", lambda: to_turtle(state["rdf"], PREFIXES).encode("utf-8"))
        stage("store", lambda: save(Path(output) / "graph.ttl", state["turtle"]))
        stage("page", lambda: render_page(state["rdf"], title="scale"))
    memory.running = False
    return {"seconds": seconds, "peak_mb": {k: v / 1e6 for k, v in memory.peaks.items() if k in STAGES},
            "workers_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1e3,
            "triples": len(state["rdf"]), "entities": len(state["resolve"].entities),
            "characters": sum(len(d.text) for d in state["read"]), "graph_mb": len(state["turtle"]) / 1e6}


def measure(corpus: Path, workers: int) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", str(corpus), "--workers", str(workers)],
                          capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(done.stderr)
    return json.loads(done.stdout.splitlines()[-1])


def fit(sizes: list[int], values: list[float]) -> tuple[float, float]:
    """a, b of value = a * size^b, least squares over the logarithms."""
    xs, ys = [math.log(s) for s in sizes], [math.log(max(v, 1e-6)) for v in values]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    return math.exp(my - b * mx), b


def report(sizes: list[int], runs: list[dict], workers: int) -> None:
    print("\n| stage | " + " | ".join(f"{n:,} texts s (peak MB)" for n in sizes)
          + " | growth: time ∝ texts^b | 1M texts here | "
          + " | ".join(f"1M, {n} cluster workers" for n in CLUSTER_WORKERS) + " |")
    print("| --- | " + " | ".join("---:" for _ in sizes) + " | ---: | ---: | "
          + " | ".join("---:" for _ in CLUSTER_WORKERS) + " |")
    totals = [0.0] * (1 + len(CLUSTER_WORKERS))
    for stage in STAGES:
        times = [run["seconds"][stage] for run in runs]
        b, million = _extrapolate(stage, sizes, times, workers)
        totals = [total + part for total, part in zip(totals, million)]
        cells = " | ".join(f"{t:.2f} ({run['peak_mb'][stage]:,.0f})" for t, run in zip(times, runs))
        print(f"| {stage} | {cells} | b = {b:.2f} | " + " | ".join(map(_hours, million)) + " |")
    total = [sum(run["seconds"].values()) for run in runs]
    print("| **all** | " + " | ".join(f"**{t:.1f}**" for t in total) + " | | "
          + " | ".join(f"**{_hours(t)}**" for t in totals) + " |")
    _memory(sizes, runs)


def _extrapolate(stage: str, sizes: list[int], times: list[float], workers: int) -> tuple[float, list[float]]:
    """The fitted exponent, and a million texts' seconds here and on each cluster size.
    Extraction is per text, independent of the others: linear by construction, from the rate
    at the largest size (a fit over runs on a shared machine fits its load too); on a cluster
    it shrinks by the workers there over the cores here, and nothing else does."""
    _, b = fit(sizes, times)
    million = times[-1] * (MILLION / sizes[-1]) ** (1.0 if stage == "extract" else b)
    spread = [million * workers / n if stage == "extract" else million for n in CLUSTER_WORKERS]
    return b, [million, *spread]


def _memory(sizes: list[int], runs: list[dict]) -> None:
    peaks = [max(run["peak_mb"].values()) for run in runs]
    _, b = fit(sizes, peaks)
    slope = (peaks[-1] - peaks[0]) / (sizes[-1] - sizes[0]) * 10_000
    million = (peaks[-1] + slope * (MILLION - sizes[-1]) / 10_000) / 1000
    print("\nbuild process peak MB: " + ", ".join(f"{n:,}: {p:,.0f}" for n, p in zip(sizes, peaks))
          + f"; {slope:,.0f} MB per 10,000 texts (peak ∝ texts^{b:.2f}); a million texts: ~{million:,.0f} GB")
    print("worker peak MB: " + ", ".join(f"{n:,}: {run['workers_peak_mb']:,.0f}" for n, run in zip(sizes, runs)))
    print("triples: " + ", ".join(f"{n:,}: {run['triples']:,}" for n, run in zip(sizes, runs))
          + "; entities: " + ", ".join(f"{run['entities']:,}" for run in runs)
          + "; graph.ttl MB: " + ", ".join(f"{run['graph_mb']:,.0f}" for run in runs))


def _hours(seconds: float) -> str:
    if seconds >= 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 60:.1f} min" if seconds >= 60 else f"{seconds:.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 30_000])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--source", type=Path, default=DEV_SET)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.workers)))
        return
    runs = []
    with tempfile.TemporaryDirectory(prefix="kg-scale-") as folder:
        for size in args.sizes:
            corpus = Path(folder) / f"corpus-{size}.jsonl"
            make_corpus(args.source, corpus, size)
            started = time.perf_counter()
            runs.append(measure(corpus, args.workers))
            run = runs[-1]
            print(f"{size:,} texts ({run['characters']:,} characters): {time.perf_counter() - started:.1f} s; "
                  + ", ".join(f"{k} {v:.2f} s / {run['peak_mb'][k]:,.0f} MB" for k, v in run["seconds"].items()),
                  flush=True)
            corpus.unlink()
    report(args.sizes, runs, args.workers)


if __name__ == "__main__":
    main()
