"""Every committed notebook follows the kit's frame (shared/DESIGN.md) and matches its source.

Fast checks on the stored .ipynb files (nothing is executed here; nbval runs the notebooks):
valid JSON, clean outputs, cells run in order, front matter mirrored in metadata, closing key
points and further reading, every exercise with a check and a folded solution, and no drift
between notebooks/NN_name.ipynb and its MyST Markdown source notebooks/sources/NN_name.md.

Solutions are ``%%solution NN.slug`` cells (lbpkit/exercises/solutions.py): their one output is a closed
``<details>`` holding the code and its result, so Run All shows no solution result. The tests below
check that every stored solution is folded and passed its own check, and that no "Checks passed"
and no "predict, then run" result is on the page outside a fold.
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
FOLD = re.compile(r"<details\b.*?</details>", re.S)
FOLD_OPEN = re.compile(r'<details class="lbpkit-(solution|after-answering)" data-exercise="([^"]+)">')

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
        assert exercise_id in known, f"{exercise_id} is not in lbpkit/exercises/bank"
        assert exercise_id.split(".")[0] == path.stem.split("_", 1)[0], f"{exercise_id} belongs to another notebook"
        assert "..." in cell.source, "the answer cell keeps the ... placeholder for the learner"
        solution = code_cells[position + 1] if position + 1 < len(code_cells) else None
        assert solution is not None and "solution" in _tags(solution), f"{exercise_id} has no solution cell after it"
        assert solution.metadata.get("jupyter", {}).get("source_hidden") is True, f"{exercise_id}: solution input not hidden"
        assert CHECK_CALL.findall(solution.source) == [exercise_id], f"{exercise_id}: the solution checks another id"
    for cell in code_cells:
        for exercise_id in CHECK_CALL.findall(cell.source):
            assert exercise_id in known, f"check({exercise_id!r}) names no exercise"


def test_every_registered_exercise_is_in_a_notebook():
    used = {exercise_id for path in NOTEBOOKS for exercise_id in _exercise_ids(_read(path))}
    missing = sorted(set(list_exercises()["id"]) - used)
    assert missing == [], f"exercises defined in lbpkit/exercises/bank but used in no notebook: {missing}"


def _source(path: Path) -> nbformat.NotebookNode:
    import jupytext

    md_path = path.parent / "sources" / path.with_suffix(".md").name
    assert md_path.is_file(), f"{path.name} has no MyST source sources/{md_path.name}"
    return jupytext.read(md_path)


def _content(notebook) -> list[tuple]:
    if str(TOOLS) not in sys.path:
        sys.path.insert(0, str(TOOLS))
    from build_notebooks import cell_content

    return cell_content(notebook)


def test_every_source_has_its_notebook():
    sources = sorted((REPO / "notebooks" / "sources").glob("[0-9][0-9]*_*.md"))
    assert [p.stem for p in sources] == [p.stem for p in NOTEBOOKS], "each notebooks/sources/NN_name.md pairs with NN_name.ipynb"


def test_jupyterlab_pairs_as_the_build_does():
    """notebooks/jupytext.toml (what JupyterLab's jupytext reads) pairs as tools/build_notebooks.py does."""
    import tomllib

    if str(TOOLS) not in sys.path:
        sys.path.insert(0, str(TOOLS))
    from build_notebooks import PAIRING

    config = tomllib.loads((REPO / "notebooks" / "jupytext.toml").read_text(encoding="utf-8"))
    assert config["formats"] == PAIRING["formats"] == "ipynb,sources//md:myst"
    assert config["notebook_metadata_filter"] == PAIRING["notebook_metadata_filter"]


def test_no_source_beside_the_notebooks():
    """The sources live in notebooks/sources/, so JupyterLab's file browser lists each notebook once."""
    beside = sorted(p.name for p in (REPO / "notebooks").glob("[0-9][0-9]*_*") if p.suffix != ".ipynb")
    assert beside == [], f"move {beside} to notebooks/sources/ (git mv), where jupytext.toml pairs them"


def test_the_docs_send_instructors_to_the_sources_folder():
    """README, CONTRIBUTING, the guides and the Makefile name the sources where they are."""
    old_place = re.compile(r"notebooks/(NN_name|\d\d[a-z]?_[a-z0-9_]+)\.md\b")
    docs = [REPO / "README.md", REPO / "CONTRIBUTING.md", REPO / "Makefile", *sorted((REPO / "docs").glob("*.md"))]
    stale = [f"{doc.name}: {m.group(0)}" for doc in docs for m in old_place.finditer(doc.read_text(encoding="utf-8"))]
    assert stale == [], f"the sources are in notebooks/sources/: {stale}"
    assert "notebooks/sources/NN_name.md" in (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")


@by_name
def test_notebook_matches_its_source(path):
    """The MyST Markdown and the executed notebook hold the same cells (the pair has not drifted)."""
    source, stored = _source(path), _read(path)
    hint = f"{path.name} and sources/{path.stem}.md differ: run `make notebooks NB={path.stem.split('_')[0]}`"
    stored_cells, source_cells = _content(stored), _content(source)
    assert len(stored_cells) == len(source_cells), hint
    for index, (a, b) in enumerate(zip(stored_cells, source_cells)):
        assert a == b, f"{hint} (first difference in cell {index})"
    assert stored.metadata.get("lbpkit") == source.metadata.get("lbpkit"), hint
    assert stored.metadata.get("jupytext", {}).get("formats") == "ipynb,sources//md:myst", "pair it: make notebooks"
    assert source.metadata.get("jupytext", {}).get("formats") == "ipynb,sources//md:myst", "pair it: make notebooks"


@by_name
def test_source_front_matter_agrees_with_first_cell(path):
    """The YAML header of the Markdown (what an instructor edits) agrees with its first cell."""
    source = _source(path)
    text = source.cells[0].source
    meta = source.metadata.get("lbpkit", {})
    assert {"objectives", "minutes", "prerequisites"} <= meta.keys(), f"sources/{path.stem}.md: the YAML header needs lbpkit:"
    bullets = [line[2:].strip() for line in text.splitlines() if line.startswith("- ")]
    assert bullets == meta["objectives"], f"sources/{path.stem}.md: objectives in the header and the first cell differ"
    time_line = next(line for line in text.splitlines() if "Estimated time" in line)
    assert [int(n) for n in re.findall(r"\d+", time_line)] == [meta["minutes"]["teaching"], meta["minutes"]["exercises"]]


@by_name
def test_imports_cell_is_second_and_seeds_randomness(path):
    """Cell 2 imports the kit; any randomness is seeded there or by an explicit seed argument."""
    cells = _read(path).cells
    imports = cells[1]
    assert imports.cell_type == "code" and "from lbpkit import" in imports.source and "check" in imports.source
    for index, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        assert "default_rng()" not in cell.source, f"cell {index}: seed the generator, e.g. default_rng(SEED)"
        assert not re.search(r"np\.random\.(rand|randn|randint|choice|normal|binomial|poisson|seed)\(", cell.source), (
            f"cell {index}: use a seeded generator (rng = np.random.default_rng(SEED)), not numpy's global one"
        )
        if re.search(r"\brng\b", cell.source) and index > 1:
            assert "default_rng(" in imports.source, f"cell {index} uses rng: create it seeded in the imports cell"


@by_name
def test_exercise_cells_follow_the_pattern(path):
    """Prompt (### Exercise id), answer cell, a note that the solution is hidden, the solution."""
    cells = _read(path).cells
    for index, cell in enumerate(cells):
        if cell.cell_type != "code" or "exercise" not in _tags(cell):
            continue
        (exercise_id,) = CHECK_CALL.findall(cell.source)
        prompt = cells[index - 1]
        assert prompt.cell_type == "markdown" and prompt.source.startswith(f"### Exercise {exercise_id}"), (
            f"{exercise_id}: the cell before the answer cell is its prompt, starting '### Exercise {exercise_id}'"
        )
        note, solution = cells[index + 1], cells[index + 2]
        assert note.cell_type == "markdown" and f"Solution to {exercise_id}" in note.source
        assert solution.cell_type == "code" and "solution" in _tags(solution)
        assert solution.source.startswith(f"%%solution {exercise_id}\n"), f"{exercise_id}: start the solution with %%solution {exercise_id}"
        # The input is hidden; the output (the closed fold) must stay visible, or there is nothing to click.
        assert solution.metadata.get("jupyter") == {"source_hidden": True}, f"{exercise_id}: hide the input only"


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


def _html_outputs(cell) -> list[str]:
    return [output.get("data", {}).get("text/html", "") for output in cell.get("outputs", [])
            if output.output_type in ("execute_result", "display_data")]


def _visible_text(cell) -> str:
    """What a stored cell shows before anything is clicked: outputs with folds removed."""
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            parts.append(output.get("text", ""))
        elif output.output_type in ("execute_result", "display_data"):
            data = output.get("data", {})
            parts.append(FOLD.sub("", data.get("text/html", "")) if "text/html" in data else data.get("text/plain", ""))
    return "\n".join(parts)


@by_name
def test_every_stored_solution_is_folded_and_passes_its_own_check(path):
    """nbval compares outputs with the stored ones (and a %%solution cell raises when its check
    fails), so a wrong solution fails `make test`; here the stored result of each solution is one
    closed fold, and inside it the solution's own check says "Checks passed"."""
    for cell in _read(path).cells:
        if cell.cell_type != "code" or "solution" not in _tags(cell):
            continue
        (exercise_id,) = CHECK_CALL.findall(cell.source)
        outputs = cell.get("outputs", [])
        assert [o.output_type for o in outputs] == ["display_data"], f"{exercise_id}: a solution shows exactly one fold"
        (markup,) = _html_outputs(cell)
        opening = FOLD_OPEN.match(markup)
        assert opening and opening.groups() == ("solution", exercise_id), f"{exercise_id}: the output is not its closed fold"
        assert " open" not in markup.split(">", 1)[0], f"{exercise_id}: the fold is stored open"
        assert f"Solution to {exercise_id}</b> — click to open or close" in markup
        assert f"✔ Exercise {exercise_id}</b>: Checks passed" in markup, (
            f"the stored solution of {exercise_id} does not pass its check")
        code = cell.source.split("\n", 1)[1].strip()
        import html

        assert html.escape(code) in markup, f"{exercise_id}: the fold does not hold the solution code"
        assert "Checks passed" not in outputs[0]["data"]["text/plain"], "text/plain must not show the verdict"


@by_name
def test_nothing_on_the_page_says_checks_passed_before_a_fold_is_opened(path):
    """Run All on a notebook nobody has answered: no "Checks passed" outside a closed fold."""
    for index, cell in enumerate(_read(path).cells):
        if cell.cell_type == "code":
            assert "Checks passed" not in _visible_text(cell), f"cell {index} shows 'Checks passed' outside a fold"


@by_name
def test_after_answering_cells_are_stored_folded(path):
    """A "predict, then run" result is stored folded (the build answers no exercise)."""
    for index, cell in enumerate(_read(path).cells):
        if cell.cell_type != "code" or not cell.source.startswith("%%after_answering "):
            continue
        exercise_id = cell.source.split("\n", 1)[0].split()[1]
        assert exercise_id in set(list_exercises()["id"]), f"cell {index}: {exercise_id} is no exercise"
        markups = _html_outputs(cell)
        assert len(markups) == 1 and FOLD_OPEN.match(markups[0]).groups() == ("after-answering", exercise_id), (
            f"cell {index}: the result for {exercise_id} is not stored folded")
        assert _visible_text(cell).strip() == "", f"cell {index} shows something outside its fold"


def test_widget_ids_are_stable_across_rebuilds():
    """Widget model ids are renumbered after execution, so a rebuild of an unchanged notebook
    leaves the file unchanged (a readable diff for instructors)."""
    import json

    for path in NOTEBOOKS:
        text = path.read_text(encoding="utf-8")
        state = json.loads(text).get("metadata", {}).get("widgets", {})
        for model_id in state.get("application/vnd.jupyter.widget-state+json", {}).get("state", {}):
            assert model_id.startswith("lbpkit-"), f"{path.name}: widget id {model_id} is random; run make notebooks"
