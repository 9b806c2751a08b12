"""Exercise checks that give immediate feedback in a notebook, offline.

A learner writes an answer and calls ``check("01.cases-1990", answer)``. The feedback says
"Checks passed", "Close — give three significant digits", or gives a hint aimed at the likely
misconception. It never shows the expected answer: expected values are computed from the kit's
data or simulations when the check runs, and no message is built from them.

Exercises live in ``lbpkit/exercises/bank/nbNN.py`` (one module per notebook), each defining a
list ``EXERCISES`` of :class:`Exercise`.

How to write an exercise
----------------------------------------------------------------
- **Precision.** A numeric exercise declares ``precision=significant(3)`` or
  ``precision=decimals(1)`` (``decimals(0)`` is "a whole number"), and its prompt says so in
  words, using one of ``precision.phrases()``. An answer within half a unit of the last asked
  digit passes, so the expected value correctly rounded always passes. Ask only for the
  precision the inputs support.
- **Close.** An answer that is the expected value rounded more coarsely than asked (to fewer
  digits, down to one significant digit, or to tens for a whole number; 0.6 given as 1), or
  within ``close_rel`` (3%) of it, gets "Close — give …" instead of a hint about the method,
  unless a listed misconception explains it. The expected value cut off at the asked digit
  instead of rounded (7.95 for 7.957) is named as such.
  ``near_hint`` says what a near miss most likely got wrong in this exercise.
- **Misconceptions.** List the likely wrong answers as hints with ``wrong=``: a function of the
  expected value that returns the wrong answer a misconception gives (McNemar without squaring,
  the nominal 0.95 for a coverage, the letter of a tempting option), computed like the expected
  value. Such a hint matches that wrong value however the learner rounds it, and it is tried
  *before* the "Close" rules, so a conceptual error near the answer is named, not called a
  rounding slip. The tests feed every ``wrong`` value to its exercise and check that it fails
  and gets its own hint; settings and precision must be chosen so that it fails (no naive
  answer may pass).
- **Answer forms.** The expected value, as the prompt asks for it and with one or two digits
  more, is an answer form; ``answer_forms`` adds phrases that state the answer in words (for
  a choice: "towards 1"). The tests search the notebook before the exercise, every glossary
  entry the notebook links and every hint for them (:func:`answer_forms`).
- **Hint levels.** A :class:`Hint` whose ``when`` (or ``wrong``) matches names the mistake (``message``); its
  ``method`` is added from the second wrong try on. A wrong answer no hint explains gets the
  exercise's ``nudge`` (what to look at) on the first wrong try and ``default_hint`` (the
  method) from the second on. Wrong tries are counted per exercise in the session
  (:func:`reset_attempts` clears the count).
- **Never the answer.** No message may contain the expected value; the tests check every
  exercise for it, and :func:`check` falls back to a generic message if one ever does.
"""

from __future__ import annotations

import html
import importlib
import pkgutil
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pandas as pd

from lbpkit.exercises import solutions as _solution_cells
from lbpkit.exercises.renamed import renamed_answer_in_running_cell
from lbpkit.exercises.judging import (
    _as_number,
    _asked_for,
    _coarser_message,
    _coarser_rounding,
    _cut_off,
    _cut_off_message,
    _is_wrong_answer,
    _judge,
    _leaks,
    _near,
    answer_forms,
    has_wrong_sign,
    is_reciprocal,
    looks_like_percent_for_proportion,
    looks_like_proportion_for_percent,
    matches,
    misconceptions,
)
from lbpkit.exercises.precision import Precision, decimals, number_forms, significant

__all__ = [
    "Exercise",
    "Hint",
    "Feedback",
    "Precision",
    "significant",
    "decimals",
    "check",
    "reset_attempts",
    "list_exercises",
    "get_exercise",
    "NOT_ANSWERED",
    "answer_forms",
    "misconceptions",
]

NOT_ANSWERED = "Not answered yet: replace the `...` with your answer, then run the cell again."
GENERIC_NUDGE = (
    "Not yet. Re-read the question: which numbers does it use, and in which unit does it want the answer? "
    "Run the check again after another try for a hint about the method."
)


