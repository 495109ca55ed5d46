# Two commands: `make demo` and `make test`. Everything else is set up by them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# axe-core for the browser tests' accessibility checks (the browser is Debian's chromium)
AXE := tests/browser/node_modules/.installed
# the UI's translations and the person's slip's (its own domain, with Arabic),
# compiled from the gettext catalogues (English is the source)
MO := $(patsubst %.po,%.mo,$(wildcard core/translations/*/LC_MESSAGES/messages.po) \
	$(wildcard core/slip/translations/*/LC_MESSAGES/slip.po))

.PHONY: demo test screenshots lint messages slip-messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[demo,test]'
	touch $(STAMP)

$(AXE): tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund
	touch $(AXE)

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile -i $< -o $@

# One process serves the web UI, runs the notification worker and a local mail
# sink (port 8025) that keeps every e-mail; Ctrl-C stops all three.
demo: $(STAMP) $(MO)
	$(BIN)/referral-hub demo
	@echo "Open http://127.0.0.1:5000 and sign in with one of the accounts above;"
	@echo "the e-mails the hub sends are under 'Demo mail' (admins: Mail)."
	$(BIN)/referral-hub demo-serve --host 127.0.0.1 --port 5000 --mail-port 8025

test: $(STAMP) $(AXE) $(MO)
	$(BIN)/ruff check core plugins tests bench
	$(BIN)/python -m pytest

# The documentation's screenshots (docs/screenshots/*.png), taken by the browser tests.
screenshots: $(STAMP) $(AXE) $(MO)
	REFERRAL_HUB_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -m browser

lint: $(STAMP)
	$(BIN)/ruff check core plugins tests bench
	$(BIN)/ruff format --check core plugins tests bench
	$(BIN)/bandit -q -r core plugins -lll

# After changing UI strings: extract them and merge them into each catalogue.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ --no-location --sort-output -o core/translations/messages.pot core
	$(BIN)/pybabel update --no-fuzzy-matching -i core/translations/messages.pot -d core/translations

# After changing the slip's strings: the same for its own catalogue (t() and S_() only).
slip-messages: $(STAMP)
	$(BIN)/pybabel extract -F core/slip/babel.cfg --no-default-keywords -k t -k S_ --no-location --sort-output -o core/slip/translations/slip.pot core
	$(BIN)/pybabel update --no-fuzzy-matching -D slip -i core/slip/translations/slip.pot -d core/slip/translations

clean:
	rm -rf $(VENV) instance .pytest_cache tests/browser/node_modules
