"""Reading factRuEval-2016 gold annotation: entity mentions, Meeting and Occupation facts.

A document `book_N` is six files (see the dev set's README): the text, its tokens,
spans (typed token runs), objects (mentions made of spans), coref (entities made of
mentions, with name attributes) and facts (typed slots pointing at entities or spans).
The records below are what `kg.eval.score` scores; our graph is read into the same ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# Object type -> mention type; LocOrg (a country acting as a state) is decided by the caller.
MENTION_TYPES = {"Person": "PER", "Org": "ORG", "Location": "LOC"}
# Coref attributes that name an entity (`wikidata` and `descriptor` do not).
NAME_ATTRIBUTES = re.compile(r"^(firstname|lastname|patronymic|nickname|name)\d*$")
PERSON_ATTRIBUTES = re.compile(r"^(firstname|lastname|patronymic)\d*$")
REF = re.compile(r"^(obj|span)(\d+)\s*(.*)$")


@dataclass(frozen=True)
class MentionSpan:
    doc: str           # text file name, e.g. "book_58.txt"
    start: int         # character offsets in the original text
    end: int
    type: str          # PER, ORG, LOC
    text: str


@dataclass(frozen=True)
class Agent:
    """A fact's participant, known by every name the annotation (or our graph) gives it."""
    names: tuple[str, ...]
    person: bool


@dataclass(frozen=True)
class Meeting:
    doc: str
    participants: tuple[Agent, ...]
    evidence: str = ""


@dataclass(frozen=True)
class Occupation:
    doc: str
    who: Agent
    titles: tuple[str, ...]    # alternative wordings of the position; empty when not stated
    where: Agent | None
    evidence: str = ""


@dataclass(frozen=True)
class GoldDocument:
    name: str
    text: str
    mentions: tuple[MentionSpan, ...]
    meetings: tuple[Meeting, ...]
    occupations: tuple[Occupation, ...]


@dataclass(frozen=True)
class Ref:
    """One `objN`/`spanN` reference in a fact slot, with the names written after it."""
    kind: str          # "obj" (a coref entity) or "span"
    id: str
    texts: tuple[str, ...]


@dataclass(frozen=True)
class GoldFact:
    id: str
    type: str
    slots: tuple[tuple[str, tuple[Ref, ...]], ...]   # (role, refs) in file order

    def refs(self, role: str) -> list[tuple[Ref, ...]]:
        return [refs for name, refs in self.slots if name == role]


@dataclass(frozen=True)
class GoldEntity:
    mentions: tuple[str, ...]                        # object ids
    attributes: tuple[tuple[str, str], ...]


def read_gold(folder: Path, locorg: str = "LOC") -> list[GoldDocument]:
    """Every annotated document of a factRuEval folder, in file-name order."""
    return [read_document(path, locorg) for path in sorted(folder.glob("*.txt"))
            if path.with_suffix(".objects").exists()]


def read_document(path: Path, locorg: str = "LOC") -> GoldDocument:
    text = path.read_text(encoding="utf-8-sig")
    spans = read_spans(_lines(path, ".spans"))
    objects = read_objects(_lines(path, ".objects"))
    entities = read_coref(_lines(path, ".coref"))
    facts = read_facts(_lines(path, ".facts"))
    sentences = read_sentences(_lines(path, ".tokens"))
    names = Names(text, spans, objects, entities)
    doc = path.name
    return GoldDocument(
        name=doc, text=text,
        mentions=tuple(gold_mentions(doc, text, spans, objects, locorg)),
        meetings=tuple(meeting(doc, fact, names, text, sentences) for fact in facts if fact.type == "Meeting"),
        occupations=tuple(unique(occupation(doc, fact, names, text, sentences)
                                 for fact in facts if fact.type == "Occupation")))


def _lines(path: Path, suffix: str) -> list[str]:
    other = path.with_suffix(suffix)
    return other.read_text(encoding="utf-8-sig").splitlines() if other.exists() else []


def _before_comment(line: str) -> list[str]:
    return line.split("#", 1)[0].split()


def read_spans(lines: list[str]) -> dict[str, tuple[int, int]]:
    """`id type start length first_token n_tokens # ...` -> id: (start, end)."""
    spans = {}
    for line in lines:
        fields = _before_comment(line)
        if len(fields) >= 4:
            spans[fields[0]] = (int(fields[2]), int(fields[2]) + int(fields[3]))
    return spans


