# showtracker: `make run` serves the site with the seed facts; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed

.PHONY: install install-js run test lint format seed clean

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

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_if_empty
	$(MANAGE) runserver 127.0.0.1:8000

test: install install-js
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles node_modules test-artifacts
