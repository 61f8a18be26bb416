"""Entity resolution: one node per real-world entity across sentences and documents.

Persons merge as kg/resolve/persons.py says (first name and surname, a surname alone, a
surname with an initial), and a title alone («Заместитель Генерального секретаря ОДКБ»)
joins the person named with that title. Organizations and places merge by normalized name,
«Full Name (ABBR)», acronyms made of the initials of a full name (ОДКБ, СНГ, ГКНБ) and the
lexicon's synonyms (Россия ≡ РФ), and take their label as kg/resolve/aliases.py says.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import cached_property, lru_cache

from kg import ids
from kg.names import ABBREVIATION, initials, key
from kg.names.lexicon import abbreviates
from kg.records import (
    ANY_EVENT,
    CALL,
    EVENT,
    HELD,
    HOLDS_POSITION,
    LOC,
    MEETING,
    ORG,
    PARTICIPANT,
    PARTICIPATED_IN,
    PER,
    PHONE,
    SPOKE_AT,
    STATUS_ORDER,
    SYMMETRIC,
    VIDEO,
    Entity,
    EventRecord,
    Evidence,
    Extraction,
    FactRecord,
    KnowledgeBase,
    Mention,
    Position,
    PositionRecord,
    Relation,
)
from kg.rules import EVENT_NOUNS, on_install

from .aliases import entry_of, entry_of_name, generic_place_word, label
from .persons import cluster_persons
from .posts import Places, complete_positions, title_words

PARENTHESIZED = re.compile(r"^(?P<full>.+?)\s*\((?P<abbr>[A-ZА-ЯЁ]{2,7})\)$")
TYPE_PATHS = {PER: "person", ORG: "org", LOC: "place", EVENT: "event"}
CALL_LABELS = {PHONE: "Телефонный разговор: ", VIDEO: "Видеосвязь: "}


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, x):
        parent = self.parent
        up = parent.setdefault(x, x)
        while up != x:
            parent[x] = up = parent[up]  # halve the path
            x, up = up, parent[up]
        return x

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


# ---------------------------------------------------------------- organizations and places

def _name_keys(mention: Mention) -> tuple[str, ...]:
    return _keys_of_name(mention.normal, mention.type)


@lru_cache(maxsize=200_000)
def _keys_of_name(normal: str, type_: str) -> tuple[str, ...]:
    pair = _bracketed(normal)
    if pair:
        return key(pair[0]), key(pair[1])
    normal = _spelled_out(normal)
    words = key(normal).split()
    if len(words) > 1 and generic_place_word(words[0]) and type_ == LOC:
        return (" ".join(words[1:]),)
    return (key(normal),) + cyrillic_acronyms(normal)


on_install(_keys_of_name.cache_clear)   # it remembers what the place descriptors said


# How a Latin acronym's letters are written in a Russian one: NASA НАСА, FIDE ФИДЕ, OPEC ОПЕК, UNESCO ЮНЕСКО.
LATIN_LETTERS = {"A": "А", "B": "Б", "C": "СКЦ", "D": "Д", "E": "Е", "F": "Ф", "G": "Г", "H": "Х", "I": "И",
                 "K": "К", "L": "Л", "M": "М", "N": "Н", "O": "О", "P": "П", "Q": "К", "R": "Р", "S": "С",
                 "T": "Т", "U": "УЮ", "V": "В", "W": "В", "Y": "ИЙ", "Z": "З"}
LATIN_ACRONYM = re.compile(r"[A-Z]{3,6}")
MAX_SPELLINGS = 16


@lru_cache(maxsize=50_000)
def cyrillic_acronyms(name: str) -> tuple[str, ...]:
    """The ways a Latin acronym is written in Cyrillic letters, as keys: «NASA» -> («наса»,); an
    acronym and its Russian spelling are one organization.

    >>> cyrillic_acronyms("NASA"), cyrillic_acronyms("OPEC"), cyrillic_acronyms("Google")
    (('наса',), ('опек', 'опес', 'опец'), ())
    """
    if not LATIN_ACRONYM.fullmatch(name) or any(c not in LATIN_LETTERS for c in name):
        return ()
    spellings = [""]
    for letter in name:
        spellings = [s + c for s in spellings for c in LATIN_LETTERS[letter]]
        if len(spellings) > MAX_SPELLINGS:
            return ()
    return tuple(sorted(key(s) for s in spellings))


@lru_cache(maxsize=200_000)
def _bracketed(normal: str) -> tuple[str, str] | None:
    """«Организация … (ОДКБ)»: a name and its abbreviation; in «Шанхай (КНР)» the bracket says
    where Шанхай is."""
    match = PARENTHESIZED.match(normal)
    return (match["full"], match["abbr"]) if match and abbreviates(match["abbr"], match["full"]) else None


def _parts_as_written(normal: str) -> tuple[str, ...]:
    return _bracketed(normal) or ()


@lru_cache(maxsize=200_000)
def _spelled_out(normal: str) -> str:
    return PARENTHESIZED.sub(r"\g<full>", normal)


def cluster_names(mentions: list[Mention], groups: UnionFind) -> None:
    for mention in mentions:
        for name in _name_keys(mention):
            groups.union(("name", name), mention.key)
        entry = entry_of_name(mention.normal, mention.type)
        if entry is not None:
            groups.union(("lexicon", entry.name), mention.key)   # РФ, Российская Федерация: Россия
    full_names = {k for m in mentions for k in _name_keys(m) if not ABBREVIATION.match(k.upper())}
    expansions = _Expansions(full_names)
    for mention in mentions:
        if ABBREVIATION.match(mention.normal):
            found = expansions.of(mention.normal)
            if len(found) == 1:
                groups.union(("name", next(iter(found))), mention.key)


class _Expansions:
    """The full names an abbreviation may stand for: its letters are their initials
    («ОДКБ»), or begin them when it has three letters or more. Indexed by initials, so
    a corpus's abbreviations are not each compared with every name in it."""

    def __init__(self, full_names: set[str]):
        self.exact: dict[str, set[str]] = defaultdict(set)
        self.prefix: dict[str, set[str]] = defaultdict(set)
        for name in full_names:
            if len(name.split()) < 2:
                continue
            letters = initials(name)
            self.exact[letters].add(name)
            for n in range(3, len(letters) + 1):
                self.prefix[letters[:n]].add(name)
        self.found: dict[str, set[str]] = {}

    def of(self, abbreviation: str) -> set[str]:
        if abbreviation not in self.found:
            wider = self.prefix.get(abbreviation, set()) if len(abbreviation) >= 3 else set()
            self.found[abbreviation] = self.exact.get(abbreviation, set()) | wider
        return self.found[abbreviation]


