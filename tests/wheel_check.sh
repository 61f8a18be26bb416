#!/usr/bin/env bash
# The wheel as a user gets it: build a wheel of this checkout, install it into a fresh
# virtual environment outside the checkout, and run kg from a folder that is not the
# checkout (so nothing can come from ontology/ or queries/ at the top of the repository).
#
#   bash tests/wheel_check.sh        (make wheel-check; make test runs it after pytest)
#
# PYTHON: the interpreter that builds the wheel and makes the fresh environment
# (default: the checkout's .venv, else python3). KG_WHEEL_CHECK_KEEP=1 keeps the
# temporary folders for a look after a failure.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [[ -z "${PYTHON:-}" ]]; then
  PYTHON="$ROOT/.venv/bin/python"
  [[ -x "$PYTHON" ]] || PYTHON=python3
elif [[ $PYTHON == */* ]]; then
  PYTHON=$(cd "$(dirname "$PYTHON")" && pwd)/$(basename "$PYTHON")  # make test passes .venv/bin/python
fi
# A name the seeds' who-met-whom names (`kg query who-met-whom -g exports/graph.ttl`).
PERSON="Имангали Тасмагамбетов"

START=$(date +%s)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kg-wheel-check.XXXXXX")
WORK=$(cd "$WORK" && pwd -P)
cleanup() {
  if [[ -n "${KG_WHEEL_CHECK_KEEP:-}" ]]; then echo "wheel check: kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
case "$WORK/" in
  "$(cd "$ROOT" && pwd -P)"/*) echo "wheel check: temporary folder $WORK is inside the checkout; set TMPDIR" >&2; exit 1 ;;
esac
SRC=$WORK/src      # a copy of the checkout's files: setuptools' build/ never lands in the checkout
DIST=$WORK/dist    # the wheel
VENV=$WORK/venv    # the fresh environment
RUN=$WORK/run      # where kg runs: a folder holding only the seeds
LOGS=$WORK/logs
mkdir -p "$SRC" "$DIST" "$RUN" "$LOGS"

steps=0
passed=0
failed=0
failures=()

# The closing line comes after the clean-up (removing the environment takes a while too).
finish() {
  cleanup
  trap - EXIT
  local seconds=$(( $(date +%s) - START ))
  if (( failed )); then
    local list; printf -v list '%s; ' "${failures[@]}"
    echo "wheel check: $passed passed, $failed failed ($seconds s); FAILED: ${list%; }"
    exit 1
  fi
  echo "wheel check: $passed passed, 0 failed ($seconds s)"
  exit 0
}

# step NAME COMMAND...: run COMMAND (a function below or a program) with its output in a
# log; on failure print the log's tail and the step's name. With `step -f`, a failure ends
# the check (the later steps need this one).
step() {
  local fatal=""
  if [[ $1 == -f ]]; then fatal=1; shift; fi
  local name=$1; shift
  steps=$((steps + 1))
  local log="$LOGS/$steps.log"
  local t0; t0=$(date +%s)
  if "$@" >"$log" 2>&1; then
    passed=$((passed + 1))
    echo "ok    $name ($(( $(date +%s) - t0 )) s)"
  else
    failed=$((failed + 1))
    failures+=("$name")
    echo "FAIL  $name ($(( $(date +%s) - t0 )) s); its output ends with:"
    tail -n 25 "$log" | sed 's/^/      /'
    if [[ -n $fatal ]]; then
      echo "wheel check: stopping here: the later steps need '$name'"
      finish
    fi
  fi
}

# kg and python of the fresh environment, run from $RUN, with nothing of the checkout on the path.
in_run() { (cd "$RUN" && env -u PYTHONPATH -u PYTHONHOME PYTHONNOUSERSITE=1 "$@"); }
kg() { in_run "$VENV/bin/kg" "$@"; }

check_copy_checkout() {
  # The checkout's files as they are now (uncommitted changes too), without the local
  # environment, build leftovers and outputs.
  (cd "$ROOT" && tar --exclude=./.venv --exclude=./.git --exclude=./build --exclude=./dist \
      --exclude='*.egg-info' --exclude=./exports --exclude=__pycache__ --exclude=.pytest_cache \
      --exclude=.hypothesis -cf - .) | tar -xf - -C "$SRC"
}

check_build_wheel() {
  # -v: the build backend's output, where setuptools' warnings are
  "$PYTHON" -m pip wheel -v --no-deps -w "$DIST" "$SRC" >"$LOGS/pip-wheel.log" 2>&1
  local status=$?
  cat "$LOGS/pip-wheel.log"
  (( status == 0 )) || return 1
  # pyproject.toml's licence (an SPDX string and license-files) draws no deprecation warning
  if grep -iE 'deprecat' "$LOGS/pip-wheel.log" | grep -iE 'licen[cs]e|classifier'; then
    echo "the build warns about the licence metadata (above)"; return 1
  fi
}

check_wheel_contents() {
  local wheel; wheel=$(ls "$DIST"/kg-*.whl)
  "$PYTHON" - "$wheel" <<'EOF'
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
print(sys.argv[1], len(names), "files")
meta = zipfile.ZipFile(sys.argv[1]).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
needed = {
    "the ontology (kg/ontology)": ["kg/ontology/kg.ttl", "kg/ontology/shapes.ttl"],
    "the saved queries (kg/queries)": ["kg/queries/who-met-whom.rq"],
    "the page assets (kg/page/assets)": ["kg/page/assets/page.html", "kg/page/assets/page.js", "kg/page/assets/labels.js"],
    "the network analysis (kg/analysis)": ["kg/analysis/stats.py", "kg/analysis/brandes.py"],
    "the command line": ["kg/cli.py"],
}
missing = [f"{what}: {name}" for what, files in needed.items() for name in files if name not in names]
if "License-Expression: MIT" not in meta.splitlines():
    missing.append("License-Expression: MIT in METADATA")
if not any(n.endswith(".dist-info/licenses/LICENSE") for n in names):
    missing.append("the LICENSE file in .dist-info/licenses")
for line in missing:
    print("missing from the wheel:", line)
sys.exit(1 if missing else 0)
EOF
}

check_fresh_environment() {
  # The dependencies come from PyPI. The checkout's pip (make upgrades it) installs into the
  # fresh environment: with its cache, where it installed .venv, this is quick; the pip
  # that `python -m venv` bundles can be years older and slower (pip >= 22.3 has --python).
  if "$PYTHON" -m pip --python "$PYTHON" --version >/dev/null 2>&1; then
    "$PYTHON" -m venv --without-pip "$VENV" || return 1
    "$PYTHON" -m pip --python "$VENV/bin/python" install --disable-pip-version-check "$DIST"/kg-*.whl
  else
    "$PYTHON" -m venv "$VENV" || return 1
    "$VENV/bin/python" -m pip install --disable-pip-version-check "$DIST"/kg-*.whl
  fi
}

check_import_kg() {
  # kg must come from the fresh environment, not from the checkout
  in_run "$VENV/bin/python" -c 'import kg, sys; print(kg.__file__); sys.exit(not kg.__file__.startswith(sys.prefix))'
}

check_version() {
  local expected; expected=$(in_run "$VENV/bin/python" -c 'from importlib.metadata import version; print(version("kg"))') || return 1
  local out; out=$(kg --version) || return 1
  echo "$out"
  [[ $out == "kg $expected" ]] || { echo "expected 'kg $expected'"; return 1; }
}

check_build_seeds() {
  mkdir -p "$RUN/seeds" && cp "$ROOT"/seeds/*.txt "$RUN/seeds/" || return 1
  kg build seeds -o out || return 1
  [[ -s $RUN/out/graph.ttl ]] || { echo "no out/graph.ttl"; return 1; }
}

check_cluster_without_the_extra() {
  # the default install has no Dask: --cluster says what to install, in one line
  local err status=0
  err=$(kg build seeds -o out-cluster --cluster local:1 2>&1 >/dev/null) || status=$?
  echo "$err"
  (( status == 1 )) && [[ $err == "kg: error: --cluster needs Dask distributed: pip install 'kg[cluster]'" ]]
}

check_query() {
  local out; out=$(kg query who-met-whom -g out/graph.ttl) || return 1
  echo "$out"
  grep -qE '^\(([1-9][0-9]*) rows?\)$' <<<"$out" || { echo "no rows"; return 1; }
  grep -qF "$PERSON" <<<"$out" || { echo "'$PERSON' is not in the answer"; return 1; }
}

check_validate() {
  local out; out=$(kg validate -g out/graph.ttl) || return 1
  echo "$out"
  grep -q "conforms" <<<"$out"
}

check_export_ttl() {
  kg export --format ttl -g out/graph.ttl -o out/export.ttl || return 1
  [[ -s $RUN/out/export.ttl ]] || { echo "out/export.ttl is missing or empty"; return 1; }
}

check_viz() {
  kg viz -g out/graph.ttl -o out/page.html || return 1
  [[ -s $RUN/out/page.html ]] || { echo "out/page.html is missing or empty"; return 1; }
}

check_stats_path_graphml() {
  local out; out=$(kg stats -g out/graph.ttl) || return 1
  echo "$out"
  grep -qF "$PERSON" <<<"$out" || { echo "'$PERSON' is not in kg stats"; return 1; }
  kg path Лавров Токаев -g out/graph.ttl | grep -qF "$PERSON" || { echo "kg path goes not through '$PERSON'"; return 1; }
  kg export --format graphml -g out/graph.ttl -o out/network.graphml || return 1
  grep -qF "$PERSON" "$RUN/out/network.graphml" || { echo "out/network.graphml lacks '$PERSON'"; return 1; }
}

check_api_examples() {
  in_run "$VENV/bin/python" "$ROOT/tests/api_examples.py"
}

echo "wheel check: $ROOT with $("$PYTHON" --version 2>&1) in $WORK"
step -f "copy the checkout" check_copy_checkout
step -f "build the wheel" check_build_wheel
step "wheel contents" check_wheel_contents
step -f "install the wheel into a fresh environment" check_fresh_environment
step "python -c 'import kg'" check_import_kg
step "kg --version" check_version
step -f "kg build seeds -o out" check_build_seeds
step "kg build --cluster without the cluster extra" check_cluster_without_the_extra
step "kg query who-met-whom" check_query
step "kg validate" check_validate
step "kg export --format ttl" check_export_ttl
step "kg viz" check_viz
step "kg stats, kg path, kg export --format graphml" check_stats_path_graphml
if [[ -f $ROOT/tests/api_examples.py ]]; then
  step "tests/api_examples.py" check_api_examples
else
  echo "skip  tests/api_examples.py (not in the checkout)"
fi
finish
