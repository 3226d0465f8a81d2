# Two commands on a fresh machine (Python 3.11+):
#   make demo   set up .venv, generate the demo kota, build data/demo.duckdb, serve the dashboard on :8501
#               (PORT=8600 make demo for another port)
#   make test   set up .venv with the test extra and run the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: demo test build-demo samples clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/peta-stunting demo --serve --port $(PORT)

build-demo: $(VENV)/.installed
	$(BIN)/peta-stunting demo

# every document the TPPS hands in, made from the demo city into data/samples/ (linked from the README)
samples: $(VENV)/.installed
	$(BIN)/peta-stunting demo
	$(BIN)/peta-stunting export samples --db data/demo.duckdb data/samples

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q -p no:cacheprovider

clean:
	rm -rf $(VENV) data/demo data/*.duckdb
