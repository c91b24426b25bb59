# bildungsnetz — one entry point for analysts, the yearly batch run and CI.
#   make reports    set up .venv (if needed) and build all reports from data/raw
#   make test       set up .venv (if needed) and run the whole test suite (one worker per core)
#   make test-fast  the inner loop: every test except the slow (notebooks, whole waves)
#                   and browser (headless Chromium) ones
#   make lint       ruff (lint + format check), import contracts, mypy on analysis/
#   make format     ruff format + import sorting
#   make bench      time and peak memory of every step at 1x, 10x, 30x, 100x (long;
#                   BENCH_ARGS="--scales 1 10" to pick)
#   make demo       rewrite the synthetic demo waves under data/
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DATA   ?= data
REPORTS ?= reports
LINTED := lib tests benchmarks notebooks

.PHONY: setup reports test test-fast lint format bench demo clean-generated

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)
	@echo "Umgebung $(VENV) ist eingerichtet."

setup: $(STAMP)

reports: $(STAMP)
	$(BIN)/bildungsnetz run --data $(DATA) --reports $(REPORTS)

test: $(STAMP)
	$(BIN)/python -m pytest -n auto --durations=20

test-fast: $(STAMP)
	$(BIN)/python -m pytest -n auto -m "not slow and not browser"

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/lint-imports
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --select I --fix $(LINTED)
	$(BIN)/ruff format $(LINTED)

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

demo: $(STAMP)
	$(BIN)/bildungsnetz demo --data $(DATA)

clean-generated:
	rm -rf $(DATA)/processed/*/ $(REPORTS)/*/ $(REPORTS)/*.html
