# Two commands for everyone: `make lab` opens the course, `make test` runs every test.
# Each target sets itself up first; setup reinstalls only when requirements.lock or pyproject.toml change.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
LOCK := requirements.lock
EXCHANGE := .nbgrader/exchange
KERNEL := bedrock-course
HOST ?= 127.0.0.1
PORT ?= 8888
OPEN_BROWSER ?= 1
TOKEN ?=
PYTEST_ARGS ?=
# Parallel test workers (pytest-xdist): auto = one per CPU; TEST_WORKERS=0 runs everything in one process.
TEST_WORKERS ?= auto

# nbgrader shells out to `alembic`, and notebooks start kernels by name: the venv's bin must come first.
export PATH := $(BIN):$(PATH)
export JUPYTER_PLATFORM_DIRS := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1

# The stamp's name carries a checksum (POSIX cksum) of what setup installs from, so an unchanged checkout skips setup
# even when git has touched the files' timestamps.
SETUP_HASH := $(shell cat $(LOCK) pyproject.toml 2>/dev/null | cksum | cut -d" " -f1)
STAMP := $(VENV)/.installed-$(SETUP_HASH)

LAB ?= lab01_foundations

# The real clients tested against `localbedrock serve` (tests/clients/) live apart, so .venv stays exactly the lock.
CLIENTS_VENV := .venv-clients
CLIENTS_LOCK := requirements-clients.lock
CLIENTS_STAMP := $(CLIENTS_VENV)/.installed-$(shell cat $(CLIENTS_LOCK) 2>/dev/null | cksum | cut -d" " -f1)

# requirements.lock needs it: soupsieve 4.1.2 declares Requires-Python >=3.11.5.
PYTHON_MIN := 3.11.5

.PHONY: help setup setup-clients system-packages lab test test-clients lint format clean lock screenshots bench \
	grade-demo check

help:
	@echo "make lab    set up, then open the course in JupyterLab (HOST=$(HOST) PORT=$(PORT) OPEN_BROWSER=0|1)"
	@echo "make test   set up, then run the linter and the whole test suite (PYTEST_ARGS=... to narrow it)"
	@echo "make check  run the visible tests of your copy of a lab (LAB=$(LAB), or NOTEBOOK=path/to/it.ipynb)"
	@echo "make test-clients  only the AWS CLI, LangChain and LlamaIndex against localbedrock serve (in .venv-clients)"
	@echo "make lint   ruff check and format check"
	@echo "make grade-demo  grade a class of three on a course lab, with feedback and exports (LAB=$(LAB))"
	@echo "make bench  run every benchmark under bench/ and print its figures (several minutes)"
	@echo "make screenshots  refresh the README's screenshots (runs the browser tests)"
	@echo "make lock   re-resolve the dependency ranges in pyproject.toml into requirements.lock"
	@echo "make clean  remove the virtual environment and caches"

# The course's own packages are installed editable, so pip compiles none of them; where PYTHONDONTWRITEBYTECODE is set
# (containers often set it) every kernel and process would compile them from source again (about 0.09 s of CPU a
# process). compileall writes what is missing or stale, in well under a second when little changed.
setup: $(STAMP) | $(EXCHANGE)
	@$(BIN)/python -m compileall -q -j 0 localbedrock autograder bedrock_course >/dev/null || \
	  { echo "error: the course's packages do not compile: run '$(BIN)/python -m compileall localbedrock autograder" \
	    "bedrock_course' to see where" >&2; exit 1; }

# nbgrader's exchange (release/collect), inside the repository so nothing needs /srv or root.
$(EXCHANGE):
	@mkdir -p $@

