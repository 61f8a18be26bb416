"""The per-document stages over a corpus: a cache keyed by content, and worker processes.

A text's extraction depends only on the text, its name and the code that reads it, so it
is cached under a hash of the three; resolution and output always run over every text.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Callable, Iterable

from .nlp import Models, default_models, parse, parse_many
from .records import Document, Extraction
from .relations import extract

# The modules whose code decides what is extracted from one text.
EXTRACTION_MODULES = ("load", "nlp", "convolution", "names", "spans", "ner_rules", "org_rules", "discourse", "titles",
                      "dates", "events", "positions", "relations", "tree", "triggers", "records", "corpus")
CACHE_FOLDER = ".kg-cache"
CHUNK = 16
# Fewer texts are read in this process: each worker would first spend ~1.5 s loading the models.
POOL_FROM = 40
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
Progress = Callable[[int, int, str], None]


@lru_cache(maxsize=1)
def code_version() -> str:
    digest = hashlib.sha1()
    here = Path(__file__).resolve().parent
    for name in EXTRACTION_MODULES:
        digest.update((here / f"{name}.py").read_bytes())
    for package in ("natasha", "slovnet", "razdel", "pymorphy3"):
        digest.update(metadata.version(package).encode())
    return digest.hexdigest()[:16]


@dataclass
class Cache:
    """Extractions on disk, one pickle a text; with `memory`, also kept in this process (a
    process that builds again and again, `kg build --watch`, then reads no pickle twice);
    without `disk`, only there."""
    folder: Path
    memory: dict[str, Extraction] | None = None
    disk: bool = True

    def key(self, document: Document) -> str:
        text = f"{code_version()}\x1f{document.id}\x1f{document.text}"
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def get(self, document: Document) -> Extraction | None:
        key = self.key(document)
        if self.memory is not None and key in self.memory:
            return self.memory[key]
        if not self.disk:
            return None
        try:
            with (self.folder / f"{key}.pickle").open("rb") as handle:
                extraction = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            return None
        self._remember(key, extraction)
        return extraction

    def put(self, document: Document, extraction: Extraction) -> None:
        from .output import write_atomic
        key = self.key(document)
        self._remember(key, extraction)
        if self.disk:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self.folder / f"{key}.pickle", pickle.dumps(extraction, protocol=5))

    def keep_only(self, documents: list[Document]) -> None:
        """Forget the texts that were changed or removed since the last build."""
        wanted = {self.key(d) for d in documents}
        for path in self.folder.glob("*.pickle") if self.disk else ():
            if path.stem not in wanted:
                path.unlink(missing_ok=True)
        if self.memory is not None:
            for key in self.memory.keys() - wanted:
                del self.memory[key]

    def _remember(self, key: str, extraction: Extraction) -> None:
        if self.memory is not None:
            self.memory[key] = extraction


def extract_document(document: Document, models: Models | None = None) -> Extraction:
    return extract(parse(document, models))


def extract_documents(documents: list[Document], models: Models | None = None) -> list[Extraction]:
    return [extract(parsed) for parsed in parse_many(documents, models)]


@contextmanager
def worker_pool(workers: int):
    """Spawned worker processes with one BLAS thread each: every worker owns a core, and BLAS
    threads inside workers would only fight each other (a build ran 3x slower so). The limit is
    in their environment from the start, before anything they import brings in numpy.
    Spawn, not fork: a forked child inherits BLAS thread pools in a state that makes it crawl."""
    saved = {variable: os.environ.get(variable) for variable in BLAS_THREADS}
    os.environ.update(dict.fromkeys(BLAS_THREADS, "1"))
    try:
        pool = multiprocessing.get_context("spawn").Pool(workers)
    finally:
        for variable, value in saved.items():
            if value is None:
                os.environ.pop(variable, None)
            else:
                os.environ[variable] = value
    with pool:
        yield pool


def _work(documents: list[Document]) -> list[Extraction]:
    return extract_documents(documents, default_models())


def extract_corpus(documents: list[Document], *, workers: int = 1, cache: Cache | None = None,
                   progress: Progress | None = None, models: Models | None = None) -> list[Extraction]:
    """Extractions in the order of the documents, whatever the number of workers."""
    results: dict[int, Extraction] = {}
    done = 0
    for index, document in enumerate(documents):
        cached = cache.get(document) if cache else None
        if cached is not None:
            results[index] = cached
            done += 1
            _report(progress, done, len(documents), document.id)
    missing = [i for i in range(len(documents)) if i not in results]
    for index, extraction in zip(missing, _run([documents[i] for i in missing], workers, models)):
        results[index] = extraction
        if cache:
            cache.put(documents[index], extraction)
        done += 1
        _report(progress, done, len(documents), documents[index].id)
    if cache:
        cache.keep_only(documents)
    return [results[i] for i in range(len(documents))]


def _run(documents: list[Document], workers: int, models: Models | None) -> Iterable[Extraction]:
    chunks = _chunks(documents, workers)
    if workers <= 1 or len(documents) < POOL_FROM:
        models = models or default_models()
        return (extraction for chunk in chunks for extraction in extract_documents(chunk, models))
    return _pooled(chunks, workers)


def _chunks(documents: list[Document], workers: int) -> list[list[Document]]:
    """Texts go to the models CHUNK at a time (sentences of many texts batch better), in
    enough chunks that every worker stays busy to the end."""
    size = max(1, min(CHUNK, len(documents) // (4 * workers)))
    return [documents[i:i + size] for i in range(0, len(documents), size)]


def _pooled(chunks: list[list[Document]], workers: int) -> Iterable[Extraction]:
    with worker_pool(workers) as pool:
        for extractions in pool.imap(_work, chunks, chunksize=1):
            yield from extractions


def _report(progress: Progress | None, done: int, total: int, name: str) -> None:
    if progress:
        progress(done, total, name)
