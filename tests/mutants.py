"""`make mutants`: do the rules' examples notice when a rule changes?

Each mutant is the packaged rules with one row deleted, or one window moved by one (up, and
down where it can go down). Each is installed in turn and the examples run (the mutated row's
own first, then every other); a mutant is killed when some example fails. Prints each
survivor and `killed K of N`; exits 1 when the unchanged rules already fail an example.

    .venv/bin/python tests/mutants.py                       # every row and window (~10 min)
    .venv/bin/python tests/mutants.py --file titles.toml    # one file's rows
    .venv/bin/python tests/mutants.py --table met_with --key встреча -v
    .venv/bin/python tests/mutants.py --read "Министр встретился с послом."   # what a text yields

The texts are parsed once, with the syntax parser run everywhere, and read again under each
mutant's rules (kg/eval/examples.py), so a mutant costs the rules' time only.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from dataclasses import dataclass, replace

from kg import rules
from kg.eval.examples import Failure, Reader
from kg.rules import Row


@dataclass(frozen=True)
class Mutant:
    name: str
    rows: tuple[Row, ...]     # the rules it installs
    own: tuple[Row, ...]      # rows whose examples are tried first


def mutants(original: list[Row]) -> list[Mutant]:
    found = []
    for n, row in enumerate(original):
        rest = tuple(original[:n] + original[n + 1:])
        if row.table == "window":
            for step in (-1, 1):
                if row.value + step >= 0:
                    moved = original[:n] + [replace(row, value=row.value + step)] + original[n + 1:]
                    found.append(Mutant(f"{row.source} window {row.key} {row.value} -> {row.value + step}",
                                        tuple(moved), (row,)))
        else:
            found.append(Mutant(f"{row.source} [[{row.table}]] {row.key!r} deleted", rest, (row,)))
    return found


def run(mutant: Mutant, reader: Reader, original: list[Row]) -> list[Failure]:
    rules.install(rows=list(mutant.rows))
    try:
        failures = reader.check(list(mutant.own))
        if not failures:
            failures = reader.check([row for row in original if row not in mutant.own])
        return failures[:1]
    finally:
        rules.install(rows=original)


_READER: Reader | None = None
_ORIGINAL: list[Row] = []


def _run_forked(mutant: Mutant) -> tuple[str, bool, str]:
    assert _READER is not None
    failures = run(mutant, _READER, _ORIGINAL)
    return mutant.name, bool(failures), str(failures[0]) if failures else ""


def corpus_effects(args, original: list[Row], reader: Reader) -> int:
    """Which mutants change what a corpus yields: a row that no example can notice and that
    changes nothing in the corpus either is dead weight."""
    from pathlib import Path
    texts = [p.read_text(encoding="utf-8") for folder in args.corpus for p in sorted(Path(folder).glob("*.txt"))]
    reader.prepare(texts)
    before = [reader.lines(t) for t in texts]
    quiet = 0
    for mutant in _chosen(args, original):
        rules.install(rows=list(mutant.rows))
        changed = [(t, b, reader.lines(t)) for t, b in zip(texts, before)]
        changed = [(t, b, a) for t, b, a in changed if a != b]
        rules.install(rows=original)
        quiet += not changed
        print(f"{len(changed):4d} texts change: {mutant.name}")
        if changed and args.verbose:
            _, b, a = changed[0]
            print(f"       lost {sorted(b - a)[:3]} gained {sorted(a - b)[:3]}")
    print(f"{quiet} mutants change no text of {len(texts)}")
    return 0


def _chosen(args, original: list[Row]) -> list[Mutant]:
    return [m for m in mutants(original)
            if (not args.file or any(m.own[0].source.startswith(f + ":") for f in args.file))
            and (not args.table or m.own[0].table in args.table)
            and (not args.key or m.own[0].key in args.key)]


def main(argv: list[str] | None = None) -> int:
    global _READER, _ORIGINAL
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", action="append", default=[], help="only the rows of this rule file")
    parser.add_argument("--table", action="append", default=[], help="only the rows of this table")
    parser.add_argument("--key", action="append", default=[], help="only the rows with this key")
    parser.add_argument("--jobs", type=int, default=2, help="processes (forked after the texts are parsed)")
    parser.add_argument("-v", "--verbose", action="store_true", help="show what killed each mutant")
    parser.add_argument("--read", metavar="TEXT", action="append", default=[],
                        help="only print the lines a text yields (to write an example's yields)")
    parser.add_argument("--corpus", metavar="DIR", action="append", default=[],
                        help="instead of the examples, say which mutants change what the *.txt of DIR yield")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    original = rules.installed()
    reader = Reader()
    if args.corpus:
        return corpus_effects(args, original, reader)
    if args.read:
        reader.prepare(args.read)
        for text in args.read:
            print(f"«{text}»")
            print("\n".join(f"  {line}" for line in sorted(reader.lines(text))))
        return 0
    reader.prepare([e.text for row in original for e in row.examples])
    baseline = reader.check(original)
    if baseline:
        print("\n\n".join(map(str, baseline)))
        print(f"{len(baseline)} example(s) fail with the rules unchanged")
        return 1
    chosen = _chosen(args, original)
    _READER, _ORIGINAL = reader, original
    if args.jobs > 1 and len(chosen) > 1:
        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            results = pool.map(_run_forked, chosen, chunksize=4)
    else:
        results = [_run_forked(m) for m in chosen]
    killed = 0
    for name, dead, why in results:
        killed += dead
        if not dead:
            print(f"survived: {name}")
        elif args.verbose:
            print(f"killed: {name}\n{why}\n")
    seconds = time.perf_counter() - started
    print(f"killed {killed} of {len(results)} ({killed / max(len(results), 1):.3f}) in {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
