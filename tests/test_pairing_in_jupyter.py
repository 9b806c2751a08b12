"""An edit saved in Jupyter reaches both files of a notebook pair (what an instructor does).

A Jupyter server with the kit's jupytext extension runs on a copy of ``notebooks/``; the test saves
through the same contents API that JupyterLab's Save button uses:

- ``notebooks/00_start_here.ipynb`` with one sentence changed: its source
  ``notebooks/sources/00_start_here.md`` must change by that one line;
- the ``.md`` opened *as a notebook* with a new exercise cell: the ``.ipynb`` must gain it.

Then ``tools/build_notebooks.py --no-run`` finds the pair in step (no drift to repair).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK = "00_start_here"
TOKEN = "pairing-test-token"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _api(port: int, path: str, *, body: dict | None = None, query: str = "") -> dict:
    url = f"http://127.0.0.1:{port}/api/contents/{path}?token={TOKEN}{query}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="GET" if body is None else "PUT",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        raise AssertionError(f"{error.code} from {path}: {error.read().decode(errors='replace')[:2000]}") from None


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("kit")
    shutil.copytree(REPO / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns("*.ipynb_checkpoints"))
    port = _free_port()
    command = [sys.executable, "-m", "jupyter", "server", f"--port={port}", "--no-browser",
               f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root}"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = open(root / "server.log", "w")  # read back when a request fails
    process = subprocess.Popen(command, cwd=root, stdout=log, stderr=subprocess.STDOUT,
                               text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _api(port, "notebooks")
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the Jupyter server did not start:\n" + (root / "server.log").read_text())
                time.sleep(0.5)
        yield port, root
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def test_saving_the_ipynb_updates_the_markdown_by_one_line(server):
    port, root = server
    md_path = root / "notebooks" / "sources" / f"{NOTEBOOK}.md"
    before = md_path.read_text(encoding="utf-8").splitlines()
    model = _api(port, f"notebooks/{NOTEBOOK}.ipynb")
    title = model["content"]["cells"][0]["source"]
    assert title.startswith("# 00 · Start here")
    model["content"]["cells"][0]["source"] = title.replace("Start here", "Start here, instructors", 1)
    _api(port, f"notebooks/{NOTEBOOK}.ipynb", body={"type": "notebook", "format": "json", "content": model["content"]})
    after = md_path.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after) and len(changed) == 1, changed
    assert "Start here, instructors" in changed[0][1]
    beside = sorted(p.name for p in (root / "notebooks").iterdir() if p.suffix == ".md")
    assert beside == [], f"the save wrote a second copy beside the notebook, not in sources/: {beside}"


def test_saving_the_markdown_as_a_notebook_updates_the_ipynb(server):
    port, root = server
    model = _api(port, f"notebooks/sources/{NOTEBOOK}.md", query="&type=notebook")
    assert model["type"] == "notebook", "jupytext's contents manager opens the .md as a notebook"
    cells = model["content"]["cells"]
    cells.insert(3, {"cell_type": "markdown", "id": "added-by-instructor", "metadata": {},
                     "source": "A sentence an instructor added."})
    _api(port, f"notebooks/sources/{NOTEBOOK}.md", body={"type": "notebook", "format": "json", "content": model["content"]})
    stored = nbformat.read(root / "notebooks" / f"{NOTEBOOK}.ipynb", as_version=4)
    assert stored.cells[3].source == "A sentence an instructor added."
    assert "A sentence an instructor added." in (root / "notebooks" / "sources" / f"{NOTEBOOK}.md").read_text(encoding="utf-8")


def test_the_saved_pair_is_in_step(server):
    """After the saves above, the kit's own tooling sees no drift between the two files."""
    _, root = server
    sys.path.insert(0, str(REPO / "tools"))
    try:
        from build_notebooks import cell_content
    finally:
        sys.path.pop(0)
    import jupytext

    md = jupytext.read(root / "notebooks" / "sources" / f"{NOTEBOOK}.md")
    stored = nbformat.read(root / "notebooks" / f"{NOTEBOOK}.ipynb", as_version=4)
    assert cell_content(md) == cell_content(stored)
    assert md.metadata["lbpkit"] == stored.metadata["lbpkit"]
