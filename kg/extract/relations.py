"""Relations from trigger words and syntax: who met whom, spoke at, organized and took part in
what, and who holds which position.

Each trigger table in `triggers.py` names an argument reader below; a reader looks at the
trigger's dependents (subject, object, «с»/«на»/«в» phrases, genitive) and turns them into
mentions of people and organizations, seeing through titles («Президентом ... Рахмоном»).
"""

from __future__ import annotations

from dataclasses import replace
from itertools import combinations

from kg.records import (
    HELD,
    HOLDS_POSITION,
    MEETING,
    MET_WITH,
    ORG,
    ORGANIZED,
    PARTICIPANT,
    PARTICIPATED_IN,
    PER,
    SPOKE_AT,
    EventRecord,
    Extraction,
    Fact,
    Mention,
    ParsedDocument,
    Token,
)

from . import triggers as T
from .coreference import antecedent, is_personal_pronoun, referring
from .events import CONTEXT_WINDOW, Events
from .lexicon import abbreviates
from .modality import by_phone, status
from .positions import Titled, find_titles, title_from
from .tree import View

# How many infinitives up a subject is looked for: «планируют [провести] переговоры».
MAX_CONTROL = 3

AGENT_TYPES = (PER, ORG)
# Words after «выступить» that make it a copula, not a speech: «организаторами выступили».
COPULA_ROLES = {"организатор", "инициатор", "спонсор", "посредник", "гарант", "партнёр", "партнер", "соорганизатор"}


class Reader:
    """The relation readers' view of one sentence."""

    def __init__(self, view: View, events: Events, titles: list[Titled]):
        self.view = view
        self.events = events
        self.person_at: dict[int, Mention] = {}
        self.refers: list[tuple[Mention, Mention]] = []  # pronouns read, and their antecedents
        for titled in titles:
            for i in range(titled.first, titled.last + 1):
                if view.mention(i) is None:
                    self.person_at[i] = titled.person

    def agent(self, index: int) -> Mention | None:
        if index in self.person_at:
            return self.person_at[index]
        if is_personal_pronoun(self.view.tokens[index]):
            return self.pronoun(index)
        mention = self.view.mention(index)
        if mention is not None:
            return mention if mention.type in AGENT_TYPES else None
        for child in self.view.children(index, "appos", "flat"):
            mention = self.view.mention(child.index)
            if mention is not None and mention.type == PER:
                return mention
        return None

    def pronoun(self, index: int) -> Mention | None:
        """The person a pronoun stands for (kg/extract/coreference.py); the pronoun is kept."""
        found = antecedent(self.events.document, self.view.sentence, index)
        if found is not None:
            self.refers.append((referring(self.view.sentence, index, found), found))
        return found

    def antecedent(self, index: int) -> int:
        """«Миллер и Озерец, которые встречаются»: a relative pronoun stands for the noun before it."""
        if self.view.tokens[index].lemma != "который":
            return index
        current = self.view.head(index)
        while current is not None and current.rel != "acl:relcl":
            current = self.view.head(current.index)
        antecedent = self.view.head(current.index) if current is not None else None
        return antecedent.index if antecedent is not None else index

    def agents(self, tokens) -> list[Mention]:
        found = []
        for token in tokens:
            for i in self.view.conjuncts(self.antecedent(token.index)):
                mention = self.agent(i)
                if mention is not None and mention not in found:
                    found.append(mention)
        return found

    def subject_agents(self, index: int) -> list[Mention]:
        """The subject of a verb trigger, or of the verb a noun trigger hangs on."""
        token = self.view.tokens[index]
        verb = token if token.pos in ("VERB", "AUX") else self.view.governing_verb(index)
        if verb is None and token.pos not in ("VERB", "AUX"):
            verb = next((t for t in self.view.tokens if t.head == -1), None)
        if verb is None:
            return []
        return self._controlling_subject(verb) or self.adjacent_subject(verb.index)

    def _controlling_subject(self, verb: Token) -> list[Mention]:
        """A verb's subject, or for an infinitive, its governor's: «Лавров отказался встретиться»,
        «министры планируют провести переговоры»."""
        for _ in range(MAX_CONTROL):
            found = self.agents(self.view.subjects(verb.index))
            head = self.view.head(verb.index)
            if found or verb.rel != "xcomp" or head is None:
                return found
            verb = head
        return []

    def adjacent_subject(self, verb: int) -> list[Mention]:
        """When the parse lost the subject, a name standing right before the verb is it."""
        mention = self.view.mention(verb - 1) if verb > 0 else None
        if mention is not None and mention.type in AGENT_TYPES and self.view.tokens[mention.first].feat("Case") == "Nom":
            return [mention]
        return []

    def genitive_agents(self, index: int) -> list[Mention]:
        return self.agents(k for k in self.view.children(index, "nmod") if not self.view.case_marker(k.index))

    def marked(self, index: int, *prepositions: str):
        return [k for k in self.view.children(index, "obl", "nmod", "iobj", "obj")
                if self.view.case_marker(k.index) in prepositions]

    def event_among(self, tokens) -> EventRecord | None:
        """The first event among the tokens; events named directly win over «в рамках X»."""
        tokens = list(tokens)
        for contained in (False, True):
            for token in tokens:
                event = self.events.at(self.view, token.index, contained=contained)
                if event is not None:
                    return event
        return None

    def event_after(self, index: int, prepositions: tuple[str, ...]) -> EventRecord | None:
        """Fallback when the parse attached the event elsewhere: «участие во Всемирной Ассамблее»,
        «участие в организованной министерством выставке»: the first event after the preposition."""
        tokens = self.view.tokens
        start = next((j for j in range(index + 1, min(index + 4, len(tokens))) if tokens[j].lemma in prepositions), None)
        if start is None:
            return None
        for k in range(start + 1, min(start + 10, len(tokens))):
            if tokens[k].pos == "PUNCT" or (tokens[k].pos in ("VERB", "AUX") and tokens[k].feat("VerbForm") == "Fin"):
                return None
            event = self.events.at(self.view, k)
            if event is not None:
                return event
        return None

    def recent_event(self) -> EventRecord | None:
        event = self.events.context(self.view.sentence.index)
        if event is not None and self.view.sentence.index - self.events.last_seen(event) <= CONTEXT_WINDOW:
            return event
        return None


