"""Shared fixtures: natasha's models load once per session; the seeds graph and the dev set
are built once a session; `kg` runs in this process (`call_kg`) or in its own (`run_kg`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from kg.cli import main
from kg.records import Document

if TYPE_CHECKING:  # the rest of kg is imported once numpy may load (pytest_configure)
    from kg.nlp.parse import Models
    from kg.pipeline.build import BuildResult

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
KG = [sys.executable, "-m", "kg.cli"]
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")  # kg.pipeline.corpus's


def run_kg(*args, cwd=None, env=None, timeout=600) -> subprocess.CompletedProcess:
    """`kg` as a user runs it: its own process, from the checkout (or `cwd`), output captured.
    A process loads natasha's models afresh: tests that need one are marked slow."""
    return subprocess.run(KG + [str(a) for a in args], capture_output=True, text=True, cwd=cwd or ROOT,
                          env={**os.environ, **(env or {})}, timeout=timeout, check=False)  # tests read the exit code


def call_kg(*args, cwd=None, env=None) -> subprocess.CompletedProcess:
    """`kg` run in this process, as its script runs it (kg.cli.main: messages, exit codes), from
    the checkout (or `cwd`), output captured: what run_kg gives, with the session's models.
    Not for what installs rule files for its process (`kg rules FILE`, `kg build --rules`)."""
    argv = ["kg", *map(str, args)]
    with CliRunner().isolation(env=env) as (stdout, stderr, _), pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd or ROOT)
        patch.setattr(sys, "argv", argv)
        # click names the program `python -m PACKAGE` when __main__ is a package's (pytest's); the script's is not
        patch.setattr(sys.modules["__main__"], "__package__", None, raising=False)
        try:
            main()
            code = 0
        except SystemExit as stopped:
            code = stopped.code if isinstance(stopped.code, int) else int(stopped.code is not None)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
        return subprocess.CompletedProcess(argv, code, stdout.getvalue().decode(), stderr.getvalue().decode())


FACTRUEVAL = ROOT.parent / "shared" / "factrueval-dev"


def pytest_addoption(parser):
    parser.addoption("--corpus", action="store_true", default=False,
                     help="also run the slow tests over ../shared/factrueval-dev")


def pytest_configure(config):
    """One BLAS thread in this process, as kg's worker processes have: on a test's few sentences
    OpenBLAS's second thread only waits for work (the golden tests took twice the CPU with it on
    this 2-core machine), and no tag depends on it (kg/nlp/runtime.py). OpenBLAS reads the
    setting once, as numpy loads, here before any test module imports kg; the environment is
    then the user's again, for the processes tests start."""
    saved = {name: os.environ.get(name) for name in BLAS_THREADS}
    os.environ.update(dict.fromkeys(BLAS_THREADS, "1"))
    import numpy  # noqa: F401
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    # terminal_progress takes the sys.stderr of the moment kg.pipeline.build is imported for its
    # default: this one, not the stream of a call_kg, which is closed after the call
    import kg.pipeline.build  # noqa: F401


def pytest_collection_modifyitems(config, items):
    """The fast loop (`-m "not slow"`) stays fast: what builds the dev set or drives a browser is slow."""
    for item in items:
        heavy = {"dev_set_build", "dev_set_out"} & set(getattr(item, "fixturenames", ()))
        if (heavy or item.get_closest_marker("browser")) and not item.get_closest_marker("slow"):
            raise pytest.UsageError(f"{item.nodeid} needs the dev set or a browser: mark it slow")


@pytest.fixture(scope="session")
def plain_graph(tmp_path_factory) -> Path:
    """3,000 triples of one shape, for probing the query walls: small to load, large enough
    for a cartesian product to need gigabytes."""
    path = tmp_path_factory.mktemp("plain") / "graph.ttl"
    path.write_text("".join(f'<http://example.org/s{i}> <http://example.org/p{i % 7}> "value {i}" .\n'
                            for i in range(3000)), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def models() -> Models:
    """default_models(), which kg.build and `kg` run in this process (call_kg) use: loaded once."""
    from kg.nlp.parse import default_models
    return default_models()


@pytest.fixture(scope="session")
def read(models):
    """Read texts (name -> text) into a resolved knowledge base."""
    from kg.extract.document import extract_document
    from kg.resolve.entities import resolve

    def run(texts: dict[str, str] | str):
        if isinstance(texts, str):
            texts = {"text.txt": texts}
        return resolve([extract_document(Document(name, text), models) for name, text in texts.items()])
    return run


@pytest.fixture(scope="session")
def seeds_build(models):
    from kg.pipeline.build import build_graph
    return build_graph(SEEDS, models=models)


@pytest.fixture(scope="session")
def seeds_graph(seeds_build):
    return seeds_build.graph


@pytest.fixture(scope="session")
def dev_set_build(tmp_path_factory) -> BuildResult:
    """The factRuEval dev set, extracted once a session for every test that reads it, and written
    as `kg build --mentions --no-page --no-cache` writes it (into dev_set_out; read it, never
    write there); two worker processes, as `kg build` on two cores. Skipped without the dev set."""
    from kg.pipeline.build import build
    if not FACTRUEVAL.is_dir():
        pytest.skip("needs ../shared/factrueval-dev")
    out = tmp_path_factory.mktemp("dev-set")
    return build(FACTRUEVAL, out, mentions=True, page=False, use_cache=False, workers=min(2, os.cpu_count() or 1))


@pytest.fixture(scope="session")
def dev_set_out(dev_set_build) -> Path:
    """The folder of dev_set_build: graph.ttl, its store and mentions.jsonl."""
    return dev_set_build.written[0].parent  # written[0] is graph.ttl