def join_event_names(events: list[Mention], organizations: list[Mention], groups: UnionFind) -> None:
    """In one text, «Ассамблеи» and «Первой Всемирной Общественной Ассамблеи» name the event
    «Всемирная Общественная Ассамблея» named there: a shorter or longer form of its name."""
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for event in events:
        by_doc[event.doc_id].append(event)
    for mention in organizations:
        words = key(mention.normal).split()
        for event in by_doc.get(mention.doc_id, ()):
            event_words = key(event.normal).split()
            shorter, longer = sorted((words, event_words), key=len)
            if longer[len(longer) - len(shorter):] == shorter and (len(shorter) > 1 or words == shorter):
                groups.union(event.key, mention.key)
                break


# ---------------------------------------------------------------- the whole corpus

def resolve(extractions: list[Extraction]) -> KnowledgeBase:
    kb = KnowledgeBase(documents=[e.doc.id for e in extractions])
    mentions = [m for e in extractions for s in e.doc.sentences for m in s.mentions + s.inner]
    groups = UnionFind()
    cluster_persons([m for m in mentions if m.type == PER], groups)
    # a nominal mention («компания», «Организация») joins only the name its text refers it to
    cluster_names([m for m in mentions if m.type != PER and m.kind == "name"], groups)
    for extraction in extractions:
        for full, abbreviation in extraction.same_as:
            groups.union(full.key, abbreviation.key)
    event_names = [r.named for e in extractions for r in e.events if r.named]
    join_event_names(event_names, [m for m in mentions if m.type == ORG], groups)
    event_roots = {groups.find(m.key) for m in event_names}
    entity_of = _entities(kb, mentions, groups, event_roots)
    event_of = _events(kb, extractions, groups, entity_of)
    _datelines(kb, extractions, entity_of)
    kb.document_info = {e.doc.id: e.doc.info for e in extractions if e.doc.info}
    sentences = {(e.doc.id, s.index): s for e in extractions for s in e.doc.sentences}
    resolver = FactResolver(kb, entity_of, event_of, sentences)
    for extraction in extractions:
        resolver.add_all(extraction.facts, extraction.refers)
    _referring_mentions(kb, extractions, entity_of, resolver.referred)
    complete_positions(kb)
    _lift_to_parents(kb)
    _label_meetings(kb)
    return kb


