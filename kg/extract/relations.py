"""Relations from trigger words and syntax: who met whom, spoke at, organized and took part in
what, and who holds which position.

Each trigger table in `triggers.py` names an argument reader below; a reader looks at the
trigger's dependents (subject, object, «с»/«на»/«в» phrases, genitive) and turns them into
mentions of people and organizations, seeing through titles («Президентом ... Рахмоном»).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from itertools import combinations

from kg import rules as T
from kg.names.lexicon import abbreviates
from kg.nlp.tree import View
from kg.records import (
    CALLED_WITH,
    CONSULTATION,
    HELD,
    HOLDS_POSITION,
    LOC,
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
    FactRecord,
    Mention,
    ParsedDocument,
    PositionRecord,
    Token,
)
from kg.text import document_info

from .actors import Actors, first_person_after, leading_verb, one_per_side
from .events import Events, finite_verb
from .modality import by_phone, status
from .positions import Titled, find_titles, headed_with, title_from
from .reader import Reader

# Words that move a sentence to another time than the event the text reports.
OTHER_TIMES = {"ранее", "накануне", "вчера", "прежде", "позднее", "позже", "завтра"}
# A trigger noun opening a sentence is capitalized, and the tagger may call it a proper noun.
NOUNS = ("NOUN", "PROPN")


# ---------------------------------------------------------------- meeting readers

def read_with(r: Reader, i: int) -> tuple[list[Mention], list[Mention]]:
    token = r.view.tokens[i]
    if token.pos in NOUNS:
        named = r.genitive_agents(i) or r.holders_of_posts(i) or r.possessor(i)
        named += [p for p in _listed_after_dash(r, i) if p not in named]
        # «принял участие в консультациях Секретариата ООН с X», «обсудили на консультациях
        # ведомств A и B»: the body hosts; the people who took part are the parties (the verb's
        # subject read only when needed: reading a pronoun records what it refers to)
        people = [a for a in named if a.type == PER]
        by_verb = [] if people else r.light_verb_agents(i) or r.subject_agents(i)
        first = people or [a for a in by_verb if a.type == PER] or named or by_verb
    else:
        first = r.subject_agents(i)
    with_ = r.marked(i, "с", "со") or _with_next(r, i)
    # «с находящимся в Астане с визитом министром X»: a «с» noun the parse hung under another
    with_ += [k for w in with_ for k in r.marked(w.index, "с", "со") if k not in with_]
    with_ += _stray_conjuncts(r, i, with_)
    between = [p for p in r.agents(r.marked(i, "между")) if p not in first]   # all of them met
    if any(p.type == PER for p in first + between):   # «встреча A и B … между Секретариатом и вузом
        between = [p for p in between if p.type == PER or _a_delegation(p)]   # подписан меморандум»
    first = first + between
    first = first + [p for p in _taking_part(r, with_) if p not in first]   # «встреча с участием A и B»
    partners = r.agents(with_) or r.agents(_verbs_partners(r, i)) or r.partner_next(i) \
        or _partners_in_place_phrase(r, i) or _named_after_titles(r, with_)
    if token.pos in NOUNS and not first:   # «У министра X состоялась встреча с Y»
        verb = r.view.governing_verb(i)
        first = [p for p in r.agents(r.marked(verb.index, "у")) if p.type == PER] if verb is not None else []
    if not first and token.pos in NOUNS and any(_a_guest(p) for p in partners) and not any(
            m.type == PER and m.normal not in {p.normal for p in partners} for m in r.view.sentence.mentions):
        # «Состоялись встречи с A и B» («с делегацией во главе с A»), naming nobody else: the
        # host is the one the sentence before is about
        first = r.actors.hosts_before(r.view.sentence.index)
    return first, [p for p in partners if p not in first]


def _with_next(r: Reader, i: int) -> list[Token]:
    """«встретился с чрезвычайным и полномочным послом X», where the parse hung the «с» on
    another noun: the noun of the «с» right after the verb."""
    tokens = r.view.tokens
    if tokens[i].pos != "VERB" or i + 1 >= len(tokens) or tokens[i + 1].lemma not in ("с", "со"):
        return []
    noun = next((k for k in tokens[i + 2:] if k.pos not in ("ADJ", "CCONJ")), None)
    return [noun] if noun is not None and noun.pos in NOUNS else []


def _distributed_posts(r: Reader) -> list[FactRecord]:
    """«министров обороны Беларуси, России и Казахстана — A, B и C»: as many places as people
    after the dash, each holds the post of the place in the same rank."""
    tokens, facts = r.view.tokens, []
    for post in tokens:
        if post.lemma not in T.POSITION_NOUNS or post.feat("Number") != "Plur":
            continue
        listed = _dash_list(r, post.index)
        if listed is None:
            continue
        dash, people = listed
        places = [m for m in r.view.sentence.mentions if m.type == LOC and post.index < m.first < dash]
        if len(places) < 2 or len(places) != len(people):
            continue
        words = " ".join(t.text.lower() for t in tokens[post.index + 1:places[0].first])
        title = f"{post.lemma} {words}".strip()
        for place, person in zip(places, people):
            position = PositionRecord(title, post.text, place, f"{title[:1].upper()}{title[1:]} {place.normal}")
            facts.append(FactRecord(HOLDS_POSITION, person, position, person.doc_id, r.view.sentence.index, post.text))
    return facts


def _listed_after_dash(r: Reader, i: int) -> list[Mention]:
    """«встреча министров обороны Беларуси, России и Казахстана — И. Куприенко, Сергея Лапшина
    и Даурена Сейтказина»: the people a dash lists after a meeting of plural posts."""
    posts = [k for k in r.view.children(i, "nmod") if k.feat("Number") == "Plur" and k.lemma in T.POSITION_NOUNS]
    listed = _dash_list(r, i) if posts else None
    return listed[1] if listed is not None else []


def _dash_list(r: Reader, i: int) -> tuple[int, list[Mention]] | None:
    """The dash after token i, before any verb, and the people named after it up to the next
    verb; None when no such dash."""
    tokens = r.view.tokens
    dash = next((t for t in tokens[i + 1:] if t.text in ("—", "–") or t.pos in ("VERB", "AUX")), None)
    if dash is None or dash.pos in ("VERB", "AUX"):
        return None
    found: list[Mention] = []
    for t in tokens[dash.index + 1:]:
        if t.pos in ("VERB", "AUX"):
            break
        person = r.person_at.get(t.index) or r.view.mention(t.index)
        if person is not None and person.type == PER and person not in found:
            found.append(person)
    return dash.index, found


def _stray_conjuncts(r: Reader, i: int, with_: list[Token]) -> list[Token]:
    """«встретился с послом X и новым представителем Y», «провёл встречи с A, с B и с C», where
    the parse hung the later nouns elsewhere: a noun after the «с» phrase, before the next verb,
    in the instrumental, joined by «и» with no preposition of its own, or by «, с» / «и с»."""
    if not with_:
        return []
    tokens = r.view.tokens
    found: list[Token] = []
    for t in tokens[with_[-1].index + 1:]:
        if t.pos in ("VERB", "AUX") or t.pos == "PUNCT" and t.text not in (",", "«", "»"):
            break
        repeated = t.lemma in ("с", "со") and t.pos == "ADP" and tokens[t.index - 1].text in (",", "и")
        if t.lemma == "и" and t.pos == "CCONJ" or repeated:   # «… и новым представителем Y», «…, с B и с C»
            noun = next((k for k in tokens[t.index + 1:] if k.pos != "ADJ"), None)
            if noun is not None and noun.pos in NOUNS and noun.feat("Case") == "Ins" \
                    and (repeated or not r.view.case_marker(noun.index)) and noun not in with_ + found:
                found.append(noun)
    return found


def _named_after_titles(r: Reader, tokens: list[Token]) -> list[Mention]:
    """«с министрами торговли A и B Микаилом X и Арманом Y», where the parse hung the names
    elsewhere: the people named after the title, before its phrase ends."""
    found: list[Mention] = []
    for token in tokens:
        # a post the tables do not know, written with a capital («с Торагой Жогорку Кенеша X»)
        unknown_post = token.pos == "PROPN" and token.text[:1].isupper() and r.view.mention(token.index) is None
        if token.lemma not in T.POSITION_NOUNS and not unknown_post:
            continue
        for after in r.view.tokens[token.index + 1:]:
            mention = r.view.mention(after.index)
            if after.pos == "VERB" or after.pos == "PUNCT" and mention is None and after.text != ",":
                break
            if mention is not None and mention.type == PER and mention not in found:
                found.append(mention)
    return found


def _partners_in_place_phrase(r: Reader, i: int) -> list[Mention]:
    """«обсудил на саммите АСЕАН с турецким коллегой X»: the parse hung the «с» phrase on the
    verb's «на/в» phrase before it; a person there is the verb's partner."""
    token = r.view.tokens[i]
    if token.pos != "VERB":
        return []
    found = []
    for where in r.marked(i, "на", "в", "во"):
        if where.lemma in T.MET_WITH:   # «в ходе телефонного разговора с X обсудил»: the talk's own
            continue
        found += [p for p in r.agents(r.marked(where.index, "с", "со")) if p.type == PER]
    return found


def _taking_part(r: Reader, with_: list[Token]) -> list[Mention]:
    """The people «с участием» of whom a meeting was held."""
    return [p for k in with_ if k.lemma == "участие"
            for p in r.agents(r.view.children(k.index, "nmod")) if p.type == PER]


def _verbs_partners(r: Reader, i: int) -> list:
    """«провёл с ним переговоры»: the «с» phrase of the verb whose object the meeting noun is."""
    token, head = r.view.tokens[i], r.view.head(i)
    if token.pos not in NOUNS or token.rel != "obj" or head is None or head.pos != "VERB":
        return []
    return r.marked(head.index, "с", "со")


def read_receive(r: Reader, i: int) -> tuple[list[Mention], list[Mention]]:
    view = r.view
    passive = view.tokens[i].feat("Voice") == "Pass" or view.children(i, "nsubj:pass", "aux:pass")
    if passive:
        guests = r.agents(view.children(i, "nsubj:pass", "nsubj")) or r.adjacent_subject(i)
        hosts = r.agents(k for k in view.children(i, "obl") if not view.case_marker(k.index))
    else:
        hosts = r.subject_agents(i)   # «Сегодня Ж. Кулубаев принял…»: a subject the parse lost too
        objects = view.children(i, "obj")
        guests = r.agents(objects) if objects else r.object_next(i) or r.object_before(i)
        if not any(_a_guest(g) for g in guests):   # «принял верительные грамоты у посла X»
            guests = [p for p in r.agents(r.marked(i, "у")) if p.type == PER] or _after_u(r, i)
    if not any(_a_guest(m) for m in guests) or not hosts:
        return [], []
    return hosts, [g for g in guests if g not in hosts]


def read_hand(r: Reader, i: int) -> tuple[list[Mention], list[Mention]]:
    """«Посол X вручил копии верительных грамот министру Y»: handing a paper of the table over
    in person is meeting whom it is handed to (the dative), not handing over anything."""
    view = r.view
    papers = [k for k in view.children(i, "obj") for k in [k, *view.children(k.index, "nmod")]]
    if not any(k.lemma in T.HANDED_PAPERS for k in papers):
        return [], []
    givers = r.subject_agents(i)
    # the dative on the verb, or hung by the parse on the object's words («визит вежливости Председателю»)
    near = view.children(i, "iobj", "obl", "obj", "nmod") + [k for p in papers for k in view.children(p.index)]
    receivers = r.agents(k for k in near if k.feat("Case") == "Dat" and not view.case_marker(k.index))
    receivers = [p for p in receivers if p.type == PER and p not in givers]
    return (givers, receivers) if givers and receivers else ([], [])


def _a_guest(mention: Mention) -> bool:
    """Whom a host receives: a person, or a delegation whose members a later sentence may name."""
    return mention.type == PER or _a_delegation(mention)


def _after_u(r: Reader, i: int) -> list[Mention]:
    """The person named after the verb's «у», where the parse hung the phrase elsewhere."""
    for token in r.view.tokens[i + 1:]:
        if token.pos == "VERB" or token.pos == "PUNCT":
            return []
        if token.lemma == "у" and token.pos == "ADP":
            person = first_person_after(r.view.sentence, token.index + 1)
            return [person] if person is not None else []
    return []


