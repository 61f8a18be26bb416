"""`kg build --cluster`: extraction on a real Dask cluster started as its CLI starts one (a
scheduler and two worker processes on 127.0.0.1) gives the graph a local build gives (the
session's build of the dev set), byte for byte, and still does when a worker is killed mid-build."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.errors import KgError
from kg.pipeline.build import build

from conftest import FACTRUEVAL, SEEDS, run_kg

distributed = pytest.importorskip("distributed", reason="the cluster extra (pip install 'kg[cluster]') is absent")
needs_dev_set = pytest.mark.skipif(not FACTRUEVAL.is_dir(), reason=f"{FACTRUEVAL} is absent")

DASK = Path(sys.executable).parent / "dask"
START_SECONDS = 180  # the scheduler up and both workers joined, their models loaded, on a busy 2-core machine


def kg(*args):
    return run_kg(*args, timeout=900)


class Cluster:
    """A scheduler and worker processes, each in its own process group so that killing one
    takes its nanny and its worker together."""

    def __init__(self, folder: Path):
        self.folder, self.processes = folder, []

    def start(self, workers: int) -> str:
        address_file = self.folder / "scheduler.json"
        self._spawn("scheduler", [DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                  "--scheduler-file", address_file])
        deadline = time.monotonic() + START_SECONDS
        while not address_file.exists() or not address_file.read_text():
            self._check(deadline)
            time.sleep(0.2)
        self.address = json.loads(address_file.read_text())["address"]
        for number in range(workers):
            self._spawn(f"worker-{number}", [DASK, "worker", self.address, "--host", "127.0.0.1", "--nworkers", "1",
                                             "--nthreads", "1", "--no-dashboard", "--name", f"worker-{number}"])
        with distributed.Client(self.address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=START_SECONDS)
        return self.address

    def worker_count(self) -> int:
        with distributed.Client(self.address, timeout=60) as client:
            return len(client.scheduler_info(n_workers=-1)["workers"])

    def processing(self, name: str) -> list[str]:
        """The tasks the scheduler has given the worker of that name, running or waiting."""
        with distributed.Client(self.address, timeout=60) as client:
            workers = client.scheduler_info(n_workers=-1)["workers"]
            names = {address: str(info["name"]) for address, info in workers.items()}
            return [key for address, keys in client.processing().items() if names[address].startswith(name)
                    for key in keys]

    def kill(self, name: str) -> None:
        process = dict(self.processes)[name]
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)

    def stop(self) -> None:
        for _, process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for _, process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=30)

    def _spawn(self, name: str, command: list) -> None:
        log = (self.folder / f"{name}.log").open("wb")
        self.processes.append((name, subprocess.Popen([str(part) for part in command], stdout=log,
                                                      stderr=subprocess.STDOUT, start_new_session=True)))

    def _check(self, deadline: float) -> None:
        if time.monotonic() > deadline or any(p.poll() is not None for _, p in self.processes):
            logs = "\n".join(p.read_text(errors="replace")[-2000:] for p in self.folder.glob("*.log"))
            raise RuntimeError(f"the Dask cluster did not start:\n{logs}")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    running = Cluster(tmp_path_factory.mktemp("dask"))
    try:
        running.start(workers=2)
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def texts() -> int:
    from kg.pipeline.build import load_corpus
    return len(load_corpus(FACTRUEVAL)[0])


@pytest.fixture(scope="module")
def local_turtle(dev_set_out) -> bytes:
    """graph.ttl of the session's dev set build: local, two worker processes, no cache."""
    return (dev_set_out / "graph.ttl").read_bytes()


@pytest.mark.slow
@needs_dev_set
def test_the_dev_set_built_on_the_cluster_is_the_local_graph_byte_for_byte(cluster, local_turtle, texts, tmp_path):
    result = kg("build", FACTRUEVAL, "-o", tmp_path, "--no-page", "--cluster", cluster.address)
    assert result.returncode == 0, result.stderr
    assert f"{texts} documents" in result.stdout
    assert (tmp_path / "graph.ttl").read_bytes() == local_turtle
    # every extraction came back into the cache, as a local build keeps it
    assert len(list((tmp_path / ".kg-cache").glob("*.pickle"))) == texts


@pytest.mark.slow
@needs_dev_set
def test_a_worker_killed_mid_build_has_its_texts_read_again_and_the_graph_is_the_same(cluster, local_turtle, texts,
                                                                                      tmp_path):
    # Last in this module: it leaves the cluster one worker.
    seen, lost = [], []

    def progress(done: int, total: int, name: str) -> None:
        seen.append((done, total))
        if done >= 16 and not lost:
            lost.append(cluster.processing("worker-1"))
            cluster.kill("worker-1")  # its nanny and its worker, with SIGKILL

    build(FACTRUEVAL, tmp_path, page=False, use_cache=False, cluster=cluster.address, progress=progress)
    assert lost and any(key.startswith("kg-extract-") for key in lost[0])  # it died with batches to read
    assert cluster.worker_count() == 1
    assert [done for done, _ in seen] == list(range(1, texts + 1)) and {total for _, total in seen} == {texts}
    assert (tmp_path / "graph.ttl").read_bytes() == local_turtle


@pytest.mark.slow
@needs_dev_set
def test_a_scheduler_lost_mid_build_is_a_one_line_error_and_nothing_is_written(cluster, tmp_path):
    # After the worker-loss test: this one ends the cluster.
    def progress(done: int, total: int, name: str) -> None:
        if done >= 16 and cluster.processes[0][1].poll() is None:
            cluster.kill("scheduler")

    stopped = f"the Dask cluster at {cluster.address} stopped the build .*scheduler-connection-lost"
    with pytest.raises(KgError, match=stopped):
        build(FACTRUEVAL, tmp_path, page=False, use_cache=False, cluster=cluster.address, progress=progress)
    assert not any(tmp_path.glob("graph.*")) and not any(tmp_path.glob("store*"))


@pytest.mark.slow
def test_a_local_cluster_builds_the_seeds_graph(tmp_path, seeds_build):
    from kg.graph.turtle import to_turtle
    from kg.graph.vocab import PREFIXES
    result = kg("build", SEEDS, "-o", tmp_path, "--no-page", "--no-cache", "--cluster", "local:2")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "graph.ttl").read_text(encoding="utf-8") == to_turtle(seeds_build.triples, PREFIXES)


@pytest.mark.slow
def test_an_unreachable_scheduler_is_a_clear_error_and_writes_nothing(tmp_path, monkeypatch):
    from kg.pipeline import cluster
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 2)
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(KgError, match=f"cannot reach the Dask scheduler at 127.0.0.1:{port}"):
        build(SEEDS, tmp_path, use_cache=False, cluster=f"127.0.0.1:{port}")
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("address", ["local:0", "local:many"])
def test_a_local_cluster_needs_a_number_of_workers(tmp_path, address):
    with pytest.raises(KgError, match="local:N needs a number of workers"):
        build(SEEDS, tmp_path, use_cache=False, cluster=address)
