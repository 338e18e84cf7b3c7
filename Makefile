# Connect & Do platform. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SERVICES := infrastructure/services.sh
# Every target that talks to the database or Redis reads their addresses from here.
WITH_ENV = set -a; eval "$$($(SERVICES) env)"; set +a;

.PHONY: help run test install lock services migrate seed serve lint check messages stop prod-up prod-down prod-status prod-seed

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

run: install services migrate seed serve ## Set everything up, seed the six demo boroughs and serve them

# Two pytest-xdist workers, each with its own test database, indexes, cache and media
# (connectdo.settings.test); each test file stays on one worker (tests/conftest.py).
# The slowest tests are listed at the end, to keep an eye on the run's length (CI < 20 min).
TEST_WORKERS ?= 2

test: install services lint check ## Run the whole test suite against real PostgreSQL, Redis and OpenSearch
	@$(WITH_ENV) $(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder --durations=25

install: $(BIN)/.installed node_modules/.package-lock.json ## Create the virtualenv and install the locked dependencies, hashes checked (and axe-core from npm)

# Exactly what requirements/test.lock says, every hash checked (uv, itself installed from
# requirements/tools.lock). `make lock` writes the locks; a lock older than its input stops here.
# Compiled to bytecode at install, as pip does and uv does not by default: where
# PYTHONDONTWRITEBYTECODE is set (as on our CI machines) every process, each manage.py
# command and gunicorn worker, would otherwise compile Django and Wagtail again (~4 s).
$(BIN)/.installed: requirements/test.lock requirements/tools.lock pyproject.toml
	@$(PYTHON) infrastructure/locks.py check
	@echo "[install] virtualenv $(VENV) from requirements/test.lock"
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/tools.lock
	@$(BIN)/uv pip install --quiet --python $(BIN)/python --require-hashes --compile-bytecode -r requirements/test.lock
	@$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $@

lock: ## Write requirements/*.lock (every package, version and hash) from requirements/*.txt
	@test -x $(BIN)/uv || { $(PYTHON) -m venv $(VENV) && $(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/tools.lock; }
	@$(PYTHON) infrastructure/locks.py compile $(BIN)/uv

# axe-core for the accessibility tests (tests/accessibility), pinned by package-lock.json.
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || $(SERVICES) packages
	npm ci --silent --no-audit --no-fund
	@touch $@

services: ## Start PostgreSQL, Redis and OpenSearch (installing them where missing)
	@$(SERVICES) up

# Set-up commands print their own few lines (progress, a summary); the log lines of each
# page and task they make are only warnings and errors here (LOG_LEVEL=INFO shows them),
# and seed_demo prints each borough admin's invitation link instead of the whole email.
SETUP = $(WITH_ENV) LOG_LEVEL=$${LOG_LEVEL:-WARNING} $(BIN)/python manage.py

# migrate_boroughs: public schema, template, every borough in parallel (skipping those
# already as the template), then their defaults; each step timed.
migrate: ## Migrate the public schema, the borough template and every borough; rebuild search documents an older release wrote
	@echo "[migrate] public schema, borough template, boroughs, their defaults"
	@$(SETUP) migrate_boroughs
	@$(SETUP) rebuild_search_index --outdated

seed: ## Create the six demo boroughs (idempotent)
	@echo "[seed] the six demo boroughs"
	@$(WITH_ENV) EMAIL_BACKEND=$${EMAIL_BACKEND:-django.core.mail.backends.locmem.EmailBackend} \
		LOG_LEVEL=$${LOG_LEVEL:-WARNING} $(BIN)/python manage.py seed_demo

serve: ## Serve the platform and the boroughs on port 8000 (Ctrl+C stops)
	@$(WITH_ENV) infrastructure/serve.sh

lint: ## ruff, and the import contracts between layers and apps (.importlinter)
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .
	@PYTHONPATH=$(CURDIR):$(CURDIR)/platform $(BIN)/lint-imports --no-cache --no-logo

check: ## Django system checks and missing migrations
	@$(WITH_ENV) $(BIN)/python manage.py check --fail-level WARNING
	@$(WITH_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

# Every language a borough can choose besides English (settings.LANGUAGES).
INTERFACE_LANGUAGES := pl bn pt es so ur ar ro ta
MESSAGE_SOURCES_IGNORED := --ignore=.venv --ignore=node_modules --ignore=.run --ignore=bench --ignore=tests --ignore='sites/demo/*'

messages: ## Gather the interface's strings into locale/<language>/LC_MESSAGES/django.po, then compile them
	@$(WITH_ENV) $(BIN)/python manage.py makemessages --no-obsolete --add-location=file $(MESSAGE_SOURCES_IGNORED) $(addprefix -l ,$(INTERFACE_LANGUAGES)) 2>&1 | tail -1
	@$(WITH_ENV) $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules 2>&1 | tail -1
	@echo "[messages] catalogues for $(words $(INTERFACE_LANGUAGES)) languages in locale/"

stop: ## Stop Redis and OpenSearch
	@$(SERVICES) down

prod-up: install services ## Start the production topology on this machine (infrastructure/production.sh, ports 81xx)
	@infrastructure/production.sh up

prod-down: ## Stop everything the production topology started
	@infrastructure/production.sh down

prod-status: ## What of the production topology is running
	@infrastructure/production.sh status

prod-seed: ## The six demo boroughs in the production topology's own database (once)
	@infrastructure/production.sh seed
