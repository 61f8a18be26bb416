"""Text as a person reads it on one line: in error messages, table cells and page labels."""

from __future__ import annotations

import hashlib
import re

from kg.records import DocumentInfo

TITLE_CHARS = 160  # a document's title: its first line, cut here (a news text's first line may be its lead paragraph)
# C0 and C1 controls, DEL, and the bidirectional overrides and isolates a terminal obeys
CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


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


def visible(text: str, keep: str = "\n\t") -> str:
    """`text` with every control character but those in `keep` written out (`\\x1b`), so that
    nothing a graph or a corpus holds can drive the terminal it is printed on.

    >>> print(visible("\\x1b]0;title\\x07red\\u202e"))
    \\x1b]0;title\\x07red\\u202e
    """
    return CONTROLS.sub(lambda found: found.group() if found.group() in keep else _escaped(found.group()), text)


def _escaped(character: str) -> str:
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def document_info(text: str) -> DocumentInfo:
    """The first line that has words (cut at TITLE_CHARS), the length and the SHA-1 of the text.

    >>> document_info("\\nОДКБ и ООН\\nТекст.").title
    'ОДКБ и ООН'
    """
    first = next((line for line in text.splitlines() if line.strip()), "")
    return DocumentInfo(shorten(first, TITLE_CHARS), len(text), hashlib.sha1(text.encode("utf-8")).hexdigest())
