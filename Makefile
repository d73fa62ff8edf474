# fupan: two commands for a newcomer.
#   make run   set everything up, load the demo data, show it (SQLite, no server needed)
#   make test  set everything up, run linters, type checks, layer contracts and every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEV    := FUPAN_ENV=development

.PHONY: run test lint setup bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --constraint constraints.txt --editable '.[dev]'
	touch $@

run: $(STAMP)
	$(DEV) $(BIN)/fupan init
	$(DEV) $(BIN)/fupan demo
	$(DEV) $(BIN)/fupan reviews list

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest -n 2 --dist loadfile

bench: $(STAMP)
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
