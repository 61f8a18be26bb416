"""The files kg ships beside its code: the ontology and its shapes, and the saved queries.

In a checkout they stand at the top of the repository (`ontology/`, `queries/`), where a
reader looks for them; a wheel carries them inside the package (pyproject.toml maps the
two folders to `kg/ontology` and `kg/queries`).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def shipped(name: str) -> Path:
    inside = PACKAGE / name
    return inside if inside.is_dir() else PACKAGE.parent / name


ONTOLOGY = shipped("ontology")
QUERIES = shipped("queries")
