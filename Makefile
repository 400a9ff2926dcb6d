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
