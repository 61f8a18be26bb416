"""Rules on top of natasha's NER: organization names it misses, cuts short or mistypes.

- «Антитеррористический центр государств – участников СНГ», «Секретариатом ООН»: a
  capitalized noun phrase headed by an organization noun, with the genitive after it;
- «движения «Солидарность»», «ежемесячной газеты «Радикальная политика»», «футбольного клуба
  Челси»: a descriptor (with its adjectives) and a quoted or recognized name;
- «правительства Китая», «американского министерства иностранных дел»: a government body of a
  named place;
- «московского «Центра»»: a place adjective and a quoted name;
- «Фонд Марджани» tagged as a place is an organization; «Американцы» is no place;
- «Джошуа Вольфа (Joshua Wolf)»: a name and its bracketed variant are two mentions;
- «Театра им.» + «Йозефа Бойса»: an organization named after a person runs to the person's name;
- «корабля «Союз ТМА-11»», «учения «Центр-2019»»: a quoted name after a noun of a thing or an
  event names that thing, not an organization or a place;
- «Евросоюз», «горсовет», «Сбербанк»: a compound ending in an organization noun heads an
  organization name as that noun does;
- «антимонопольной комиссии Европейского союза»: an organization named inside a longer name is
  an inner mention.

Rules over a whole text («ЕС» after «Европейский союз», «телеканал» after «Телеканал …») are
in kg/discourse.py.

A place or organization swallowed by a longer name stays as an inner mention: the graph
knows that «правительство Китая» mentions «Китай».
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Callable

from .records import LOC, ORG, PER, Mention, Token
from .names import is_place_name
from .titles import title_lemma
from .triggers import (COMMON_ABBREVIATIONS, DOCUMENT_NOUNS, GOVERNMENT_HEADS, ORG_DESCRIPTORS, ORG_HEADS,
                       PLACE_DESCRIPTORS, POSSESSIVES, THING_DESCRIPTORS)

MAX_ORG_TOKENS = 12
NAMED_AFTER = (("имени",), ("им", "."))  # «театр имени Вахтангова», «музей им. Пушкина»
COMPOUND_PREFIX = 3  # letters before the organization noun of a compound: «евро|союз», «гор|совет»
LIST_SEPARATORS = {"•", "·", ";", "|"}
MAX_QUOTED_TOKENS = 10
DASHES = {"-", "–", "—"}
OPENING_QUOTES = {"«", "„", "“", '"'}
CLOSING_QUOTES = {"»", "“", "”", '"'}
# Adjectives made from place names: японский, американский, немецкий.
GEO_ADJECTIVE_ENDINGS = ("ский", "цкий")
MakeMention = Callable[[list[Token], str], Mention]


class Spans:
    """The mentions of one sentence while the rules rewrite them."""

    def __init__(self, tokens: tuple[Token, ...], mentions: list[Mention], make: MakeMention):
        self.tokens, self.make = tokens, make
        self.mentions = sorted(mentions, key=lambda m: m.first)
        self.inner: list[Mention] = []

    def at(self, index: int) -> Mention | None:
        return next((m for m in self.mentions if m.first <= index <= m.last), None)

    def replace(self, first: int, last: int, type_: str, keep_inside: bool, same: bool = False) -> None:
        """One mention over tokens first..last; what it covers goes, or becomes inner; with `same`
        an inner name of the same type is the same entity and goes too."""
        inside = [m for m in self.mentions if m.first <= last and m.last >= first]
        self.mentions = [m for m in self.mentions if m not in inside]
        outer = self.make(list(self.tokens[first:last + 1]), type_)
        if keep_inside:
            # a bare name of the same thing («Зенит» in «клуба «Зенит»») is no mention of its own
            self.inner.extend(m for m in inside if m.type in (LOC, ORG) and first <= m.first and m.last <= last
                              and not (same and m.type == type_))
        self.mentions.append(outer)
        self.mentions.sort(key=lambda m: m.first)


def apply_rules(tokens: tuple[Token, ...], mentions: list[Mention], make: MakeMention) -> Spans:
    spans = Spans(tokens, mentions, make)
    split_lists(spans)
    split_brackets(spans)
    retype(spans)
    named_after_persons(spans)
    described_places(spans)
    quoted_organizations(spans)
    described_organizations(spans)
    capitalized_organizations(spans)
    government_bodies(spans)
    absorb_genitives(spans)
    organizations_inside(spans)
    places_inside(spans)
    named_things(spans)
    return spans


# ---------------------------------------------------------------- fixing natasha's spans

def split_lists(spans: Spans) -> None:
    """«Монако • Намибия»: a span across list separators is one mention an item."""
    for mention in list(spans.mentions):
        cuts = [i for i in range(mention.first, mention.last + 1) if spans.tokens[i].text in LIST_SEPARATORS]
        if not cuts:
            continue
        spans.mentions.remove(mention)
        for first, last in zip([mention.first] + [c + 1 for c in cuts], [c - 1 for c in cuts] + [mention.last]):
            if first <= last:
                spans.mentions.append(spans.make(list(spans.tokens[first:last + 1]), mention.type))
    spans.mentions.sort(key=lambda m: m.first)


def organizations_inside(spans: Spans) -> None:
    """«антимонопольной комиссии Европейского союза», «Секретариат Совета Безопасности ООН»: a
    capitalized organization noun after the head, its adjectives and genitives, is an inner mention."""
    tokens, taken = spans.tokens, {m.first for m in spans.inner}
    for mention in spans.mentions:
        if mention.type != ORG or not _org_head(head_noun(tokens, mention)):
            continue
        head = head_noun(tokens, mention).index
        for i in range(head + 1, mention.last + 1):
            if not _org_head(tokens[i]):
                continue
            first = i
            while first > head + 1 and tokens[first - 1].pos == "ADJ":
                first -= 1
            last = i
            while last < mention.last and tokens[last + 1].feat("Case") == "Gen" \
                    and tokens[last + 1].pos in ("NOUN", "ADJ", "PROPN"):
                last += 1
            if tokens[first].text[:1].isupper() and first not in taken:  # natasha's own span kept
                spans.inner.append(spans.make(list(tokens[first:last + 1]), ORG))
                taken.add(first)
            break


def places_inside(spans: Spans) -> None:
    """«Голос Америки», «Совет Европы»: a place name inside an organization's name is a place mention too."""
    taken = {(m.first, m.last) for m in spans.inner}
    for mention in spans.mentions:
        if mention.type != ORG:
            continue
        for i in range(mention.first + 1, mention.last + 1):
            token = spans.tokens[i]
            if token.text[:1].isupper() and not token.text.isupper() and (i, i) not in taken and is_place_name(token.text):
                spans.inner.append(spans.make([token], LOC))


