"""The exercise checks: fair to rounding, hints that escalate, no message that leaks the answer.

The bank-wide tests are parametrised over every exercise of every notebook (``list_exercises``),
so a new exercise is tested as soon as it is added to ``lbpkit/exercises/bank``.
"""

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lbpkit.exercises import checker as exercises
from lbpkit.exercises.checker import _judge
from lbpkit.exercises import (
    Exercise,
    Hint,
    check,
    decimals,
    get_exercise,
    list_exercises,
    reset_attempts,
    significant,
)

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
ALL_IDS = list(list_exercises()["id"])
NUMBER_IDS = [i for i in ALL_IDS if get_exercise(i).kind == "number"]


@pytest.fixture(autouse=True)
def _fresh_attempts():
    reset_attempts()
    yield
    reset_attempts()


# --- helpers -------------------------------------------------------------------------------


def _leaked_forms(value, message: str) -> list[str]:
    """The ways of writing ``value`` that occur in ``message`` as a number of their own."""
    if isinstance(value, (set, frozenset, list, tuple)):
        joined = [", ".join(sorted(map(str, value))), "".join(sorted(map(str, value)))]
        return [form for form in joined if len(form) > 1 and form in message]
    if isinstance(value, str):
        return [form for form in (f"'{value}'", f"({value})", f'"{value}"', f"answer is {value}") if form in message]
    value = float(value)
    forms = {repr(value), str(value), f"{value:,.0f}"}
    forms |= {f"{value:.{k}g}" for k in range(1, 8)} | {f"{value:.{d}f}" for d in range(0, 6)}
    if value.is_integer():
        forms.add(str(int(value)))
    found = []
    for form in forms:
        if len(form.lstrip("-")) < 2:  # a single digit ("step 1") is too common to tell
            continue
        if re.search(rf"(?<![\d.]){re.escape(form)}(?![\d])", message):
            found.append(form)
    return found


def _rounded_answers(exercise: Exercise, expected: float) -> list[float]:
    """The expected value rounded to the declared precision, in the ways a learner may round it."""
    precision = exercise.precision
    answers = {precision.rounded(expected)}
    if precision.kind == "decimals":
        answers.add(float(f"{expected:.{precision.digits}f}"))
    else:
        answers.add(float(f"{expected:.{precision.digits}g}"))
    unit = precision.unit(expected)
    scaled = expected / unit
    if math.isclose(scaled - math.floor(scaled), 0.5, abs_tol=1e-9):  # an exact half may go either way
        answers |= {math.floor(scaled) * unit, math.ceil(scaled) * unit}
    return sorted(answers)


def _wrong_answers(exercise: Exercise, expected):
    if exercise.kind == "number":
        base = float(expected)
        candidates = [base * 100, base / 100, -base, base * 1.5 + 1, base / 2 - 1, 0.0, base * 1.1, base * 0.9]
        if base != 0:
            candidates.append(1 / base)
        return [c for c in candidates if abs(c - base) > exercise.tolerance(base)]
    if exercise.kind in ("choice", "text"):
        return [opt for opt in exercise.options if opt.lower() != str(expected).lower()]
    if exercise.kind == "choices":
        wanted = {str(e).lower() for e in expected}
        others = [opt for opt in exercise.options if opt.lower() not in wanted]
        answers = [list(wanted)[:-1]] if len(wanted) > 1 else []
        answers += [sorted(wanted | {opt.lower()}) for opt in others]
        return [a for a in answers if a]
    raise AssertionError(exercise.kind)


def _static_messages(exercise: Exercise) -> list[str]:
    texts = [exercise.nudge, exercise.default_hint, exercise.success_message]
    for hint in exercise.hints:
        texts += [hint.message, hint.method]
    return [t for t in texts if t]


def _prompt(exercise_id: str) -> str:
    """The prompt of an exercise in its notebook: from its heading to its first code cell."""
    number = exercise_id.split(".", 1)[0]
    sources = sorted((NOTEBOOKS / "sources").glob(f"{number}_*.md")) or sorted(NOTEBOOKS.glob(f"{number}_*.ipynb"))
    for source in sources:
        text = source.read_text(encoding="utf-8")
        if source.suffix == ".ipynb":
            import json

            text = "\n".join("".join(c["source"]) + "\n```{code-cell}" for c in json.loads(text)["cells"])
        match = re.search(rf"### Exercise {re.escape(exercise_id)}\b(.*?)```{{code-cell}}", text, flags=re.S)
        if match:
            return " ".join(match.group(1).split())
    raise AssertionError(f"no prompt for {exercise_id} in notebooks/{number}_*")