# ---------------------------------------------------------------- event readers

def read_at(r: Reader, i: int):
    view = r.view
    if any(k.lemma in T.COPULA_ROLES for k in view.children(i)):
        return [], None
    token = view.tokens[i]
    # «выступление министра»: a person speaks; «доклад Банка» is presented by someone else
    speakers = [a for a in r.genitive_agents(i) if a.type == PER] if token.pos in NOUNS else []
    agents = speakers or r.subject_agents(i)
    # «выступил с лекцией»: an event noun after «с» is the speech itself
    event = r.event_among(r.marked(i, "с")) or r.event_among(r.marked(i, "на", "перед", "в", "во")) \
        or r.event_after(i, ("на", "перед")) or _addressed(r, i)
    return agents, event or r.recent_event()


def _addressed(r: Reader, i: int) -> EventRecord | None:
    """«зачитал приветствие … участникам семинара «…»»: the event whose participants the
    words were addressed to, before the next verb."""
    for token in r.view.tokens[i + 1:]:
        if token.pos in ("VERB", "AUX") and token.feat("VerbForm") == "Fin":
            return None
        if token.lemma == "участник" and token.feat("Case") == "Dat":
            return r.events.at(r.view, token.index + 1) if token.index + 1 < len(r.view.tokens) else None
    return None


