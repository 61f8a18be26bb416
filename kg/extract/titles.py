"""Which words are position titles: shared by the NER rules and the title reader."""

from functools import lru_cache

from kg.names import parses
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


@lru_cache(maxsize=20_000)
def substantive(word: str) -> str:
    """«поверенным» -> «поверенный»: a participle or adjective used as a noun, in the
    masculine nominative (its lemma as tagged is the verb's, «поверить»); "" when it is none."""
    for parse in parses(word.lower())[:3]:
        if parse.tag.POS in ("PRTF", "ADJF"):
            form = parse.inflect({"nomn", "sing", "masc"})
            if form is not None:
                return form.word
    return ""
