"""Which names of organizations and places name one entity, and the label a merged entity takes.

The lexicon (kg/names/lexicon.py) merges synonyms: Россия ≡ РФ ≡ Российская Федерация,
США ≡ Соединённые Штаты ≡ Америка, ОДКБ ≡ Организация Договора о коллективной безопасности.
An entity the lexicon knows by most of its mentions carries the lexicon's Wikidata ID, and
when it was written by several names (or in an oblique case) the lexicon's canonical name.

>>> label(["Российская Федерация", "РФ", "Россия", "Российская Федерация"], "LOC")
'Россия'
>>> label(["Республика Казахстан", "Республика Казахстан"], "LOC")   # one name, as written
'Республика Казахстан'
>>> label(["город Бишкек"], "LOC")
'Бишкек'
>>> label(["Донецк", "ДНР", "ДНР", "ДНР"], "LOC")  # a rarer name never relabels a frequent one
'ДНР'
"""

from __future__ import annotations

from collections import Counter

from kg.names import ABBREVIATION, key
from kg.names.lexicon import Entry, abbreviates, lookup
from kg.records import LOC, ORG, PER
from kg.rules import PLACE_DESCRIPTORS

from .persons import inflected, split_name

PLACE_KINDS = {"республика", "город", "г.", "г", "государство", "королевство", "княжество"}
LEXICON_TYPES = (LOC, ORG)


def generic_place_word(word: str) -> bool:
    """«город», «посёлок», «республика»: a word that says what kind of place a name is (the
    place descriptors of the rules as they stand, ё read as е as in the lemmas)."""
    word = word.lower().replace("ё", "е")
    return word in PLACE_KINDS or word in PLACE_DESCRIPTORS


def bare(name: str) -> str:
    """«город Минск» -> «Минск»: a place's name without the word that describes it."""
    first, _, rest = name.partition(" ")
    return rest if rest and generic_place_word(first) else name


def entry_of_name(normal: str, type_: str) -> Entry | None:
    """The lexicon's entry for a name of this type, as written or bare («город Бишкек»)."""
    if type_ not in LEXICON_TYPES:
        return None
    entry = lookup(normal) or lookup(bare(normal))
    return entry if entry is not None and entry.type == type_ else None


def entry_of(names: list[str], type_: str) -> Entry | None:
    """The entry most of an entity's mentions name: a name met once in a large entity (a wrong
    merge, a city «(Куба)») never makes it that entry."""
    entries = Counter(e for e in (entry_of_name(n, type_) for n in names) if e is not None)
    if not entries:
        return None
    entry, count = min(entries.items(), key=lambda item: (-item[1], item[0].name))
    return entry if 2 * count >= len(names) else None


def label(names: list[str], type_: str) -> str:
    """The label of an entity from the names its mentions give (in the nominative)."""
    written = by_count(names, type_)
    entry = entry_of(names, type_)
    if entry is None:
        return written
    distinct = {key(bare(n)) for n in names}
    if len(distinct) == 1 and key(written) in {key(n) for n in entry.names}:
        return written   # one name, written as the lexicon has it: «Республика Казахстан» stays
    return entry.name


def _oblique(name: str, firsts: set[str]) -> bool:
    parts = split_name(name)[1]
    return bool(parts) and any(inflected(f, parts[0]) for f in firsts)


def by_count(names: list[str], type_: str) -> str:
    """The name most mentions give. An abbreviation gives way to the name it abbreviates,
    and to no other: «Шанхай» met once never labels the «КНР» met everywhere."""
    spelled = {n for n in names if not ABBREVIATION.match(n)}
    explained = {a for a in set(names) - spelled if any(abbreviates(a, s) for s in spelled)}
    counts = Counter(n for n in names if n not in explained)
    if type_ == PER:
        # «Владимир Путин» rather than «В. Путин» or «Путин»; «Бессель Кок», not «Бесселя Кок»
        firsts = {split_name(n)[1][0] for n in counts if len(split_name(n)[1]) > 1}
        return max(counts, key=lambda n: (len(split_name(n)[1]) > 1, not _oblique(n, firsts), counts[n], len(n), n))
    if type_ == LOC:
        # «Минск» rather than «город Минск»: the name, not its description
        return max(counts, key=lambda n: (not generic_place_word(n.split()[0]), counts[n], len(n), n))
    return max(counts, key=lambda n: (counts[n], len(n), n))
