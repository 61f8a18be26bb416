"""Persons merged as a reader merges them: by first name and surname; a surname alone joins
the one person of that surname (in its document first, then in the corpus); a surname with
an initial («В. Путин», «Путин В.В.», «Дж. Буш») joins the one person whose first name has
that initial, and no other.

>>> split_name("Путин В.В."), split_name("Дж. Буш"), split_name("Владимир Путин")
((['в', 'в'], ['путин']), (['дж'], ['буш']), ([], ['владимир', 'путин']))
"""

from __future__ import annotations

import re
from collections import defaultdict

from kg.names import key
from kg.records import Mention

# Between the words of a name, and after an initial's dot: «В.В.Путин» is В., В., Путин.
NAME_BREAKS = re.compile(r"\s+|(?<=\.)")


def split_name(normal: str) -> tuple[list[str], list[str]]:
    """The initials of a name (a first name is never written with a dot) and its other words."""
    words = [w for w in NAME_BREAKS.split(key(normal)) if w]
    initials = [w.rstrip(".") for w in words if w.endswith(".") or len(w) == 1]
    return [i for i in initials if i], [w for w in words if not w.endswith(".") and len(w) > 1]


def cluster_persons(mentions: list[Mention], groups) -> None:
    full: dict[tuple, list[Mention]] = defaultdict(list)
    single: list[tuple[Mention, str, str]] = []
    for mention in mentions:
        initials, parts = split_name(mention.normal)
        if len(parts) >= 2:
            full[(parts[0], parts[-1])].append(mention)
        elif parts:
            single.append((mention, initials[0] if initials else "", parts[0]))
    full = _spellings_joined(full)
    people = Surnames()
    for (first, surname), group in sorted(full.items()):
        for mention in group:
            groups.union(("per", first, surname), mention.key)
            people.add(("per", first, surname), mention.doc_id)
    with_initial = Surnames()
    for mention, initial, surname in sorted(single, key=lambda s: not s[1]):  # initials first
        if initial:
            node = people.the_one(surname, mention.doc_id, initial) or ("per", initial, surname)
            with_initial.add(node, mention.doc_id)
        else:
            # «Путин» after «В. Путин» and no full name of that surname: the one person so named
            known = people if surname in people.nodes else with_initial
            node = known.the_one(surname, mention.doc_id) or ("per", "", surname)
        groups.union(node, mention.key)


VOWELS = set("аеёиоуыэюя")


def spelling_variants(a: str, b: str) -> bool:
    """Two spellings of one first name, as transliterations differ: one vowel in the middle
    («Биньямин», «Беньямин»). A different ending is another name («Александр», «Александра»).

    >>> spelling_variants("биньямин", "беньямин"), spelling_variants("александр", "александра")
    (True, False)
    """
    if len(a) != len(b) or len(a) < 5 or a[0] != b[0] or a[-1] != b[-1]:
        return False
    differ = [(x, y) for x, y in zip(a, b) if x != y]
    return len(differ) == 1 and differ[0][0] in VOWELS and differ[0][1] in VOWELS


# Case endings the tagger leaves on a foreign first name: «Бесселя», «Бесселю» of «Бессель»,
# «Джону» of «Джон». Not «-а», «-ы»: «Александра» may be another person.
SOFT_ENDINGS = ("я", "ю", "е", "ем", "и")
HARD_ENDINGS = ("у", "ом", "е", "ым")


def inflected(base: str, other: str) -> bool:
    """`other` is `base` left in an oblique case.

    >>> inflected("бессель", "бесселя"), inflected("джон", "джону"), inflected("александр", "александра")
    (True, True, False)
    """
    if len(base) < 3:
        return False
    if base[-1] in "ьй":
        return any(other == base[:-1] + e for e in SOFT_ENDINGS)
    return base[-1] not in VOWELS and any(other == base + e for e in HARD_ENDINGS)


def one_first_name(a: str, b: str) -> bool:
    return a == b or spelling_variants(a, b) or inflected(a, b) or inflected(b, a)


def _spellings_joined(full: dict[tuple, list[Mention]]) -> dict[tuple, list[Mention]]:
    """Full names of one surname whose first names are one name spelt or inflected otherwise,
    under its nominative, else its more frequent spelling."""
    firsts: dict[str, list[str]] = defaultdict(list)
    for first, surname in full:
        firsts[surname].append(first)
    joined: dict[tuple, list[Mention]] = defaultdict(list)
    for (first, surname), group in full.items():
        variants = [f for f in firsts[surname] if one_first_name(f, first)]
        chosen = max(variants, key=lambda f: (not any(inflected(v, f) for v in variants),
                                              len(full[(f, surname)]), f))
        joined[(chosen, surname)].extend(group)
    return joined


class Surnames:
    """Persons by surname, with the documents each is named in."""

    def __init__(self) -> None:
        self.nodes: dict[str, set[tuple]] = defaultdict(set)
        self.docs: dict[tuple, set[str]] = defaultdict(set)

    def add(self, node: tuple, doc_id: str) -> None:
        self.nodes[node[2]].add(node)
        self.docs[node].add(doc_id)

    def the_one(self, surname: str, doc_id: str, initial: str = "") -> tuple | None:
        """The one person of that surname (and first initial) in the document, else in the corpus."""
        candidates = sorted(n for n in self.nodes.get(surname, ()) if n[1].startswith(initial))
        for choice in ([c for c in candidates if doc_id in self.docs[c]], candidates):
            if len(choice) == 1:
                return choice[0]
        return None
