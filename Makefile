# Build and test the book. Every target that needs Python builds .venv from the lock file
# first; nothing relies on packages installed by hand.
SHELL := bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV   := .venv
BIN    := $(CURDIR)/$(VENV)/bin
export PATH := $(BIN):$(PATH)
# Keep notebooks and the build deterministic and quiet.
export PYTHONHASHSEED := 0
export PYDEVD_DISABLE_FILE_VALIDATION := 1

# When this make started: `make test` records its own duration for `make bench`.
MAKE_START := $(shell date +%s.%N)

STAMP      := $(VENV)/.installed
CACHE      := _build/.jupyter_cache
CACHE_KEY  := _build/.cache-key
PYTEST_ARGS ?=

.PHONY: help venv html test test-takeaway bench lab clean screenshots lock cache-key \
        bundles student pdf new-chapter

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

# .venv is built from requirements.lock, every file checked against its hash. uv does the
# work (seconds instead of minutes); it is itself pinned, with hashes, in the lock, and pip
# bootstraps it from there. Where uv cannot run, pip installs the same lock.
UV_PIN := awk '/^uv==/ {on = 1} on {print} on && !/\\$$/ {exit}' requirements.lock

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@if $(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes \
	      -r <($(UV_PIN)) && $(BIN)/uv --version >/dev/null; then \
	  echo "installing requirements.lock with $$($(BIN)/uv --version)"; \
	  $(BIN)/uv pip sync --quiet --python $(BIN)/python --require-hashes requirements.lock && \
	  $(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps --no-build-isolation -e .; \
	else \
	  echo "uv is not available here: installing requirements.lock with pip (slower)"; \
	  $(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock && \
	  $(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .; \
	fi
	touch $@

venv: $(STAMP)  ## create .venv from requirements.lock and install the exneuro package

# Jupyter Book's execution cache keys on code cells only, and Sphinx re-reads (so
# re-executes) only pages whose source changed. Whenever the package, the data or the
# pinned environment change, wipe both the execution cache and Sphinx's doctrees, so every
# notebook runs again and no stale output survives.
cache-key: $(STAMP)
	@mkdir -p _build
	@key=$$(cat requirements.lock pyproject.toml $$(find src data -type f ! -path '*/__pycache__/*' | LC_ALL=C sort) | sha256sum | cut -c1-16); \
	if [ ! -f $(CACHE_KEY) ] || [ "$$(cat $(CACHE_KEY))" != "$$key" ]; then \
	  echo "execution cache: inputs changed, starting cold"; rm -rf $(CACHE) _build/.doctrees; echo "$$key" > $(CACHE_KEY); \
	fi

# Notebooks run first, several at a time, into the execution cache (tools/notebooks.py);
# Sphinx then only renders them. A failing notebook stops here with its traceback.
html: cache-key  ## build the book into _build/html (warnings are errors; failing cells fail)
	$(BIN)/python tools/notebooks.py prime-cache
	$(BIN)/jupyter-book build . --builder html -W -n --keep-going
	@echo "The book is in _build/html/index.html"

# `make test` builds the site from the notebooks' stored outputs (EXNEURO_RENDER_STORED,
# see _ext/stored_outputs.py): nbval, in the same pytest run, executes every notebook
# afresh and fails unless each stored output reproduces exactly, so executing them for the
# site too would be the same work twice. Then one pytest run, spread over the machine's
# cores (pytest-xdist): a notebook's cells stay together on one worker, as nbval needs,
# and so do the browser tests of one page; everything else is balanced test by test
# (the scheduler is in tests/conftest.py). The browser tests run against the site just
# built, and skip, saying how to install Chromium, where there is none. The examples in
# src/exneuro's docstrings run as doctests in the same run (--doctest-modules; tests/ has
# none), and so do the type and lint checks (tests/contract).
# The JupyterLab test opens a bundle in the light lab environment, so that is built too.
LAB_VENV  := .venv-lab
LAB_STAMP := $(LAB_VENV)/.installed
TEST_JOBS ?= auto
test: cache-key $(LAB_STAMP)  ## build the site, then run every test (unit, data, nbval, build, site and take-away checks)
	EXNEURO_RENDER_STORED=1 $(BIN)/jupyter-book build . --builder html -W -n --keep-going
	$(BIN)/python -m pytest -n $(TEST_JOBS) --dist loadscope --nbval --nbval-current-env -p no:cacheprovider \
	  --doctest-modules --cov=exneuro --cov-report=term-missing:skip-covered $(PYTEST_ARGS) \
	  tests chapters src/exneuro
	@printf '{"seconds": %s, "finished": %s}\n' \
	  "$$(awk -v s=$(MAKE_START) -v e=$$(date +%s.%N) 'BEGIN { printf "%.1f", e - s }')" \
	  "$$(date +%s)" > _build/make-test-time.json

# The tests of what readers take away alone (tests/takeaway, marked `takeaway`; `make test`
# runs them too): a chapter bundle installed with no network into a fresh virtual
# environment and run with nbval, every student notebook run top to bottom, a chapter
# printed to PDF, and a new chapter scaffolded and built in a copy of the book. The PDF
# test prints from the site this target builds.
test-takeaway: cache-key $(LAB_STAMP)  ## only the take-away tests: bundle, student edition, PDF, new chapter
	EXNEURO_RENDER_STORED=1 $(BIN)/jupyter-book build . --builder html -W -n --keep-going
	$(BIN)/python -m pytest -n $(TEST_JOBS) --dist loadscope -p no:cacheprovider -m takeaway \
	  $(PYTEST_ARGS) tests/takeaway

bundles: $(STAMP)  ## one runnable zip per finding chapter, in _build/bundles (the site has them too)
	$(BIN)/python tools/takeaway.py bundles _build/bundles

student: $(STAMP)  ## the student edition: notebooks without solutions, in _build/student (and .zip)
	$(BIN)/python tools/takeaway.py student _build/student

# Handouts: each chapter of the built site printed by Chromium (tools/handouts.py). Hidden
# solutions are left out; `make pdf SOLUTIONS=1` prints the teacher's version with them.
SOLUTIONS ?=
pdf: html  ## every chapter as a printable PDF handout, in _build/pdf (SOLUTIONS=1: teacher's version)
	$(BIN)/python tools/handouts.py _build/html _build/pdf $(if $(SOLUTIONS),--solutions)

# A new finding chapter from the template, with stub rows in data/ and an entry in _toc.yml
# (tools/new_chapter.py; the guide page "Re-analyse your own headline" walks through it).
new-chapter: $(STAMP)  ## scaffold a chapter: make new-chapter SLUG=my-headline SOURCE=article.txt
	@test -n "$(SLUG)" -a -n "$(SOURCE)" || { echo "usage: make new-chapter SLUG=my-headline SOURCE=path/to/article.txt"; exit 2; }
	$(BIN)/python tools/new_chapter.py "$(SLUG)" "$(SOURCE)"

BENCH_ARGS ?= --baselines
bench: html  ## speed and size budgets, printed as a table (also in _build/bench.md)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

screenshots: html  ## screenshots of every page at desktop and phone widths (_build/screenshots)
	$(BIN)/python tests/site/screenshots.py _build/html _build/screenshots

# JupyterLab lives in its own light environment (.venv-lab, requirements-lab.lock): the
# chapters' run-time packages, JupyterLab and jupyterlab-myst, none of the test pins.
$(LAB_STAMP): requirements-lab.lock pyproject.toml
	test -x $(LAB_VENV)/bin/python || $(PYTHON) -m venv $(LAB_VENV)
	$(LAB_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes \
	  -r <(awk '/^uv==/ {on = 1} on {print} on && !/\\$$/ {exit}' requirements-lab.lock)
	$(LAB_VENV)/bin/uv pip sync --quiet --python $(LAB_VENV)/bin/python --require-hashes requirements-lab.lock
	$(LAB_VENV)/bin/uv pip install --quiet --python $(LAB_VENV)/bin/python --no-deps --no-build-isolation -e .
	touch $@

# JupyterLab refuses to start as root (a container, CI) unless told it may.
lab: $(LAB_STAMP)  ## open JupyterLab (its own light environment, .venv-lab)
	$(LAB_VENV)/bin/jupyter lab --notebook-dir=. $(if $(filter 0,$(shell id -u)),--allow-root)

# requirements-lab.lock is resolved with requirements.lock as constraints, so both pin the
# same version of every package they share. Binder's binder/requirements.txt follows the
# lab lock (tools/takeaway.py; a test fails when they disagree).
lock: $(STAMP)  ## re-resolve requirements*.in into the lock files (and binder/), with hashes (needs network)
	$(BIN)/uv pip compile requirements.in --universal --python-version 3.11 --generate-hashes \
	  --output-file requirements.lock
	$(BIN)/uv pip compile requirements-lab.in --universal --python-version 3.11 --generate-hashes \
	  --constraint <(grep -E '^[A-Za-z0-9_.-]+==' requirements.lock | sed 's/ *\\$$//') \
	  --output-file requirements-lab.lock
	$(BIN)/python tools/takeaway.py binder

clean:  ## remove the build, caches and .venv
	rm -rf _build $(VENV) $(LAB_VENV) .pytest_cache .hypothesis .coverage
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
