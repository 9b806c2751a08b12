# Two commands do everything: `make lab` and `make test`. See README.md.
PYTHON ?= python3
VENV   ?= .venv
PORT   ?= 8888
BIN    := $(VENV)/bin

# Open a browser only where one can be shown: a desktop session (DISPLAY/WAYLAND) or macOS.
ifeq ($(origin BROWSER_FLAG), undefined)
  ifneq ($(strip $(DISPLAY)$(WAYLAND_DISPLAY)),)
    BROWSER_FLAG :=
  else ifeq ($(shell uname -s),Darwin)
    BROWSER_FLAG :=
  else
    BROWSER_FLAG := --no-browser
  endif
endif

# Jupyter refuses to run as root unless told; containers and CI machines often run as root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test notebooks benchmark html clean help

help:
	@echo "make lab        set up if needed, then open JupyterLab on notebooks/00_start_here.ipynb (PORT=$(PORT))"
	@echo "make test       set up if needed, then run the unit tests and every notebook (nbval)"
	@echo "make notebooks  rebuild notebooks from tools/notebook_src and execute them (NB='03 04' for some)"
	@echo "make benchmark  print the speed figures of the estimation engine"
	@echo "make clean      remove .venv and build files"

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The stamps make a second run skip the install; editing pyproject.toml triggers a new one.
$(VENV)/.installed-lab: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed-lab

lab: $(VENV)/.installed-lab
	$(BIN)/jupyter lab notebooks/00_start_here.ipynb --port=$(PORT) $(BROWSER_FLAG) $(ROOT_FLAG)

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

notebooks: $(VENV)/.installed-test
	$(BIN)/python tools/build_notebooks.py $(NB)

benchmark: $(VENV)/.installed-test
	$(BIN)/python benchmarks/bench_estimate.py

clean:
	rm -rf $(VENV) _build *.egg-info lbpkit.egg-info
