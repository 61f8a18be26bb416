"""Which words are position titles: shared by the NER rules and the title reader."""

from .triggers import POSITION_NOUNS, POSITION_PREFIXES, STATE_POSTS


def title_lemma(lemma: str, nouns: frozenset[str] | set[str] = POSITION_NOUNS) -> bool:
    """«экс-председатель», «вице-спикер», «замминистра» are titles because their base is."""
    if lemma in nouns:
        return True
    return any(lemma.startswith(p) and lemma[len(p):] in nouns for p in POSITION_PREFIXES)


def state_post(lemma: str) -> bool:
    """A post of a state or its bodies («вице-премьер», «министр»), not a job anywhere («журналист»)."""
    return title_lemma(lemma, STATE_POSTS)