def read_said(r: Reader, i: int):
    """«сказал на заседании Совета», «заявил на пресс-конференции»: a verb of saying is a speech
    at the event it names with «на» (alone, «заявил, что…», it says nothing of where)."""
    event = r.event_among(r.marked(i, "на")) or r.event_after(i, ("на",))
    if event is None and _among_speeches(r):   # «Открыла конференцию X. … Директор Y отметил…»
        event = r.speeches_before
    return (r.subject_agents(i), event) if event is not None else ([], None)


def _among_speeches(r: Reader) -> bool:
    """The sentence before reported speeches at an event, and this one names no other event
    (events in the plural are no one event) and no other time («Ранее», «накануне»): its
    speaker spoke there too."""
    tokens = r.view.tokens
    return r.speeches_before is not None and not any(
        t.lemma in T.EVENT_NOUNS and t.feat("Number") != "Plur" or t.lemma in OTHER_TIMES for t in tokens)


def read_opened(r: Reader, i: int):
    """«Форум открыл министр», «Открывая конференцию, ректор отметил», «Сессию модерировала
    X»: the subject and the event that is the object (no event, no fact: «открыл школу»)."""
    # «Форум открыл министр»: the parse may call both subjects; «Дискуссию модерировал X»,
    # the object right before the verb, which the parse hung elsewhere
    event = r.event_among(r.view.children(i, "obj", "nsubj"))
    for k in range(i - 1, -1, -1) if event is None else ():   # «Сессию, посвящённую …, модерировал»
        token = r.view.tokens[k]
        if token.pos in ("VERB", "AUX") and token.feat("VerbForm") == "Fin":
            break
        event = r.events.at(r.view, k) if token.feat("Case") == "Acc" and token.pos in NOUNS else None
        if event is not None:
            break
    return r.subject_agents(i) or r.nominative_after(i), event