def split_brackets(spans: Spans) -> None:
    """«Организации … (ОДКБ)», «Вольфа (Joshua Wolf» as one span: the name, and the name in brackets."""
    for mention in list(spans.mentions):
        texts = [t.text for t in spans.tokens[mention.first:mention.last + 1]]
        if "(" not in texts[1:]:
            continue
        bracket = mention.first + texts.index("(")
        closing = next((i for i in range(bracket, mention.last + 1) if spans.tokens[i].text == ")"), mention.last + 1)
        spans.mentions.remove(mention)
        for first, last in ((mention.first, bracket - 1), (bracket + 1, closing - 1)):
            if first <= last and any(t.text[:1].isalnum() for t in spans.tokens[first:last + 1]):
                spans.mentions.append(spans.make(list(spans.tokens[first:last + 1]), mention.type))
        spans.mentions.sort(key=lambda m: m.first)


def retype(spans: Spans) -> None:
    """«Фонд Марджани» is an organization; «Американцы», a people, is no place; «Замглавы» is a
    title; «Резолюцию» a document; «наша Организация» a reference (kg/discourse.py links it);
    «СМИ» a common noun."""
    result = []
    for mention in spans.mentions:
        head = head_noun(spans.tokens, mention)
        if mention.first == mention.last and mention.type != PER and \
                (title_lemma(head.lemma) or head.lemma in DOCUMENT_NOUNS or _referring(spans.tokens, mention)):
            continue
        if mention.type != PER and head.text.upper() in COMMON_ABBREVIATIONS:
            continue   # «российских СМИ»; a place after it («СМИ Беларуси») is a mention of its own
        if mention.type == LOC and _org_head(head):
            mention = spans.make(list(spans.tokens[mention.first:mention.last + 1]), ORG)
        elif mention.type == LOC and mention.first == mention.last and head.feat("Animacy") == "Anim" \
                and head.feat("Number") == "Plur":
            continue
        result.append(mention)
    spans.mentions = result


