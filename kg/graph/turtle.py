"""Turtle written fast and byte-for-byte the same for the same graph.

rdflib's serializer takes about a minute at a million triples; this writer groups the
triples by subject and predicate, writes each IRI once, sorts subjects, predicates and
objects by their written form and lays them out like rdflib does (`a` first, `;` between
predicates, one object a line), declaring only the prefixes it used. It reads rdflib's
terms, and faster the plain ones of `kg.graph.rdf.triples` (a `PlainGraph` is grouped already).

>>> from rdflib import Literal, RDF, RDFS
>>> from kg.graph.vocab import KG, RES
>>> ivan = RES["person/ivan"]
>>> triples = [(ivan, RDFS.label, Literal("Иван", lang="ru")), (ivan, RDF.type, KG.Person)]
>>> print(to_turtle(triples, {"kg": KG._NS, "rdfs": RDFS}), end="")
@prefix kg: <https://w3id.org/kgnews/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<BLANKLINE>
<https://w3id.org/kgnews/id/person/ivan> a kg:Person ;
    rdfs:label "Иван"@ru .
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from rdflib import BNode, Literal, URIRef

from .plain import Lit, PlainGraph, collector_paused

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
# A conservative PN_LOCAL: names like `label`, `wasDerivedFrom`, `date` (no escapes needed).
LOCAL_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*\Z")
STRING_ESCAPES = re.compile(r'[\x00-\x1f"\\\x7f]')
IRI_ESCAPES = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
BNODE_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
SHORT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
OBJECT_BREAK = ",\n        "
PREDICATE_BREAK = " ;\n    "


def to_turtle(triples: Iterable[tuple], prefixes: Mapping[str, object]) -> str:
    """Turtle of rdflib or plain triples (a Graph, a PlainGraph); the same set gives the same text."""
    namer = _Namer(prefixes)
    with collector_paused():
        tree = triples.spo if isinstance(triples, PlainGraph) else _tree(triples)
        subjects = sorted(((namer.term(key), key) for key in tree), key=lambda named: (namer.rank(named[0]), named[0]))
        blocks = [_subject_block(name, tree[key], namer) for name, key in subjects]
    return namer.header() + "\n".join(blocks)


def _tree(triples: Iterable[tuple]) -> dict:
    """subject -> predicate -> objects, terms as given: each is written once, later, and
    a million triples have only some 100,000 subjects."""
    tree: dict[object, dict[object, list]] = {}
    for subject, predicate, obj in triples:
        key = str(subject) if type(subject) is URIRef else subject  # rdflib hashes its terms slowly
        predicates = tree.get(key)
        if predicates is None:
            predicates = tree[key] = {}
        objects = predicates.get(predicate)
        if objects is None:
            objects = predicates[predicate] = []
        objects.append(obj)
    return tree


def _subject_block(subject: str, predicates: dict, namer: _Namer) -> str:
    written, term, parts = namer.written, namer.term, []
    for name, predicate in namer.order(predicates):
        objects = predicates[predicate]
        if len(objects) == 1:  # most: no set, no sort
            for obj in objects:
                parts.append(f"{name} {written.get(obj) or term(obj)}")
        else:
            parts.append(f"{name} {OBJECT_BREAK.join(sorted({written.get(o) or term(o) for o in objects}))}")
    return f"{subject} {PREDICATE_BREAK.join(parts)} .\n"


def _a_first(pair: tuple) -> tuple:
    return pair[0] != "a", pair[0]


class _Namer:
    """Terms as Turtle text; each IRI and plain literal is written once and remembered."""

    def __init__(self, prefixes: Mapping[str, object]):  # name -> namespace: str() gives its IRI
        # The longest namespace first, so `kg:` wins over a shorter namespace it starts with.
        self.prefixes = sorted(((str(ns), name) for name, ns in prefixes.items()), key=lambda p: -len(p[0]))
        self.ranks = {f"{name}:": n for n, name in enumerate(prefixes)}  # subjects by their prefix, as given
        self.written: dict[str | Lit, str] = {}  # an IRI's text or a Lit -> how it is written
        self.orders: dict[tuple, list[tuple[str, object]]] = {}
        self.used: set[str] = set()

    def rank(self, name: str) -> int:
        """Where a subject's block goes: by its prefix's place among the prefixes given
        (the dataset, then people, organizations... co-mentions last), a full IRI after all."""
        prefix, colon, _ = name.partition(":")
        return self.ranks.get(prefix + colon, len(self.ranks)) if not name.startswith(("<", "_:")) else len(self.ranks)

    def order(self, predicates: dict) -> list[tuple[str, object]]:
        """(name, predicate) of a subject's predicates, `a` first, the rest by name; a million
        triples have some 100,000 subjects but only a few dozen sets of predicates."""
        key = tuple(predicates)
        order = self.orders.get(key)
        if order is None:
            order = self.orders[key] = sorted(((self.predicate(p), p) for p in key), key=_a_first)
        return order

    def predicate(self, term) -> str:
        text = str(term)
        return "a" if text == RDF_TYPE else self.written.get(text) or self.iri(text)

    def term(self, term) -> str:
        kind = type(term)  # not isinstance: rdflib's terms make it an ABC check, slow at a million
        if kind is str:
            return self.written.get(term) or self.iri(term)
        if kind is Lit:
            written = self.written[term] = self.literal(term)
            return written
        if kind is URIRef:
            text = str(term)
            return self.written.get(text) or self.iri(text)
        if kind is Literal or isinstance(term, Literal):
            return self.literal(term)
        if isinstance(term, BNode):
            return "_:" + BNODE_UNSAFE.sub(lambda m: f"x{ord(m.group()):x}", str(term))
        return self.iri(str(term))

    def iri(self, text: str) -> str:
        written = self.iri_in_full(text)
        for namespace, name in self.prefixes:
            if text.startswith(namespace) and LOCAL_NAME.match(text, len(namespace)):
                self.used.add(name)
                written = f"{name}:{text[len(namespace):]}"
                break
        self.written[text] = written
        return written

    def iri_in_full(self, text: str) -> str:
        return "<" + IRI_ESCAPES.sub(lambda m: f"\\u{ord(m.group()):04X}", text) + ">"

    def literal(self, literal: Literal | Lit) -> str:
        lexical = str(literal)
        if literal.language:
            return f"{_quoted(lexical)}@{literal.language}"
        if literal.datatype is None:
            return _quoted(lexical)
        datatype = str(literal.datatype)
        if datatype == XSD_INTEGER and lexical.isdigit() and lexical.isascii():
            return lexical
        return f"{_quoted(lexical)}^^{self.written.get(datatype) or self.iri(datatype)}"

    def header(self) -> str:
        lines = [f"@prefix {name}: <{namespace}> ." for namespace, name in
                 sorted(self.prefixes, key=lambda p: p[1]) if name in self.used]
        return "\n".join(lines) + "\n\n" if lines else ""


def _quoted(text: str) -> str:
    if STRING_ESCAPES.search(text):
        text = STRING_ESCAPES.sub(_escape, text)
    return f'"{text}"'


def _escape(match: re.Match) -> str:
    char = match.group()
    return SHORT_ESCAPES.get(char) or f"\\u{ord(char):04X}"
