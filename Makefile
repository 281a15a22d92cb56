# tvkg — the two commands a new user needs are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORE  ?= var/store
LAYOUT := build/layout
HOST   ?= 127.0.0.1
PORT   ?= 8080
# Debian's Chromium, for the browser tests (never a downloaded browser)
CHROMIUM ?= /usr/bin/chromium
# Debian's Virtuoso, a second SPARQL server the remote-store tests run tvkg against
VIRTUOSO ?= /usr/bin/virtuoso-t

.PHONY: run test install install-test assets load lint layout bench bench-scale notebooks docs clean

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
install-test: $(VENV)/.installed-test assets $(CHROMIUM) $(VIRTUOSO)

# Front-end packages come from the npm registry (versions pinned in package-lock.json) and are
# served from server/static/vendor: the pages load nothing from a CDN.
STATIC := server/static
VENDOR := $(STATIC)/vendor
$(VENDOR)/.installed: $(STATIC)/package.json $(STATIC)/package-lock.json
	cd $(STATIC) && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	mkdir -p $(VENDOR)/yasgui
	cp $(STATIC)/node_modules/@zazuko/yasgui/build/yasgui.min.js \
	   $(STATIC)/node_modules/@zazuko/yasgui/build/yasgui.min.css $(VENDOR)/yasgui/
	touch $@

assets: $(VENDOR)/.installed

# The browser tests drive Debian's Chromium (never a downloaded browser); install it when missing.
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "the browser tests need Debian's chromium: sudo apt-get install chromium" >&2; exit 1; fi

$(VIRTUOSO):
	@if [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null; \
	else echo "the remote-store tests need Debian's Virtuoso: sudo apt-get install virtuoso-opensource" >&2; exit 1; fi

# Build the store the first time (the store directory does not exist yet): the curated seed, the
# Netflix catalogue and entity resolution, as data/sources.toml lists them. `make load` rebuilds it.
$(STORE)/tvkg-store.json: | $(VENV)/.installed
	$(BIN)/tvkg init --store $(STORE)

load: $(VENV)/.installed
	$(BIN)/tvkg init --replace --store $(STORE)

run: $(VENV)/.installed assets $(STORE)/tvkg-store.json
	$(BIN)/tvkg serve --store $(STORE) --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-test assets $(CHROMIUM) $(VIRTUOSO) layout
	$(BIN)/ruff check graph ontology server tests benchmarks docs
	PYTHONPATH=$(LAYOUT) $(BIN)/lint-imports
	PYTHONPATH=$(LAYOUT) $(BIN)/mypy -p tvkg
	$(BIN)/vulture graph server ontology .ci/vulture-allowlist.py --min-confidence 60
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet
	$(BIN)/python -m pytest -n 2 --dist loadfile --ignore tests/test_api_fuzz.py
	$(BIN)/python -m pytest tests/test_api_fuzz.py  # schemathesis's cases share one test id, which xdist would fold

lint: $(VENV)/.installed-test layout
	$(BIN)/ruff check graph ontology server tests benchmarks docs
	PYTHONPATH=$(LAYOUT) $(BIN)/lint-imports
	PYTHONPATH=$(LAYOUT) $(BIN)/mypy -p tvkg
	$(BIN)/vulture graph server ontology .ci/vulture-allowlist.py --min-confidence 60

# The package as it installs (graph/ as tvkg, server/ as tvkg.server, ontology/ as tvkg.ontology), in
# symbolic links: tools that read a package from its folders (import-linter, mypy) find every
# tvkg module there, which the editable install's import hook hides from them.
layout:
	rm -rf $(LAYOUT) && mkdir -p $(LAYOUT)/tvkg
	for entry in graph/*; do ln -s ../../../$$entry $(LAYOUT)/tvkg/; done
	ln -s ../../../server $(LAYOUT)/tvkg/server
	ln -s ../../../ontology $(LAYOUT)/tvkg/ontology

# Run the example notebooks in place against the store `make run` serves, and keep their figures
# for the README (the suite runs them too, on a store of its own).
notebooks: $(VENV)/.installed-test $(STORE)/tvkg-store.json
	$(BIN)/python docs/notebooks/run.py --store $(STORE) --figures docs/screenshots

$(VENV)/.installed-docs: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[docs]'
	touch $@

# The manual: docs/ built with MkDocs into build/docs, which `tvkg serve` serves at /docs. Strict: a
# broken link or anchor, a page left out of the navigation or an API reference that does not
# resolve stops the build (`make test` builds it the same way).
docs: $(VENV)/.installed-docs layout
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[bench]'
	touch $@

bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/load_ntriples.py
	$(BIN)/python -m benchmarks.endpoint
	$(BIN)/python -m benchmarks.research
	$(BIN)/python -m benchmarks.entity_pages
	$(BIN)/python -m benchmarks.relations
	$(BIN)/python -m benchmarks.compact
	$(BIN)/python -m benchmarks.load
	$(BIN)/python -m benchmarks.imports
	$(BIN)/python -m benchmarks.first_run --cold

# 10M triples: generation, bulk load and serving take about half an hour.
bench-scale: $(VENV)/.installed-bench
	$(BIN)/python -m benchmarks.scale

clean:
	rm -rf $(VENV) var build *.egg-info $(VENDOR) $(STATIC)/node_modules
