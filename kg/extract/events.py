"""Events in a document: event nouns and named events, with their date and place.

A document is read in order: a bare «мероприятие», «консультации» or «они» refers back
to the last event of that kind; dates without a year take it from the dates before them,
and a line holding only a date dates what follows it. A dateline («МОСКВА, 5 марта. /ТАСС/.»)
dates and places the events whose sentences give no date or place of their own.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from kg import names
from kg.names import lexicon
from kg.nlp.tree import View, ancestors
from kg.records import (
    CONFERENCE,
    CONSULTATION,
    HELD,
    LOC,
    MEETING,
    ORG,
    SESSION,
    Dated,
    EventRecord,
    Mention,
    ParsedDocument,
)
from kg.rules import (
    ANAPHORIC_EVENTS,
    CANCELLING,
    EVENT_CONTAINERS,
    EVENT_NOUNS,
    LABEL_PREPOSITIONS,
    LIMITS,
    OCCURRED,
    ORGANIZED,
    PLACE_PREFIXES,
    VISIT_VERBS,
)

from .dateline import other_time
from .dates import DateMention, find_dates, year_hint
from .modality import status

LABEL_STOP_RELS = {"punct", "cc", "conj", "acl", "acl:relcl", "parataxis"}
# Kinds of event that happen inside a bigger one: a session of a forum, a round of consultations.
PART_KINDS = {SESSION, CONSULTATION}


class Timeline:
    """The date of each sentence of a document, read in order. A dateline's day (`published`)
    is what «вчера» counts from; «в тот же день», «накануне» count from the last date given."""

    def __init__(self, document: ParsedDocument, published: date | None = None):
        self.dates: list[Dated | None] = []
        self.datelines: list[Dated | None] = []
        reference = previous = published
        dateline: Dated | None = None
        for sentence in document.sentences:
            hint = year_hint(sentence.text)
            ref = _in_year(reference, hint) if reference and hint else reference
            if ref is None and hint:
                ref = date(hint, 1, 1)
            found = _dates(sentence, ref, published, previous)
            first = Dated(found[0].start_date, found[0].end_date) if found else None
            if found and found[0].has_year:
                reference = found[0].end_date or found[0].start_date
            if found:
                previous = found[-1].end_date or found[-1].start_date
            if first and _only_date(sentence.text, found[0].text):
                dateline = first
            self.dates.append(first)
            self.datelines.append(dateline)

    def when(self, sentence: int) -> Dated | None:
        return self.dates[sentence] or self.datelines[sentence]


def _in_year(day: date, year: int) -> date:
    """The same day in another year; 29 February, which a bare replace refuses, becomes the 28th."""
    return day.replace(year=year, day=28) if (day.month, day.day) == (2, 29) else day.replace(year=year)


def _dates(sentence, reference, published, previous) -> list[DateMention]:
    found = find_dates(sentence.text, reference, published=published, previous=previous)
    return [m for m in found if not _preposition(sentence, m) and not _participle_date(sentence, m)]


def _participle_date(sentence, mention: DateMention) -> bool:
    """«встреча … с генералом X, прибывшим в Минск накануне»: a day in a participle's phrase
    says when that person did something, not when the sentence's event was."""
    start, tokens = sentence.start + mention.start, sentence.tokens
    token = next((t for t in tokens if t.start == start), None)
    # («намеченная на 15 января встреча»: a participle of the event's own says when it is)
    return token is not None and any(t.rel.split(":")[0] == "acl" and t.feat("VerbForm") == "Part"
                                     and 0 <= t.head < len(tokens) and tokens[t.head].lemma not in EVENT_NOUNS
                                     for t in ancestors(tokens, token.index))


def _preposition(sentence, mention: DateMention) -> bool:
    """«накануне визита» is «before the visit», not «the day before»."""
    start = sentence.start + mention.start
    return mention.text.lower() == "накануне" and any(t.start == start and t.pos == "ADP" for t in sentence.tokens)


