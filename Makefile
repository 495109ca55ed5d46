# Two commands: `make demo` and `make test`. Everything else is set up by them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/referral-hub demo
	$(BIN)/referral-hub run --host 127.0.0.1 --port 5000

test: $(STAMP)
	$(BIN)/ruff check core plugins tests bench
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check core plugins tests bench
	$(BIN)/ruff format --check core plugins tests bench

clean:
	rm -rf $(VENV) instance .pytest_cache
