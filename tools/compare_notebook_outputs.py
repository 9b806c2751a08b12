"""Compare two folders of executed notebooks: same cells, same text, same outputs?

Usage: python tools/compare_notebook_outputs.py OLD_FOLDER NEW_FOLDER

Cell ids, notebook metadata, widget model ids and how a cell's printed text was split into
stream chunks are ignored; everything a learner reads (sources, tags, text, tables, images) is
compared. Used to show that moving the sources to MyST Markdown changed no output, and handy after
an upgrade of numpy, pandas or statsmodels. Exits 1 if any notebook differs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

WIDGET = "application/vnd.jupyter.widget-view+json"


def _outputs(cell) -> list:
    found, streams = [], {}
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            streams[output.name] = streams.get(output.name, "") + output.text
            continue
        data = {key: ("<widget>" if key == WIDGET else value) for key, value in output.get("data", {}).items()}
        found.append((output.output_type, data, output.get("ename"), output.get("evalue")))
    return sorted(streams.items()) + found


def learner_view(path: Path) -> list:
    notebook = nbformat.read(path, as_version=4)
    return [
        (cell.cell_type, cell.source, cell.metadata.get("tags", []), cell.metadata.get("jupyter", {}), _outputs(cell))
        for cell in notebook.cells
    ]


def main(old: str, new: str) -> int:
    differing = 0
    for new_path in sorted(Path(new).glob("*.ipynb")):
        old_path = Path(old) / new_path.name
        if not old_path.exists():
            print(f"{new_path.name}: new")
            continue
        a, b = learner_view(old_path), learner_view(new_path)
        cells = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        if len(a) != len(b) or cells:
            differing += 1
            print(f"{new_path.name}: differs ({len(a)} vs {len(b)} cells; first differing cells {cells[:10]})")
        else:
            print(f"{new_path.name}: same cells, text and outputs")
    return 1 if differing else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
