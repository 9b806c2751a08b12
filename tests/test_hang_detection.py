"""A notebook cell that hangs fails the test within the cell timeout, and the report names the cell."""

import re
import subprocess
import sys
import time
import tomllib

import nbformat

SLOW_REAL_CELL_BOUND_S = 120  # generous for the slowest real cell on a loaded 2-core machine


def _addopts(repo_root) -> str:
    return tomllib.loads((repo_root / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["addopts"]


def test_the_notebook_cell_timeout_is_at_most_the_bound(repo_root):
    timeout = int(re.search(r"--nbval-cell-timeout=(\d+)", _addopts(repo_root)).group(1))
    assert 0 < timeout <= SLOW_REAL_CELL_BOUND_S


def test_a_hanging_cell_fails_within_the_timeout_and_is_named(tmp_path, repo_root):
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.cells = [
        nbformat.v4.new_code_cell("print('before the hang')", execution_count=1, outputs=[
            nbformat.v4.new_output("stream", name="stdout", text="before the hang\n")]),
        nbformat.v4.new_code_cell("import time\ntime.sleep(600)  # stands for a cell that never returns"),
    ]
    path = tmp_path / "hangs.ipynb"
    nbformat.write(notebook, path)

    timeout_s = 5
    started = time.monotonic()
    # The kit's own pytest settings (pyproject.toml) with a short timeout: the last option wins.
    result = subprocess.run(
        [sys.executable, "-m", "pytest", str(path), "-c", str(repo_root / "pyproject.toml"),
         "--rootdir", str(tmp_path), f"--nbval-cell-timeout={timeout_s}", "-p", "no:timeout"],
        capture_output=True, text=True, cwd=repo_root, timeout=300,
    )
    elapsed = time.monotonic() - started
    report = result.stdout + result.stderr

    assert result.returncode == 1, report
    assert "1 failed, 1 passed" in report, report
    assert f"Cell 1: Timeout of {timeout_s} seconds exceeded" in report, report
    assert "time.sleep(600)" in report, "the report shows the cell's code"
    # Kernel start and shutdown take a few seconds; far below the 600 s the cell would sleep.
    assert elapsed < timeout_s + 90, f"took {elapsed:.0f} s"
