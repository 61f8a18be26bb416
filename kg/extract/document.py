"""One text, or a batch of texts, through every extraction stage: natasha, the rules, the facts."""

from __future__ import annotations

from kg.extract.nlp import Models, parse, parse_many
from kg.extract.relations import extract
from kg.records import Document, Extraction


def extract_document(document: Document, models: Models | None = None) -> Extraction:
    return extract(parse(document, models))


def extract_documents(documents: list[Document], models: Models | None = None) -> list[Extraction]:
    return [extract(parsed) for parsed in parse_many(documents, models)]