# ---------------------------------------------------------------- meeting readers

def read_with(r: Reader, i: int) -> tuple[list[Mention], list[Mention]]:
    token = r.view.tokens[i]
    if token.pos == "NOUN":
        first = r.genitive_agents(i) or r.subject_agents(i)
    else:
        first = r.subject_agents(i)
    partners = r.agents(r.marked(i, "с", "со", "между"))
    return first, [p for p in partners if p not in first]


def read_receive(r: Reader, i: int) -> tuple[list[Mention], list[Mention]]:
    view = r.view
    passive = view.tokens[i].feat("Voice") == "Pass" or view.children(i, "nsubj:pass", "aux:pass")
    if passive:
        guests = r.agents(view.children(i, "nsubj:pass", "nsubj"))
        hosts = r.agents(k for k in view.children(i, "obl") if not view.case_marker(k.index))
    else:
        hosts = r.agents(view.subjects(i))
        guests = r.agents(view.children(i, "obj"))
    if not any(m.type == PER for m in guests) or not hosts:
        return [], []
    return hosts, [g for g in guests if g not in hosts]


# ---------------------------------------------------------------- event readers

def read_at(r: Reader, i: int):
    view = r.view
    if any(k.lemma in COPULA_ROLES for k in view.children(i)):
        return [], None
    token = view.tokens[i]
    agents = (r.genitive_agents(i) or r.subject_agents(i)) if token.pos == "NOUN" else r.subject_agents(i)
    event = r.event_among(r.marked(i, "на", "перед", "в", "во")) or r.event_after(i, ("на", "перед"))
    return agents, event or r.recent_event()


def read_address(r: Reader, i: int):
    view = r.view
    verb = view.tokens[i] if view.tokens[i].pos == "VERB" else view.governing_verb(i)
    agents = r.genitive_agents(i) or r.subject_agents(i)
    places = [i] + ([verb.index] if verb is not None else [])
    addressees = [k for p in places for k in view.children(p) if k.lemma == "участник"]
    event = r.event_among(k for a in addressees for k in view.children(a.index, "nmod"))
    return agents, event