def _register(monkeypatch, exercise: Exercise) -> None:
    monkeypatch.setitem(exercises._registry(), exercise.id, exercise)


# --- precision --------------------------------------------------------------------------------


def test_precision_rounds_and_says_itself():
    assert significant(3).rounded(35.6725) == 35.7 and significant(2).rounded(1.4775) == 1.5
    assert decimals(1).rounded(21.125) in (21.1, 21.2) and decimals(0).rounded(635.32) == 635
    assert significant(3).unit(0.009719) == pytest.approx(1e-5) and decimals(2).unit(123.0) == pytest.approx(0.01)
    assert significant(3).phrase == "three significant digits"
    assert decimals(1).phrase == "one decimal place" and decimals(2).phrase == "two decimal places"
    assert decimals(0).phrase == "a whole number"
    assert "3 significant figure" in significant(3).phrases()  # stems: "figures" matches too
    assert [p.digits for p in significant(3).coarser()] == [2, 1]
    with pytest.raises(ValueError, match="kind"):
        exercises.Precision(2, "sig")
    with pytest.raises(ValueError, match="digits"):
        significant(0)


def test_a_value_cut_off_instead_of_rounded_is_named_as_such(monkeypatch):
    _register(monkeypatch, Exercise(id="99.cut", title="t", expected=lambda: 7.9571, precision=significant(3),
                                    nudge="Look at the coefficient.", default_hint="Exponentiate it."))
    cut = check("99.cut", 7.95)
    assert cut.level == "close" and "cut off" in cut.message and "three significant digits" in cut.message
    assert check("99.cut", 7.96).passed
    near = check("99.cut", 7.90)  # a near miss, not a cut-off at the asked digit
    assert near.level == "close" and "cut off" not in near.message
    # where cutting off and rounding agree there is nothing to name: the answer passes
    _register(monkeypatch, Exercise(id="99.cut-low", title="t", expected=lambda: 7.9521, precision=significant(3)))
    assert check("99.cut-low", 7.95).passed


def test_a_decimal_comma_inside_a_calculation_is_named(monkeypatch):
    """`3176,6 / 100000 * 20000` is the pair (3176, 1.2): round-9 trial of 01 was told to pick element [0]."""
    _register(monkeypatch, Exercise(id="99.pair", title="t", expected=lambda: 635.3, precision=decimals(0)))
    feedback = check("99.pair", (3176, 6 / 100000 * 20000))
    assert not feedback.passed and "decimal comma inside a calculation" in feedback.message
    assert "[0]" not in feedback.message


def test_the_generic_near_message_names_no_cause(monkeypatch):
    _register(monkeypatch, Exercise(id="99.near", title="t", expected=lambda: 35.67251, precision=decimals(1)))
    near = check("99.near", 35.23)
    assert near.level == "close" and "one decimal place" in near.message
    assert "rounded for display" not in near.message and "unrounded" not in near.message
    # given to one decimal place already: the message does not ask for it (round-10 trial of 00)
    as_asked = check("99.near", 35.2)
    assert as_asked.level == "close" and "decimal place" not in as_asked.message


def test_correctly_rounded_passes_coarser_is_close_and_far_is_wrong(monkeypatch):
    _register(monkeypatch, Exercise(id="99.sig", title="t", expected=lambda: 35.67251, precision=decimals(1),
                                    nudge="Look at the counts.", default_hint="Divide the counts."))
    assert check("99.sig", 35.7).passed and check("99.sig", 35.67251).passed and check("99.sig", 35.66).passed
    coarse = check("99.sig", 36)
    assert not coarse.passed and coarse.level == "close" and "one decimal place" in coarse.message
    near = check("99.sig", 35.2)  # 1.3% off: close, and no method
    assert near.level == "close" and "Divide" not in near.message
    assert check("99.sig", 35.67251 * 1.1).level == "nudge"


