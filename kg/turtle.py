"""Turtle written fast and byte-for-byte the same for the same graph.

rdflib's serializer takes about a minute at a million triples; this writer groups the
triples by subject and predicate, writes each IRI once, sorts subjects, predicates and
objects by their written form and lays them out like rdflib does (`a` first, `;` between
predicates, one object a line), declaring only the prefixes it used.

>>> from rdflib import Literal, RDF, RDFS
>>> from kg.vocab import KG, RES
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

import gc
import re
from contextlib import contextmanager
from typing import Iterable

from rdflib import BNode, Literal, URIRef

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
# A conservative PN_LOCAL: names like `label`, `wasDerivedFrom`, `date` (no escapes needed).
LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
STRING_ESCAPES = re.compile(r'[\x00-\x1f"\\\x7f]')
IRI_ESCAPES = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
BNODE_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
SHORT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
OBJECT_BREAK = ",\n        "
PREDICATE_BREAK = " ;\n    "


def to_turtle(triples: Iterable[tuple], prefixes: dict[str, str]) -> str:
    """Turtle of rdflib triples (a Graph is such an iterable); the same set gives the same text."""
    namer = _Namer(prefixes)
    with _collector_paused():
        tree = _tree(triples, namer)
        subjects = sorted((namer.subject(key), key) for key in tree)
        blocks = [_subject_block(name, tree[key], namer) for name, key in subjects]
    return namer.header() + "\n".join(blocks)


def _tree(triples: Iterable[tuple], namer: _Namer) -> dict[str, dict[str, list[str]]]:
    """subject -> predicate -> written objects. Subjects and predicates stay raw text here,
    written once each later: a million triples have only some 100,000 subjects."""
    term, tree = namer.term, {}
    for subject, predicate, obj in triples:
        key = str(subject) if type(subject) is URIRef or not isinstance(subject, BNode) else term(subject)
        predicates = tree.get(key)
        if predicates is None:
            predicates = tree[key] = {}
        objects = predicates.get(predicate)
        if objects is None:
            objects = predicates[predicate] = []
        objects.append(term(obj))
    return tree


def _subject_block(subject: str, predicates: dict, namer: _Namer) -> str:
    names = sorted((namer.predicate(p), objects) for p, objects in predicates.items())
    names.sort(key=lambda pair: pair[0] != "a")  # stable: `a` first, the rest in order
    parts = [f"{name} {OBJECT_BREAK.join(sorted(set(objects)))}" for name, objects in names]
    return f"{subject} {PREDICATE_BREAK.join(parts)} .\n"


@contextmanager
def _collector_paused():
    """The writer makes millions of small objects and frees none: the cyclic garbage collector
    would walk the whole graph again and again for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Namer:
    """Terms as Turtle text; each IRI is written once and remembered."""

    def __init__(self, prefixes: dict[str, str]):
        # The longest namespace first, so `kg:` wins over a shorter namespace it starts with.
        self.prefixes = sorted(((str(ns), name) for name, ns in prefixes.items()), key=lambda p: -len(p[0]))
        self.iris: dict[str, str] = {}
        self.used: set[str] = set()

    def predicate(self, term) -> str:
        text = str(term)
        return "a" if text == RDF_TYPE else self.iris.get(text) or self.iri(text)

    def subject(self, key: str) -> str:
        """A key of the tree: an IRI's text, or a blank node already written as `_:b1`."""
        return key if key.startswith("_:") else self.iris.get(key) or self.iri(key)

    def term(self, term) -> str:
        kind = type(term)  # not isinstance: rdflib's terms make it an ABC check, slow at a million
        if kind is URIRef:
            text = str(term)
            return self.iris.get(text) or self.iri(text)
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
        self.iris[text] = written
        return written

    def iri_in_full(self, text: str) -> str:
        return "<" + IRI_ESCAPES.sub(lambda m: f"\\u{ord(m.group()):04X}", text) + ">"

    def literal(self, literal: Literal) -> str:
        lexical = str(literal)
        if literal.language:
            return f"{_quoted(lexical)}@{literal.language}"
        if literal.datatype is None:
            return _quoted(lexical)
        datatype = str(literal.datatype)
        if datatype == XSD_INTEGER and lexical.isdigit() and lexical.isascii():
            return lexical
        return f"{_quoted(lexical)}^^{self.iris.get(datatype) or self.iri(datatype)}"

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