def named_after_persons(spans: Spans) -> None:
    """«Театра им. Йозефа Бойса», «музея имени Пушкина»: the person's name is part of the
    organization's, and an inner mention of the person."""
    for mention in [m for m in spans.mentions if m.type == ORG]:
        start = _person_start(spans.tokens, mention)
        person = spans.at(start) if start is not None and start < len(spans.tokens) else None
        if person is not None and person.type == PER and person.first == start:
            spans.mentions.remove(person)
            spans.replace(mention.first, person.last, ORG, keep_inside=True)
            spans.inner.append(person)   # mentioned, though no participant of anything


def _person_start(tokens, mention: Mention) -> int | None:
    """Where the person's name starts when «им.» or «имени» ends the mention or follows it."""
    for marker in NAMED_AFTER:
        n = len(marker)
        if tuple(t.text.lower() for t in tokens[mention.last - n + 1:mention.last + 1]) == marker:
            return mention.last + 1
        if tuple(t.text.lower() for t in tokens[mention.last + 1:mention.last + 1 + n]) == marker:
            return mention.last + 1 + n
    return None


# ---------------------------------------------------------------- organizations natasha missed

def quoted_organizations(spans: Spans) -> None:
    tokens = spans.tokens
    for i, token in enumerate(tokens[:-1]):
        named_by = token.lemma in ORG_DESCRIPTORS and token.pos == "NOUN"
        if not (named_by or _geo_adjective(token)) or tokens[i + 1].text not in OPENING_QUOTES:
            continue   # «движения «Солидарность»», «московского «Центра»»
        closing = next((j for j in range(i + 2, min(i + 2 + MAX_QUOTED_TOKENS, len(tokens)))
                        if tokens[j].text in CLOSING_QUOTES), None)
        inside = spans.at(i)
        if closing is None or closing == i + 2 or (inside is not None and inside.type == PER):
            continue
        if any(m.type == PER for m in spans.mentions if i < m.first <= closing):
            continue
        spans.replace(_adjectives_before(spans, i), closing, ORG, keep_inside=True, same=True)


def described_organizations(spans: Spans) -> None:
    """«футбольного клуба Челси», «завода Visteon»: a descriptor right before a named organization."""
    tokens = spans.tokens
    for i, token in enumerate(tokens[:-1]):
        if token.lemma not in ORG_DESCRIPTORS or token.pos != "NOUN" or spans.at(i) is not None:
            continue
        named = spans.at(i + 1)
        if named is not None and named.type == ORG and named.first == i + 1:
            spans.replace(_adjectives_before(spans, i), named.last, ORG, keep_inside=True, same=True)


def described_places(spans: Spans) -> None:
    """«реки Славянки», «города Минска», «штата Аризона», «аэропорту «Домодедово»»: a place noun
    and the name after it are one place; the name alone stays an inner mention."""
    tokens = spans.tokens
    for i, token in enumerate(tokens[:-1]):
        own = spans.at(i)
        if token.lemma not in PLACE_DESCRIPTORS or token.feat("Number") == "Plur" \
                or (own is not None and (own.type != LOC or own.first != own.last)):
            continue   # «регионах России» are no one place; «мысе» tagged alone still joins its name
        named = spans.at(i + 1)
        if named is not None and named.type in (LOC, ORG) and named.first == i + 1:
            last, name = named.last, (named.normal if named.type == LOC else named.text)
        elif tokens[i + 1].text in OPENING_QUOTES:
            last = next((j for j in range(i + 2, min(i + 2 + MAX_QUOTED_TOKENS, len(tokens)))
                         if tokens[j].text in CLOSING_QUOTES), None)
            if last is None or any(m.type == PER for m in spans.mentions if i < m.first <= last):
                continue
            name = "".join(t.text if not k or t.start == tokens[i + 1 + k - 1].stop else " " + t.text
                           for k, t in enumerate(tokens[i + 1:last + 1]))
        else:
            continue
        descriptor = spans.make([token], LOC).normal.lower()
        spans.replace(i, last, LOC, keep_inside=named is not None and named.type == LOC, same=True)
        place = spans.at(i)
        spans.mentions[spans.mentions.index(place)] = replace(place, normal=f"{descriptor} {name}")