$(STAMP):
	@found=$$($(PYTHON) -c 'import platform; print(platform.python_version())' 2>/dev/null) || \
	  { echo "error: '$(PYTHON)' is not a Python interpreter; install Python $(PYTHON_MIN) or newer," \
	    "then run 'make $(MAKECMDGOALS) PYTHON=/path/to/python3'" >&2; exit 1; }; \
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < tuple(map(int, "$(PYTHON_MIN)".split("."))))' || \
	  { echo "error: Python $(PYTHON_MIN) or newer is needed (requirements.lock pins packages that require it);" \
	    "'$(PYTHON)' is $$found. Install a newer Python (python.org, pyenv, or your distribution's python3.12)," \
	    "then run 'make $(MAKECMDGOALS) PYTHON=/path/to/python3'" >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --only-binary=:all: -r $(LOCK)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python 3 (Bedrock course)" >/dev/null
	$(BIN)/jupyter labextension enable --log-level=WARN --level=sys_prefix @jupyter/nbgrader >/dev/null
	@# The course runs offline: no "news" prompt that would fetch announcements. (WARN: keeps JupyterLab's notice
	@# about locking plugins out of setup's output.)
	$(BIN)/jupyter labextension disable --log-level=WARN --level=sys_prefix \
	  "@jupyterlab/apputils-extension:announcements" >/dev/null
	@rm -f $(VENV)/.installed-*
	@touch $@
	@echo "Setup complete: $(VENV) matches $(LOCK)."

setup-clients: $(CLIENTS_STAMP)

$(CLIENTS_STAMP):
	@test -x $(CLIENTS_VENV)/bin/python || $(PYTHON) -m venv $(CLIENTS_VENV)
	$(CLIENTS_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
	  -r $(CLIENTS_LOCK)
	$(CLIENTS_VENV)/bin/python -m pip check
	@rm -f $(CLIENTS_VENV)/.installed-*
	@touch $@
	@echo "Setup complete: $(CLIENTS_VENV) matches $(CLIENTS_LOCK)."

# One URL, with its token, printed by make; JupyterLab's own start-up log stays quiet (warnings and errors still show).
lab: setup
	@token="$(TOKEN)"; token=$${token:-$$($(BIN)/python -c 'import secrets; print(secrets.token_hex(24))')}; \
	host=$(HOST); case $$host in 0.0.0.0|::) host=$$(hostname);; esac; \
	echo "JupyterLab: http://$$host:$(PORT)/lab/tree/lessons/00_start_here.ipynb?token=$$token (Ctrl-C twice to stop)"; \
	exec $(BIN)/jupyter lab --ServerApp.ip=$(HOST) --ServerApp.port=$(PORT) --ServerApp.port_retries=0 \
	  --ServerApp.root_dir=$(CURDIR) --LabApp.default_url=/lab/tree/lessons/00_start_here.ipynb \
	  --IdentityProvider.token=$$token --ServerApp.log_level=WARN --LabApp.log_level=WARN \
	  --KernelManager.transport=ipc \
	  $(if $(filter 0,$(OPEN_BROWSER)),--no-browser) $(if $(filter 0,$(shell id -u)),--allow-root)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Before anything else, so a machine without them stops at once with the command to run.
system-packages:
	@scripts/system_packages.sh

test: system-packages lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

NOTEBOOK ?= labs/$(LAB)/$(word 1,$(notdir $(wildcard labs/$(LAB)/*.ipynb)))

check: setup
	$(BIN)/autograder check $(NOTEBOOK)

test-clients: setup setup-clients
	$(BIN)/python -m pytest -m clients tests/clients $(PYTEST_ARGS)

grade-demo: setup
	$(BIN)/python scripts/grade_demo.py --lab $(LAB)

bench: setup
	$(BIN)/python bench/localbedrock_bench.py
	$(BIN)/python bench/serve_bench.py
	$(BIN)/python bench/knowledge_base_bench.py
	$(BIN)/python bench/finetuning_bench.py
	$(BIN)/python bench/grading_bench.py
	$(BIN)/python bench/grading_phases.py
	$(BIN)/python bench/notebooks_bench.py
	$(BIN)/python bench/calibration_bench.py
	$(BIN)/python bench/reading_bench.py
	$(BIN)/python bench/retrieval_unseen_bench.py
	$(BIN)/python bench/reader_ranking_bench.py
	$(BIN)/python bench/rerank_bench.py
	$(BIN)/python bench/guardrail_topics_bench.py

# The README's pictures: the browser tests take them, this keeps the ones the README shows.
screenshots: setup
	$(BIN)/python -m pytest -m browser -q
	@mkdir -p docs/images
	cp .artifacts/screenshots/lesson-00_start_here.png .artifacts/screenshots/formgrader.png docs/images/

lock:
	$(PYTHON) scripts/lock.py

clean:
	rm -rf $(VENV) $(CLIENTS_VENV) .pytest_cache .ruff_cache .artifacts *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
