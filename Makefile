# Quick start: `make run` (ingest the bundled examples, print a summary) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test lint eval bench clean browser

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev,dask]'
	touch $(STAMP)

# The seed story (AP, not ours to ship) lives in ../shared/seed beside the repository; where
# it is, the example database holds it too (its Putin–Li Shangfu meeting is the UI's example).
SHARED ?= ../shared
SEED := $(wildcard $(SHARED)/seed/*.txt)

run: setup
	mkdir -p out
	rm -f out/examples.db out/examples.db-wal out/examples.db-shm
	$(BIN)/dateline ingest examples $(SEED) --db out/examples.db
	$(BIN)/dateline summary --db out/examples.db
	@echo
	@echo "See it in a browser: $(BIN)/dateline serve --db out/examples.db   then open http://127.0.0.1:8765/"

test: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/pytest -q

# Browser tests (tests/chromium.py): Debian's chromium, never a downloaded one, driven by
# playwright-core from tests/browser/package-lock.json. .ci/run calls this; elsewhere the
# browser tests skip until it has run (apt-get needs root).
browser:
	test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)
	command -v npm >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm)
	cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent

# Quality gate: cross-validated relation classification and end-to-end coding against the
# floors pinned in benchmarks/floors.json (needs ../shared/data; a few minutes).
eval: setup
	$(BIN)/python benchmarks/eval_relation.py --check-floors --cv

# Speed: on-demand measurements, figures go in the closing notes (see benchmarks/README.md).
bench: setup
	taskset -c 0 $(BIN)/python benchmarks/bench_relation.py
	$(BIN)/python benchmarks/bench_extract.py
	taskset -c 0 $(BIN)/python benchmarks/bench_time.py
	taskset -c 0 $(BIN)/python benchmarks/bench_places.py
	$(BIN)/python benchmarks/bench_queries.py --events 1000000
	$(BIN)/python benchmarks/bench_ingest.py --sizes 1000 5000 20000 --workers 2

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache .mypy_cache tests/browser/node_modules
