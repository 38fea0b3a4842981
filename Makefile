# Every target bootstraps what it needs: a fresh clone with Python 3.11 is enough.
# Python 3.11 or newer: take python3.11 when it is on PATH, else python3.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STORE  ?= ./wuxing-kg-store

.PHONY: demo test test-fast test-min bench lint browser virtuoso clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "wuxing-kg needs Python >= 3.11 (PYTHON=$(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall when the package metadata changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

# Debian's chromium and a CJK font for the browser tests (no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi 'wenquanyi\|wqy' || { \
	  echo "installing chromium and a CJK font (Debian packages)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-wqy-microhei >/dev/null; }

# Debian's Virtuoso open source, the second server the push tests publish to (they start
# their own virtuoso-t on free loopback ports with a temporary database).
virtuoso:
	@command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1 || { \
	  echo "installing virtuoso-opensource (Debian package)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null; }

demo: $(STAMP)
	rm -rf $(STORE) $(STORE).merges.json
	$(BIN)/wuxing-kg --store $(STORE) ingest data/bulletins
	$(BIN)/wuxing-kg --store $(STORE) stats
	$(BIN)/wuxing-kg --store $(STORE) bulletins
	$(BIN)/wuxing-kg --store $(STORE) query outcomes-by-department --param dept=赣州市商务局 --format table
	$(BIN)/wuxing-kg --store $(STORE) query programs-per-county --format table
	$(BIN)/wuxing-kg --store $(STORE) view -o visualizations

test: $(STAMP) browser virtuoso
	$(BIN)/python -m pytest -q

# The declared lower bounds, tested: every direct dependency at the lowest version
# pyproject.toml allows (uv's lowest-direct resolution), in a venv of its own, fast tests.
test-min: $(STAMP)
	$(BIN)/pip install --quiet uv
	rm -rf .venv-min
	$(BIN)/uv venv -q -p $(PYTHON) .venv-min
	VIRTUAL_ENV=.venv-min $(BIN)/uv pip install -q --resolution lowest-direct -e ".[test]"
	.venv-min/bin/python -m pytest -q -m "not slow" -p no:cacheprovider

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

# The bench extra (jieba, the speed reference) is installed only here.
BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e ".[test,bench]"
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP) browser
	$(BIN)/python -m bench

# ruff (rules E, F, I) on src, tests and bench, then mypy on src/wuxing_kg (config for
# both in pyproject.toml; mypy is installed by the test extra).
lint: $(STAMP)
	$(BIN)/python -m compileall -q src
	$(BIN)/python -m ruff check src tests bench
	$(BIN)/python -m mypy src/wuxing_kg

clean:
	rm -rf $(VENV) .venv-min $(STORE) $(STORE).merges.json $(STORE).watch build src/*.egg-info

# Screenshots of the graph pages for the README (needs a store: run `make demo` first).
.PHONY: screenshots
screenshots: $(STAMP) browser
	$(BIN)/python -m wuxing_kg.views.screenshots --store $(STORE) -o visualizations/screenshots
