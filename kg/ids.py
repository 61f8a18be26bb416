"""Stable, readable identifiers: `person/imangali-tasmagambetov`, `fact/3f2a…`."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

TRANSLIT = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s",
     "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"],
))
MAX_SLUG = 60


@lru_cache(maxsize=200_000)
def slug(text: str) -> str:
    """ASCII slug of a Russian or Latin name; never empty."""
    latin = "".join(TRANSLIT.get(c, c) for c in text.lower())
    cleaned = re.sub(r"[^a-z0-9]+", "-", latin).strip("-")
    if len(cleaned) > MAX_SLUG:
        # Long names that share a beginning must not share an identifier.
        cleaned = cleaned[:MAX_SLUG].strip("-") + "-" + digest(text)[:6]
    return cleaned or "x" + digest(text)[:8]


def digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def position_id(title: str, where_label: str = "") -> str:
    """A post: its title and where it is held.

    >>> position_id("генеральный секретарь", "ОДКБ")
    'position/generalnyy-sekretar-odkb'
    """
    return f"position/{slug(title + ' ' + where_label)}"


def unique(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`… when two entities share a name."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate
