# The two commands (see README):  make serve   and   make test
# Each installs what it needs first; a second run skips what is already installed.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
# make test runs the tests in two processes (pytest-xdist), each test file whole in one of them: the
# two cores are kept busy while one process waits on a browser, Pyodide or a build. TEST_WORKERS=0: one process.
TEST_WORKERS ?= 2

.PHONY: serve test build check setup chromium graphviz clean

serve: setup            ## build the handbook and serve it on http://localhost:$(PORT)
	$(PY) -m tools_py.site serve --port $(PORT)

test: setup chromium    ## run every test (CPython, Pyodide in Node, real headless Chromium)
	-$(PY) -m tools_py.diff --ci --max-rows 40   # which readers' answers this branch changes (never fails)
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

build: setup            ## build into site/ (the previous site/ is kept if anything fails)
	$(PY) -m tools_py.site build

check: setup            ## check policy_data/ only: every mistake as file:line: field: message
	$(PY) -m tools_py.compile check

setup: $(VENV)/.installed node_modules/.installed graphviz

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

chromium: /usr/bin/chromium

/usr/bin/chromium:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

graphviz: /usr/bin/dot  # Graphviz draws the flowcharts at build time (tools_py/site/diagrams.py)

/usr/bin/dot:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz

clean:
	rm -rf site .site-build-* .site.lock .pytest_cache .cache
