#!/usr/bin/env bash
# Score the two halves of the factRuEval dev set separately: documents in numeric order,
# even positions ("tune": the half whose errors were studied while writing rules) and odd
# positions ("check"). Each half is a folder of copies of its documents' files: `kg eval`
# builds and scores it, and the task's own scorers (GOLD_DIR/scripts, `-s` at the half's
# folder) print their table under ours. Usage: bench/eval_halves.sh [GOLD_DIR]
set -euo pipefail
gold=${1:-../shared/factrueval-dev}
kg=${KG:-.venv/bin/kg}
scripts="$(cd "$gold" && pwd)/scripts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tune" "$work/check"
i=0
for text in $(cd "$gold" && ls book_*.txt | sort -t_ -k2 -n); do
  half=$([ $((i % 2)) = 0 ] && echo tune || echo check)
  cp "$gold/${text%.txt}".* "$work/$half/"
  i=$((i + 1))
done
for half in tune check; do
  echo "## $half half"
  "$kg" eval "$work/$half" -o "$work/out-$half" --scripts "$scripts"
done