def read_in(r: Reader, i: int):
    view = r.view
    verb = view.tokens[i] if view.tokens[i].pos == "VERB" else view.governing_verb(i)
    agents = r.subject_agents(i)
    candidates = r.marked(i, "в", "во", "на")
    if verb is not None:
        candidates += r.marked(verb.index, "в", "во", "на")
    return agents, r.event_among(candidates) or r.event_after(i, ("в", "во", "на"))


def read_role(r: Reader, i: int):
    view = r.view
    head = view.head(i)
    subjects = view.subjects(head.index) if head is not None and head.pos in ("VERB", "AUX") else []
    agents = r.agents(subjects or view.subjects(i))
    event = r.event_among(view.children(i, "nmod"))
    return agents, event or r.recent_event()


def read_by(r: Reader, i: int):
    view = r.view
    token = view.tokens[i]
    head = view.head(i)
    if (token.feat("VerbForm") == "Part" or token.rel in ("acl", "amod")) and head is not None:
        agents = r.agents(k for k in view.children(i, "obl")
                          if k.rel == "obl:agent" or not view.case_marker(k.index))
        return agents, r.events.at(view, head.index)
    return r.agents(view.subjects(i)), r.event_among(view.children(i, "obj"))


def read_hold(r: Reader, i: int):
    view = r.view
    if view.tokens[i].feat("Voice") == "Pass" or view.tokens[i].feat("VerbForm") == "Part":
        return [], None
    event = r.event_among(view.children(i, "obj"))
    if event is None or event.kind == MEETING:
        return [], None
    return r.agents(view.subjects(i)), event


def read_chair(r: Reader, i: int):
    verb = r.view.governing_verb(i)
    subjects = r.view.subjects(verb.index) if verb is not None else []
    return r.genitive_agents(i), r.event_among(subjects) or r.recent_event()


def read_initiative(r: Reader, i: int):
    """«встреча прошла по инициативе посольства»; not «дебаты по поводу инициатив правительства»."""
    if i == 0 or r.view.tokens[i - 1].text.lower() != "по" or r.view.tokens[i].feat("Number") == "Plur":
        return [], None
    verb = r.view.governing_verb(i)
    subjects = r.view.subjects(verb.index) + r.view.children(verb.index, "nsubj:pass") if verb else []
    return r.genitive_agents(i), r.event_among(subjects)


MEETING_READERS = {T.WITH: read_with, T.RECEIVE: read_receive}
EVENT_READERS = {T.AT: read_at, T.ADDRESS: read_address, T.IN: read_in, T.ROLE: read_role,
                 T.BY: read_by, T.HOLD: read_hold, T.CHAIR: read_chair, T.INITIATIVE: read_initiative}
EVENT_TABLES = ((SPOKE_AT, T.SPOKE_AT), (ORGANIZED, T.ORGANIZED), (PARTICIPATED_IN, T.PARTICIPATED_IN))


# ---------------------------------------------------------------- a document

def extract(document: ParsedDocument) -> Extraction:
    """Events and facts of one document. The tokens are dropped from the result: resolution
    needs only mentions and sentences, and a corpus build must not hold every parse."""
    events = Events(document)
    facts: list[Fact] = []
    same_as: list[tuple[Mention, Mention]] = list(document.same_as)
    refers: dict[tuple, tuple[Mention, Mention]] = {}
    for sentence in document.sentences:
        same_as.extend(_bracketed_abbreviations(sentence))
        view = View(sentence)
        titles = find_titles(document.text, sentence)
        events.excluded_places[sentence.index] = {i for t in titles for i in range(t.first, t.last + 1)}
        reader = Reader(view, events, titles)
        events.occurred(view)
        facts.extend(_positions(titles))
        facts.extend(_titles_by_verb(reader, document.text))
        facts.extend(_meetings(reader))
        facts.extend(_event_facts(reader))
        refers.update((pronoun.key, (pronoun, found)) for pronoun, found in reader.refers)
    slim = replace(document, text="", sentences=tuple(replace(s, tokens=()) for s in document.sentences))
    return Extraction(slim, events.final(), tuple(_unique(facts)), tuple(same_as), tuple(refers.values()))


