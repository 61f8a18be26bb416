"""Which words are position titles: shared by the NER rules and the title reader."""

from kg.rules import POSITION_NOUNS, POSITION_PREFIXES, STATE_POSTS


def title_lemma(lemma: str, nouns: frozenset[str] | set[str] = POSITION_NOUNS) -> bool:
    """«экс-председатель», «вице-спикер», «замминистра» are titles because their base is."""
    return lemma in nouns or base_lemma(lemma) in nouns


def base_lemma(lemma: str) -> str:
    """«экс-кандидат» -> «кандидат», «вице-премьер» -> «премьер»: the word without its prefix."""
    prefix = next((p for p in POSITION_PREFIXES if lemma.startswith(p) and len(lemma) > len(p) + 2), "")
    return lemma[len(prefix):]


def state_post(lemma: str) -> bool:
    """A post of a state or its bodies («вице-премьер», «министр»), not a job anywhere («журналист»)."""
    return title_lemma(lemma, STATE_POSTS)