def read_objects(lines: list[str]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """`id type span_id... # text` -> id: (type, span ids)."""
    objects = {}
    for line in lines:
        fields = _before_comment(line)
        if len(fields) >= 3:
            objects[fields[0]] = (fields[1], tuple(fields[2:]))
    return objects


def read_coref(lines: list[str]) -> dict[str, GoldEntity]:
    """Blocks: `entity_id mention_id...`, then `attribute value` lines."""
    entities = {}
    for block in _blocks(lines):
        head, *rest = block
        entity_id, *mentions = head.split()
        attributes = tuple((key, value.strip()) for key, _, value in (line.partition(" ") for line in rest))
        entities[entity_id] = GoldEntity(tuple(mentions), attributes)
    return entities


def read_facts(lines: list[str]) -> list[GoldFact]:
    """Blocks: a header `doc-n Type`, then `Role value` lines."""
    facts = []
    for block in _blocks(lines):
        fact_id, fact_type = block[0].split()[:2]
        slots = tuple((role, parse_refs(value)) for role, _, value in (line.partition(" ") for line in block[1:]))
        facts.append(GoldFact(fact_id, fact_type, slots))
    return facts


def parse_refs(value: str) -> tuple[Ref, ...]:
    """`obj144 Турецкая республика | Турция` is one entity with two names;
    `obj143 Украина | obj144 Турция` is two alternative entities; plain text is a value."""
    refs: list[Ref] = []
    for piece in (p.strip() for p in value.split(" | ")):
        found = REF.match(piece)
        if found:
            refs.append(Ref(found[1], found[2], (found[3],) if found[3] else ()))
        elif refs:
            refs[-1] = Ref(refs[-1].kind, refs[-1].id, refs[-1].texts + (piece,))
        else:
            refs.append(Ref("", "", (piece,)))
    return tuple(refs)


def read_sentences(lines: list[str]) -> list[tuple[int, int]]:
    """Token lines `id start length text`, a blank line between sentences -> (start, end)."""
    sentences = []
    for block in _blocks(lines):
        first, last = block[0].split(), block[-1].split()
        sentences.append((int(first[1]), int(last[1]) + int(last[2])))
    return sentences


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks, current = [], []
    for line in lines + [""]:
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append(current)
            current = []
    return blocks


def gold_mentions(doc: str, text: str, spans, objects, locorg: str) -> list[MentionSpan]:
    """One mention an object of a scored type, from its first span's start to its last span's end."""
    types = {**MENTION_TYPES, "LocOrg": locorg}
    found = set()
    for object_type, span_ids in objects.values():
        bounds = [spans[s] for s in span_ids if s in spans]
        if object_type in types and bounds:
            start, end = min(b[0] for b in bounds), max(b[1] for b in bounds)
            found.add(MentionSpan(doc, start, end, types[object_type], text[start:end]))
    return sorted(found, key=lambda m: (m.start, m.end, m.type))


class Names:
    """Turns fact references into agents and texts, using the entity's coref names."""

    def __init__(self, text: str, spans, objects, entities: dict[str, GoldEntity]):
        self.text, self.spans, self.objects, self.entities = text, spans, objects, entities

    def agent(self, refs: tuple[Ref, ...]) -> Agent:
        names = [name for ref in refs for name in self.names(ref)]
        return Agent(tuple(dict.fromkeys(n for n in names if n)), any(self.is_person(ref) for ref in refs))

    def names(self, ref: Ref) -> list[str]:
        entity = self.entities.get(ref.id) if ref.kind == "obj" else None
        attributes = [v for k, v in entity.attributes if NAME_ATTRIBUTES.match(k)] if entity else []
        return list(ref.texts) + attributes + ([] if ref.texts or attributes else [self.span_text(ref.id)])

    def is_person(self, ref: Ref) -> bool:
        entity = self.entities.get(ref.id)
        if entity is None:
            return False
        return (any(PERSON_ATTRIBUTES.match(k) for k, _ in entity.attributes)
                or any(self.objects.get(m, ("",))[0] == "Person" for m in entity.mentions))

    def span_text(self, span_id: str) -> str:
        start, end = self.spans.get(span_id, (0, 0))
        return self.text[start:end]

    def texts(self, refs: tuple[Ref, ...]) -> tuple[str, ...]:
        return tuple(text for ref in refs for text in (ref.texts or (self.span_text(ref.id),)))

    def offsets(self, refs: tuple[Ref, ...]) -> list[int]:
        """Where the referenced entities' mentions (or the spans) start, in text order."""
        spans = [ref.id for ref in refs if ref.kind == "span"]
        for ref in refs:
            entity = self.entities.get(ref.id) if ref.kind == "obj" else None
            spans += [s for m in (entity.mentions if entity else ()) for s in self.objects.get(m, ("", ()))[1]]
        return sorted(self.spans[s][0] for s in spans if s in self.spans)


def meeting(doc: str, fact: GoldFact, names: Names, text: str, sentences) -> Meeting:
    participants = fact.refs("Participant")
    evidence = shared_sentence(sentences, [names.offsets(refs) for refs in participants])
    return Meeting(doc, tuple(names.agent(refs) for refs in participants), sentence_text(text, evidence))


def occupation(doc: str, fact: GoldFact, names: Names, text: str, sentences) -> Occupation:
    """Who holds a Position (or Job) at Where; either of the last two may be absent."""
    titles = fact.refs("Position") + fact.refs("Job")
    where, who = fact.refs("Where"), fact.refs("Who")[0]
    found = names.offsets(titles[0]) if titles else names.offsets(who)
    return Occupation(doc, names.agent(who), tuple(t for refs in titles for t in names.texts(refs)),
                      names.agent(where[0]) if where else None,
                      sentence_text(text, sentence_of(sentences, found[0]) if found else None))


def sentence_of(sentences: list[tuple[int, int]], offset: int) -> tuple[int, int] | None:
    return next((s for s in sentences if s[0] <= offset < s[1]), None)


def shared_sentence(sentences, offsets: list[list[int]]) -> tuple[int, int] | None:
    """The first sentence that mentions two participants, else the first mentioning one."""
    counts: dict[tuple[int, int], int] = {}
    for starts in offsets:
        for s in {sentence_of(sentences, o) for o in starts}:
            if s is not None:
                counts[s] = counts.get(s, 0) + 1
    return min(counts, key=lambda s: (counts[s] < 2, s), default=None)


def sentence_text(text: str, sentence: tuple[int, int] | None) -> str:
    return text[sentence[0]:sentence[1]] if sentence else ""


def unique(occupations) -> list[Occupation]:
    """The annotation repeats a post once per phase or modality; our graph states it once."""
    seen, kept = set(), []
    for item in occupations:
        key = (item.who, item.titles, item.where)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept
