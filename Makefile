# Two commands on a fresh machine: `make figures` (build everything) and `make test`.
# Both create .venv from the pinned requirements first if it is missing or stale.
# `make help` lists every target: it is generated from the `## ` comments below.

SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(abspath $(VENV))/bin
PY := $(BIN)/python
UV_VERSION := 0.13.9
RUNTIME := $(VENV)/.runtime-ready
PORT ?= 8001
# pytest-xdist workers for make test (one per core on the 2-core reference machine); --dist loadgroup keeps each
# test file in one worker (tests/conftest.py groups them), and the files that build the same charts together
TEST_JOBS ?= 2
DEV := $(VENV)/.dev-ready

# Run everything (papermill, nbval, jupyter) with the project's environment and its
# own python3 kernelspec, whatever the user's PATH or ~/.local kernels say.
export PATH := $(BIN):$(PATH)
export JUPYTER_PATH := $(abspath $(VENV))/share/jupyter
export PYDEVD_DISABLE_FILE_VALIDATION := 1
# Let Python cache compiled modules (in .venv and src/, both git-ignored) even where the shell sets
# PYTHONDONTWRITEBYTECODE: otherwise every kernel and test process compiles pandas and Altair from source
# again (about 2 s of a core each; measured: make test 219 s on a fresh clone without the cache).
unexport PYTHONDONTWRITEBYTECODE

# Install a pinned requirements file with uv (fast; itself pinned, from PyPI, into the venv),
# falling back to pip when uv cannot be had.
define install
	@if [ ! -x "$(BIN)/uv" ]; then "$(PY)" -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION) >/dev/null 2>&1 || true; fi
	@if [ -x "$(BIN)/uv" ]; then "$(BIN)/uv" pip install --quiet --python "$(PY)" $(1); \
	else echo "uv unavailable: installing with pip (slower)"; "$(PY)" -m pip install --quiet --disable-pip-version-check $(1); fi
endef

.PHONY: help figures run data verify validate stamp test test-long test-fast test-browser lint format bench site lab \
	refresh-notebooks clean force-pages explore datapackage mutation

help: ## list the targets (this text)
	@echo "Usage: make <target> [VARIABLE=value]"
	@awk 'BEGIN {FS = ":[^#]*## "} /^[a-z][a-z-]*:.*## / {printf "  make %-18s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(RUNTIME): requirements.txt pyproject.toml
	@"$(PYTHON)" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11, 5) else "Python 3.11.5 or newer is needed (found %s); set PYTHON=..." % sys.version.split()[0])'
	@test -x "$(PY)" || { printf 'creating %s with ' "$(VENV)"; "$(PYTHON)" --version; "$(PYTHON)" -m venv "$(VENV)"; }
	@echo "installing the pinned runtime requirements into $(VENV) (first run only)"
	$(call install,-r requirements.txt)
	$(call install,--no-deps -e .)
	@"$(PY)" -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (referrals)" >/dev/null
	@touch $@

$(DEV): $(RUNTIME) requirements-dev.txt
	@echo "installing the pinned test, lint and JupyterLab tools into $(VENV) (first run only)"
	$(call install,-r requirements-dev.txt)
	@touch $@

figures: $(RUNTIME) ## build data/processed, every figure, the ledger, output/referrals.db, incrementally (FORCE=1: all; RELEASE=path: from a release, into output/release/)
	@"$(PY)" -m referrals.runner $(if $(FORCE),--force) $(if $(RELEASE),--release "$(RELEASE)")

run: $(RUNTIME) ## one notebook with your parameters: make run NB=04-forces PARAMS='-p highlight_force Met'
	@test -n "$(NB)" || { echo "usage: make run NB=<notebook, e.g. 04-forces> PARAMS='-p name value ...'"; exit 2; }
	@"$(PY)" -m referrals.runner --only $(NB) $(PARAMS)

data: $(RUNTIME) ## only data/processed/
	@"$(PY)" -m referrals build-data

verify: $(RUNTIME) ## only the checksum check of data/raw/
	@"$(PY)" -m referrals verify

validate: $(RUNTIME) ## verify and validate the raw tables; write nothing
	@"$(PY)" -m referrals validate

stamp: $(RUNTIME) ## record deliberate changes to data/raw/ in its manifest
	@"$(PY)" -m referrals stamp