@dataclass(frozen=True)
class Hint:
    """A hint shown when a wrong answer matches a known misconception.

    ``when(answer, expected)`` returns True when the hint applies (for numeric exercises the
    answer arrives as a float). ``message`` says what is wrong; ``method``, if given, says how
    to do it and is added from the second wrong try on. Neither may contain the expected answer.
    """

    when: Callable[[Any, Any], bool] | None = None
    message: str = ""
    method: str = ""
    wrong: Callable[[Any], Any] | None = None
    label: str = ""

    def __post_init__(self) -> None:
        if (self.when is None) == (self.wrong is None):
            raise ValueError("A Hint needs exactly one of when= (a test of the answer) or wrong= (the wrong answer).")
        if not self.message:
            raise ValueError("A Hint needs a message= that says what is wrong.")

    def applies(self, exercise: Exercise, answer: Any, expected: Any) -> bool:
        """True when the answer is this hint's misconception (or its ``when`` says so)."""
        if self.when is not None:
            return bool(self.when(answer, expected))
        return _is_wrong_answer(exercise, answer, self.wrong(expected), expected)


@dataclass(frozen=True)
class Exercise:
    """One exercise and how to check it.

    Parameters
    ----------
    id : str
        ``"NN.slug"``, where NN is the notebook number, e.g. ``"01.cases-1990"``.
    title : str
        A short name for the exercise, shown in lists.
    objective : str
        Which of the notebook's learning objectives (the ``objectives`` in the front matter of
        ``notebooks/sources/NN_name.md``) the exercise practises: a distinctive fragment of its
        wording, found in exactly one of them (e.g. ``"count discordant pairs"``). The instructor guide's
        objectives table is made from it (``tools/build_instructor_tables.py``).
    expected : callable
        Returns the expected answer. Compute it (from ``lbpkit.data.load`` or a seeded
        simulation) rather than typing it in.
    kind : {"number", "choice", "choices", "text"}
        ``number``: a real number; ``choice``: one letter; ``choices``: a set of letters;
        ``text``: a word compared case-insensitively.
    precision : Precision, optional
        For ``kind="number"``: the precision the prompt asks for, ``significant(n)`` or
        ``decimals(d)``. An answer within half a unit of the last asked digit passes.
    rel_tol, abs_tol : float
        Tolerances used only when ``precision`` is not given (older exercises).
    close_rel : float
        A wrong number within this relative distance of the expected one is "close" (no hint),
        unless a misconception hint explains it.
    near_hint : str
        What such a close number most likely got wrong, for this exercise (e.g. "recheck the sum
        of the whole-number scores"); "give <precision>." is added. Without it, a generic remark
        that names no cause is shown.
    options : sequence of str
        The valid letters (or words) for ``choice``, ``choices`` and ``text`` exercises.
    hints : sequence of Hint
        Misconception hints, tried in order.
    nudge : str
        Shown on the first wrong try that no hint explains: what to look at, not the method.
    default_hint : str
        The method, shown from the second wrong try that no hint explains.
    on_success : str or callable
        A short remark shown with "Checks passed" (may explain why the answer is right); a function
        returning it where the remark quotes figures read from ``data/``.
    answer_forms : sequence of str
        Phrases that state the answer (for choice questions, the words of the right option), which
        must not appear before the exercise, in a linked glossary entry or in a hint.
    shown_before : str
        Why the answer may legitimately be readable before the exercise (a look-up exercise: "read
        it from the table above"); empty for all others.
    predict : bool
        True for a "predict, then run" exercise: the learner predicts what a cell after it (an
        ``%%after_answering`` cell) will show, and that result opens after any answer, right or
        wrong. For any other exercise such a result opens only after a right answer or after
        ``TRIES_TO_OPEN`` (3) wrong tries, since it would show the answer
        (:func:`lbpkit.exercises.solutions.result_open`).
    """

    id: str
    title: str
    expected: Callable[[], Any]
    kind: str = "number"
    rel_tol: float = 5e-3
    abs_tol: float = 0.0
    options: Sequence[str] = ()
    hints: Sequence[Hint] = ()
    default_hint: str = "Not quite. Re-read the question and check each step of your working."
    on_success: str | Callable[[], str] = ""
    precision: Precision | None = None
    nudge: str = ""
    close_rel: float = 0.03
    near_hint: str = ""
    answer_forms: Sequence[str] = ()
    shown_before: str = ""
    objective: str = ""
    predict: bool = False

    @property
    def success_message(self) -> str:
        """The remark shown with "Checks passed", its figures computed now."""
        return self.on_success() if callable(self.on_success) else self.on_success

    @property
    def notebook(self) -> str:
        return self.id.split(".", 1)[0]

    def tolerance(self, expected: float) -> float:
        """The largest distance from ``expected`` that still passes."""
        if self.precision is None:
            return max(self.rel_tol * abs(expected), self.abs_tol)
        # Half a unit, widened by a hair so that an exact half (21.125 -> 21.12 or 21.13) passes.
        return 0.5 * self.precision.unit(expected) * (1 + 1e-9) + 1e-12 * abs(expected)


