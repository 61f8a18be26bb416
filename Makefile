# kg on a fresh machine:
#   make build   create .venv, install kg, build the graph of seeds/ into exports/
#   make test    install kg with its test tools, the cluster extra (and Debian's chromium), run the tests
#   make test-fast  the quick loop while working: every test not marked slow (under a minute)
#   make lint    install the pinned checkers (the dev extra), run ruff and mypy
VENV   ?= .venv
PYTHON ?= python3
PY      = $(VENV)/bin/python
KG      = $(VENV)/bin/kg
STAMP   = $(VENV)/.installed
DEV     = $(VENV)/.installed-dev

.PHONY: build test test-fast mutants lint wheel-check test-corpus eval eval-halves bench bench-unique bench-extract bench-query bench-scale screenshot browser clean

build: $(STAMP)
	$(KG) build seeds -o exports

# The whole suite, fast and slow, then the wheel check (CI runs this: .ci/run).
test: $(STAMP) browser
	$(PY) -m pytest -q
	PYTHON=$(PY) bash tests/wheel_check.sh

# Unit tests, doctests and the golden sentences, with the models loaded once: no build of
# a corpus, no browser, cluster, server or kg process (those are marked slow).
test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not slow"

# Lint and types, as configured in pyproject.toml (and run by .pre-commit-config.yaml);
# mypy runs even when ruff found something, so one run shows both.
lint: $(DEV)
	$(VENV)/bin/ruff check kg tests bench; ruff=$$?; $(VENV)/bin/mypy && exit $$ruff

# The wheel as a user installs it: built from the checkout, installed into a fresh
# environment outside it, its `kg` run on the seeds from another folder.
wheel-check: $(STAMP)
	PYTHON=$(PY) bash tests/wheel_check.sh

# Each rule row deleted, each window moved by one: do the rules' examples notice? (docs/rules.md)
mutants: $(STAMP)
	$(PY) tests/mutants.py

# The slow runs over ../shared/factrueval-dev (skipped when it is absent).
test-corpus: $(STAMP)
	$(PY) -m pytest -q --corpus

# Extraction quality against the factRuEval-2016 dev set (docs/evaluation.md).
eval: $(STAMP)
	$(KG) eval ../shared/factrueval-dev

eval-halves: $(STAMP)
	bench/eval_halves.sh ../shared/factrueval-dev

# Speed against the references (docs/benchmarks.md); not tests: nothing fails on speed.
#   make bench TEXTS=10000 REPEAT=1  build throughput vs natasha's pipeline, incremental rebuild, memory
#   make bench-unique             the same on 1,065 unique texts four dev texts long (#18)
#   make bench-extract            extraction's time by sub-stage, one process, on those texts
#   make bench-query TRIPLES=...  saved queries and Turtle writing vs rdflib on a generated graph
#   make bench-scale SIZES=...  each stage's time and peak memory as the corpus grows, a million extrapolated
TEXTS   ?= 1000
REPEAT  ?= 3
TRIPLES ?= 1000000
bench: $(STAMP)
	$(PY) bench/build_bench.py --texts $(TEXTS) --repeat $(REPEAT)

# Unique texts longer than the dev set's: each joins four different dev texts (seeded).
bench-unique: $(STAMP)
	$(PY) bench/build_bench.py --texts 1065 --join 4 --repeat 2

bench-extract: $(STAMP)
	$(PY) bench/extract_profile.py --texts 160 --join 4

bench-query: $(STAMP)
	$(PY) bench/query_bench.py --triples $(TRIPLES)

# Time and peak memory of each stage at 1k, 10k and 30k texts, how each grows, a million
# extrapolated (docs/benchmarks.md, "Scale model"); SIZES="1000 3000" for a quicker look.
SIZES ?= 1000 10000 30000
bench-scale: $(STAMP)
	$(PY) bench/scale_bench.py --sizes $(SIZES)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,cluster]'
	touch $(STAMP)

$(DEV): $(STAMP)
	$(PY) -m pip install -q -e '.[dev]'
	touch $(DEV)

# The pictures of README.md and docs/manual.md: the seeds page and the dev set's, in headless
# Chromium as the browser tests open them.
screenshot: build browser
	$(PY) tests/browser.py exports/graph.html docs/graph.png
	$(KG) build ../shared/factrueval-dev -o exports/dev
	$(PY) tests/browser.py exports/dev/graph.html docs/dev-graph.png community pagerank

# Debian's chromium drives the page tests (Playwright's own browser download is not used).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

clean:
	rm -rf exports/graph.* exports/mentions.jsonl .pytest_cache
