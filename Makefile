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

.PHONY: lab test test-numerics notebooks benchmark html handouts test-browser clean help reset student check new-notebook

help:
	@echo "make lab        set up if needed, then open JupyterLab on the kit (README, docs, data) at notebooks/00_start_here.ipynb (PORT=$(PORT))"
	@echo "make test       set up if needed, then run the unit tests and every notebook (nbval)"
	@echo "make test-numerics  run the notebook tests again under two other floating-point set-ups (BLAS threads and kernels, numpy SIMD)"
	@echo "make notebooks  sync each notebooks/sources/NN_name.md with its notebooks/NN_name.ipynb and execute it (NB='03 05b' for some)"
	@echo "make benchmark  print the speed figures of the estimation engine and of every widget (wall and CPU time)"
	@echo "make html       build the offline HTML version of the kit into _build/html/ (open index.html)"
	@echo "make handouts   rebuild the journal-club PDFs (English and Norwegian) in docs/journal_club/pdf/ (needs Chromium)"
	@echo "make test-browser  through 'make lab', run every notebook in headless Chromium, follow a glossary link, move a control of each widget; screenshots in _build/screenshots/"
	@echo "make check NB=03  quick loop for one notebook: its frame, its exercises' checks, its nbval run (under a minute)"
	@echo "make new-notebook NB=05c_my_topic  start a notebook and its exercise bank module with the kit's frame (CONTRIBUTING.md)"
	@echo "make student    write the student edition (the kit without solutions) to _build/student/"
	@echo "make reset NB=02  give notebook 02 back as shipped (both of its files; your answers in it are lost)"
	@echo "make clean      remove .venv and build files"

# Setup says in a line what it does; pip's own progress stays quiet (-qq: its errors still show).
PIP_INSTALL := $(BIN)/python -m pip install -qq --disable-pip-version-check
SETUP_MESSAGE := Installing the kit and its dependencies into $(VENV)/ (a few minutes the first time) ...

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	@echo "Creating the Python environment $(VENV)/ with $$($(PYTHON) --version) ..."
	@$(PYTHON) -m venv $(VENV)
	@$(PIP_INSTALL) --upgrade pip

# The stamps make a second run skip the install; editing pyproject.toml triggers a new one.
$(VENV)/.installed-lab: pyproject.toml | $(BIN)/python
	@echo "$(SETUP_MESSAGE)"
	@$(PIP_INSTALL) -e .
	@touch $@
	@echo "Set-up done."

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	@echo "$(SETUP_MESSAGE)"
	@$(PIP_INSTALL) -e ".[test]"
	@touch $@ $(VENV)/.installed-lab
	@echo "Set-up done."

$(VENV)/.installed-docs: pyproject.toml | $(BIN)/python
	@echo "$(SETUP_MESSAGE)"
	@$(PIP_INSTALL) -e ".[docs]"
	@touch $@ $(VENV)/.installed-lab
	@echo "Set-up done."

$(VENV)/.installed-browser: pyproject.toml | $(BIN)/python
	@echo "$(SETUP_MESSAGE)"
	@$(PIP_INSTALL) -e ".[test,browser]"
	@touch $@ $(VENV)/.installed-test $(VENV)/.installed-docs $(VENV)/.installed-lab
	@echo "Set-up done."

# Every kernel of .venv/ runs a small start-up file (it does not import lbpkit), so an answer cell run
# alone after a restart explains its NameError too (tools/install_kernel_hints.py).
KERNEL_HINTS := $(VENV)/etc/ipython/ipython_kernel_config.py
$(KERNEL_HINTS): tools/install_kernel_hints.py tools/kernel_start_hint.py | $(VENV)/.installed-lab
	@$(BIN)/python tools/install_kernel_hints.py

# Serve the repository root, so README.md, docs/ and data/ are in the file browser and the notebooks'
# relative links (../docs/glossary.md#term) stay inside the server. The default URL (the one the log
# prints and a browser opens) is the first notebook.
START_NOTEBOOK := notebooks/00_start_here.ipynb
# JupyterLab's defaults for this environment: no pop-up asking to fetch Jupyter news from the internet.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
$(LAB_SETTINGS): tools/install_lab_settings.py | $(VENV)/.installed-lab
	@$(BIN)/python tools/install_lab_settings.py

lab: $(VENV)/.installed-lab $(KERNEL_HINTS) $(LAB_SETTINGS)
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/$(START_NOTEBOOK) --port=$(PORT) $(BROWSER_FLAG) $(ROOT_FLAG)

test: $(VENV)/.installed-test $(KERNEL_HINTS)
	$(BIN)/python -m pytest

