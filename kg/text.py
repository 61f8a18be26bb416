"""Text as a person reads it on one line: in error messages, table cells and page labels."""

from __future__ import annotations

import hashlib

from kg.records import DocumentInfo

TITLE_CHARS = 160  # a document's title: its first line, cut here (a news text's first line may be its lead paragraph)


def shorten(text: str, limit: int, *, squash: bool = True) -> str:
    """`text` on one line (whitespace squashed) and at most `limit` characters, cut with «…».

    >>> shorten("Генеральный   секретарь\\nОДКБ", 16)
    'Генеральный сек…'
    >>> shorten("a  b", 10, squash=False)
    'a  b'
    """
    if squash:
        text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def document_info(text: str) -> DocumentInfo:
    """The first line that has words (cut at TITLE_CHARS), the length and the SHA-1 of the text.

    >>> document_info("\\nОДКБ и ООН\\nТекст.").title
    'ОДКБ и ООН'
    """
    first = next((line for line in text.splitlines() if line.strip()), "")
    return DocumentInfo(shorten(first, TITLE_CHARS), len(text), hashlib.sha1(text.encode("utf-8")).hexdigest())
