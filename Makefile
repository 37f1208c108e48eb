# kleptrace: `make demo` and `make test` do all the set-up (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED_DATA := $(wildcard ../shared/data)
DOWNLOADS ?= downloads

.PHONY: demo test lint bench evaluate evaluate-quick latency api-load fetch clean peers-env common-names evaluate-resolve

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	# An editable install leaves the sources uncompiled; where PYTHONDONTWRITEBYTECODE is
	# set (CI, containers) every command would compile them again (0.1 s of a cold start).
	$(BIN)/python -m compileall -q src/kleptrace
	touch $(STAMP)

demo: $(STAMP)
ifneq ($(SHARED_DATA),)
	$(BIN)/kleptrace load --sources $(SHARED_DATA)
else
	$(BIN)/kleptrace fetch --dest $(DOWNLOADS)
	$(BIN)/kleptrace load --sources $(DOWNLOADS)
endif
	$(BIN)/kleptrace lists
	$(BIN)/kleptrace screen "Владимир Путин" --schema Person
	$(BIN)/kleptrace resolve
	$(BIN)/kleptrace align
ifneq ($(SHARED_DATA),)
	$(BIN)/kleptrace graph-load $(SHARED_DATA)/ownership --lists
	$(BIN)/kleptrace graph-link
	$(BIN)/kleptrace owned --rule ofac
	$(BIN)/kleptrace media $(wildcard ../shared/articles/*.txt)
endif

test: $(STAMP) lint
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/mypy --strict --ignore-missing-imports src/kleptrace

bench: $(STAMP)
	$(BIN)/python benchmarks/load.py

fetch: $(STAMP)
	$(BIN)/kleptrace fetch --dest $(DOWNLOADS)

# Peer matchers (nomenklatura pins an older duckdb), kept out of the main venv.
PEERS_VENV := .venv-peers
PEERS_STAMP := $(PEERS_VENV)/.installed

$(PEERS_STAMP): benchmarks/peers/requirements.txt
	test -x $(PEERS_VENV)/bin/python || $(PYTHON) -m venv $(PEERS_VENV)
	$(PEERS_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(PEERS_VENV)/bin/python -m pip install --quiet -r benchmarks/peers/requirements.txt
	touch $(PEERS_STAMP)

peers-env: $(PEERS_STAMP)

# Screening accuracy and speed against nomenklatura's matchers; needs `make demo` first.
evaluate: $(STAMP) $(PEERS_STAMP)
	$(BIN)/python benchmarks/evaluate.py

# The same on a few thousand cases, for development.
evaluate-quick: $(STAMP) $(PEERS_STAMP)
	$(BIN)/python benchmarks/evaluate.py --quick

# Cold-start (new process) and warm latency of `kleptrace screen`; needs `make demo` first.
latency: $(STAMP)
	$(BIN)/python benchmarks/latency.py

# HTTP API load on loopback (kleptrace serve + /match + /screen/batch); needs `make demo` first.
api-load: $(STAMP)
	$(BIN)/python benchmarks/api_load.py

# Population name ranks for the common-name cap (see README, Development).
DATA_VENV := .venv-data
common-names: $(STAMP)
	test -x $(DATA_VENV)/bin/python || $(PYTHON) -m venv $(DATA_VENV)
	$(DATA_VENV)/bin/python -m pip install --quiet names-dataset==3.3.1
	$(BIN)/python tools/common_names.py --dataset "$$($(DATA_VENV)/bin/python -c 'import names_dataset, os; print(os.path.dirname(names_dataset.__file__))')" > src/kleptrace/data/common_names.tsv.new
	mv src/kleptrace/data/common_names.tsv.new src/kleptrace/data/common_names.tsv

clean:
	rm -rf $(VENV) $(PEERS_VENV) $(DATA_VENV) build *.egg-info .pytest_cache .ruff_cache

# Cross-list resolution accuracy (identifiers hidden) and time; needs `make demo` first.
evaluate-resolve: $(STAMP) $(PEERS_STAMP)
	$(BIN)/python benchmarks/resolve.py
