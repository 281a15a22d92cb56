# tvkg — the two commands a new user needs are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORE  ?= var/store
HOST   ?= 127.0.0.1
PORT   ?= 8080

.PHONY: run test install install-test load lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installed marker files re-run pip only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Load data/ into the store the first time (the store directory does not exist yet).
$(STORE)/tvkg-store.json: | $(VENV)/.installed
	$(BIN)/tvkg load --store $(STORE) data/

load: $(VENV)/.installed
	$(BIN)/tvkg load --store $(STORE) data/

run: $(VENV)/.installed $(STORE)/tvkg-store.json
	$(BIN)/tvkg serve --store $(STORE) --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-test
	$(BIN)/ruff check graph ontology server tests benchmarks
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check graph ontology server tests benchmarks

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[bench]'
	touch $@

bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/load_ntriples.py

clean:
	rm -rf $(VENV) var build *.egg-info
