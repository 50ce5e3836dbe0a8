# Every target creates .venv itself (Python 3.11+). `make run` opens the app; `make test` runs every check CI runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha256sum | cut -c1-12)

.PHONY: run test lint bench bundle selftest clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

run: $(STAMP)
	$(BIN)/peerreview

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python -m benchmarks

bundle: $(STAMP)
	PATH=$(CURDIR)/$(BIN):$$PATH bash packaging/build.sh

selftest: bundle
	env -i HOME="$$(mktemp -d)" PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen dist/peerreview/peerreview selftest

clean:
	rm -rf build dist .pytest_cache
