"""Rules on top of natasha's NER, in one sentence: the order they run in, and the fixes
that are not about finding organizations (those are in kg/extract/ner/organizations.py):

- «Фонд Марджани» tagged as a place is an organization; «Американцы» is no place;
  «Резолюцию», «СМИ» are no names; «наша Организация» is a reference;
- «Джошуа Вольфа (Joshua Wolf)»: a name and its bracketed variant are two mentions;
- «Театра им.» + «Йозефа Бойса»: an organization named after a person runs to the person's name;
- «реки Славянки», «аэропорту «Домодедово»»: a place noun and the name after it are one place;
- «Голос Америки»: a place name inside an organization's name is a place mention too;
- «корабля «Союз ТМА-11»», «учения «Центр-2019»»: a quoted name after a noun of a thing or an
  event names that thing, not an organization or a place.

Places after «г.», «пос.», before «обл.» and names of the lexicon the model missed are in
kg/extract/ner/gazetteer.py.

Rules over a whole text («ЕС» after «Европейский союз», «телеканал» after «Телеканал …») are
in kg/extract/ner/discourse.py.

A place or organization swallowed by a longer name stays as an inner mention: the graph
knows that «правительство Китая» mentions «Китай».
"""

from __future__ import annotations

from dataclasses import replace

from kg.extract.titles import title_lemma
from kg.names import NAME_ROLES, UD_CASES, evident_case, is_place_name, parses
from kg.records import LOC, ORG, PER, Mention, Token
from kg.rules import COMMON_ABBREVIATIONS, DOCUMENT_NOUNS, ORG_HEADS, PLACE_DESCRIPTORS, THING_DESCRIPTORS

from .gazetteer import known_names, lexicon_types, prefixed_places
from .organizations import (
    absorb_genitives,
    capitalized_organizations,
    described_organizations,
    government_bodies,
    organizations_inside,
    quoted_organizations,
)
from .spans import OPENING_QUOTES, MakeMention, Spans, after_possessive, closing_quote, head_noun, org_head

LIST_SEPARATORS = {"•", "·", ";", "|"}
NAMED_AFTER = (("имени",), ("им", "."))  # «театр имени Вахтангова», «музей им. Пушкина»


def apply_rules(tokens: tuple[Token, ...], mentions: list[Mention], make: MakeMention) -> Spans:
    spans = Spans(tokens, mentions, make)
    split_lists(spans)
    split_brackets(spans)
    initialed_names(spans)
    surnamed_pairs(spans)
    stray_first_words(spans)
    names_ending_organizations(spans)
    retype(spans)
    lexicon_types(spans)
    named_after_persons(spans)
    described_places(spans)
    prefixed_places(spans)
    quoted_organizations(spans)
    described_organizations(spans)
    capitalized_organizations(spans)
    government_bodies(spans)
    absorb_genitives(spans)
    organizations_inside(spans)
    known_names(spans)
    places_inside(spans)
    joined_adjectives(spans)
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


def initialed_names(spans: Spans) -> None:
    """«Сегодня А. Исаев принял», «Вчера Б. Алиев»: one or two capital initials with their dots
    and a capitalized word are a person's name, whatever the model made of them (nothing, or a
    span that took the adverb before)."""
    tokens = spans.tokens
    i = 0
    while i + 2 < len(tokens):
        first, last = i, _initials_end(tokens, i)
        if last is None:
            i += 1
            continue
        covering = [m for m in spans.mentions if m.first <= last and m.last >= first]
        # «… и Ван И. Стороны обсудили»: a one-letter name ending the model's name is no initial
        ended = any(m.type == PER and m.first < first and m.last == first for m in covering)
        if not ended and all(m.type == PER for m in covering) \
                and not any(m.first == first and m.last >= last for m in covering):
            spans.replace(first, max([last] + [m.last for m in covering]), PER, keep_inside=False)
        i = last + 1


def joined_adjectives(spans: Spans) -> None:
    """«Экономическая и социальная комиссия ООН», the model's span starting at «социальная»: a
    capitalized adjective and «и» before an organization's first adjective are part of it."""
    tokens = spans.tokens
    for mention in list(spans.mentions):
        first = mention.first
        if mention.type != ORG or first < 2 or tokens[first].pos != "ADJ" or tokens[first - 1].text != "и":
            continue
        before = tokens[first - 2]
        if before.pos == "ADJ" and before.text[:1].isupper() and spans.at(first - 2) is None:
            spans.mentions.remove(mention)
            spans.replace(first - 2, mention.last, ORG, keep_inside=True)


SURNAME_TAILS = ("овым", "евым", "иным", "ыным", "ова", "ева", "ина", "ыну", "ову", "еву", "ину",
                 "овой", "евой", "иной", "ов", "ев", "ин")


