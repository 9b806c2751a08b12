"""Execute notebooks in place so their stored outputs are fresh and deterministic.

Usage: python tools/execute_notebooks.py notebooks/03_case_crossover_logic.ipynb [...]

Each notebook runs top to bottom in a fresh kernel whose working directory is the notebook's own
folder, as in JupyterLab, nbval and ``jupyter nbconvert`` (the command's own working directory
does not matter): the first cell imports the ``lbpkit`` in the folder above, and notebook 00's
environment check compares it with the notebooks. Cell timings are not recorded, so
re-executing an unchanged notebook leaves its file unchanged.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from queue import Empty

POLL_SLICE_SECONDS = 0.5

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class _SlicedPollClient(NotebookClient):
    """nbclient, waiting for each cell's execute_reply in short slices instead of one long poll.

    With pyzmq 27 and jupyter_client 8.10 a wake-up for the shell socket is sometimes lost while a
    cell (most often 04's widget cell) finishes: the reply is already there, but the single
    ``poll(timeout)`` only returns at the cell timeout (120 s), and the build then carries on as if
    nothing happened. Polling in slices re-checks the socket every half second, so such a build no
    longer waits two minutes; a cell that really runs long still times out at the same deadline.
    """

    async def async_start_new_kernel_client(self):
        kc = await super().async_start_new_kernel_client()
        channel = kc.shell_channel

        async def get_msg(timeout: float | None = None):
            deadline = None if timeout is None else time.monotonic() + timeout
            while True:
                left = POLL_SLICE_SECONDS if deadline is None else min(POLL_SLICE_SECONDS, deadline - time.monotonic())
                if await channel.socket.poll(max(0, int(left * 1000))):
                    return await channel._recv()
                if deadline is not None and time.monotonic() >= deadline:
                    raise Empty

        channel.get_msg = get_msg
        return kc


def execute(path: Path) -> float:
    notebook = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    client = _SlicedPollClient(
        notebook,
        timeout=120,  # as nbval's cell timeout (pyproject.toml): a stalled cell shows within 2 minutes
        kernel_name="python3",
        resources={"metadata": {"path": str(Path(path).resolve().parent)}},
        record_timing=False,
    )
    client.execute()
    elapsed = time.perf_counter() - started
    notebook.metadata.pop("widgets", None) if not _has_widgets(notebook) else None
    _merge_streams(notebook)
    nbformat.write(_stable_widget_ids(notebook, path.stem), path)
    return elapsed


def _merge_streams(notebook) -> None:
    """Join consecutive stdout (or stderr) chunks: how printed text is split into chunks depends
    on timing, and merging keeps a rebuild of an unchanged notebook byte-identical."""
    for cell in notebook.cells:
        merged = []
        for output in cell.get("outputs", []):
            if merged and output.output_type == "stream" and merged[-1].output_type == "stream" \
                    and merged[-1].name == output.name:
                merged[-1].text += output.text
            else:
                merged.append(output)
        if cell.cell_type == "code":
            cell.outputs = merged


def _stable_widget_ids(notebook, name: str):
    """Replace the random widget model ids (uuid4 per run) by ids numbered in a canonical order.

    The order is a walk from the widget views in the outputs (in cell order) through the models
    each one refers to ("IPY_MODEL_<id>", in the order of the model's own fields), so it does not
    depend on the random ids. One textual substitution then keeps every reference consistent, and
    a rebuild of an unchanged notebook leaves its file unchanged.
    """
    state = notebook.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    if not state:
        return notebook
    views = [
        output["data"][WIDGET_VIEW]["model_id"]
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if WIDGET_VIEW in output.get("data", {})
    ]
    def refs(model_id: str) -> list[str]:
        return re.findall(r"IPY_MODEL_([0-9a-f]{32})", json.dumps(state[model_id]))

    def content(model_id: str) -> str:
        return re.sub(r"[0-9a-f]{32}", "", json.dumps(state[model_id], sort_keys=True))

    def walk(start: list[str], order: list[str]) -> None:
        queue = list(start)
        while queue:
            model_id = queue.pop(0)
            if model_id in order or model_id not in state:
                continue
            order.append(model_id)
            queue.extend(refs(model_id))

    order: list[str] = []
    walk(views, order)
    # Models no view reaches (e.g. the sliders of the bias lab's other threats, kept off screen): walk
    # from those no other model refers to, in the order of their content with ids blanked out, so that
    # identical children (two sliders' equal styles) are numbered by their parent, not by chance.
    unreached = set(state) - set(order)
    referenced = {ref for model_id in unreached for ref in refs(model_id)}
    walk(sorted(unreached - referenced, key=content), order)
    rest = sorted(set(state) - set(order), key=content)  # cycles only
    text = nbformat.writes(notebook)
    for number, model_id in enumerate(order + rest):
        text = text.replace(model_id, f"lbpkit-{name.split('_')[0]}-{number:04d}")
    return nbformat.reads(text, as_version=4)


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
