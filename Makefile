# The two commands a newcomer needs: `make run` and `make test`. Everything they
# need on a fresh Debian machine is installed from here.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CATALOGS := $(wildcard locales/*/LC_MESSAGES/*.po)
COMPILED := $(CATALOGS:.po=.mo)

.PHONY: run test lint typecheck pytest install system-deps translations i18n bench clean test-crypto43

run: install translations
	$(BIN)/python scripts/run_demo.py

test: install system-deps translations lint typecheck pytest test-crypto43

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
	$(BIN)/mypy model storage sync fieldapp server locales views main.py

pytest: install translations
	$(BIN)/pytest

# The phone build ships cryptography 43.0.1: the storage tests also run against it.
CRYPTO43 := .venv-crypto43
$(CRYPTO43)/.installed: pyproject.toml
	test -x $(CRYPTO43)/bin/python || $(PYTHON) -m venv $(CRYPTO43)
	$(CRYPTO43)/bin/python -m pip install --quiet --upgrade pip
	$(CRYPTO43)/bin/python -m pip install --quiet "cryptography==43.0.1" "tinydb>=4.8,<5" babel pytest hypothesis
	$(CRYPTO43)/bin/python -m pip install --quiet --no-deps -e .
	touch $@

test-crypto43: $(CRYPTO43)/.installed translations
	$(CRYPTO43)/bin/python -c "import cryptography; assert cryptography.__version__ == '43.0.1'"
	$(CRYPTO43)/bin/pytest -q -p no:cacheprovider -m "not flet" tests/storage

# For translators: pull new strings from the code into the catalogs.
# Two domains: `messages` (the screens, from the code) and `person` (the texts
# shown to the contacted person, marked P_ in locales/person_texts.py, also hu).
i18n: install
	$(BIN)/pybabel extract -F babel.cfg -k NP_:1c,2 --add-comments=TRANSLATORS: --project=StreetContact -o locales/messages.pot --no-location --sort-by-file $(wildcard main.py) model views server locales
	$(BIN)/pybabel extract --no-default-keywords -k P_ --add-comments=TRANSLATORS: --project=StreetContact -o locales/person.pot --no-location locales/person_texts.py
	for lang in nl pl ro bg; do \
	  test -f locales/$$lang/LC_MESSAGES/messages.po || $(BIN)/pybabel init -i locales/messages.pot -d locales -D messages -l $$lang; \
	  $(BIN)/pybabel update -i locales/messages.pot -d locales -D messages -l $$lang --no-fuzzy-matching --ignore-obsolete; \
	done
	for lang in nl pl ro bg hu; do \
	  test -f locales/$$lang/LC_MESSAGES/person.po || $(BIN)/pybabel init -i locales/person.pot -d locales -D person -l $$lang; \
	  $(BIN)/pybabel update -i locales/person.pot -d locales -D person -l $$lang --no-fuzzy-matching --ignore-obsolete; \
	done

bench: install translations
	for b in benchmarks/*_bench.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache $(COMPILED)
