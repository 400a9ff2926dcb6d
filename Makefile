# Every target installs what it needs on first use: .venv from the pinned requirements files,
# and Debian's chromium for the browser tests. `make install` does only the former.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
REQUIREMENTS := requirements.txt requirements-dev.txt app/requirements.txt policy/requirements.txt
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: install test lint chromium

$(STAMP): $(REQUIREMENTS)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(STAMP)

# Playwright's own browser download can't work here: the tests drive Debian's chromium.
chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

lint: $(STAMP)
	$(VENV)/bin/ruff check .

test: $(STAMP) chromium lint
	$(PY) -m pytest

.PHONY: preview
STACK ?= dev

# The offline preview: the program under mocks, the policy pack as the CLI runs it, the cost table.
# `make preview STACK=prod`; PREVIEW_ARGS="--json" for machine output. Exits 1 on a mandatory violation.
preview: $(STAMP)
	$(PY) -m tools.preview --stack $(STACK) $(PREVIEW_ARGS)

.PHONY: cost-diff
BASE ?= origin/main

# What this working tree changes in a stack's monthly cost against a git ref (the ref's own preview runs
# in a temporary worktree): `make cost-diff BASE=origin/main STACK=dev`. Markdown on stdout.
cost-diff: $(STAMP)
	$(PY) -m tools.cost_diff --base-ref $(BASE) --stack $(STACK)

.PHONY: serve bench-app

# The service on http://127.0.0.1:8080 with SQLite under .data/; the local API key is made once
# and kept in .data/api-key so it survives restarts.
serve: $(STAMP)
	@mkdir -p .data
	@test -s .data/api-key || $(PY) -c "import secrets; print(secrets.token_urlsafe(24))" > .data/api-key
	@echo "frugal on http://127.0.0.1:8080/  API key: $$(cat .data/api-key)  data: .data/frugal.db"
	FRUGAL_API_KEY="$$(cat .data/api-key)" FRUGAL_STORAGE=sqlite FRUGAL_SQLITE_PATH=.data/frugal.db \
	  $(VENV)/bin/gunicorn -c app/gunicorn.conf.py --bind 127.0.0.1:8080 app.wsgi:app

# Bounded load test on loopback with Debian's wrk (installed when missing). BENCH_ARGS="--seconds 5".
bench-app: $(STAMP)
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk >/dev/null; }
	$(PY) bench/app_load.py $(BENCH_ARGS)
