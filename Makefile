# Quick start: `make run` (set up, then the main job) and `make test` (set up, then the tests).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup system run test test-sqlite test-postgres lint bench demo clean

setup: system $(STAMP)

system:
	@bash scripts/install-system.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

run: setup
	$(BIN)/gongkai init
	$(BIN)/gongkai crawl

test: setup test-sqlite test-postgres

test-sqlite:
	$(BIN)/pytest -q

# The database tests again, on the PostgreSQL at 127.0.0.1:5432.
test-postgres:
	GONGKAI_TEST_DB=postgresql $(BIN)/pytest -q -m db

# The layers contract (import-linter), formatting, lint rules and types: all must be clean.
lint: setup
	$(BIN)/lint-imports
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: setup
	$(BIN)/python bench/run_all.py

demo: setup
	$(BIN)/gongkai demo

clean:
	rm -rf $(VENV) data .pytest_cache