def test_an_exact_half_passes_rounded_either_way(monkeypatch):
    _register(monkeypatch, Exercise(id="99.half", title="t", expected=lambda: 21.125, precision=decimals(2)))
    assert check("99.half", 21.12).passed and check("99.half", 21.13).passed
    assert not check("99.half", 21.14).passed


def test_without_precision_the_old_tolerances_apply(monkeypatch):
    _register(monkeypatch, Exercise(id="99.old", title="t", expected=lambda: 2.0, rel_tol=0.03))
    assert check("99.old", 2.05).passed and not check("99.old", 2.1).passed


# --- hint levels ------------------------------------------------------------------------------


def test_hints_escalate_from_nudge_to_method(monkeypatch):
    _register(monkeypatch, Exercise(
        id="99.esc", title="t", expected=lambda: 10.0, precision=significant(3),
        hints=(Hint(when=lambda a, e: a == 100.0, message="That is a percent.", method="Divide by 10."),),
        nudge="Look at the units.", default_hint="Multiply the two numbers."))
    first, second, third = check("99.esc", 3.0), check("99.esc", 4.0), check("99.esc", 5.0)
    assert (first.level, second.level, third.level) == ("nudge", "method", "method")
    assert "units" in first.message and "Multiply" not in first.message
    assert "Multiply" in second.message
    reset_attempts("99.esc")
    hinted = check("99.esc", 100.0)
    assert hinted.level == "hint" and hinted.message == "Not yet. That is a percent."
    assert check("99.esc", 100.0).message == "Not yet. That is a percent. Divide by 10."


def test_close_and_form_answers_do_not_use_up_the_nudge(monkeypatch):
    _register(monkeypatch, Exercise(id="99.count", title="t", expected=lambda: 10.0, precision=significant(3),
                                    nudge="Look.", default_hint="Method."))
    assert check("99.count", 10.2).level == "close"
    assert check("99.count", "ten").level == "form"
    assert check("99.count", 3.0).level == "nudge"


def test_without_a_nudge_the_first_wrong_try_gets_a_generic_one(monkeypatch):
    _register(monkeypatch, Exercise(id="99.gen", title="t", expected=lambda: 2.0, default_hint="The method."))
    assert "The method" not in check("99.gen", 3.0).message
    assert "The method" in check("99.gen", 3.0).message


def test_a_hint_that_raises_is_skipped(monkeypatch):
    _register(monkeypatch, Exercise(id="99.broken", title="t", expected=lambda: 2.0,
                                    hints=(Hint(when=lambda a, e: 1 / 0, message="never"),), default_hint="Try again."))
    check("99.broken", 3.0)
    assert check("99.broken", 3.0).message == "Not yet. Try again."


def test_a_message_that_would_leak_falls_back_to_a_generic_nudge(monkeypatch):
    _register(monkeypatch, Exercise(id="99.leak", title="t", expected=lambda: 12.34, precision=significant(4),
                                    nudge="The answer is 12.34."))
    feedback = check("99.leak", 3.0)
    assert "12.34" not in feedback.message and feedback.message.startswith("Not yet.")


# --- forms of answers -------------------------------------------------------------------------


@pytest.mark.parametrize("wrap", [lambda v: v, np.float64, lambda v: pd.Series([v]), lambda v: np.array([v]),
                                  lambda v: pd.DataFrame({"x": [v]}), lambda v: [v]])
def test_a_one_element_container_counts_as_its_number(wrap):
    assert check("00.mean-pain", wrap(6.2)).passed


def test_several_values_get_a_message_about_the_form():
    feedback = check("00.mean-pain", pd.Series([6.2, 7.0]))
    assert feedback.level == "form" and "several values" in feedback.message
    assert "single number" in check("00.mean-pain", "five").message
    assert "single number" in check("00.mean-pain", True).message


def test_value_counts_passed_whole_is_not_told_to_take_its_length():
    """Round-6 trial of 06: `.value_counts()` was told "take len(...)", which gives the number of distinct values."""
    counts = pd.Series([True] * 6 + [False] * 4, name="reported").value_counts()
    for answer in (counts, counts / counts.sum()):
        answer = answer.rename("proportion") if answer is not counts else answer
        feedback = check("06.reported-count", answer)
        assert feedback.level == "form" and "value_counts" in feedback.message and "distinct values" in feedback.message
    assert "take `len(...)`" in check("00.mean-pain", pd.Series([6.2, 7.0])).message  # other Series keep the advice