# make test proves every notebook re-runs to its committed outputs through the shared build: its executed copies must
# be the committed notebooks byte for byte (tests/test_warm_kernels.py), stricter than nbval, which re-ran them all a
# second time; nbval itself, in fresh kernels as a reader runs it, is in make test-long.
test: $(DEV) ## the test suite: unit tests, bad-input corpora, a full build whose notebooks must be the committed ones (TEST_JOBS=2 workers)
	@"$(PY)" -m pytest -n $(TEST_JOBS) --dist loadgroup -m "not long" -p no:nbval

test-long: $(DEV) ## the long tests make test leaves out: builds killed at four moments, the release build, notebooks run again (incremental, warm kernels), nbval in fresh kernels, the browser tests (CI runs them)
	@"$(PY)" -m pytest -n $(TEST_JOBS) --dist loadgroup -m long tests

test-fast: $(DEV) ## the tests without the slow build and browser tests
	@"$(PY)" -m pytest tests -m "not slow and not browser"

test-browser: $(DEV) ## only the browser test
	@"$(PY)" -m pytest tests -m browser

# What `make mutation` mutates: the ledger's core modules, and the tables' remainder rule.
MUTANTS ?= referrals.compare.* referrals.rules.* referrals.scope.* referrals.counts.* referrals.tables.x_forces__* \
	referrals.tables.x_place_by_crime_type__* referrals.tables.x__remainder__* referrals.tables.x__finish__* \
	referrals.tables.x_is_complete__*

mutation: $(DEV) ## mutation testing (mutmut) of compare, rules, scope, counts and the remainder rule against their unit tests; slow, not in make test
	@rm -rf mutants
	@REFERRALS_ROOT="$(CURDIR)" "$(BIN)/mutmut" run --max-children $(TEST_JOBS) $(foreach m,$(MUTANTS),'$(m)') | tr '\r' '\n' | tail -n 2
	@"$(PY)" tests/mutation_score.py $(foreach m,$(MUTANTS),'$(m)')

lint: $(DEV) ## ruff: lint and format check over the whole tree
	@"$(BIN)/ruff" check .
	@"$(BIN)/ruff" format --check .

format: $(DEV) ## ruff: fix what can be fixed and format the whole tree
	@"$(BIN)/ruff" check --fix .
	@"$(BIN)/ruff" format .

bench: $(DEV) ## measure fresh clone to figures, full build against its floor, no-change rebuild, tests (RUNS=3)
	@"$(PY)" -m referrals.bench $(if $(RUNS),--runs $(RUNS))

force-pages: $(RUNTIME) ## a page per police force in output/forces/ (RELEASE=path: from a release; FORCES=kent,...: only those)
	@"$(PY)" -m referrals.forcebatch $(if $(RELEASE),--release "$(RELEASE)") $(if $(FORCES),--forces "$(FORCES)")

site: $(RUNTIME) ## build the offline site in site/ (after make figures)
	@"$(PY)" -m referrals.runner
	@"$(PY)" -m referrals.site

explore: $(RUNTIME) ## serve output/referrals.db with Datasette at http://127.0.0.1:8001 (PORT=8002 for another port)
	@"$(PY)" -m referrals.runner
	@"$(PY)" -m referrals explore --port "$(PORT)"

datapackage: $(RUNTIME) ## regenerate datapackage.json (the Frictionless data package of data/raw/, data/processed/)
	@"$(PY)" -m referrals datapackage

lab: $(DEV) ## start JupyterLab on notebooks/ with the project's kernel
	@echo "Starting JupyterLab on notebooks/ with the project's kernel; open the http://127.0.0.1:... address it prints (Ctrl-C to stop)."
	@"$(BIN)/jupyter" lab --notebook-dir=notebooks --ServerApp.open_browser=False --ServerApp.ip=127.0.0.1 \
		--MappingKernelManager.default_kernel_name=python3 $(if $(filter 0,$(shell id -u)),--allow-root)

refresh-notebooks: $(RUNTIME) ## store a fresh default run's outputs in notebooks/ (after an intended data change)
	@"$(PY)" -m referrals.runner --force --refresh-notebooks

clean: ## remove output/ and site/
	rm -rf output site
