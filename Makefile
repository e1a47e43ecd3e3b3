# mentornet — everything a new user or CI needs, from nothing but Python 3.11+.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    ?= out
LOCALE := src/mentornet/locale

.PHONY: demo test lint install browser bench serve clean schemathesis i18n catalogues

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(BIN)/pybabel compile -D mentornet -d $(LOCALE)
	touch $(STAMP)

install: $(STAMP)

## Translations: gettext catalogues under src/mentornet/locale, managed with Babel.
## `make i18n` extracts the English msgids (N_/Nn_/Np_ markers, template gettext calls),
## merges them into every language's .po (fill in the new msgstr), and compiles the .mo.
BABEL_KEYWORDS := -k N_ -k Nn_:1,2 -k Np_:1c,2 -k Npn_:1c,2,3
i18n: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) --sort-by-file --width=100 \
		--project=mentornet --copyright-holder="mentornet contributors" -o $(LOCALE)/messages.pot .
	$(BIN)/pybabel update -D mentornet -i $(LOCALE)/messages.pot -d $(LOCALE) --width=100 \
		--no-fuzzy-matching --ignore-obsolete
	$(MAKE) catalogues

## Compile the .po catalogues to .mo (also done by `make install` and the wheel build;
## a missing or stale .mo is compiled in memory at run time).
catalogues: $(STAMP)
	$(BIN)/pybabel compile -D mentornet -d $(LOCALE) --statistics

## The main job on the embedded Krymsky 2021 dataset.
## ... and the worked three-year programme: the real 2021 table, then two years of
## SYNTHETIC outcomes (shipped, from mentornet.outcomes_gen) → next-year → plan, and the report.
PROG := $(OUT)/programme
demo: $(STAMP)
	$(BIN)/mentornet audit --out $(OUT)/audit
	$(BIN)/mentornet plan --out $(OUT)/plan
	$(BIN)/mentornet plan --out $(PROG)/2021 --quiet
	$(BIN)/mentornet outcomes example 2021 $(PROG)/2021/krymsky_2021_outcomes_SYNTHETIC.xlsx --force
	$(BIN)/mentornet next-year --plan $(PROG)/2021 --outcomes $(PROG)/2021/krymsky_2021_outcomes_SYNTHETIC.xlsx \
		--strategy narrow --out $(PROG)/2022 --force
	$(BIN)/mentornet plan $(PROG)/2022/network.xlsx --out $(PROG)/2022 --quiet
	$(BIN)/mentornet outcomes example 2022 $(PROG)/2022/krymsky_2022_outcomes_SYNTHETIC.xlsx --force
	$(BIN)/mentornet next-year $(PROG)/2022/network.xlsx --plan $(PROG)/2022 \
		--outcomes $(PROG)/2022/krymsky_2022_outcomes_SYNTHETIC.xlsx --strategy narrow --out $(PROG)/2023 --force
	$(BIN)/mentornet plan $(PROG)/2023/network.xlsx --out $(PROG)/2023 --quiet
	$(BIN)/mentornet report $(PROG)/2021 $(PROG)/2022 $(PROG)/2023 --out $(PROG)/report

## Headless Chromium for the browser tests (Debian's package; never a download of its own).
browser:
	@sh scripts/install-browser.sh

## Two worker processes (the 2 cores CI has), whole files per worker: a file's fixtures stay in one process.
test: $(STAMP) browser
	$(PY) -m pytest -q -n 2 --dist loadfile

## Static checks: ruff (style, bugs) and mypy (types); settings in pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check
	$(BIN)/mypy

## Property-based run over every operation of the OpenAPI spec (no 5xx allowed).
schemathesis: $(STAMP)
	MENTORNET_SCHEMATHESIS_EXAMPLES=100 $(PY) -m pytest -q tests/api/test_schemathesis.py

bench: $(STAMP)
	$(PY) -m benchmarks

serve: $(STAMP)
	$(BIN)/mentornet serve

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .hypothesis