def read_address(r: Reader, i: int):
    view = r.view
    verb = view.tokens[i] if view.tokens[i].pos == "VERB" else view.governing_verb(i)
    agents = r.genitive_agents(i) or r.subject_agents(i)
    places = [i] + ([verb.index] if verb is not None else [])
    addressees = [k for p in places for k in view.children(p) if k.lemma == "участник"]
    event = r.event_among(k for a in addressees for k in view.children(a.index, "nmod"))
    if event is None and verb is not None:   # «на заседании с приветственным словом обратился министр»
        event = r.event_among(r.marked(verb.index, "на", "в", "во"))
    if event is None and addressees:   # «к участникам обратился X»: of the event just named
        event = r.recent_event()
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
    # «Организаторами выступили A и B, соорганизатором — C»: the name after the dash
    agents = r.after_dash(i) or r.agents(subjects or view.subjects(i))
    genitives = view.children(i, "nmod")
    # «инициатором проведения форума»: through a noun of holding to its event
    genitives += [k for g in genitives if g.lemma in T.HOLDING_NOUNS for k in view.children(g.index, "nmod")]
    # the noun right after it, which the parse may have hung elsewhere («организатором бизнес-форума»)
    following = view.tokens[i + 1] if i + 1 < len(view.tokens) else None
    if following is not None and following.pos in NOUNS and following.feat("Case") in ("Gen", None, "Nom"):
        genitives.append(following)
    event = r.event_among(genitives)
    if not agents:   # «Организатор семинара — X»: the dash after its event
        dash = next((k for k in view.tokens[i + 1:i + 4] if k.text in ("-", "–", "—")), None)
        agents = r.after_dash(dash.index - 1) if dash is not None else []
    return agents, event or r.recent_event()


def read_by(r: Reader, i: int):
    view = r.view
    token = view.tokens[i]
    head = view.head(i)
    by_agent = _by_agents(view, i)
    by_agent += _stray_conjuncts(r, i, by_agent)   # «организованный A и B», B hung elsewhere
    if (token.feat("VerbForm") == "Part" or token.rel in ("acl", "amod")) and head is not None:
        # «на круглом столе «…», организованном X»: the event before, where the parse hung it elsewhere
        return r.agents(by_agent), r.events.at(view, head.index) or r.event_before(i)
    if view.children(i, "nsubj:pass"):   # «семинар был организован посольством»
        return r.agents(by_agent), r.event_among(view.children(i, "nsubj:pass"))
    return r.agents(view.subjects(i)), r.event_among(view.children(i, "obj"))


def _by_agents(view: View, i: int) -> list[Token]:
    """The agent phrases of a passive or participle: «obl:agent», or an «obl» with no preposition."""
    return [k for k in view.children(i, "obl") if k.rel == "obl:agent" or not view.case_marker(k.index)]