def capitalized_organizations(spans: Spans) -> None:
    tokens = spans.tokens
    for head in range(len(tokens)):
        if spans.at(head) is not None or not _org_head(tokens[head]):
            continue
        first = _phrase_start(spans, head)
        if first is None:
            continue
        last = _genitive_tail(spans, head)
        if not any(m.type == PER for m in spans.mentions if first <= m.first and m.last <= last):
            spans.replace(first, last, ORG, keep_inside=True)


def government_bodies(spans: Spans) -> None:
    """«правительства Китая»: a lowercase body noun counts when a named place or organization follows."""
    tokens = spans.tokens
    for head in range(len(tokens)):
        if spans.at(head) is not None or tokens[head].lemma not in GOVERNMENT_HEADS or tokens[head].pos != "NOUN":
            continue
        last = _genitive_tail(spans, head)
        named = spans.at(last)
        first = _adjectives_before(spans, head)
        of_place = named is not None and named.type in (LOC, ORG) and named.last == last
        if of_place or any(_geo_adjective(t) for t in tokens[first:head]):   # «американского министерства»
            spans.replace(first, last, ORG, keep_inside=True)


def absorb_genitives(spans: Spans) -> None:
    """An organization named by its head noun takes the genitive words, places and organizations
    after it: «Антитеррористический центр» + «государств – участников СНГ», «МИД» + «России»."""
    for mention in list(spans.mentions):
        if mention not in spans.mentions or mention.type != ORG:
            continue
        if _headed_by_org(spans.tokens, mention) and not _abbreviation(spans.tokens, mention):
            last = _genitive_tail(spans, mention.last)
        else:
            last = _adjacent_place(spans, mention.last + 1)
        first = _geo_adjectives_before(spans, mention.first)
        if last > mention.last or first < mention.first:
            spans.mentions.remove(mention)
            spans.replace(first, max(last, mention.last), ORG, keep_inside=True)


def named_things(spans: Spans) -> None:
    """«корабля «Союз ТМА-11»», «учения «Центр-2019»»: the quoted name of a thing or an event
    is no organization or place, whatever its words («союз», «центр») or natasha said. A name
    that holds other names («конференция «ОДКБ и ШОС: ответ на вызовы»») keeps them."""
    tokens = spans.tokens
    for i in range(2, len(tokens)):
        if tokens[i - 1].text not in OPENING_QUOTES or tokens[i - 2].pos != "NOUN" \
                or tokens[i - 2].lemma not in THING_DESCRIPTORS:
            continue
        closing = next((j for j in range(i, min(i + MAX_QUOTED_TOKENS, len(tokens)))
                        if tokens[j].text in CLOSING_QUOTES), len(tokens))
        inside = [m for m in spans.mentions + spans.inner if i <= m.first < closing]
        outer = [m for m in inside if m.first == i and not any(o.first > m.last for o in inside)]
        if outer and outer[0].type in (ORG, LOC):
            spans.mentions = [m for m in spans.mentions if m not in inside]
            spans.inner = [m for m in spans.inner if m not in inside]


# ---------------------------------------------------------------- helpers

def head_noun(tokens, mention: Mention) -> Token:
    """The first noun of a name: «Европейского союза» -> «союза»."""
    return next((t for t in tokens[mention.first:mention.last + 1] if t.pos in ("NOUN", "PROPN")), tokens[mention.first])