def test_the_example_of_a_single_number_has_the_shape_of_the_answer():
    """A count is not shown "12.5" as its example (fresh trial of 03); a decimal answer still is."""
    assert "e.g. 12." in check("06.reported-count", "six").message and "12.5" not in check("06.reported-count", "six").message
    assert "for example 12)" in check("05b.referents", True).message
    assert "e.g. 12.5." in check("00.mean-pain", "five").message


def test_two_selections_divided_row_by_row_and_a_complex_number_are_named():
    """Fresh trial of 08: a / b of two one-row selections gives NaN per row label (following ".iloc[0]"
    advice would only give NaN); a square root of a negative number gives a complex number, a number."""
    rows = pd.DataFrame({"estimate": [107.0, 19.4, 8.6]})
    unaligned = rows.loc[[0], "estimate"] / rows.loc[[2], "estimate"]
    feedback = check("08.habitual-ratio", unaligned)
    assert feedback.level == "form" and "row label" in feedback.message and "NaN" in feedback.message
    several = check("00.mean-pain", pd.Series([6.2, 7.0])).message
    assert "several values" in several and "NaN" not in several  # not every Series is unaligned
    negative = (1 / 1.05) + (1 / 1.05 * (1 / 1.05 - 1)) ** 0.5
    assert isinstance(negative, complex)
    assert "complex number" in check("08.evalue-lifting", negative).message


def test_placeholder_means_not_answered():
    feedback = check("00.mean-pain", ...)
    assert not feedback.passed and not feedback.answered and feedback.level == "not-answered"
    assert "Not answered yet" in feedback.message


def test_success_says_checks_passed_and_shows_itself():
    feedback = check("00.mean-pain", 6.2)
    assert feedback.message.startswith("Checks passed") and "all tests" not in feedback.message.lower()
    assert "00.mean-pain" in repr(feedback) and "00.mean-pain" in feedback._repr_html_()


def test_unknown_exercise_names_its_neighbours():
    with pytest.raises(ValueError, match="00.mean-pain"):
        check("00.mean-pian", 5)


def test_choice_and_set_judging():
    choice = Exercise(id="99.c", title="t", expected=lambda: "b", kind="choice", options=("a", "b", "c"))
    assert _judge(choice, "B", "b") == (True, None)
    assert _judge(choice, "(b)", "b") == (True, None)
    assert _judge(choice, "a", "b") == (False, None)
    assert "not one of the options" in _judge(choice, "z", "b")[1]
    several = Exercise(id="99.s", title="t", expected=lambda: {"a", "c"}, kind="choices", options=("a", "b", "c"))
    assert _judge(several, "c, a", {"a", "c"}) == (True, None)
    assert _judge(several, "ac", {"a", "c"}) == (True, None)
    assert _judge(several, "ab", {"a", "c"}) == (False, None)
    assert _judge(several, ["a"], {"a", "c"}) == (False, None)


def test_answer_forms_are_named_for_what_they_are():
    """A row number for a letter, a True/False per row for a count, a NaN from an empty cell: each is
    named as such (07 and 08 trials), not called an unquoted letter or a list to pick from."""
    choice = Exercise(id="99.c", title="t", expected=lambda: "b", kind="choice", options=("a", "b", "c"))
    for row in (7, np.int64(7)):
        message = _judge(choice, row, "b")[1]
        assert message.startswith("Your answer is a number") and "row labels" in message and "name of a variable" not in message
    number = Exercise(id="99.n", title="t", expected=lambda: 6, kind="number", precision=decimals(0))
    flags = pd.Series([True, False, True, True])
    message = _judge(number, flags, 6)[1]
    assert "True/False for each row" in message and ".sum()" in message and ".iloc[0]" not in message
    for missing in (float("nan"), pd.Series([np.nan]), pd.array([pd.NA], dtype="Float64")[0]):
        assert "NaN or <NA>" in _judge(number, missing, 6)[1]
    assert ".iloc[0]" in _judge(number, pd.Series([1.0, 2.0]), 6)[1]  # several numbers: still pick one
    # round-5 trial of 06: a filtered table passed whole is a table to count, not a list to pick from;
    # a method without its brackets is named as such, not as "text, a list or True/False"
    table = pd.DataFrame({"activity": list("abcdef"), "odds_ratio": [1.05] * 6})
    message = _judge(number, table, 6)[1]
    assert "whole table" in message and "len(" in message and ".iloc[0]" not in message
    assert "6" not in message  # its row count is the count asked for: never named
    for several in (pd.Series([1.05] * 6), pd.Series([True] * 6)):  # a filtered column: its length is the count
        assert "6" not in _judge(number, several, 6)[1]
    message = _judge(number, flags.sum, 6)[1]
    assert "brackets" in message and ".sum()" in message and "True/False" not in message


