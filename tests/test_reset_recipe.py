"""Resetting one notebook, as README.md and the instructor guide describe it, gives a notebook that
JupyterLab opens.

JupyterLab with jupytext saves a learner's answers into both files of a pair. jupytext refuses to
open a pair whose ``.ipynb`` is more than ``outdated_text_notebook_margin`` (1 s) newer than its
``.md`` while their cells differ ("... is more recent than ..."): exactly what restoring only the
``.ipynb`` leaves behind. The test edits a notebook through jupytext's contents manager (the
code path of JupyterLab's Save), then runs the clone recipe, ``make reset NB=00``, in a scratch
git repository, and opens the notebook through the same contents manager.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from jupytext.sync_contentsmanager import TextFileContentsManager

REPO = Path(__file__).resolve().parent.parent
STEM = "00_start_here"
NOTEBOOK = f"notebooks/{STEM}.ipynb"
SOURCE = f"sources/{STEM}.md"  # in notebooks/, paired by notebooks/jupytext.toml
ANSWER = "mean_pain = 6.2"


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A scratch repository holding the Makefile and one notebook pair, committed."""
    (tmp_path / "notebooks" / "sources").mkdir(parents=True)
    shutil.copy(REPO / "Makefile", tmp_path / "Makefile")
    for name in (f"{STEM}.ipynb", SOURCE, "jupytext.toml"):
        shutil.copy(REPO / "notebooks" / name, tmp_path / "notebooks" / name)
    _git("init", "-q", cwd=tmp_path)
    _git("add", "-A", cwd=tmp_path)
    _git("-c", "user.name=kit", "-c", "user.email=kit@example.org", "commit", "-qm", "shipped", cwd=tmp_path)
    return tmp_path


def _save_an_answer(root: Path) -> TextFileContentsManager:
    """What a learner does: type an answer in JupyterLab and save (jupytext writes both files)."""
    manager = TextFileContentsManager(root_dir=str(root))
    notebook = manager.get(NOTEBOOK)["content"]
    cell = next(cell for cell in notebook.cells if "mean_pain = ..." in cell.source)
    cell.source = cell.source.replace("mean_pain = ...", ANSWER)
    manager.save({"type": "notebook", "content": notebook}, NOTEBOOK)
    for path in (root / NOTEBOOK, root / "notebooks" / SOURCE):
        assert ANSWER in path.read_text(encoding="utf-8"), f"jupytext saved the answer into {path.name} too"
        earlier = time.time() - 120  # the lesson was a while ago
        os.utime(path, (earlier, earlier))
    return manager


def test_restoring_only_the_ipynb_breaks_the_notebook(clone):
    """The old recipe, for contrast: this is the error learners met."""
    manager = _save_an_answer(clone)
    _git("checkout", "--", NOTEBOOK, cwd=clone)
    with pytest.raises(Exception, match="more recent than"):
        manager.get(NOTEBOOK)


def test_make_reset_gives_back_the_shipped_notebook_and_it_opens(clone):
    manager = _save_an_answer(clone)
    subprocess.run(["make", "--no-print-directory", "reset", "NB=00"], cwd=clone, check=True, capture_output=True)
    assert _git("status", "--porcelain", "--untracked-files=no", cwd=clone) == "", "both files are back as committed"
    source, notebook = clone / "notebooks" / SOURCE, clone / NOTEBOOK
    assert source.stat().st_mtime >= notebook.stat().st_mtime, "the .md, the source, is left the newer file"
    opened = manager.get(NOTEBOOK)["content"]  # raises on "... is more recent than ..."
    assert not any(ANSWER in cell.source for cell in opened.cells)


def test_make_reset_names_what_is_missing(clone):
    result = subprocess.run(["make", "--no-print-directory", "reset"], cwd=clone, capture_output=True, text=True)
    assert result.returncode != 0 and "make reset NB=02" in result.stdout
    result = subprocess.run(["make", "--no-print-directory", "reset", "NB=42"], cwd=clone, capture_output=True, text=True)
    assert result.returncode != 0 and "No notebooks/42_" in result.stdout


@pytest.mark.parametrize("doc", ["README.md", "docs/instructor_guide.md"])
def test_the_documented_recipes_reset_both_files(doc):
    text = (REPO / doc).read_text(encoding="utf-8")
    assert "git checkout -- notebooks/NAME.ipynb`" not in text and "git checkout -- notebooks/03_case_crossover_logic.ipynb`" not in text
    assert "make reset NB=" in text
    assert "both files" in text
