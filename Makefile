# Monev RB — the two commands of the quick start are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
export DJANGO_SETTINGS_MODULE := config.settings

# Tests run on the real PostgreSQL and Redis of this machine (and of CI).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/monev
TEST_REDIS_URL ?= redis://127.0.0.1:6379/9
# One pytest worker per core (pytest-xdist); each worker has its own test database (pytest-django) and its own
# Redis keys (config/settings.py, PYTEST_XDIST_WORKER). The default distribution keeps pytest-django's order on
# every worker (database tests first, then the transactional ones, which empty the tables the migrations
# filled); `--dist loadfile` does not.
PYTEST_ARGS ?= -n auto
PORT ?= 8000

.PHONY: run serve test install install-dev assets services chromium lint fmt messages migrate demo worker clean bench

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed
install-dev: $(VENV)/.installed-dev node_modules/.installed

assets: node_modules/.installed

# Development server on the embedded defaults (SQLite; Celery on a file broker
# unless REDIS_URL is set), with a worker and beat beside it. Ctrl-C, SIGTERM or SIGHUP stops all.
run: install
	@mkdir -p var
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules >/dev/null 2>&1 || true
	DEBUG=1 $(PY) manage.py seed_demo
	@echo "Monev RB: http://127.0.0.1:$(PORT)  (login: admin / demo12345)"
	@DEBUG=1 PORT=$(PORT) exec $(PY) scripts/run-dev

# What `make run` ends with, without install, migrate and the demo (scripts/run-dev): the server on
# 127.0.0.1:$(PORT) and a Celery worker with its beat, stopped together whatever the signal.
serve:
	@DEBUG=1 PORT=$(PORT) exec $(PY) scripts/run-dev

# PostgreSQL and Redis are started before a session and on CI; start them if stopped.
services:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done

# Debian's Chromium drives the browser tests (Playwright's own download does not work here).
chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

test: install-dev services chromium
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules >/dev/null
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(BIN)/pytest $(PYTEST_ARGS)

# Bounded soak test on loopback, not part of `make test`: 50 users for 5 minutes by default
# (bench/soak; a throwaway database monev_soak). E.g. make soak SOAK_ARGS="--duration 60".
.PHONY: soak
soak: install-dev services
	$(PY) bench/soak $(SOAK_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install-dev
	DEBUG=1 $(PY) manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=var
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) node_modules var .pytest_cache

# The benchmark at scale on PostgreSQL (docs/performance.md); BENCH_ARGS="--duration 60".
bench: install-dev services
	bench/run $(BENCH_ARGS)
