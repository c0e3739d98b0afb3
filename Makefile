# Kontor: `make demo` and `make test` are the whole set-up.
# The distribution's python3 where there is one: Debian builds it with profile-guided and
# link-time optimisation, and a billing run needs about a tenth less CPU than on a plain source
# build (pyenv's default). Any python3 >= 3.11 works: make PYTHON=python3.12 test
PYTHON ?= $(shell /usr/bin/python3 -c 'import sys; assert sys.version_info >= (3, 11)' \
                  2>/dev/null && echo /usr/bin/python3 || echo python3)
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
