"""The NLP runtime: natasha's models made cheaper; sentences, tokens, lemmas, syntax and named
entities; the parsed sentence as the rules read it."""
