"""The whole pipeline: a folder of texts in, `graph.ttl` and `graph.html` out."""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import Graph

from kg.errors import KgError
from kg.graph.plain import PlainGraph, collector_paused
from kg.graph.rdf import to_graph, triples
from kg.graph.store import Change, save as save_store
from kg.graph.turtle import to_turtle
from kg.graph.vocab import PREFIXES
from kg.inputs.cache import CACHE_FOLDER, Cache
from kg.inputs.jsonl import is_jsonl, load_jsonl
from kg.inputs.load import MAX_BYTES, Skipped, load_documents
from kg.nlp.parse import Models
from kg.output import remove_stale_temporaries, write_atomic
from kg.records import Document, KnowledgeBase
from kg.resolve.entities import resolve

from .corpus import extract_corpus

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Published:
    """What a build wrote, kept by a process that builds again (`kg build --watch`): the
    next store is this one's copy with the triples that changed."""
    triples: PlainGraph
    store: Path


@dataclass
class BuildResult:
    kb: KnowledgeBase
    triples: PlainGraph  # the graph as `kg build` writes and draws it
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)  # stage -> seconds, in the order run
    published: Published | None = None  # with build(track=True)

    def summary(self) -> dict:
        entities = Counter(e.type for e in self.kb.entities.values())
        relations = Counter(r.relation for r in self.kb.relations)
        return {
            "documents": len(self.kb.documents),
            "skipped": len(self.skipped),
            "entities": dict(sorted(entities.items())),
            "positions": len(self.kb.positions),
            "relations": dict(sorted(relations.items())),
            "triples": len(self.triples),
            "seconds": round(self.seconds, 2),
            "stages": {stage: round(seconds, 2) for stage, seconds in self.stages.items()},
        }

    @cached_property
    def graph(self) -> Graph:
        """The same graph in rdflib, made when first asked for: `kg build` never needs it."""
        return to_graph(self.kb)


def build_graph(input_dir: Path, progress: Progress | None = None, models: Models | None = None,
                max_bytes: int = MAX_BYTES, workers: int = 1, cache: Cache | None = None,
                cluster: str | None = None, rules: list[Path] | None = None) -> BuildResult:
    """The graph of a folder of texts or a JSON Lines file; extraction on `cluster` (a Dask
    scheduler's address, or local:N) when given, else on `workers` processes here; under the
    packaged rules with the rows of the `rules` files (TOML files or folders of them) added."""
    clock = _Stopwatch()
    install_rules(rules or [])
    documents, skipped = load_corpus(input_dir, max_bytes)
    if not documents:
        what = "texts" if is_jsonl(input_dir) else ".txt files"
        raise KgError(f"no usable {what} in {input_dir}" + _skipped_note(skipped))
    clock.lap("read")
    extractions = extract_corpus(documents, workers=workers, cache=cache, progress=progress, models=models,
                                 cluster=cluster)
    clock.lap("extract")
    with collector_paused():  # resolution makes millions of small objects and frees none
        kb = resolve(extractions)
    del extractions  # every token of every text: the largest thing a build holds, not needed past here
    kb.document_sources = {d.id: d.source for d in documents if d.source}
    clock.lap("resolve")
    graph = PlainGraph(triples(kb))
    clock.lap("rdf")
    notes = [f"{d.id}: decoded as {d.encoding}" for d in documents if d.encoding not in ("utf-8", "utf-8-sig")]
    return BuildResult(kb, graph, skipped, notes=notes, seconds=clock.total(), stages=clock.laps)


def install_rules(paths: list[Path]) -> None:
    """The packaged rules and the user's rows: a malformed row fails here, before any text is read."""
    from kg import rules
    rules.install(rules.load_files(paths))


def load_corpus(source: Path, max_bytes: int = MAX_BYTES) -> tuple[list[Document], list[Skipped]]:
    """The texts of a folder (every *.txt under it) or of a JSON Lines file."""
    if is_jsonl(source):
        return load_jsonl(source, max_bytes)
    return load_documents(source, max_bytes)


def build(input_dir: Path, output_dir: Path, *, mentions: bool = False, page: bool = True,
          progress: Progress | None = None, max_bytes: int = MAX_BYTES, workers: int | None = None,
          use_cache: bool = True, cache: Cache | None = None, track: bool = False,
          base: Published | None = None, cluster: str | None = None,
          rules: list[Path] | None = None) -> BuildResult:
    """Build and write the outputs. A caller that builds again passes its `cache` (which
    overrides use_cache), asks to `track` what is written, and gives it back as `base`."""
    install_rules(rules or [])   # before the output folder is touched: a bad rule writes nothing
    check_output(output_dir)
    if cache is None and use_cache:
        cache = Cache(output_dir / CACHE_FOLDER)
    # The collector would walk the new graph again and again while it is made; it runs once after.
    with collector_paused():
        result = build_graph(input_dir, progress, max_bytes=max_bytes, workers=workers or os.cpu_count() or 1,
                             cache=cache, cluster=cluster, rules=rules)
        written = write_outputs(output_dir, result.triples, kb=result.kb if mentions else None,
                                title=page_title(input_dir) if page else None, track=track, base=base)
    result.written += written.paths
    result.published = written.published
    result.stages.update(written.stages)
    result.seconds += written.seconds
    return result