def _referring(tokens, mention: Mention) -> bool:
    """«наша Организация»: a possessive or demonstrative before a bare organization noun."""
    return mention.first > 0 and tokens[mention.first - 1].lemma in POSSESSIVES \
        and tokens[mention.first].lemma in ORG_HEADS


def _org_head(token: Token) -> bool:
    return token.pos in ("NOUN", "PROPN") and (token.lemma in ORG_HEADS or _compound_org_head(token.lemma))


@lru_cache(maxsize=50_000)
def _compound_org_head(lemma: str) -> bool:
    """«евросоюз», «горсовет», «пресс-служба», «Сбербанк»; not «бизнес-центр», a place."""
    return lemma not in PLACE_DESCRIPTORS and any(
        lemma.endswith(head) and len(lemma) - len(head) >= COMPOUND_PREFIX for head in ORG_HEADS)


def _phrase_start(spans: Spans, head: int) -> int | None:
    """Adjectives before the head; the phrase must start with a capital letter."""
    tokens = spans.tokens
    first = head
    while first > 0 and tokens[first - 1].pos == "ADJ" and spans.at(first - 1) is None:
        first -= 1
    if not tokens[first].text[:1].isupper():
        return None
    if first == 0 and head == first:
        return None   # a sentence-initial bare noun («Комитет рассмотрел») is no name
    if first > 0 and tokens[first - 1].lemma in POSSESSIVES:
        return None   # «наша Организация» refers to a name (kg/discourse.py)
    return first


def _genitive_tail(spans: Spans, head: int) -> int:
    """The genitive words after the head: «комитет национальной безопасности Кыргызской Республики»."""
    tokens = spans.tokens
    last, i = head, head + 1
    while i < len(tokens) and i - head < MAX_ORG_TOKENS:
        token, mention = tokens[i], spans.at(i)
        if mention is not None and mention.type in (ORG, LOC) and mention.first == i:
            last = i = mention.last
        elif token.text in DASHES and i + 1 < len(tokens) and tokens[i + 1].feat("Case") == "Gen":
            pass
        elif mention is None and token.pos in ("NOUN", "ADJ", "PROPN") and token.feat("Case") == "Gen":
            last = i
        else:
            break
        i += 1
    return last


def _adjectives_before(spans: Spans, index: int) -> int:
    """«ежемесячной газеты …», «американского министерства …»: adjectives belong to the name."""
    while index > 0 and spans.tokens[index - 1].pos == "ADJ" and spans.at(index - 1) is None:
        index -= 1
    return index


def _geo_adjective(token: Token) -> bool:
    return token.pos == "ADJ" and token.lemma.endswith(GEO_ADJECTIVE_ENDINGS)


def _geo_adjectives_before(spans: Spans, index: int) -> int:
    """«японского МИДа», «Свердловского обкома»: an adjective of place is part of the name."""
    while index > 0 and spans.tokens[index - 1].pos == "ADJ" and spans.at(index - 1) is None \
            and spans.tokens[index - 1].lemma.endswith(GEO_ADJECTIVE_ENDINGS):
        index -= 1
    return index


def _abbreviation(tokens, mention: Mention) -> bool:
    return mention.first == mention.last and tokens[mention.first].text.isupper()


def _adjacent_place(spans: Spans, index: int) -> int:
    """«МИД» + «России», «Конгресса» + «США»: a name takes a place right after it."""
    mention = spans.at(index) if index < len(spans.tokens) else None
    if mention is not None and mention.type == LOC and mention.first == index \
            and spans.tokens[index].feat("Case") == "Gen":
        return mention.last
    return index - 1


def _headed_by_org(tokens, mention: Mention) -> bool:
    """«Комитет ...», or an abbreviation like «МИД», «ФСБ» that a country name may follow."""
    for token in tokens[mention.first:mention.last + 1]:
        if token.pos in ("NOUN", "PROPN"):
            return _org_head(token) or (token.text.isupper() and mention.first == mention.last)
    return False

