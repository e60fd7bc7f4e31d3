# The README's commands. `make demo` and `make test` each do the whole set-up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
STAMP = $(VENV)/.installed-stamp

.PHONY: install system-deps demo test test-fast lint typecheck bench profile clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/portalwatch demo --feed data/feed.atom

# Debian packages for the real-WordPress tests (installed when root; otherwise named, and the target fails).
system-deps:
	bash scripts/system-deps

# pytest exits 5 when it collected no test: that is a failure here, never a pass.
# Tests run on every core (pytest-xdist; `--dist loadgroup` keeps an `xdist_group` on one worker). Bytecode is
# written even where PYTHONDONTWRITEBYTECODE is set: otherwise each worker and each `portalwatch` child
# recompiles every module it imports (and pytest rewrites every test module) on every run.
PYTEST_WORKERS ?= auto
define pytest
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -q -n $(PYTEST_WORKERS) --dist loadgroup $(1); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$status
endef

# The whole suite, lint and type checks first.
test: install system-deps lint typecheck
	$(call pytest)

# The loop while working: every test that starts no process or server (under a minute), lint first.
test-fast: install lint
	$(call pytest,-m "not integration")

lint: install
	$(BIN)/ruff check crawler spiders pipelines tests bench
	$(BIN)/ruff format --check crawler spiders pipelines tests bench

typecheck: install
	$(BIN)/mypy --strict crawler spiders pipelines

bench: install
	$(BIN)/python bench/crawl_throughput.py
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/dates.py
	$(BIN)/python bench/meetings.py
	$(BIN)/python bench/incremental_runs.py
	$(BIN)/python bench/attachments.py
	$(BIN)/python bench/attachments_crawl.py
	$(BIN)/python bench/evidence.py --articles 20000

# The crawl bench's portalwatch run (2,400 articles) under cProfile: the 15 functions with the most cumulative time.
profile: install
	$(BIN)/python bench/crawl_throughput.py --profile

clean:
	rm -rf $(VENV) data build *.egg-info