def read_hold(r: Reader, i: int):
    """«Министерство провело совещание», «Мероприятие проведено министерством», «конференция,
    проведённая X», «Семинар проводится X»: who held which event; a meeting held is no
    organizing («провёл консультации с X»: they met)."""
    view = r.view
    token, head = view.tokens[i], view.head(i)
    by_agent = _by_agents(view, i)
    instrumental = [k for k in by_agent if k.rel == "obl:agent" or k.feat("Case") == "Ins"]
    if view.children(i, "nsubj:pass") or token.feat("VerbForm") == "Part" and token.rel == "root":
        agents, event = by_agent, r.event_among(view.children(i, "nsubj:pass", "nsubj"))
    elif token.feat("VerbForm") == "Part" and token.rel in ("acl", "amod") and head is not None and instrumental:
        agents, event = instrumental, r.events.at(view, head.index)   # the event the participle describes
    elif token.lemma.endswith("ся") and instrumental:
        agents, event = instrumental, r.event_among(view.children(i, "nsubj"))
    elif token.feat("Voice") == "Pass" or token.feat("VerbForm") == "Part":
        return [], None
    else:
        agents, event = view.subjects(i), r.event_among(view.children(i, "obj"))
        if event is None:   # «Министерство провело в Ташкенте форум», the object parsed as a second subject
            event = r.event_among([k for k in agents if k.index > i])
            agents = [k for k in agents if k.index < i]
    if event is None or event.kind in (MEETING, CONSULTATION):
        return [], None
    return r.agents(agents), event


def read_chair(r: Reader, i: int):
    """«Заседание прошло под председательством X», «учения проводятся под руководством X», «На
    заседании председательствовал X»; not «делегация под руководством X прибыла на форум»: the
    phrase must describe an event."""
    view = r.view
    if view.tokens[i].pos == "VERB" or finite_verb(view.tokens[i].text):   # the verb the tagger may call a noun
        return r.subject_agents(i), r.event_among(r.marked(i, "на")) or r.recent_event()
    head = view.head(i)
    if head is not None and head.pos in NOUNS:
        event = _event_above(r, head)
        return (r.genitive_agents(i), event) if event is not None else ([], None)
    verb = r.view.governing_verb(i)
    subjects = r.view.subjects(verb.index) if verb is not None else []
    event = r.event_among(subjects)
    if event is None and subjects:   # the verb is said of something else
        return [], None
    return r.genitive_agents(i), event or r.recent_event()


def _event_above(r: Reader, token: Token | None) -> EventRecord | None:
    """The event a noun names, or a noun above it («заседание Совета комиссии под
    председательством X», the phrase hung on the body), up to `chair_depth` nouns."""
    for _ in range(T.LIMITS.chair_depth):
        if token is None or token.pos not in NOUNS:
            return None
        event = r.events.at(r.view, token.index)
        if event is not None:
            return event
        token = r.view.head(token.index)
    return None


def read_initiative(r: Reader, i: int):
    """«встреча прошла по инициативе посольства»; not «дебаты по поводу инициатив правительства»."""
    if i == 0 or r.view.tokens[i - 1].text.lower() not in ("по", "под") or r.view.tokens[i].feat("Number") == "Plur":
        return [], None
    verb = r.view.governing_verb(i)
    if verb is not None and verb.feat("VerbForm") == "Part":   # «круглом столе, проведённом по инициативе X»
        # the event it describes; or, the parse having hung it on another noun, the event before
        described = r.events.at(r.view, verb.head) if verb.head >= 0 else None
        return r.genitive_agents(i), described or r.event_before(verb.index)
    # «по инициативе X прошёл круглый стол»: after the verb the parse may call its subject an object
    subjects = r.view.subjects(verb.index) + r.view.children(verb.index, "nsubj:pass", "obj") if verb else []
    return r.genitive_agents(i), r.event_among(subjects)


MEETING_READERS = {T.WITH: read_with, T.RECEIVE: read_receive, T.HAND: read_hand}
EVENT_READERS = {T.AT: read_at, T.SAID: read_said, T.OPENED: read_opened, T.ADDRESS: read_address, T.IN: read_in,
                 T.ROLE: read_role, T.BY: read_by, T.HOLD: read_hold, T.CHAIR: read_chair,
                 T.INITIATIVE: read_initiative}
EVENT_TABLES = ((SPOKE_AT, T.SPOKE_AT), (ORGANIZED, T.ORGANIZED), (PARTICIPATED_IN, T.PARTICIPATED_IN))


# ---------------------------------------------------------------- a document

