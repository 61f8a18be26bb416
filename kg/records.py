"""The records that travel between pipeline stages.

natasha and rdflib objects never cross a stage boundary: each stage reads and
writes these frozen dataclasses only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

PER, ORG, LOC = "PER", "ORG", "LOC"
EVENT, POSITION = "EVENT", "POSITION"

# The relations, by the name of their property in the ontology (kg:metWith...).
MET_WITH, SPOKE_AT, ORGANIZED = "metWith", "spokeAt", "organized"
CALLED_WITH = "calledWith"  # a call by phone or video link: never a meeting
SYMMETRIC = (MET_WITH, CALLED_WITH)
PARTICIPATED_IN, HOLDS_POSITION = "participatedIn", "holdsPosition"
PARTICIPANT = "participant"  # an event's participant, from the event's side (kg:participant)
# A relation and its inverse from the event's side: both are written.
INVERSES = {PARTICIPATED_IN: PARTICIPANT, ORGANIZED: "organizer"}

# Whether an event happened, as the text states it (kg:status).
HELD, PLANNED, CANCELLED, UNCERTAIN = "held", "planned", "cancelled", "uncertain"
PHONE, VIDEO = "phone", "video"  # talks held by phone (kg:PhoneCall) or video link (kg:VideoCall)
# When texts speak of one event more than once, the later status in this order wins.
STATUS_ORDER = (PLANNED, UNCERTAIN, HELD, CANCELLED)

# The kinds of event, by the name of their class in the ontology (kg:Meeting...).
MEETING, CONFERENCE, SESSION, CONSULTATION, OPERATION = "Meeting", "Conference", "Session", "Consultation", "Operation"
CALL = "Call"  # talks by phone or video link: a meeting word read with «по телефону», «в режиме видеосвязи»
ANY_EVENT = "Event"  # an event of no narrower kind
EVENT_KINDS = (MEETING, CALL, CONFERENCE, SESSION, CONSULTATION, OPERATION)


@dataclass(frozen=True)
class Document:
    id: str            # file name relative to the input folder (or a JSON Lines `id`): stable and unique
    text: str
    encoding: str = "utf-8"
    source: Source | None = None  # what a JSON Lines corpus says of the text; not read by extraction


@dataclass(frozen=True)
class Source:
    """A document's own date, address and title, as a JSON Lines corpus gives them."""
    date: str | None = None    # ISO 8601: a day (2024-03-05) or a moment (2024-03-05T10:00:00+03:00)
    url: str | None = None
    title: str | None = None


# Head and relation of the tokens of a sentence the syntax parser was not run on (kg parses
# only sentences holding a trigger word: kg/nlp/parse.py).
UNPARSED = (-2, "")


@dataclass(frozen=True)
class Token:
    index: int         # position in its sentence
    text: str
    start: int         # character offsets in the document text
    stop: int
    lemma: str
    pos: str
    feats: tuple[tuple[str, str], ...]
    head: int          # index of the syntactic head in the sentence, -1 for the root
    rel: str

    def feat(self, name: str) -> str | None:
        return dict(self.feats).get(name)

    @property
    def parsed(self) -> bool:
        """Whether the syntax parser read this token's sentence (its head and relation mean something)."""
        return (self.head, self.rel) != UNPARSED


@dataclass(frozen=True)
class Mention:
    """A named entity as written in one sentence."""
    doc_id: str
    sent: int          # sentence index in the document
    first: int         # token indices in the sentence, inclusive
    last: int
    start: int         # character offsets in the document text
    stop: int
    type: str          # PER, ORG, LOC
    text: str
    normal: str        # nominative form
    kind: str = "name"  # "name"; "title", a position standing for a person; "nominal", «телеканал» for a named one

    @cached_property  # resolution asks for it a million times at 10,000 texts
    def key(self) -> tuple[str, int, int]:
        return (self.doc_id, self.sent, self.first)


@dataclass(frozen=True)
class Sentence:
    doc_id: str
    index: int
    start: int
    stop: int
    text: str
    tokens: tuple[Token, ...]
    mentions: tuple[Mention, ...] = ()
    inner: tuple[Mention, ...] = ()   # places and organizations inside longer names

    def mention_at(self, token_index: int) -> Mention | None:
        for mention in self.mentions:
            if mention.first <= token_index <= mention.last:
                return mention
        return None


@dataclass(frozen=True)
class DocumentInfo:
    """What a document node tells of its text: its first line, its length and its SHA-1."""
    title: str
    characters: int
    sha1: str


