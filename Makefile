# The two commands a new machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Installs stay quiet so the first login is what `make run` shows last, just before the server.
PIP := $(BIN)/pip --quiet --disable-pip-version-check --no-input
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(PIP) install -e ".[dev]"
	touch $@ $(VENV)/.installed

## run: install, create the SQLite database, import seeds/, make a login, serve on 127.0.0.1
run: $(VENV)/.installed
	@$(BIN)/annotator quickstart
	$(BIN)/annotator serve --host $(HOST) --port $(PORT)

## test: install the test dependencies and run the whole suite
test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -n auto

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check annotator tests benchmarks
	$(BIN)/mypy

## bench: measure import, export and serving on a 2,000-article corpus, rewrite benchmarks/README.md
bench: $(VENV)/.installed
	$(BIN)/python -m benchmarks.run_all

clean:
	rm -rf $(VENV) .pytest_cache artifacts
