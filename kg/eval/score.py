"""Scoring a built graph against factRuEval-2016 gold annotation.

    report = evaluate(Path("../shared/factrueval-dev"), Path("/tmp/fre"))
    print(format_report(report))

`predicted_dir` holds what `kg build DIR -o OUT --mentions` writes: mentions.jsonl
and graph.ttl. Every row is micro-averaged over documents; items are matched one
to one within a document.

- Mentions (rows PER, ORG, LOC, "mentions"): the headline figure is strict — a
  predicted mention counts when a gold mention of the same type has the same span
  once quotes, punctuation and spaces around both are trimmed. "mentions lenient"
  accepts overlapping spans of the same type. Gold LocOrg counts as LOC unless
  `locorg="ORG"`.
- Meeting: a gold meeting is found when a predicted kg:Meeting of the same
  document has, for each gold participant, its own participant of the same name.
- Occupation: the task's Occupation is a person, a position and where it is held (206 of
  the 207 dev-set facts name the organization or country). Our predictions are the
  kg:holdsPosition facts whose position has a kg:inOrganization; a bare title the graph
  also keeps («известный журналист Шендерович») is scored on its own row, "Occupation,
  bare titles too". A gold Occupation is found when a kg:holdsPosition statement of the
  same document has the same person, a title with the same head word, and, when
  the gold names one, the same organization or country.

Names are matched leniently, as the task's organizers did: case does not matter,
ё is е; people share any one name part of three letters or more (first name or
surname, in either order, inflected or not); organizations match by normalized
name (one name's words all found in the other) or by acronym.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from rdflib import Graph, Literal
from rdflib.query import ResultRow

from kg.errors import KgError
from kg.graph.vocab import sparql_prefixes

from .gold import Agent, GoldDocument, Meeting, MentionSpan, Occupation, read_gold
from .match import overlapping, pairs, same_meeting, same_occupation, same_span

TYPES = ("PER", "ORG", "LOC")
ROWS = TYPES + ("mentions", "mentions lenient", "Meeting", "Occupation", "Occupation, bare titles too")
# Characters a span may carry at its edges without changing the mention: «"Газпром"» = Газпром.
TRIM = " \t\n\u00a0«»\"“”„'‘’`.,;:!?()[]{}—–-"
# A kg:Meeting without any participant says nothing about who met whom.
MIN_PARTICIPANTS = 1


@dataclass(frozen=True)
class Score:
    gold: int = 0
    predicted: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


class Errors(NamedTuple):
    missed: tuple      # gold items nothing matched
    spurious: tuple    # predicted items that matched no gold item


NO_ERRORS = Errors((), ())  # immutable: every Outcome may share it


@dataclass(frozen=True)
class Outcome:
    score: Score = Score()
    errors: Errors = NO_ERRORS

    def __add__(self, other: Outcome) -> Outcome:
        a, b = self.score, other.score
        return Outcome(Score(a.gold + b.gold, a.predicted + b.predicted, a.matched + b.matched),
                       Errors(self.errors.missed + other.errors.missed, self.errors.spurious + other.errors.spurious))


def compare(gold: Sequence, predicted: Sequence, same: Callable) -> Outcome:
    found = pairs(gold, predicted, same)
    used = set(found.values())
    return Outcome(Score(len(gold), len(predicted), len(found)),
                   Errors(tuple(g for i, g in enumerate(gold) if i not in found),
                          tuple(p for j, p in enumerate(predicted) if j not in used)))


@dataclass(frozen=True)
class EvalReport:
    rows: dict[str, Outcome] = field(default_factory=dict)

    def score(self, row: str) -> Score:
        return self.rows[row].score

    def errors(self, row: str) -> Errors:
        """What a developer fixes next: the gold items missed and the predicted ones not in the gold."""
        return self.rows[row].errors


# ---------------------------------------------------------------- predictions

@dataclass(frozen=True)
class Predictions:
    mentions: dict[str, list[MentionSpan]]
    meetings: dict[str, list[Meeting]]
    occupations: dict[str, list[Occupation]]


PREFIXES = sparql_prefixes()
NAMES = PREFIXES + ("SELECT ?x ?name ?person WHERE { ?x rdfs:label|skos:altLabel ?name . "
                    "BIND(EXISTS { ?x a kg:Person } AS ?person) }")
MEETINGS = PREFIXES + """SELECT ?file ?meeting ?agent ?evidence WHERE {
  ?meeting a kg:Meeting ; prov:wasDerivedFrom ?doc . ?doc kg:sourceFile ?file .
  FILTER NOT EXISTS { ?meeting kg:status ?status FILTER (?status != kg:Held) }
  OPTIONAL { ?meeting kg:participant ?agent } OPTIONAL { ?meeting kg:evidence ?evidence } }"""
POSITIONS = PREFIXES + """SELECT ?file ?person ?position ?title ?org ?evidence WHERE {
  ?fact a rdf:Statement ; rdf:subject ?person ; rdf:predicate kg:holdsPosition ; rdf:object ?position ;
        prov:wasDerivedFrom ?doc . ?doc kg:sourceFile ?file . ?position kg:title ?title .
  OPTIONAL { ?position kg:inOrganization ?org } OPTIONAL { ?fact kg:evidence ?evidence } }"""


def read_predictions(folder: Path) -> Predictions:
    for name in ("mentions.jsonl", "graph.ttl"):
        if not (folder / name).exists():
            raise KgError(f"{folder / name} not found: run `kg build DIR -o {folder} --mentions` first")
    graph = Graph().parse(folder / "graph.ttl", format="turtle")
    agents = read_agents(graph)
    return Predictions(read_mentions(folder / "mentions.jsonl"), read_meetings(graph, agents),
                       read_occupations(graph, agents))


def read_mentions(path: Path) -> dict[str, list[MentionSpan]]:
    mentions: dict[str, list[MentionSpan]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            if row.get("kind", "name") != "name":
                continue   # nominal mentions («телеканал») link facts; the NER task scores names
            mentions.setdefault(row["file"], []).append(
                MentionSpan(row["file"], row["start"], row["end"], row["type"], row.get("text", "")))
    return mentions


def _select(graph: Graph, query: str) -> Iterator[ResultRow]:
    """A SELECT query's rows (rdflib's results type the answers of ASK and CONSTRUCT as well)."""
    return (row for row in graph.query(query) if isinstance(row, ResultRow))


def read_agents(graph: Graph) -> dict[str, Agent]:
    names: dict[str, list[str]] = {}
    people = set()
    for x, name, person in _select(graph, NAMES):
        names.setdefault(str(x), []).append(str(name))
        if isinstance(person, Literal) and person.toPython():  # a boolean: BIND(EXISTS ...)
            people.add(str(x))
    return {x: Agent(tuple(dict.fromkeys(found)), x in people) for x, found in names.items()}


def _agent(agents: dict[str, Agent], iri) -> Agent:
    return agents.get(str(iri), Agent((str(iri).rsplit("/", 1)[-1],), False))


def read_meetings(graph: Graph, agents: dict[str, Agent]) -> dict[str, list[Meeting]]:
    found: dict[tuple[str, str], tuple[set, str]] = {}
    for file, meeting, agent, evidence in _select(graph, MEETINGS):
        participants, _ = found.setdefault((str(file), str(meeting)), (set(), str(evidence or "")))
        if agent is not None:
            participants.add(str(agent))
    meetings: dict[str, list[Meeting]] = {}
    for (document, _), (participants, sentence) in sorted(found.items()):
        if len(participants) >= MIN_PARTICIPANTS:
            people = tuple(_agent(agents, p) for p in sorted(participants))
            meetings.setdefault(document, []).append(Meeting(document, people, sentence))
    return meetings


def read_occupations(graph: Graph, agents: dict[str, Agent]) -> dict[str, list[Occupation]]:
    """One occupation a person and position stated in a document, however many sentences state it."""
    found: dict[tuple[str, str, str], Occupation] = {}
    for file, person, position, title, org, evidence in _select(graph, POSITIONS):
        key = (str(file), str(person), str(position))
        if key not in found:
            found[key] = Occupation(str(file), _agent(agents, person), (str(title),),
                                    _agent(agents, org) if org is not None else None, str(evidence or ""))
    occupations: dict[str, list[Occupation]] = {}
    for (document, _, _), item in sorted(found.items()):
        occupations.setdefault(document, []).append(item)
    return occupations


# ---------------------------------------------------------------- evaluation

def trimmed(mention: MentionSpan, text: str) -> MentionSpan:
    start, end = mention.start, min(mention.end, len(text))
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return replace(mention, start=start, end=end, text=text[start:end])


def score_document(gold: GoldDocument, predicted: Predictions) -> dict[str, Outcome]:
    gold_mentions = [trimmed(m, gold.text) for m in gold.mentions]
    our_mentions = [trimmed(m, gold.text) for m in predicted.mentions.get(gold.name, [])]
    rows = {kind: compare([m for m in gold_mentions if m.type == kind],
                          [m for m in our_mentions if m.type == kind], same_span) for kind in TYPES}
    rows["mentions"] = compare(gold_mentions, our_mentions, same_span)
    rows["mentions lenient"] = compare(gold_mentions, our_mentions, overlapping)
    rows["Meeting"] = compare(gold.meetings, predicted.meetings.get(gold.name, []), same_meeting)
    ours = predicted.occupations.get(gold.name, [])
    rows["Occupation"] = compare(gold.occupations, [o for o in ours if o.where], same_occupation)
    rows["Occupation, bare titles too"] = compare(gold.occupations, ours, same_occupation)
    return rows


def score(gold: list[GoldDocument], predicted: Predictions) -> EvalReport:
    total = {row: Outcome() for row in ROWS}
    for document in gold:
        for row, outcome in score_document(document, predicted).items():
            total[row] = total[row] + outcome
    return EvalReport(total)


def evaluate(gold_dir: Path, predicted_dir: Path, locorg: str = "LOC") -> EvalReport:
    """Score `kg build --mentions` output in predicted_dir against the gold in gold_dir."""
    if locorg not in ("LOC", "ORG"):
        raise KgError(f"locorg must be LOC or ORG, not {locorg!r}")
    gold = read_gold(gold_dir, locorg)
    if not gold:
        raise KgError(f"no annotated documents (*.txt with *.objects) in {gold_dir}")
    return score(gold, read_predictions(predicted_dir))
