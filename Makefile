# The README's commands. `make demo` and `make test` each do the whole set-up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
STAMP = $(VENV)/.installed-stamp

.PHONY: install demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/portalwatch demo --db data/demo.sqlite3 --feed data/feed.atom

# pytest exits 5 when it collected no test: that is a failure here, never a pass.
test: install
	$(BIN)/ruff check crawler spiders pipelines tests bench
	$(BIN)/pytest -q; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$status

lint: install
	$(BIN)/ruff check crawler spiders pipelines tests bench

bench: install
	$(BIN)/python bench/crawl_throughput.py

clean:
	rm -rf $(VENV) data build *.egg-info
