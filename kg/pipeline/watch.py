"""`kg build --watch`: build, then build again whenever the texts change.

One process stays up: natasha's models stay loaded and every text's extraction stays in
memory, so a rebuild after a text changed extracts that text only, then runs the steps that
span the corpus (resolution, RDF, Turtle, store, page); the store is the last one copied
with the triples that changed. The folder is polled: a change is a *.txt file added,
removed, or with another size or modification time.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from kg.errors import KgError
from kg.inputs.cache import CACHE_FOLDER, Cache
from kg.inputs.jsonl import is_jsonl
from kg.inputs.load import find_texts
from kg.nlp.parse import default_models

from .build import BuildResult, Published, build

POLL_SECONDS = 0.5
Fingerprint = dict[str, tuple[int, int]]


@dataclass(frozen=True)
class Rebuild:
    added: int
    changed: int
    removed: int
    result: BuildResult | None = None
    error: str | None = None  # why the build failed; the previous outputs stay

    def change(self) -> str:
        parts = [f"{n} {what}" for n, what in ((self.added, "added"), (self.changed, "changed"),
                                               (self.removed, "removed")) if n]
        return ", ".join(parts) or "touched"


def fingerprint(folder: Path) -> Fingerprint:
    """Size and modification time of every text (or of the JSON Lines file); empty when it is gone."""
    try:
        paths = [folder] if is_jsonl(folder) else find_texts(folder)
    except KgError:
        return {}
    seen = {}
    for path in paths:
        try:
            stat = path.stat()
        except OSError:  # removed between listing and looking
            continue
        seen[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return seen


class Watcher:
    """Builds `input_dir` into `output_dir`; `poll()` builds again when the texts changed.

    Options are `kg.pipeline.build.build`'s. Extractions are kept in memory (and on disk unless
    use_cache=False, which also makes the first build start afresh); a build that will not be
    repeated is `build` itself, which keeps them only on disk: they are every token of every text."""

    def __init__(self, input_dir: Path, output_dir: Path, use_cache: bool = True, **options):
        self.input_dir, self.output_dir, self.options = input_dir, output_dir, options
        self.cache = Cache(output_dir / CACHE_FOLDER, memory={}, disk=use_cache)
        self.seen: Fingerprint = {}
        self.published: Published | None = None  # the last build's triples and store

    def build(self) -> BuildResult:
        self.seen = fingerprint(self.input_dir)  # before reading: a change while building shows next poll
        # build() pauses the collector; it runs once after, while the watcher waits (see watch)
        result = build(self.input_dir, self.output_dir, cache=self.cache, track=True, base=self.published,
                       **self.options)
        self.published = result.published
        return result

    def ready(self) -> None:
        """Load the models now (a rebuild usually has a text or two to read, here), and set
        aside what exists: the collector need not walk the models and extractions again."""
        default_models().load()
        gc.collect()
        gc.freeze()

    def poll(self) -> Rebuild | None:
        """Build again if the texts changed since the last build."""
        before, now = self.seen, fingerprint(self.input_dir)
        if now == before:
            return None
        change = Rebuild(added=len(now.keys() - before.keys()), removed=len(before.keys() - now.keys()),
                         changed=sum(1 for path in before.keys() & now.keys() if before[path] != now[path]))
        try:
            return replace(change, result=self.build())
        except KgError as error:
            return replace(change, error=str(error))


def watch(watcher: Watcher, report: Callable[[Rebuild], None], poll_seconds: float = POLL_SECONDS,
          stop: Callable[[], bool] = lambda: False) -> None:
    """Poll until stop(), or until Ctrl-C for the caller to catch."""
    watcher.ready()
    while not stop():
        time.sleep(poll_seconds)
        rebuild = watcher.poll()
        if rebuild:
            report(rebuild)
            gc.collect()  # the last graph's cycles, if any, while nothing else waits
