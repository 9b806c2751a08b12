"""tools/execute_notebooks.py's client waits for each cell's reply in slices (a lost wake-up of
the shell socket once made a rebuild of 04 wait the full 120 s cell timeout): a quick cell still
returns at once, and a cell that really hangs still fails at its timeout, naming the cell."""

from __future__ import annotations

import json
import random
import sys
import time
import uuid
from pathlib import Path

import nbformat
import pytest
from nbclient.exceptions import CellTimeoutError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from execute_notebooks import _SlicedPollClient, _stable_widget_ids  # noqa: E402


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


def _widget_notebook(seed: int):
    """One slider on screen and two off screen (as the bias lab keeps its other threats' sliders),
    each slider with its own style model of identical content; the uuid4-like ids differ per seed."""
    rng = random.Random(seed)
    new_id = lambda: uuid.UUID(int=rng.getrandbits(128)).hex  # noqa: E731
    state = {}
    sliders = []
    for description in ["trend", "overlap", "recall"]:
        slider, style = new_id(), new_id()
        state[style] = {"model_name": "SliderStyleModel", "state": {"description_width": "220px"}}
        state[slider] = {"model_name": "FloatSliderModel",
                         "state": {"description": description, "style": f"IPY_MODEL_{style}"}}
        sliders.append(slider)
    keys = list(state)
    rng.shuffle(keys)  # the order a kernel happens to list its models in
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("explorer")
    cell.id = "explorer"
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        "application/vnd.jupyter.widget-view+json": {"model_id": sliders[0], "version_major": 2, "version_minor": 0}})]
    notebook.cells = [cell]
    notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {
        "state": {key: state[key] for key in keys}, "version_major": 2, "version_minor": 0}}
    return notebook


def test_widget_ids_do_not_depend_on_the_random_ids_even_off_screen():
    built = {nbformat.writes(_stable_widget_ids(_widget_notebook(seed), "05_x")) for seed in range(12)}
    assert len(built) == 1, "a rebuild of an unchanged notebook must leave its file unchanged"
    state = json.loads(built.pop())["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    # Each off-screen slider still points at its own style.
    styles = {model["state"]["description"]: model["state"]["style"] for model in state.values()
              if model["model_name"] == "FloatSliderModel"}
    assert len(set(styles.values())) == 3