@dataclass(frozen=True)
class Feedback:
    """The result of :func:`check`; shows itself as a short message in a notebook.

    ``level`` says what kind of feedback it is: "passed", "not-answered", "form" (the answer
    has the wrong form), "close", "hint" (a misconception was recognised), "nudge" or "method".
    """

    exercise_id: str
    passed: bool
    message: str
    answered: bool = field(default=True)
    level: str = ""

    def __bool__(self) -> bool:
        return self.passed

    def _symbol(self) -> str:
        if not self.answered:
            return "…"
        if self.passed:
            return "✔"
        return "≈" if self.level == "close" else "✘"

    def __repr__(self) -> str:
        return f"{self._symbol()} [{self.exercise_id}] {self.message}"

    def _repr_html_(self) -> str:
        if self.passed:
            colour = "#1b7a3a"
        elif not self.answered or self.level == "close":
            colour = "#6b6b6b" if not self.answered else "#8a5a00"
        else:
            colour = "#b3261e"
        return (
            f'<div style="border-left:4px solid {colour};padding:4px 10px;">'
            f"<b>{self._symbol()} Exercise {html.escape(self.exercise_id)}</b>: {_inline_markup(self.message)}</div>"
        )


def _inline_markup(text: str) -> str:
    """Escape a message for HTML, showing `code` as code and *words* in italics (not as literal marks)."""
    escaped = html.escape(text)
    escaped = re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)
    return re.sub(r"(?<![\w*])\*(\w[^*]*?\w|\w)\*(?![\w*])", r"<i>\1</i>", escaped)