def test_a_number_or_letters_run_together_for_one_choice_are_named():
    """A fresh MPH trial of 05 typed the question's 1.4 and "ab" for a one-letter answer."""
    number = check("05.predict-rising-trend", 1.4)
    assert number.level == "form" and "is a number" in number.message and "Without quotes" not in number.message
    together = check("05.predict-rising-trend", "ab")
    assert together.level == "form" and "exactly one letter" in together.message and "words" not in together.message
    assert "not its words" in check("05.predict-rising-trend", "upwards").message


def test_a_sentence_for_a_letter_is_quoted_whole():
    """The round-5 fresh trial of 01 typed "the sum is larger" and was told "'the' is not one of the options"."""
    choice = Exercise(id="99.c", title="t", expected=lambda: "b", kind="choice", options=("a", "b", "c"))
    message = _judge(choice, "the sum is larger", "b")[1]
    assert message.startswith("'the sum is larger' is not one of the options") and "not its words" in message
    assert "exactly one letter" in _judge(choice, "a and b", "b")[1]  # a joining word is still named as such


def test_a_letter_with_punctuation_or_two_joined_by_and_are_read_as_letters():
    """The round-4 fresh MPH trial of 05b typed "a." and "a and b": both were told "not its words"."""
    choice = Exercise(id="99.c", title="t", expected=lambda: "b", kind="choice", options=("a", "b", "c"))
    for typed in ("b.", "b)"):
        assert _judge(choice, typed, "b") == (True, None), typed
    assert _judge(choice, "a.", "b") == (False, None)
    for typed in ("a and b", "a or b"):
        message = _judge(choice, typed, "b")[1]
        assert "exactly one letter" in message and "words" not in message, typed
    several = Exercise(id="99.s", title="t", expected=lambda: {"a", "c"}, kind="choices", options=("a", "b", "c"))
    assert "commas" in _judge(several, "a and c", {"a", "c"})[1]  # several answers: asked for commas


def test_misconception_predicates():
    assert exercises.looks_like_proportion_for_percent(0.362, 36.2)
    assert exercises.looks_like_percent_for_proportion(36.2, 0.362)
    assert exercises.has_wrong_sign(-10.4, 10.4)
    assert exercises.is_reciprocal(0.25, 4.0)
    assert not exercises.has_wrong_sign(10.4, 10.4)


# --- the specific exercises of issue 13 -------------------------------------------------------


def test_mean_pain_tells_the_mean_from_the_median_and_the_total():
    from statistics import median

    from lbpkit.exercises.bank.nb00 import EXAMPLE_PAIN_SCORES

    expected = get_exercise("00.mean-pain").expected()
    assert round(median(EXAMPLE_PAIN_SCORES)) != round(expected), "the median must not pass as a rounded mean"
    assert check("00.mean-pain", median(EXAMPLE_PAIN_SCORES)).level == "hint"
    wrong = check("00.mean-pain", sum(EXAMPLE_PAIN_SCORES))
    assert not wrong.passed and "total" in wrong.message


@pytest.mark.parametrize("exercise_id, coarse", [("02.dunn-share", 36), ("03.bdendo-mcnemar", 21)])
def test_a_right_but_coarser_answer_is_close_not_a_method_hint(exercise_id, coarse):
    feedback = check(exercise_id, coarse)
    assert feedback.level == "close" and get_exercise(exercise_id).precision.phrase in feedback.message


