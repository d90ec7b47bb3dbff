# Two commands for a new machine: `make generate` and `make test`. Each sets up .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install generate check test test-fast fuzz bench goldens history report clean

install: $(STAMP)

# setuptools announces every editable install of a package-dir layout ("Editable installation.
# Please be careful with folders...") as a warning: a notice, not a fault, so it is silenced,
# and only it (warnings about the packages themselves still show: there are none).
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	PYTHONWARNINGS="ignore:Editable installation:UserWarning" $(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

generate: install
	$(PY) -m modelgen generate

check: install
	$(PY) -m modelgen generate --check

# Tests run on every core (pytest-xdist). --dist loadgroup makes each test a unit of its own, handed
# out one at a time in the order tests/conftest.py gives them (--no-loadscope-reorder keeps it):
# the longest first, so that no worker is left alone with a long one at the end.
WORKERS ?= auto
PARALLEL := -n $(WORKERS) --dist loadgroup --no-loadscope-reorder

test: install
	$(PY) -m pytest $(PARALLEL)

# The inner loop: no slow test, no outside tool (pyright, mypy, black, ruff, git, pre-commit...).
test-fast: install
	$(PY) -m pytest $(PARALLEL) -m "not slow and not external"

fuzz: install
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest tests/test_openai_properties.py tests/test_fuzz_schemas.py tests/test_openai_differential.py

bench: install
	$(PY) bench/run.py

goldens: install
	$(PY) -m modelgen generate
	$(PY) scripts/goldens.py

history: install
	$(PY) scripts/history.py

report: install
	$(PY) scripts/openai_report.py

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .pytest_cache
