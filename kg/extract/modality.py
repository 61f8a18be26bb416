"""Whether a meeting happened as the text states it: held, planned, cancelled or uncertain;
and whether it was a call by phone.

The trigger («встретился», «встреча», «переговоры») and the words it depends on, up the
dependency tree, are read: «встреча не состоится» and «отказался встретиться» are cancelled,
«планируют провести переговоры», «предложил встретиться» and «встретится» planned, «может
встретиться» uncertain. Words elsewhere in the sentence (a relative clause, another
clause's verb) do not count.
"""

from __future__ import annotations

from kg.nlp.tree import View
from kg.records import CANCELLED, HELD, PLANNED, Token
from kg.rules import BY_PHONE, CANCELLING, LIMITS, NEGATIONS

# Relations through which a trigger depends on the word that says whether it happened.
GOVERNED_BY = {"xcomp", "obj", "nsubj", "nsubj:pass", "obl", "ccomp", "csubj", "iobj", "nmod"}


def status(view: View, index: int) -> str:
    """The status of the meeting whose trigger is the token at `index`: what the nearest word
    up the tree says, else planned when a verb on the way is in the future tense. A trigger
    that is itself such a word («призвал на саммите») says nothing of itself."""
    found = HELD
    for token in _governors(view, index):
        said = _said_by(view, token, itself=token.index != index)
        if said is not None:
            return said
        if found == HELD and _future(view, token):
            found = PLANNED
    return found


def _governors(view: View, index: int) -> list[Token]:
    chain = [view.tokens[index]]
    while len(chain) <= LIMITS.modality_depth and chain[-1].rel in GOVERNED_BY:
        head = view.head(chain[-1].index)
        if head is None:
            break
        chain.append(head)
    return chain


def _said_by(view: View, token: Token, itself: bool = True) -> str | None:
    """What the token or its own modifiers say: a negation, a cancelling or planning word."""
    words = ([token] if itself else []) + view.children(token.index, "advmod", "amod", "aux", "discourse",
                                                        "parataxis", "mark", "case")
    negated = any(w.lemma in NEGATIONS for w in view.children(token.index))
    for word in words:
        cue = cue_of(word.lemma)
        if cue is not None:
            return cue
    return CANCELLED if negated else None


def cue_of(lemma: str) -> str | None:
    """What a word says of a meeting, its reflexive form as its plain one: «предполагается
    встреча» as «предполагать»."""
    if lemma in CANCELLING:
        return CANCELLING[lemma]
    return CANCELLING.get(lemma[:-2]) if lemma.endswith("ся") else None


def _future(view: View, token: Token) -> bool:
    """«встретится», «состоится», «будут вести переговоры»."""
    if token.pos in ("VERB", "AUX") and token.feat("Tense") == "Fut":
        return True
    # «будет принята»: the tagger may give «будет» no tense
    return any(w.lemma == "быть" and (w.feat("Tense") == "Fut" or w.text.lower().startswith("буд"))
               for w in view.children(token.index, "aux"))


def by_phone(view: View, index: int) -> str:
    """PHONE for «телефонный разговор», «переговоры по телефону», «созвонились», VIDEO for
    «в режиме видеосвязи»; else ""."""
    words = [view.tokens[index]] + view.children(index, "amod", "obl", "nmod", "advmod")
    head = view.head(index)
    if head is not None and view.tokens[index].pos in ("NOUN", "PROPN"):  # «провёл переговоры по телефону»
        words += view.children(head.index, "obl", "advmod")
    # «в режиме видеосвязи», «в формате видеоконференции», «в режиме онлайн», «в дистанционном
    # формате»: the mode one word further down
    words += [k for w in list(words[1:]) if w.rel.split(":")[0] in ("obl", "nmod")
              for k in view.children(w.index, "nmod", "advmod", "amod")]
    return next((BY_PHONE[w.lemma] for w in words if w.lemma in BY_PHONE), "")