# The notebook tests again, twice, under numerical configurations that change the floating-point
# path (BLAS threads and kernels, numpy's SIMD loops; see tools/numerics_env.py): a stored number
# that is floating-point noise fails here even where `make test` passes.
NUMERICS_PASSES ?= blas1-sandybridge-nosimd haswell-noavx512
test-numerics: $(VENV)/.installed-test $(KERNEL_HINTS)
	@set -e; for pass in $(NUMERICS_PASSES); do \
	  $(BIN)/python tools/numerics_env.py $$pass -- $(BIN)/python -m pytest notebooks -q; \
	done

notebooks: $(VENV)/.installed-test $(KERNEL_HINTS)
	$(BIN)/python tools/build_notebooks.py $(NB)

benchmark: $(VENV)/.installed-test
	$(BIN)/python benchmarks/bench_estimate.py
	$(BIN)/python benchmarks/bench_widgets.py

# Renders the committed notebooks (no re-execution) and docs/*.md; works offline from disk.
html: $(VENV)/.installed-docs
	$(BIN)/python tools/build_site.py

# The journal-club PDFs (docs/journal_club/pdf/, committed): the kit's own HTML printed by headless
# Chromium, no LaTeX; tests/test_handouts.py fails in `make test` when one is older than its sources.
handouts: $(VENV)/.installed-lab
	LBPKIT_CHROMIUM="$(CHROMIUM)" $(BIN)/python tools/build_journal_club.py

# Uses the system's Chromium; Playwright from PyPI never downloads a browser unless told to.
CHROMIUM ?= /usr/bin/chromium
test-browser: $(VENV)/.installed-browser $(KERNEL_HINTS)
	@test -x "$(CHROMIUM)" || { echo "make test-browser needs Chromium at $(CHROMIUM)."; \
	  echo "On Debian/Ubuntu, as root: apt-get update && apt-get install -y chromium chromium-driver"; \
	  echo "or point to another Chromium: make test-browser CHROMIUM=/path/to/chromium"; exit 1; }
	LBPKIT_BROWSER_TEST=1 LBPKIT_CHROMIUM="$(CHROMIUM)" $(BIN)/python -m pytest tests/browser tests/test_handouts.py -v

# A new notebook's two starting files (CONTRIBUTING.md, Recipe 3).
new-notebook: $(VENV)/.installed-lab
	@test -n "$(NB)" || { echo "Name the notebook, e.g. make new-notebook NB=05c_my_topic"; exit 2; }
	$(BIN)/python tools/new_notebook.py "$(NB)" "$(TITLE)"

# The kit without the notebooks' solution cells, to hand out or publish as a branch (instructor guide).
student: $(VENV)/.installed-lab
	$(BIN)/python tools/build_student_edition.py

# The quick loop while you change one notebook (CONTRIBUTING.md): its frame and pair, its exercises'
# unit tests, the guide's tables and misconceptions, and its nbval run. `make test` once at the end.
check: $(VENV)/.installed-test $(KERNEL_HINTS)
	@test -n "$(NB)" || { echo "Name the notebook to check, e.g. make check NB=03"; exit 2; }
	@test -n "$(wildcard notebooks/$(NB)_*.ipynb)" || { echo "No notebooks/$(NB)_*.ipynb; run make notebooks NB=$(NB) first"; exit 2; }
	$(BIN)/python -m pytest -q -m "not slow" -k "$(NB)_ or $(NB)." tests/test_notebook_hygiene.py tests/test_exercises.py \
	  tests/test_notebook_imports.py tests/test_student_edition.py $(wildcard notebooks/$(NB)_*.ipynb)
	$(BIN)/python -m pytest -q tests/test_docs.py tests/test_readme.py \
	  -k "generated or objective or misconception or plan or exercise_ids or notebook or learning_path"

# JupyterLab (jupytext) saves a learner's answers into both files of a pair (notebooks/NN_name.ipynb
# and notebooks/sources/NN_name.md), so both go back: restoring only the .ipynb leaves it newer
# than, and different from, the edited .md, and JupyterLab then refuses to open it ("... is more
# recent than ..."). The .md, the source, is left the newer file.
reset:
	@test -n "$(NB)" || { echo "Name the notebook to reset, e.g. make reset NB=02"; exit 2; }
	@files="$(wildcard notebooks/$(NB)_*.ipynb notebooks/sources/$(NB)_*.md)"; \
	  test -n "$$files" || { echo "No notebooks/$(NB)_*.ipynb or notebooks/sources/$(NB)_*.md; names start with e.g. 02 or 05b"; exit 2; }; \
	  git checkout HEAD -- $$files && $(if $(wildcard notebooks/sources/$(NB)_*.md),touch $(wildcard notebooks/sources/$(NB)_*.md) &&) \
	  echo "Reset $$files to the last commit; close and reopen the notebook's tab."

clean:
	rm -rf $(VENV) _build build *.egg-info lbpkit.egg-info