def surnamed_pairs(spans: Spans) -> None:
    """«с Торагой Жогорку Кенеша Улукбеком Сатыбалдиевым», names the model missed: two
    capitalized proper nouns outside any mention, not opening the sentence, the second with
    a Russian surname's ending («-иевым») and both in one case, are a person's name."""
    tokens = spans.tokens
    for i in range(1, len(tokens) - 1):
        first, second = tokens[i], tokens[i + 1]
        if spans.at(i) is not None or spans.at(i + 1) is not None or first.pos != "PROPN" or second.pos != "PROPN":
            continue
        if not (_capitalized(first.text) and _capitalized(second.text)) \
                or not second.text.lower().endswith(SURNAME_TAILS) or first.feat("Case") != second.feat("Case"):
            continue
        if any(r.is_known and "Name" not in r.tag and "Surn" not in r.tag for r in parses(second.text.lower())[:1]):
            continue   # a word the dictionary knows as no name
        spans.replace(i, i + 1, PER, keep_inside=False)


def stray_first_words(spans: Spans) -> None:
    """«палаты Олий Мажлиса Дильшодой Рахимовой», the model's name starting at «Мажлиса»: a first
    word no dictionary knows as a name, in no case the rest of the name agrees in, belongs to
    the name before it (an organization's, even one the model took for a place), not to the person."""
    tokens = spans.tokens
    for mention in list(spans.mentions):
        if mention.type != PER or mention.last - mention.first < 2 or mention not in spans.mentions:
            continue
        first = tokens[mention.first]
        if any(r.is_known and any(role in r.tag for role in NAME_ROLES) for r in parses(first.text.lower())):
            continue
        rest = tokens[mention.first + 1:mention.last + 1]
        evident = evident_case([t.text for t in rest])   # the endings say more than the guesses
        agreed = {UD_CASES[evident]} if evident else set.intersection(*(_noun_cases(t.text) for t in rest))
        own = _noun_cases(first.text)
        if not agreed or not own or own & agreed:
            continue
        spans.mentions.remove(mention)
        spans.replace(mention.first + 1, mention.last, PER, keep_inside=False)
        before = spans.at(mention.first - 1)
        if before is not None and before.type in (ORG, LOC):   # «Олий» a place to the model
            spans.replace(before.first, mention.first, ORG, keep_inside=before.type == ORG)


def names_ending_organizations(spans: Spans) -> None:
    """«президент Фонда Актоты Раимкулова», all of it an organization to the model: after a
    post, two capitalized words ending the name, the last with a Russian surname's ending and
    the other no word the dictionary knows but as a name, are the holder of the post."""
    tokens = spans.tokens
    for mention in list(spans.mentions):
        first, last = mention.first, mention.last
        if mention.type != ORG or last - first < 2 or first == 0 or not title_lemma(tokens[first - 1].lemma):
            continue
        given, surname = tokens[last - 1], tokens[last]
        if not (_capitalized(given.text) and _capitalized(surname.text)) \
                or not surname.text.lower().endswith(SURNAME_TAILS) or org_head(given):
            continue
        if any(r.is_known and not any(role in r.tag for role in NAME_ROLES) for r in parses(given.text.lower())[:1]):
            continue
        spans.mentions.remove(mention)
        spans.replace(first, last - 2, ORG, keep_inside=True)
        spans.replace(last - 1, last, PER, keep_inside=False)


def _noun_cases(word: str) -> set[str]:
    return {r.tag.case for r in parses(word.lower()) if r.tag.POS == "NOUN" and r.tag.case}


def _capitalized(word: str) -> bool:
    return len(word) > 2 and word[0].isupper() and word[1:].islower() and word.isalpha()


def _initials_end(tokens, i: int) -> int | None:
    """The surname's index when an initial («А», «.»), perhaps a second, and a surname start at i."""
    j = i
    for _ in range(2):
        if j + 1 < len(tokens) and _initial(tokens[j]) and tokens[j + 1].text == ".":
            j += 2
        else:
            break
    if j == i or j >= len(tokens):
        return None
    word = tokens[j].text
    return j if len(word) > 2 and word[0].isupper() and word[1:].replace("-", "").isalpha() \
        and not word[1:].isupper() else None


