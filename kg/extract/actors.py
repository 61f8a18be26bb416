"""The people of one document: who a pronoun or a description stands for.

A press release names its people once in full («Генеральный секретарь ОДКБ Имангали
Тасмагамбетов») and then by surname, by pronoun («он», «с ним») or by description
(«Генеральный секретарь ОДКБ», «казахстанский министр», «глава российской компании»,
«китайский дипломат»). The whole text is read first: each person's names, titles and gender
(from a verb whose subject the person is — «посетила» —, a first name, a surname's ending).
Then:

- a pronoun stands for the last person of its gender named before it: in its sentence (never
  the subject of its own clause: «Михеев провёл с ним переговоры»), else in the sentences
  before, a sentence's subject first;
- a description stands for the one person named before it whose title it fits: the same
  head (or a word for it: «генсек», «глава», «дипломат»), its other words among the title's,
  its organization or its country's adjective the title's. Two that fit as well: nobody.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from kg import names
from kg.names.lexicon import abbreviates, country_of_capital, lookup, place_of_adjective
from kg.nlp.tree import subtree
from kg.records import PER, Mention, ParsedDocument, PositionRecord, Sentence, Token
from kg.rules import (
    GOVERNMENT_HEADS,
    GUESTS,
    LEADS,
    LIMITS,
    MET_WITH,
    ORG_DESCRIPTORS,
    PERSONAL_PRONOUNS,
    PLURAL_PRONOUNS,
    TITLE_SYNONYMS,
    VISIT_VERBS,
)

from .positions import Titled, headed_with

ADJECTIVE_ENDINGS = ("ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие")
FEMININE_SURNAMES = ("ова", "ева", "ёва", "ина", "ына", "ская", "цкая", "ая")
MASCULINE_SURNAMES = ("ов", "ев", "ёв", "ин", "ын", "ский", "цкий", "ой")
STEM = 5   # letters compared of a title's word: «регионального» is «регионального бюро»'s


@dataclass(eq=False)
class Actor:
    """A person of the text: every name mention, the titles, the evidence of gender."""
    surname: str
    first: str                      # first name or initial, lower case ("" when unknown)
    mentions: list[Mention] = field(default_factory=list)
    titles: list[PositionRecord] = field(default_factory=list)
    genders: Counter = field(default_factory=Counter)
    subject: int = 0                # how often the person is a clause's subject: how much the text is about them

    @property
    def gender(self) -> str | None:
        ranked = self.genders.most_common(2)
        if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
            return None
        return ranked[0][0]

    def named_by(self, sent: int) -> Mention | None:
        """The name of this person read last at or before sentence `sent`."""
        before = [m for m in self.mentions if m.sent <= sent]
        return before[-1] if before else None


class Actors:
    """The people of a document, read from its sentences and the titles found in each."""

    def __init__(self, document: ParsedDocument, titles: dict[int, list[Titled]]):
        self.document = document
        self.actors: list[Actor] = []
        self.of: dict[tuple, Actor] = {}
        self.visitors: list[Mention] = []   # who arrived or headed a visiting delegation, in order
        home = _home_country(document)
        for sentence in document.sentences:
            self.visitors += _visitors(sentence, titles.get(sentence.index, [])) + _foreign_heads(sentence, home)
            for mention in sentence.mentions:
                if mention.type == PER and mention.kind == "name":
                    self._add(mention, sentence)
            for titled in titles.get(sentence.index, []):
                actor = self.of.get(titled.person.key)
                if actor is not None:
                    actor.titles.append(titled.position)
                elif titled.person.kind == "title":   # «Генеральный секретарь ОБСЕ посетила»: whose?
                    self._title_gender(sentence, titled)

    # ------------------------------------------------------------ reading the people

    def _add(self, mention: Mention, sentence: Sentence) -> None:
        words = mention.normal.replace("ё", "е").split()
        surname = words[-1].lower()
        first = words[0].rstrip(".").lower() if len(words) > 1 else ""
        actor = next((a for a in self.actors if a.surname == surname and _same_first(a.first, first)), None)
        if actor is None:
            actor = Actor(surname, first)
            self.actors.append(actor)
        if len(first) > len(actor.first):
            actor.first = first
        actor.mentions.append(mention)
        actor.subject += _is_subject(sentence, mention)
        self.of[mention.key] = actor
        actor.genders.update(_name_genders(words))
        gender = _predicate_gender(sentence, range(mention.first, mention.last + 1))
        if gender:
            actor.genders[gender] += 3

    def _title_gender(self, sentence: Sentence, titled: Titled) -> None:
        gender = _predicate_gender(sentence, range(titled.first, titled.last + 1))
        found = self._fitting(titled.position, sentence.index, strict=True)
        if gender and found is not None:
            found.genders[gender] += 3

    # ------------------------------------------------------------ what a word stands for

    def pronoun(self, sentence: Sentence, index: int, excluded: set[int]) -> Mention | None:
        """The person a personal pronoun stands for (its own clause's subject `excluded`)."""
        gender = sentence.tokens[index].feat("Gender")
        here = [m for m in sentence.mentions if m.type == PER and m.kind == "name" and m.last < index
                and not excluded.intersection(range(m.first, m.last + 1)) and self._agrees(m, gender)]
        if here:
            return here[-1]
        back = max(0, sentence.index - LIMITS.sentences_back)
        for earlier in reversed(self.document.sentences[back:sentence.index]):
            people = [m for m in earlier.mentions if m.type == PER and m.kind == "name" and self._agrees(m, gender)]
            subjects = [m for m in people if _is_subject(earlier, m)]
            if subjects or people:
                return subjects[0] if subjects else people[-1]
        return None

    def described(self, titled: Titled) -> Mention | None:
        """The person a title standing alone stands for: the one named before whose title it
        fits; else, for a title opening its clause in a sentence that names nobody, the one
        person the sentences just before name, unless a title of theirs has its head
        («Президент Франции Саркози … Глава государства заявил»)."""
        sent = titled.person.sent
        actor = self._fitting(titled.position, sent, before=titled.first) or self._only_one_before(titled)
        if actor is None:
            actor = self._named_next(titled)
            return actor.mentions[0] if actor is not None else None
        return actor.named_by(sent)

    def counterpart(self, adjective: str, sent: int, post: str = "") -> Mention | None:
        """«провёл встречу с российским коллегой»: the one person named just before or in the
        next sentence whose post (`post`, when given) is held in the country the adjective names."""
        country = _country_of(adjective)
        if country is None:
            return None
        near = [actor for actor in self.actors if any(sent - LIMITS.sentences_back <= m.sent <= sent + 1
                                                      for m in actor.mentions)]
        described = PositionRecord(post, post, None, post)
        holding = [actor for actor in near if any(_named_country(country, t) and (not post or _fits(described, t))
                                                  for t in actor.titles)]
        if len(holding) != 1:
            return None
        actor = holding[0]
        return actor.named_by(sent) or actor.mentions[0]

    def _named_next(self, titled: Titled) -> Actor | None:
        """«провёл встречу с новым Послом Вьетнама. Посол Нгуен Минь Тхань передал…»: a post
        named before its holder's name, the name first written in the next sentence: the one
        person named there whose post the later title restates."""
        sent = titled.person.sent
        named = [actor for actor in self.actors if actor.mentions[0].sent == sent + 1]
        fitting = [actor for actor in named
                   if any(_fits(part, titled.position) for title in actor.titles for part in _parts(title))]
        return fitting[0] if len(fitting) == 1 else None

    def _only_one_before(self, titled: Titled) -> Actor | None:
        sentence = self.document.sentences[titled.person.sent]
        if not _opens_clause(sentence, titled.head) or any(
                m.type == PER and m.kind == "name" for m in sentence.mentions):
            return None
        back = max(0, sentence.index - LIMITS.sentences_back)
        named = {id(self.of[m.key]): self.of[m.key] for earlier in self.document.sentences[back:sentence.index]
                 for m in earlier.mentions if m.key in self.of}
        if len(named) != 1:
            return None
        only = next(iter(named.values()))
        words, head = _words(titled.position.title)
        if any(_words(title.title)[1] == head for title in only.titles):
            return None
        # a post that is no word for any of theirs is someone else's: «временный поверенный X …
        # министр выступила»
        if only.titles and not any(_same_head(head, _words(t.title)[1], words, _words(t.title)[0])
                                   for title in only.titles for t in _parts(title)):
            return None
        return only

    def holding(self, title: str, where: Mention, sent: int) -> Mention | None:
        """The one person named so far who holds `title` at `where`: «министров обороны России,
        Беларуси и Кыргызстана» are the three ministers the text named."""
        position = PositionRecord(title, title, where, title)
        actor = self._fitting(position, sent, strict=True)
        return actor.named_by(sent) if actor is not None else None

    def they(self, sent: int) -> list[Mention]:
        """«A и B прибыли в Ташкент. Они были приняты…»: the people who are together the subject
        of the sentence before that names people; nobody when fewer than two are."""
        _, subjects = self._subjects_before(sent)
        return subjects if len(subjects) > 1 else []

    def hosts_before(self, sent: int) -> list[Mention]:
        """«X провёл ряд встреч. Состоялись встречи с A и B»: whose meetings a sentence that
        names no host reports — the one person who is the subject of the sentence before that
        names people; nobody when that subject is no one named, or several («A и B прибыли»:
        they are one side, and the text has not said they met each other)."""
        earlier, subjects = self._subjects_before(sent)
        # that sentence must say they visit or meet: «прибыл», «провёл ряд встреч»
        if earlier is None or not any(t.lemma in VISIT_VERBS or t.lemma in MET_WITH for t in earlier.tokens):
            return []
        return subjects if len(subjects) == 1 else []

    def guest(self, sent: int) -> Mention | None:
        """«Гости были приняты президентом»: the visitor named last before (who arrived, or
        headed a delegation)."""
        before = [m for m in self.visitors if m.sent < sent]
        return before[-1] if before else None

    def _agrees(self, mention: Mention, gender: str | None) -> bool:
        actor = self.of.get(mention.key)
        known = actor.gender if actor is not None else None
        return gender is None or known is None or known == gender

    def _fitting(self, position: PositionRecord, sent: int, strict: bool = False,
                 before: int | None = None) -> Actor | None:
        """The one person named at or before `sent` (before its token `before`, when given:
        «Дипломат встретился с главой МИД X» is not X) whose titles fit `position` best."""
        scored: Counter[Actor] = Counter()
        for actor in self.actors:
            first = actor.mentions[0]
            if first.sent > sent or before is not None and first.sent == sent and first.first > before:
                continue
            score = max((_fits(position, part) for title in actor.titles for part in _parts(title)), default=0)
            if score:
                scored[actor] = score
        best = max(scored.values(), default=0)
        if not best or (strict and best < 2):
            return None
        tied = [actor for actor, score in scored.items() if score == best]
        if len(tied) > 1:   # two fit as well: the one the sentence before is about («Петров
            # встретился с Сидоровым. Об этом политик сообщил…»)
            subjects = {self.of[m.key] for m in self._subjects_before(sent)[1]}
            about = [actor for actor in tied if actor in subjects]
            if len(about) == 1:
                return about[0]
        # or the one the text is about, when it is clearly so («глава российской компании»
        # after «А. Миллер» was the subject three times and the other man never)
        tied.sort(key=lambda a: a.subject, reverse=True)
        return tied[0] if len(tied) == 1 or tied[0].subject > 2 * max(tied[1].subject, 0) and tied[0].subject > 1 \
            else None

    def _subjects_before(self, sent: int) -> tuple[Sentence | None, list[Mention]]:
        """The nearest sentence before `sent` that names people, and the people who are (together)
        its subject, each name once."""
        back = max(0, sent - LIMITS.sentences_back)
        for earlier in reversed(self.document.sentences[back:sent]):
            people = [m for m in earlier.mentions if m.type == PER and m.kind == "name"]
            if people:
                subjects = {m.normal: m for m in people if _is_subject(earlier, m, conjoined=True)}
                return earlier, list(subjects.values())
        return None, []


# ---------------------------------------------------------------- fitting a description to a title

def _fits(description: PositionRecord, title: PositionRecord) -> int:
    """How well a description fits a title a person holds: 0 not at all; 1 the head alone
    («Генеральный секретарь» for «Генеральный секретарь ОДКБ»); 2 its words and place too."""
    words, head = _words(description.title)
    title_words, title_head = _words(title.title)
    if not _same_head(head, title_head, words, title_words + _where_words(title)):
        return 0
    held = _stems(title_words + _where_words(title))
    # a country's adjective may stand before the organization: «глава российской компании»
    countries = [w for w in _words(description.label)[0] if _country_adjective(w)]
    own = [w for w in words if w != head and w not in countries and not (title.where and _org_noun(w))]
    if not set(_stems(own)) <= set(held) | set(_stems(_synonym_words(head))):
        return 0
    # «глава компании»: a noun for any organization is the one the title names
    nominal = description.where is not None and description.where.kind == "nominal" and title.where is not None
    # «глава монгольского внешнеполитического ведомства», «глава военного ведомства Кыргызстана»:
    # a body described, not named: only the place after it must fit
    generic = _described_body(description.where) if description.where is not None and title.where else 0
    place = [] if nominal else [w for w in _where_words(description)[generic:] if w not in countries]
    if place and not set(_stems(place)) <= set(held) and not _abbreviated(description, title):
        return 0
    if countries and not all(_country_in(_country_of(w), title) for w in countries):
        return 0
    return 2 if place or countries or len(own) > 1 else 1


def _described_body(mention: Mention) -> int:
    """How many words of an organization's name describe a body of government without naming
    it («военное ведомство Кыргызстана»: two); none for a name."""
    words = mention.normal.split()
    for n, word in enumerate(words):
        if not word.islower():
            return 0
        if word in GOVERNMENT_HEADS:
            return n + 1
    return 0


def _parts(title: PositionRecord) -> list[PositionRecord]:
    """A double title and each of its parts: «заместитель премьер-министра – министр
    иностранных дел» is a minister of foreign affairs too."""
    parts = [p.strip() for p in title.title.replace("—", "–").split(" – ") if p.strip()]
    return [title] + [replace(title, title=part) for part in parts[1:]]


def _words(title: str) -> tuple[list[str], str]:
    """A title's words (ё as е) and its head: «генеральный секретарь» -> (["генеральный",
    "секретарь"], "секретарь"); «заместитель генерального секретаря»'s head is «заместитель»."""
    words = title.lower().replace("ё", "е").split()
    n = 0
    while n < len(words) - 1 and (words[n].endswith(ADJECTIVE_ENDINGS) or words[n] == "и" and n > 0):
        n += 1   # «чрезвычайный и полномочный посол»
    return words, words[n] if words else ""


def _same_head(head: str, title_head: str, words: list[str], title_words: list[str]) -> bool:
    if head == title_head:
        return True
    # «министр» for «глава министерства …», «директор» for «глава дирекции»: the head a word
    # for the title's, and the organization named after the office
    if head in TITLE_SYNONYMS.get(title_head, ()) and any(w[:STEM] == head[:STEM] for w in title_words[1:]):
        return True
    return title_head in TITLE_SYNONYMS.get(head, ()) or any(
        " ".join(title_words).startswith(s) for s in TITLE_SYNONYMS.get(head, ()) if " " in s)


def _synonym_words(head: str) -> list[str]:
    return [w for s in TITLE_SYNONYMS.get(head, ()) for w in s.split()]


def _org_noun(word: str) -> bool:
    """«компании», «банка», «ведомства»: a noun for any organization, which the organization a
    title names is."""
    return any(parse.normal_form in ORG_DESCRIPTORS for parse in names.parses(word)[:2])


def _abbreviated(description: PositionRecord, title: PositionRecord) -> bool:
    """«Генеральный секретарь ОДКБ» for «Генеральный секретарь Организации Договора о
    коллективной безопасности»: one organization by its acronym and its full name."""
    if description.where is None:
        return False
    # «российского МИД», «МИД Туркменистана»: a country is no letter of the acronym, and
    # must be the title's own, or the title must name no other
    words = description.where.normal.split()
    countries = {w: _country_of(w.lower()) or _country_named(w) for w in words}
    if any(entry is not None and not _country_in(entry, title) for entry in countries.values()):
        return False
    short = " ".join(w for w in words if countries[w] is None) or description.where.normal
    if title.where is None:
        return abbreviates(short, title.title)
    full = title.where.normal
    # «глава МИД» for «министр иностранных дел»: the acronym of the title's own words
    return abbreviates(short, full) or abbreviates(full, short) or abbreviates(short, title.title)


def _where_words(position: PositionRecord) -> list[str]:
    return position.where.normal.lower().replace("ё", "е").split() if position.where else []


def _stems(words: list[str]) -> list[str]:
    return [w.strip("«»\"()")[:STEM] for w in words if len(w.strip("«»\"()")) > 2]


def _country_adjective(word: str) -> bool:
    entry = _country_of(word)
    return entry is not None


OBLIQUE_ADJECTIVE_ENDINGS = ("ой", "ого", "ому", "ом", "ую", "ых", "ым", "ими", "им", "их", "его", "ему", "ем", "ей")


def _country_of(word: str):
    """The country an adjective names, in any case: «российской» -> Россия."""
    if not word.endswith(ADJECTIVE_ENDINGS + OBLIQUE_ADJECTIVE_ENDINGS):
        return None
    for parse in names.parses(word)[:3]:
        if "ADJF" in parse.tag:
            entry = place_of_adjective(parse.normal_form)
            if entry is not None and entry.kind == "country":
                return entry
    return None


def _country_in(entry, title: PositionRecord) -> bool:
    """«казахстанский министр» fits «Министр обороны Республики Казахстан», and «глава
    российской компании» a «генеральный директор компании» of no country named; not a title
    of another country («министр иностранных дел Казахстана» is no Russian)."""
    # «Посол Японии в Республике Казахстан» is Japan's: the country a post is held in is not its own
    label = title.label.split(" в ")[0].split(" во ")[0]
    words = names.key(" ".join([label, title.where.normal if title.where else ""])).split()
    if _names_country(entry, words):
        return True
    # another country named by a word, or by the whole name of the post's place («Республики Корея»)
    others = [_country_of(word) or _country_named(word) for word in words]
    others.append(_country_named(title.where.normal) if title.where else None)
    return not any(other is not None and other.name != entry.name for other in others)


def _named_country(entry, title: PositionRecord) -> bool:
    """The post names the country: «Министр обороны Российской Федерации» names Россия."""
    return _names_country(entry, names.key(" ".join([title.label, title.where.normal if title.where else ""])).split())


def _names_country(entry, words: list[str]) -> bool:
    """The words (as compared) name the country, a one-word name in any case too («Беларуси»,
    «Китаем»)."""
    if any(names.key(name) in " ".join(words) for name in entry.names):
        return True
    stems = {names.key(name)[:STEM] for name in entry.names if " " not in name and len(name) > 3}
    return any(word.startswith(stem) for word in words for stem in stems)


def _country_named(word: str):
    found = lookup(word)
    return found if found is not None and found.kind == "country" else None


# ---------------------------------------------------------------- gender

def _name_genders(words: list[str]) -> Counter:
    """Votes from a first name the dictionary knows («Хельга» is a woman's) and from a Russian
    surname's ending («Исаева»)."""
    votes: Counter = Counter()
    if len(words) > 1 and len(words[0].rstrip(".")) > 1:
        for parse in names.parses(words[0]):
            if "Name" in parse.tag and "nomn" in parse.tag:
                votes["Fem" if "femn" in parse.tag else "Masc"] += 2
                break
    surname = words[-1].lower()
    if surname.endswith(FEMININE_SURNAMES):
        votes["Fem"] += 1
    elif surname.endswith(MASCULINE_SURNAMES):
        votes["Masc"] += 1
    return votes


def _predicate_gender(sentence: Sentence, span: range) -> str | None:
    """The gender of the past-tense verb (or short adjective) whose subject is in `span`:
    «Шмид провела», «секретарь … посетила»."""
    tokens = sentence.tokens
    for i in span:
        token = tokens[i]
        if token.parsed and token.rel.startswith("nsubj") and 0 <= token.head < len(tokens):
            verb = tokens[token.head]
            if verb.pos in ("VERB", "ADJ", "AUX") and verb.feat("Number") != "Plur":
                return verb.feat("Gender")
    return None


def _same_first(a: str, b: str) -> bool:
    """«Х.» and «хельга» agree; two first names or initials that differ do not."""
    return not a or not b or a[0] == b[0] and (len(a) == 1 or len(b) == 1 or a == b)


def _visitors(sentence: Sentence, titles: Sequence[Titled] = ()) -> list[Mention]:
    """The people a sentence says arrived («прибыл», «находится с визитом») or headed a
    delegation («во главе с [председателем группы …] X»)."""
    tokens, found = sentence.tokens, []
    for start in range(len(tokens)):
        if headed_with(tokens, start):
            head = first_person_after(sentence, start + 3)
            if head is not None:
                found.append(head)
    spans = {t.person.key: range(t.first, t.last + 1) for t in titles}
    found += [m for m in sentence.mentions if m.type == PER and m.kind == "name" and m not in found
              and _subject_of_visit(sentence, m, spans.get(m.key, range(0)))]
    # «Китайских гостей возглавлял ректор X»: who heads the guests
    verb = leading_verb(tokens)
    if verb is not None and any(t.lemma in GUESTS for t in tokens):
        head = next((m for m in sentence.mentions if m.type == PER and m.kind == "name" and m.first > verb.index), None)
        if head is not None and head not in found:
            found.append(head)
    return sorted(found, key=lambda m: m.first)


def _home_country(document: ParsedDocument):
    """The country a release is written in: the one whose capital its dateline names."""
    place = document.dateline.place if document.dateline is not None else None
    entry = lookup(place.normal) if place is not None else None
    if entry is None or entry.kind == "country":
        return entry
    return country_of_capital(entry.name)


def _foreign_heads(sentence: Sentence, home) -> list[Mention]:
    """«Узбекскую делегацию возглавил A, японскую – B», datelined Ташкент: B came as a guest.
    The heads, one a side the dashes part, taken in order with the sides' country adjectives."""
    tokens = sentence.tokens
    verb = leading_verb(tokens)
    if home is None or verb is None:
        return []
    countries = [c for t in tokens if t.pos == "ADJ" and (c := _country_of(t.text.lower())) is not None]
    heads = one_per_side(tokens, [m for m in sentence.mentions if m.type == PER and m.kind == "name"
                                  and m.first > verb.index])
    if len(countries) != len(heads) or len(heads) < 2:
        return []
    return [head for country, head in zip(countries, heads) if country.name != home.name]


def leading_verb(tokens) -> Token | None:
    """The verb saying who led a delegation («возглавил», «представлял»), if the sentence has one."""
    return next((t for t in tokens if t.lemma in LEADS), None)


def one_per_side(tokens, people: list[Mention]) -> list[Mention]:
    """«…делегацию возглавил A, узбекистанскую — B»: the first person of each part the dashes
    of the gapped clauses separate, in order; «российскую сторону представляли A, B и C» is one side."""
    dashes = [t.index for t in tokens if t.text in ("—", "–", "-")]
    sides: dict[int, Mention] = {}
    for person in people:
        sides.setdefault(sum(d < person.first for d in dashes), person)
    return list(sides.values())


def first_person_after(sentence: Sentence, start: int) -> Mention | None:
    """The first person named from `start` before the phrase ends (a verb, a comma; not a
    participle of the title: «у вновь назначенного посла X»)."""
    for token in sentence.tokens[start:]:
        if token.pos == "VERB" and token.feat("VerbForm") != "Part" \
                or token.pos == "PUNCT" and token.text not in "«»\"–—-":
            return None
        mention = sentence.mention_at(token.index)
        if mention is not None and mention.type == PER and mention.kind == "name":
            return mention
    return None


def _subject_of_visit(sentence: Sentence, mention: Mention, title: range = range(0)) -> bool:
    tokens = sentence.tokens
    inside = range(mention.first, mention.last + 1)
    root = next((tokens[i] for i in inside if tokens[i].head not in inside), None)
    # «с Председателем … X, находящейся в Казахстане с визитом»: a participle of visiting after the name
    after = tokens[mention.last + 1:mention.last + 3]
    if len(after) == 2 and after[0].text == "," and after[1].lemma in VISIT_VERBS \
            and after[1].feat("VerbForm") == "Part":
        return True
    # «принял находящегося в Баку с визитом Генерального секретаря … X»: the participle on the name's title
    named = set(inside) | set(title) | ({root.head} if root is not None else set())
    if any(t.lemma in VISIT_VERBS and t.feat("VerbForm") == "Part" and t.head in named for t in tokens):
        return True
    for _ in range(len(tokens)):   # the parser's heads may run in a circle
        if root is None or root.rel not in ("appos", "flat") or not 0 <= root.head < len(tokens):
            break
        root = tokens[root.head]
    if root is None or not root.rel.startswith("nsubj") or not 0 <= root.head < len(tokens):
        return False
    return tokens[root.head].lemma in VISIT_VERBS


def _opens_clause(sentence: Sentence, head: int) -> bool:
    """The title is its clause's subject (or, where the parser was not run, a nominative at
    the sentence's start)."""
    if head < 0:
        return False
    token = sentence.tokens[head]
    if token.parsed:
        return token.rel in ("nsubj", "nsubj:pass")
    return token.feat("Case") == "Nom" and head <= 2


def _is_subject(sentence: Sentence, mention: Mention, conjoined: bool = False) -> bool:
    """The name is its clause's subject, or stands in apposition to it («Министр Иван Петров
    провёл»: the parse makes «Министр» the subject); `conjoined`: or is joined by «и» to it."""
    tokens = sentence.tokens
    inside = range(mention.first, mention.last + 1)
    if any(tokens[i].rel.startswith("nsubj") for i in inside):
        return True
    after = mention.last + 1   # «АШХАБАД, 12 мая — Министр X принял»: a subject the parse lost
    if after < len(tokens) and tokens[after].pos == "VERB" and tokens[after].feat("VerbForm") == "Fin" \
            and tokens[mention.first].feat("Case") == "Nom":
        return True
    last = tokens[mention.last]
    if last.feat("Case") not in ("Nom", None) and not names.nominative_surname(last.text):
        return False   # «Министр X принял посла Индии Раджа Кумара», the name hung on «Министр»
    root = next((tokens[i] for i in inside if tokens[i].head not in inside), None)
    links = ("appos", "flat", "conj") if conjoined else ("appos", "flat")   # «Министр A и посол B прибыли»
    for _ in range(3):
        if root is None or root.rel.split(":")[0] not in links or not 0 <= root.head < len(tokens):
            return False
        root = tokens[root.head]
        if root.rel.startswith("nsubj"):
            return True
    return False


def is_plural_pronoun(token: Token) -> bool:
    return token.lemma in PLURAL_PRONOUNS and token.pos == "PRON"


def is_personal_pronoun(token: Token) -> bool:
    return token.lemma in PERSONAL_PRONOUNS and token.pos == "PRON"


def referring(sentence: Sentence, index: int, antecedent: Mention) -> Mention:
    """The pronoun as a mention of its antecedent's entity."""
    token = sentence.tokens[index]
    return replace(antecedent, sent=sentence.index, first=index, last=index, start=token.start, stop=token.stop,
                   text=token.text, kind="pronoun")


def own_subject(sentence: Sentence, index: int) -> set[int]:
    """The tokens of the subject of the pronoun's own clause, when the pronoun is not it: «он» in
    «Михеев провёл с ним переговоры» is someone else."""
    tokens = sentence.tokens
    if not tokens[index].parsed or tokens[index].rel.startswith("nsubj"):
        return set()
    head, steps = tokens[index].head, 0
    while 0 <= head < len(tokens) and tokens[head].pos not in ("VERB", "AUX") and steps < len(tokens):
        head, steps = tokens[head].head, steps + 1   # the parser's heads may run in a circle
    if not 0 <= head < len(tokens):
        return set()
    subjects = [t.index for t in tokens if t.head == head and t.rel.startswith("nsubj")]
    excluded = {i for s in subjects for i in subtree(tokens, s)}
    if tokens[head].feat("Number") == "Plur":   # «A и B обсудили с ним»: every name before a plural verb
        excluded.update(range(head))
    return excluded
