# SIMPEG — two commands: `make run` and `make test`. `make help` lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV ?= $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
PYTHON ?= python3

.PHONY: help env browser run test test-unit bench contracts clean faults

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}'

$(UV):
	@echo "uv not found: installing it with pip (user site)"
	$(PYTHON) -m pip install --user --quiet uv

env: $(UV) ## Create or update .venv from uv.lock (no resolution: the lock is the truth)
	$(UV) sync --frozen --all-packages

CHROMIUM ?= /usr/bin/chromium

browser: ## Install Debian's chromium for the browser tests (Playwright never downloads one)
	@if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else \
		echo "chromium is missing at $(CHROMIUM): install it (Debian: sudo apt-get install chromium)" >&2; \
		exit 1; \
	fi

run: env ## Start the embedded suite: broker, every service, gateway on :8000 (Ctrl-C stops)
	$(UV) run --frozen --no-sync simpeg run --demo

test: env browser ## Run every test (PostgreSQL at 127.0.0.1:5432 when reachable; required with CI=true)
	$(UV) run --frozen --no-sync pytest -n 2 --dist loadfile

bench: env ## Benchmarks P1-P5 against floors measured in the same run (not part of make test)
	$(UV) run --frozen --no-sync python bench/run.py

faults: env ## Fault injection, the long run: 20 seeds sharing 10,000 check-ins and cuti decisions (ADR 0028)
	SIMPEG_FAULTS_SEEDS=$${SIMPEG_FAULTS_SEEDS:-20} SIMPEG_FAULTS_LOAD=$${SIMPEG_FAULTS_LOAD:-10000} \
		$(UV) run --frozen --no-sync pytest tests/faults -rA

test-unit: env ## Only the tests that need nothing
	$(UV) run --frozen --no-sync pytest shared/tests/unit services/*/tests/unit

contracts: env ## Rewrite the JSON-schema snapshots of the public contracts after an additive change
	$(UV) run --frozen --no-sync simpeg contracts snapshot

clean: ## Remove local state (var/) and caches; keeps .venv
	rm -rf var .pytest_cache .hypothesis