def page_title(source: Path | str) -> str:
    """The page's title: the name of what was built («kg: press-releases»)."""
    path = Path(source)
    return f"kg: {path.name or path}"


@dataclass
class Written:
    """What `write_outputs` wrote, and how long each stage took."""
    paths: list[Path]
    stages: dict[str, float]
    seconds: float
    published: Published | None = None


def write_outputs(output_dir: Path, triples: PlainGraph, *, turtle: bytes | None = None,
                  kb: KnowledgeBase | None = None, title: str | None = None, track: bool = False,
                  base: Published | None = None) -> Written:
    """A build's outputs, the one writer for `kg build`, `--watch` and `Graph.save`: graph.ttl
    (`turtle` as given, else written from the triples) and the store `kg query` reads,
    graph.html when the page has a `title`, mentions.jsonl when `kb` is given."""
    check_output(output_dir)
    clock = _Stopwatch()
    if turtle is None:
        turtle = to_turtle(triples, PREFIXES).encode("utf-8")
        clock.lap("turtle")
    # graph.ttl and the store for `kg query`, in a thread: Oxigraph loads without holding the
    # GIL, so the page is drawn meanwhile (the two stage times overlap). The page is written
    # only once the store stands.
    with ThreadPoolExecutor(max_workers=1) as executor:
        stored = executor.submit(_timed, _store, output_dir / "graph.ttl", turtle, triples, track, base)
        drawn = _timed(_page, triples, title) if title is not None else None
        (paths, published), storing = stored.result()
    clock.record("store", storing)
    if drawn:
        html, drawing = drawn
        path, writing = _timed(write_atomic, output_dir / "graph.html", html)
        paths.append(path)
        clock.record("page", drawing + writing)
    if kb is not None:
        paths.append(write_atomic(output_dir / "mentions.jsonl", mentions_jsonl(kb)))
        clock.lap("mentions")
    return Written(paths, clock.laps, clock.total(), published)


def _store(graph_path: Path, turtle: bytes, triples: PlainGraph, track: bool,
           base: Published | None) -> tuple[list[Path], Published | None]:
    change = Change(base.store, *triples.changes_since(base.triples)) if base else None
    written = save_store(graph_path, turtle, change)  # [graph.ttl, store folder]
    return written, Published(triples, written[1]) if track else None


def _page(triples: PlainGraph, title: str) -> str:
    from kg.page.render import render_page
    return render_page(triples, title=title)


def _timed(function: Callable, *args) -> tuple:
    started = time.perf_counter()
    return function(*args), time.perf_counter() - started


class _Stopwatch:
    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] = now - self.last
        self.last = now

    def record(self, stage: str, seconds: float) -> None:
        """A stage timed apart (stages run side by side); the next lap starts now."""
        self.laps[stage] = seconds
        self.last = time.perf_counter()

    def total(self) -> float:
        return time.perf_counter() - self.started


def mentions_jsonl(kb: KnowledgeBase) -> str:
    from kg.graph.vocab import RES
    lines = []
    for mention, entity_id in sorted(kb.mentions, key=lambda pair: (pair[0].doc_id, pair[0].start, pair[0].stop)):
        lines.append(json.dumps({
            "file": mention.doc_id, "start": mention.start, "end": mention.stop, "type": mention.type,
            "text": mention.text, "normal": mention.normal, "kind": mention.kind, "entity": str(RES[entity_id]),
            "entity_type": kb.entities[entity_id].type,
        }, ensure_ascii=False))
    return "\n".join(lines) + ("\n" if lines else "")


def check_output(output_dir: Path) -> None:
    """The output folder, made if missing; a clear error when it cannot be written."""
    if output_dir.exists() and not output_dir.is_dir():
        raise KgError(f"output path is not a folder: {output_dir}")
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise KgError(f"cannot create output folder {output_dir}: {error.strerror}") from error
    if not os.access(output_dir, os.W_OK | os.X_OK):
        raise KgError(f"output folder is not writable: {output_dir}")
    remove_stale_temporaries(output_dir)


def _skipped_note(skipped: list[Skipped]) -> str:
    if not skipped:
        return ""
    return " (skipped: " + "; ".join(f"{s.path}: {s.reason}" for s in skipped[:5]) + ")"


def terminal_progress(stream=sys.stderr) -> Progress | None:
    """A one-line progress display on a terminal; nothing when output is piped."""
    if not stream.isatty():
        return None
    started = time.perf_counter()

    def show(done: int, total: int, name: str) -> None:
        rate = done / max(time.perf_counter() - started, 1e-9)
        eta = (total - done) / rate if rate else 0
        stream.write(f"\r[{done}/{total}] {rate:5.1f} texts/s  ETA {eta:4.0f}s  {name[:40]:<40}")
        if done == total:
            stream.write("\n")
        stream.flush()
    return show
