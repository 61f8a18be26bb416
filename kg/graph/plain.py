"""The graph as plain terms, cheap at a million triples: an IRI is a `str`, a literal a `Lit`.

`kg build` writes graph.ttl and draws the page from a `PlainGraph`, and a rebuild finds what
changed with `PlainGraph.changes_since`; rdflib terms are made only where rdflib is wanted.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import NamedTuple, cast

from rdflib import Graph, Literal, URIRef

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"  # a plain literal's datatype, left out


class Lit(NamedTuple):
    """A literal as plain data; like an rdflib Literal, str() gives its text."""
    value: str
    language: str | None = None
    datatype: str | None = None

    def __str__(self) -> str:
        return self.value


Term = str | Lit  # an IRI or a literal; blank nodes only come from rdflib graphs, as BNodes
Triple = tuple[str, str, Term]


def plain(term) -> Term:
    """An rdflib term as a plain one; a blank node stays rdflib's BNode (never a str)."""
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, Literal):
        return Lit(str(term), term.language, term.datatype and str(term.datatype))
    return term


class PlainGraph:
    """Plain triples, each kept once, grouped by subject and predicate (what Turtle writes),
    with the look-ups of an rdflib Graph that the page makes.

    >>> graph = PlainGraph([("s", "p", Lit("o")), ("s", "p", "x"), ("s", "p", Lit("o"))])
    >>> len(graph), graph.value("s", "p"), ("s", "p", "x") in graph, list(graph.subjects("p", "x"))
    (2, Lit(value='o', language=None, datatype=None), True, ['s'])
    """

    def __init__(self, triples: Iterable[Triple] = ()):
        self.spo: dict[str, dict[str, dict[Term, None]]] = {}  # dicts as ordered sets
        self.pos: dict[str, dict[Term, dict[str, None]]] = {}  # filled a predicate at a time, when asked
        self.size = 0
        with collector_paused():
            for subject, predicate, obj in triples:  # inline: a method call per triple costs a fifth more
                predicates = self.spo.get(subject)
                if predicates is None:
                    predicates = self.spo[subject] = {}
                objects = predicates.get(predicate)
                if objects is None:
                    predicates[predicate] = {obj: None}
                elif obj not in objects:
                    objects[obj] = None
                else:
                    continue
                self.size += 1

    @classmethod
    def of(cls, graph: Graph | PlainGraph) -> PlainGraph:
        """A PlainGraph as it is; an rdflib Graph's triples made plain."""
        if isinstance(graph, PlainGraph):
            return graph
        triples = ((plain(s), plain(p), plain(o)) for s, p, o in graph)
        return cls(cast(Iterator[Triple], triples))  # subjects and predicates are IRIs or blank nodes: str

    def __len__(self) -> int:
        return self.size

    def __iter__(self) -> Iterator[Triple]:
        return ((s, p, o) for s, predicates in self.spo.items() for p, objects in predicates.items() for o in objects)

    def __contains__(self, triple: Triple) -> bool:
        subject, predicate, obj = triple
        return obj in self.spo.get(subject, {}).get(predicate, ())

    def objects(self, subject: str, predicate: str) -> Iterator[Term]:
        return iter(self.spo.get(subject, {}).get(predicate, ()))

    def subjects(self, predicate: str, obj: Term) -> Iterator[str]:
        return iter(self._by_object(predicate).get(obj, ()))

    def value(self, subject: str, predicate: str) -> Term | None:
        return next(self.objects(subject, predicate), None)

    def subject_objects(self, predicate: str) -> Iterator[tuple[str, Term]]:
        return ((s, o) for o, subjects in self._by_object(predicate).items() for s in subjects)

    def changes_since(self, older: PlainGraph) -> tuple[set[Triple], set[Triple]]:
        """The triples removed from `older` and added to it: subject by subject, compared
        whole (in C) first, so that the cost is in the subjects that changed.

        >>> PlainGraph([("s", "p", "b"), ("t", "p", "c")]).changes_since(PlainGraph([("s", "p", "a"), ("t", "p", "c")]))
        ({('s', 'p', 'a')}, {('s', 'p', 'b')})
        """
        removed: set[Triple] = set()
        added: set[Triple] = set()
        for subject, predicates in self.spo.items():
            before = older.spo.get(subject, {})
            if before != predicates:
                added.update(_triples_of(subject, predicates, before))
                removed.update(_triples_of(subject, before, predicates))
        for subject, predicates in older.spo.items():
            if subject not in self.spo:
                removed.update(_triples_of(subject, predicates, {}))
        return removed, added

    def _by_object(self, predicate: str) -> dict[Term, dict[str, None]]:
        """object -> subjects of one predicate; the page asks for a few predicates only."""
        if predicate not in self.pos:
            index = self.pos[predicate] = {}
            for subject, predicates in self.spo.items():
                for obj in predicates.get(predicate, ()):
                    index.setdefault(obj, {})[subject] = None
        return self.pos[predicate]


def _triples_of(subject: str, predicates: dict, but: dict) -> Iterator[Triple]:
    """The subject's triples in `predicates` that `but` does not have."""
    for predicate, objects in predicates.items():
        others = but.get(predicate, {})
        yield from ((subject, predicate, obj) for obj in objects if obj not in others)


@contextmanager
def collector_paused():
    """Millions of small objects made and none freed: the cyclic garbage collector would walk
    them all again and again for nothing (it triples the time of a million-triple graph)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def plain_triples(store) -> Iterable[tuple]:
    """An Oxigraph store's triples as kg's plain terms (kg.graph.plain), as the build makes them."""
    from pyoxigraph import BlankNode, Literal
    from rdflib import BNode

    def plain(term):
        if isinstance(term, Literal):
            datatype = None if term.language else term.datatype.value
            return Lit(term.value, term.language, None if datatype == XSD_STRING else datatype)
        return BNode(term.value) if isinstance(term, BlankNode) else term.value
    return ((plain(q.subject), plain(q.predicate), plain(q.object)) for q in store)
