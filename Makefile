# SIMPEG — two commands: `make run` and `make test`. `make help` lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV ?= $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
PYTHON ?= python3

.PHONY: help env run test test-unit contracts clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}'

$(UV):
	@echo "uv not found: installing it with pip (user site)"
	$(PYTHON) -m pip install --user --quiet uv

env: $(UV) ## Create or update .venv from uv.lock (no resolution: the lock is the truth)
	$(UV) sync --frozen --all-packages

run: env ## Start the embedded suite: broker, every service, gateway on :8000 (Ctrl-C stops)
	$(UV) run --frozen --no-sync simpeg run

test: env ## Run every test (PostgreSQL at 127.0.0.1:5432 when reachable; required with CI=true)
	$(UV) run --frozen --no-sync pytest

test-unit: env ## Only the tests that need nothing
	$(UV) run --frozen --no-sync pytest shared/tests/unit services/*/tests/unit

contracts: env ## Rewrite the JSON-schema snapshots of the public contracts after an additive change
	$(UV) run --frozen --no-sync simpeg contracts snapshot

clean: ## Remove local state (var/) and caches; keeps .venv
	rm -rf var .pytest_cache .hypothesis
