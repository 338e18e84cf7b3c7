# Connect & Do platform. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SERVICES := infrastructure/services.sh
# Every target that talks to the database or Redis reads their addresses from here.
WITH_ENV = set -a; eval "$$($(SERVICES) env)"; set +a;

.PHONY: help run test install services migrate seed serve lint check stop

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

run: install services migrate seed serve ## Set everything up, seed the six demo boroughs and serve them

test: install services lint check ## Run the whole test suite against real PostgreSQL, Redis and OpenSearch
	@$(WITH_ENV) $(BIN)/pytest

install: $(BIN)/.installed node_modules/.package-lock.json ## Create the virtualenv and install pinned dependencies (and axe-core from npm)

$(BIN)/.installed: requirements/base.txt requirements/test.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements/test.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# axe-core for the accessibility tests (tests/accessibility), pinned by package-lock.json.
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || $(SERVICES) packages
	npm ci --silent --no-audit --no-fund
	@touch $@

services: ## Start PostgreSQL, Redis and OpenSearch (installing them where missing)
	@$(SERVICES) up

migrate: ## Migrate the public schema, the borough template and every borough
	@$(WITH_ENV) $(BIN)/python manage.py migrate_schemas --shared -v 0
	@$(WITH_ENV) $(BIN)/python manage.py prepare_borough_template
	@$(WITH_ENV) $(BIN)/python manage.py migrate_schemas --tenant -v 0
	@$(WITH_ENV) $(BIN)/python manage.py refresh_borough_defaults

seed: ## Create the six demo boroughs (idempotent)
	@$(WITH_ENV) $(BIN)/python manage.py seed_demo

serve: ## Serve the platform and the boroughs on port 8000 (Ctrl+C stops)
	@$(WITH_ENV) infrastructure/serve.sh

lint: ## ruff, and the import contracts between layers and apps (.importlinter)
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .
	@PYTHONPATH=$(CURDIR):$(CURDIR)/platform $(BIN)/lint-imports --no-cache

check: ## Django system checks and missing migrations
	@$(WITH_ENV) $(BIN)/python manage.py check --fail-level WARNING
	@$(WITH_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

stop: ## Stop Redis and OpenSearch
	@$(SERVICES) down
