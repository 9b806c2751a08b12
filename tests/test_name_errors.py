"""An unquoted answer letter gets a plain explanation under Python's NameError (issue 22, point 3)."""

from __future__ import annotations

import nbformat
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
from nbclient import NotebookClient

from lbpkit.exercises.name_errors import name_error_hint, register_name_error_hint


@pytest.fixture()
def shell():
    ip = InteractiveShell.instance()
    register_name_error_hint(ip)
    yield ip
    ip.set_custom_exc((), None)


def _run(shell, code: str) -> str:
    with capture_output() as captured:
        shell.run_cell(code, store_history=True)
    shown = [out.data.get("text/markdown", "") for out in captured.outputs]
    return captured.stdout + captured.stderr + "\n".join(shown)


def test_unquoted_letter_in_an_answer_cell_is_named(shell):
    shell.run_cell("from lbpkit import check")
    text = _run(shell, 'age_answer = b\ncheck("02.age-modification", age_answer)')
    assert "NameError" in text  # the traceback is kept
    assert 'put it in quotes: `"b"`' in text


def test_a_missing_variable_points_to_the_cells_above(shell):
    text = _run(shell, "lifting_table.head()")
    assert "Run All Above Selected Cell" in text
    assert "quotes" not in text


def test_other_errors_are_left_alone(shell):
    text = _run(shell, "1 / 0")
    assert "ZeroDivisionError" in text
    assert "What this means" not in text


@pytest.mark.parametrize("name", ["b", "ab", "B"])
def test_short_names_only_in_answer_cells_are_read_as_letters(name):
    assert "quotes" in name_error_hint(name, f'check("03.which-pairs", {name})')
    assert "quotes" not in name_error_hint(name, f"print({name})")
    assert "quotes" not in name_error_hint("odds_ratio", 'check("03.pair-or", odds_ratio)')


def test_in_a_jupyter_kernel_the_learner_sees_the_explanation():
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import lbpkit\nfrom lbpkit import check"),
        nbformat.v4.new_code_cell('answer = c\ncheck("05.which-unbiased", answer)'),
    ])
    NotebookClient(notebook, timeout=120, kernel_name="python3", allow_errors=True).execute()
    outputs = notebook.cells[1].outputs
    assert any(out.output_type == "error" and out.ename == "NameError" for out in outputs)
    shown = "".join(out.get("data", {}).get("text/markdown", "") for out in outputs)
    assert 'put it in quotes: `"c"`' in shown


def test_a_calculator_caret_used_as_a_power_is_named(shell):
    shell.run_cell("b, c = 29, 3")
    text = _run(shell, "answer = (b - c) ^ 2 / (b + c)")
    assert "TypeError" in text  # the traceback is kept
    assert "`^` is not a power" in text and "** 2" in text


def test_other_type_errors_are_left_alone(shell):
    text = _run(shell, "1 + 'a'")
    assert "TypeError" in text
    assert "What this means" not in text