def extract(document: ParsedDocument) -> Extraction:
    """Events and facts of one document. The tokens are dropped from the result: resolution
    needs only mentions and sentences, and a corpus build must not hold every parse."""
    events = Events(document)
    facts: list[FactRecord] = []
    same_as: list[tuple[Mention, Mention]] = list(document.same_as)
    refers: dict[tuple, tuple[Mention, Mention]] = {}
    titles_of = {sentence.index: find_titles(document.text, sentence) for sentence in document.sentences}
    actors = Actors(document, titles_of)
    for sentence in document.sentences:
        same_as.extend(_bracketed_abbreviations(sentence))
        view = View(sentence)
        titles = titles_of[sentence.index]
        events.excluded_places[sentence.index] = {i for t in titles for i in range(t.first, t.last + 1)}
        reader = Reader(view, events, titles, actors)
        reader.speeches_before = next((f.object for f in reversed(facts) if f.relation == SPOKE_AT
                                       and isinstance(f.object, EventRecord)
                                       and f.sent == sentence.index - 1 and f.status == HELD), None)
        events.occurred(view)
        events.note_visit(view)
        facts.extend(_positions(titles, sentence))
        facts.extend(_titles_by_verb(reader, document.text))
        facts.extend(_meetings(reader))
        facts.extend(_distributed_posts(reader))
        facts.extend(_delegation_heads(reader))
        facts.extend(_delegation_met(reader, facts))
        facts.extend(_continued_meeting(reader, facts))
        facts.extend(_event_facts(reader))
        refers.update((pronoun.key, (pronoun, found)) for pronoun, found in reader.refers)
    facts.extend(_meeting_participants(facts))
    facts = _through_their_people(facts)
    slim = replace(document, text="", info=document_info(document.text),
                   sentences=tuple(replace(s, tokens=()) for s in document.sentences))
    return Extraction(slim, events.final(), tuple(_unique(facts)), tuple(same_as), tuple(refers.values()))


def _through_their_people(facts: list[FactRecord]) -> list[FactRecord]:
    """«Министр принял делегацию Казахстана. В состав делегации вошли A и B»: a delegation meets
    through its people; where a meeting has them, no met-with of the delegation itself is kept
    (it stays a participant of the meeting)."""
    people_at: dict[tuple, set] = defaultdict(set)
    events_of: dict[tuple, set] = defaultdict(set)
    for fact in facts:
        if fact.relation == PARTICIPANT and isinstance(fact.object, EventRecord):
            events_of[fact.subject.key].add(fact.object.key)
            if fact.subject.type == PER:
                people_at[fact.object.key].add(fact.subject.key)

    def through_people(delegation: Mention, other: Mention) -> bool:
        shared = events_of[delegation.key] & events_of[other.key]
        return any(people_at[event] - {other.key} for event in shared)

    return [f for f in facts if not (f.relation == MET_WITH and any(
        _a_delegation(a) and isinstance(b, Mention) and through_people(a, b)
        for a, b in ((f.subject, f.object), (f.object, f.subject)) if isinstance(a, Mention)))]


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


def _positions(titles: list[Titled], sentence) -> list[FactRecord]:
    return [FactRecord(HOLDS_POSITION, t.person, position, t.person.doc_id, t.person.sent, position.surface)
            for t in titles for position in [_delegation_post(sentence, t)]]


def _delegation_post(sentence, titled: Titled) -> PositionRecord:
    """«делегацию Министерства экономического развития России во главе с заместителем министра
    X»: a head's title that names no organization is held in the delegation's."""
    position, tokens = titled.position, sentence.tokens
    if position.where is not None or titled.first < 4 or not headed_with(tokens, titled.first - 3):
        return position
    delegation = sentence.mention_at(titled.first - 4)
    if delegation is None or delegation.type != ORG or tokens[delegation.first].lemma not in T.DELEGATIONS:
        return position
    inside = [m for m in sentence.inner if delegation.first < m.first and m.last <= delegation.last and m.type == ORG]
    return replace(position, where=inside[0]) if inside else position


def _titles_by_verb(r: Reader, document_text: str) -> list[FactRecord]:
    """«Гачечиладзе является депутатом парламента», «премьер-министром станет глава партии»."""
    facts = []
    for token in r.view.tokens:
        if token.lemma not in T.TITLE_VERBS:
            continue
        holders = r.view.children(token.index, "nsubj", "nsubj:pass")
        objects = r.view.children(token.index, "obj")
        # «президент назначил Сидорова министром»: an appointing verb's post is its object's
        if token.lemma in T.APPOINTING_VERBS and objects and token.feat("Voice") != "Pass":
            holders = objects
        people = [p for p in r.agents(holders) if p.type == PER]
        for child in r.view.children(token.index, "obl", "obj", "xcomp", "nmod"):
            position = title_from(document_text, r.view.sentence, child.index) \
                if child.feat("Case") == "Ins" else None
            if position is not None:
                facts += [FactRecord(HOLDS_POSITION, p, position, p.doc_id, r.view.sentence.index, token.text)
                          for p in people]
    return facts


