"""Execute notebooks in place so their stored outputs are fresh and deterministic.

Usage: python tools/execute_notebooks.py notebooks/03_case_crossover_logic.ipynb [...]

Each notebook runs top to bottom in a fresh kernel whose working directory is a new empty
folder, which proves it does not depend on where it is opened. Cell timings are not recorded,
so re-executing an unchanged notebook leaves its file unchanged.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path: Path) -> float:
    notebook = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as workdir:
        client = NotebookClient(
            notebook,
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": workdir}},
            record_timing=False,
        )
        client.execute()
    elapsed = time.perf_counter() - started
    notebook.metadata.pop("widgets", None) if not _has_widgets(notebook) else None
    nbformat.write(notebook, path)
    return elapsed


def _has_widgets(notebook) -> bool:
    return any(
        "application/vnd.jupyter.widget-view+json" in output.get("data", {})
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
    )


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__)
        return 2
    for name in paths:
        seconds = execute(Path(name))
        print(f"{name}: executed in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