def _capital_of(city: Mention, country: Mention) -> bool:
    """The dateline's city is the capital of the country the sentence names."""
    entry = lexicon.lookup(country.normal)
    return entry is not None and entry.kind == "country" and bool(entry.capital) \
        and names.key(entry.capital) == names.key(city.normal)


def _only_date(text: str, date_text: str) -> bool:
    rest = text.replace(date_text, "").strip(" .,:;–—-")
    return not any(c.isalpha() for c in rest)


def place_of(view: View, excluded: set[int], near: int | None = None) -> Mention | None:
    """The first place written as «в Астане», «в г. Бишкеке», «в столице Беларуси»; with
    `near`, only in the clause of that word («Открывая форум, министр отметил, что … в
    Евразии»: Евразия is no place of the forum)."""
    clause = _clause(view, near) if near is not None else None
    for mention in view.sentence.mentions:
        if mention.type != LOC or mention.first in excluded or _in_participle(view, mention.first):
            continue
        if clause is not None and _clause(view, mention.first) != clause:
            continue
        i = mention.first - 1
        while i >= 0 and view.tokens[i].lemma.rstrip(".") in PLACE_PREFIXES | {"г"}:
            i -= 1
        if i >= 0 and view.tokens[i].lemma in ("в", "во") and view.tokens[mention.first].feat("Case") != "Acc":
            return mention
        if i >= 1 and view.tokens[i].lemma == "в" and view.tokens[i - 1].lemma == "визит":
            return mention
    return None


def _clause(view: View, index: int) -> int:
    """The verb heading a word's clause (-1 where the parse is missing)."""
    return next((t.index for t in ancestors(view.tokens, index) if t.pos in ("VERB", "AUX")), -1)


def _in_participle(view: View, index: int) -> bool:
    """«с Председателем … Сергеенко, находящимся в Сербии с визитом»: a place in a participle's
    phrase says where a person is, not where the event is."""
    return any(t.rel.split(":")[0] == "acl" and t.feat("VerbForm") == "Part" for t in ancestors(view.tokens, index))


