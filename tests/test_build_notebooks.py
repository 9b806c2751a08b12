"""tools/build_notebooks.py keeps each pair in step across the two folders of notebooks/.

The merge trap: an edit saved into ``notebooks/NN_name.ipynb`` where jupytext was not installed
(an older JupyterHub, a merge that took the ``.ipynb`` side) leaves it newer than, and different
from, its source ``notebooks/sources/NN_name.md``. The build must carry that edit into the source,
not overwrite it, and leave the source the newer file, so JupyterLab's jupytext opens the pair.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import jupytext
import nbformat
import pytest
from jupytext.sync_contentsmanager import TextFileContentsManager

REPO = Path(__file__).resolve().parent.parent
STEM = "00_start_here"
EDIT = "A sentence added where jupytext was not installed."


@pytest.fixture
def tools(tmp_path, monkeypatch):
    """build_notebooks, pointed at a copy of one notebook pair and its jupytext.toml in tmp_path."""
    notebooks = tmp_path / "notebooks"
    (notebooks / "sources").mkdir(parents=True)
    for name in (f"{STEM}.ipynb", f"sources/{STEM}.md", "jupytext.toml"):
        shutil.copy(REPO / "notebooks" / name, notebooks / name)
    monkeypatch.syspath_prepend(str(REPO / "tools"))
    import build_notebooks

    monkeypatch.setattr(build_notebooks, "ROOT", tmp_path)
    monkeypatch.setattr(build_notebooks, "NOTEBOOKS", notebooks)
    monkeypatch.setattr(build_notebooks, "SOURCES", notebooks / "sources")
    return build_notebooks


def test_the_pair_paths_cross_the_two_folders(tools):
    ipynb = tools.NOTEBOOKS / f"{STEM}.ipynb"
    md = tools.SOURCES / f"{STEM}.md"
    assert tools.source_of(ipynb) == md and tools.notebook_of(md) == ipynb
    assert tools.sources(["00"]) == [md]


def test_a_newer_ipynb_edit_reaches_the_source_which_is_left_newer(tools):
    ipynb, md = tools.NOTEBOOKS / f"{STEM}.ipynb", tools.SOURCES / f"{STEM}.md"
    notebook = nbformat.read(ipynb, as_version=4)
    notebook.cells.insert(3, nbformat.v4.new_markdown_cell(EDIT))
    nbformat.write(notebook, ipynb)
    later = md.stat().st_mtime + 60
    os.utime(ipynb, (later, later))

    message = tools.build(md, run=False)

    assert "updated from the newer" in message, message
    assert EDIT in md.read_text(encoding="utf-8"), "the edit was carried into the source"
    assert tools.cell_content(jupytext.read(md)) == tools.cell_content(nbformat.read(ipynb, as_version=4))
    assert md.stat().st_mtime >= ipynb.stat().st_mtime, "the source is left the newer file"
    assert sorted(p.name for p in tools.NOTEBOOKS.glob("*.md")) == [], "nothing written beside the notebook"
    opened = TextFileContentsManager(root_dir=str(tools.ROOT)).get(f"notebooks/{STEM}.ipynb")["content"]
    assert any(cell.source == EDIT for cell in opened.cells)


def test_an_unchanged_pair_is_left_as_it_is(tools):
    md = tools.SOURCES / f"{STEM}.md"
    before = md.read_text(encoding="utf-8")
    assert tools.sync(md) is None
    assert md.read_text(encoding="utf-8") == before
