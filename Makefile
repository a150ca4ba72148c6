# The two commands a new machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Installs stay quiet so the first login is what `make run` shows last, just before the server.
PIP := $(BIN)/pip --quiet --disable-pip-version-check --no-input
HOST ?= 127.0.0.1
PORT ?= 5000

# Installs are pinned: constraints.txt holds every package at the version the gates passed with.
CONSTRAINTS := -c constraints.txt

.PHONY: run test lint constraints bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install $(CONSTRAINTS) -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install $(CONSTRAINTS) -e ".[dev]"
	touch $@ $(VENV)/.installed

## run: install, create the SQLite database, import seeds/, make a login, serve on 127.0.0.1
run: $(VENV)/.installed
	@$(BIN)/annotator quickstart
	$(BIN)/annotator serve --host $(HOST) --port $(PORT)

## test: install the test dependencies and run the whole suite
test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -n auto

## lint: the gates CI enforces before the tests: ruff, ruff format, mypy (any finding fails)
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## constraints: after upgrading a package on purpose, pin what the gates and tests passed with
constraints: $(VENV)/.installed-dev
	{ sed -n '1,2p' constraints.txt; $(BIN)/pip freeze --exclude-editable; } > constraints.txt.new
	mv constraints.txt.new constraints.txt

## bench: measure import, export and serving on a 2,000-article corpus, rewrite benchmarks/README.md
bench: $(VENV)/.installed
	$(BIN)/python -m benchmarks.run_all

clean:
	rm -rf $(VENV) .pytest_cache artifacts
