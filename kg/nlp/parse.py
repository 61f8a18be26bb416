"""The natasha adapter: sentences, tokens, lemmas, syntax and named entities.

Sentences never cross a line break: headlines and datelines stand on lines of their own
in press releases, and razdel alone would glue them to the next sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, cached_property, lru_cache
from typing import NamedTuple

from razdel import sentenize, tokenize
from razdel.segmenters.tokenize import ATOM
from slovnet.bio import bio_spans
from slovnet.chop import chop
from slovnet.conll import parse_conll_tag

from kg import names
from kg.records import UNPARSED, Document, Mention, ParsedDocument, Sentence, Token
from kg.rules import SYNTAX_LEMMAS

NER_TYPES = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}
# Longer "sentences" are cut so that the syntax model's cost stays bounded.
MAX_SENTENCE_TOKENS = 200
# Sentences read together by the NER model, for the context around each (`_text_tags`).
TEXT_WINDOW_TOKENS = 1000
LINE = re.compile(r"[^\n]+")
NON_SPACE = re.compile(r"\S+")
# razdel's tokens of runs of non-spaces between neighbours of given kinds (`words_of`).
_RUNS: dict[tuple[str, str, str], tuple[tuple[int, int, str], ...]] = {}
KEPT_RUNS = 300_000


@dataclass(frozen=True)
class RawSentence:
    start: int
    stop: int
    tokens: tuple[tuple[int, int, str], ...]


class Models:
    """natasha's models, loaded once on first use (they ship inside the wheels)."""

    @cached_property
    def embedding(self):
        from natasha import NewsEmbedding
        return NewsEmbedding()

    @cached_property
    def morph(self):
        from natasha import NewsMorphTagger
        return _faster(NewsMorphTagger(self.embedding))

    @cached_property
    def syntax(self):
        from natasha import NewsSyntaxParser
        return _faster(NewsSyntaxParser(self.embedding))

    @cached_property
    def ner(self):
        from natasha import NewsNERTagger
        return _faster(NewsNERTagger(self.embedding))

    def load(self) -> Models:
        """Every model now rather than at first use (a process about to wait for work)."""
        for name in ("embedding", "morph", "syntax", "ner"):
            getattr(self, name)
        vocab()
        return self


def _faster(tagger):
    """The same tagger, its convolutions and its input encoding made cheaper (runtime.py)."""
    from .runtime import make_faster, remember_words
    make_faster(tagger.infer.model)
    remember_words(tagger.infer.encoder)
    return tagger


@lru_cache(maxsize=1)
def default_models() -> Models:
    return Models()


# ---------------------------------------------------------------- segmentation

def segment(text: str) -> list[RawSentence]:
    sentences = []
    for line in LINE.finditer(text):
        for start, stop in _quote_aware(line.group()):
            offset = line.start() + start
            tokens = tuple(words_of(line.group()[start:stop], offset))
            sentences.extend(_bounded(tokens))
    return sentences


def words_of(text: str, offset: int = 0) -> list[tuple[int, int, str]]:
    """razdel's tokens of a text as (start, stop, text), offsets moved by `offset`. razdel
    never joins across a space, and its rules look past a space only at the kind of the atom
    there (letters, digits, punctuation, other: `Rule2112`'s left_2/right_2), so a run of
    non-spaces is cut the same wherever it stands between neighbours of the same kinds: runs
    seen before come from memory, and a text with any new run goes through razdel whole
    (tested equal to razdel's on every sentence of the dev set and on random strings)."""
    runs = [(m.start(), m.group()) for m in NON_SPACE.finditer(text)]
    kinds = [(_atom_kind(run[0]), _atom_kind(run[-1])) for _, run in runs]
    last = len(runs) - 1
    keys = [(kinds[i - 1][1] if i else "", run, kinds[i + 1][0] if i < last else "") for i, (_, run) in enumerate(runs)]
    try:
        known = [_RUNS[key] for key in keys]
    except KeyError:
        known = _by_run([(t.start, t.stop, t.text) for t in tokenize(text)], runs)
        if len(_RUNS) > KEPT_RUNS:
            _RUNS.clear()
        _RUNS.update(zip(keys, known))
    found = []
    for (start, _), words in zip(runs, known):
        start += offset
        found.extend([(start + first, start + stop, word) for first, stop, word in words])
    return found


