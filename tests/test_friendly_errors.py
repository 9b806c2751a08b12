"""Slips that stop Python before a check can run get a plain line under the error (issue 22, point 3):
an unquoted answer letter, a number written with a space or a unit, a power written with ^."""

from __future__ import annotations


import nbformat
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
from nbclient import NotebookClient

from lbpkit.exercises.friendly_errors import name_error_hint, register_error_hints, syntax_error_hint


@pytest.fixture()
def shell():
    ip = InteractiveShell.instance()
    register_error_hints(ip)
    yield ip
    ip.set_custom_exc((), None)
    InteractiveShell.clear_instance()  # later tests' check() must not read this shell's last cell


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
    # round-6 trial of 07: a decimal comma before a leading zero is a SyntaxError about octal literals
    ("se_lifting = 0,0097  # replace ... with your answer", "decimal comma: Python writes decimals with a point, so write `0.0097`"),
])
def test_a_number_written_as_in_a_text_is_named(shell, code, advice):
    text = _run(shell, code)
    assert "SyntaxError" in text and advice in text


def test_a_percent_sign_in_a_formula_names_the_proportion_too(shell):
    """Round-6 trial of 02: `p1 = 27.4%` for an odds p / (1 - p) was told only "write 27.4", and 27.4 is no
    proportion; the line names both forms, the percent alone and the percent divided by 100."""
    text = _run(shell, "p1 = 27.4%\nodds = p1 / (1 - p1)")
    assert "SyntaxError" in text and "`27.4`, not `27.4%`" in text and "`0.274`" in text
    assert "divide the percent" not in syntax_error_hint("answer = 6.2 points")  # a unit word is no percent


def test_a_percent_sign_keeps_the_minus_of_a_negative_number():
    """Round-10 trial of 01: `change_points = -0.7%` was told to write `0.7`, dropping the minus; a subtraction's
    minus stays with the subtraction."""
    assert "`-0.7`, not `-0.7%`" in syntax_error_hint("change_points = -0.7%")
    assert "`7.5`, not `7.5%`" in syntax_error_hint("gap = 8.2 - 7.5%")


def test_a_calculator_power_is_named(shell):
    text = _run(shell, "b, c = 9, 4.0\nchi2 = (b - c) ^ 2 / (b + c)")
    assert "TypeError" in text and "`**`" in text


@pytest.mark.parametrize(("code", "error"), [
    ("(t.lo <= 2) and (t.hi >= 2)", "ValueError"),  # `and` between two columns
    ("t.lo <= 2 <= t.hi", "ValueError"),  # the chained comparison of a formula, on columns
    ("t.lo.values <= 2 <= t.hi.values", "ValueError"),  # the same on numpy arrays
    ("t.lo <= 2 & t.hi >= 2", "TypeError"),  # `&` without brackets: Python computes 2 & t.hi first
    ("t.lo <= 2 | t.hi >= 2", "TypeError"),
])
def test_column_conditions_joined_as_for_one_number_are_named(shell, code, error):
    """Round-5 trial of 04: 04.coverage's condition written with `and`, chained, or without brackets."""
    shell.run_cell('import pandas as pd\nt = pd.DataFrame({"lo": [1.5, 2.5], "hi": [2.5, 3.5]})')
    text = _run(shell, f"share = ({code}).mean()")
    assert error in text and "each comparison in its own brackets" in text, text[-600:]


def test_a_name_missing_in_a_result_cell_says_where_run_all_above_stops():
    """Round-10 trial of 03: after a restart, Run All Above stopped at an earlier answer cell with an error, and the
    `%%after_answering` cell's NameError sent the learner back to the cells above and spoke of "your answer"."""
    result_cell = '%%after_answering 03.bdendo-mcnemar\nours = estimate.pair_odds_ratio(bd_case_only, bd_control_only)'
    hint = name_error_hint("bd_case_only", result_cell)
    assert "Run All Above" in hint and "stops at the first cell that shows an error" in hint
    assert "your answer" not in hint


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


# The round-5 fresh trial of 00 (physiotherapy student): a spreadsheet's AVERAGE typed as `mean(...)`, and a
# table's `.mean()` on the diary's plain list of scores; neither was helped by "run the cells above".
@pytest.mark.parametrize("name", ["mean", "AVERAGE", "median"])
def test_a_spreadsheet_function_is_named_as_missing_from_python(shell, name):
    shell.run_cell("scores = (7, 4, 9, 1, 10)")
    text = _run(shell, f'mean_pain = {name}(scores)\ncheck("00.mean-pain", mean_pain)')
    assert "NameError" in text and f"no ready-made `{name}(...)`" in text
    assert "Run All Above" not in text
    assert ("sum(...) / len(...)" in text) == (name != "median")