HEAD_ONLY = "*"  # a holders key: any post with this head noun, wherever held


def _referring_mentions(kb: KnowledgeBase, extractions: list[Extraction], entity_of: dict, listed: set) -> None:
    """Pronouns and descriptions the text's people resolved (kg/extract/actors.py) are
    mentions of the entity they stand for (a title a fact already listed, once)."""
    for extraction in extractions:
        for referring, person in extraction.refers:
            if referring.kind in ("pronoun", "title") and person.key in entity_of and referring.key not in listed:
                listed.add(referring.key)
                kb.mentions.append((referring, entity_of[person.key]))


def _entities(kb: KnowledgeBase, mentions: list[Mention], groups: UnionFind, event_roots: set) -> dict:
    roots = [groups.find(mention.key) for mention in mentions]
    members: dict = defaultdict(list)
    for mention, root in zip(mentions, roots):
        members[root].append(mention)
    drafts = []
    for root, group in list(members.items()):
        if not any(m.kind == "name" for m in group):
            del members[root]   # «компания» referred to no name: no entity of its own
            continue
        type_ = EVENT if root in event_roots else Counter(m.type for m in group).most_common(1)[0][0]
        names = [_spelled_out(m.normal) for m in group if m.kind == "name"]
        drafts.append((type_, label(names, type_), min(m.key for m in group), root, group, entry_of(names, type_)))
    taken: set[str] = set()
    entity_of = {}
    for type_, name, _, root, group, entry in sorted(drafts, key=lambda d: d[:3]):
        entity = Entity(ids.unique(f"{TYPE_PATHS[type_]}/{ids.slug(name)}", taken), type_, name)
        entity.wikidata = entry.wikidata if entry else ""
        named = [m for m in group if m.kind == "name"]   # «компания» is no other name of it
        normals = {m.normal for m in named}
        entity.aliases.update({m.text for m in named}, normals, *map(_parts_as_written, normals))
        entity.docs.update(m.doc_id for m in group)
        kb.mentions.extend((mention, entity.id) for mention in group)
        kb.entities[entity.id] = entity
        entity_of[root] = entity.id
    return {m.key: entity_of[root] for m, root in zip(mentions, roots) if root in entity_of}


def _events(kb: KnowledgeBase, extractions: list[Extraction], groups, entity_of: dict) -> dict:
    event_of: dict[tuple, str] = {}
    taken = {eid for eid in kb.entities}
    for extraction in extractions:
        for record in extraction.events:
            if record.named is not None:
                event_id = entity_of[record.named.key]
                entity = kb.entities[event_id]
            else:
                event_id = ids.unique(f"event/{ids.slug(record.label)}-{ids.digest(*record.key)[:6]}", taken)
                entity = kb.entities[event_id] = Entity(event_id, EVENT, record.label, {record.surface})
            entity.kind = entity.kind or record.kind
            entity.when = entity.when or record.when
            entity.place = entity.place or (entity_of.get(record.place.key) if record.place else None)
            entity.docs.add(record.doc_id)
            _add_evidence(entity, _evidence(extraction, record.sent))
            event_of[record.key] = event_id
    for extraction in extractions:
        for record in extraction.events:
            if record.parent and record.parent in event_of and event_of[record.parent] != event_of[record.key]:
                kb.entities[event_of[record.key]].parent = event_of[record.parent]
    return event_of


def _datelines(kb: KnowledgeBase, extractions: list[Extraction], entity_of: dict) -> None:
    """Each document's own day and place, from its dateline («МОСКВА, 5 марта. /ТАСС/.»)."""
    for line, doc_id in ((e.doc.dateline, e.doc.id) for e in extractions if e.doc.dateline):
        if line.when:
            kb.document_dates[doc_id] = line.when
        if line.place and line.place.key in entity_of:
            kb.document_places[doc_id] = entity_of[line.place.key]


def _evidence(extraction: Extraction, sent: int) -> Evidence:
    sentence = extraction.doc.sentences[sent]
    return Evidence(extraction.doc.id, sent, sentence.text, sentence.start, sentence.stop)


