"""natasha's names corrected: each sentence's by the rules of `rules.py` (and the finders of
`organizations.py`), then the whole text's by those of `discourse.py`.

The natasha adapter (kg/nlp/parse.py) gives the model's names as they come; this is the
one place where kg's rules change them.
"""

from __future__ import annotations

from dataclasses import replace

from kg.nlp.parse import make_mention
from kg.records import Mention, ParsedDocument, Token

from .discourse import common_words, refer_back, type_abbreviations
from .rules import apply_rules


def correct(parsed: ParsedDocument) -> ParsedDocument:
    def make(sent: int, inside: list[Token], type_: str) -> Mention:
        return make_mention(parsed.id, parsed.text, sent, inside, type_)

    sentences = [_sentence(sentence, make) for sentence in parsed.sentences]
    sentences, links = refer_back(type_abbreviations(common_words(sentences), make), make)
    return replace(parsed, sentences=tuple(sentences), same_as=tuple(links))


def _sentence(sentence, make):
    rewritten = apply_rules(sentence.tokens, list(sentence.mentions),
                            lambda inside, type_: make(sentence.index, inside, type_))
    return replace(sentence, mentions=tuple(rewritten.mentions), inner=tuple(rewritten.inner))
