"""`%%solution` and `%%after_answering` cells (lbpkit/exercises/solutions.py) in a real IPython shell.

A solution shows one closed fold with its code and its result, leaves the learner's variables alone,
and raises when its own check fails (so `make notebooks` stops and nbval fails on a wrong solution).
An after-answering result is folded until it opens: for a prediction exercise after any answer, for
any other exercise after a right answer or TRIES_TO_OPEN wrong tries.
"""

from __future__ import annotations

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

import re
from pathlib import Path

from lbpkit.exercises import get_exercise, list_exercises, solutions
from lbpkit.exercises.solutions import TRIES_TO_OPEN, SolutionFailed, register_magics


@pytest.fixture()
def shell():
    ip = InteractiveShell.instance()
    register_magics(ip)
    ip.run_cell("from lbpkit import check")
    _forget()
    yield ip
    _forget()


def _forget():
    solutions.forget_answers()
    assert not (solutions._ANSWERED or solutions._PASSED or solutions._WRONG)


def _run(shell, code):
    with capture_output() as captured:
        result = shell.run_cell(code)
    return result, captured


def test_a_right_solution_is_one_closed_fold_with_code_and_verdict(shell):
    shell.user_ns.pop("mean_pain", None)
    result, captured = _run(shell, '%%solution 00.mean-pain\nmean_pain = 31 / 5\nprint("worked")\ncheck("00.mean-pain", mean_pain)')
    assert result.error_in_exec is None
    (output,) = captured.outputs
    markup = output.data["text/html"]
    assert markup.startswith('<details class="lbpkit-solution" data-exercise="00.mean-pain">')
    assert "<details open" not in markup
    assert "mean_pain = 31 / 5" in markup and "worked" in markup and "Checks passed" in markup
    assert markup.index("worked") < markup.index("Checks passed")  # printed text and results in order
    assert "Checks passed" not in output.data["text/plain"] and captured.stdout == ""
    assert "mean_pain" not in shell.user_ns, "the solution must not set the learner's variables"


def test_a_wrong_solution_raises(shell):
    result, captured = _run(shell, '%%solution 00.mean-pain\ncheck("00.mean-pain", 7)')
    assert isinstance(result.error_in_exec, SolutionFailed)
    assert not captured.outputs


def test_a_solution_that_never_checks_raises(shell):
    result, _ = _run(shell, "%%solution 00.mean-pain\nx = 1")
    assert isinstance(result.error_in_exec, SolutionFailed)


def test_a_solution_does_not_count_as_the_learner_answering(shell):
    _run(shell, '%%solution 00.mean-pain\ncheck("00.mean-pain", 6.2)')
    assert not solutions.answered("00.mean-pain")


def _is_folded(shell, exercise_id):
    _, captured = _run(shell, f'%%after_answering {exercise_id}\nprint("the result")\n41 + 1')
    if captured.stdout == "the result\n":
        assert [o.data.get("text/plain") for o in captured.outputs] == ["42"]
        return False
    (output,) = captured.outputs
    assert output.data["text/html"].startswith(f'<details class="lbpkit-after-answering" data-exercise="{exercise_id}">')
    assert "the result" in output.data["text/html"] and captured.stdout == ""
    return True


def test_a_prediction_result_opens_after_any_answer(shell):
    exercise_id = "03.predict-no-confounder"
    assert get_exercise(exercise_id).predict
    assert _is_folded(shell, exercise_id)
    _run(shell, f'check("{exercise_id}", ...)')  # not an answer yet
    assert _is_folded(shell, exercise_id)
    wrong = next(letter for letter in "abc" if letter != get_exercise(exercise_id).expected())
    _run(shell, f'check("{exercise_id}", "{wrong}")')  # a wrong prediction is a prediction
    assert not _is_folded(shell, exercise_id)


def test_a_calculation_result_stays_folded_after_a_wrong_answer(shell):
    assert not get_exercise("03.pair-or").predict
    _run(shell, 'check("03.pair-or", 5)')
    assert solutions.answered("03.pair-or") and _is_folded(shell, "03.pair-or")
    _, captured = _run(shell, '%%after_answering 03.pair-or\nprint("the result")')
    assert "correctly (or after 3 wrong tries)" in captured.outputs[0].data["text/html"]


def test_a_calculation_result_opens_after_a_right_answer(shell):
    _run(shell, 'check("00.mean-pain", 7)')
    assert _is_folded(shell, "00.mean-pain")
    _run(shell, 'check("00.mean-pain", 6.2)')
    assert not _is_folded(shell, "00.mean-pain")


def test_a_calculation_result_opens_after_all_its_hints(shell):
    for tries in range(1, TRIES_TO_OPEN + 1):
        assert _is_folded(shell, "00.mean-pain"), f"open after {tries - 1} wrong tries"
        _run(shell, f'check("00.mean-pain", {10 + tries})')
    assert TRIES_TO_OPEN >= 3 and not _is_folded(shell, "00.mean-pain")


def test_an_answer_of_the_wrong_form_is_not_a_try(shell):
    for _ in range(TRIES_TO_OPEN):
        _run(shell, 'check("00.mean-pain", "six")')
    assert _is_folded(shell, "00.mean-pain")


def test_every_exercise_with_an_after_answering_cell_is_classified():
    """Prediction exercises are marked; a calculation's result must not open after one wrong try."""
    ids = set()
    for source in sorted((Path(__file__).resolve().parents[1] / "notebooks" / "sources").glob("*.md")):
        ids |= set(re.findall(r"^%%after_answering (\S+)", source.read_text(encoding="utf-8"), flags=re.M))
    predictions = {e.id for e in map(get_exercise, list_exercises()["id"]) if e.predict}
    assert predictions <= ids, "a predict=True exercise needs the %%after_answering cell that shows its result"
    assert not predictions & {"03.pair-or", "03.bdendo-mcnemar", "04.coverage", "07.workday-or"}
