"""Posts a text names without where they are held, completed over the whole corpus: the
same person's same title elsewhere, a place named by the title's adjective («израильский
премьер» -> премьер @ Израиль), or, for a head of state, the country the text speaks of most.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

from kg import ids
from kg.extract.titles import state_post
from kg.names import key
from kg.names.lexicon import lookup, place_of_adjective
from kg.records import CALLED_WITH, HOLDS_POSITION, LOC, MET_WITH, Entity, KnowledgeBase, Position, Relation

ADJECTIVE_ENDINGS = ("ый", "ий", "ой", "ая", "яя", "ое", "ее")
# Words for a country in a title: «глава государства», «президент страны».
COUNTRY_WORDS = {"государства", "страны", "республики"}
# Posts that belong to a country: without one named, the country the text is about.
STATE_TITLES = {"президент", "премьер", "премьер-министр", "канцлер", "король", "королева", "царь", "монарх",
                "вице-президент", "вице-премьер", "госсекретарь", "сенатор", "конгрессмен"}


@lru_cache(maxsize=100_000)
def title_words(title: str) -> tuple[tuple[str, ...], str]:
    """Leading adjectives and the head noun of a title: (("подмосковный",), "губернатор")."""
    words = title.split()
    n = 0
    while n < len(words) - 1 and words[n].endswith(ADJECTIVE_ENDINGS):
        n += 1
    return tuple(words[:n]), words[n] if words else ""


class Places:
    """Where an unnamed post serves: a place named by the title's adjective, or the country
    the text speaks of most. Built once per corpus; each question answered from indexes."""

    def __init__(self, kb: KnowledgeBase, countries: set[str]):
        self.by_prefix: dict[str, list[Entity]] = defaultdict(list)  # first four letters of a name
        self.by_lexicon: dict[str, list[Entity]] = defaultdict(list)  # the lexicon's name of a place
        for entity in kb.entities.values():
            if entity.type == LOC:
                self.by_prefix[key(entity.label)[:4]].append(entity)
                known = lookup(entity.label)
                if known is not None:
                    self.by_lexicon[known.name].append(entity)
        self.countries_in: dict[str, Counter] = defaultdict(Counter)
        for mention, entity_key in kb.mentions:
            if entity_key in countries:
                self.countries_in[mention.doc_id][entity_key] += 1

    def of_adjective(self, adjective: str) -> str | None:
        """«израильский» -> Израиль, «подмосковный» -> Подмосковье: a place the corpus names."""
        known = place_of_adjective(adjective)   # «британский» -> Великобритания, «американский» -> США
        candidates = self.by_lexicon.get(known.name, []) if known else []
        stem = re.sub(r"(ск|цк|н)?(ий|ый|ой)$", "", adjective.lower())
        if len(stem) < 4 and not candidates:
            return None
        candidates = candidates or [e for e in self.by_prefix.get(stem[:4], ())
                                    if len(_common_prefix(stem, key(e.label))) >= max(4, len(stem) - 1)]
        best = max(candidates, key=lambda e: (len(e.docs), -len(e.label), e.id), default=None)
        return best.id if best else None

    def country_of(self, doc_id: str) -> str | None:
        """The country a text speaks of most: where its unnamed «президент» or «премьер» serves.
        A country is a place some title belongs to somewhere in the corpus («президент Франции»)."""
        ranked = self.countries_in[doc_id].most_common(2)
        if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
            return None
        return ranked[0][0]


def _drop_restated(kb: KnowledgeBase) -> None:
    """A description names a post again: «Президент России Медведев … Глава государства заявил …
    Российский лидер напомнил». Read from a description, a second post at the same place in the
    same text is the first one restated, not another post."""
    if not kb.restated:
        return
    held: set[tuple] = set()
    kept = []
    for n, r in enumerate(kb.relations):
        if r.relation == HOLDS_POSITION:
            where = (r.subject, r.evidence.doc_id, kb.positions[r.object].where)
            if n in kb.restated and where[2] and where in held:
                continue
            held.add(where)
        kept.append(r)
    kb.relations[:] = kept
    kb.restated.clear()


def of_country(title: str) -> tuple[str, str] | None:
    """«глава российского государства» -> ("глава", "российского"), «президент страны» ->
    ("президент", ""): a post of a country the title names by a word for a country."""
    words = title.split()
    if len(words) in (2, 3) and words[-1] in COUNTRY_WORDS and (len(words) == 2 or words[1].endswith(("ого", "его"))):
        return words[0], _masculine(words[1]) if len(words) == 3 else ""
    return None


def _masculine(adjective: str) -> str:
    """«российского» -> «российский», «американского» -> «американский»."""
    stem = adjective[:-3]
    return stem + ("ий" if adjective.endswith("его") or stem[-1:] in "кгхжшчщ" else "ый")


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def complete_positions(kb: KnowledgeBase) -> None:
    """A title named without its organization gets one when the text allows: the same person's
    same title elsewhere («президент Обама» + «президент США Барак Обама»), a place adjective
    in the title («израильский премьер» -> премьер @ Израиль), or the same post named with its
    organization for another person of the same text."""
    countries = {p.where for p in kb.positions.values() if p.where and kb.entities[p.where].type == LOC}
    places = Places(kb, countries)
    held: dict[str, dict[str, Position]] = defaultdict(dict)  # person -> positions, first held first
    in_text: dict[tuple[str, str], set[str]] = defaultdict(set)  # (document, title) -> positions held
    holders: dict[tuple[str, str], set[str]] = defaultdict(set)  # (document, position) -> people
    met: set[tuple[str, str, str]] = set()   # (document, person, person) who met or spoke
    for r in kb.relations:
        if r.relation == HOLDS_POSITION and kb.positions[r.object].where:
            held[r.subject].setdefault(r.object, kb.positions[r.object])
            in_text[(r.evidence.doc_id, kb.positions[r.object].title)].add(r.object)
            holders[(r.evidence.doc_id, r.object)].add(r.subject)
        elif r.relation in (MET_WITH, CALLED_WITH):
            met.update({(r.evidence.doc_id, r.subject, r.object), (r.evidence.doc_id, r.object, r.subject)})
    for n, r in enumerate(kb.relations):
        position = kb.positions.get(r.object) if r.relation == HOLDS_POSITION else None
        if position is None or position.where:
            continue
        adjectives, head = title_words(position.title)
        country = of_country(position.title)
        if country is not None:   # «глава российского государства» is the head of Russia
            head, adjectives = country[0], (country[1],) if country[1] else ()
        same = [p for p in held[r.subject].values() if title_words(p.title)[1] == head]
        target = same[0].id if same else None
        # «американский журналист» is from the United States, not a journalist of them
        place = places.of_adjective(adjectives[0]) if adjectives and not same and state_post(head) else None
        title = " ".join(position.title.split()[1:]) if place else position.title
        if country is not None:
            title = head
        if not same and not place and not adjectives and (head in STATE_TITLES or country is not None):
            place = places.country_of(r.evidence.doc_id)
        if not target and not place:  # «вратарь сборной Германии X … вратарём стал Y»: the post the text named
            named = in_text.get((r.evidence.doc_id, position.title), set())
            target = next(iter(named)) if len(named) == 1 else None
            # counterparts who met hold the same post in two countries: «заместитель министра
            # юстиции X … его турецкий коллега, заместитель министра юстиции Турции Y»
            if target and any((r.evidence.doc_id, r.subject, other) in met
                              for other in holders[(r.evidence.doc_id, target)]):
                target = None
        if place:
            target = ids.position_id(title, kb.entities[place].label)
            kb.positions.setdefault(target, Position(target, title, position.label, place))
        if target:
            kb.relations[n] = Relation(r.relation, r.subject, target, r.evidence)
    _drop_restated(kb)
    used = {r.object for r in kb.relations if r.relation == HOLDS_POSITION}
    for unused in set(kb.positions) - used:
        del kb.positions[unused]
