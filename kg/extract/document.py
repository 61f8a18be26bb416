"""One text, or a batch of texts, through every extraction stage: natasha, the rules on its
names, its dateline, the facts."""

from __future__ import annotations

from kg.extract.ner.correct import correct
from kg.nlp.parse import Models, parse, parse_many
from kg.records import Document, Extraction, ParsedDocument

from .dateline import with_dateline
from .relations import extract


def read(document: Document, models: Models | None = None) -> ParsedDocument:
    """A text as natasha reads it, with kg's corrections of its names and its dateline."""
    return with_dateline(correct(parse(document, models)))


def extract_document(document: Document, models: Models | None = None) -> Extraction:
    return extract(read(document, models))


def extract_documents(documents: list[Document], models: Models | None = None) -> list[Extraction]:
    return [extract(with_dateline(correct(parsed))) for parsed in parse_many(documents, models)]
