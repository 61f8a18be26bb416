"""SHACL validation of a graph against `ontology/shapes.ttl`, with the ontology's class tree."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from kg.data import ONTOLOGY


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    text: str


def ontology() -> Graph:
    return Graph().parse(ONTOLOGY / "kg.ttl", format="turtle")


def shapes() -> Graph:
    return Graph().parse(ONTOLOGY / "shapes.ttl", format="turtle")


def validate(graph: Graph) -> ValidationReport:
    from pyshacl import validate as shacl_validate
    conforms, _, text = shacl_validate(graph, shacl_graph=shapes(), ont_graph=ontology(),
                                       inference="none", advanced=True, allow_warnings=True)
    return ValidationReport(bool(conforms), text)