# Round-10 trial of 00 (physiotherapy student): a spreadsheet's SUM(...) in capitals, and COUNT(...), were told
# to run the cells above.
@pytest.mark.parametrize("code, words", [
    ("mean_pain = SUM(7, 4, 9, 1, 10) / 5", "its own is `sum(...)`, in small letters"),
    ("mean_pain = (7 + 4 + 9 + 1 + 10) / COUNT(7, 4, 9, 1, 10)", "it counts with `len(...)`"),
    ("top = MAX(7, 4, 9)", "its own is `max(...)`, in small letters"),
])
def test_a_spreadsheet_function_python_writes_otherwise_is_named(shell, code, words):
    text = _run(shell, code)
    assert "NameError" in text and words in text and "Run All Above" not in text


def test_a_variable_named_like_a_function_still_points_to_the_cells_above(shell):
    text = _run(shell, "answer = mean + 1")
    assert "Run All Above Selected Cell" in text and "ready-made" not in text


def test_a_table_method_on_a_plain_list_is_named(shell):
    shell.run_cell("scores = (7, 4, 9, 1, 10)")
    text = _run(shell, "mean_pain = scores.mean()")
    assert "AttributeError" in text  # the traceback is kept
    assert "plain list (Python calls it a tuple)" in text and "`.mean()`" in text


def test_other_attribute_errors_are_left_alone(shell):
    text = _run(shell, "(1, 2).append(3)")
    assert "AttributeError" in text and "What this means" not in text


def test_arithmetic_on_a_pair_made_by_a_decimal_comma_is_named(shell):
    """Round-8 fresh trial of 02: `p1 = 0,274` (a pair) then `1 - p1` stopped with a bare TypeError about a tuple."""
    text = _run(shell, "p1 = 0,274\np2 = 0.07\ncrude_or = (p1 / (1 - p1)) / (p2 / (1 - p2))")
    assert "TypeError" in text  # the traceback is kept
    assert "`0,274` looks like a decimal comma" in text and "`0.274`" in text


def test_a_decimal_comma_inside_the_check_call_is_named(shell):
    """Round-10 fresh trial of 08: `check("08.mde-71", 0,365)` stopped with a bare "check() takes 2 positional
    arguments but 3 were given"; a third thing in check without a comma says what check takes."""
    shell.run_cell("from lbpkit import check")
    text = _run(shell, 'check("08.mde-71", 0,365)')
    assert "TypeError" in text and "`0,365` looks like a decimal comma" in text and "`0.365`" in text
    text = _run(shell, 'check("08.mde-71", 0.5, 2)')
    assert "takes two things: the exercise id and your answer" in text and "decimal comma" not in text


def test_a_tuple_error_without_a_decimal_comma_is_left_alone(shell):
    text = _run(shell, "pair = (1, 2)\n1 - pair")
    assert "TypeError" in text and "What this means" not in text


# Round-8 trial of 00 (physiotherapy student): arithmetic written as on paper, and the answer's name changed.
@pytest.mark.parametrize(("code", "advice"), [
    ("mean_pain = (7+4+9+1+10):5", "`:` is not a division sign; Python divides with `/`"),
    ("mean_pain = (7+4+9+1+10)\\5", "`\\` is not a division sign; Python divides with `/`"),
    ("mean_pain = 31/5 = 6.2", "Keep one, `mean_pain = 31/5`"),
    ("mean pain = 6.2", "write `mean_pain`"),
    ("mean_pain = 6.2.", "Remove the full stop after the number: `6.2`"),
])
def test_arithmetic_written_as_on_paper_is_named(shell, code, advice):
    text = _run(shell, code)
    assert "SyntaxError" in text and advice in text


@pytest.mark.parametrize("code", ["table.iloc[0:5", "d = {1: 2", "f(a=1, b=2", "x = (3 + 4"])
def test_slices_dicts_and_keyword_arguments_are_not_read_as_paper_arithmetic(code):
    assert syntax_error_hint(code) is None


def test_a_renamed_answer_is_named_not_sent_to_the_cells_above(shell):
    shell.run_cell("from lbpkit import check")
    shell.user_ns.pop("mean_pain", None)
    text = _run(shell, 'Mean_pain = 6.2\ncheck("00.mean-pain", mean_pain)')
    assert "NameError" in text and "stores the answer under `Mean_pain`" in text and "Run All Above" not in text


