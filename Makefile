# Kontor: `make demo` and `make test` are the whole set-up.
# The interpreter: scripts/python says which (the distribution's where it is >= 3.11, for
# speed). Any python3 >= 3.11 works: make PYTHON=python3.12 test
PYTHON ?= $(shell scripts/python)
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: install demo test lint clean

$(BIN)/kontor: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(BIN)/kontor

install: $(BIN)/kontor

demo: install
	scripts/system-packages
	$(BIN)/kontor demo

test: install
	$(BIN)/ruff check src tests benchmarks
	scripts/system-packages
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