def test_or_from_coef_accepts_the_one_row_series_the_prompt_code_gives():
    from lbpkit.data import load

    worked = load("casecrossover_worked_examples")
    coefficient = worked.query("example_id == 'bdendo' and quantity == 'clogit_log_or'")["value"]
    assert check("04.or-from-coef", np.exp(coefficient)).passed
    assert check("04.or-from-coef", np.exp(worked.query("example_id == 'bdendo' and quantity == 'clogit_log_or'")[["value"]])).passed


def test_per_hour_asks_for_the_digits_that_tell_the_method_and_says_which_are_certain():
    """04.per-hour asks three significant digits of arithmetic on the printed 1.05, so that the approximation
    e^(8 x 0.05) fails (at two it passed); the published OR supports only two, and the prompt must say so."""
    from pathlib import Path

    from lbpkit.exercises.bank.nb04 import HOURS, _lifting_per_hour

    per_hour = _lifting_per_hour()
    expected = per_hour**HOURS
    low, high = (per_hour - 0.005) ** HOURS, (per_hour + 0.005) ** HOURS  # the OR is printed to 2 decimals
    precision = get_exercise("04.per-hour").precision
    assert abs(math.exp(HOURS * (per_hour - 1)) - expected) > precision.unit(expected) / 2, "the approximation passes"
    assert precision.unit(expected) < (high - low) / 2  # finer than the inputs allow: hence the prompt's caveat
    source = (Path(__file__).parents[1] / "notebooks/sources/04_conditional_logistic_regression.md").read_text()
    prompt = source[source.index("### Exercise 04.per-hour"):source.index('check("04.per-hour"')]
    assert "only two digits of the 8-hour factor are" in " ".join(prompt.split())


def test_which_pairs_letters_do_not_mirror_the_table():
    exercise = get_exercise("03.which-pairs")
    assert not set(exercise.options) & set("abcd")


def test_recall_bias_percentage_hint_fires_for_a_copied_bias_percent():
    from lbpkit.exercises.bank.nb05 import _recall_table

    for value in _recall_table()["bias_percent"]:
        if abs(value) > 10:
            for answer in (value, round(value, 1), round(value)):
                reset_attempts()
                feedback = check("05.recall-bias", answer)
                assert feedback.level == "hint" and "percent" in feedback.message, answer


# --- every exercise of every notebook ---------------------------------------------------------


def test_ids_are_notebook_prefixed_and_unique():
    assert ALL_IDS, "the registry is empty"
    assert len(ALL_IDS) == len(set(ALL_IDS))
    for exercise_id in ALL_IDS:
        number, slug = exercise_id.split(".", 1)
        assert re.fullmatch(r"\d\d[a-z]?", number) and slug, exercise_id  # 05b: a notebook inserted after 05


@pytest.mark.parametrize("exercise_id", NUMBER_IDS)
def test_every_numeric_exercise_declares_a_precision_its_prompt_states(exercise_id):
    exercise = get_exercise(exercise_id)
    assert exercise.precision is not None, "declare precision=significant(n) or decimals(d)"
    prompt = _prompt(exercise_id).lower()
    assert any(phrase in prompt for phrase in exercise.precision.phrases()), (
        f"the prompt should ask for {exercise.precision.phrase}: {prompt!r}"
    )


@pytest.mark.parametrize("exercise_id", NUMBER_IDS)
def test_every_numeric_exercise_is_fair_to_rounding(exercise_id):
    exercise = get_exercise(exercise_id)
    expected = float(exercise.expected())
    assert check(exercise_id, expected).passed, "the unrounded expected value must pass"
    if exercise.precision is not None:
        for rounded in _rounded_answers(exercise, expected):
            assert check(exercise_id, rounded).passed, f"{rounded!r} is correctly rounded and must pass"
    for sign in (1, -1):
        # 10% off; for a small whole number (2 +- 10% still rounds to 2) the next whole number.
        wrong = expected + sign * max(0.1 * abs(expected), 2 * exercise.tolerance(expected))
        feedback = check(exercise_id, wrong)
        assert not feedback.passed and feedback.level != "close", f"{wrong!r} (10% off) must fail, not be close"


@pytest.mark.parametrize("exercise_id", [i for i in ALL_IDS if get_exercise(i).kind != "number"])
def test_every_choice_exercise_accepts_its_answer(exercise_id):
    exercise = get_exercise(exercise_id)
    expected = exercise.expected()
    assert check(exercise_id, expected if exercise.kind != "choices" else sorted(expected)).passed


