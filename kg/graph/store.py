"""The embedded on-disk store behind `kg query`: Oxigraph (RocksDB) beside graph.ttl.

`kg build` bulk-loads the Turtle it writes into a new folder `store-<hash>` (of the Turtle
and the Oxigraph version), then writes graph.ttl, then names both in `store.json`, then
removes older store folders. `kg build --watch` makes the new folder from the last one
instead: a copy (hard links to its immutable files) with the triples that changed removed
and added.
The store also holds the ontology (ontology/kg.ttl) in the named graph
<https://w3id.org/kgnews/ontology>, which `kg query` reads with the data (`QUERY_GRAPHS`):
class and property hierarchies, labels and comments are one query away, and graph.ttl
and the store's default graph stay the data alone.
A build killed at any moment leaves a pointer that names a whole store, and `kg query`
uses a store only when the pointer says it was built from the graph.ttl being queried;
otherwise it loads the Turtle into memory, which gives the same answers, only slower.

>>> from rdflib import Graph, Literal, RDFS
>>> from kg.graph.vocab import RES
>>> store = from_graph([(RES["person/ivan"], RDFS.label, Literal("Иван", lang="ru"))])
>>> [row["label"] for row in store.query("SELECT ?label WHERE { ?x ?p ?label }")]
[<Literal value=Иван language=ru>]
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Store

from kg.data import ONTOLOGY
from kg.errors import KgError
from kg.output import write_atomic

from .vocab import ONTOLOGY_GRAPH

GRAPH_FILE = "graph.ttl"
POINTER = "store.json"
STORE_PREFIX = "store-"
PARTIAL = ".partial"
# What `kg query` reads as its default graph: the data and the ontology.
QUERY_GRAPHS = [DefaultGraph(), NamedNode(ONTOLOGY_GRAPH)]


@dataclass(frozen=True)
class Change:
    """The graph being saved, as edits to the one a store folder holds (plain triples)."""
    base: Path
    removed: set
    added: set


def save(graph_path: Path, turtle: bytes, change: Change | None = None) -> list[Path]:
    """Write graph.ttl and the store built from it (from `change.base` and its edits when
    given, and that store is still there); a kill at any moment leaves a usable pair."""
    digest = hashlib.sha1(turtle).hexdigest()
    # Another Oxigraph version may store differently: its store gets another name.
    ontology = _ontology()
    version = hashlib.sha1(ontology).hexdigest()
    name = hashlib.sha1(f"{pyoxigraph.__version__}\x1f{digest}\x1f{version}".encode()).hexdigest()[:16]
    folder = _build(graph_path.parent / f"{STORE_PREFIX}{name}", turtle, ontology, change)
    write_atomic(graph_path, turtle)
    _point(graph_path, folder, digest)
    _remove_other_stores(graph_path.parent, keep=folder)
    return [graph_path, folder]


def graph_file(path: Path) -> Path:
    """The graph a path names: a folder `kg build` wrote stands for its graph.ttl.

    >>> graph_file(Path("."))
    PosixPath('graph.ttl')
    """
    return path / GRAPH_FILE if path.is_dir() else path


def is_build_graph(path: Path) -> bool:
    """Whether `path` is the graph.ttl a build wrote (its store.json names it): an export
    must never replace it, or the byte-identical graph and its store part ways."""
    pointer = _read_pointer(path.parent)
    return path.name == GRAPH_FILE or (pointer is not None and pointer.get("graph") == path.name)


def open_store(graph_path: Path, in_memory: bool = False) -> Store:
    """The store built beside `graph_path` when it matches the file, else the file loaded in memory.

    `in_memory` always loads the file: a private copy that SPARQL Update may change, and
    that answers a query about twice as fast (no disk reads), after seconds of loading at a
    million triples (`kg serve --memory`)."""
    graph_path = graph_file(graph_path)
    if not graph_path.is_file():
        raise KgError(f"graph not found: {graph_path} (run `kg build` first)")
    folder = None if in_memory else matching_store(graph_path)
    if folder is not None:
        try:
            return Store.read_only(str(folder))
        except OSError:
            pass  # removed by a build running now, or written by another version: read the Turtle
    return _load(graph_path)


def matching_store(graph_path: Path) -> Path | None:
    """The store folder `store.json` names for this very graph file, if any."""
    pointer = _read_pointer(graph_path.parent)
    if pointer is None or pointer.get("graph") != graph_path.name:
        return None
    folder = graph_path.parent / str(pointer.get("store"))
    if not folder.is_dir() or not _same_file(graph_path, pointer):
        return None
    return folder


def from_graph(triples: Iterable[tuple]) -> Store:
    """An in-memory store holding rdflib triples (an rdflib Graph is such an iterable)."""
    from .turtle import to_turtle
    from .vocab import PREFIXES
    store = Store()
    store.load(to_turtle(triples, PREFIXES).encode("utf-8"), format=RdfFormat.TURTLE)
    add_ontology(store)
    return store


def add_ontology(store: Store) -> None:
    store.load(_ontology(), format=RdfFormat.TURTLE, to_graph=NamedNode(ONTOLOGY_GRAPH))


def _ontology() -> bytes:
    return (ONTOLOGY / "kg.ttl").read_bytes()


# ---------------------------------------------------------------- building

def _build(folder: Path, turtle: bytes, ontology: bytes, change: Change | None = None) -> Path:
    """Fill `<folder>.partial`, then rename: a folder named store-* is always whole."""
    if folder.is_dir():
        return folder  # the same Turtle was loaded by an earlier build
    partial = folder.with_name(folder.name + PARTIAL)
    shutil.rmtree(partial, ignore_errors=True)
    try:
        if change is None or not _derive(partial, change):
            store = Store(str(partial))
            store.bulk_load(turtle, format=RdfFormat.TURTLE)
            store.bulk_load(ontology, format=RdfFormat.TURTLE, to_graph=NamedNode(ONTOLOGY_GRAPH))
            store.flush()
            store.optimize()
            del store  # closes RocksDB before the rename
        os.replace(partial, folder)
    except OSError as error:
        shutil.rmtree(partial, ignore_errors=True)
        raise KgError(f"cannot write the store {folder}: {error}") from error
    return folder


def _derive(partial: Path, change: Change) -> bool:
    """The base store copied into `partial` and edited; False (and nothing left) when the
    base cannot be read, say removed by another build meanwhile."""
    try:
        base = Store.read_only(str(change.base))
        base.backup(str(partial))
        del base
        store = Store(str(partial))
        for triple in change.removed:
            store.remove(_quad(triple))
        store.extend(_quad(triple) for triple in change.added)
        store.flush()
        del store
    except (OSError, ValueError):  # ValueError: a term Oxigraph refuses; the Turtle is loaded instead
        shutil.rmtree(partial, ignore_errors=True)
        return False
    return True


def _quad(triple: tuple) -> Quad:
    """A plain triple (IRIs as str, literals as kg.graph.plain.Lit) as Oxigraph's."""
    subject, predicate, obj = triple
    value: NamedNode | Literal
    if isinstance(obj, str):
        value = NamedNode(obj)
    elif obj.language:
        value = Literal(obj.value, language=obj.language)
    else:
        value = Literal(obj.value, datatype=NamedNode(obj.datatype) if obj.datatype else None)
    return Quad(NamedNode(subject), NamedNode(predicate), value)


