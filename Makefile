# fupan: two commands for a newcomer.
#   make run   set everything up, load the demo data, show it (SQLite, no server needed)
#   make test  set everything up, run linters, type checks, layer contracts and every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CATALOG := web/translations/zh_Hans_CN/LC_MESSAGES/messages
DEV    := FUPAN_ENV=development

.PHONY: run test lint setup bench bench-tools clean translations wheelhouse runtime-lock manual-screens

setup: $(STAMP) $(CATALOG).mo

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --constraint constraints.txt --editable '.[dev]'
	touch $@

$(CATALOG).mo: $(CATALOG).po $(STAMP)
	$(BIN)/pybabel compile -d web/translations

# After changing interface strings: extract them, then translate the new ones in the .po.
translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o web/translations/messages.pot .
	$(BIN)/pybabel update -i web/translations/messages.pot -d web/translations -l zh_Hans_CN

run: setup
	$(DEV) $(BIN)/fupan init
	$(DEV) $(BIN)/fupan demo
	$(DEV) $(BIN)/fupan reviews list
	@echo "Open http://127.0.0.1:8000/ and sign in as demo.officer (password fupan-demo-2026); Ctrl-C stops."
	$(DEV) $(BIN)/fupan serve --host 127.0.0.1 --port 8000

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest -n 2 --dist loadfile

# The user manual's screenshots (docs/zh/操作手册.md), taken by the browser test on the demo's
# data and copied to docs/zh/images/ (committed). Needs Chromium: apt-get install chromium
# fonts-noto-cjk. CI=true makes a missing Chromium fail instead of skipping.
MANUAL_SHOTS := test-artifacts/screenshots/manual
manual-screens: setup
	CI=true $(BIN)/pytest tests/e2e/test_manual_screens.py -q
	rm -f docs/zh/images/*.png
	mkdir -p docs/zh/images
	cp $(MANUAL_SHOTS)/*.png docs/zh/images/
	@echo "docs/zh/images/: $$(ls docs/zh/images/*.png | wc -l) screenshots, $$(du -sh docs/zh/images | cut -f1)"

# Offline installation (docs/operations.md): fupan's wheel and the wheels of every runtime
# dependency of the runtime lock, for Debian 12, CPython 3.11, x86_64 (no aarch64), in one
# folder; on the server: pip install --no-index --find-links wheelhouse fupan
WHEELHOUSE := wheelhouse
# Debian 12's glibc is 2.36: manylinux wheels for glibc 2.17 to 2.36 run there.
GLIBC := 36 35 34 33 32 31 30 29 28 27 26 25 24 23 22 21 20 19 18 17
TARGET := --python-version 3.11 --implementation cp --abi cp311 \
	$(foreach m,$(GLIBC),--platform manylinux_2_$(m)_x86_64) --platform manylinux2014_x86_64
wheelhouse: $(STAMP)
	rm -rf $(WHEELHOUSE) build
	$(BIN)/python -m build --no-isolation --wheel --outdir $(WHEELHOUSE) .
	$(BIN)/pip download --quiet --no-deps --only-binary=:all: $(TARGET) \
		--dest $(WHEELHOUSE) --requirement requirements-runtime.txt
	rm -rf build
	@echo "$(WHEELHOUSE)/: $$(ls $(WHEELHOUSE) | wc -l) wheels, $$(du -sh $(WHEELHOUSE) | cut -f1)"

# After changing dependencies (pyproject.toml, constraints.txt): the runtime lock again.
runtime-lock: $(STAMP)
	$(BIN)/python -m tools.runtime_lock > requirements-runtime.txt

bench: $(STAMP) bench-tools
	$(BIN)/python -m bench.run

# The load generator of the serving figures: wrk, from the distribution's packages.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
bench-tools:
	@command -v wrk >/dev/null 2>&1 || { $(SUDO) apt-get update && $(SUDO) apt-get install -y wrk; }

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache build dist $(WHEELHOUSE)