def _add_evidence(entity: Entity, evidence: Evidence) -> None:
    if evidence not in entity.evidence:
        entity.evidence.append(evidence)


class FactResolver:
    """Turns facts about mentions into relations between entities."""

    def __init__(self, kb: KnowledgeBase, entity_of: dict, event_of: dict, sentences: dict):
        self.kb, self.entity_of, self.event_of, self.sentences = kb, entity_of, event_of, sentences
        self.holders: dict[tuple, set[str]] = defaultdict(set)
        self.wheres: dict[tuple, set] = defaultdict(set)  # (document, title) -> where it is held
        self.referred: set[tuple] = set()  # title mentions listed as mentions of their person
        self.seen: set = set()

    def add_all(self, facts: tuple[FactRecord, ...], refers: tuple[tuple[Mention, Mention], ...] = ()) -> None:
        self.described = {title.key: person for title, person in refers if title.kind == "title"}
        named = [f for f in facts if f.subject.kind != "title"]
        for fact in named:
            if isinstance(fact.object, PositionRecord):
                self._remember_holder(fact, fact.object)
        for fact in named + [f for f in facts if f.subject.kind == "title"]:
            self._add(fact)

    def _remember_holder(self, fact: FactRecord, position: PositionRecord) -> None:
        person = self.entity_of.get(fact.subject.key)
        if person is None:  # a mention no entity took (_subject drops its facts too) holds no post
            return
        where = self.entity_of.get(position.where.key) if position.where else None
        self.holders[(fact.doc_id, position.title, where)].add(person)
        self.holders[(fact.doc_id, title_words(position.title)[1], HEAD_ONLY)].add(person)
        self.wheres[(fact.doc_id, position.title)].add(where)

    def _subject(self, fact: FactRecord) -> tuple[str | None, bool]:
        """The entity a fact is about, and whether it is the person a description stands for
        (a title opening a clause, the one person the sentences before named)."""
        if fact.subject.kind != "title":
            return self.entity_of.get(fact.subject.key), False
        position = fact.object if isinstance(fact.object, PositionRecord) else None
        title = position.title if position else fact.subject.normal
        # a role without a name is someone the same text names: never a holder of the post in
        # another text («пресс-секретарь» is no president's everywhere)
        for post, where in self._title_keys(title, self._title_where(fact, position)):
            holders = self.holders.get((fact.doc_id, post, where), set())
            if len(holders) == 1:
                return self._refers(fact.subject, next(iter(holders))), False
        described = self.described.get(fact.subject.key)
        person = self.entity_of.get(described.key) if described is not None else None
        if person is None or self._holds_other(person, fact, position):
            return None, False
        return self._refers(fact.subject, person), True

    def _holds_other(self, person: str, fact: FactRecord, position: PositionRecord | None) -> bool:
        """The person just named holds another post of this title's head in this text («президент
        Франции» is not «Президент России» said of him)."""
        head = title_words(position.title if position else fact.subject.normal)[1]
        return person in self.holders.get((fact.doc_id, head, HEAD_ONLY), ())

    def _refers(self, title: Mention, person: str) -> str:
        """A title standing for a person («Министр заявил») is a mention of that person: mentions.jsonl
        lists it (kind "title") with the entity it stands for."""
        if title.key not in self.referred:
            self.referred.add(title.key)
            self.kb.mentions.append((title, person))
        return person

    def _title_keys(self, title: str, where: str | None) -> list[tuple[str, str | None]]:
        """The post a title names: as written, and for «российский президент» the post
        «президент» of the place its adjective names (held by «президент России Путин»)."""
        keys = [(title, where)]
        words = title.split()
        if where is None and len(words) > 1:
            place = self.places.of_adjective(words[0])
            if place is not None:
                keys.append((" ".join(words[1:]), place))
        if where is None and len(words) == 1:  # «Министр заявил»: the one minister the text named
            keys.append((words[0], HEAD_ONLY))
        return keys

    @cached_property
    def places(self) -> Places:
        return Places(self.kb, set())

    def _title_where(self, fact: FactRecord, position: PositionRecord | None) -> str | None:
        if position is not None:
            return self.entity_of.get(position.where.key) if position.where else None
        wheres = self.wheres.get((fact.doc_id, fact.subject.normal), set())
        return next(iter(wheres)) if len(wheres) == 1 else None  # «Президент» with two presidents named: unknown

    def _object(self, fact: FactRecord) -> str | None:
        obj = fact.object
        if isinstance(obj, EventRecord):
            return self.event_of.get(obj.key)
        if isinstance(obj, Mention):
            return self.entity_of.get(obj.key)
        return self._position(obj)

    def _position(self, record: PositionRecord) -> str:
        where = self.entity_of.get(record.where.key) if record.where else None
        where_label = self.kb.entities[where].label if where else ""
        position_id = ids.position_id(record.title, where_label)
        if position_id not in self.kb.positions:
            self.kb.positions[position_id] = Position(position_id, record.title, record.label or record.title, where)
        return position_id

    def _add(self, fact: FactRecord) -> None:
        (subject, described), obj = self._subject(fact), self._object(fact)
        if subject is None or obj is None or subject == obj:
            return
        if fact.relation == PARTICIPANT:
            event = self.kb.entities[obj]
            event.status = max(event.status or fact.status, fact.status, key=STATUS_ORDER.index)
            event.mode = event.mode or fact.mode
        elif fact.relation in SYMMETRIC and fact.status != HELD:
            return  # kg:metWith says they met: a planned or cancelled meeting keeps its participants only
        sentence = self.sentences[(fact.doc_id, fact.sent)]
        evidence = Evidence(fact.doc_id, fact.sent, sentence.text, sentence.start, sentence.stop)
        relation = Relation(fact.relation, subject, obj, evidence)
        if fact.relation in SYMMETRIC and subject > obj:
            relation = Relation(fact.relation, obj, subject, evidence)
        if (relation.relation, relation.subject, relation.object, fact.doc_id, fact.sent) in self.seen:
            return
        self.seen.add((relation.relation, relation.subject, relation.object, fact.doc_id, fact.sent))
        if described and relation.relation == HOLDS_POSITION:  # may restate a post (posts._drop_restated)
            self.kb.restated.add(len(self.kb.relations))
        self.kb.relations.append(relation)
        if obj in self.kb.entities and self.kb.entities[obj].type == EVENT:
            _add_evidence(self.kb.entities[obj], evidence)


