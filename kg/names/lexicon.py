"""A gazetteer beside the NER model: countries, Russian regions, parts of the world, cities
and international organizations, each with its other names (full and short names,
abbreviations), adjectives, demonyms and, where sure, its Wikidata ID.

The entries are data (`data/lexicon.tsv`, one a line), written from general knowledge. They
load once a process; a lookup is a dict lookup. A name is found as written in the
nominative, and in an oblique case the normalizer left («Соединенных Штатов»): by the
lemmas of its words, and a single word by its geographical or organization reading in
pymorphy's dictionary (OpenCorpora's Geox and Orgn tags).

>>> lookup("Российская Федерация").name
'Россия'
>>> lookup("Соединенных Штатов").name, lookup("Германии").wikidata
('США', 'Q183')
>>> lookup("ОДКБ").type, lookup("Бишкек").kind
('ORG', 'city')
>>> abbreviates("ЕАЭС", "Евразийский экономический союз")
True
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from kg.records import LOC, ORG

from . import FUNCTION_WORDS, initials, key, parses

KIND_TYPES = {"country": LOC, "region": LOC, "area": LOC, "city": LOC, "organization": ORG}
# Readings of a word that make it a name of a place or an organization in the dictionary.
NAME_TAGS = ("Geox", "Orgn")
# Abbreviated oblast and district names as written: «Тульская обл.», «Зареченский р-н».
SHORT_DESCRIPTORS = {"область": ("обл", "обл."), "район": ("р-н",)}


@dataclass(frozen=True)
class Entry:
    name: str                     # canonical, nominative: the label of an entity merged from its names
    kind: str                     # country, region, area, city, organization
    type: str                     # LOC or ORG
    wikidata: str                 # a Q-id where sure, else ""
    names: tuple[str, ...]        # every name, the canonical one first
    adjectives: tuple[str, ...]   # «российский»
    demonyms: tuple[str, ...]     # «россиянин»
    capital: str                  # the capital's canonical name, for a country


class Lexicon:
    """The entries indexed by every name (as compared: `names.key`), by the lemmas of a
    name of several words, and by adjective and demonym."""

    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self.by_name = _unambiguous((key(n), e) for e in entries for n in _written_forms(e))
        self.by_lemmas = _unambiguous((lemma_key(n), e) for e in entries for n in _written_forms(e) if " " in n)
        self.by_adjective = _unambiguous((a, e) for e in entries for a in e.adjectives)
        self.by_demonym = _unambiguous((d, e) for e in entries for d in e.demonyms)
        self.by_capital = {e.capital: e for e in entries if e.kind == "country" and e.capital}
        # The first word of every name, as compared and as a lemma: a name of several words
        # that starts with none of them is in no index.
        self.first_words = {k.split()[0] for k in self.by_name if k.strip()}
        self.first_lemmas = {k.split()[0] for k in self.by_lemmas if k.strip()}


def _written_forms(entry: Entry) -> list[str]:
    """Its names, and «Тульская обл.» beside «Тульская область»."""
    forms = list(entry.names)
    for name in entry.names:
        head, _, last = name.rpartition(" ")
        forms.extend(f"{head} {short}" for short in SHORT_DESCRIPTORS.get(last, ()) if head)
    return forms


def _unambiguous(pairs) -> dict[str, Entry]:
    """A name two entries share (a country and its capital of the same name) names neither."""
    index: dict[str, Entry] = {}
    shared: set[str] = set()
    for name, entry in pairs:
        if index.get(name, entry) is not entry:
            shared.add(name)
        index[name] = entry
    return {name: entry for name, entry in index.items() if name not in shared}


def _split(field: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in field.split(";") if part.strip())


def _entry(row: dict) -> Entry:
    return Entry(row["name"], row["kind"], KIND_TYPES[row["kind"]], row["wikidata"],
                 (row["name"],) + _split(row["names"]), _split(row["adjectives"]), _split(row["demonyms"]),
                 row["capital"])


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    text = files("kg.names").joinpath("data/lexicon.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader((line for line in text.splitlines() if not line.startswith("#")), delimiter="\t")
    return Lexicon([_entry(row) for row in rows])


@lru_cache(maxsize=200_000)
def lemma_key(name: str) -> str:
    """«Соединенных Штатов Америки» and «Соединённые Штаты Америки» alike: each word's lemma."""
    return " ".join(_lemma(word) for word in key(name).split())