class Events:
    """The events of one document, created as the relation readers ask for them."""

    def __init__(self, document: ParsedDocument):
        self.document = document
        self.dateline = document.dateline
        published = self.dateline.when.start if self.dateline and self.dateline.when else None
        self.timeline = Timeline(document, published)
        self.records: dict[tuple, EventRecord] = {}
        self.order: list[EventRecord] = []
        self.excluded_places: dict[int, set[int]] = {}
        self.seen: dict[tuple, int] = {}            # event key -> last sentence referring to it
        self.filled: dict[tuple, EventRecord] = {}  # event key -> record with date/place found later
        self.visited: dict[int, Mention] = {}       # sentence -> the place a visit there goes to

    def context(self, sent: int) -> EventRecord | None:
        """The event referred to last: what «в своём выступлении» or «в них» points back to."""
        earlier = [e for e in self.order if self.seen.get(e.key, e.sent) <= sent]
        return max(earlier, key=lambda e: self.seen.get(e.key, e.sent), default=None)

    def last_seen(self, event: EventRecord) -> int:
        return self.seen.get(event.key, event.sent)

    def final(self) -> tuple[EventRecord, ...]:
        """The events with the date and place of a later sentence that spoke of them, or else
        the dateline's."""
        return tuple(self._by_dateline(self._by_visit(self.filled.get(e.key, e))) for e in self.order)

    def note_visit(self, view: View) -> None:
        """«X прибыл в Баку», «посетил Азербайджан»: where the visit a sentence reports goes."""
        for token in view.tokens:
            # a visit made, not one invited to or planned («пригласил посетить Минск»)
            if token.lemma not in VISIT_VERBS or token.feat("VerbForm") == "Inf" or status(view, token.index) != HELD:
                continue
            for child in view.children(token.index, "obl", "obj"):
                place = view.mention(child.index)
                marker = view.case_marker(child.index)
                if place is not None and place.type == LOC and (marker in ("в", "во") or child.rel == "obj"):
                    self.visited[view.sentence.index] = place
                    return

    def _by_visit(self, event: EventRecord) -> EventRecord:
        """«X прибыл в Баку. В ходе визита он встретился с Y», datelined Астана: an event that
        names no place of its own is where the visit reported before it went (unless the
        visit is to the country of the dateline's city: the city says more)."""
        earlier = [sent for sent in self.visited if sent <= event.sent]
        if event.place is not None or not earlier:
            return event
        visited = self.visited[max(earlier)]
        line = self.dateline.place if self.dateline is not None else None
        if line is not None and (names.key(line.normal) == names.key(visited.normal) or _capital_of(line, visited)):
            return event
        return replace(event, place=visited)

    def _by_dateline(self, event: EventRecord) -> EventRecord:
        line = self.dateline
        if line is None or other_time(self.document.sentences[event.sent].text, self.timeline.dates[event.sent],
                                      line.when):
            return event
        place = event.place or line.place
        if event.place is not None and line.place is not None and _capital_of(line.place, event.place):
            place = line.place   # «в ходе визита в Беларусь провёл встречи», datelined Минск: there
        return replace(event, when=event.when or line.when, place=place)

    def at(self, view: View, index: int, depth: int = 0, contained: bool = True) -> EventRecord | None:
        event = self._at(view, index, depth, contained)
        if event is not None:
            self._touch(view, event, index)
        return event

    def _touch(self, view: View, event: EventRecord, index: int) -> None:
        sent = view.sentence.index
        self.seen[event.key] = max(sent, self.seen.get(event.key, sent))
        current = self.filled.get(event.key, event)
        when = current.when or self.timeline.dates[sent]
        near = index if sent != event.sent else None
        place = current.place or place_of(view, self.excluded_places.get(sent, set()), near)
        if (when, place) != (current.when, current.place):
            self.filled[event.key] = replace(current, when=when, place=place)

    def _at(self, view: View, index: int, depth: int, contained: bool) -> EventRecord | None:
        token = view.tokens[index]
        mention = view.mention(index)
        if mention is not None and mention.type == ORG and _event_head(view, mention):
            return self._named(view, mention)
        if token.lemma == "который":
            return self._relative(view, index)
        if token.lemma in ANAPHORIC_EVENTS and (token.lemma == "мероприятие" or not _modified(view, index)):
            return self.context(view.sentence.index) \
                or (self._noun(view, index) if token.lemma in EVENT_NOUNS else None)
        if event_word(view, index):
            return self._noun(view, index)
        if token.lemma in EVENT_CONTAINERS and contained and depth < 2:
            return self._contained(view, index, depth)
        return None

    def _contained(self, view: View, index: int, depth: int) -> EventRecord | None:
        """«в работе ассамблеи»: the event after a container noun, by syntax or, failing that, next in line."""
        for child in view.children(index, "nmod"):
            found = self.at(view, child.index, depth + 1)
            if found:
                return found
        following = index + 1
        while following < len(view.tokens) and view.tokens[following].pos == "ADJ" and not view.mention(following):
            following += 1
        if following < len(view.tokens) and view.tokens[following].feat("Case") == "Gen":
            return self.at(view, following, depth + 1)
        return None

    def occurred(self, view: View) -> list[EventRecord]:
        """Events that «состоялись», «прошли», «были проведены»: worth a node even alone."""
        found = []
        for token in view.tokens:
            if token.lemma in OCCURRED:
                # «прошёл круглый стол»: after the verb, the parse may take the subject for an object
                subjects = view.children(token.index, "nsubj", "nsubj:pass") or view.children(token.index, "obj")
                for subject in subjects:
                    event = self.at(view, subject.index)
                    if event:
                        found.append(event)
        return found

    def meeting(self, view: View, index: int, apart: int = 0) -> EventRecord:
        """A meeting read from a verb (встретился, принял): the verb stands for the event; the
        `apart`-th of the meetings it reports one by one gets a place of its own past the
        sentence's words («провёл беседы с туркменским и узбекским министрами»)."""
        slot = len(view.tokens) + apart if apart else index
        existing = self.records.get((view.sentence.index, slot))
        if existing:
            return existing
        token = view.tokens[index]
        return self._add(view, slot, MEETING, "встреча", token.text, None, "встреча")

    def as_meeting(self, event: EventRecord) -> EventRecord:
        """An event a meeting trigger names with the people who met («провёл консультации с
        X»): a meeting from now on."""
        if event.kind == MEETING:
            return event
        made = replace(event, kind=MEETING)
        self.records[(event.sent, event.head)] = made
        self.order[self.order.index(event)] = made
        if event.key in self.filled:
            self.filled[event.key] = replace(self.filled[event.key], kind=MEETING)
        return made

    # ------------------------------------------------------------ creating records

    def _add(self, view, index, kind, label, surface, named, lemma) -> EventRecord:
        sent = view.sentence.index
        parent = self._parent(view, index) if kind in PART_KINDS else None
        record = EventRecord(view.sentence.doc_id, sent, index, kind, label, surface,
                             self.timeline.when(sent), place_of(view, self.excluded_places.get(sent, set())),
                             named, lemma, parent.key if parent else None)
        self.records[(sent, index)] = record
        self.order.append(record)
        return record

    def _parent(self, view: View, index: int) -> EventRecord | None:
        """What a session belongs to: «в рамках конференции», or the forum the text is about."""
        for token in view.tokens:
            if token.lemma == "рамка" and token.index != index:
                for child in view.children(token.index, "nmod"):
                    if child.index == index:   # «в рамках сессии»: the session itself, being made
                        continue
                    found = self._at(view, child.index, 1, False)
                    if found is not None and found.key != (view.sentence.doc_id, view.sentence.index, index):
                        return found
        context = self.context(view.sentence.index)
        if context is not None and context.kind == CONFERENCE \
                and view.sentence.index - self.last_seen(context) <= LIMITS.event_context:
            return context
        return None

    def _named(self, view: View, mention: Mention) -> EventRecord:
        existing = self.records.get((view.sentence.index, mention.first))
        if existing:
            return existing
        head = _event_head(view, mention)
        assert head is not None  # _at names an event only by a mention with an event's head
        if mention.first == mention.last:
            earlier = [e for e in self.order if e.lemma == head and e.named is not None]
            if earlier:
                return earlier[-1]
        return self._add(view, mention.first, EVENT_NOUNS[head], mention.normal, mention.text, mention, head)

    def _noun(self, view: View, index: int) -> EventRecord:
        word = event_word(view, index) or view.tokens[index].lemma
        existing = self.records.get((view.sentence.index, index))
        if existing:
            return existing
        if not _modified(view, index, word):
            earlier = [e for e in self.order if e.lemma == word]
            if earlier:
                return earlier[-1]
        label, surface = _label(view, index)
        return self._add(view, index, EVENT_NOUNS[word], label, surface, None, word)

    def _relative(self, view: View, index: int) -> EventRecord | None:
        """«сессия ..., в которой приняли участие»: the noun the relative clause hangs on."""
        current = view.head(index)
        while current is not None and current.rel != "acl:relcl":
            current = view.head(current.index)
        if current is None:
            return None
        antecedent = view.head(current.index)
        return self.at(view, antecedent.index) if antecedent else None


