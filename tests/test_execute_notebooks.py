"""tools/execute_notebooks.py's client waits for each cell's reply in slices (a lost wake-up of
the shell socket once made a rebuild of 04 wait the full 120 s cell timeout): a quick cell still
returns at once, and a cell that really hangs still fails at its timeout, naming the cell."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbclient.exceptions import CellTimeoutError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from execute_notebooks import _SlicedPollClient  # noqa: E402


def _notebook(*sources: str):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    return notebook


def test_quick_cells_run_and_keep_their_outputs():
    notebook = _notebook("x = 6 * 7", "print(x)")
    _SlicedPollClient(notebook, timeout=30, kernel_name="python3").execute()
    assert notebook.cells[1].outputs[0]["text"] == "42\n"


def test_a_hanging_cell_still_times_out_at_its_deadline():
    notebook = _notebook("import time\ntime.sleep(60)  # hangs")
    started = time.monotonic()
    with pytest.raises(CellTimeoutError, match="hangs"):
        _SlicedPollClient(notebook, timeout=3, kernel_name="python3").execute()
    assert 3 <= time.monotonic() - started < 30
