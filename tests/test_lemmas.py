"""kg's lemmas are natasha's (`MorphVocab.lemmatize`), worked out with fewer objects; where no reading
of a word fits its tag, pymorphy's likeliest instead of the word as written."""

import pytest

from kg.nlp.parse import lemma

CASES = [  # word as written, UD part of speech and features as natasha's morph tagger gives them
    ("встретился", "VERB", {"Aspect": "Perf", "Gender": "Masc", "Mood": "Ind", "Number": "Sing", "Tense": "Past",
                            "VerbForm": "Fin", "Voice": "Mid"}),
    ("Лаврова", "PROPN", {"Animacy": "Anim", "Case": "Gen", "Gender": "Masc", "Number": "Sing"}),
    ("министра", "NOUN", {"Animacy": "Anim", "Case": "Gen", "Gender": "Masc", "Number": "Sing"}),
    ("иностранных", "ADJ", {"Case": "Gen", "Degree": "Pos", "Number": "Plur"}),
    ("Ёлкой", "NOUN", {"Animacy": "Inan", "Case": "Ins", "Gender": "Fem", "Number": "Sing"}),
    ("прошла", "VERB", {"Aspect": "Perf", "Gender": "Fem", "Mood": "Ind", "Number": "Sing", "Tense": "Past"}),
    ("Тасмагамбетовым", "PROPN", {"Case": "Ins", "Gender": "Masc", "Number": "Sing"}),
    ("ОДКБ", "PROPN", {"Case": "Gen"}),
    ("заседании", "NOUN", {"Case": "Loc", "Number": "Sing"}),
    ("с", "ADP", {}),
]


@pytest.mark.parametrize("word, pos, feats", CASES)
def test_a_lemma_is_natashas(word, pos, feats):
    from natasha import MorphVocab
    assert lemma(word, pos, tuple(sorted(feats.items()))) == MorphVocab().lemmatize(word, pos, feats)


def test_a_word_no_reading_fits_takes_pymorphys_likeliest():
    # the tagger calls a capitalized noun at a sentence's start an adjective with no features;
    # natasha keeps the word as it is, kg takes the noun
    assert lemma("Соорганизатором", "ADJ", ()) == "соорганизатор"
