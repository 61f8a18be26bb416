"""One text, or a batch of texts, through every extraction stage: natasha, the rules on its
names, the facts."""

from __future__ import annotations

from kg.extract.ner.correct import correct
from kg.extract.nlp import Models, parse, parse_many
from kg.extract.relations import extract
from kg.records import Document, Extraction, ParsedDocument


def read(document: Document, models: Models | None = None) -> ParsedDocument:
    """A text as natasha reads it, with kg's corrections of its names."""
    return correct(parse(document, models))


def extract_document(document: Document, models: Models | None = None) -> Extraction:
    return extract(read(document, models))


def extract_documents(documents: list[Document], models: Models | None = None) -> list[Extraction]:
    return [extract(correct(parsed)) for parsed in parse_many(documents, models)]
