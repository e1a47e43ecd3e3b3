# mentornet — everything a new user or CI needs, from nothing but Python 3.11+.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    ?= out

.PHONY: demo test lint install browser bench serve clean schemathesis

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## The main job on the embedded Krymsky 2021 dataset.
demo: $(STAMP)
	$(BIN)/mentornet audit --out $(OUT)/audit
	$(BIN)/mentornet plan --out $(OUT)/plan

## Headless Chromium for the browser tests (Debian's package; never a download of its own).
browser:
	@sh scripts/install-browser.sh

test: $(STAMP) browser
	$(PY) -m pytest -q

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
