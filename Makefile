# The README's commands. `make demo` and `make test` each do the whole set-up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
STAMP = $(VENV)/.installed-stamp

.PHONY: install system-deps demo test lint bench profile clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/portalwatch demo --db data/demo.sqlite3 --feed data/feed.atom

# Debian packages for the real-WordPress tests (installed when root; otherwise named, and the target fails).
system-deps:
	bash scripts/system-deps

# pytest exits 5 when it collected no test: that is a failure here, never a pass.
test: install system-deps
	$(BIN)/ruff check crawler spiders pipelines tests bench
	$(BIN)/ruff format --check crawler spiders pipelines tests bench
	$(BIN)/pytest -q; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$status

lint: install
	$(BIN)/ruff check crawler spiders pipelines tests bench
	$(BIN)/ruff format --check crawler spiders pipelines tests bench

bench: install
	$(BIN)/python bench/crawl_throughput.py
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/dates.py
	$(BIN)/python bench/meetings.py
	$(BIN)/python bench/incremental_runs.py

# The crawl bench's portalwatch run (2,400 articles) under cProfile: the 15 functions with the most cumulative time.
profile: install
	$(BIN)/python bench/crawl_throughput.py --profile

clean:
	rm -rf $(VENV) data build *.egg-info
