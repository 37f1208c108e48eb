# kleptrace: `make demo` and `make test` do all the set-up (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED_DATA := $(wildcard ../shared/data)
DOWNLOADS ?= downloads

.PHONY: demo test lint bench fetch clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

demo: $(STAMP)
ifneq ($(SHARED_DATA),)
	$(BIN)/kleptrace load --sources $(SHARED_DATA)
else
	$(BIN)/kleptrace fetch --dest $(DOWNLOADS)
	$(BIN)/kleptrace load --sources $(DOWNLOADS)
endif
	$(BIN)/kleptrace lists

test: $(STAMP) lint
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy --strict --ignore-missing-imports src/kleptrace

bench: $(STAMP)
	$(BIN)/python benchmarks/load.py

fetch: $(STAMP)
	$(BIN)/kleptrace fetch --dest $(DOWNLOADS)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