def event_word(view: View, index: int) -> str | None:
    """The event noun a token is, as the rules write it: «форум»; «круглый стол» (an
    adjective and its noun, the adjective right before it)."""
    token = view.tokens[index]
    if token.pos not in ("NOUN", "PROPN"):
        return token.lemma if token.lemma in EVENT_NOUNS and " " not in token.lemma else None
    if index > 0 and f"{view.tokens[index - 1].lemma} {token.lemma}" in EVENT_NOUNS:
        return f"{view.tokens[index - 1].lemma} {token.lemma}"
    if token.lemma in EVENT_NOUNS:
        return token.lemma
    # «бизнес-форум», «онлайн-семинар», «медиафорум»: a prefixed event noun is that event
    tail = token.lemma.rsplit("-", 1)[-1]
    return tail if "-" in token.lemma and tail in EVENT_NOUNS and " " not in tail else None


def _event_head(view: View, mention: Mention) -> str | None:
    for i in range(mention.first, mention.last + 1):
        token = view.tokens[i]
        if token.pos in ("NOUN", "PROPN"):
            word = event_word(view, i)
            return word if word and word not in ANAPHORIC_EVENTS else None
    return None


def _modified(view: View, index: int, word: str = "") -> bool:
    """Whether an event noun says which event it is (adjectives, names, a topic); the adjective
    of «круглый стол» is the noun's own."""
    own = set(word.split()[:-1])
    kids = view.children(index, "amod", "nmod", "appos", "flat", "nummod")
    # «намеченная на 15 января встреча»: a meeting planned or called off is another one
    kids += [k for k in view.children(index, "acl") if k.lemma in CANCELLING]
    return any(k.lemma not in ("этот", "тот", "данный", "такой", "свой", "наш") and k.lemma not in own
               and not _person(view, k.index) for k in kids)


