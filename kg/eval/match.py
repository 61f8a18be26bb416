"""When a predicted item is the gold one, as the task's organizers matched them.

Names are matched leniently: case does not matter, ё is е; people share any one name part
of three letters or more (first name or surname, in either order, inflected or not);
organizations match by normalized name (one name's words all found in the other) or by
acronym; a title by its head word. Items are paired one to one within a document.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache

from kg.names import analyzer

from .gold import Agent, Meeting, MentionSpan, Occupation

# Case endings of nouns, adjectives and surnames, stripped to find a common stem
# (derivational suffixes such as -ов stay, so Иван and Иванов remain different names).
ENDINGS = ["а", "я", "у", "ю", "е", "и", "ы", "о", "й", "ь", "ой", "ей", "ом", "ем", "ам", "ям", "ах", "ях", "ами",
           "ями", "ию", "ия", "ии", "ий", "ый", "ое", "ее", "ые", "ие", "ая", "яя", "ую", "юю", "ого", "его", "ому",
           "ему", "ым", "им", "ых", "их", "ею", "ою"]
MIN_STEM = 3
# Function words, left out when organization names are compared.
STOPWORDS = {"в", "во", "и", "на", "по", "с", "со", "о", "об", "от", "для", "при", "к", "у", "из", "за", "под", "над",
             "the", "of", "and", "de"}
# Parts of speech that cannot head a position title («первый заместитель» is headed by заместитель).
ADJECTIVAL = {"ADJF", "ADJS", "PRTF", "PRTS", "NUMR", "CONJ", "PREP", "PRCL"}


def fold(text: str) -> str:
    return text.lower().replace("ё", "е")


def words(text: str) -> list[str]:
    return re.findall(r"\w+(?:-\w+)*", fold(text))


@cache
def lemma(word: str) -> str:
    return fold(analyzer().parse(word)[0].normal_form)


def stems(word: str) -> set[str]:
    """The word, its dictionary form (посла -> посол), and each without a case ending."""
    forms = {word, lemma(word)}
    return forms | {f[:-len(e)] for f in forms for e in ENDINGS if f.endswith(e) and len(f) - len(e) >= MIN_STEM}


def same_stem(a: str, b: str) -> bool:
    return bool(stems(fold(a)) & stems(fold(b)))


def name_parts(names: Sequence[str]) -> set[str]:
    return {word for name in names for word in words(name) if len(word) >= MIN_STEM and not word.isdigit()}


def same_person(gold: Sequence[str], predicted: Sequence[str]) -> bool:
    """Any one name part in common: «Сандали Виторио» is «Виторио Сандали» is «Сандали»."""
    return any(same_stem(g, p) for g in name_parts(gold) for p in name_parts(predicted))


def content_words(name: str) -> list[str]:
    return [w for w in words(name) if w not in STOPWORDS]


def acronym(name_words: list[str]) -> str:
    return "".join(w[0] for w in name_words)


def same_name(a: str, b: str) -> bool:
    """«МИД» is «Министерство иностранных дел»; «Грузия» is «МИД Грузии»; quotes do not count."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return False
    if ((len(wa) == 1 and len(wb) > 1 and wa[0] == acronym(wb))
            or (len(wb) == 1 and len(wa) > 1 and wb[0] == acronym(wa))):
        return True
    shorter, longer = sorted((wa, wb), key=len)
    return all(any(same_stem(x, y) for y in longer) for x in shorter)


def same_organization(gold: Sequence[str], predicted: Sequence[str]) -> bool:
    return any(same_name(g, p) for g in gold for p in predicted)


def same_agent(gold: Agent, predicted: Agent) -> bool:
    rule = same_person if gold.person else same_organization
    return rule(gold.names, predicted.names)


def head_word(title: str) -> str:
    """The first noun of a position: «чрезвычайный и полномочный посол Италии» -> посол."""
    title_words = words(title)
    nouns = (w for w in title_words if analyzer().parse(w)[0].tag.POS not in ADJECTIVAL)
    return next(nouns, title_words[-1] if title_words else "")


def same_title(gold: Sequence[str], predicted: Sequence[str]) -> bool:
    """Gold without a position accepts any title."""
    return not gold or any(same_stem(head_word(g), head_word(p)) for g in gold for p in predicted)


# ---------------------------------------------------------------- matching

def same_span(gold: MentionSpan, predicted: MentionSpan) -> bool:
    return (gold.type, gold.start, gold.end) == (predicted.type, predicted.start, predicted.end)


def overlapping(gold: MentionSpan, predicted: MentionSpan) -> bool:
    return gold.type == predicted.type and gold.start < predicted.end and predicted.start < gold.end


def same_meeting(gold: Meeting, predicted: Meeting) -> bool:
    found = pairs(gold.participants, predicted.participants, same_agent)
    return len(found) == len(gold.participants)


def same_occupation(gold: Occupation, predicted: Occupation) -> bool:
    return (same_agent(gold.who, predicted.who)
            and same_title(gold.titles, predicted.titles)
            and (gold.where is None or (predicted.where is not None and same_agent(gold.where, predicted.where))))


def pairs(gold: Sequence, predicted: Sequence, same: Callable) -> dict[int, int]:
    """The largest one-to-one matching (gold index -> predicted index), by augmenting paths."""
    options = [[j for j, p in enumerate(predicted) if same(g, p)] for g in gold]
    owner: dict[int, int] = {}

    def take(i: int, seen: set[int]) -> bool:
        for j in options[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or take(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(gold)):
        take(i, set())
    return {i: j for j, i in owner.items()}


# ---------------------------------------------------------------- scores
