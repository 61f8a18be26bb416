"""Organizations natasha's NER misses or cuts short:

- «Антитеррористический центр государств – участников СНГ», «Секретариатом ООН»: a
  capitalized noun phrase headed by an organization noun, with the genitive after it;
- «движения «Солидарность»», «ежемесячной газеты «Радикальная политика»», «футбольного клуба
  Челси»: a descriptor (with its adjectives) and a quoted or recognized name;
- «правительства Китая», «американского министерства иностранных дел», «пресс-служба ОДКБ»: a
  body of a named place or organization;
- «московского «Центра»»: a place adjective and a quoted name;
- «Евросоюз», «горсовет», «Сбербанк»: a compound ending in an organization noun heads an
  organization name as that noun does;
- «антимонопольной комиссии Европейского союза»: an organization named inside a longer name is
  an inner mention.
"""

from __future__ import annotations

from kg.extract.titles import title_lemma
from kg.records import LOC, ORG, PER, Mention
from kg.rules import FIELD_NOUNS, GOVERNMENT_HEADS, ORG_DESCRIPTORS

from .spans import (
    GEO_ADJECTIVE_ENDINGS,
    OPENING_QUOTES,
    Spans,
    adjectives_before,
    after_possessive,
    attributive,
    closing_quote,
    geo_adjective,
    head_noun,
    org_head,
)

DASHES = {"-", "–", "—"}


def quoted_organizations(spans: Spans) -> None:
    tokens = spans.tokens
    for i, token in enumerate(tokens[:-1]):
        named_by = token.lemma in ORG_DESCRIPTORS and (token.pos == "NOUN" or token.text.isupper())
        if not (named_by or geo_adjective(token)) or tokens[i + 1].text not in OPENING_QUOTES:
            continue   # «движения «Солидарность»», «московского «Центра»», «АО «Казатомпром»»
        closing = closing_quote(tokens, i + 2)
        inside = spans.at(i)
        if closing is None or closing == i + 2 or (inside is not None and inside.type == PER):
            continue
        if inside is not None and inside.first < i and inside.last > closing:
            continue   # «компания «QazaqGaz»» inside «АО «Национальная компания «QazaqGaz»»»: one name
        if any(m.type == PER for m in spans.mentions if i < m.first <= closing):
            continue
        spans.replace(adjectives_before(spans, i), closing, ORG, keep_inside=True, same=True)


def described_organizations(spans: Spans) -> None:
    """«футбольного клуба Челси», «завода Visteon»: a descriptor right before a named organization."""
    tokens = spans.tokens
    for i, token in enumerate(tokens[:-1]):
        if token.lemma not in ORG_DESCRIPTORS or token.pos != "NOUN" or spans.at(i) is not None:
            continue
        named = spans.at(i + 1)
        if named is not None and named.type == ORG and named.first == i + 1:
            spans.replace(adjectives_before(spans, i), named.last, ORG, keep_inside=True, same=True)


def capitalized_organizations(spans: Spans) -> None:
    tokens = spans.tokens
    for head in range(len(tokens)):
        if spans.at(head) is not None or not org_head(tokens[head]):
            continue
        first = _phrase_start(spans, head, named_after=_named_after(spans, head))
        if first is None:
            continue
        last = _genitive_tail(spans, head)
        if not any(m.type == PER for m in spans.mentions if first <= m.first and m.last <= last):
            spans.replace(first, last, ORG, keep_inside=True)


def government_bodies(spans: Spans) -> None:
    """«правительства Китая»: a lowercase body noun counts when a named place or organization follows."""
    tokens = spans.tokens
    for head in range(len(tokens)):
        if spans.at(head) is not None or tokens[head].lemma not in GOVERNMENT_HEADS \
                or tokens[head].pos not in ("NOUN", "PROPN"):   # «Посольство Казахстана» opening a sentence
            continue
        last = _genitive_tail(spans, head)
        named = spans.at(last)
        first = adjectives_before(spans, head)
        of_place = named is not None and named.type in (LOC, ORG) and named.last == last
        if of_place or any(geo_adjective(t) for t in tokens[first:head]):   # «американского министерства»
            spans.replace(first, last, ORG, keep_inside=True)


def absorb_genitives(spans: Spans) -> None:
    """An organization named by its head noun takes the genitive words, places and organizations
    after it: «Антитеррористический центр» + «государств – участников СНГ», «МИД» + «России»."""
    for mention in list(spans.mentions):
        if mention not in spans.mentions or mention.type != ORG:
            continue
        if _headed_by_org(spans.tokens, mention) and not _abbreviation(spans.tokens, mention):
            last = _in_field(spans, mention, _attached_to(spans, _genitive_tail(spans, mention.last)))
        else:
            last = _adjacent_place(spans, mention.last + 1)
        last = _regional(spans, last)
        first = _geo_adjectives_before(spans, mention.first)
        if last > mention.last or first < mention.first:
            spans.mentions.remove(mention)
            spans.replace(first, max(last, mention.last), ORG, keep_inside=True)


def organizations_inside(spans: Spans) -> None:
    """«антимонопольной комиссии Европейского союза», «Секретариат Совета Безопасности ООН»: a
    capitalized organization noun after the head, its adjectives and genitives, is an inner mention."""
    tokens, taken = spans.tokens, {m.first for m in spans.inner}
    for mention in spans.mentions:
        head = head_noun(tokens, mention)
        if mention.type != ORG or not org_head(head):
            continue
        after = head.index + 1
        for i in range(after, mention.last + 1):
            if not org_head(tokens[i]):
                continue
            first = i
            while first > after and attributive(tokens[first - 1]):
                first -= 1
            last = i
            while last < mention.last and tokens[last + 1].feat("Case") == "Gen" \
                    and tokens[last + 1].pos in ("NOUN", "ADJ", "PROPN"):
                last += 1
            if tokens[first].text[:1].isupper() and first not in taken:  # natasha's own span kept
                spans.inner.append(spans.make(list(tokens[first:last + 1]), ORG))
                taken.add(first)
            break