def _meetings(r: Reader) -> list[FactRecord]:
    facts = []
    for token in r.view.tokens:
        pattern = T.MET_WITH.get(token.lemma)
        if pattern is None:
            continue
        agents, partners = MEETING_READERS[pattern](r, token.index)
        if len({p.normal for p in agents + partners}) < 2:
            continue
        event = r.events.at(r.view, token.index) if token.pos in NOUNS else _talks_named(r, token.index)
        event = r.events.meeting(r.view, token.index) if event is None else r.events.as_meeting(event)
        held, mode = status(r.view, token.index), by_phone(r.view, token.index)
        relation = CALLED_WITH if mode else MET_WITH
        for n, people in enumerate(_meeting_groups(r, token.index, agents, partners)):
            # each partner met apart has a meeting of their own: «провела встречи с A, с B и с C»
            here = people[-1].sent == r.view.sentence.index   # partners named in other sentences
            held_at = event if n == 0 else r.events.meeting(r.view, people[-1].first) if here \
                else r.events.meeting(r.view, token.index, apart=n)
            facts += [_fact(PARTICIPANT, p, held_at, r, token.text, held, mode) for p in people]
            facts += [_fact(relation, a, b, r, token.text, held, mode)
                      for a, b in combinations(people, 2) if a.normal != b.normal]
    return facts


def _delegation_met(r: Reader, facts: list[FactRecord]) -> list[FactRecord]:
    """«Аким встретился с делегацией Сеула. Делегацию возглавлял вице-мэр X»: the one head
    named meets, for the delegation, whom it met in the two sentences before; so do the
    members a sentence lists («В составе делегации – депутаты A и B»)."""
    led = _led_delegations(r) or _delegation_members(r)
    if led is None or len(led[1]) != 1 and led[0].lemma in T.LEADS:
        return []
    verb, heads = led
    sent = r.view.sentence.index
    for fact in reversed(facts):
        if fact.sent < sent - 2:
            break
        if fact.relation != PARTICIPANT or fact.sent == sent or not _a_delegation(fact.subject):
            continue
        met = [f for f in facts if f.relation == PARTICIPANT and f.object == fact.object and f.subject.type == PER
               and all(f.subject.normal != head.normal for head in heads)]
        return [replace(fact, subject=head, sent=sent, trigger=verb.text) for head in heads] + \
            [replace(f, relation=MET_WITH, object=head, sent=sent, trigger=verb.text) for f in met for head in heads]
    return []


def _continued_meeting(r: Reader, facts: list[FactRecord]) -> list[FactRecord]:
    """«Беседа продолжилась в расширенном составе с участием X»: a meeting noun, subject of a
    verb of continuing, is the meeting named in the two sentences before; whom it names «с
    участием» joins it and meets its people."""
    tokens = r.view.tokens
    verb = next((t for t in tokens if t.lemma in T.CONTINUED), None)
    if verb is None or not any(T.MET_WITH.get(k.lemma) for k in r.view.subjects(verb.index)):
        return []
    taking_part = [t for t in tokens if t.lemma == "участие" and r.view.case_marker(t.index) in ("с", "со")]
    joined = [p for p in _taking_part(r, taking_part) if p.type == PER]
    sent = r.view.sentence.index
    held = [f for f in facts if f.relation == PARTICIPANT and sent - 2 <= f.sent < sent and f.status == HELD
            and isinstance(f.object, EventRecord) and f.object.kind in (MEETING, CONSULTATION)]
    if not joined or not held:
        return []
    meeting = held[-1].object
    present = [f for f in held if f.object == meeting and f.subject.type == PER]
    new = [p for p in joined if all(p.normal != f.subject.normal for f in present)]
    return [replace(present[0], subject=p, sent=sent, trigger=verb.text) for p in new] + \
        [replace(f, relation=MET_WITH, object=p, sent=sent, trigger=verb.text) for f in present for p in new]


def _delegation_members(r: Reader) -> tuple[Token, list[Mention]] | None:
    """«В составе делегации – депутаты A и B», «В состав делегации вошли A и B»: the word
    and the people listed after it."""
    tokens = r.view.tokens
    word = next((t for t in tokens[:-1] if t.lemma in T.DELEGATION_MEMBERS
                 and tokens[t.index + 1].lemma in T.DELEGATIONS), None)
    if word is None:
        return None
    people = r.named_after(word.index + 1)
    return (word, people) if people else None


