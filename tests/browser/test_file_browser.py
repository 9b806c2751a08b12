"""What JupyterLab's file browser shows in `notebooks/`, in the lab that `make lab` starts.

A learner opens `make lab`, lands on notebook 00, and finds the other notebooks in the file browser
beside it. Each notebook must appear there once: its MyST source (what instructors edit) lives in
``notebooks/sources/``, paired by jupytext, not beside it under the same name (which the browser
truncates alike, and which opens as raw text). The instructor still finds every source in that
folder. Run with `make test-browser` (skipped otherwise, like the other browser tests).
"""

from __future__ import annotations

import os
import re
import pytest

if os.environ.get("LBPKIT_BROWSER_TEST") != "1":
    pytest.skip("browser test: run it with `make test-browser`", allow_module_level=True)

from labkit import REPO  # noqa: E402
from test_lab_browser import SCREENSHOTS, _open  # noqa: E402

START = "notebooks/00_start_here.ipynb"  # the lab's default URL (Makefile, START_NOTEBOOK)
STEMS = sorted(p.stem for p in (REPO / "notebooks").glob("[0-9][0-9]*_*.ipynb"))
NUMBERED = re.compile(r"^\d\d[a-z]?_")

LISTING = """
(folder) => {
  const crumbs = [...document.querySelectorAll('.jp-FileBrowser .jp-BreadCrumbs-item')].map(e => e.textContent.trim());
  const items = [...document.querySelectorAll('.jp-FileBrowser .jp-DirListing-content .jp-DirListing-item')];
  if (!crumbs.includes(folder) || items.length === 0) return null;
  // rendered, so on screen: every name has its place in the listing
  if (!items.every(e => e.querySelector('.jp-DirListing-itemText').getBoundingClientRect().width > 0)) return null;
  return items.map(e => ({
    name: e.querySelector('.jp-DirListing-itemText').textContent.trim(),
    directory: e.getAttribute('data-isdir') === 'true',
  }));
}
"""


def _listing(page, folder: str) -> list[dict]:
    handle = page.wait_for_function(LISTING, arg=folder, timeout=60_000)
    return handle.json_value()


def test_each_notebook_is_listed_once_and_the_sources_are_in_their_folder(browser, lab):
    page, errors = _open(browser, lab, START)
    try:
        page.wait_for_selector(".jp-FileBrowser", state="visible", timeout=60_000)
        items = _listing(page, "notebooks")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "file_browser_notebooks.png"))
        names = [item["name"] for item in items]

        for stem in STEMS:
            number = stem.split("_", 1)[0]
            same_number = [name for name in names if name.startswith(f"{number}_")]
            assert same_number == [f"{stem}.ipynb"], f"notebook {number} is listed as {same_number}"
        beside = [name for name in names if NUMBERED.match(name) and not name.endswith(".ipynb")]
        assert beside == [], f"sources beside the notebooks, listed under the same names: {beside}"
        assert not [name for name in names if name.endswith(".md")], names
        assert {"name": "sources", "directory": True} in items, "the instructors' sources folder"

        # An instructor opens the sources folder and finds each notebook's MyST source there.
        page.locator(".jp-FileBrowser .jp-DirListing-item[data-isdir='true']", has_text="sources").dblclick()
        sources = [item["name"] for item in _listing(page, "sources")]
        page.screenshot(path=str(SCREENSHOTS / "file_browser_sources.png"))
        assert sorted(sources) == [f"{stem}.md" for stem in STEMS], sources
        assert errors == [], errors
    finally:
        page.close()

