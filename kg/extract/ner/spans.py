"""One sentence's mentions while the NER rules rewrite them (kg/extract/ner/rules.py,
kg/extract/ner/organizations.py), and what those rules read of the tokens."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from kg.records import LOC, ORG, Mention, Token
from kg.rules import LIMITS, ORG_HEADS, PLACE_DESCRIPTORS, POSSESSIVES, on_install

OPENING_QUOTES = {"«", "„", "“", '"'}
CLOSING_QUOTES = {"»", "“", "”", '"'}
# Adjectives made from place names: японский, американский, немецкий.
GEO_ADJECTIVE_ENDINGS = ("ский", "цкий")
COMPOUND_PREFIX = 3  # letters before the organization noun of a compound: «евро|союз», «гор|совет»
MakeMention = Callable[[list[Token], str], Mention]


class Spans:
    """The mentions of one sentence while the rules rewrite them."""

    def __init__(self, tokens: tuple[Token, ...], mentions: list[Mention], make: MakeMention):
        self.tokens, self.make = tokens, make
        self.mentions = sorted(mentions, key=lambda m: m.first)
        self.inner: list[Mention] = []

    def at(self, index: int) -> Mention | None:
        for mention in self.mentions:  # a loop, not next(generator): called for nearly every token
            if mention.first <= index <= mention.last:
                return mention
        return None

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


# ---------------------------------------------------------------- reading tokens

def closing_quote(tokens, start: int) -> int | None:
    """The closing quote of a name whose first word is at `start` (just after the opening one),
    quotes inside it taken in pairs: «Национальная компания «КазМунайГаз»»."""
    depth = 0
    for j in range(start, min(start + LIMITS.quoted_name_words, len(tokens))):
        text = tokens[j].text
        if text == "«":
            depth += 1
        elif text in CLOSING_QUOTES:
            if depth == 0:
                return j
            depth -= 1
    return None


def after_possessive(tokens, index: int) -> bool:
    """«наша Организация», «этой Организации»: a possessive or demonstrative right before."""
    return index > 0 and tokens[index - 1].lemma in POSSESSIVES


def head_noun(tokens, mention: Mention) -> Token:
    """The first noun of a name: «Европейского союза» -> «союза»."""
    nouns = (t for t in tokens[mention.first:mention.last + 1] if t.pos in ("NOUN", "PROPN"))
    return next(nouns, tokens[mention.first])


def adjectives_before(spans: Spans, index: int) -> int:
    """«ежемесячной газеты …», «американского министерства …»: adjectives belong to the name."""
    while index > 0 and attributive(spans.tokens[index - 1]) and spans.at(index - 1) is None:
        index -= 1
    return index


def attributive(token: Token) -> bool:
    """An adjective that can stand before a noun as part of its phrase: not a short form
    («способен», «готов», «должен»), which is a predicate («на что способен парламент»)."""
    return token.pos == "ADJ" and token.feat("Variant") != "Short"


def geo_adjective(token: Token) -> bool:
    return token.pos == "ADJ" and token.lemma.endswith(GEO_ADJECTIVE_ENDINGS)


def org_head(token: Token) -> bool:
    return token.pos in ("NOUN", "PROPN") and (token.lemma in ORG_HEADS or compound_org_head(token.lemma))


@lru_cache(maxsize=50_000)
def compound_org_head(lemma: str) -> bool:
    """«евросоюз», «горсовет», «пресс-служба», «Сбербанк»; not «бизнес-центр», a place."""
    return lemma not in PLACE_DESCRIPTORS and any(
        lemma.endswith(head) and len(lemma) - len(head) >= COMPOUND_PREFIX for head in ORG_HEADS)


on_install(compound_org_head.cache_clear)   # it remembers what the tables said
