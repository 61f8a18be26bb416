"""Reading a parsed sentence: dependency neighbours, prepositions, named mentions."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cached_property

from kg.records import Mention, Sentence, Token

CONJUNCT = {"conj"}
NAME_PARTS = {"appos", "flat:name", "flat", "flat:foreign"}


class View:
    """One sentence with the indexes the relation readers need."""

    def __init__(self, sentence: Sentence):
        self.sentence = sentence
        self.tokens = sentence.tokens

    @cached_property
    def _children(self) -> dict[int, list[Token]]:
        result: dict[int, list[Token]] = {}
        for token in self.tokens:
            result.setdefault(token.head, []).append(token)
        return result

    @cached_property
    def _mention_of(self) -> dict[int, Mention]:
        return {i: m for m in self.sentence.mentions for i in range(m.first, m.last + 1)}

    def children(self, index: int, *rels: str) -> list[Token]:
        kids = self._children.get(index, [])
        return [k for k in kids if not rels or k.rel in rels or k.rel.split(":")[0] in rels]

    def head(self, index: int) -> Token | None:
        head = self.tokens[index].head
        return self.tokens[head] if 0 <= head < len(self.tokens) else None

    def mention(self, index: int) -> Mention | None:
        return self._mention_of.get(index)

    def case_marker(self, index: int) -> str:
        """The preposition governing a noun: «с» in «с Президентом», «в ходе» as «в»; of two
        the parse hung on it, the nearest before it."""
        markers = self.children(index, "case")
        before = [c for c in markers if c.index < index]
        chosen = before[-1] if before else markers[0] if markers else None
        return chosen.lemma if chosen is not None else ""

    def conjuncts(self, index: int) -> list[int]:
        """A noun and the nouns joined to it by «и» or commas."""
        found, todo = [], [index]
        while todo:
            current = todo.pop(0)
            if current in found:
                continue
            found.append(current)
            todo.extend(k.index for k in self.children(current, "conj"))
        return found

    def subjects(self, index: int) -> list[Token]:
        return self.children(index, "nsubj")

    def governing_verb(self, index: int) -> Token | None:
        """The nearest verb above a token, skipping nouns: «в ходе выступления ... Х озвучил»."""
        seen = set()
        current = self.head(index)
        while current is not None and current.index not in seen:
            if current.pos in ("VERB", "AUX") or self.children(current.index, "nsubj", "nsubj:pass"):
                return current
            seen.add(current.index)
            current = self.head(current.index)
        return None

    def preceding(self, index: int) -> Token | None:
        return self.tokens[index - 1] if index > 0 else None


def ancestors(tokens: Sequence[Token], index: int) -> Iterator[Token]:
    """The heads above a token, nearest first, none where the sentence was not parsed; each
    token is left once, since the parser's heads may run in a circle."""
    seen: set[int] = set()
    token = tokens[index]
    while token.parsed and 0 <= token.head < len(tokens) and token.index not in seen:
        seen.add(token.index)
        token = tokens[token.head]
        yield token


def subtree(tokens: Sequence[Token], root: int) -> set[int]:
    """A token and every token below it (each once, whatever circles the heads make)."""
    found, todo = {root}, [root]
    while todo:
        current = todo.pop()
        for token in tokens:
            if token.head == current and token.index not in found:
                found.add(token.index)
                todo.append(token.index)
    return found
