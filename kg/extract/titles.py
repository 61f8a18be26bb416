"""Which words are position titles: shared by the NER rules and the title reader."""

from .triggers import POSITION_NOUNS, POSITION_PREFIXES


def title_lemma(lemma: str) -> bool:
    """«экс-председатель», «вице-спикер», «замминистра» are titles because their base is."""
    if lemma in POSITION_NOUNS:
        return True
    return any(lemma.startswith(p) and lemma[len(p):] in POSITION_NOUNS for p in POSITION_PREFIXES)
