"""Who a pronoun or a description stands for: «он», «её», «ему» refer back to a person named
before; so does a title opening a clause without a name («Президент заявил», «Глава
российского государства отметил») when the text has just named one person and no other.

The antecedent is a person of the pronoun's gender named earlier in the same sentence (the
last one), or in one of the two sentences before: there, the sentence's subject first
(«Лавров встретился с Гутеррешем. Он также…» is Лавров), else the person named last. A fact
read on a pronoun belongs to its antecedent; the pronoun itself is kept as a referring
mention (kind "pronoun"), so mentions.jsonl shows it with the entity it stands for.
"""

from __future__ import annotations

from dataclasses import replace

from kg.records import PER, Mention, ParsedDocument, Sentence, Token
from kg.rules import LIMITS, PERSONAL_PRONOUNS


def is_personal_pronoun(token: Token) -> bool:
    return token.lemma in PERSONAL_PRONOUNS and token.pos == "PRON"


def antecedent(document: ParsedDocument, sentence: Sentence, index: int) -> Mention | None:
    gender = sentence.tokens[index].feat("Gender")
    own = _own_subject(sentence, index)
    here = [m for m in sentence.mentions if m.type == PER and m.last < index and _agrees(sentence, m, gender)
            and not own.intersection(range(m.first, m.last + 1))]
    if here:
        return here[-1]
    for earlier in reversed(document.sentences[max(0, sentence.index - LIMITS.sentences_back):sentence.index]):
        people = [m for m in earlier.mentions if m.type == PER and _agrees(earlier, m, gender)]
        subjects = [m for m in people if _is_subject(earlier, m)]
        if subjects or people:
            return subjects[0] if subjects else people[-1]
    return None


def _own_subject(sentence: Sentence, index: int) -> set[int]:
    """The tokens of the subject of the pronoun's own clause, when the pronoun is not it: «он» in
    «Михеев провёл с ним переговоры» is someone else."""
    tokens = sentence.tokens
    if not tokens[index].parsed or tokens[index].rel.startswith("nsubj"):
        return set()
    head = tokens[index].head
    while 0 <= head < len(tokens) and tokens[head].pos not in ("VERB", "AUX"):
        head = tokens[head].head
    if not 0 <= head < len(tokens):
        return set()
    subjects = [t.index for t in tokens if t.head == head and t.rel.startswith("nsubj")]
    return {i for s in subjects for i in _subtree(tokens, s)}


def _subtree(tokens, root: int) -> set[int]:
    found, todo = {root}, [root]
    while todo:
        current = todo.pop()
        for token in tokens:
            if token.head == current and token.index not in found:
                found.add(token.index)
                todo.append(token.index)
    return found


def described(document: ParsedDocument, sentence: Sentence, title: Mention, head: int) -> Mention | None:
    """The person a title standing alone as a subject stands for: the one person the sentences
    before it name, when this sentence names nobody. With two people named it is nobody:
    «Лавров встретился с Керри. Госсекретарь заявил…» could be either."""
    if not _opens_clause(sentence, head) or any(m.type == PER and m.kind == "name" for m in sentence.mentions):
        return None
    people: dict[str, Mention] = {}
    for earlier in document.sentences[max(0, sentence.index - LIMITS.sentences_back):sentence.index]:
        for m in earlier.mentions:
            if m.type == PER and m.kind == "name":
                people.setdefault(m.normal.split()[-1].lower(), m)
    return next(iter(people.values())) if len(people) == 1 else None


def _opens_clause(sentence: Sentence, head: int) -> bool:
    """The title is its clause's subject (or, where the parser was not run, a nominative at
    the sentence's start)."""
    token = sentence.tokens[head]
    if token.parsed:
        return token.rel in ("nsubj", "nsubj:pass")
    return token.feat("Case") == "Nom" and head <= 2


def referring(sentence: Sentence, index: int, antecedent: Mention) -> Mention:
    """The pronoun as a mention of its antecedent's entity."""
    token = sentence.tokens[index]
    return replace(antecedent, sent=sentence.index, first=index, last=index, start=token.start, stop=token.stop,
                   text=token.text, kind="pronoun")


def _agrees(sentence: Sentence, mention: Mention, gender: str | None) -> bool:
    """A name of the pronoun's gender, or one whose gender the tagger left open."""
    genders = {t.feat("Gender") for t in sentence.tokens[mention.first:mention.last + 1]} - {None}
    return gender is None or not genders or gender in genders


def _is_subject(sentence: Sentence, mention: Mention) -> bool:
    return any(t.rel.startswith("nsubj") for t in sentence.tokens[mention.first:mention.last + 1])
