# ClaimDesk: `make run` sets up and serves the desk; `make test` runs the whole test suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wsgi
HOST   ?= 127.0.0.1
PORT   ?= 5000

# Debian packages the desk needs: Pango/HarfBuzz and Noto fonts for Arabic PDFs (WeasyPrint),
# poppler-utils to check PDFs in tests, chromium for the browser tests, wrk for the load bench,
# redis-server for the job queue (RQ) and its tests.
DEB_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core poppler-utils chromium wrk redis-server nginx

.PHONY: run test install system-deps node-deps migrate demo lint bench clean translations compile-translations

# Interface catalogues: app/translations/<lang>/LC_MESSAGES/messages.po is the source (committed); the .mo is
# compiled here, by every install, so a fresh clone gets it. `make translations` after adding strings.
PO_FILES := $(wildcard app/translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)
POT      := app/translations/messages.pot

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed $(MO_FILES)

%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel compile -i $< -o $@

compile-translations: $(MO_FILES)

# Extract every message (Python and templates, see babel.cfg), merge into each catalogue, compile, and
# print how many are still untranslated (tests/i18n fails while any is).
translations: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg --sort-by-file -w 120 -o $(POT) .
	$(BIN)/pybabel update -i $(POT) -d app/translations -w 120 --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d app/translations --statistics

system-deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian packages:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
		echo "Missing Debian packages:$$missing — install them with: sudo apt-get install$$missing"; \
	fi

migrate: install
	mkdir -p instance
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) demo --save-passwords

# The demo users' passwords come last, where they are seen (the demo saved them; printed once, then deleted).
run: system-deps demo
	@if [ -f instance/demo-passwords.txt ]; then \
		echo; echo "Demo users: log in at http://$(HOST):$(PORT)/ with"; cat instance/demo-passwords.txt; echo; \
		rm -f instance/demo-passwords.txt; fi
	$(FLASK) run --host $(HOST) --port $(PORT)

# axe-core (pinned in package.json / package-lock.json) for the browser tests' accessibility checks.
# Without npm the tests that need it skip and say why.
node-deps:
	@if command -v npm >/dev/null 2>&1; then \
		[ -f node_modules/axe-core/axe.min.js ] || npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: the axe-core accessibility checks will be skipped"; fi

test: install system-deps node-deps
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .

bench: install
	$(BIN)/python bench/queue_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .coverage htmlcov test-artifacts node_modules