def _by_run(tokens: list[tuple[int, int, str]], runs: list[tuple[int, str]]) -> list[tuple]:
    """The tokens of each run, their offsets from the run's start."""
    grouped: list[list] = [[] for _ in runs]
    i = 0
    for start, stop, word in tokens:
        while runs[i][0] + len(runs[i][1]) <= start:
            i += 1
        grouped[i].append((start - runs[i][0], stop - runs[i][0], word))
    return [tuple(group) for group in grouped]


@cache
def _atom_kind(char: str) -> str:
    return ATOM.match(char).lastgroup


def _quote_aware(line: str) -> list[tuple[int, int]]:
    """razdel's sentences, glued back where a full stop falls inside «quotes»."""
    spans: list[tuple[int, int]] = []
    for sent in sentenize(line):
        if spans and _open_quote(line[spans[-1][0]:spans[-1][1]]):
            spans[-1] = (spans[-1][0], sent.stop)
        else:
            spans.append((sent.start, sent.stop))
    return spans


def _open_quote(text: str) -> bool:
    return text.count("«") > text.count("»")


def _bounded(tokens: tuple) -> list[RawSentence]:
    chunks = [tokens[i:i + MAX_SENTENCE_TOKENS] for i in range(0, len(tokens), MAX_SENTENCE_TOKENS)]
    return [RawSentence(c[0][0], c[-1][1], c) for c in chunks if c]


# ---------------------------------------------------------------- tagging

@lru_cache(maxsize=1)
def vocab():
    """pymorphy's analyzer as natasha's MorphVocab holds it, giving plain tuples: MorphVocab
    makes an object of every reading of every word, with its tag converted again each time,
    which was two thirds of the time of lemmas on texts of new words."""
    from pymorphy2 import MorphAnalyzer
    return MorphAnalyzer(result_type=None)


@lru_cache(maxsize=200_000)
def lemma(word: str, pos: str, feats: tuple) -> str:
    """natasha's `MorphVocab.lemmatize` (natasha/morph/lemma.py), with its readings of a word
    and its conversions of a tag to UD each worked out once."""
    if pos in ("PUNCT", "NUM", "SYM", "X") or not word[:1].isalpha():
        return word.lower()
    from natasha.morph.lemma import grams_sim, normal_word
    word, wanted = normal_word(word), dict(feats)
    readings = _readings(word)
    # no reading like the tag («Соорганизатором» tagged an adjective): pymorphy's likeliest, where
    # natasha keeps the word as it is
    best, top = (readings[0][0] if readings else None), 0
    for normal, form_pos, form_feats in readings:
        if form_pos == pos and form_feats == wanted:
            return normal_word(normal)
        similarity = grams_sim(form_pos, form_feats, pos, wanted)
        if similarity > top:
            best, top = normal, similarity
    return normal_word(best) if best is not None else word


@lru_cache(maxsize=100_000)
def _readings(word: str) -> tuple[tuple[str, str, dict], ...]:
    """(normal form, UD part of speech, UD features) of each of pymorphy's readings, in its order."""
    return tuple((parse[2], *_ud(parse[1])) for parse in vocab().parse(word))


@cache  # pymorphy has a few thousand tags
def _ud(tag) -> tuple[str, dict]:
    from natasha.morph.vocab import ud_feats, ud_pos
    return ud_pos(tag), dict(ud_feats(tag))


def parse(document: Document, models: Models | None = None) -> ParsedDocument:
    return parse_many([document], models)[0]