@lru_cache(maxsize=1)
def _registry() -> dict[str, Exercise]:
    from lbpkit.exercises import bank

    found: dict[str, Exercise] = {}
    for module_info in sorted(pkgutil.iter_modules(bank.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"lbpkit.exercises.bank.{module_info.name}")
        for exercise in getattr(module, "EXERCISES", []):
            if exercise.id in found:
                raise ValueError(f"Exercise id {exercise.id!r} is defined twice.")
            found[exercise.id] = exercise
    return found


def get_exercise(exercise_id: str) -> Exercise:
    """Return the :class:`Exercise` with this id (raises ``ValueError`` naming close ids)."""
    registry = _registry()
    if exercise_id not in registry:
        prefix = str(exercise_id).split(".", 1)[0]
        near = [key for key in registry if key.startswith(prefix + ".")]
        suggestion = f" Exercises of notebook {prefix}: {', '.join(near)}." if near else ""
        raise ValueError(f"No exercise with id {exercise_id!r}.{suggestion}")
    return registry[exercise_id]


# Wrong tries per exercise in this session: the first gets a nudge, later ones the method.
_WRONG_TRIES: dict[str, int] = {}


_solution_cells.set_exercise_lookup(get_exercise)


def reset_attempts(exercise_id: str | None = None) -> None:
    """Forget the wrong tries counted so far (of one exercise, or of all), so hints start again at a nudge."""
    if exercise_id is None:
        _WRONG_TRIES.clear()
    else:
        _WRONG_TRIES.pop(exercise_id, None)


def _matching_hint(exercise: Exercise, answer: Any, expected: Any) -> Hint | None:
    for hint in exercise.hints:
        try:
            if hint.applies(exercise, answer, expected):
                return hint
        except (TypeError, ValueError, ZeroDivisionError, AttributeError):
            continue
    return None


def _whole_float_for_one_decimal(exercise: Exercise, answer: Any) -> bool:
    """A float with nothing after the point (6.0) where one decimal place is asked: typed as "6.0"."""
    return exercise.precision == decimals(1) and isinstance(answer, float) and answer.is_integer()


def _wrong_answer_feedback(exercise: Exercise, answer: Any, expected: Any) -> Feedback:
    value = _as_number(answer) if exercise.kind == "number" else None
    # A recognised misconception beats "close": 1.0 may be a coarse rounding, but also "no effect".
    hint = _matching_hint(exercise, answer if value is None else value, expected)
    unit = _coarser_rounding(exercise, value, float(expected)) if value is not None and hint is None else None
    # 6.0 typed for a one-decimal answer has the asked digit: it is a slip (a sum one off), not a coarser rounding.
    one_decimal_given = unit is not None and _whole_float_for_one_decimal(exercise, answer)
    if unit is not None and not one_decimal_given:
        return Feedback(exercise.id, False, _coarser_message(exercise, unit, float(expected)), level="close")
    if hint is None and value is not None and not one_decimal_given and _cut_off(exercise, value, float(expected)):
        return Feedback(exercise.id, False, _cut_off_message(exercise), level="close")
    if hint is None and value is not None and (one_decimal_given or _near(exercise, value, float(expected))):
        # Names no cause: trials met near misses from rounded inputs, approximations, truncation and
        # slightly different formulas alike, and a message naming one misdiagnosed the others.
        text = exercise.near_hint or (
            "Close, but not within rounding of the answer: one number or step differs a little. Recheck each "
            "number you used and each step against the question, round only at the end")
        # "and give one decimal place" only to an answer that does not already have it: to 6.3 or 6.0 for 6.2 it
        # named a mistake not made (round-10 trial of 00).
        given_as_asked = one_decimal_given or (exercise.precision is not None and exercise.precision.holds(value))
        text = f"{text.rstrip('.')}." if given_as_asked else f"{text.rstrip('.')}, and give {_asked_for(exercise)}."
        if _leaks(text, expected):
            text = ("Close, but not within rounding: recheck the numbers you used." if given_as_asked
                    else f"Close, but not within rounding: give {_asked_for(exercise)}.")
        return Feedback(exercise.id, False, text, level="close")
    tries = _WRONG_TRIES[exercise.id] = _WRONG_TRIES.get(exercise.id, 0) + 1
    if hint is not None:
        text, level = hint.message + (f" {hint.method}" if hint.method and tries >= 2 else ""), "hint"
    elif tries >= 2:
        text, level = exercise.default_hint, "method"
    else:
        text, level = exercise.nudge or GENERIC_NUDGE.removeprefix("Not yet. "), "nudge"
    message = "Not yet. " + text
    if _leaks(message, expected):  # a safety net; the tests check every message for this
        message, level = GENERIC_NUDGE, "nudge"
    return Feedback(exercise.id, False, message, level=level)


def check(exercise_id: str, answer: Any) -> Feedback:
    """Check an answer and return feedback that never reveals the expected answer.

    Parameters
    ----------
    exercise_id : str
        The id printed above the exercise, e.g. ``"00.mean-pain"``.
    answer : object
        Your answer: a number (a one-element Series or array is fine), a letter such as
        ``"b"``, or letters such as ``"a, c"``. ``...`` (the placeholder) means "not answered yet".

    Returns
    -------
    Feedback
        ``.passed`` is True when the checks pass; ``.message`` says so, says the answer is
        close (and which precision to give), or gives a hint: a nudge on the first wrong try,
        the method from the second.

    Examples
    --------
    >>> from lbpkit.exercises import check
    >>> check("00.mean-pain", ...).passed
    False
    >>> check("00.mean-pain", 6.2).passed
    True
    >>> check("00.mean-pain", 7).level  # the median, a known misconception
    'hint'
    """
    # `Mean_pain = 6.2` above `check(..., mean_pain)`: the old name may hold an earlier try, judged in silence
    renamed = renamed_answer_in_running_cell(get_exercise(exercise_id).id, answer)
    feedback = Feedback(exercise_id, False, renamed, level="form") if renamed else _feedback(exercise_id, answer)
    _solution_cells.record_check(feedback)
    return feedback


def _feedback(exercise_id: str, answer: Any) -> Feedback:
    exercise = get_exercise(exercise_id)
    if answer is Ellipsis or answer is None:
        return Feedback(exercise.id, False, NOT_ANSWERED, answered=False, level="not-answered")
    expected = exercise.expected()
    correct, problem = _judge(exercise, answer, expected)
    if problem is not None:
        # A letter outside the options can still be a listed misconception (e.g. the 2x2 table's
        # cell letters typed for options named otherwise): name it rather than the form.
        named = exercise.kind != "number" and any(
            h.when is None and _is_wrong_answer(exercise, answer, h.wrong(expected), expected) for h in exercise.hints)
        if not named:
            return Feedback(exercise.id, False, problem, level="form")
        return _wrong_answer_feedback(exercise, answer, expected)
    if correct:
        text = "Checks passed." + (f" {exercise.success_message}" if exercise.success_message else "")
        return Feedback(exercise.id, True, text, level="passed")
    return _wrong_answer_feedback(exercise, answer, expected)


def list_exercises(notebook: str | None = None) -> pd.DataFrame:
    """Return the exercises as a DataFrame (``id``, ``notebook``, ``title``, ``kind``, ``precision``).

    Examples
    --------
    >>> from lbpkit.exercises import list_exercises
    >>> "00.mean-pain" in set(list_exercises("00")["id"])
    True
    """
    rows = [
        {"id": ex.id, "notebook": ex.notebook, "title": ex.title, "kind": ex.kind,
         "precision": ex.precision.phrase if ex.precision else ""}
        for ex in _registry().values()
        if notebook is None or ex.notebook == str(notebook)
    ]
    return pd.DataFrame(rows, columns=["id", "notebook", "title", "kind", "precision"])


# Predicates for common misconceptions, for use in ``Hint(when=...)``.
