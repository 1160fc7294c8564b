# The commands README.md promises. `make run` serves the demo; `make test` runs the suite.
SHELL := /bin/bash
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_ENV := RIGHTSDESK_DEMO=1 RIGHTSDESK_HTTPS=0
# The demo wiki's port: fixed, so the wiki the demo registered keeps its address between runs.
DEMO_WIKI_PORT ?= 8081

.PHONY: setup run test lint check migrations-check bench clean mediawiki mediawiki-stop redis redis-stop

# scripts/setup-venv keeps pip's output in $(VENV)/setup.log and shows it only on failure.
$(STAMP): pyproject.toml requirements/constraints.txt scripts/setup-venv
	@scripts/setup-venv $(VENV)
	@touch $(STAMP)

setup: $(STAMP)

# Quiet: each step's output goes to $(RUN_LOG) and is shown only if the step fails; the demo's
# sign-in details are printed last, before the servers start.
RUN_LOG := $(VENV)/run.log

run: setup
	@$(DEMO_ENV) $(BIN)/rightsdesk migrate --verbosity 0 > $(RUN_LOG) 2>&1 || { cat $(RUN_LOG); exit 1; }
	@# the dump head from ../shared/data, else the shipped copy; the site runs without it
	@$(DEMO_ENV) $(BIN)/rightsdesk gaps demo >> $(RUN_LOG) 2>&1 || echo "gaps demo data not loaded (see $(RUN_LOG))"
	@# wiki safety's demo watches a real local MediaWiki (Debian's package, installed if missing)
	@RIGHTSDESK_MEDIAWIKI_PORT=$(DEMO_WIKI_PORT) scripts/mediawiki-start $(CURDIR)/.mediawiki >> $(RUN_LOG) 2>&1 || echo "the demo wiki did not start (see $(RUN_LOG))"
	@$(DEMO_ENV) $(BIN)/rightsdesk demo --wiki-env $(CURDIR)/.mediawiki/env
	# The background worker (pages, tasks) and the deadline clock (which also sends the wiki
	# watcher's rounds) run beside the web server and stop with it, like the demo wiki.
	$(DEMO_ENV) $(BIN)/rightsdesk db_worker --no-startup-delay & worker=$$!; \
	$(DEMO_ENV) $(BIN)/rightsdesk cases watch & watch=$$!; \
	trap 'kill $$worker $$watch 2>/dev/null; scripts/mediawiki-stop $(CURDIR)/.mediawiki' EXIT INT TERM; \
	$(DEMO_ENV) $(BIN)/rightsdesk runserver 127.0.0.1:8000

test: setup
	$(BIN)/python -m pytest -n auto --durations=15

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy rightsdesk tests bench
	$(BIN)/lint-imports --no-cache

migrations-check: setup
	RIGHTSDESK_DATA_DIR=$$(mktemp -d) $(BIN)/rightsdesk makemigrations --check --dry-run

bench: setup
	$(BIN)/python bench/crypto_bench.py --mib 500
	$(BIN)/python bench/intake_bench.py
	$(BIN)/python bench/gaps_scan_bench.py
	$(BIN)/python bench/gaps_spark_bench.py --rounds 2
	$(BIN)/python bench/queues_bench.py
	$(BIN)/python bench/search_bench.py

# A real MediaWiki on loopback for the wiki-safety work (docs/wikisafety.md): installs Debian's
# packages if missing, keeps the wiki in .mediawiki/ and prints its address and accounts.
mediawiki:
	@RIGHTSDESK_MEDIAWIKI_PORT=$(DEMO_WIKI_PORT) scripts/mediawiki-start $(CURDIR)/.mediawiki

mediawiki-stop:
	@scripts/mediawiki-stop $(CURDIR)/.mediawiki

# A Redis on loopback for the task queue on RQ (docs/operations.md, "Tasks on RQ"): installs
# Debian's redis-server if missing, keeps its files in .redis/, listens on RIGHTSDESK_REDIS_PORT
# (default 63790) and prints the RIGHTSDESK_REDIS_URL to use (with its password).
redis:
	@scripts/redis-start $(CURDIR)/.redis

redis-stop:
	@scripts/redis-stop $(CURDIR)/.redis

# Everything CI runs, but on SQLite only (CI adds PostgreSQL).
check: lint migrations-check test

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
