# coopdesk — the commands a new user and CI run. Only Python 3.11+ is needed beforehand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test lint typecheck contracts pytest bench i18n screenshot clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "coopdesk needs Python 3.11 or newer")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

## Start the desktop app on the default book in your data folder.
run: install
	$(BIN)/coopdesk gui

## Every check CI runs: ruff, mypy, import contracts, pytest (UI tests offscreen).
test: lint typecheck contracts pytest

lint: install
	$(BIN)/ruff check .

typecheck: install
	$(BIN)/mypy

contracts: install
	$(BIN)/lint-imports --no-cache

pytest: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q $(PYTEST_ARGS)

## Speed and memory figures with ratios to references measured in the same run.
bench: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks $(BENCH_ARGS)

## Refresh the translation catalogues after changing user-visible strings.
i18n: install
	$(BIN)/python tools/i18n.py update

screenshot: install
	QT_QPA_PLATFORM=offscreen $(BIN)/coopdesk gui --screenshot out/main.png

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .ruff_cache .hypothesis
