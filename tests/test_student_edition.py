"""The student edition (``make student``, tools/build_student_edition.py) leaves out the solutions
and nothing else, and works for a learner.

- Fast: no ``solution`` cell or "Solution to" note is left; every answer cell, its placeholder
  and its ``check`` are; each notebook pair is in step; no stored output shows an expected answer.
- Slow (executed): each student notebook runs top to bottom as handed out, with the ``...``
  placeholders, and no output shows an expected answer; and with each solution's code put into its
  answer cell (a learner who got everything right), every check says "Checks passed".

"Shows an expected answer" means: the bank's expected value, rounded to the precision the prompt
asks for, appears as a number in the text of an output after the exercise's answer cell (forms of
fewer than three characters, such as "12", are too common to test). Outputs before it are the
exercise's material: 05b.lag1 asks for a value the learner reads off a table.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest

from lbpkit.exercises import get_exercise, list_exercises

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]*_*.ipynb"))
CHECK_CALL = re.compile(r"""\bcheck\(\s*["']([^"']+)["']""")
PASSED = "Checks passed"
# A number that equals a rounded answer by coincidence, checked by hand: (exercise, form) -> what
# the output shows. Add one only after reading the output; a real reveal is tagged reveals-answer.
COINCIDENCES = {
    ("08.width-ratio", "2.8"): "the residual SD of mean lifting hours (2.8 h) in section 2, not a CI width ratio",
}


def _load_tool(name: str):
    if name in sys.modules:
        return sys.modules[name]
    path = REPO / "tools" / f"{name}.py"
    sys.path.insert(0, str(path.parent))
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up in sys.modules
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("student") / "kit"
    _load_tool("build_student_edition").build_student_edition(out)
    return out


def _tags(cell) -> list[str]:
    return list(cell.metadata.get("tags", []))


def _exercise_cells(notebook) -> dict[str, int]:
    return {CHECK_CALL.findall(cell.source)[0]: index for index, cell in enumerate(notebook.cells)
            if cell.cell_type == "code" and "exercise" in _tags(cell)}


def _solutions(notebook) -> dict[str, str]:
    return {CHECK_CALL.findall(cell.source)[0]: cell.source for cell in notebook.cells
            if cell.cell_type == "code" and "solution" in _tags(cell)}


def answer_forms(exercise_id: str) -> set[str]:
    """The expected answer as the prompt asks for it (and with a thousands separator)."""
    exercise = get_exercise(exercise_id)
    if exercise.kind != "number" or exercise.precision is None:
        return set()  # a letter or a set of letters cannot be told apart from ordinary text
    value = exercise.precision.rounded(float(exercise.expected()))
    if exercise.precision.kind == "decimals":
        places = exercise.precision.digits
    else:
        places = max(0, exercise.precision.digits - 1 - int(f"{abs(value):e}".split("e")[1])) if value else 0
    forms = {f"{value:.{places}f}", f"{value:,.{places}f}"}
    return {form for form in forms if len(form.lstrip("-").replace(",", "")) >= 3}


def _output_text(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        for mime in ("text/plain", "text/html", "text/markdown", "text/latex"):
            value = output.get("data", {}).get(mime)
            if value:
                parts.append(re.sub(r"<[^>]+>", " ", value if isinstance(value, str) else "".join(value)))
        if output.get("output_type") == "error":
            parts.append(output.get("evalue", ""))
    return "\n".join(parts)


def revealed_answers(notebook, notebook_prefix: str) -> list[str]:
    """Which expected answers of this notebook's exercises appear in outputs after the exercise."""
    found = []
    asked_at = _exercise_cells(notebook)
    ids = [i for i in list_exercises(notebook_prefix)["id"]]
    for index, cell in enumerate(notebook.cells):
        text = _output_text(cell)
        for exercise_id in ids:
            if index <= asked_at.get(exercise_id, -1):
                continue
            for form in answer_forms(exercise_id):
                if (exercise_id, form) in COINCIDENCES:
                    continue
                if re.search(rf"(?<![\d.,]){re.escape(form)}(?![\d])", text):
                    found.append(f"cell {index} shows {form}, the answer to {exercise_id}")
    return found


def _prefix(path: Path) -> str:
    return path.stem.split("_", 1)[0]


# --- fast: the edition as written -------------------------------------------------------------


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_solutions_are_left_out_and_everything_else_kept(edition, path):
    full = nbformat.read(path, as_version=4)
    student = nbformat.read(edition / "notebooks" / path.name, as_version=4)
    assert not [c for c in student.cells if "solution" in _tags(c)]
    assert not [c for c in student.cells if c.cell_type == "markdown" and re.search(r"solution to", c.source, re.I)]
    assert list(_exercise_cells(student)) == list(_exercise_cells(full)), "every answer cell is kept, in order"
    for index in _exercise_cells(student).values():
        assert "..." in student.cells[index].source, "the placeholder stays"
    kept = [c.source for c in full.cells]
    removed = len(full.cells) - len(student.cells)
    revealing = sum("reveals-answer" in _tags(c) for c in full.cells)
    assert removed == 2 * len(_solutions(full)) + revealing, "a solution and its note per exercise, nothing else"
    assert [c.source for c in student.cells] == [s for s in kept if s in {c.source for c in student.cells}]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_student_pair_is_in_step(edition, path):
    content = _load_tool("build_notebooks").cell_content
    ipynb = edition / "notebooks" / path.name
    md = ipynb.parent / "sources" / ipynb.with_suffix(".md").name
    assert not ipynb.with_suffix(".md").exists(), "no source beside the notebook in the file browser"
    assert content(nbformat.read(ipynb, as_version=4)) == content(jupytext.read(md))
    assert md.stat().st_mtime >= ipynb.stat().st_mtime, "the .md is the newer file, as jupytext expects"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_stored_output_of_the_student_edition_shows_an_answer(edition, path):
    student = nbformat.read(edition / "notebooks" / path.name, as_version=4)
    assert revealed_answers(student, _prefix(path)) == []


def test_the_edition_is_a_whole_kit_without_tests_or_answer_key(edition):
    for name in ("README.md", "Makefile", "pyproject.toml", "requirements.txt", "lbpkit/__init__.py",
                 "data/datapackage.json", "docs/instructor_guide.md", "binder/postBuild"):
        assert (edition / name).is_file(), name
    assert not (edition / "tests").exists()
    for script in (REPO / "docs" / "journal_club").rglob("facilitator_script.*"):
        copied = edition / script.relative_to(REPO)
        if script.suffix == ".pdf":
            assert not copied.exists(), f"{copied.name}: the answer key is left out"
        else:
            assert "not in the student edition" in copied.read_text(encoding="utf-8")
    assert "Student edition" in (edition / "README.md").read_text(encoding="utf-8")


def test_the_leak_detector_finds_a_shown_answer():
    """The check above can fail: an output printing the rounded answer is caught."""
    exercise_id = next(i for i in list_exercises()["id"] if answer_forms(i))
    form = sorted(answer_forms(exercise_id))[0]
    asked = nbformat.v4.new_code_cell(f'answer = ...\ncheck("{exercise_id}", answer)', metadata={"tags": ["exercise"]})
    cell = nbformat.v4.new_code_cell("x", outputs=[nbformat.v4.new_output("stream", name="stdout", text=f"b/c = {form}\n")])
    notebook = nbformat.v4.new_notebook(cells=[asked, cell])
    assert revealed_answers(notebook, exercise_id.split(".")[0])


def test_a_folder_not_made_by_the_tool_is_never_emptied(tmp_path):
    (tmp_path / "precious.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ValueError, match="not made by this script"):
        _load_tool("build_student_edition").build_student_edition(tmp_path)
    assert (tmp_path / "precious.txt").read_text(encoding="utf-8") == "keep me"


# --- slow: the edition executed as a learner would run it -------------------------------------


def _execute(notebook, folder: Path):
    from nbclient import NotebookClient

    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()
    return notebook


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_student_notebook_runs_with_placeholders_and_reveals_no_answer(edition, path):
    folder = edition / "notebooks"
    notebook = _execute(nbformat.read(folder / path.name, as_version=4), folder)
    for index in _exercise_cells(notebook).values():
        assert "Not answered yet" in _output_text(notebook.cells[index])
    assert revealed_answers(notebook, _prefix(path)) == []


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_student_notebook_with_the_answers_filled_in_passes_every_check(edition, path):
    folder = edition / "notebooks"
    solutions = _solutions(nbformat.read(path, as_version=4))
    notebook = nbformat.read(folder / path.name, as_version=4)
    cells = _exercise_cells(notebook)
    assert set(cells) == set(solutions) == set(list_exercises(_prefix(path))["id"])
    for exercise_id, index in cells.items():
        notebook.cells[index].source = solutions[exercise_id]
    _execute(notebook, folder)
    failed = [i for i, index in cells.items() if PASSED not in _output_text(notebook.cells[index])]
    assert failed == [], f"these checks did not pass with the solution's answer: {failed}"


@pytest.mark.slow
def test_a_wrong_calculation_keeps_its_result_withheld_and_a_wrong_prediction_opens_its_own(edition):
    """One wrong try at 03.pair-or (a calculation) does not show its computed answer; one wrong
    prediction of 03.predict-no-confounder shows its result (predict, then see)."""
    path = next(p for p in NOTEBOOKS if p.name.startswith("03_"))
    folder = edition / "notebooks"
    notebook = nbformat.read(folder / path.name, as_version=4)
    cells = _exercise_cells(notebook)
    calculation, prediction = get_exercise("03.pair-or"), get_exercise("03.predict-no-confounder")
    assert not calculation.predict and prediction.predict
    wrong_letter = next(letter for letter in prediction.options if letter != prediction.expected())
    notebook.cells[cells[calculation.id]].source = f'check("{calculation.id}", {2 * calculation.expected()!r})'
    notebook.cells[cells[prediction.id]].source = f'check("{prediction.id}", "{wrong_letter}")'
    _execute(notebook, folder)
    results = {c.source.split("\n", 1)[0].split()[1]: _output_text(c) for c in notebook.cells
               if c.cell_type == "code" and c.source.startswith("%%after_answering ")}
    assert "Not yet" in _output_text(notebook.cells[cells[calculation.id]])
    assert results[calculation.id].startswith(f"Answer {calculation.id} correctly (or try 3 times)"), results[calculation.id]
    assert [found for found in revealed_answers(notebook, "03") if calculation.id in found] == []
    assert "to see this result" not in results[prediction.id] and results[prediction.id].strip()
