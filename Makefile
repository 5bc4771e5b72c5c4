# Playbook Relation Client. Quick start: `make serve` (site on 127.0.0.1:8000), `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LAWS ?= laws
FORMAT ?= text
NODE_STAMP := node_modules/.installed
# Material's end-of-life notice, at every build: acted on in ARCHITECTURE.md (« Material's end of life »).
export NO_MKDOCS_2_WARNING := 1

.PHONY: help serve build offline validate test test-fast lint format pdf schema messages lock clean system-deps lint-workflows bench bench-large compat book screenshots

help:
	@echo "make serve     install, build and serve the playbook on http://127.0.0.1:8000 (errors: in the"
	@echo "               terminal and on every page, until the file is fixed)"
	@echo "make build     write the static site to site/ (strict: any warning fails)"
	@echo "make offline   write a copy to open from disk, search included, to site-offline/"
	@echo "make validate  check every entry under laws/ (FORMAT=github: GitHub annotations; LAWS=dir: another folder)"
	@echo "make pdf       build, print every checklist and trainer kit to pdf/ (headless Chromium), the books, rebuild"
	@echo "make book      print « Le playbook complet » and one book per collection to pdf/livres/ (WeasyPrint), rebuild"
	@echo "make test      the whole test suite (installs Chromium, Node.js and Java first if missing,"
	@echo "               then the pinned axe-core, vnu and Lighthouse with npm ci)"
	@echo "make test-fast the tests without a browser or a real site build (the edit loop)"
	@echo "make lint      ruff check, ruff format --check, mypy and tsc on the browser scripts (also run by"
	@echo "               the test suite)"
	@echo "make format    apply ruff's fixes and formatting"
	@echo "make schema    regenerate plugins/playbook/schema/entry.schema.json from core/spec.py"
	@echo "make messages rewrite the table of messages in CONTRIBUTING.md from core/catalogue/"
	@echo "make bench     benchmark: plugin vs plain MkDocs (N=100, 1000), validate of 10,000 entries"
	@echo "make screenshots  take every page's screenshots again and approve them (tests/screenshots/);"
	@echo "               look at the new pictures first (a failing test leaves them in tests/screenshots/_new/)"
	@echo "make compat    build with MkDocs, ProperDocs and MaterialX (own venv), theme contract, smoke tests"

# Every dependency is installed by hash (`--require-hashes`): first the build tools (wheels only),
# then the rest without build isolation, so the one sdist (sgmllib3k, via feedparser) is built with
# those pinned tools and nothing unpinned is fetched at install. The locks come from `make lock`.
# PYTHON_LOCK: the lock of this venv (scripts/compat.py makes .venv-materialx from
# requirements-materialx.lock with this same rule).
PYTHON_LOCK ?= requirements.lock
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check --require-hashes
$(STAMP): $(PYTHON_LOCK) requirements-build.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) --only-binary :all: --no-deps -r requirements-build.lock
	$(PIP_INSTALL) --no-build-isolation -r $(PYTHON_LOCK)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

validate: $(STAMP)
	$(PY) -m playbook validate $(LAWS) --format $(FORMAT)

build: validate
	$(PY) -m mkdocs build --strict --site-dir site

offline: validate
	PLAYBOOK_OFFLINE=true $(PY) -m mkdocs build --strict --site-dir site-offline

# No `validate` first: the build reports the same problems, and the server starts even when the
# content has errors (every page shows them, and the site is built once the file is fixed).
serve: $(STAMP)
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

# The approved pictures of the screenshot suite (tests/browser/test_screenshots.py), taken again.
screenshots: $(STAMP) system-deps $(NODE_STAMP)
	PLAYBOOK_SCREENSHOTS=update $(PY) -m pytest -q tests/browser/test_screenshots.py
	rm -rf tests/screenshots/_new
	@git status --short tests/screenshots || true

# The edit loop: no browser, no real site build (the `slow` marker); `make test` runs them all.
test-fast: $(STAMP)
	$(PY) -m pytest -m "not browser and not slow"

# tsc: the browser scripts (plugins/playbook/assets/*.js, `// @ts-check`) type-checked by the pinned
# TypeScript of package.json (tsconfig.json, with noImplicitAny, every script; their shared globals
# and the search index's shapes: plugins/playbook/assets.d.ts).
lint: $(STAMP) $(NODE_STAMP)
	$(VENV)/bin/ruff check plugins scripts tests
	$(VENV)/bin/ruff format --check plugins scripts tests
	$(VENV)/bin/mypy
	node_modules/.bin/tsc -p tsconfig.json

format: $(STAMP)
	$(VENV)/bin/ruff check --fix plugins scripts tests
	$(VENV)/bin/ruff format plugins scripts tests

lint-workflows: $(STAMP)
	$(VENV)/bin/actionlint .github/workflows/*.yml
	$(VENV)/bin/zizmor --offline --min-severity medium .github

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

# The table of messages in CONTRIBUTING.md, made from plugins/playbook/core/catalogue/
messages: $(STAMP)
	$(PY) -m playbook messages --write

# The hashed locks, resolved from pyproject.toml (every extra) and requirements-build.in by uv
# (pinned in the lint extra) against PyPI, for Python 3.11.5 and later (pymdown-extensions' floor);
# requirements-materialx.lock (make compat's MaterialX venv): the same, at requirements.lock's
# versions, with requirements-materialx.in's MaterialX in place of mkdocs-material.
# Versions already in the lock are kept unless pyproject.toml excludes them (to merge two locks:
# keep either, or both files' lines, then `make lock`); `make lock LOCK_UPGRADE=--upgrade` takes
# the newest allowed.
LOCK_UPGRADE ?=
LOCK := $(VENV)/bin/uv pip compile --quiet --generate-hashes --python-version 3.11.5 \
	--index-url https://pypi.org/simple --custom-compile-command "make lock" $(LOCK_UPGRADE)
# The locks' versions are kept as preferences, their hashes always read again from the index (a
# version changed by hand, say while merging two locks, never keeps another version's hashes).
PINS_ONLY := sed -n -i 's/^\([A-Za-z0-9_.-]*==[^ ]*\).*/\1/p'
lock: $(STAMP)
	$(PINS_ONLY) $(wildcard requirements.lock requirements-build.lock requirements-materialx.lock)
	$(LOCK) pyproject.toml --extra pdf --extra test --extra lint -o requirements.lock
	$(LOCK) requirements-build.in -c requirements.lock -o requirements-build.lock
	echo mkdocs-material > $(VENV)/materialx-excludes.txt
	$(LOCK) pyproject.toml --extra pdf --extra test --extra lint requirements-materialx.in \
		--excludes $(VENV)/materialx-excludes.txt -c requirements.lock -o requirements-materialx.lock

clean:
	rm -rf site site-offline site-compat .venv-materialx .mkdocs-materialx.yml pdf .pytest_cache .hypothesis .mypy_cache .ruff_cache node_modules