@pytest.mark.parametrize("exercise_id", ALL_IDS)
def test_no_feedback_ever_contains_the_expected_answer(exercise_id):
    exercise = get_exercise(exercise_id)
    expected = exercise.expected()
    for text in _static_messages(exercise):
        assert not _leaked_forms(expected, text), f"a message of the exercise reveals the answer: {text!r}"
    wrong_answers = _wrong_answers(exercise, expected)
    assert wrong_answers, "the test needs at least one wrong answer to try"
    for attempt in (1, 2):  # the nudge level and the method level
        for wrong in wrong_answers:
            feedback = check(exercise_id, wrong)
            assert not feedback.passed, f"{wrong!r} should not pass"
            assert feedback.level in ("close", "hint", "nudge", "method", "form"), feedback
            assert not _leaked_forms(expected, feedback.message), f"feedback for {wrong!r} reveals the answer"
            assert "all tests passed" not in feedback.message.lower()


@pytest.mark.parametrize("exercise_id", ALL_IDS)
def test_every_exercise_nudges_first_and_gives_the_method_only_later(exercise_id):
    exercise = get_exercise(exercise_id)
    expected = exercise.expected()
    value = (lambda a: exercises._as_number(a)) if exercise.kind == "number" else (lambda a: a)
    unexplained = [w for w in _wrong_answers(exercise, expected)
                   if exercises._matching_hint(exercise, value(w), expected) is None and check(exercise_id, w).level != "close"]
    if not unexplained:
        pytest.skip("every wrong answer tried here is explained by a misconception hint")
    reset_attempts()
    first, second = check(exercise_id, unexplained[0]), check(exercise_id, unexplained[-1])
    assert (first.level, second.level) == ("nudge", "method")
    assert first.message != second.message, "the first wrong try must not already hand over the method"


@pytest.mark.parametrize("exercise_id, coarse", [("01.percentage-points", -1), ("01.rate-to-count", 600),
                                                 ("01.rate-to-count", 640)])
def test_an_answer_rounded_to_a_coarser_place_is_close(exercise_id, coarse):
    """-0.7 given as a whole number, 635 given to the nearest 10 or 100: the method is right."""
    expected = float(get_exercise(exercise_id).expected())
    assert round(expected, 1) != coarse  # the probe is really coarser than asked
    feedback = check(exercise_id, coarse)
    assert feedback.level == "close" and get_exercise(exercise_id).precision.phrase in feedback.message
    if abs(coarse) >= 100:  # a whole number already: the message must say what "coarser" means here
        assert "nearest" in feedback.message


def test_a_near_miss_on_whole_number_scores_does_not_blame_rounded_figures():
    feedback = check("00.mean-pain", 6.3)
    assert feedback.level == "close" and "rounded for display" not in feedback.message
    assert "recheck your sum of the five scores" in feedback.message


def test_feedback_html_shows_inline_markup_not_literal_marks(monkeypatch):
    _register(monkeypatch, Exercise(id="99.markup", title="t", expected=lambda: 35.67, precision=decimals(1),
                                    nudge="Use the figure for *any* LBP, not `x.iloc[0] * 2`."))
    reset_attempts("99.markup")
    shown = check("99.markup", 50)._repr_html_()
    assert "<i>any</i>" in shown and "<code>x.iloc[0] * 2</code>" in shown and "*any*" not in shown


# --- learner trial of 03-05 -----------------------------------------------------------------


def test_a_coarse_rounding_is_close_but_never_called_the_right_method(monkeypatch):
    _register(monkeypatch, Exercise(id="99.half-up", title="t", expected=lambda: 2.25, precision=significant(3)))
    for rounded in (2.2, 2.3):  # 2.25 to two digits, half-even or half-up
        feedback = check("99.half-up", rounded)
        assert feedback.level == "close" and "three significant digits" in feedback.message
        assert "method looks right" not in feedback.message
    assert check("99.half-up", 2.4).level != "close"  # more than half a unit of the coarser digit away


def test_a_no_effect_answer_of_one_gets_its_own_hint_not_close():
    feedback = check("04.per-hour", 1.0)
    assert feedback.level == "hint" and "no effect" in feedback.message


