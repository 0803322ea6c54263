# frontwatch: `make run` sets up a fresh machine and shows the demo; `make test` runs the suite.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO := frontwatch/demo/dispatches.jsonl
OUT ?= $(CURDIR)/out

.PHONY: install run demo test lint bench fuzz clean

$(BIN)/frontwatch: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/frontwatch

install: $(BIN)/frontwatch

demo: install
	$(BIN)/frontwatch ingest $(DEMO)
	mkdir -p $(OUT)
	$(BIN)/frontwatch export --format csv --output $(OUT)/events.csv
	$(BIN)/frontwatch export --format geojson --output $(OUT)/events.geojson
	$(BIN)/frontwatch export --format acled --output $(OUT)/events-acled.csv
	$(BIN)/frontwatch export --format hxl --output $(OUT)/events-hxl.csv
	$(BIN)/python -m frontwatch.demo.show --exports $(OUT)

run: demo
	@if $(BIN)/frontwatch serve --help >/dev/null 2>&1; then $(BIN)/frontwatch serve; fi

test: install
	$(BIN)/pytest -q

# the readers' fuzz tests, long: FUZZ_EXAMPLES examples per reader (make test runs 25)
FUZZ_EXAMPLES ?= 3000
fuzz: install
	FRONTWATCH_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -q -p no:cacheprovider tests/hostile/test_fuzz_readers.py

lint: install
	$(BIN)/ruff check frontwatch tests bench

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