def test_a_renamed_answer_is_not_judged_by_the_old_value(shell):
    """After a wrong try, `Mean_pain = 6.2` left `mean_pain` at that try: the check judged it in silence."""
    from lbpkit.exercises import reset_attempts

    shell.run_cell("from lbpkit import check")
    _run(shell, 'mean_pain = 7 + 4 + 9 + 1 + 10 / 5\ncheck("00.mean-pain", mean_pain)')
    with capture_output():
        result = shell.run_cell('Mean_pain = 6.2\ncheck("00.mean-pain", mean_pain)', store_history=True).result
    reset_attempts("00.mean-pain")
    assert not result.passed and "stores the answer under `Mean_pain`" in result.message
    assert "brackets" not in result.message  # the hint for the earlier try

# The round-8 fresh trial of 08 (MPH student): `math.sqrt(...)` in the E-value formula was told to run the cells
# above, which import numpy, never math; a calculator's bare `sqrt(...)` is the same slip.
def test_a_module_no_notebook_imports_is_named_not_sent_to_the_cells_above(shell):
    shell.user_ns.pop("math", None)  # another test of this shared shell imports it
    text = _run(shell, 'ev_lifting = 1.05 + math.sqrt(1.05 * (1.05 - 1))\ncheck("08.evalue-lifting", ev_lifting)')
    assert "NameError" in text and "`import math`" in text and "will not help" in text
    assert "Run All Above" not in text


@pytest.mark.parametrize("name, written", [("sqrt", "math.sqrt(x)"), ("ln", "math.log(x)"), ("exp", "math.exp(x)")])
def test_a_calculator_function_is_named_with_its_python_spelling(shell, name, written):
    text = _run(shell, f"answer = 1.05 + {name}(0.0525)")
    assert "NameError" in text and f"no built-in `{name}(...)`" in text and written in text
    assert "Run All Above" not in text


def test_no_notebook_imports_the_modules_the_hint_says_none_imports():
    import re
    from pathlib import Path

    from lbpkit.exercises.friendly_errors import _UNIMPORTED_MODULES

    for source in (Path(__file__).resolve().parents[1] / "notebooks" / "sources").glob("*.md"):
        text = source.read_text(encoding="utf-8")
        for module in _UNIMPORTED_MODULES:
            assert not re.search(rf"^\s*(import|from)\s+{module}\b", text, flags=re.M), (source.name, module)


def test_a_variable_named_math_still_points_to_the_cells_above(shell):
    shell.user_ns.pop("math", None)
    text = _run(shell, "answer = math + 1")
    assert "Run All Above Selected Cell" in text and "is a Python module" not in text


# Round-9 trial of 00 (physiotherapy student): a spreadsheet's sum(7, 4, ...) and the answer typed after the dots.
@pytest.mark.parametrize("code, function", [("mean_pain = sum(7, 4, 9, 1, 10) / 5", "sum"), ("n = len(7, 4, 9)", "len")])
def test_sum_or_len_of_loose_numbers_is_told_to_use_one_list(shell, code, function):
    text = _run(shell, code)
    assert "TypeError" in text and f"`{function}([2, 5, 3])`" in text


def test_the_dots_kept_before_the_answer_are_named(shell):
    text = _run(shell, "mean_pain = ... 6.2")
    assert "SyntaxError" in text and "three dots `...` are still in the line" in text


def test_the_placeholder_alone_or_an_ellipsis_index_is_not_named():
    assert syntax_error_hint("mean_pain = ...  # replace ... with your answer") is None
    assert syntax_error_hint("x = a[...]") is None


def test_eulers_e_is_not_called_a_letter_of_a_formula():
    """Round-10 trial of 04: `e ** 2.074` (e as in exp) was told to use the names the notebook stored numbers under."""
    hint = name_error_hint("e", 'answer_bdendo_or = e ** 2.074\ncheck("04.or-from-coef", answer_bdendo_or)')
    assert "np.exp" in hint and "letter of a formula" not in hint
    # a lone e is still read as a letter (an option, say), not as Euler's number
    assert "np.exp" not in name_error_hint("e", 'answer = e\ncheck("04.or-from-coef", answer)')


def test_a_caret_on_a_number_from_a_table_is_named_as_a_power(shell):
    """Round-10 trial of 07: `value ^ 8` on a numpy number (a value taken from a table) raised numpy's own
    "ufunc 'bitwise_xor'" wording, which the `^` line did not recognise."""
    text = _run(shell, "import numpy as np\nx = np.float64(1.05) ^ 8")
    assert "is not a power" in text and "**" in text


def test_calling_a_tables_index_is_explained(shell):
    """Round-10 trial of 07: `p_ten.sort_values().index("sitting")` raised a bare "'Index' object is not callable"."""
    text = _run(shell, 'import pandas as pd\np = pd.Series([0.2, 0.01], index=["lifting", "sitting"])\n'
                       'place = p.sort_values().index("sitting")')
    assert "row labels" in text and "list(table.index).index(label)" in text
