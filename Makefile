# One-command set-up: every target bootstraps .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench template docs fingerprint clean fuzz

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/yusuan demo -o out

# lint: ruff (rule set and the reason for each ignore in pyproject.toml), the import
# contracts (layers, no package cycles, private modules; docs/design.md) and mypy on src/
lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

# the lint tests of the suite (tests/test_lint.py, test_layers.py) repeat `make lint`: deselected here.
# One worker per core (pytest-xdist); --dist loadfile keeps a test file on one worker, so a
# module's fixtures are built once (the session's shared builds once per worker);
# --no-loadscope-reorder hands the files out in collection order, which tests/conftest.py starts
# with the slowest (xdist would order them by their number of tests)
test: lint
	$(BIN)/python -m pytest -m "not lint" -n auto --dist loadfile --no-loadscope-reorder

# the full fuzz campaign of issue 14 (a fast subset runs in `make test`): FUZZ_ARGS to scale it
fuzz: $(STAMP)
	$(BIN)/python tests/fuzz/campaign.py $(FUZZ_ARGS)

# the bench extra: floor (b)'s reader and writer.  BENCH_ARGS: e.g. "--quick", "--scales 1x500,20x5000
# --repeat 5 --audit-count 50" (python -m yusuan.bench --help)
$(VENV)/.bench-installed: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@

bench: $(VENV)/.bench-installed
	$(BIN)/python -m yusuan.bench $(BENCH_ARGS)

template: $(STAMP)
	$(BIN)/yusuan template -o workbook_templates/预算公开模板.xlsx

# the demo output cell by cell, which tests/test_output_identity.py compares: refresh it after an
# intended change of the output and commit it with the change
fingerprint: $(STAMP)
	$(BIN)/python tests/fingerprint.py

docs: $(STAMP)
	$(BIN)/yusuan rules --doc -o docs/rules.md

clean:
	rm -rf $(VENV) out build *.egg-info src/*.egg-info
