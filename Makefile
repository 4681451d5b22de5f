# The two commands: `make run` (corpus/ -> outputs/) and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
SHARED_DATA ?= ../shared/data

.PHONY: run test test-slow bench data clean-venv

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(INSTALLED)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/dvc repro --downstream ingest

test: $(INSTALLED)
	$(BIN)/python -m pytest -q -m "slow or not slow"

test-slow: $(INSTALLED)
	$(BIN)/python -m pytest -q -m slow

bench: $(INSTALLED) data
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m benchmarks.run

# Training and evaluation read the public corpora through ./data (see README, "Data").
data:
	@test -e data || ln -s $(SHARED_DATA) data

clean-venv:
	rm -rf $(VENV)
