"""The extraction over a corpus: cached texts taken from the cache, the rest read in
batches, in worker processes when there are enough of them."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

from kg import rules
from kg.errors import KgError
from kg.extract.document import extract_documents
from kg.inputs.cache import Cache
from kg.nlp.parse import Models, default_models
from kg.records import Document, Extraction
from kg.sparql.sandbox import die_with_parent

CHUNK = 16
# Fewer texts are read in this process: each worker would first spend ~1.5 s loading the models.
POOL_FROM = 40
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
Progress = Callable[[int, int, str], None]


@contextmanager
def worker_pool(workers: int):
    """Spawned worker processes with one BLAS thread each: every worker owns a core, and BLAS
    threads inside workers would only fight each other (a build ran 3x slower so). The limit is
    in their environment from the start, before anything they import brings in numpy: workers
    start as tasks come, so it stays in this process's environment while the pool lives (this
    process read its own BLAS settings long before). Spawn, not fork: a forked child inherits
    BLAS thread pools in a state that makes it crawl."""
    saved = {variable: os.environ.get(variable) for variable in BLAS_THREADS}
    os.environ.update(dict.fromkeys(BLAS_THREADS, "1"))
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
            yield pool
    finally:
        for variable, value in saved.items():
            if value is None:
                os.environ.pop(variable, None)
            else:
                os.environ[variable] = value


def _work(documents: list[Document], extra_rules: tuple = ()) -> list[Extraction]:
    """A worker's batch, read under the rules the build installed (a spawned worker starts
    with the packaged ones)."""
    rules.ensure(list(extra_rules))
    return extract_documents(documents, default_models())


def extract_corpus(documents: list[Document], *, workers: int = 1, cache: Cache | None = None,
                   progress: Progress | None = None, models: Models | None = None,
                   cluster: str | None = None) -> list[Extraction]:
    """Extractions in the order of the documents, whatever the number of workers, here or on
    a cluster (kg/pipeline/cluster.py), which returns them in the order they are done."""
    results: dict[int, Extraction] = {}
    done = 0
    for index, document in enumerate(documents):
        cached = cache.get(document) if cache else None
        if cached is not None:
            results[index] = cached
            done += 1
            _report(progress, done, len(documents), document.id)
    missing = [i for i in range(len(documents)) if i not in results]
    for position, extraction in _run([documents[i] for i in missing], workers, models, cluster):
        index = missing[position]
        results[index] = extraction
        if cache:
            cache.put(documents[index], extraction)
        done += 1
        _report(progress, done, len(documents), documents[index].id)
    if cache:
        cache.keep_only(documents)
    return [results[i] for i in range(len(documents))]


def _run(documents: list[Document], workers: int, models: Models | None,
         cluster: str | None) -> Iterable[tuple[int, Extraction]]:
    """(position in documents, its extraction) pairs."""
    if not documents:
        return ()
    if cluster:
        from .cluster import extract_on_cluster  # needs the `cluster` extra (Dask distributed)
        return extract_on_cluster(documents, cluster)
    chunks = _chunks(documents, workers)
    if workers <= 1 or len(documents) < POOL_FROM:
        models = models or default_models()
        return enumerate(extraction for chunk in chunks for extraction in extract_documents(chunk, models))
    return enumerate(_pooled(chunks, workers))


def _chunks(documents: list[Document], workers: int) -> list[list[Document]]:
    """Texts go to the models CHUNK at a time (sentences of many texts batch better), in
    enough chunks that every worker stays busy to the end."""
    size = max(1, min(CHUNK, len(documents) // (4 * workers)))
    return [documents[i:i + size] for i in range(0, len(documents), size)]


def _pooled(chunks: list[list[Document]], workers: int, work=_work) -> Iterable[Extraction]:
    """A worker that dies (killed, out of memory) stops the build with a message: a pool that
    silently replaced it would wait for its texts for ever. A build stopped (Ctrl-C, SIGTERM)
    stops its workers at once, not after their texts; one killed outright takes them with it
    (`die_with_parent`)."""
    extra = tuple(rules.extra_files())
    with worker_pool(workers) as pool:
        try:
            for extractions in pool.map(work, chunks, [extra] * len(chunks), chunksize=1):
                yield from extractions
        except BrokenProcessPool:
            raise KgError("a worker process stopped while extracting texts (killed, or out of memory?); "
                          "nothing was written") from None
        except BaseException:
            _stop(pool)
            raise


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel what waits and kill what runs (the executor keeps its processes in _processes)."""
    pool.shutdown(wait=False, cancel_futures=True)
    processes = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        process.kill()


def _report(progress: Progress | None, done: int, total: int, name: str) -> None:
    if progress:
        progress(done, total, name)
