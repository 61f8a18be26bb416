"""Extraction on a Dask distributed cluster (`kg build --cluster ADDRESS`, or `local:N` for a
cluster of N worker processes on this machine); needs the `cluster` extra.

Texts go to the workers in batches; every worker loads natasha's models once, when it joins
(a worker plugin), and extractions come back batch by batch, in the order they are done, to be
cached and resolved here. A few batches a worker are in flight at a time, so neither the
scheduler nor this process holds the whole corpus twice. A worker lost mid-build is the
engine's to handle: the scheduler gives its batches to the workers left (a batch whose worker
dies three times fails the build).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from kg import rules
from kg.errors import KgError
from kg.extract.document import extract_documents
from kg.inputs.cache import code_version
from kg.nlp.parse import default_models
from kg.records import Document, Extraction

try:
    import distributed
except ImportError:  # the default install stays light; extract_on_cluster says what to install
    DISTRIBUTED = False
else:
    DISTRIBUTED = True

    class LoadModels(distributed.WorkerPlugin):
        """natasha's models, loaded once on every worker, present and to come, before any batch."""
        name = "kg-models"

        def setup(self, worker: distributed.Worker) -> None:
            default_models().load()


LOCAL = "local:"
BATCH = 16             # texts a task: sentences of many texts batch better in the taggers
IN_FLIGHT = 4          # batches a worker, queued or running
CONNECT_SECONDS = 20
WORKERS_SECONDS = 120  # for a first worker to join


def extract_batch(documents: list[Document], extra_rules: tuple = ()) -> tuple[str, list[Extraction]]:
    """A batch read on a worker under the build's rules, with the version of the code that read it."""
    rules.ensure(list(extra_rules))
    return code_version(), extract_documents(documents, default_models())


def extract_on_cluster(documents: list[Document], address: str) -> Iterator[tuple[int, Extraction]]:
    """(position in documents, extraction) pairs as the cluster finishes them."""
    if not DISTRIBUTED:
        raise KgError("--cluster needs Dask distributed: pip install 'kg[cluster]'")
    with _quiet(), _client(address) as client:
        try:
            workers = _wait_for_workers(client, address)
            client.register_plugin(LoadModels(), name=LoadModels.name)
            yield from _stream(client, documents, max(2, IN_FLIGHT * workers))
        except distributed.KilledWorker as error:
            raise KgError(f"a batch of texts killed its worker each time it ran: {error}") from None
        except distributed.client.FutureCancelledError as error:
            reason = str(error).splitlines()[0].rstrip(".")
            raise KgError(f"the Dask cluster at {address} stopped the build ({reason})") from None
        except OSError as error:  # CommClosedError is one
            raise KgError(f"lost the Dask scheduler at {address}: {error}") from None


def _stream(client, documents: list[Document], limit: int) -> Iterator[tuple[int, Extraction]]:
    build = uuid.uuid4().hex[:12]
    extra = tuple(rules.extra_files())
    starts = iter(range(0, len(documents), BATCH))
    running = distributed.as_completed(loop=client.loop, with_results=True)

    def submit() -> bool:
        start = next(starts, None)
        if start is not None:
            running.add(client.submit(extract_batch, documents[start:start + BATCH], extra,
                                      key=f"kg-extract-{build}-{start}", pure=False))
        return start is not None

    for _ in range(limit):
        submit()
    for future, result in running:
        start = int(future.key.rsplit("-", 1)[1])
        if isinstance(result, BaseException):  # a future cancelled when the scheduler was lost
            raise result
        version, extractions = result
        if version != code_version():
            raise KgError(f"a worker runs other kg extraction code ({version}, here {code_version()}): "
                          "install the same kg on every worker")
        submit()
        future.release()
        for offset, extraction in enumerate(extractions):
            yield start + offset, extraction


@contextmanager
def _quiet():
    """The client's own log (a traceback when the scheduler goes away) is said once, as the
    build's one-line error."""
    logger = logging.getLogger("distributed.client")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


@contextmanager
def _client(address: str):
    if address.startswith(LOCAL):
        with _local_cluster(address) as cluster, distributed.Client(cluster) as client:
            yield client
        return
    try:
        client = distributed.Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise KgError(f"cannot reach the Dask scheduler at {address}: {error}") from None
    with client:
        yield client


@contextmanager
def _local_cluster(address: str):
    count = address[len(LOCAL):]
    if not count.isdigit() or int(count) < 1:
        raise KgError(f"--cluster {address}: local:N needs a number of workers, such as local:4")
    # One thread a worker: the models are read by one task at a time, a worker a core.
    with distributed.LocalCluster(n_workers=int(count), threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=logging.ERROR) as cluster:
        yield cluster


def _wait_for_workers(client, address: str) -> int:
    try:
        client.wait_for_workers(1, timeout=WORKERS_SECONDS)
    except TimeoutError:
        raise KgError(f"no worker joined the Dask scheduler at {address} in {WORKERS_SECONDS} s") from None
    return len(client.scheduler_info(n_workers=-1)["workers"])
