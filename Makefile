# Two commands do all set-up on Debian/Ubuntu: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PO := resources/translations/vi/LC_MESSAGES/tiepdan.po
MO := $(PO:.po=.mo)
# The suite runs in two processes (pytest-xdist): CI machines have two cores. Each worker has its own
# PostgreSQL schemas (named after its pid) and data folders; `make test TEST_WORKERS=0` runs in one.
TEST_WORKERS ?= 2

.PHONY: run test lint check-catalogue catalogue bench clean

run: $(STAMP) $(MO)
	@scripts/system-deps run
	$(VENV)/bin/tiepdan

test: $(STAMP) $(MO)
	@scripts/system-deps test
	@scripts/ensure-postgres
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(VENV)/bin/vulture
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n $(TEST_WORKERS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(VENV)/bin/vulture

$(PY):
	@scripts/python-venv $(VENV)

# Reinstall whenever pyproject.toml changes.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# The compiled catalogue (not committed); without it the .po is parsed at every start.
$(MO): $(PO) | $(STAMP)
	$(VENV)/bin/pybabel compile -D tiepdan -d resources/translations >/dev/null

# Refresh the catalogue after changing UI strings: extract, merge, then translate the new entries.
# No fuzzy matching: babel's guesses from similar strings are wrong more often than not, and unseen.
catalogue: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg --no-location --sort-output --project=TiepDan \
		-o resources/translations/tiepdan.pot desktop db
	$(VENV)/bin/pybabel update -i resources/translations/tiepdan.pot -d resources/translations \
		-D tiepdan --no-wrap --ignore-obsolete --no-fuzzy-matching
	$(VENV)/bin/pybabel compile -D tiepdan -d resources/translations

# Benchmarks print tables; the office ones need the local PostgreSQL server (see make test).
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) bench/startup.py
	QT_QPA_PLATFORM=offscreen $(PY) bench/event_filters.py
	$(PY) bench/receipt.py
	$(PY) bench/demo.py
	$(PY) bench/deadlines.py
	$(PY) bench/sync.py
	$(PY) bench/chaos.py
	$(PY) bench/audit.py
	$(PY) bench/import_books.py
	$(PY) bench/old_addresses.py
	$(PY) bench/search.py
	QT_QPA_PLATFORM=offscreen $(PY) bench/scale.py
	$(PY) bench/board.py
	$(PY) bench/report.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
