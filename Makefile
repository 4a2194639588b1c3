# Two commands for a new user: `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install run serve test lint typecheck unit bench clean messages

install: $(STAMP) node_modules/.installed var/.assets

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is required (apt-get install npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.installed

# Compiled translations and collected static files are build output, never committed.
var/.assets: $(STAMP) node_modules/.installed $(shell find src/aftersales -name '*.po' -o -path '*/static/*' -type f 2>/dev/null)
	mkdir -p var
	$(BIN)/aftersales compile_translations
	$(BIN)/aftersales collectstatic --noinput --verbosity 0
	touch var/.assets

run: install
	$(BIN)/aftersales migrate --noinput
	$(BIN)/aftersales demo
	$(BIN)/aftersales serve --host $(HOST) --port $(PORT)

serve: install
	$(BIN)/aftersales serve --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/python tools/app_layers.py --check
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy src tests bench

unit: install
	$(BIN)/aftersales makemigrations --check --dry-run
	$(BIN)/python -m pytest -q

test: install lint typecheck unit

bench: install
	$(BIN)/python -m bench

messages: $(STAMP)
	cd src/aftersales && ../../$(BIN)/aftersales makemessages -l zh_Hans -l en --no-obsolete

clean:
	rm -rf $(VENV) node_modules var
