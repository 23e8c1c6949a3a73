# strikewire — every target creates the virtual environment on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install demo test test-unit test-integration lint format typecheck schemas clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-18s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install strikewire with its dev tools

demo: $(STAMP) ## Run the pipeline on the embedded broker over the demo articles
	$(BIN)/strikewire demo

test: $(STAMP) ## Run the whole test suite (unit, agent and integration tiers)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-unit: $(STAMP) ## Only the fast tier: no broker, no trained model
	$(BIN)/python -m pytest tests/unit -m "not slow" $(PYTEST_ARGS)

test-integration: $(STAMP) ## Only the tests against the real embedded broker
	$(BIN)/python -m pytest tests/integration $(PYTEST_ARGS)

lint: $(STAMP) ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: $(STAMP) ## mypy on schemas, agents and streams
	$(BIN)/mypy schemas agents streams

schemas: $(STAMP) ## Regenerate schemas/json/*.schema.json and schemas/asyncapi.yaml
	$(BIN)/strikewire schemas

clean: ## Remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis *.egg-info

eval: $(STAMP) ## Run every evaluation on ../shared/eval and write EVALUATION.md
	$(BIN)/python -m evaluation.report
.PHONY: eval

faults: $(STAMP) ## Fault-injection suite at full size (poison, SIGKILL x5, broker late/gone, 100k soak)
	STRIKEWIRE_FAULTS_FULL=1 $(BIN)/python -m pytest tests/faults -m faults -s -p no:cacheprovider $(PYTEST_ARGS)

bench: $(STAMP) ## Benchmarks through the embedded broker; writes docs/BENCHMARKS.md (never fails on timing)
	$(BIN)/python -m bench.run --write docs/BENCHMARKS.md $(BENCH_ARGS)

bench-state: $(STAMP) ## State size and peak RSS after >100k articles (GVA dev x34, shifted); its section of docs/BENCHMARKS.md
	$(BIN)/python -m bench.state --repeat 34 --write docs/BENCHMARKS.md $(BENCH_STATE_ARGS)
.PHONY: faults bench bench-state
