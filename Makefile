# Two commands on a fresh machine: `make figures` (build everything) and `make test`.
# Both create .venv from the pinned requirements first if it is missing or stale.

SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(abspath $(VENV))/bin
PY := $(BIN)/python
READY := $(VENV)/.ready

# Run everything (papermill, nbval, jupyter) with the project's environment and its
# own python3 kernelspec, whatever the user's PATH or ~/.local kernels say.
export PATH := $(BIN):$(PATH)
export JUPYTER_PATH := $(abspath $(VENV))/share/jupyter
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: help figures data verify validate stamp test test-fast test-browser bench site lab refresh-notebooks clean

help:
	@echo "make figures            build data/processed, every figure and the fact-check ledger (incremental)"
	@echo "make figures FORCE=1    rebuild every notebook even if nothing changed"
	@echo "make test               the whole test suite, nbval over notebooks/ and the browser test"
	@echo "make run NB=04-forces PARAMS='-p highlight_force \"West Midlands\"'   one notebook with your parameters"
	@echo "make stamp              record deliberate changes to data/raw/ in its manifest"
	@echo "make refresh-notebooks  store a fresh default run's outputs in notebooks/ (after an intended data change)"
	@echo "make site | make lab | make bench | make clean"

$(READY): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %s); set PYTHON=..." % sys.version.split()[0])'
	@test -x $(PY) || { echo "creating $(VENV) with $$($(PYTHON) --version)"; $(PYTHON) -m venv $(VENV); }
	@echo "installing pinned requirements into $(VENV) (first run only)"
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (referrals)" >/dev/null
	@touch $@

figures: $(READY)
	@$(PY) -m referrals.runner $(if $(FORCE),--force)

run: $(READY)
	@test -n "$(NB)" || { echo "usage: make run NB=<notebook, e.g. 04-forces> PARAMS='-p name value ...'"; exit 2; }
	@$(PY) -m referrals.runner --only $(NB) $(PARAMS)

data: $(READY)
	@$(PY) -m referrals build-data

verify: $(READY)
	@$(PY) -m referrals verify

validate: $(READY)
	@$(PY) -m referrals validate

stamp: $(READY)
	@$(PY) -m referrals stamp

test: $(READY)
	@$(PY) -m pytest --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

test-fast: $(READY)
	@$(PY) -m pytest tests -m "not slow and not browser"

test-browser: $(READY)
	@$(PY) -m pytest tests -m browser

bench: $(READY)
	@$(PY) -m referrals.bench

site: $(READY)
	@$(PY) -m referrals.runner
	@$(PY) -m referrals.site

lab: $(READY)
	@echo "Starting JupyterLab on notebooks/ with the project's kernel; open the http://127.0.0.1:... address it prints (Ctrl-C to stop)."
	@$(BIN)/jupyter lab --notebook-dir=notebooks --ServerApp.open_browser=False --ServerApp.ip=127.0.0.1 \
		--MappingKernelManager.default_kernel_name=python3 $(if $(filter 0,$(shell id -u)),--allow-root)

refresh-notebooks: $(READY)
	@$(PY) -m referrals.runner --force --refresh-notebooks

clean:
	rm -rf output site
