"""The exercise checks: right answers pass, wrong ones get hints, no message leaks the answer."""

import math

import pytest

from lbpkit import exercises
from lbpkit.exercises import Exercise, Hint, _judge, check, get_exercise, list_exercises


def _formatted_forms(value) -> set[str]:
    """Ways an expected answer could be written in a message (3+ characters, to avoid '1' in 'step 1')."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        forms = {repr(value), str(value), f"{value:.3g}", f"{value:.2f}", f"{value:.1f}", f"{value:.4g}", f"{value:,.0f}"}
        if float(value).is_integer():
            forms.add(str(int(value)))
    elif isinstance(value, (set, frozenset, list, tuple)):
        forms = {", ".join(sorted(map(str, value)))}
    else:
        forms = {f"'{value}'", f"({value})", f'"{value}"'}
    return {form for form in forms if len(form) >= 3 or not form.replace(".", "").isdigit()}


def _wrong_answers(exercise: Exercise, expected):
    if exercise.kind == "number":
        base = float(expected)
        candidates = [base * 100, base / 100, -base, base * 1.5 + 1, base / 2 - 1, 0.0]
        if base != 0:
            candidates.append(1 / base)
        return [c for c in candidates if not math.isclose(c, base, rel_tol=exercise.rel_tol, abs_tol=exercise.abs_tol)]
    if exercise.kind in ("choice", "text"):
        return [opt for opt in exercise.options if opt.lower() != str(expected).lower()]
    if exercise.kind == "choices":
        wanted = {str(e).lower() for e in expected}
        others = [opt for opt in exercise.options if opt.lower() not in wanted]
        answers = [list(wanted)[:-1]] if len(wanted) > 1 else []
        answers += [sorted(wanted | {opt.lower()}) for opt in others]
        return [a for a in answers if a]
    raise AssertionError(exercise.kind)


ALL_IDS = list(list_exercises()["id"])


def test_the_worked_example_passes_and_fails_as_expected():
    assert check("00.mean-pain", 5).passed
    assert check("00.mean-pain", 5.01).passed  # three significant digits are enough
    wrong = check("00.mean-pain", 25)
    assert not wrong.passed and "total" in wrong.message


def test_placeholder_means_not_answered():
    feedback = check("00.mean-pain", ...)
    assert not feedback.passed and not feedback.answered
    assert "Not answered yet" in feedback.message


def test_success_says_checks_passed_not_all_tests_passed():
    message = check("00.mean-pain", 5).message
    assert message.startswith("Checks passed")
    assert "all tests" not in message.lower()


def test_wrong_type_gets_a_message_about_the_form():
    assert "single number" in check("00.mean-pain", "five").message
    assert "single number" in check("00.mean-pain", True).message


def test_unknown_exercise_names_its_neighbours():
    with pytest.raises(ValueError, match="00.mean-pain"):
        check("00.mean-pian", 5)


def test_feedback_shows_itself_in_a_notebook():
    feedback = check("00.mean-pain", 5)
    assert "00.mean-pain" in repr(feedback) and "00.mean-pain" in feedback._repr_html_()


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


def test_misconception_predicates():
    assert exercises.looks_like_proportion_for_percent(0.362, 36.2)
    assert exercises.looks_like_percent_for_proportion(36.2, 0.362)
    assert exercises.has_wrong_sign(-10.4, 10.4)
    assert exercises.is_reciprocal(0.25, 4.0)
    assert not exercises.has_wrong_sign(10.4, 10.4)


def test_a_hint_that_raises_is_skipped(monkeypatch):
    broken = Exercise(
        id="00.broken",
        title="t",
        expected=lambda: 2.0,
        hints=(Hint(when=lambda a, e: 1 / 0, message="never"),),
        default_hint="Try again.",
    )
    monkeypatch.setitem(exercises._registry(), "00.broken", broken)
    assert check("00.broken", 3.0).message == "Not yet. Try again."


def test_ids_are_notebook_prefixed_and_unique():
    assert ALL_IDS, "the registry is empty"
    assert len(ALL_IDS) == len(set(ALL_IDS))
    for exercise_id in ALL_IDS:
        number, slug = exercise_id.split(".", 1)
        assert len(number) == 2 and number.isdigit() and slug, exercise_id


@pytest.mark.parametrize("exercise_id", ALL_IDS)
def test_every_exercise_accepts_its_answer_and_never_leaks_it(exercise_id):
    exercise = get_exercise(exercise_id)
    expected = exercise.expected()
    right = expected if exercise.kind != "choices" else sorted(expected)
    assert check(exercise_id, right).passed, "the expected answer must pass"
    wrong_answers = _wrong_answers(exercise, expected)
    assert wrong_answers, "the test needs at least one wrong answer to try"
    for wrong in wrong_answers:
        feedback = check(exercise_id, wrong)
        assert not feedback.passed, f"{wrong!r} should not pass"
        assert feedback.message.startswith("Not yet.") or "not one of" in feedback.message
        for form in _formatted_forms(expected):
            assert form not in feedback.message, f"feedback for {wrong!r} reveals the answer ({form})"
        assert "all tests passed" not in feedback.message.lower()