def parse_many(documents: list[Document], models: Models | None = None,
               syntax_everywhere: bool = False) -> list[ParsedDocument]:
    """Several texts at once: their sentences go through each model together, shortest first,
    so that a batch holds sentences of like length and little padding. A sentence's tags do
    not depend on its batch (padding is masked after every layer); its numbers move by ~1e-5,
    as BLAS rounds a row otherwise for another number of rows. The syntax parser reads only
    the sentences holding a trigger word (`needs_syntax`), or, `syntax_everywhere`, all."""
    models = models or default_models()
    raws = [segment(document.text) for document in documents]
    located = [(document, sent) for document, raw in zip(documents, raws) for sent in raw]
    words = [[t[2] for t in sent.tokens] for _, sent in located]
    tags = _by_length(_MorphTags(models.morph), words)
    morphs = [list(map(_tagged, sentence, sentence_tags)) for sentence, sentence_tags in zip(words, tags)]
    needed = [i for i, tagged in enumerate(morphs) if syntax_everywhere or needs_syntax(t[0] for t in tagged)]
    parsed = dict(zip(needed, _by_length(models.syntax, [words[i] for i in needed])))
    tags = _text_tags(_NerTags(models.ner), words, raws)
    spans = [_spans(sent, sentence_tags) for (_, sent), sentence_tags in zip(located, tags)]
    results, first = [], 0
    for document, raw in zip(documents, raws):
        heads = {i - first: [(int(t.head_id) - 1, t.rel) for t in parsed[i].tokens]
                 for i in range(first, first + len(raw)) if i in parsed}
        results.append(_assemble(document, raw, morphs[first:first + len(raw)], heads,
                                 spans[first:first + len(raw)]))
        first += len(raw)
    return results


def needs_syntax(lemmas) -> bool:
    """Whether a sentence of these lemmas holds a word some rule reads its syntax for."""
    return not SYNTAX_LEMMAS.isdisjoint(lemmas)


def gated(document: ParsedDocument) -> ParsedDocument:
    """A text parsed everywhere as `parse_many` would have parsed it under the rules now: the
    sentences holding no trigger word unparsed (`kg.eval.examples` reads texts parsed once
    under many rules)."""
    sentences = tuple(s if needs_syntax(t.lemma for t in s.tokens) else
                      replace(s, tokens=tuple(replace(t, head=UNPARSED[0], rel=UNPARSED[1]) for t in s.tokens))
                      for s in document.sentences)
    return replace(document, sentences=sentences)


def _text_tags(ner, words: list[list[str]], raws: list[list[RawSentence]]) -> list[list[str]]:
    """NER tags of every sentence, read with the text around it, as natasha reads a whole text:
    it then finds names it misses in a sentence alone (a surname opening a sentence, a name in
    a short one), and kg's names are never fewer than natasha's. A long text is read in windows
    of whole sentences, so that memory stays bounded."""
    windows: list[list[int]] = []  # sentence indices, consecutive within one text
    first = 0
    for raw in raws:
        window: list[int] = []
        size = 0
        for index in range(first, first + len(raw)):
            if window and size + len(words[index]) > TEXT_WINDOW_TOKENS:
                windows.append(window)
                window, size = [], 0
            window.append(index)
            size += len(words[index])
        if window:
            windows.append(window)
        first += len(raw)
    tags: list[list[str]] = [[] for _ in words]
    texts = [[word for index in window for word in words[index]] for window in windows]
    for window, window_tags in zip(windows, _by_length(ner, texts)):
        start = 0
        for index in window:
            tags[index] = window_tags[start:start + len(words[index])]
            start += len(words[index])
    return tags


def _spans(sentence: RawSentence, tags: list[str]) -> list[tuple[int, int, str]]:
    return [(span.start, span.stop, span.type) for span in bio_spans(_Offsets(sentence.tokens), tags)]