def _lift_to_parents(kb: KnowledgeBase) -> None:
    """Speaking at a plenary session of an assembly is speaking at the assembly."""
    present = {(r.relation, r.subject, r.object) for r in kb.relations}
    for relation in list(kb.relations):
        parent = kb.entities[relation.object].parent if relation.object in kb.entities else None
        if relation.relation in (SPOKE_AT, PARTICIPATED_IN) and parent:
            lifted = Relation(relation.relation, relation.subject, parent, relation.evidence)
            if (lifted.relation, lifted.subject, lifted.object) not in present:
                present.add((lifted.relation, lifted.subject, lifted.object))
                kb.relations.append(lifted)


def _label_meetings(kb: KnowledgeBase) -> None:
    """A meeting is called after its participants: «Встреча: Имангали Тасмагамбетов — Сергей Лавров».
    A meeting word with fewer than two known participants («переговоры по этому вопросу») stays
    a plain event: a kg:Meeting always says who met."""
    participants: dict[str, set[str]] = defaultdict(set)
    for relation in kb.relations:
        if relation.relation == PARTICIPANT:
            participants[relation.object].add(kb.entities[relation.subject].label)
    plain = {lemma for lemma, kind in EVENT_NOUNS.items() if kind == MEETING}   # «встреча», «переговоры»
    for event in kb.entities.values():
        if event.kind != MEETING:
            continue
        people = participants.get(event.id, set())
        if len(people) < 2:
            event.kind = ANY_EVENT
            continue
        if event.mode:
            event.kind = CALL
        if not event.mode and _named_otherwise(event.label, plain):
            continue   # «Консультации Секретариата ООН» says more than who took part
        event.aliases.add(event.label)
        event.label = CALL_LABELS.get(event.mode, "Встреча: ") + " — ".join(sorted(people))


def _named_otherwise(label: str, plain: set[str]) -> bool:
    """An event a meeting word made a meeting, named by words of its own: not a plain meeting
    noun (`plain`: «Встреча министра», «Переговоры») nor a bare one («Консультации»)."""
    words = label.split()
    return len(words) > 1 and words[0].lower() not in plain