# ---------------------------------------------------------------- helpers

def _named_after(spans: Spans, head: int) -> bool:
    """A place or organization named right after the head, in the genitive: «Посольство
    Казахстана», «Секретариат ШОС»."""
    named = spans.at(head + 1) if head + 1 < len(spans.tokens) else None
    return named is not None and named.type in (ORG, LOC) and named.first == head + 1 \
        and spans.tokens[head + 1].feat("Case") in ("Gen", None)


def _phrase_start(spans: Spans, head: int, named_after: bool = False) -> int | None:
    """Adjectives before the head; the phrase must start with a capital letter."""
    tokens = spans.tokens
    first = head
    while first > 0 and attributive(tokens[first - 1]) and spans.at(first - 1) is None:
        first -= 1
    if not tokens[first].text[:1].isupper():
        return None
    if first == 0 and head == first and not named_after:
        return None   # a sentence-initial bare noun («Комитет рассмотрел») is no name, unless
        # a place or organization follows it («Секретариат ШОС провёл»)
    if after_possessive(tokens, first):
        return None   # «наша Организация» refers to a name (kg/extract/ner/discourse.py)
    return first


def _genitive_tail(spans: Spans, head: int) -> int:
    """The genitive words after the head: «комитет национальной безопасности Кыргызской Республики»."""
    tokens = spans.tokens
    last, i = head, head + 1
    while i < len(tokens):
        token, mention = tokens[i], spans.at(i)
        if mention is not None and mention.type in (ORG, LOC) and mention.first == i:
            last = i = mention.last
        elif token.text in DASHES and i + 1 < len(tokens) and tokens[i + 1].feat("Case") == "Gen":
            pass
        elif mention is None and token.pos in ("NOUN", "ADJ", "PROPN") and token.feat("Case") == "Gen" \
                and not _persons_title(spans, i):
            last = i
        else:
            break
        i += 1
    while last > head and tokens[last].pos == "ADJ" and spans.at(last) is None:
        last -= 1   # «Комиссии Чрезвычайного и Полномочного Посла»: an adjective goes with its noun
    return last


def _persons_title(spans: Spans, index: int) -> bool:
    """«в министерстве Посла Италии в Казахстане Николу Ортоллани»: a post that leads to a
    person's name is that person's title, no part of the organization's name («Службы
    безопасности президента», «Совета министров» are)."""
    token = spans.tokens[index]
    if token.pos not in ("NOUN", "PROPN") or token.feat("Number") == "Plur" or not title_lemma(token.lemma):
        return False
    for following in spans.tokens[index + 1:]:
        mention = spans.at(following.index)
        if mention is not None and mention.type == PER:
            return True
        if mention is None and following.pos not in ("NOUN", "ADJ", "PROPN") and following.lemma not in ("в", "во"):
            return False
    return False


def _attached_to(spans: Spans, last: int) -> int:
    """«Следственного комитета при прокуратуре РФ», «совета при главном архитекторе Москвы»,
    «Совета при Президенте РФ»: a body «при» an organization or a person (an office holder) is
    named with it; «при поддержке», «при участии», «при этом» are no part of a name."""
    tokens, i = spans.tokens, last + 2
    if i >= len(tokens) or tokens[last + 1].lemma != "при" or tokens[last + 1].pos != "ADP":
        return last
    while i < len(tokens) and attributive(tokens[i]) and spans.at(i) is None:
        i += 1
    if i >= len(tokens):
        return last
    named = spans.at(i)
    if named is not None:
        return _genitive_tail(spans, named.last) if named.type == ORG and named.first == i else last
    token = tokens[i]
    if token.pos in ("NOUN", "PROPN") and token.feat("Case") == "Loc" \
            and (token.feat("Animacy") == "Anim" or org_head(token) or title_lemma(token.lemma)):
        return _genitive_tail(spans, i)
    return last


def _in_field(spans: Spans, mention: Mention, last: int) -> int:
    """«Региональное содружество в области связи», «Ассоциация в сфере туризма»: a name of
    several words takes the field it works in, «в» a field noun and the genitives after it."""
    tokens = spans.tokens
    if mention.first == mention.last or last + 3 >= len(tokens) or tokens[last + 1].lemma != "в" \
            or tokens[last + 2].lemma not in FIELD_NOUNS:
        return last
    tail = _genitive_tail(spans, last + 2)
    return tail if tail > last + 2 else last


def _regional(spans: Spans, last: int) -> int:
    """«ГУ МЧС России по Санкт-Петербургу», «Управление ФСБ по Москве», «пресс-служба МЧС по
    Санкт-Петербургу и Ленобласти»: an office «по» a named place (or places) in the dative is
    named with it; «по этому поводу», «по всей России» are not."""
    tokens = spans.tokens
    end = last
    while end + 2 < len(tokens) and (tokens[end + 1].lemma == "по" if end == last else tokens[end + 1].text == "и"):
        place = spans.at(end + 2)
        if place is None or place.type != LOC or place.first != end + 2 or tokens[end + 2].feat("Case") != "Dat":
            break
        end = place.last
    return end


def _geo_adjectives_before(spans: Spans, index: int) -> int:
    """«японского МИДа», «Свердловского обкома»: an adjective of place is part of the name."""
    while index > 0 and attributive(spans.tokens[index - 1]) and spans.at(index - 1) is None \
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
            return org_head(token) or (token.text.isupper() and mention.first == mention.last)
    return False