def _bracketed_abbreviations(sentence) -> list[tuple[Mention, Mention]]:
    """«Организации Договора о коллективной безопасности (ОДКБ)», «Джошуа Вольфа (Joshua Wolf)»: a name
    and, in brackets, its abbreviation or Latin spelling; «Шанхае (КНР)» says where Шанхай is, no other name."""
    pairs = []
    for a, b in zip(sentence.mentions, sentence.mentions[1:]):
        between = [t.text for t in sentence.tokens[a.last + 1:b.first]]
        latin = all("a" <= c.lower() <= "z" for c in b.text if c.isalpha())
        if between == ["("] and a.type == b.type and (abbreviates(b.normal, a.normal) or latin):
            pairs.append((a, b))
    return pairs


def _positions(titles: list[Titled]) -> list[Fact]:
    return [Fact(HOLDS_POSITION, t.person, t.position, t.person.doc_id, t.person.sent, t.position.surface)
            for t in titles]


def _titles_by_verb(r: Reader, document_text: str) -> list[Fact]:
    """«Гачечиладзе является депутатом парламента», «премьер-министром станет глава партии»."""
    facts = []
    for token in r.view.tokens:
        if token.lemma not in T.TITLE_VERBS:
            continue
        people = [p for p in r.agents(r.view.children(token.index, "nsubj", "nsubj:pass")) if p.type == PER]
        for child in r.view.children(token.index, "obl", "obj", "xcomp", "nmod"):
            position = title_from(document_text, r.view.sentence, child.index) \
                if child.feat("Case") == "Ins" else None
            if position is not None:
                facts += [Fact(HOLDS_POSITION, p, position, p.doc_id, r.view.sentence.index, token.text)
                          for p in people]
    return facts


def _meetings(r: Reader) -> list[Fact]:
    facts = []
    for token in r.view.tokens:
        pattern = T.MET_WITH.get(token.lemma)
        if pattern is None:
            continue
        agents, partners = MEETING_READERS[pattern](r, token.index)
        people = agents + partners
        if len({p.normal for p in people}) < 2:
            continue
        event = r.events.at(r.view, token.index) if token.pos == "NOUN" else None
        if event is None or event.kind != MEETING:
            event = r.events.meeting(r.view, token.index)
        held, mode = status(r.view, token.index), by_phone(r.view, token.index)
        facts += [_fact(PARTICIPANT, p, event, r, token.text, held, mode) for p in people]
        # by phone, «с A и B» are calls with each, not a call of A with B
        pairs = combinations(people, 2) if not mode else \
            [(a, b) for a, b in combinations(people, 2) if a in agents or b in agents]
        facts += [_fact(MET_WITH, a, b, r, token.text, held, mode) for a, b in pairs if a.normal != b.normal]
    return facts


def _event_facts(r: Reader) -> list[Fact]:
    facts = []
    for token in r.view.tokens:
        for relation, table in EVENT_TABLES:
            pattern = table.get(token.lemma)
            if pattern is None:
                continue
            agents, event = EVENT_READERS[pattern](r, token.index)
            if event is not None:
                facts += [_fact(relation, a, event, r, token.text) for a in agents]
    return facts


def _fact(relation: str, subject: Mention, obj, r: Reader, trigger: str, held: str = HELD, mode: str = "") -> Fact:
    sentence = r.view.sentence
    return Fact(relation, subject, obj, sentence.doc_id, sentence.index, trigger, held, mode)


def _unique(facts: list[Fact]) -> list[Fact]:
    seen, result = set(), []
    for fact in facts:
        key = (fact.relation, fact.subject.key, _object_key(fact.object), fact.sent)
        if key not in seen:
            seen.add(key)
            result.append(fact)
    return result


def _object_key(obj) -> tuple:
    if isinstance(obj, (Mention, EventRecord)):
        return obj.key
    return (obj.title, obj.where.key if obj.where else None)