def _person(view: View, index: int) -> bool:
    """«стол, Н. Ермекбаев»: a name the parse hung on the noun says nothing of which event it is."""
    mention = view.mention(index)
    return mention is not None and mention.type == "PER"


def _in_subtree(view: View, index: int, root: int) -> bool:
    return index == root or any(t.index == root for t in ancestors(view.tokens, index))


def _stops_label(view: View, token, event: int) -> bool:
    """Names end before a person, a verb and a phrase of place or time: «совещание ... в Москве»."""
    mention = view.mention(token.index)
    if mention is not None and mention.type == "PER":
        return True
    if token.pos in ("VERB", "AUX") and token.feat("VerbForm") == "Fin" or finite_verb(token.text):
        return True   # «Секционное заседание модерировала доцент X»: the verb tagged a noun, hung on it
    if token.pos == "ADP" and token.lemma not in LABEL_PREPOSITIONS:
        governed = view.head(token.index)
        # «заседание Совета комиссии под председательством X»: who ran it is no part of its name
        return governed is not None and (governed.head == event or governed.lemma in ORGANIZED)
    return False


def finite_verb(word: str) -> bool:
    """The dictionary reads the word only as a finite verb, whatever the tagger said."""
    readings = names.parses(word.lower())
    return bool(readings) and all(r.tag.POS == "VERB" for r in readings)


def _label(view: View, index: int) -> tuple[str, str]:
    """An unnamed event's name: its noun phrase, «международная конференция по борьбе с терроризмом»."""
    first = index
    while first > 0 and view.tokens[first - 1].pos == "ADJ" and view.tokens[first - 1].head == index:
        first -= 1
    last = index
    depth, quoted = 0, False
    while last + 1 < len(view.tokens) and last - first < LIMITS.event_label_words:
        if quoted and depth == 0:
            break   # a quoted name ends the label: «Сессию «Общие рынки» модерировала …»
        nxt = view.tokens[last + 1]
        opening = nxt.text in "«“" or (nxt.text == '"' and depth == 0)
        closing = nxt.text in "»”" or (nxt.text == '"' and depth > 0)
        depth += opening - closing
        quoted = quoted or opening
        if depth <= 0 and not closing and (not _in_subtree(view, nxt.index, index) or nxt.rel in LABEL_STOP_RELS
                                           or _stops_label(view, nxt, index)):
            break
        last += 1
    tokens = view.tokens[first:last + 1]
    words = [names.Word(t.text, t.pos, t.feat("Case"), t.feat("Gender")) for t in tokens]
    forms = names.normalize_phrase(words)
    text = view.sentence.text
    offset = view.sentence.start
    surface = text[tokens[0].start - offset:tokens[-1].stop - offset]
    label = names.respace(tokens, forms)
    return label[:1].upper() + label[1:], surface