def _initial(token) -> bool:
    return len(token.text) == 1 and token.text.isalpha() and token.text.isupper()


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
    title; «Резолюцию» a document; «наша Организация» a reference (kg/extract/ner/discourse.py links it);
    «СМИ» a common noun."""
    result = []
    for mention in spans.mentions:
        head = head_noun(spans.tokens, mention)
        if mention.first == mention.last and mention.type != PER and \
                (title_lemma(head.lemma) or head.lemma in DOCUMENT_NOUNS or _referring(spans.tokens, mention)):
            continue
        if mention.type != PER and _titled(spans.tokens, mention, head):
            continue   # «Государственным советником Республики Казахстан»: a title, read as one (positions.py)
        first = spans.tokens[mention.first]
        if mention.type == ORG and mention.first < mention.last and title_lemma(first.lemma) \
                and not org_head(first) and first.feat("Number") != "Plur":
            # «Председателя Совета Республики …», the title tagged an adjective: the organization after it
            mention = spans.make(list(spans.tokens[mention.first + 1:mention.last + 1]), ORG)
        if mention.type == ORG and mention.first < mention.last:
            mention = _without_trailing_adjectives(spans, mention)
        if mention.type == PER and _title_first(spans.tokens[mention.first]):
            named = _without_title(spans, mention)   # «Омбудсменом Джамилей Джаманбаевой»: the name
            if named is None:
                continue   # «Министром Европы»: a title, no name
            mention = named
        if mention.type != PER and head.text.upper() in COMMON_ABBREVIATIONS:
            continue   # «российских СМИ»; a place after it («СМИ Беларуси») is a mention of its own
        if mention.type == LOC and org_head(head):
            mention = spans.make(list(spans.tokens[mention.first:mention.last + 1]), ORG)
        elif mention.type == LOC and mention.first == mention.last and head.feat("Animacy") == "Anim" \
                and head.feat("Number") == "Plur":
            continue
        result.append(mention)
    spans.mentions = result


def _without_trailing_adjectives(spans: Spans, mention: Mention) -> Mention:
    """«в штаб-квартире Комиссии Чрезвычайного и Полномочного Посла X», the model's name ending
    at «Чрезвычайного»: adjectives that end a name go with the words after it."""
    tokens, last = spans.tokens, mention.last
    following = tokens[last + 1] if last + 1 < len(tokens) else None
    if following is None or not (following.text == "и" or following.pos in ("NOUN", "PROPN", "ADJ")):
        return mention
    while last > mention.first and tokens[last].pos == "ADJ":
        last -= 1
    return mention if last == mention.last else spans.make(list(tokens[mention.first:last + 1]), ORG)


def _titled(tokens, mention: Mention, head) -> bool:
    """A name the model gives to a post: its head is a person's title («советник», «министр»)
    in the singular, no organization's noun before it («Совет министров» is a name)."""
    first_noun = next((t.index for t in tokens[mention.first:mention.last + 1] if t.pos in ("NOUN", "PROPN")), -1)
    return head.index == first_noun \
        and head.feat("Number") != "Plur" and title_lemma(head.lemma) and not org_head(head)


def _title_first(token) -> bool:
    return token.pos in ("NOUN", "PROPN") and token.feat("Number") != "Plur" and bool(title_lemma(token.lemma))


def _without_title(spans: Spans, mention: Mention) -> Mention | None:
    """A person's name the model began with a title: the words from the first part of a name
    on, or nothing when none is one («Министром Европы»)."""
    for i in range(mention.first + 1, mention.last + 1):
        if any(role in reading.tag for reading in parses(spans.tokens[i].text.lower()) for role in NAME_ROLES):
            return spans.make(list(spans.tokens[i:mention.last + 1]), PER)
    return None


def _referring(tokens, mention: Mention) -> bool:
    """«наша Организация»: a possessive or demonstrative before a bare organization noun."""
    return after_possessive(tokens, mention.first) and tokens[mention.first].lemma in ORG_HEADS


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
            closing = closing_quote(tokens, i + 2)
            if closing is None or any(m.type == PER for m in spans.mentions if i < m.first <= closing):
                continue
            last = closing
            name = "".join(t.text if not k or t.start == tokens[i + 1 + k - 1].stop else " " + t.text
                           for k, t in enumerate(tokens[i + 1:last + 1]))
        else:
            continue
        descriptor = spans.make([token], LOC).normal.lower()
        spans.replace(i, last, LOC, keep_inside=named is not None and named.type == LOC, same=True)
        place = spans.at(i)
        assert place is not None  # the replace above made it
        spans.mentions[spans.mentions.index(place)] = replace(place, normal=f"{descriptor} {name}")


def places_inside(spans: Spans) -> None:
    """«Голос Америки», «Совет Европы»: a place name inside an organization's name is a place mention
    too, unless an inner place holds it already («администрации г. Бишкека»)."""
    taken = {i for m in spans.inner for i in range(m.first, m.last + 1)}
    for mention in spans.mentions:
        if mention.type != ORG:
            continue
        for i in range(mention.first + 1, mention.last + 1):
            token = spans.tokens[i]
            if token.text[:1].isupper() and not token.text.isupper() and i not in taken and is_place_name(token.text):
                spans.inner.append(spans.make([token], LOC))


def named_things(spans: Spans) -> None:
    """«корабля «Союз ТМА-11»», «учения «Центр-2019»»: the quoted name of a thing or an event
    is no organization or place, whatever its words («союз», «центр») or natasha said. A name
    that holds other names («конференция «ОДКБ и ШОС: ответ на вызовы»») keeps them."""
    tokens = spans.tokens
    for i in range(2, len(tokens)):
        if tokens[i - 1].text not in OPENING_QUOTES or tokens[i - 2].pos != "NOUN" \
                or tokens[i - 2].lemma not in THING_DESCRIPTORS:
            continue
        closing = closing_quote(tokens, i)
        closing = len(tokens) if closing is None else closing
        inside = [m for m in spans.mentions + spans.inner if i <= m.first < closing]
        outer = [m for m in inside if m.first == i and not any(o.first > m.last for o in inside)]
        if outer and outer[0].type in (ORG, LOC):
            spans.mentions = [m for m in spans.mentions if m not in inside]
            spans.inner = [m for m in spans.inner if m not in inside]
