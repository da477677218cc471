# Two commands: `make demo` (set up and run the demo) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
export DJANGO_SETTINGS_MODULE := baovetreem.settings

.PHONY: demo serve test lock install dev-install messages chromium pdf-deps lint checks pytest-sqlite pytest-postgres worker screenshots

# Installs come from the lock files in requirements/ (pinned versions, made by `make lock` from
# pyproject.toml), so every machine runs the same packages.
PIP_VERSION := 26.3
PIP_TOOLS_VERSION := 7.7.0

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q pip==$(PIP_VERSION)

$(VENV)/.installed: pyproject.toml requirements/base.txt | $(BIN)/python
	$(BIN)/python -m pip install -q -r requirements/base.txt
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml requirements/dev.txt $(VENV)/.installed
	$(BIN)/python -m pip install -q -r requirements/dev.txt
	touch $@

# After changing dependencies in pyproject.toml: pin them again (and commit requirements/).
lock: | $(BIN)/python
	$(BIN)/python -m pip install -q pip-tools==$(PIP_TOOLS_VERSION)
	$(BIN)/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links --no-header \
	  --annotation-style line -o requirements/base.txt pyproject.toml
	$(BIN)/pip-compile -q --extra dev --strip-extras --no-emit-index-url --no-emit-find-links \
	  --no-header --annotation-style line -o requirements/dev.txt pyproject.toml

install: $(VENV)/.installed
dev-install: $(VENV)/.dev-installed

# Compiled translations are build output (not committed): make them from the .po files.
messages: $(VENV)/.installed
	@cd baovetreem && ../$(BIN)/python ../manage.py compilemessages -v0

demo: $(VENV)/.installed messages pdf-deps
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py load_units
	$(BIN)/python manage.py seed_demo
	BIN=$(BIN) PORT=$(PORT) scripts/demo_server.sh

# Production on this machine: DEBUG off, gunicorn, migrations and static files; behind a TLS
# reverse proxy (README "Production"). Needs SECRET_KEY, ALLOWED_HOSTS and usually DATABASE_URL.
serve: $(VENV)/.installed messages pdf-deps
	@mkdir -p var
	BIN=$(BIN) PORT=$(PORT) MODE=production scripts/demo_server.sh

# Debian's chromium drives the browser tests; install it when missing and we are root.
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian's chromium for the browser tests"; \
	    apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium fonts-dejavu-core >/dev/null; \
	  else echo "chromium is missing and we are not root: browser tests will be skipped"; fi; \
	fi

# WeasyPrint (PDF files) needs Pango, and printed documents a font with every Vietnamese letter
# (baovetreem/core/pdf.py): install the Debian packages that are missing when we are root.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fonts-dejavu-core
pdf-deps:
	@if command -v dpkg-query >/dev/null 2>&1; then \
	  missing=""; for package in $(PDF_PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "ok installed" || missing="$$missing $$package"; \
	  done; \
	  if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = 0 ]; then \
	      echo "installing for PDF files:$$missing"; \
	      apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq $$missing >/dev/null; \
	    else echo "missing for PDF files:$$missing (not root: PDF exports will say so)"; fi; \
	  fi; \
	else echo "not a Debian system: install Pango and a Vietnamese font (Liberation Serif 2) for PDF files"; fi

lint: $(VENV)/.dev-installed
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python scripts/check_lock.py

checks: $(VENV)/.dev-installed messages
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check
	$(BIN)/python scripts/check_messages.py

pytest-sqlite: $(VENV)/.dev-installed messages
	@echo "== pytest on SQLite"
	env -u DATABASE_URL $(BIN)/pytest

pytest-postgres: $(VENV)/.dev-installed messages
	@if $(BIN)/python scripts/db_answers.py "$${DATABASE_URL:-$(PG_TEST_URL)}"; then \
	  echo "== pytest on PostgreSQL"; \
	  DATABASE_URL="$${DATABASE_URL:-$(PG_TEST_URL)}" $(BIN)/pytest; \
	elif [ "$$CI" = "true" ]; then \
	  echo "PostgreSQL does not answer at $${DATABASE_URL:-$(PG_TEST_URL)} and CI=true: failing"; exit 1; \
	else echo "PostgreSQL does not answer: skipping the PostgreSQL run"; fi

test: chromium pdf-deps lint checks pytest-sqlite pytest-postgres

# The README's pictures (docs/screenshots/): the demo seeded, then each persona's main pages in
# Debian's chromium, 1280 px and 375 px wide, as small palette PNGs (optipng when installed).
screenshots: $(VENV)/.dev-installed messages chromium
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py seed_demo
	$(BIN)/python scripts/screenshots.py

worker: $(VENV)/.installed
	$(BIN)/python manage.py db_worker
