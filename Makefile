# Every target installs what it needs on first use: .venv from the pinned requirements files,
# and Debian's chromium for the browser tests. `make install` does only the former.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
REQUIREMENTS := pyproject.toml requirements.txt requirements-dev.txt app/requirements.txt policy/requirements.txt
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

# The service on http://127.0.0.1:$(PORT) (PORT=8080 unless set) with SQLite under $(DATA_DIR)/; the
# local API key is made once and kept in $(DATA_DIR)/api-key so it survives restarts.
PORT ?= 8080
DATA_DIR ?= .data
define PORT_CHECK
import errno, socket, sys
port = sys.argv[1]
if not port.isdigit() or not 1 <= int(port) <= 65535:
    sys.exit(f"make serve: PORT must be a number from 1 to 65535, got {port!r}")
with socket.socket() as sock:
    # Like gunicorn: a port left in TIME_WAIT is free, one with a listener is not.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", int(port)))
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        sys.exit(f"make serve: port {port} on 127.0.0.1 is already in use (another make serve?); "
                 f"pick another one, e.g. PORT={int(port) % 65535 + 1} make serve")
endef
export PORT_CHECK

serve: $(STAMP)
	@$(PY) -c "$$PORT_CHECK" "$(PORT)"
	@mkdir -p "$(DATA_DIR)"
	@test -s "$(DATA_DIR)/api-key" || $(PY) -c "import secrets; print(secrets.token_urlsafe(24))" > "$(DATA_DIR)/api-key"
	@echo "frugal on http://127.0.0.1:$(PORT)/  API key: $$(cat "$(DATA_DIR)/api-key")  data: $(DATA_DIR)/frugal.db"
	PORT="$(PORT)" FRUGAL_API_KEY="$$(cat "$(DATA_DIR)/api-key")" FRUGAL_STORAGE=sqlite \
	  FRUGAL_SQLITE_PATH="$(DATA_DIR)/frugal.db" \
	  $(VENV)/bin/gunicorn -c app/gunicorn.conf.py --bind "127.0.0.1:$(PORT)" app.wsgi:app

# Bounded load test on loopback with Debian's wrk (installed when missing). BENCH_ARGS="--seconds 5".
bench-app: $(STAMP)
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk >/dev/null; }
	$(PY) bench/app_load.py $(BENCH_ARGS)
