"""Slips that stop Python before a check can run get a plain line under the error (issue 22, point 3):
an unquoted answer letter, a number written with a space or a unit, a power written with ^."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
from jupyter_client import KernelManager
from nbclient import NotebookClient

from lbpkit.exercises.friendly_errors import name_error_hint, register_error_hints, syntax_error_hint


@pytest.fixture()
def shell():
    ip = InteractiveShell.instance()
    register_error_hints(ip)
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
    assert "put it in quotes" not in text


def test_other_errors_are_left_alone(shell):
    for code, error in [("1 / 0", "ZeroDivisionError"), ("x = (3 + 4", "SyntaxError"), ("len(5)", "TypeError")]:
        text = _run(shell, code)
        assert error in text and "What this means" not in text


@pytest.mark.parametrize(("code", "advice"), [
    ("share = 3176.6 / 100 000 * 20000", "write `100000`"),
    ("answer = 6.2 points", "`6.2`, not `6.2 points`"),
    ("answer = 12.5 %", "`12.5`, not `12.5 %`"),
])
def test_a_number_written_as_in_a_text_is_named(shell, code, advice):
    text = _run(shell, code)
    assert "SyntaxError" in text and advice in text


def test_a_calculator_power_is_named(shell):
    text = _run(shell, "b, c = 9, 4.0\nchi2 = (b - c) ^ 2 / (b + c)")
    assert "TypeError" in text and "`**`" in text


def test_a_word_for_a_number_is_not_sent_only_to_the_cells_above():
    hint = name_error_hint("six", 'check("00.mean-pain", six)')
    assert "Run All Above" in hint and "number itself" in hint
    assert syntax_error_hint("x = 1 if y else 2") is None


@pytest.mark.parametrize("name", ["b", "ab", "B"])
def test_short_names_only_in_answer_cells_are_read_as_letters(name):
    assert "quotes" in name_error_hint(name, f'check("03.which-pairs", {name})')
    assert "put it in quotes" not in name_error_hint(name, f"print({name})")
    assert "put it in quotes" not in name_error_hint("odds_ratio", 'check("03.pair-or", odds_ratio)')


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


@pytest.mark.parametrize(("cell", "exercise_id"), [
    ("answer_pair_or = b / c", "03.pair-or"),
    ("answer_mcnemar = (b - c) ** 2 / (b + c)", "03.bdendo-mcnemar"),
])
def test_a_formula_letter_in_a_number_exercise_is_not_sent_to_the_options(cell, exercise_id):
    # Round-4 trial of 03: the formula typed as the text writes it (b/c) was told to quote "b",
    # as if the exercise had lettered options.
    hint = name_error_hint("b", f'{cell}\ncheck("{exercise_id}", {cell.split(" =")[0]})')
    assert "lettered options" not in hint and '`"b"`' not in hint
    assert "letter of a formula" in hint and "names under which the notebook stored the numbers" in hint


def test_names_typed_without_quotes_are_told_to_quote_the_whole_answer():
    # Round-4 trial of 03: `answer_pairs = Ben, Erik` was told to give "the number itself".
    hint = name_error_hint("Ben", 'answer_pairs = Ben, Erik\ncheck("03.which-pairs", answer_pairs)')
    assert "number itself" not in hint and "letter" not in hint
    assert "put the whole answer in quotes" in hint and "separated by commas" in hint


def test_a_missing_check_in_a_names_exercise_still_points_to_the_cells_above():
    hint = name_error_hint("check", 'answer_pairs = "Ben"\ncheck("03.which-pairs", answer_pairs)')
    assert "Run All Above" in hint and "whole answer in quotes" not in hint


def test_an_unknown_exercise_id_keeps_the_letter_advice():
    assert 'put it in quotes: `"b"`' in name_error_hint("b", 'a = b\ncheck("99.no-such-exercise", a)')


@pytest.mark.parametrize(("code", "advice"), [
    # the fresh trial of 02: the odds-ratio formula copied from the text with its minus sign and subscripts
    ("crude_or = (0.274 / (1 − 0.274)) / (0.070 / (1 − 0.070))", "keyboard's `-`"),
    ("crude_or = (p₁ / (1 - p₁)) / (p₂ / (1 - p₂))", "`p₁` is the formula's name for a number"),
    ("reduction = (1 - 0.55) × 100", "keyboard's `*`"),
    # the hint's "count / cohort x 100" typed as it reads
    ("persistent_mild = 122 / 342 x 100", "write `342 * 100`, not `342 x 100`"),
    ("reduction = (1 - 0.55) x 100", "type `*` where you typed `x`"),
])
def test_a_formula_typed_as_in_the_text_is_named(shell, code, advice):
    text = _run(shell, code)
    assert "SyntaxError" in text and advice in text
    assert "without a unit" not in text  # not mistaken for a number with a word after it


def test_typographic_signs_in_a_comment_are_not_blamed():
    assert syntax_error_hint("x = (3 + 4  # 1 − p") is None


def test_a_table_label_divided_by_position_is_named(shell):
    # 08.habitual-ratio: iloc[row, 5] counted on the shown columns picked a text column (fresh trial of 08)
    shell.run_cell("import pandas as pd\nt = pd.DataFrame({'kind': ['RR', 'RR'], 'estimate': [107.0, 8.6]})")
    text = _run(shell, "answer = t.iloc[0, 0] / t.iloc[1, 0]")
    assert "TypeError" in text and "pick the column by its name" in text
    shell.run_cell("t = t.astype({'kind': 'string', 'estimate': 'Float64'})")
    text = _run(shell, "answer = t.iloc[0, 1] / t.iloc[1, 0]")  # a number over a label: numpy's wording
    assert "TypeError" in text and "pick the column by its name" in text


def test_a_square_root_of_a_negative_number_is_named(shell):
    text = _run(shell, "import math\nanswer = math.sqrt(-0.05)")
    assert "ValueError" in text and "negative" in text


def test_other_value_errors_are_left_alone(shell):
    text = _run(shell, "int('x')")
    assert "ValueError" in text and "What this means" not in text


def _install_kernel_hints():
    path = Path(__file__).resolve().parent.parent / "tools" / "install_kernel_hints.py"
    spec = importlib.util.spec_from_file_location("install_kernel_hints", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_installing_the_kernel_hints_twice_adds_one_line_and_keeps_the_file(tmp_path):
    tool = _install_kernel_hints()
    config = tool.kernel_config_path(tmp_path)
    config.parent.mkdir(parents=True)
    config.write_text("c.InteractiveShell.colors = 'nocolor'")  # someone's own setting, no newline
    tool.install(tmp_path)
    tool.install(tmp_path)
    lines = config.read_text().splitlines()
    assert lines[0] == "c.InteractiveShell.colors = 'nocolor'"
    assert sum(tool.EXTENSION in line for line in lines) == 1


def test_a_restarted_kernel_explains_a_missing_check_before_the_kit_is_imported():
    """Restart, then run an answer cell alone: the kit is not imported yet, and the hint still comes."""
    tool = _install_kernel_hints()
    config = tool.kernel_config_path()
    assert config.exists() and tool.EXTENSION in config.read_text(), (
        f"{config} does not load the hints: `make test` installs it (tools/install_kernel_hints.py)")
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    shown: list[str] = []

    def keep(message):
        content = message["content"]
        shown.append(str(content.get("data", {}).get("text/markdown", "")) + str(content.get("traceback", "")))

    try:
        client.wait_for_ready(timeout=120)
        client.execute_interactive('mean_answer = 4.2\ncheck("00.mean-pain", mean_answer)',
                                   output_hook=keep, timeout=120)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    text = "\n".join(shown)
    assert "NameError" in text  # the traceback is kept
    assert "What this means" in text and "Run All Above Selected Cell" in text