def _lemma(word: str) -> str:
    found = parses(word)
    return found[0].normal_form.replace("ё", "е") if found else word


def country_of_capital(city: str) -> Entry | None:
    """The country whose capital the lexicon names so: «Минск» -> Беларусь."""
    return lexicon().by_capital.get(city)


@lru_cache(maxsize=200_000)
def lookup(name: str) -> Entry | None:
    """The entry a name (as written, or in the nominative) stands for, or None."""
    index = lexicon()
    found = index.by_name.get(key(name))
    if found is not None or not name.strip():
        return found
    if " " in name.strip():
        return index.by_lemmas.get(lemma_key(name))
    return _by_reading(name.strip().lower())


def may_begin(word: str) -> bool:
    """Whether some name of the lexicon written in several words may begin with this word:
    when not, `lookup` finds nothing for any words starting with it (a word that has letters)."""
    index, first = lexicon(), key(word)
    return first in index.first_words or _lemma(first) in index.first_lemmas


def _by_reading(word: str) -> Entry | None:
    """«Европы», «Интерполу»: a single word by its dictionary reading as a name."""
    for parse in parses(word):
        if any(tag in parse.tag for tag in NAME_TAGS):
            found = lexicon().by_name.get(parse.normal_form.replace("ё", "е"))
            if found is not None:
                return found
    return None


def place_of_adjective(lemma: str) -> Entry | None:
    """«российский» -> Россия, «мюнхенский» -> Мюнхен."""
    return lexicon().by_adjective.get(lemma.replace("ё", "е")) or lexicon().by_adjective.get(lemma)


def place_of_demonym(lemma: str) -> Entry | None:
    """«россиянин» -> Россия."""
    return lexicon().by_demonym.get(lemma)


@lru_cache(maxsize=200_000)
def abbreviates(short: str, full: str) -> bool:
    """Whether `short` is the abbreviation of `full`: the two are names of one entry, or its
    letters are taken from the words of `full` in order, each word giving its first letter
    and perhaps more (ОДКБ, МАГАТЭ, ЕАЭС; function words may give none). From three letters
    on, the last words may give none: «ГКНБ» for «Государственный комитет национальной
    безопасности Кыргызской Республики».

    >>> abbreviates("ГКНБ", "Государственный комитет национальной безопасности Кыргызской Республики")
    True
    >>> abbreviates("РФ", "Москва"), abbreviates("КНР", "Шанхай")
    (False, False)
    """
    if len(short) < 2 or not short.isupper():
        return False
    entry = lookup(short)
    if entry is not None and entry is lookup(full):
        return True
    words = [w for w in key(full).replace("-", " ").split() if w[:1].isalpha()]
    return initials(full) == short or _spelled_from(key(short), words, len(short) >= 3)


def _spelled_from(letters: str, words: list[str], rest_ok: bool) -> bool:
    if not letters:
        return rest_ok or all(w in FUNCTION_WORDS for w in words)
    if not words:
        return False
    first, rest = words[0], words[1:]
    if first in FUNCTION_WORDS and _spelled_from(letters, rest, rest_ok):
        return True
    if letters[0] != first[0]:
        return False
    # the word gives its first letter and then as many further letters, in order, as it can
    return any(_in_order(letters[1:taken], first[1:]) and _spelled_from(letters[taken:], rest, rest_ok)
               for taken in range(1, len(letters) + 1))


def _in_order(letters: str, word: str) -> bool:
    position = 0
    for letter in letters:
        position = word.find(letter, position) + 1
        if position == 0:
            return False
    return True