def test_known_alternative_statistics_get_their_own_hints():
    from lbpkit.exercises.bank.nb03 import _bdendo11_counts
    from lbpkit.exercises.bank.nb04 import _bdendo_mh_or

    b, c = _bdendo11_counts()
    corrected = check("03.bdendo-mcnemar", round((abs(b - c) - 1) ** 2 / (b + c), 2))
    assert corrected.level == "hint" and "continuity" in corrected.message
    mh = check("04.or-from-coef", round(_bdendo_mh_or(), 2))
    assert mh.level == "hint" and "Mantel" in mh.message


def test_letters_joined_with_a_word_are_told_to_use_commas():
    feedback = check("03.which-pairs", "Ben and Dina")
    assert feedback.level == "form" and "commas" in feedback.message


@pytest.mark.parametrize("typed, unknown, meant", [
    ("Ben, Dina, Erik, Hana", "Hana", "Hanna"),
    (["Ben", "Dina", "Eric", "Hanna"], "Eric", "Erik"),
    ("Ben, Dina, Erik, Greta", "Greta", None),
])
def test_a_misspelt_or_unknown_name_is_named_as_not_recognised(typed, unknown, meant):
    """Round-3 trial of 03: "Hana" for Hanna was told to separate the names with commas, a mistake not made."""
    feedback = check("03.which-pairs", typed)
    assert feedback.level == "form" and f"{unknown!r} is not recognised" in feedback.message
    assert "commas" not in feedback.message
    assert (f"did you mean {meant!r}" in feedback.message) if meant else "did you mean" not in feedback.message


@pytest.mark.parametrize("typed", ["Ben/Dina/Erik/Hanna", "BenDina"])
def test_names_run_together_are_told_to_use_commas(typed):
    feedback = check("03.which-pairs", typed)
    assert feedback.level == "form" and "run together" in feedback.message and "commas" in feedback.message


@pytest.mark.parametrize("typed", ["Ben; Dina; Erik; Hanna", "'Ben', 'Dina', 'Erik', 'Hanna'", "Ben, Dina, Erik, Hanna."])
def test_names_in_quotes_or_with_semicolons_are_read_as_names(typed):
    assert check("03.which-pairs", typed).passed


def test_no_message_of_notebooks_03_to_05_says_as_published():
    for exercise_id in ("03.pair-or", "04.per-hour", "05.recall-bias"):
        expected = float(get_exercise(exercise_id).expected())
        reset_attempts(exercise_id)
        assert "as published" not in check(exercise_id, expected * 1.02).message


def test_recall_ratio_can_be_reached_from_the_table_as_displayed():
    """The notebook shows `mean_or` to three decimals; the ratio of those must pass at three digits."""
    from lbpkit.exercises.bank.nb05 import _recall_table

    shown = _recall_table()["mean_or"].round(3)
    assert check("05.recall-bias", shown.iloc[1] / shown.iloc[0]).passed


def test_a_count_given_for_a_question_about_names_is_told_to_give_the_names():
    """A learner who answers "how many" (4) to "whose pairs" is not asked for a letter (trial of 03)."""
    message = check("03.which-pairs", 4).message
    assert "not how many" in message and "letter" not in message


def test_a_results_row_and_a_functions_pair_are_named_for_what_they_are():
    """Round-6 trial of 08: the one-row table of minimal_detectable_effect was told to use `.iloc[0]`, which
    gives the same row again; the pair returned by e_value was told about decimal commas."""
    from lbpkit.flares.longterm import minimal_detectable_effect
    from lbpkit.published import e_value

    table = minimal_detectable_effect(71, power=0.9, n_covariates=1)
    for answer in (table, table.iloc[0]):
        message = check("08.mde-71", answer).message
        assert "partial_r" in message and "decimal comma" not in message
    assert "whole row" in check("08.mde-71", table).message
    pair = check("08.evalue-lifting", e_value(1.05))
    assert pair.level == "form" and "several results" in pair.message and "decimal comma" not in pair.message
    assert "decimal comma" in check("08.evalue-lifting", (619.0, 6)).message  # `619 / 1,6` is still read as one
    assert ".iloc[0]" in check("00.mean-pain", pd.Series([6.2, 7.0])).message  # row numbers are not labels
