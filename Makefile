# HọcTập Hub. Two commands: `make run` (demo network on SQLite) and `make test` (real services).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000

.PHONY: run test quicktest install install-test system-deps migrate demo lint format bench screenshots clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(BIN)/pip install -q -e .
	touch $@

# one pip run for the project and its test extras (a second resolution costs ~15 s on CI)
$(VENV)/.installed-test: $(BIN)/activate pyproject.toml
	$(BIN)/pip install -q -e ".[test]"
	touch $(VENV)/.installed $@

var/schemas/OAI-PMH.xsd: $(VENV)/.installed-test
	scripts/fetch-schemas.sh

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

system-deps:
	scripts/system-deps.sh

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	HUB_SITE_PORT=$(PORT) $(PY) manage.py load_demo_data --port $(PORT)

# The server and a background worker (django-tasks' db_worker) for video transcoding and PDF
# analysis, so an upload never waits for ffmpeg; Ctrl+C stops both.
run: demo
	@echo "Mở http://localhost:$(PORT)/ (trang liên thông) và http://lam-ha.localhost:$(PORT)/ (một trung tâm)."
	HUB_SITE_PORT=$(PORT) TASKS_BACKEND=db $(PY) manage.py sync_engagement --schedule
	HUB_SITE_PORT=$(PORT) TASKS_BACKEND=db $(PY) manage.py collect_statistics --schedule
	HUB_SITE_PORT=$(PORT) TASKS_BACKEND=db $(PY) manage.py db_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	HUB_SITE_PORT=$(PORT) TASKS_BACKEND=db $(PY) manage.py runserver $(PORT)

test: system-deps install-test var/schemas/OAI-PMH.xsd
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	scripts/services.sh scripts/test.sh $(PYTEST_ARGS)

# One area, fast: no system packages, no lint, no SQLite re-run; the services are still started.
#   make quicktest PYTEST_ARGS="tests/hub -k isolation"
quicktest: install-test var/schemas/OAI-PMH.xsd
	scripts/services.sh $(BIN)/pytest $(PYTEST_ARGS)

bench: system-deps install-test
	scripts/services.sh scripts/bench.sh

# every page type on a phone and a desktop, into docs/screenshots/ (listed in docs/SCREENSHOTS.md);
# the demo network on a throw-away SQLite database, no PostgreSQL needed
screenshots: install-test
	$(PY) scripts/screenshots.py

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 var static_collected
