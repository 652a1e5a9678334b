# showtracker: `make run` serves the site with the seed facts; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed

.PHONY: install install-js run serve serve-varnish bench bench-admin test lighthouse mutate lint format seed clean

install: $(STAMP)

# Reinstall only when the pinned requirements change.
$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

# The HTML checker and axe-core for the browser tests (package-lock.json); skipped
# without npm, and those tests then say how to enable them. No install scripts run:
# vnu-jar's would fetch a Java runtime, and the system's Java is used instead.
install-js:
	@if [ ! -d node_modules ] && command -v npm >/dev/null; then npm ci --ignore-scripts --no-audit --no-fund; fi

# The task worker runs beside the server (follow mails print on this console) and
# stops with it. `make run PORT=8001` serves on another port; the links in mails
# follow it unless SITE_URL is set.
PORT ?= 8000

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_if_empty
	export SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}"; \
	  $(MANAGE) db_worker --interval 2 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(MANAGE) runserver 127.0.0.1:$(PORT)

# Production mode on http://127.0.0.1:8000 through gunicorn: DEBUG off, hashed and
# compressed static files, and only the three HTTPS switches a plain-HTTP loopback
# run needs turned off. SECRET_KEY comes from the environment or is made up per run.
SERVE_ENV := DEBUG=false ALLOWED_HOSTS=localhost,127.0.0.1 \
	SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false

SERVE_PORT ?= 8000

serve: install
	export $(SERVE_ENV) \
	  SECRET_KEY="$${SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
	  && $(MANAGE) migrate --noinput \
	  && $(MANAGE) collectstatic --noinput --verbosity 0 \
	  && $(MANAGE) seed_if_empty \
	  && PORT=$(SERVE_PORT) exec $(BIN)/gunicorn --config gunicorn.conf.py

# Varnish (deploy/varnish/default.vcl, Debian's varnish + varnish-modules) on
# http://127.0.0.1:$(VARNISH_PORT) in front of `make serve`, which purges it after every
# change. Varnish runs as a child of this shell, its working files in .varnish/.
VARNISH_PORT ?= 6081
VARNISH_DIR := $(CURDIR)/.varnish

serve-varnish: install
	@command -v varnishd >/dev/null || { echo "varnishd is missing: apt-get install -y varnish varnish-modules"; exit 1; }
	mkdir -p $(VARNISH_DIR)
	sed 's/\.port = "8000";/.port = "$(SERVE_PORT)";/' deploy/varnish/default.vcl > $(VARNISH_DIR)/default.vcl
	varnishd -F -j none -n $(VARNISH_DIR)/work -a 127.0.0.1:$(VARNISH_PORT) \
	  -f $(VARNISH_DIR)/default.vcl -s malloc,256m & \
	  trap "kill $$! 2>/dev/null" EXIT INT TERM; \
	  CACHE_PURGE_URLS=http://127.0.0.1:$(VARNISH_PORT)/ $(MAKE) serve

# Throughput, latency and queries per page at 100 and 50,000 shows (bench/README.md).
BENCH_SHOWS ?= 100 50000
bench: install
	$(BIN)/python bench/run.py --shows $(BENCH_SHOWS) $(BENCH_ARGS)

# Only the admin pages and the search, in process (bench/admin.py; part of `make bench`).
bench-admin: install
	$(BIN)/python bench/admin.py --prepare --shows $(BENCH_SHOWS)

test: install install-js
	$(BIN)/pytest $(PYTEST_ARGS)

# Lighthouse (mobile) on the home, show, season, person and scorecard pages through a
# production-mode server; fails below 95. CI runs it once (.ci/run), not per database.
lighthouse: install install-js
	$(BIN)/python checks/lighthouse.py

# Mutation testing of the domain core: a score per module and every surviving mutant
# (mutation/run.py, TESTING.md). Not niced, like `make test`: at nice 10 it got 6 to 7 %
# of a core while others' suites ran, and took over 50 minutes.
mutate: install
	$(BIN)/python mutation/run.py $(MUTATE_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .import_linter_cache staticfiles node_modules test-artifacts bench/data .varnish mutants
