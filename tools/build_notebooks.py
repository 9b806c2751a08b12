"""Sync each notebook with its MyST Markdown source, then execute it in place.

Usage:
    python tools/build_notebooks.py              # every notebook
    python tools/build_notebooks.py 03 05b       # only these (matched on the name's prefix)
    python tools/build_notebooks.py --no-run 03  # sync without executing

Each ``notebooks/sources/NN_name.md`` (MyST Markdown, what people edit) is paired by jupytext
with ``notebooks/NN_name.ipynb`` (the executed notebook that learners open and nbval checks); the
sources sit in their own folder so that JupyterLab's file browser lists each notebook once. The
Markdown file is the source. The one exception keeps an edit made where jupytext was not
installed: if the ``.ipynb`` was saved after the ``.md`` and its cells differ, the Markdown is
first rewritten from it (and the script says so). The notebook is then rebuilt from the
Markdown with stable cell ids and executed in a fresh kernel, so stored outputs are
deterministic.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import jupytext
import nbformat

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent
NOTEBOOKS = ROOT / "notebooks"
SOURCES = NOTEBOOKS / "sources"
sys.path.insert(0, str(TOOLS))

from execute_notebooks import execute  # noqa: E402

# "sources//md:myst": the Markdown of notebooks/NN_name.ipynb is notebooks/sources/NN_name.md
# (notebooks/jupytext.toml says the same, for JupyterLab).
PAIRING = {
    "formats": "ipynb,sources//md:myst",
    # `lbpkit` carries the front matter; the jupytext version would make every save a diff.
    "notebook_metadata_filter": "lbpkit,-jupytext.text_representation.jupytext_version",
}
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def source_of(ipynb_path: Path) -> Path:
    """The MyST source paired with a notebook: ``notebooks/sources/NN_name.md`` for ``notebooks/NN_name.ipynb``."""
    return ipynb_path.parent / "sources" / ipynb_path.with_suffix(".md").name


def notebook_of(md_path: Path) -> Path:
    """The notebook paired with a MyST source: ``notebooks/NN_name.ipynb`` for ``notebooks/sources/NN_name.md``."""
    return md_path.parent.parent / md_path.with_suffix(".ipynb").name


def sources(selection: list[str] | None = None) -> list[Path]:
    """The MyST sources, optionally only those whose name starts with one of ``selection``."""
    found = sorted(SOURCES.glob("[0-9][0-9]*_*.md"))
    if selection:
        found = [path for path in found if any(path.name.startswith(f"{key}_") for key in selection)]
    return found


def front_matter(md_path: Path) -> dict:
    """Title (first cell) and the ``lbpkit`` block of the YAML header of a MyST source."""
    notebook = jupytext.read(md_path)
    first_line = notebook.cells[0].source.splitlines()[0]
    meta = notebook.metadata.get("lbpkit", {})
    return {
        "title": first_line.removeprefix("# ").strip(),
        "objectives": list(meta.get("objectives", [])),
        "minutes": dict(meta.get("minutes", {})),
        "prerequisites": list(meta.get("prerequisites", [])),
    }


def cell_content(notebook) -> list[tuple]:
    """What pairing must keep equal: each cell's type, source, tags and hidden flags."""
    return [
        (cell.cell_type, cell.source, list(cell.metadata.get("tags", [])), dict(cell.metadata.get("jupyter", {})))
        for cell in notebook.cells
    ]


def notebook_from_source(md_path: Path) -> nbformat.NotebookNode:
    """Read the MyST source into an unexecuted notebook with stable ids and the kit's metadata."""
    notebook = jupytext.read(md_path)
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index:03d}"  # stable ids keep re-builds free of diff noise
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    notebook.metadata["jupytext"] = dict(PAIRING)
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    # pygments_lexer makes jupytext write "{code-cell} ipython3" for an unexecuted notebook too, so
    # the pair matches even before execution (JupyterLab refuses a newer .ipynb that differs).
    notebook.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
    return notebook


def sync(md_path: Path) -> str | None:
    """Carry a newer ``.ipynb`` edit back into the Markdown; return a message if it did."""
    ipynb_path = notebook_of(md_path)
    if not ipynb_path.exists() or ipynb_path.stat().st_mtime <= md_path.stat().st_mtime:
        return None
    stored = nbformat.read(ipynb_path, as_version=4)
    if cell_content(stored) == cell_content(jupytext.read(md_path)):
        return None
    stored.metadata.setdefault("jupytext", {}).update(PAIRING)
    jupytext.write(stored, md_path, fmt="md:myst")
    return f"{md_path.relative_to(ROOT)}: updated from the newer {ipynb_path.name}"


def build(md_path: Path, *, run: bool = True) -> str:
    message = sync(md_path)
    notebook = notebook_from_source(md_path)
    ipynb_path = notebook_of(md_path)
    nbformat.write(notebook, ipynb_path)
    done = f"{ipynb_path.relative_to(ROOT)}: synced"
    if run:
        done += f" and executed in {execute(ipynb_path):.1f} s"
    # The .md is the source: leave it the newer file, so jupytext (and `sync`) read it first.
    os.utime(md_path)
    return done if message is None else f"{message}\n{done}"


def main(argv: list[str]) -> int:
    run = "--no-run" not in argv
    selection = [arg for arg in argv if not arg.startswith("--")]
    found = sources(selection)
    if not found:
        print(f"no notebooks/sources/*.md matches {selection}; names start with e.g. 03 or 05b")
        return 2
    for md_path in found:
        print(build(md_path, run=run))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
