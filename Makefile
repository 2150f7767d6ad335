# The README's commands. `make run` serves the app locally; `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: run test bench lint clean system-packages

# Debian packages: the fonts certificate PDFs embed (Latin, Welsh, Polish, Arabic; then Chinese,
# Japanese and Korean), redis-server, which the tests of a Redis outage start and kill, and
# Chromium, which the browser tests drive.
# Installed when missing and we are root on Debian; otherwise a note.
SYSTEM_PACKAGES := fonts-dejavu-core fonts-droid-fallback redis-server chromium

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && apt-get install -y -q --no-install-recommends $$missing; \
	  else \
	    echo "Certificate PDFs, the Redis outage tests and the browser tests need these Debian packages:$$missing"; \
	    echo "Install them with: sudo apt-get install$$missing"; \
	  fi; \
	fi

# `make run` is a developer's machine: links in emails and on certificates point at
# http://localhost:5000 and any host is answered. Without this, the app is in production and
# refuses to start until PUBLIC_URL (or SERVER_NAME) says its public address.
# The job worker (it sends the emails) runs in the background beside the web server and is
# stopped when the server stops (Ctrl-C). With no MAIL_SERVER set, emails are printed here.
run: export COURSEWARE_ENV = development
run: $(VENV)/.installed system-packages
	$(FLASK) db upgrade
	$(FLASK) demo
	@$(FLASK) jobs worker --threads 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port 5000

# The suite on TEST_WORKERS processes (pytest-xdist; each has its own PostgreSQL database), then
# the tests that start servers, alone, so load and races are not judged on a machine busy with
# other tests; then the in-process tests again with the clock years ahead and years behind (the
# browser and the servers run on the machine's own clock, so those runs leave them out).
TEST_WORKERS ?= 2
CLOCK_AHEAD ?= 2033-07-15T10:00:00+00:00
CLOCK_BEHIND ?= 2019-02-10T10:00:00+00:00

test: $(VENV)/.installed system-packages
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pytest -n $(TEST_WORKERS) --ignore=tests/server
	$(BIN)/pytest tests/server
	TEST_CLOCK=$(CLOCK_AHEAD) TEST_DATABASE_URL= $(BIN)/pytest -q -n $(TEST_WORKERS) \
	  --ignore=tests/server --ignore=tests/e2e
	TEST_CLOCK=$(CLOCK_BEHIND) TEST_DATABASE_URL= $(BIN)/pytest -q -n $(TEST_WORKERS) \
	  --ignore=tests/server --ignore=tests/e2e

bench: $(VENV)/.installed
	command -v wrk >/dev/null || (apt-get update -q && apt-get install -y -q wrk)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/markup.py
	$(BIN)/python bench/reminders.py
	$(BIN)/python bench/worker_memory.py

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
