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
  within ``close_rel`` (3%) of it, gets "Close — give …" instead of a hint about the method.
  ``near_hint`` says what a near miss most likely got wrong in this exercise.
- **Hint levels.** A :class:`Hint` whose ``when`` matches names the mistake (``message``); its
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
import math
import numbers
import pkgutil
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

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

    when: Callable[[Any, Any], bool]
    message: str
    method: str = ""


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
        ``notebooks/NN_name.md``) the exercise practises: a distinctive fragment of its wording,
        found in exactly one of them (e.g. ``"count discordant pairs"``). The instructor guide's
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
        A wrong number within this relative distance of the expected one is "close" (no hint).
    near_hint : str
        What such a close number most likely got wrong, for this exercise (e.g. "recheck the sum
        of the whole-number scores"); "give <precision>." is added. Without it, a generic remark
        about figures rounded for display is shown.
    options : sequence of str
        The valid letters (or words) for ``choice``, ``choices`` and ``text`` exercises.
    hints : sequence of Hint
        Misconception hints, tried in order.
    nudge : str
        Shown on the first wrong try that no hint explains: what to look at, not the method.
    default_hint : str
        The method, shown from the second wrong try that no hint explains.
    on_success : str
        A short remark shown with "Checks passed" (may explain why the answer is right).
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
    on_success: str = ""
    precision: Precision | None = None
    nudge: str = ""
    close_rel: float = 0.03
    near_hint: str = ""
    objective: str = ""

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


def _close(a: float, b: float, rel_tol: float, abs_tol: float) -> bool:
    return math.isclose(a, b, rel_tol=rel_tol, abs_tol=abs_tol)


def _single_value(answer: Any) -> tuple[Any, int]:
    """Unwrap a 1-element Series, DataFrame or array; return (value, number of elements)."""
    if isinstance(answer, (pd.Series, pd.DataFrame, pd.Index, np.ndarray)):
        values = np.asarray(answer, dtype=object).ravel()
        return (values[0] if values.size == 1 else answer), int(values.size)
    if isinstance(answer, (list, tuple)) and all(isinstance(item, numbers.Real) for item in answer):
        return (answer[0] if len(answer) == 1 else answer), len(answer)
    return answer, 1


def _as_number(answer: Any) -> float | None:
    answer, size = _single_value(answer)
    if size != 1 or isinstance(answer, (bool, np.bool_)) or not isinstance(answer, numbers.Real):
        return None
    value = float(answer)
    return value if math.isfinite(value) else None


def _normalise_letters(answer: Any) -> list[str] | None:
    if isinstance(answer, str):
        parts = [part for part in answer.replace(",", " ").split() if part]
    elif isinstance(answer, (list, tuple, set, frozenset)):
        parts = [str(part) for part in answer]
    else:
        return None
    return [part.strip().strip("()").lower() for part in parts]


def _number_problem(answer: Any) -> str:
    _, size = _single_value(answer)
    if size > 1:
        return (
            f"Your answer holds {size} values; give the single number the question asks for "
            "(pick one element, e.g. with `.iloc[0]`)."
        )
    return "Answer with a single number (for example 12.5), not text, a list or True/False."


def _judge(exercise: Exercise, answer: Any, expected: Any) -> tuple[bool, str | None]:
    """Return (correct, problem) where problem is a message about the answer's form."""
    if exercise.kind == "number":
        value = _as_number(answer)
        if value is None:
            return False, _number_problem(answer)
        return abs(value - float(expected)) <= exercise.tolerance(float(expected)), None
    if exercise.kind in ("choice", "choices", "text"):
        letters = _normalise_letters(answer)
        valid = [opt.lower() for opt in exercise.options]
        if not letters:
            return False, f"Answer with one of {', '.join(repr(o) for o in exercise.options)} (a string)."
        if exercise.kind == "choices" and len(letters) == 1 and len(letters[0]) > 1 and all(len(v) == 1 for v in valid):
            letters = list(letters[0])  # "bc" means b and c when every option is one letter
        unknown = [item for item in letters if valid and item not in valid]
        if unknown:
            example = ", ".join(exercise.options[:2])
            separate = f' Separate the letters with commas, e.g. "{example}".' if exercise.kind == "choices" else ""
            return False, f"{unknown[0]!r} is not one of the options {', '.join(repr(o) for o in exercise.options)}.{separate}"
        if exercise.kind in ("choice", "text"):
            if len(letters) != 1:
                return False, "Give exactly one option."
            return letters[0] == str(expected).lower(), None
        wanted = {str(item).lower() for item in expected}
        return set(letters) == wanted, None
    raise ValueError(f"Exercise {exercise.id!r} has an unknown kind {exercise.kind!r}.")


def _asked_for(exercise: Exercise) -> str:
    return exercise.precision.phrase if exercise.precision else "the precision the question asks for"


def _coarser_units(precision: Precision, expected: float) -> list[float]:
    """Rounding units coarser than asked, down to one significant digit (or to a whole number for
    a decimal asked of a value below one: 0.6 given as 1)."""
    if precision.kind == "significant":
        return [p.unit(expected) for p in precision.coarser()]
    leading = -math.floor(math.log10(abs(expected)))  # decimal place of the first significant digit
    return [10.0 ** -places for places in range(precision.digits - 1, min(precision.digits - 1, leading) - 1, -1)]


def _coarser_rounding(exercise: Exercise, value: float, expected: float) -> float | None:
    """The rounding unit, if the answer is the expected value rounded more coarsely than asked.

    Only an exact coarser rounding of the same sign counts, and never one more than half the
    expected value away, so an answer 10% off is not "close" by this rule.
    """
    if exercise.precision is None or value == 0 or expected == 0 or abs(value / expected - 1) > 0.5:
        return None
    for unit in _coarser_units(exercise.precision, expected):
        # A multiple of the unit within half a unit: an exact half (2.25 -> 2.2 or 2.3) counts either way.
        on_grid = math.isclose(value / unit, round(value / unit), rel_tol=0, abs_tol=1e-9)
        if on_grid and abs(value - expected) <= 0.5 * unit * (1 + 1e-9):
            return unit
    return None


def _coarser_message(exercise: Exercise, unit: float, expected: float) -> str:
    # The answer may be a coincidence (1.0, "no effect", is also 1.48 to one digit), so the
    # message says what it looks like, not that the method is right.
    asked = _asked_for(exercise)
    text = f"Close — this looks like the answer rounded to fewer digits than asked: give {asked}, rounding only at the end."
    if exercise.precision == decimals(0) and unit >= 10:  # a whole number rounded to tens or more
        text = (f"Close — the answer looks rounded to the nearest {unit:,.0f}; "
                f"give {asked} (to the nearest 1), rounding only at the end.")
    return text if not _leaks(text, expected) else f"Close — give {asked}."


def _near(exercise: Exercise, value: float, expected: float) -> bool:
    return expected != 0 and abs(value - expected) <= exercise.close_rel * abs(expected)


def _leaks(message: str, expected: Any) -> bool:
    if isinstance(expected, numbers.Real) and not isinstance(expected, bool):
        return any(form in message for form in number_forms(float(expected)))
    return False


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


def reset_attempts(exercise_id: str | None = None) -> None:
    """Forget the wrong tries counted so far (of one exercise, or of all), so hints start again at a nudge."""
    if exercise_id is None:
        _WRONG_TRIES.clear()
    else:
        _WRONG_TRIES.pop(exercise_id, None)


def _matching_hint(exercise: Exercise, answer: Any, expected: Any) -> Hint | None:
    for hint in exercise.hints:
        try:
            if bool(hint.when(answer, expected)):
                return hint
        except (TypeError, ValueError, ZeroDivisionError, AttributeError):
            continue
    return None


def _wrong_answer_feedback(exercise: Exercise, answer: Any, expected: Any) -> Feedback:
    value = _as_number(answer) if exercise.kind == "number" else None
    # A recognised misconception beats "close": 1.0 may be a coarse rounding, but also "no effect".
    hint = _matching_hint(exercise, answer if value is None else value, expected)
    unit = _coarser_rounding(exercise, value, float(expected)) if value is not None and hint is None else None
    if unit is not None:
        return Feedback(exercise.id, False, _coarser_message(exercise, unit, float(expected)), level="close")
    if hint is None and value is not None and _near(exercise, value, float(expected)):
        text = exercise.near_hint or (
            "Close, but not within rounding. If you used figures rounded for display, redo it with the "
            "unrounded values (from the table or variable itself)")
        text = f"{text.rstrip('.')}, and give {_asked_for(exercise)}."
        if _leaks(text, expected):
            text = f"Close, but not within rounding: give {_asked_for(exercise)}."
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
    exercise = get_exercise(exercise_id)
    if answer is Ellipsis or answer is None:
        return Feedback(exercise.id, False, NOT_ANSWERED, answered=False, level="not-answered")
    expected = exercise.expected()
    correct, problem = _judge(exercise, answer, expected)
    if problem is not None:
        return Feedback(exercise.id, False, problem, level="form")
    if correct:
        text = "Checks passed." + (f" {exercise.on_success}" if exercise.on_success else "")
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
def matches(answer: Any, value: float, *, rel_tol: float = 5e-3) -> bool:
    """The answer is a number within ``rel_tol`` (relative) of ``value``: for hints that recognise a
    known wrong value (e.g. "that is the Mantel–Haenszel estimate").

    Examples
    --------
    >>> matches(8.46, 8.4615), matches(8.0, 8.4615), matches(True, 1.0)
    (True, False, False)
    """
    return (isinstance(answer, (int, float, np.integer, np.floating)) and not isinstance(answer, (bool, np.bool_))
            and value != 0 and abs(answer / value - 1) < rel_tol)


def looks_like_proportion_for_percent(answer: Any, expected: Any) -> bool:
    """The answer is the expected percentage divided by 100 (a proportion given for a percent)."""
    value = _as_number(answer)
    return value is not None and expected != 0 and _close(value * 100, float(expected), 5e-3, 0)


def looks_like_percent_for_proportion(answer: Any, expected: Any) -> bool:
    """The answer is the expected proportion times 100 (a percent given for a proportion)."""
    value = _as_number(answer)
    return value is not None and expected != 0 and _close(value / 100, float(expected), 5e-3, 0)


def has_wrong_sign(answer: Any, expected: Any) -> bool:
    """The answer has the right size but the opposite sign."""
    value = _as_number(answer)
    return value is not None and expected != 0 and _close(-value, float(expected), 5e-3, 0)


def is_reciprocal(answer: Any, expected: Any) -> bool:
    """The answer is 1/expected (a ratio turned upside down)."""
    value = _as_number(answer)
    return value is not None and value != 0 and _close(1 / value, float(expected), 5e-3, 0)
