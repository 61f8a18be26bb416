"""Rules on top of natasha's NER: organization names it misses or cuts short.

«Антитеррористический центр государств – участников СНГ» and «Секретариатом ООН» are
capitalized noun phrases headed by an organization noun; the genitive that follows a
head like «комитет» («... Кыргызской Республики») belongs to the name.
"""

from __future__ import annotations

from typing import Callable

from .records import LOC, ORG, PER, Mention, Token
from .triggers import ORG_HEADS

MAX_ORG_TOKENS = 12
DASHES = {"-", "–", "—"}
MakeMention = Callable[[list[Token], str], Mention]


def extend_organizations(tokens: tuple[Token, ...], mentions: list[Mention], make: MakeMention) -> list[Mention]:
    taken = {i for m in mentions for i in range(m.first, m.last + 1)}
    for head in range(len(tokens)):
        if head in taken or not _org_head(tokens[head]):
            continue
        first = _phrase_start(tokens, head, taken)
        if first is None:
            continue
        last = _genitive_tail(tokens, head, mentions)
        inside = [m for m in mentions if first <= m.first and m.last <= last]
        if any(m.type == PER for m in inside):
            continue
        mentions = [m for m in mentions if m not in inside] + [make(list(tokens[first:last + 1]), ORG)]
        taken.update(range(first, last + 1))
    return sorted(mentions, key=lambda m: m.first)


def _org_head(token: Token) -> bool:
    return token.lemma in ORG_HEADS and token.pos in ("NOUN", "PROPN")


def _phrase_start(tokens, head: int, taken: set[int]) -> int | None:
    """Adjectives before the head; the phrase must start with a capital letter mid-sentence."""
    first = head
    while first > 0 and tokens[first - 1].pos == "ADJ" and first - 1 not in taken:
        first -= 1
    if not tokens[first].text[:1].isupper():
        return None
    if first == 0 and head == first:
        return None   # a sentence-initial bare noun («Комитет рассмотрел») is no name
    return first


def _genitive_tail(tokens, head: int, mentions: list[Mention]) -> int:
    """The genitive words after the head: «комитет национальной безопасности Кыргызской Республики»."""
    by_first = {m.first: m for m in mentions if m.type in (ORG, LOC)}
    last = head
    i = head + 1
    while i < len(tokens) and i - head < MAX_ORG_TOKENS:
        token = tokens[i]
        if i in by_first:
            last = i = by_first[i].last
        elif token.text in DASHES and i + 1 < len(tokens) and tokens[i + 1].feat("Case") == "Gen":
            pass
        elif token.pos in ("NOUN", "ADJ", "PROPN") and token.feat("Case") == "Gen":
            last = i
        else:
            break
        i += 1
    return last


def absorb_genitives(tokens: tuple[Token, ...], mentions: list[Mention], make: MakeMention) -> list[Mention]:
    """An organization named by its head noun takes the place or organization after it."""
    result: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: m.first):
        previous = result[-1] if result else None
        if (previous is not None and previous.type == ORG and mention.type in (LOC, ORG)
                and mention.first == previous.last + 1 and _headed_by_org(tokens, previous)
                and tokens[mention.first].feat("Case") == "Gen"):
            result[-1] = make(list(tokens[previous.first:mention.last + 1]), ORG)
            continue
        result.append(mention)
    return result


def _headed_by_org(tokens, mention: Mention) -> bool:
    """«Комитет ...», or an abbreviation like «МИД», «ФСБ» that a country name may follow."""
    for token in tokens[mention.first:mention.last + 1]:
        if token.pos in ("NOUN", "PROPN"):
            return _org_head(token) or (token.text.isupper() and mention.first == mention.last)
    return False


def retype_organizations(tokens: tuple[Token, ...], mentions: list[Mention], make: MakeMention) -> list[Mention]:
    """«Фонд Марджани» tagged as a place is an organization: its head noun says so."""
    return [make(list(tokens[m.first:m.last + 1]), ORG) if m.type == LOC and _org_head(tokens[m.first]) else m
            for m in mentions]
