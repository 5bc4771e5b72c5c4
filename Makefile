# Playbook Relation Client. Quick start: `make serve` (site on 127.0.0.1:8000), `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: help serve build validate test test-fast pdf schema lock clean system-deps bench bench-large

help:
	@echo "make serve     install, validate, build and serve the playbook on http://127.0.0.1:8000"
	@echo "make build     write the static site to site/ (strict: any warning fails)"
	@echo "make validate  check every entry under laws/"
	@echo "make test      the whole test suite (installs Chromium first if it is missing)"
	@echo "make schema    regenerate plugins/playbook/schema/entry.schema.json from core/spec.py"
	@echo "make bench     benchmark: plugin vs plain MkDocs (N=100, 1000), validate of 10,000 entries"

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

validate: $(STAMP)
	$(PY) -m playbook validate laws

build: validate
	$(PY) -m mkdocs build --strict --site-dir site

serve: validate
	$(PY) -m mkdocs serve --strict --dev-addr 127.0.0.1:8000

system-deps:
	@bash scripts/install-system-deps.sh

test: $(STAMP) system-deps
	$(PY) -m pytest

test-fast: $(STAMP)
	$(PY) -m pytest -m "not browser"

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
	rm -rf site .pytest_cache .hypothesis
