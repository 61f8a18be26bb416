"""Shared fixtures: natasha's models load once per session; the seeds graph is built once."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.document import extract_document
from kg.extract.nlp import Models
from kg.pipeline.build import build_graph
from kg.records import Document
from kg.resolve.entities import resolve

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FACTRUEVAL = ROOT.parent / "shared" / "factrueval-dev"


def pytest_addoption(parser):
    parser.addoption("--corpus", action="store_true", default=False,
                     help="also run the slow tests over ../shared/factrueval-dev")


@pytest.fixture(scope="session")
def models() -> Models:
    return Models()


@pytest.fixture(scope="session")
def read(models):
    """Read texts (name -> text) into a resolved knowledge base."""
    def run(texts: dict[str, str] | str):
        if isinstance(texts, str):
            texts = {"text.txt": texts}
        return resolve([extract_document(Document(name, text), models) for name, text in texts.items()])
    return run


@pytest.fixture(scope="session")
def seeds_build(models):
    return build_graph(SEEDS, models=models)


@pytest.fixture(scope="session")
def seeds_graph(seeds_build):
    return seeds_build.graph


@pytest.fixture(scope="session")
def dev_set_build(models):
    """The factRuEval dev set built once in memory for the analysis and page tests; skipped without it."""
    if not FACTRUEVAL.is_dir():
        pytest.skip("needs ../shared/factrueval-dev")
    return build_graph(FACTRUEVAL, models=models)