def _point(graph_path: Path, folder: Path, digest: str) -> None:
    stat = graph_path.stat()
    pointer = {"graph": graph_path.name, "store": folder.name, "sha1": digest, "size": stat.st_size,
               "mtime_ns": stat.st_mtime_ns}
    write_atomic(graph_path.parent / POINTER, json.dumps(pointer, indent=1) + "\n")


def _remove_other_stores(output_dir: Path, keep: Path) -> None:
    for folder in output_dir.glob(f"{STORE_PREFIX}*"):
        if folder.is_dir() and folder.name != keep.name:
            shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------- opening

def _read_pointer(output_dir: Path) -> dict | None:
    try:
        pointer = json.loads((output_dir / POINTER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return pointer if isinstance(pointer, dict) else None


def _same_file(graph_path: Path, pointer: dict) -> bool:
    """Size and time as written; when only the time differs (a copy), the content hash decides."""
    stat = graph_path.stat()
    if stat.st_size != pointer.get("size"):
        return False
    if stat.st_mtime_ns == pointer.get("mtime_ns"):
        return True
    return _sha1(graph_path) == pointer.get("sha1")


def _sha1(path: Path) -> str:
    digest = hashlib.sha1()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _load(graph_path: Path) -> Store:
    store = Store()
    try:
        store.load(path=str(graph_path), format=RdfFormat.TURTLE, base_iri=graph_path.resolve().as_uri())
        add_ontology(store)
    except (SyntaxError, ValueError, OSError) as error:
        message = " ".join(str(error).split())
        raise KgError(f"cannot read graph {graph_path}: {message}") from error
    return store
