"""Names the NER model misses or mistypes, found with words before a place and with the
lexicon (kg/names/lexicon.py):

- «в г. Бишкеке», «в пос. Заречный», «в с. Ивановка»: an abbreviated place word and the
  name after it are one place, whatever the model made of the name («г. Королёв» is no person);
- «Тульской обл.», «Зареченском р-не»: an abbreviated region word after its adjective, the
  name spelled out («Тульская область»);
- «чемпионат Европы», «грант Интерполу»: a name of the lexicon the model missed;
- «ЕС», «СНГ» tagged as places, «Интерполу» as a person: an international organization of the
  lexicon is one.

A place noun and a name the model found («в городе Курске», «в районе Отрадное») are joined by
`described_places` in kg/extract/ner/rules.py.
"""

from __future__ import annotations

from dataclasses import replace

from kg.names import parses, restore_case
from kg.names.lexicon import lookup, may_begin
from kg.records import LOC, ORG, PER, Mention, Token
from kg.rules import LIMITS

from .spans import Spans

# Abbreviated place words, by their full form (the name's normal form starts with it).
PLACE_ABBREVIATIONS = {
    "г": "город",      # в г. Бишкеке
    "гор": "город",    # гор. Тверь
    "пос": "посёлок",  # в пос. Заречный
    "с": "село",       # в с. Ивановка
    "дер": "деревня",  # в дер. Горки
}
# Region words abbreviated after their adjective: «Тульской обл.», «Зареченском р-не».
REGION_ABBREVIATIONS = {"обл": ("область", "femn"), "р-н": ("район", "masc"), "р-не": ("район", "masc"),
                        "р-на": ("район", "masc"), "р-ну": ("район", "masc")}


def lexicon_types(spans: Spans) -> None:
    """«ЕС», «СНГ» tagged as places, «Интерполу» as a person: the lexicon knows them as organizations;
    «Эфиопия», «Коста Рика» tagged as persons: it knows them as countries."""
    for index, mention in enumerate(spans.mentions):
        entry = lookup(mention.normal) if mention.type != ORG else None
        if entry is not None and entry.type == ORG:
            spans.mentions[index] = spans.make(list(spans.tokens[mention.first:mention.last + 1]), ORG)
        elif entry is not None and entry.kind == "country" and mention.type == PER:
            spans.mentions[index] = spans.make(list(spans.tokens[mention.first:mention.last + 1]), LOC)


def prefixed_places(spans: Spans) -> None:
    abbreviated_places(spans)
    abbreviated_regions(spans)


def abbreviated_places(spans: Spans) -> None:
    """«в г. Бишкеке», «в пос. Заречный»: the abbreviation, its dot and the name are one place."""
    tokens = spans.tokens
    for i in range(len(tokens) - 2):
        full = PLACE_ABBREVIATIONS.get(tokens[i].text)
        if full is None or tokens[i + 1].text != "." or _after_number(tokens, i) or spans.at(i) is not None:
            continue
        named = spans.at(i + 2)
        if named is not None and named.first == i + 2:
            _place(spans, i, i + 2, named.last, full)
        elif named is None and tokens[i + 2].text[:1].isupper():
            _place(spans, i, i + 2, _name_end(spans, i + 2), full)


def _after_number(tokens, i: int) -> bool:
    """«в 2020 г. Москва»: «г.» after a number is a year, «с. 15» a page."""
    return i > 0 and any(c.isdigit() for c in tokens[i - 1].text)


def _name_end(spans: Spans, start: int) -> int:
    """The last word of a name the model missed: capitalized words in one case («Большие
    Вязёмы», even when the model took «Вязёмы» for a person; not «Бишкеке Иван Петров»)."""
    tokens, last = spans.tokens, start
    while last + 1 < min(len(tokens), start + LIMITS.place_name_words) and tokens[last + 1].text[:1].isupper() \
            and tokens[last + 1].feat("Case") == tokens[start].feat("Case"):
        inside = spans.at(last + 1)
        if inside is not None and inside.first != last + 1:
            break
        last = inside.last if inside is not None else last + 1
    return last


def _place(spans: Spans, first: int, name_first: int, last: int, descriptor: str) -> None:
    name = spans.make(list(spans.tokens[name_first:last + 1]), LOC).normal
    spans.replace(first, last, LOC, keep_inside=False)
    place = spans.at(first)
    assert place is not None  # the replace above made it
    spans.mentions[spans.mentions.index(place)] = _renamed(place, f"{descriptor} {name}")


def _renamed(mention: Mention, normal: str) -> Mention:
    return replace(mention, normal=normal)


def abbreviated_regions(spans: Spans) -> None:
    """«Тульской обл.», «Зареченском р-не»: one place, its name spelled out «Тульская область»."""
    tokens = spans.tokens
    for i in range(1, len(tokens)):
        full = REGION_ABBREVIATIONS.get(tokens[i].text.lower())
        adjective = tokens[i - 1]
        if full is None or adjective.pos != "ADJ" or not adjective.text[:1].isupper():
            continue
        # an organization around it («Думы Тульской обл.») is made again by the rules that follow
        spans.replace(i - 1, i, LOC, keep_inside=False)
        place = spans.at(i)
        assert place is not None  # the replace above made it
        spans.mentions[spans.mentions.index(place)] = _renamed(place, f"{_nominative(adjective, full[1])} {full[0]}")


def _nominative(adjective: Token, gender: str) -> str:
    for parse in parses(adjective.text.lower()):
        if parse.tag.POS == "ADJF":
            form = parse.inflect({"nomn", "sing", gender})
            if form is not None:
                return restore_case(form.word, adjective.text)
    return adjective.text


def known_names(spans: Spans) -> None:
    """«чемпионат Европы», «грант Интерполу»: a name of the lexicon that no mention covers."""
    i = 0
    while i < len(spans.tokens):
        found = _known_at(spans, i)
        if found is None:
            i += 1
            continue
        last, type_ = found
        spans.mentions.append(spans.make(list(spans.tokens[i:last + 1]), type_))
        spans.mentions.sort(key=lambda m: m.first)
        i = last + 1


def _known_at(spans: Spans, i: int) -> tuple[int, str] | None:
    tokens = spans.tokens
    if spans.at(i) is not None or not tokens[i].text[:1].isupper():   # «все штаты» are no США
        return None
    longest = min(i + LIMITS.place_name_words, len(tokens)) - 1 if may_begin(tokens[i].text) else i
    for last in range(longest, i - 1, -1):
        if any(spans.at(j) is not None for j in range(i + 1, last + 1)):
            continue
        entry = lookup(" ".join(t.text for t in tokens[i:last + 1]))
        if entry is not None:
            return last, entry.type
    return None

