#!/bin/bash
# bench/same_outputs.sh REV_A REV_B [FOLDER...]: build each folder (default: seeds) with kg as it
# was at two revisions and compare graph.ttl, mentions.jsonl and graph.html byte for byte: a
# change meant to keep outputs (a restructure, rules moved into data) proves it so. Both builds
# run on this checkout's .venv (PY=...), the revision's own code first on the path (checked).
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: bench/same_outputs.sh REV_A REV_B [FOLDER...]" >&2; exit 2; }
a=$1; b=$2; shift 2
folders=()
for folder in "${@:-seeds}"; do folders+=("$(realpath "$folder")"); done
PY=${PY:-$PWD/.venv/bin/python}
work=$(mktemp -d)
trap 'git worktree prune; rm -rf "$work"' EXIT
for rev in "$a" "$b"; do
  git worktree add -q --detach "$work/src" "$rev"
  # run from outside any checkout: `python -m` puts the working folder first on the path
  used=$(cd "$work" && PYTHONPATH="$work/src" "$PY" -c "import kg; print(kg.__file__)")
  [ "$used" = "$work/src/kg/__init__.py" ] || { echo "kg at $rev is not first on the path: $used" >&2; exit 1; }
  for folder in "${folders[@]}"; do
    (cd "$work" && PYTHONPATH="$work/src" "$PY" -m kg.cli build "$folder" -o "$work/out-$rev/$(basename "$folder")" \
      --mentions --no-cache > /dev/null)
  done
  (cd "$work/out-$rev" && sha256sum ./*/graph.ttl ./*/mentions.jsonl ./*/graph.html) > "$work/$rev.sha256"
  git worktree remove --force "$work/src"
done
if diff "$work/$a.sha256" "$work/$b.sha256"; then
  cat "$work/$a.sha256"
  echo "identical: ${folders[*]} built at $a and at $b"
else
  echo "outputs differ between $a and $b" >&2
  exit 1
fi
