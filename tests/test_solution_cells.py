"""`%%solution` and `%%after_answering` cells (lbpkit/exercises/solutions.py) in a real IPython shell.

A solution shows one closed fold with its code and its result, leaves the learner's variables alone,
and raises when its own check fails (so `make notebooks` stops and nbval fails on a wrong solution).
A "predict, then run" result is folded until the learner has answered the exercise.
"""

from __future__ import annotations

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from lbpkit.exercises import solutions
from lbpkit.exercises.solutions import SolutionFailed, register_magics


@pytest.fixture()
def shell():
    ip = InteractiveShell.instance()
    register_magics(ip)
    ip.run_cell("from lbpkit import check")
    solutions._ANSWERED.clear()
    yield ip
    solutions._ANSWERED.clear()


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


def test_a_predict_then_run_result_is_folded_until_answered(shell):
    code = '%%after_answering 00.mean-pain\nprint("the result")\n41 + 1'
    _, before = _run(shell, code)
    (output,) = before.outputs
    assert output.data["text/html"].startswith('<details class="lbpkit-after-answering" data-exercise="00.mean-pain">')
    assert "the result" in output.data["text/html"] and before.stdout == ""
    _run(shell, 'check("00.mean-pain", ...)')  # not an answer yet
    assert not solutions.answered("00.mean-pain")
    _run(shell, 'check("00.mean-pain", 5)')  # a wrong answer is an answer
    _, after = _run(shell, code)
    assert after.stdout == "the result\n"
    assert [o.data.get("text/plain") for o in after.outputs] == ["42"]
