"""Every committed notebook follows the kit's frame (shared/DESIGN.md) and matches its source.

Fast checks on the stored .ipynb files (nothing is executed here; nbval runs the notebooks):
valid JSON, clean outputs, cells run in order, front matter mirrored in metadata, closing key
points and further reading, every exercise with a check and a collapsed solution, and no drift
between notebooks/NN_*.ipynb and tools/notebook_src/nbNN_*.py.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from lbpkit.exercises import list_exercises

REPO = Path(__file__).resolve().parent.parent
TOOLS = REPO / "tools"
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
CHECK_CALL = re.compile(r"""\bcheck\(\s*["']([^"']+)["']""")

by_name = pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _tags(cell) -> list[str]:
    return list(cell.metadata.get("tags", []))


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks/*.ipynb found"


@by_name
def test_valid_notebook_json(path):
    nbformat.validate(_read(path))


@by_name
def test_no_errors_or_warnings_stored(path):
    for index, cell in enumerate(_read(path).cells):
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"cell {index} stores an error: {output.get('ename')}"
            if output.output_type == "stream":
                assert output.name != "stderr", f"cell {index} stores stderr (a warning?): {output.text[:200]!r}"


@by_name
def test_code_cells_ran_once_in_order(path):
    counts = [cell.execution_count for cell in _read(path).cells if cell.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), "execute the notebook top to bottom (make notebooks)"


@by_name
def test_front_matter_matches_metadata(path):
    notebook = _read(path)
    first = notebook.cells[0]
    assert first.cell_type == "markdown"
    text = first.source
    assert text.startswith("# "), "the first cell starts with the title"
    for label in ("You will learn to", "Prerequisites", "Estimated time"):
        assert label in text, f"the first cell lacks {label!r}"
    meta = notebook.metadata.get("lbpkit", {})
    assert {"objectives", "minutes", "prerequisites"} <= meta.keys()
    assert 3 <= len(meta["objectives"]) <= 5, "3–5 objectives"
    bullets = [line[2:].strip() for line in text.splitlines() if line.startswith("- ")]
    assert bullets == meta["objectives"]
    prerequisite_line = next(line for line in text.splitlines() if "Prerequisites" in line)
    if meta["prerequisites"]:
        for item in meta["prerequisites"]:
            assert item in prerequisite_line
    else:
        assert "none" in prerequisite_line
    time_line = next(line for line in text.splitlines() if "Estimated time" in line)
    numbers = [int(n) for n in re.findall(r"\d+", time_line)]
    assert numbers == [meta["minutes"]["teaching"], meta["minutes"]["exercises"]]


@by_name
def test_ends_with_key_points_and_further_reading(path):
    cells = _read(path).cells
    assert cells[-2].cell_type == "markdown" and cells[-2].source.startswith("## Key points")
    assert cells[-1].cell_type == "markdown" and cells[-1].source.startswith("## Further reading")
    points = [line for line in cells[-2].source.splitlines() if line.startswith("- ")]
    assert 3 <= len(points) <= 6, "3–6 key points"
    assert [line for line in cells[-1].source.splitlines() if line.startswith("- ")], "at least one reference"


def _exercise_ids(notebook) -> list[str]:
    ids = []
    for cell in notebook.cells:
        if cell.cell_type == "code" and "exercise" in _tags(cell):
            found = CHECK_CALL.findall(cell.source)
            assert len(found) == 1, f"an exercise cell calls check() once: {cell.source!r}"
            ids.append(found[0])
    return ids


@by_name
def test_every_exercise_has_a_check_and_a_collapsed_solution(path):
    notebook = _read(path)
    known = set(list_exercises()["id"])
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for position, cell in enumerate(code_cells):
        if "exercise" not in _tags(cell):
            continue
        (exercise_id,) = CHECK_CALL.findall(cell.source)
        assert exercise_id in known, f"{exercise_id} is not in lbpkit/exercise_bank"
        assert exercise_id.split(".")[0] == path.stem[:2], f"{exercise_id} belongs to another notebook"
        assert "..." in cell.source, "the answer cell keeps the ... placeholder for the learner"
        solution = code_cells[position + 1] if position + 1 < len(code_cells) else None
        assert solution is not None and "solution" in _tags(solution), f"{exercise_id} has no solution cell after it"
        assert solution.metadata.get("jupyter", {}).get("source_hidden") is True, f"{exercise_id}: solution not collapsed"
        assert CHECK_CALL.findall(solution.source) == [exercise_id], f"{exercise_id}: the solution checks another id"
    for cell in code_cells:
        for exercise_id in CHECK_CALL.findall(cell.source):
            assert exercise_id in known, f"check({exercise_id!r}) names no exercise"


def test_every_registered_exercise_is_in_a_notebook():
    used = {exercise_id for path in NOTEBOOKS for exercise_id in _exercise_ids(_read(path))}
    missing = sorted(set(list_exercises()["id"]) - used)
    assert missing == [], f"exercises defined in lbpkit/exercise_bank but used in no notebook: {missing}"


def _builder(path: Path):
    if str(TOOLS) not in sys.path:
        sys.path.insert(0, str(TOOLS))
    from build_notebooks import load_builder, sources

    matches = [src for src in sources() if src.stem[2:4] == path.stem[:2]]
    assert len(matches) == 1, f"{path.name} needs exactly one tools/notebook_src/nb{path.stem[:2]}_*.py"
    return load_builder(matches[0]).to_notebook()


@by_name
def test_notebook_matches_its_source(path):
    built = _builder(path)
    stored = _read(path)
    assert path.name == f"{path.stem}.ipynb"
    assert [(c.cell_type, c.source) for c in stored.cells] == [(c.cell_type, c.source) for c in built.cells], (
        f"{path.name} differs from its source: run `make notebooks NB={path.stem[:2]}`"
    )
    assert [_tags(c) for c in stored.cells] == [_tags(c) for c in built.cells]
    assert stored.metadata["lbpkit"] == built.metadata["lbpkit"]


def test_every_notebook_is_collected_by_nbval():
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "notebooks/"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    collected = {line.split("::", 1)[0] for line in result.stdout.splitlines() if "::" in line}
    assert collected == {f"notebooks/{path.name}" for path in NOTEBOOKS}