def _by_length(model, items: list) -> list:
    """model.map over the items taken shortest first; the results in the items' order."""
    order = sorted(range(len(items)), key=lambda i: len(items[i]))
    results: list = [None] * len(items)
    for index, result in zip(order, model.map([items[i] for i in order]) if items else ()):
        results[index] = result
    return results


class _MorphTags:
    """natasha's morph tagger giving each word's tag as the model writes it
    ("NOUN|Animacy=Inan|Case=Nom|…"): what its `map` does before making two records of every
    word, each with its tag parsed again."""

    def __init__(self, morph):
        self.infer, self.batch_size = morph.infer, morph.batch_size

    def map(self, words: list[list[str]]):
        infer = self.infer
        for chunk in chop(words, self.batch_size):
            yield from infer.decoder(infer.process(infer.encoder(chunk)))


class _NerTags:
    """natasha's NER tagger over sentences already cut into words: what its `map` does after
    tokenizing each sentence again with the same razdel."""

    def __init__(self, ner):
        self.infer = ner.infer

    def map(self, words: list[list[str]]):
        infer = self.infer
        return infer.decoder(infer.process(infer.encoder(words)))


class _Offsets(NamedTuple):
    """A sentence's tokens as slovnet's span decoder reads them (start, stop)."""
    tokens: tuple

    def __iter__(self):
        return (_Token(start, stop) for start, stop, _ in self.tokens)


class _Token(NamedTuple):
    start: int
    stop: int


def _assemble(document: Document, raw: list[RawSentence], morphs: list, heads: dict, spans: list) -> ParsedDocument:
    sentences = []
    for index, (sent, tagged) in enumerate(zip(raw, morphs)):
        sent_heads = heads.get(index)
        tokens = tuple(_token(i, t, m, sent_heads[i] if sent_heads else UNPARSED)
                       for i, (t, m) in enumerate(zip(sent.tokens, tagged)))
        text = document.text[sent.start:sent.stop]
        mentions = _mentions(document, index, tokens, spans[index])
        sentences.append(Sentence(document.id, index, sent.start, sent.stop, text, tokens, mentions))
    return ParsedDocument(document.id, document.text, tuple(sentences))


@lru_cache(maxsize=200_000)
def _tagged(word: str, tag: str) -> tuple[str, str, tuple]:
    """(lemma, part of speech, features) of a word the morph model tagged `tag`."""
    pos, feats = _conll(tag)
    return lemma(word, pos, feats), pos, feats


@cache  # the model knows a few hundred tags
def _conll(tag: str) -> tuple[str, tuple]:
    pos, feats = parse_conll_tag(tag)
    return pos, tuple(sorted(feats.items()))


def _token(index: int, raw: tuple, tagged: tuple, head: tuple[int, str]) -> Token:
    start, stop, text = raw
    lemma_, pos, feats = tagged
    return Token(index, text, start, stop, lemma_, pos, feats, head[0], head[1])


def _mentions(document: Document, sent: int, tokens: tuple[Token, ...], spans: list) -> tuple[Mention, ...]:
    """natasha's entity spans, as they come (kg/extract/ner corrects them)."""
    found = []
    for start, stop, type_ in spans:
        inside = [t for t in tokens if t.start >= start and t.stop <= stop]
        if inside and type_ in NER_TYPES:
            found.append(make_mention(document.id, document.text, sent, inside, NER_TYPES[type_]))
    return tuple(found)


def make_mention(doc_id: str, text: str, sent: int, inside: list[Token], type_: str) -> Mention:
    """The mention of the tokens `inside`, its name put in the nominative."""
    start, stop = inside[0].start, inside[-1].stop
    words = [names.Word(t.text, t.pos, t.feat("Case"), t.feat("Gender")) for t in inside]
    forms = names.normalize(words, type_)
    normal = names.respace(inside, forms)
    return Mention(doc_id, sent, inside[0].index, inside[-1].index, start, stop, type_, text[start:stop], normal)
