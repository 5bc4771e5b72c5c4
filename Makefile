# Playbook Relation Client. Quick start: `make serve` (site on 127.0.0.1:8000), `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LAWS ?= laws
FORMAT ?= text
NODE_STAMP := node_modules/.installed

.PHONY: help serve build offline validate test test-fast lint format pdf schema lock clean system-deps lint-workflows bench bench-large compat book

help:
	@echo "make serve     install, validate, build and serve the playbook on http://127.0.0.1:8000"
	@echo "make build     write the static site to site/ (strict: any warning fails)"
	@echo "make offline   write a copy to open from disk, search included, to site-offline/"
	@echo "make validate  check every entry under laws/ (FORMAT=github: GitHub annotations; LAWS=dir: another folder)"
	@echo "make pdf       build, print every checklist and trainer kit to pdf/ (headless Chromium), the books, rebuild"
	@echo "make book      print « Le playbook complet » and one book per collection to pdf/livres/ (WeasyPrint), rebuild"
	@echo "make test      the whole test suite (installs Chromium, Node.js and Java first if missing,"
	@echo "               then the pinned axe-core, vnu and Lighthouse with npm ci)"
	@echo "make test-fast the tests without a browser or a real site build (the edit loop)"
	@echo "make lint      ruff check, ruff format --check and mypy (also run by the test suite)"
	@echo "make format    apply ruff's fixes and formatting"
	@echo "make schema    regenerate plugins/playbook/schema/entry.schema.json from core/spec.py"
	@echo "make bench     benchmark: plugin vs plain MkDocs (N=100, 1000), validate of 10,000 entries"
	@echo "make compat    build with MkDocs, ProperDocs and MaterialX (own venv), theme contract, smoke tests"

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

validate: $(STAMP)
	$(PY) -m playbook validate $(LAWS) --format $(FORMAT)

build: validate
	$(PY) -m mkdocs build --strict --site-dir site

offline: validate
	PLAYBOOK_OFFLINE=true $(PY) -m mkdocs build --strict --site-dir site-offline

serve: validate
	$(PY) -m mkdocs serve --strict --dev-addr 127.0.0.1:8000

system-deps:
	@bash scripts/install-system-deps.sh

# PDFs of every checklist and kit, printed from the built site with its own print styles; the
# second build publishes them in site/pdf/ and links each from its page (while it still matches).
pdf: build system-deps
	$(PY) scripts/make_pdf.py --site site --out pdf
	$(PY) scripts/make_book.py --out pdf
	$(PY) -m mkdocs build --strict --site-dir site

# The books (cover, table of contents with page numbers, chapters, sources), from the same data as
# the site; the build then publishes them in site/pdf/livres/ and links them from « Imprimables ».
book: validate system-deps
	$(PY) scripts/make_book.py --out pdf
	$(PY) -m mkdocs build --strict --site-dir site

# Browser checks' tools, pinned in package-lock.json; nothing downloads a browser.
$(NODE_STAMP): package.json package-lock.json | system-deps
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

test: $(STAMP) system-deps $(NODE_STAMP)
	$(PY) -m pytest

# The edit loop: no browser, no real site build (the `slow` marker); `make test` runs them all.
test-fast: $(STAMP)
	$(PY) -m pytest -m "not browser and not slow"

lint: $(STAMP)
	$(VENV)/bin/ruff check plugins scripts tests
	$(VENV)/bin/ruff format --check plugins scripts tests
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff check --fix plugins scripts tests
	$(VENV)/bin/ruff format plugins scripts tests

lint-workflows: $(STAMP)
	$(VENV)/bin/actionlint .github/workflows/*.yml
	$(VENV)/bin/zizmor --offline .github/workflows

# The playbook built with MkDocs, ProperDocs and MaterialX (in .venv-materialx), each checked against
# the theme contract and by the browser smoke tests (scripts/compat.py; COMPAT=materialx: one of them).
COMPAT ?=
compat: $(STAMP) system-deps
	$(PY) scripts/compat.py $(COMPAT)

bench: $(STAMP)
	$(PY) scripts/bench.py

bench-large: $(STAMP)
	$(PY) scripts/bench.py --large

schema: $(STAMP)
	$(PY) -m playbook schema --write

lock: $(STAMP)
	$(PY) -m pip freeze --exclude-editable | grep -v '^playbook-relation-client' > requirements.lock.new
	( sed -n '1,2p' requirements.lock; cat requirements.lock.new ) > requirements.lock.tmp
	mv requirements.lock.tmp requirements.lock; rm -f requirements.lock.new

clean:
	rm -rf site site-offline site-compat .venv-materialx .mkdocs-materialx.yml pdf .pytest_cache .hypothesis .mypy_cache .ruff_cache node_modules
