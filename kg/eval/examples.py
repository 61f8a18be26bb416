"""The rules' examples through the real pipeline: each row of kg/rules/*.toml has a sentence
written for it and the facts it must yield (or must not); this reads the sentences and says
which rows fail.

What a text yields is written as short lines (`render`):

- `Иван Петров metWith Ли Мин` (an in-person meeting held; the two names sorted),
  `Анна Смирнова spokeAt Международный форум`, `… organized …`, `… participatedIn …`;
- `Иван Петров holdsPosition министр обороны @ Беларусь` (the title, and where it is held),
  `POSITION Министр обороны Беларуси` (the post's name as written, in the nominative);
- `PER Иван Петров`, `ORG Министерство обороны`, `LOC Минск`: the entities;
- `Meeting held: Иван Петров, Ли Мин` (a meeting's status and its people, sorted;
  `PhoneCall`, `VideoCall` for a call) and, with its date and place,
  `Meeting held: Иван Петров, Ли Мин | 2024-03-12 | Минск`; `Conference: Международный форум`
  and `Conference: Международный форум | 2024-03-12 | Минск`.

Texts are parsed once a process, with the syntax parser run on every sentence; before the
rules read one, the sentences the parser would have skipped under the rules installed now
are made unparsed again (`kg.nlp.parse.gated`), so a text reads as `kg build` reads it
while `make mutants` changes the rules thousands of times.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.extract.dateline import with_dateline
from kg.extract.ner.correct import correct
from kg.extract.relations import extract
from kg.nlp.parse import Models, gated, parse_many
from kg.records import (
    CALL,
    EVENT,
    HOLDS_POSITION,
    MEETING,
    PARTICIPANT,
    PHONE,
    SYMMETRIC,
    VIDEO,
    Document,
    KnowledgeBase,
    ParsedDocument,
)
from kg.resolve.entities import resolve
from kg.rules import Example, Row

DOCUMENT = "example.txt"
CALL_KINDS = {PHONE: "PhoneCall", VIDEO: "VideoCall"}


@dataclass(frozen=True)
class Failure:
    row: Row
    example: Example
    missing: tuple[str, ...]      # lines it should yield and does not
    unwanted: tuple[str, ...]     # lines it must not yield and does
    found: frozenset[str]

    def __str__(self) -> str:
        parts = [f"{self.row.source} [[{self.row.table}]] {self.row.key!r}: «{self.example.text}»"]
        parts += [f"  missing: {line}" for line in self.missing]
        parts += [f"  unwanted: {line}" for line in self.unwanted]
        parts += ["  found:"] + [f"    {line}" for line in sorted(self.found)]
        return "\n".join(parts)


class Reader:
    """Texts parsed once, read again under whatever rules are installed."""

    def __init__(self, models: Models | None = None):
        self.models = models
        self.parsed: dict[str, ParsedDocument] = {}

    def prepare(self, texts: list[str]) -> None:
        """Parse the texts not seen yet, all in one batch."""
        new = sorted(set(texts) - set(self.parsed))
        documents = [Document(DOCUMENT, text) for text in new]
        for text, parsed in zip(new, parse_many(documents, self.models, syntax_everywhere=True)):
            self.parsed[text] = parsed

    def knowledge(self, text: str) -> KnowledgeBase:
        self.prepare([text])
        return resolve([extract(with_dateline(correct(gated(self.parsed[text]))))])

    def lines(self, text: str) -> frozenset[str]:
        return render(self.knowledge(text))

    def check(self, rows: list[Row]) -> list[Failure]:
        """The failures of the rows' examples under the rules installed now."""
        self.prepare([example.text for row in rows for example in row.examples])
        failures = []
        for row in rows:
            for example in row.examples:
                found = self.lines(example.text)
                missing = tuple(line for line in example.yields if line not in found)
                unwanted = tuple(line for line in example.absent if line in found)
                if missing or unwanted:
                    failures.append(Failure(row, example, missing, unwanted, found))
        return failures


def render(kb: KnowledgeBase) -> frozenset[str]:
    """What a knowledge base holds, as the lines the rules' examples name."""
    labels = {**{i: e.label for i, e in kb.entities.items()}, **{i: p.label for i, p in kb.positions.items()}}
    found: set[str] = set()
    people: dict[str, set[str]] = {}
    for r in kb.relations:
        if r.relation in SYMMETRIC:
            a, b = sorted((labels[r.subject], labels[r.object]))
            found.add(f"{a} {r.relation} {b}")
        elif r.relation == HOLDS_POSITION:
            position = kb.positions[r.object]
            where = labels.get(position.where, "") if position.where else ""
            found.add(f"{labels[r.subject]} holdsPosition {position.title} @ {where}".rstrip(" @"))
            found.add(f"POSITION {position.label}")
        elif r.relation == PARTICIPANT:
            people.setdefault(r.object, set()).add(labels[r.subject])
        else:
            found.add(f"{labels[r.subject]} {r.relation} {labels[r.object]}")
    for entity_id, entity in kb.entities.items():
        if entity.type != EVENT:
            found.add(f"{entity.type} {entity.label}")
        else:
            when = entity.when.start.isoformat() if entity.when else ""
            place = labels.get(entity.place, "") if entity.place else ""
            if entity.kind in (MEETING, CALL):
                kind = CALL_KINDS.get(entity.mode, MEETING)
                name = f"{kind} {entity.status}: {', '.join(sorted(people.get(entity_id, ())))}"
            else:
                name = f"{entity.kind}: {entity.label}"
            found.update((name, f"{name} | {when} | {place}"))
    return frozenset(found)