@dataclass(frozen=True)
class ParsedDocument:
    id: str
    text: str
    sentences: tuple[Sentence, ...]
    same_as: tuple[tuple[Mention, Mention], ...] = ()   # «телеканал» and the channel it refers back to
    dateline: Dateline | None = None                     # «МОСКВА, 5 марта. /ТАСС/.» (kg/extract/dateline.py)
    info: DocumentInfo | None = None                     # title, size, hash: kept when the text is dropped


@dataclass(frozen=True)
class Dated:
    """When an event happened: one day, or a range."""
    start: date
    end: date | None = None


@dataclass(frozen=True)
class Dateline:
    """The place and day a text opens with, as agencies write them: «МОСКВА, 5 марта. /ТАСС/.»,
    «19.04.2024, Бишкек». They date and place what the text reports."""
    text: str                       # as written: «МОСКВА, 5 марта»
    when: Dated | None = None       # None when the text gives no year anywhere
    place: Mention | None = None


@dataclass(frozen=True)
class EventRecord:
    """An event found in one sentence; resolution merges repeated ones."""
    doc_id: str
    sent: int
    head: int                       # token index of the event noun or name
    kind: str                       # Meeting, Conference, Session, Consultation, Operation, Event
    label: str                      # nominative name or descriptive phrase
    surface: str                    # as written
    when: Dated | None = None
    place: Mention | None = None
    named: Mention | None = None    # the entity mention naming it, if any
    lemma: str = ""                 # lemma of the event noun
    parent: tuple | None = None     # key of the event this one is part of (a session of a forum)

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.doc_id, self.sent, self.head)


@dataclass(frozen=True)
class PositionRecord:
    title: str                      # nominative, e.g. "генеральный секретарь"
    surface: str                    # as written: «Генерального секретаря ОДКБ»
    where: Mention | None = None    # organization or country
    label: str = ""                 # title with its organization: «Генеральный секретарь ОДКБ»


@dataclass(frozen=True)
class FactRecord:
    """One relation read from one sentence. Arguments are mentions, events or positions."""
    relation: str                   # metWith, spokeAt, organized, participatedIn, holdsPosition
    subject: Mention
    object: Mention | EventRecord | PositionRecord
    doc_id: str
    sent: int
    trigger: str = ""
    status: str = HELD              # meetings: held, planned, cancelled or uncertain
    mode: str = ""                  # meetings: "phone" or "video" for a call


@dataclass(frozen=True)
class Extraction:
    """Everything read from one document."""
    doc: ParsedDocument
    events: tuple[EventRecord, ...] = ()
    facts: tuple[FactRecord, ...] = ()
    same_as: tuple[tuple[Mention, Mention], ...] = ()   # «Full Name (ABBR)» written as two mentions
    refers: tuple[tuple[Mention, Mention], ...] = ()    # a pronoun («он») and the name it stands for


@dataclass(frozen=True)
class Evidence:
    """The sentence a fact was read from."""
    doc_id: str
    sent: int
    text: str
    start: int
    stop: int


@dataclass
class Entity:
    """One real-world entity after resolution: a person, organization, place or event."""
    id: str
    type: str
    label: str
    aliases: set[str] = field(default_factory=set)
    docs: set[str] = field(default_factory=set)
    kind: str = ""                              # events: Meeting, Conference...
    when: Dated | None = None                   # events
    place: str | None = None                    # events: entity id of the place
    parent: str | None = None                   # events: entity id of the bigger event
    status: str = ""                            # meetings: held, planned, cancelled, uncertain
    mode: str = ""                              # calls: "phone" or "video"
    evidence: list[Evidence] = field(default_factory=list)  # events: where they were read
    wikidata: str = ""                          # places, organizations: a sure Wikidata ID (Q159)


@dataclass(frozen=True)
class Position:
    id: str
    title: str
    label: str
    where: str | None               # entity id of the organization or country


@dataclass(frozen=True)
class Relation:
    """A resolved fact: subject and object are entity or position ids."""
    relation: str
    subject: str
    object: str
    evidence: Evidence


@dataclass
class KnowledgeBase:
    """Everything resolution produces; the RDF mapping reads only this."""
    documents: list[str] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    positions: dict[str, Position] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    mentions: list[tuple[Mention, str]] = field(default_factory=list)
    document_dates: dict[str, Dated] = field(default_factory=dict)    # doc id -> its dateline's day
    document_places: dict[str, str] = field(default_factory=dict)     # doc id -> entity id of its dateline's place
    document_info: dict[str, DocumentInfo] = field(default_factory=dict)  # doc id -> title, size, hash
    restated: set[int] = field(default_factory=set)   # ids of holdsPosition relations read from a description
    document_sources: dict[str, Source] = field(default_factory=dict)  # doc id -> its date, url, title