def _led_delegations(r: Reader) -> tuple[Token, list[Mention]] | None:
    """A sentence saying who led the delegations («Делегацию возглавлял X», «…возглавил A,
    узбекистанскую — B»): its verb and the heads, one a side."""
    verb = leading_verb(r.view.tokens)
    # «Китайских гостей возглавлял ректор X»: the guests are a delegation too
    if verb is None or not any(t.lemma in T.DELEGATIONS or t.lemma in T.GUESTS for t in r.view.tokens):
        return None
    # in the nominative, or titled by a nominative («— помощник министра КНР Ван Цзиньлун», the
    # name's case misread)
    titled_nominative = {person for k, person in r.person_at.items() if r.view.tokens[k].feat("Case") == "Nom"
                         and r.view.tokens[k].pos == "NOUN"}
    named = [p for p in r.named_after(verb.index)
             if r.view.tokens[p.first].feat("Case") == "Nom" or p in titled_nominative]
    return verb, one_per_side(r.view.tokens, named)


def _a_delegation(mention: Mention) -> bool:
    return mention.type == ORG and mention.normal.split()[0].lower() in T.DELEGATIONS


def _talks_named(r: Reader, i: int) -> EventRecord | None:
    """«обсудили на консультациях ведомств», «встретились в ходе переговоров»: the meeting a
    verb names is the talks it is said to be held at (a forum is not: it only holds one)."""
    talks = [k for k in r.marked(i, "на", "в", "во") if T.EVENT_NOUNS.get(k.lemma) in (MEETING, CONSULTATION)]
    return r.event_among(talks) if talks else None


def _delegation_heads(r: Reader) -> list[FactRecord]:
    """«Казахстанскую делегацию возглавил A, узбекистанскую — B» after talks were named: the
    heads of the delegations met each other there."""
    led = _led_delegations(r)
    if led is None or len(led[1]) < 2:
        return []
    verb, heads = led
    event = r.recent_event()
    if event is None or event.kind not in (MEETING, CONSULTATION):
        return []
    event = r.events.as_meeting(event)
    facts = [_fact(PARTICIPANT, p, event, r, verb.text) for p in heads]
    return facts + [_fact(MET_WITH, a, b, r, verb.text) for a, b in combinations(heads, 2) if a.normal != b.normal]


def _meeting_groups(r: Reader, index: int, agents: list[Mention], partners: list[Mention]) -> list[list[Mention]]:
    """Who met whom at a trigger: the agents with each other and with each partner; the
    partners with each other only at a joint meeting («трёхсторонняя встреча»): «встретился с
    A, B и C» is three meetings of the host, not one of A, B and C."""
    if len(partners) <= 1 or _joint(r, index):
        return [agents + partners]
    return [agents + [partner] for partner in partners] if agents else []


def _joint(r: Reader, index: int) -> bool:
    """«трёхсторонняя встреча», «многосторонние переговоры»: one meeting of everyone named."""
    return any(k.lemma in T.JOINT_MEETINGS for k in r.view.children(index, "amod"))


def _meeting_participants(facts: list[FactRecord]) -> list[FactRecord]:
    """«Состоялась встреча. В ней приняли участие A и B»: people taking part in one meeting,
    named where the text says so, met each other there."""
    taking_part: dict[tuple, list[FactRecord]] = defaultdict(list)
    for fact in facts:
        if fact.relation == PARTICIPATED_IN and isinstance(fact.object, EventRecord) and fact.object.kind == MEETING \
                and fact.subject.type == PER:
            taking_part[fact.object.key].append(fact)
    found = []
    for joined in taking_part.values():
        found += [replace(f, relation=PARTICIPANT) for f in joined]
        found += [replace(a, relation=MET_WITH, object=b.subject, sent=max(a.sent, b.sent))
                  for a, b in combinations(joined, 2) if a.subject.normal != b.subject.normal]
    return found


def _event_facts(r: Reader) -> list[FactRecord]:
    facts = []
    for token in r.view.tokens:
        for relation, table in EVENT_TABLES:
            pattern = table.get(token.lemma)
            if pattern is None:
                continue
            agents, event = EVENT_READERS[pattern](r, token.index)
            if event is None:
                continue
            held = status(r.view, token.index)
            # taking part in a meeting is meeting its people, as the text says it; a speech or an
            # event organized that is only planned («выступит», «планирует организовать») is none
            if relation == ORGANIZED and agents:   # «организованный A совместно с B»: B too
                agents = agents + [a for a in r.jointly() if a not in agents]
            if relation == SPOKE_AT:   # a body does not speak: someone speaks for it
                agents = [a for a in agents if a.type == PER]
            if held == HELD or relation == PARTICIPATED_IN:
                facts += [_fact(relation, a, event, r, token.text, held) for a in agents]
    return facts


def _fact(relation: str, subject: Mention, obj, r: Reader, trigger: str, held: str = HELD,
          mode: str = "") -> FactRecord:
    sentence = r.view.sentence
    return FactRecord(relation, subject, obj, sentence.doc_id, sentence.index, trigger, held, mode)


def _unique(facts: list[FactRecord]) -> list[FactRecord]:
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

