"""Solutions stay folded whatever the learner runs, in the JupyterLab that `make lab` starts.

Notebook 03 is opened and **Run All** is pressed, as 00 and the README's troubleshooting suggest.
Then, from what is on the screen (the rendered page, not the notebook file):

- no "Checks passed" is visible, while the learner's own cells say "Not answered yet";
- every solution is one closed fold ("Solution to NN.slug — click to open or close"), and no solution code
  or solution result is visible; every "predict, then run" result is folded too;
- one click on a fold's title opens it and shows the solution code and its result ("Checks
  passed");
- 03.pair-or is a calculation: after one wrong answer its after-answering result stays folded (it
  would print the answer); after the right answer (computed by the bank, not typed here) running
  the cell shows the result unfolded. (A prediction's result opens after any answer:
  tests/test_solution_cells.py.)

Screenshots go to ``_build/screenshots/`` like the other browser tests'.
"""

from __future__ import annotations

import json
import os
import re
import urllib.parse
from pathlib import Path

import pytest

if os.environ.get("LBPKIT_BROWSER_TEST") != "1":
    pytest.skip("browser test: run it with `make test-browser`", allow_module_level=True)

from labkit import HELPERS, REPO  # noqa: E402

from lbpkit.exercises import get_exercise  # noqa: E402

NOTEBOOK = REPO / "notebooks" / "03_case_crossover_logic.ipynb"
SCREENSHOTS = Path(os.environ.get("LBPKIT_SCREENSHOTS", REPO / "_build" / "screenshots"))
CHECK_CALL = re.compile(r"""\bcheck\(\s*["']([^"']+)["']""")


def _cells() -> list[dict]:
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"])


def test_run_all_keeps_solutions_folded_and_one_click_opens_one(lab, browser):
    cells = _cells()
    solutions = [_source(c) for c in cells if "solution" in c.get("metadata", {}).get("tags", [])]
    after = [i for i, c in enumerate(cells) if c["cell_type"] == "code" and _source(c).startswith("%%after_answering ")]
    assert solutions and after, "notebook 03 has solutions and predict-then-run cells"
    visible_code = "\n".join(_source(c) for c in cells if c["cell_type"] == "code" and c not in
                              [d for d in cells if "solution" in d.get("metadata", {}).get("tags", [])])
    path = f"notebooks/{NOTEBOOK.name}"
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.add_init_script(HELPERS)
    page.goto(lab.url(f"lab/tree/{urllib.parse.quote(path)}", "reset"), wait_until="domcontentloaded")
    try:
        page.wait_for_function("p => window.__kit.kernelIdle(p)", arg=path, timeout=90_000)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_timeout(1000)
        page.wait_for_function("p => window.__kit.allRan(p)", arg=path, timeout=180_000, polling=500)
        assert page.evaluate("p => window.__kit.errors(p)", path) == []
        panel_id = page.evaluate("p => window.__kit.panel(p).id", path)
        notebook = page.locator(f'[id="{panel_id}"] .jp-Notebook')

        # What is on the screen after Run All (innerText leaves out the inside of closed folds).
        shown = notebook.inner_text()
        assert "Not answered yet" in shown
        assert "Checks passed" not in shown, "a solution's verdict is visible after Run All"
        folds = notebook.locator("details.lbpkit-solution")
        assert folds.count() == len(solutions)
        for k, code in enumerate(solutions):
            exercise_id = code.split("\n", 1)[0].split()[1]
            fold = folds.nth(k)
            assert fold.evaluate("d => !d.open"), f"the solution of {exercise_id} is open after Run All"
            assert fold.locator("summary").inner_text().startswith(f"Solution to {exercise_id}")
            assert not fold.locator("pre.lbpkit-solution-code").is_visible()
            for line in code.split("\n")[1:]:
                # a line a visible cell also holds (the same experiment call, say) proves nothing
                if len(line.strip()) > 12 and not line.lstrip().startswith("#") and line.strip() not in visible_code:
                    assert line.strip() not in shown, f"solution code of {exercise_id} is on the screen: {line!r}"
        results = notebook.locator("details.lbpkit-after-answering")
        assert results.count() == len(after)
        assert all(results.nth(k).evaluate("d => !d.open") for k in range(results.count()))
        outputs = "\n".join(notebook.locator(".jp-OutputArea").all_inner_texts())
        assert "Planted OR 3; estimate" not in outputs, "the result after 03.pair-or is visible before answering"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        folds.nth(1).scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "solutions_folded_after_run_all.png"))

        # One click opens a solution: its code and its result.
        pair_or = notebook.locator('details.lbpkit-solution[data-exercise="03.pair-or"]')
        pair_or.locator("summary").click()
        assert pair_or.evaluate("d => d.open")
        code = pair_or.locator("pre.lbpkit-solution-code")
        assert code.is_visible() and "case_only / referent_only" in code.inner_text()
        assert "Checks passed" in pair_or.inner_text()
        page.screenshot(path=str(SCREENSHOTS / "solution_opened_by_one_click.png"))
        assert "Checks passed" not in notebook.inner_text().replace(pair_or.inner_text(), ""), (
            "opening one solution showed the verdict of another")

        # Answer 03.pair-or wrongly, then run its after-answering cell: a calculation's result stays
        # folded. Answer it right (the bank's expected value), run the cell again: now it shows.
        exercise = next(i for i, c in enumerate(cells) if "exercise" in c.get("metadata", {}).get("tags", [])
                        and CHECK_CALL.findall(_source(c)) == ["03.pair-or"])
        reveal = next(i for i in after if i > exercise)
        right = get_exercise("03.pair-or").expected()
        cell_nodes = notebook.locator(".jp-Cell")
        for answer in (2 * right, right):
            page.evaluate(
                """([p, i, j, source]) => {
                    const nb = window.__kit.panel(p).content;
                    nb.widgets[i].model.sharedModel.setSource(source);
                    nb.activeCellIndex = i; nb.deselectAll();
                    return window.jupyterapp.commands.execute('notebook:run-cell').then(() => {
                        nb.activeCellIndex = j; nb.deselectAll();
                        return window.jupyterapp.commands.execute('notebook:run-cell');
                    });
                }""",
                [path, exercise, reveal, f'answer_pair_or = {answer!r}\ncheck("03.pair-or", answer_pair_or)'],
            )
            page.wait_for_timeout(500)
            page.wait_for_function("p => window.__kit.allRan(p)", arg=path, timeout=60_000, polling=500)
            if answer != right:
                assert "Not yet" in cell_nodes.nth(exercise).inner_text()
                fold = cell_nodes.nth(reveal).locator("details.lbpkit-after-answering")
                assert fold.count() == 1 and fold.evaluate("d => !d.open")
                assert "correctly (or after 3 wrong tries)" in fold.locator("summary").inner_text()
                assert "Planted OR 3; estimate" not in cell_nodes.nth(reveal).locator(".jp-OutputArea").inner_text()
        assert "Checks passed" in cell_nodes.nth(exercise).inner_text()
        revealed = cell_nodes.nth(reveal).locator(".jp-OutputArea").inner_text()
        assert "Planted OR 3; estimate" in revealed, revealed[:300]
        assert cell_nodes.nth(reveal).locator("details").count() == 0
    finally:
        try:
            page.evaluate("p => window.__kit.panel(p).sessionContext.shutdown()", path)
        except Exception:  # noqa: BLE001 - best effort
            pass
        page.close()
