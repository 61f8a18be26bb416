"""Rules over a whole text's mentions, after each sentence's (kg/extract/ner/rules.py):

- «ЕС» tagged as a place in a text that names «Европейский союз»: an abbreviation takes the
  type of the organization its letters spell out;
- «Телеканал World Fashion Channel … телеканал должен ему»: a bare organization noun refers
  back to the organization named before with that head;
- «Кто», «История» opening a sentence are no person: a one-word person must be a name by the
  dictionary, a word it does not know, or a word the text also writes in a longer name.
"""

from __future__ import annotations

from dataclasses import replace

from kg.names import ABBREVIATION, NAME_ROLES, initials, parses
from kg.records import LOC, ORG, PER, Mention
from kg.rules import COMPANY_FORMS, GOVERNMENT_HEADS, ORG_DESCRIPTORS

from .spans import after_possessive, head_noun

COMPANY = "компания"   # the noun that refers back to an organization named with a legal form


def common_words(sentences: list) -> list:
    """Sentences without the one-word persons that are common words: a pronoun anywhere
    («Кто»), a word the dictionary knows and never as a name opening a sentence («История»),
    unless the text writes it in a longer name too («Макрон» after «Эммануэль Макрон»)."""
    in_names = {w.lower() for s in sentences for m in s.mentions if m.type == PER and m.first < m.last
                for w in m.normal.split()}
    return [replace(s, mentions=tuple(m for m in s.mentions if not _common_word(s, m, in_names)))
            for s in sentences]


def _common_word(sentence, mention: Mention, in_names: set[str]) -> bool:
    if mention.type != PER or mention.first != mention.last or mention.normal.lower() in in_names:
        return False
    readings = parses(sentence.tokens[mention.first].text.lower())
    if not readings or not any(r.is_known for r in readings) or any(
            role in r.tag for r in readings for role in NAME_ROLES):
        return False
    opening = all(t.pos == "PUNCT" for t in sentence.tokens[:mention.first])
    return opening or readings[0].tag.POS in ("NPRO", "CONJ", "PRCL", "PREP", "ADVB")


def refer_back(sentences: list, make) -> tuple[list, list[tuple[Mention, Mention]]]:
    """«Телеканал World Fashion Channel … телеканал должен ему»: a bare organization noun that
    repeats the head of an organization named before refers back to it. Such a mention is
    nominal, not a name: it links facts to the organization but is no named-entity mention."""
    antecedents: dict[str, Mention] = {}
    links, result = [], []
    for sentence in sentences:
        added = []
        companies = _companies(sentence)
        for token in sentence.tokens:
            head = antecedents.get(token.lemma)
            if token.lemma == COMPANY:   # one named earlier in the same sentence
                head = next((m for m in reversed(companies) if m.last < token.index), head)
            elif token.lemma in ORG_DESCRIPTORS:   # «делегацию Европейского банка … с вице-президентом банка»
                head = next((m for m in reversed(sentence.mentions) if m.type == ORG and m.last < token.index
                             and m.first < m.last and head_noun(sentence.tokens, m).lemma == token.lemma), head)
            if head is not None and token.feat("Number") != "Plur" and sentence.mention_at(token.index) is None \
                    and _nominal(sentence, token):
                mention = replace(make(sentence.index, [token], ORG), kind="nominal")
                added.append(mention)
                links.append((mention, head))
        if added:
            mentions = sorted(sentence.mentions + tuple(added), key=lambda m: m.first)
            sentence = replace(sentence, mentions=tuple(mentions))
        for mention in sentence.mentions:
            if mention.type == ORG and mention not in added:
                noun = head_noun(sentence.tokens, mention)
                if noun.lemma in ORG_DESCRIPTORS | GOVERNMENT_HEADS:
                    antecedents[noun.lemma] = mention
        if companies:
            antecedents[COMPANY] = companies[-1]
        result.append(sentence)
    return result, links


def _companies(sentence) -> list[Mention]:
    """The organizations a sentence names with a legal form («(Делегация) АО «Рособоронэкспорт»»):
    the shortest name holding the form, in order."""
    found = []
    for token in sentence.tokens:
        if token.lemma in COMPANY_FORMS:
            holding = [m for m in sentence.mentions + sentence.inner
                       if m.type == ORG and m.kind == "name" and m.first <= token.index <= m.last]
            if holding:
                found.append(min(holding, key=lambda m: m.last - m.first))
    return found


def _nominal(sentence, token) -> bool:
    """«телеканал» in lower case, or «наша Организация»: capitalized, yet a reference."""
    if token.pos == "NOUN" and token.text[:1].islower():
        return True
    return token.pos in ("NOUN", "PROPN") and after_possessive(sentence.tokens, token.index)


def type_abbreviations(sentences: list, make) -> list:
    """«ЕС» tagged as a place in a text that names «Европейский союз» (or «Евросоюз» spelled
    out elsewhere in it): an abbreviation whose letters are the initials of an organization
    named in the same text is that organization's abbreviation, so an organization too."""
    spelled = {initials(m.normal) for s in sentences for m in s.mentions + s.inner
               if m.type == ORG and len(m.normal.split()) > 1}
    result = []
    for sentence in sentences:
        if any(_spelled_out(m, spelled) for m in sentence.mentions):
            sentence = replace(sentence, mentions=tuple(
                make(sentence.index, list(sentence.tokens[m.first:m.last + 1]), ORG) if _spelled_out(m, spelled) else m
                for m in sentence.mentions))
        result.append(sentence)
    return result


def _spelled_out(mention: Mention, spelled: set[str]) -> bool:
    return mention.type == LOC and ABBREVIATION.match(mention.text) is not None and mention.text in spelled
