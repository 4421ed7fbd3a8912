# The two commands a newcomer needs: `make run` and `make test`. Everything they
# need on a fresh Debian machine is installed from here.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CATALOGS := $(wildcard locales/*/LC_MESSAGES/*.po)
COMPILED := $(CATALOGS:.po=.mo)

.PHONY: run test lint typecheck pytest install system-deps translations i18n bench clean

run: install translations
	$(BIN)/python scripts/run_demo.py

test: install system-deps translations lint typecheck pytest

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[server,dev]"
	touch $(STAMP)

system-deps:
	@bash scripts/system_deps.sh

translations: $(COMPILED)

locales/%.mo: locales/%.po | $(STAMP)
	msgfmt --check -o $@ $<

lint: install
	$(BIN)/ruff check .

typecheck: install
	$(BIN)/mypy model storage sync server

pytest: install translations
	$(BIN)/pytest

# For translators: pull new strings from the code into the catalogs.
i18n: install
	$(BIN)/pybabel extract -F babel.cfg -o locales/messages.pot --no-location --sort-by-file main.py model views server locales
	for lang in nl pl ro bg; do \
	  $(BIN)/pybabel update -i locales/messages.pot -d locales -D messages -l $$lang --no-fuzzy-matching; \
	done

bench: install translations
	for b in benchmarks/*_bench.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache $(COMPILED)
