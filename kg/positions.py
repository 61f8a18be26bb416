"""Position titles next to names: «Генеральный секретарь ОДКБ Имангали Тасмагамбетов»,
«Сергей Лавров, министр иностранных дел России»; and titles standing alone for a person
named elsewhere in the text («Заместитель Генерального секретаря ОДКБ принял участие»).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import names
from .records import LOC, ORG, PER, Mention, PositionRecord, Sentence, Token
from .triggers import POSITION_NOUNS

CHAIN_POS = {"ADJ", "NOUN", "PROPN"}
CHAIN_WORDS = {"по", "и", "при", "-", "–"}   # «заместитель ... по политическим вопросам и ...»


@dataclass(frozen=True)
class Titled:
    """A title read from a sentence and the person it belongs to (a name or the title itself)."""
    person: Mention
    position: PositionRecord
    first: int          # token range of the title words
    last: int


def find_titles(document_text: str, sentence: Sentence) -> list[Titled]:
    found = []
    covered: set[int] = set()
    for mention in sentence.mentions:
        if mention.type != PER:
            continue
        titled = _before(document_text, sentence, mention) or _after(document_text, sentence, mention)
        if titled:
            found.append(titled)
            covered.update(range(titled.first, titled.last + 1))
    return found + _standalone(document_text, sentence, covered)


# ---------------------------------------------------------------- title chains

def _chain_member(sentence: Sentence, token: Token) -> bool:
    mention = sentence.mention_at(token.index)
    if mention is not None:
        return mention.type in (ORG, LOC)
    return token.pos in CHAIN_POS or token.text.lower() in CHAIN_WORDS


def _chain_left(sentence: Sentence, end: int) -> list[int]:
    indexes = []
    i = end
    while i >= 0 and _chain_member(sentence, sentence.tokens[i]):
        indexes.insert(0, i)
        i -= 1
    return indexes


def _chain_right(sentence: Sentence, start: int) -> list[int]:
    indexes = []
    i = start
    while i < len(sentence.tokens) and _chain_member(sentence, sentence.tokens[i]):
        indexes.append(i)
        i += 1
    return indexes


def _is_title_noun(token: Token) -> bool:
    return token.lemma in POSITION_NOUNS and token.pos in ("NOUN", "PROPN") and not token.text.isupper()


def _title_start(sentence: Sentence, chain: list[int]) -> int | None:
    """The first title noun of the chain, with the adjectives before it (Генеральный секретарь)."""
    for position, i in enumerate(chain):
        if _is_title_noun(sentence.tokens[i]) and sentence.mention_at(i) is None:
            while position > 0 and sentence.tokens[chain[position - 1]].pos == "ADJ":
                position -= 1
            return position
    return None


def _trim_tail(sentence: Sentence, chain: list[int]) -> list[int]:
    while chain and sentence.tokens[chain[-1]].text.lower() in CHAIN_WORDS:
        chain = chain[:-1]
    return chain


def _position(document_text: str, sentence: Sentence, chain: list[int]) -> PositionRecord:
    where = None
    title_tokens = []
    for i in chain:
        mention = sentence.mention_at(i)
        if mention is not None:
            where = mention
        else:
            title_tokens.append(sentence.tokens[i])
    words = [names.Word(t.text, t.pos, t.feat("Case"), t.feat("Gender")) for t in title_tokens]
    forms = names.normalize_phrase(words)
    title = " ".join(forms)
    if title[:1].isupper() and not title.split()[0].isupper():
        title = title[0].lower() + title[1:]
    surface = document_text[sentence.tokens[chain[0]].start:sentence.tokens[chain[-1]].stop]
    tokens = [sentence.tokens[i] for i in chain]
    words = [names.Word(t.text, t.pos, t.feat("Case"), t.feat("Gender")) for t in tokens]
    label = names.respace(tokens, names.normalize_phrase(words))
    return PositionRecord(title=title, surface=surface, where=where, label=label[:1].upper() + label[1:])


def _before(document_text: str, sentence: Sentence, mention: Mention) -> Titled | None:
    chain = _chain_left(sentence, mention.first - 1)
    start = _title_start(sentence, chain)
    if start is None:
        return None
    chain = _trim_tail(sentence, chain[start:])
    if not chain:
        return None
    return Titled(mention, _position(document_text, sentence, chain), chain[0], chain[-1])


def _after(document_text: str, sentence: Sentence, mention: Mention) -> Titled | None:
    """«Сергей Лавров, министр иностранных дел России»: a title in apposition after a comma."""
    after = mention.last + 1
    if after + 1 >= len(sentence.tokens) or sentence.tokens[after].text != ",":
        return None
    chain = _chain_right(sentence, after + 1)
    start = _title_start(sentence, chain)
    if start != 0:
        return None
    chain = _trim_tail(sentence, chain)
    return Titled(mention, _position(document_text, sentence, chain), chain[0], chain[-1])


def _up_to_organization(sentence: Sentence, chain: list[int]) -> list[int]:
    """A title without a name ends with its organization: «Генерального секретаря ООН»."""
    for n, i in enumerate(chain):
        mention = sentence.mention_at(i)
        if mention is not None:
            return chain[:n] + list(range(i, mention.last + 1))
    return chain


def _standalone(document_text: str, sentence: Sentence, covered: set[int]) -> list[Titled]:
    """Titles with an organization but no name: they stand for a person named elsewhere."""
    found = []
    i = 0
    while i < len(sentence.tokens):
        token = sentence.tokens[i]
        if i in covered or not _is_title_noun(token) or sentence.mention_at(i):
            i += 1
            continue
        start = i
        while start > 0 and start - 1 not in covered and sentence.tokens[start - 1].pos == "ADJ" \
                and sentence.mention_at(start - 1) is None:
            start -= 1
        chain = _up_to_organization(sentence, _trim_tail(sentence, _chain_right(sentence, start)))
        plural = sentence.tokens[i].feat("Number") == "Plur"
        position = _position(document_text, sentence, chain) if chain and not plural else None
        if position is None or (position.where is None and len(position.title.split()) < 2):
            i += 1
            continue
        first = sentence.tokens[chain[0]]
        last = sentence.tokens[chain[-1]]
        person = Mention(sentence.doc_id, sentence.index, chain[0], chain[-1], first.start, last.stop,
                         PER, document_text[first.start:last.stop], position.title, kind="title")
        found.append(Titled(person, position, chain[0], chain[-1]))
        i = chain[-1] + 1
    return found
