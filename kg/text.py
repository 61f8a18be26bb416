"""Text as a person reads it on one line: in error messages, table cells and page labels."""

from __future__ import annotations


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
