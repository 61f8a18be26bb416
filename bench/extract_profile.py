"""Where extraction's time goes, sub-stage by sub-stage, in one process with one BLAS thread.

Makes the corpus `make bench-unique` uses (each text four different factRuEval dev texts,
seeded), or takes a folder, and times kg's extraction of its first --texts texts cut at the
same boundaries whatever the code inside them: razdel (sentences, tokens), the morph tagger
and lemmas, the NER tagger, the syntax parser, tokens and names to the nominative, kg's
corrections of names, relations/positions/events/dateline. Models are loaded before the clock
starts. Not a test.

Run: make bench-extract   (.venv/bin/python bench/extract_profile.py [--texts 160] [--join 4] [--source DIR])
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy: one core, as a build's worker has

import argparse
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from build_bench import DEV_SET, make_corpus

RAZDEL, MORPH, NER, SYNTAX = "razdel (sentences, tokens)", "morph tagger and lemmas", "NER tagger", "syntax parser"
TOKENS, CORRECT, FACTS = "tokens, names to the nominative", "kg's corrections of names", \
    "relations, positions, events, dateline"


def profile(folder: Path, texts: int) -> None:
    from kg.extract.dateline import with_dateline
    from kg.extract.ner.correct import correct
    from kg.extract.relations import extract
    from kg.inputs.load import load_documents
    from kg.nlp import parse as nlp

    documents = load_documents(folder)[0][:texts]
    models = nlp.default_models().load()
    seconds: dict[str, float] = defaultdict(float)

    def timed(stage: str, function):
        def run(*args, **kwargs):
            started = time.perf_counter()
            result = function(*args, **kwargs)
            result = list(result) if hasattr(result, "__next__") else result  # a generator's work
            seconds[stage] += time.perf_counter() - started
            return result
        return run

    nlp.segment = timed(RAZDEL, nlp.segment)
    nlp._NerTags.map = timed(NER, nlp._NerTags.map)
    models.syntax.map = timed(SYNTAX, models.syntax.map)
    nlp._assemble = timed(TOKENS, nlp._assemble)
    nlp._spans = timed(TOKENS, nlp._spans)
    parsing = 0.0
    started = time.perf_counter()
    for first in range(0, len(documents), 16):
        before = time.perf_counter()
        parsed = nlp.parse_many(documents[first:first + 16], models)
        parsing += time.perf_counter() - before
        for document in parsed:
            before = time.perf_counter()
            corrected = correct(document)
            seconds[CORRECT] += time.perf_counter() - before
            before = time.perf_counter()
            extract(with_dateline(corrected))
            seconds[FACTS] += time.perf_counter() - before
    total = time.perf_counter() - started
    seconds[MORPH] = parsing - sum(seconds[s] for s in (RAZDEL, NER, SYNTAX, TOKENS))  # what parse_many does besides
    characters = sum(len(d.text) for d in documents)
    print(f"{len(documents)} texts, {characters:,} characters: {total:.2f} s, "
          f"{characters / total:,.0f} characters a second")
    print("| sub-stage | s | share |\n| --- | ---: | ---: |")
    for stage, spent in sorted(seconds.items(), key=lambda item: -item[1]):
        print(f"| {stage} | {spent:.2f} | {100 * spent / total:.0f} % |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=int, default=160)
    parser.add_argument("--join", type=int, default=4, help="dev texts joined into each text (1: the dev texts)")
    parser.add_argument("--source", type=Path, help="a folder of texts to profile instead")
    args = parser.parse_args()
    if args.source:
        return profile(args.source, args.texts)
    with tempfile.TemporaryDirectory(prefix="kg-extract-profile-") as folder:
        make_corpus(DEV_SET, Path(folder) / "corpus", 1065 if args.join > 1 else len(list(DEV_SET.glob("*.txt"))),
                    args.join)
        profile(Path(folder) / "corpus", args.texts)


if __name__ == "__main__":
    main()
