"""Exercise checks that give immediate feedback in a notebook, offline.

A learner writes an answer and calls ``check("01.percent-change", answer)``. The feedback says
"Checks passed" or gives a hint aimed at the likely misconception. It never shows the expected
answer: expected values are computed from the kit's data or simulations when the check runs, and
no message is built from them.

Exercises live in ``lbpkit/exercise_bank/nbNN.py`` (one module per notebook), each defining a
list ``EXERCISES`` of :class:`Exercise`.
"""

from __future__ import annotations

import html
import importlib
import math
import numbers
import pkgutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pandas as pd

__all__ = ["Exercise", "Hint", "Feedback", "check", "list_exercises", "get_exercise", "NOT_ANSWERED"]

NOT_ANSWERED = "Not answered yet: replace the `...` with your answer, then run the cell again."


@dataclass(frozen=True)
class Hint:
    """A hint shown when a wrong answer matches a known misconception.

    ``when(answer, expected)`` returns True when the hint applies; ``message`` must not contain
    the expected answer.
    """

    when: Callable[[Any, Any], bool]
    message: str


@dataclass(frozen=True)
class Exercise:
    """One exercise and how to check it.

    Parameters
    ----------
    id : str
        ``"NN.slug"``, where NN is the notebook number, e.g. ``"01.percent-change"``.
    title : str
        A short name for the exercise, shown in lists.
    expected : callable
        Returns the expected answer. Compute it (from ``lbpkit.data.load`` or a seeded
        simulation) rather than typing it in.
    kind : {"number", "choice", "choices", "text"}
        ``number``: a real number within ``rel_tol``/``abs_tol``; ``choice``: one letter;
        ``choices``: a set of letters; ``text``: a word compared case-insensitively.
    rel_tol, abs_tol : float
        Tolerances for ``kind="number"``; the default accepts answers rounded to three
        significant digits.
    options : sequence of str
        The valid letters (or words) for ``choice``, ``choices`` and ``text`` exercises.
    hints : sequence of Hint
        Misconception hints, tried in order.
    default_hint : str
        The hint when no misconception hint applies.
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

    @property
    def notebook(self) -> str:
        return self.id.split(".", 1)[0]


@dataclass(frozen=True)
class Feedback:
    """The result of :func:`check`; shows itself as a short message in a notebook."""

    exercise_id: str
    passed: bool
    message: str
    answered: bool = field(default=True)

    def __bool__(self) -> bool:
        return self.passed

    def _symbol(self) -> str:
        if not self.answered:
            return "…"
        return "✔" if self.passed else "✘"

    def __repr__(self) -> str:
        return f"{self._symbol()} [{self.exercise_id}] {self.message}"

    def _repr_html_(self) -> str:
        colour = "#1b7a3a" if self.passed else ("#6b6b6b" if not self.answered else "#b3261e")
        return (
            f'<div style="border-left:4px solid {colour};padding:4px 10px;">'
            f"<b>{self._symbol()} Exercise {html.escape(self.exercise_id)}</b>: {html.escape(self.message)}</div>"
        )


def _close(a: float, b: float, rel_tol: float, abs_tol: float) -> bool:
    return math.isclose(a, b, rel_tol=rel_tol, abs_tol=abs_tol)


def _as_number(answer: Any) -> float | None:
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
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


def _judge(exercise: Exercise, answer: Any, expected: Any) -> tuple[bool, str | None]:
    """Return (correct, problem) where problem is a message about the answer's form."""
    if exercise.kind == "number":
        value = _as_number(answer)
        if value is None:
            return False, "Answer with a single number (for example 12.5), not text, a list or True/False."
        return _close(value, float(expected), exercise.rel_tol, exercise.abs_tol), None
    if exercise.kind in ("choice", "choices", "text"):
        letters = _normalise_letters(answer)
        valid = [opt.lower() for opt in exercise.options]
        if not letters:
            return False, f"Answer with one of {', '.join(repr(o) for o in exercise.options)} (a string)."
        if exercise.kind == "choices" and len(letters) == 1 and len(letters[0]) > 1 and all(len(v) == 1 for v in valid):
            letters = list(letters[0])  # "bc" means b and c when every option is one letter
        unknown = [item for item in letters if valid and item not in valid]
        if unknown:
            return False, f"{unknown[0]!r} is not one of the options {', '.join(repr(o) for o in exercise.options)}."
        if exercise.kind in ("choice", "text"):
            if len(letters) != 1:
                return False, "Give exactly one option."
            return letters[0] == str(expected).lower(), None
        wanted = {str(item).lower() for item in expected}
        return set(letters) == wanted, None
    raise ValueError(f"Exercise {exercise.id!r} has an unknown kind {exercise.kind!r}.")


@lru_cache(maxsize=1)
def _registry() -> dict[str, Exercise]:
    from lbpkit import exercise_bank

    found: dict[str, Exercise] = {}
    for module_info in sorted(pkgutil.iter_modules(exercise_bank.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"lbpkit.exercise_bank.{module_info.name}")
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


def check(exercise_id: str, answer: Any) -> Feedback:
    """Check an answer and return feedback that never reveals the expected answer.

    Parameters
    ----------
    exercise_id : str
        The id printed above the exercise, e.g. ``"00.mean-pain"``.
    answer : object
        Your answer: a number, a letter such as ``"b"``, or letters such as ``"a, c"``.
        ``...`` (the placeholder) means "not answered yet".

    Returns
    -------
    Feedback
        ``.passed`` is True when the checks pass; ``.message`` says so, or gives a hint.

    Examples
    --------
    >>> from lbpkit.exercises import check
    >>> check("00.mean-pain", ...).passed
    False
    >>> check("00.mean-pain", 5.0).passed
    True
    """
    exercise = get_exercise(exercise_id)
    if answer is Ellipsis or answer is None:
        return Feedback(exercise.id, False, NOT_ANSWERED, answered=False)
    expected = exercise.expected()
    correct, problem = _judge(exercise, answer, expected)
    if problem is not None:
        return Feedback(exercise.id, False, problem)
    if correct:
        text = "Checks passed." + (f" {exercise.on_success}" if exercise.on_success else "")
        return Feedback(exercise.id, True, text)
    for hint in exercise.hints:
        try:
            applies = bool(hint.when(answer, expected))
        except (TypeError, ValueError, ZeroDivisionError):
            applies = False
        if applies:
            return Feedback(exercise.id, False, "Not yet. " + hint.message)
    return Feedback(exercise.id, False, "Not yet. " + exercise.default_hint)


def list_exercises(notebook: str | None = None) -> pd.DataFrame:
    """Return the exercises as a DataFrame (``id``, ``notebook``, ``title``, ``kind``).

    Examples
    --------
    >>> from lbpkit.exercises import list_exercises
    >>> "00.mean-pain" in set(list_exercises("00")["id"])
    True
    """
    rows = [
        {"id": ex.id, "notebook": ex.notebook, "title": ex.title, "kind": ex.kind}
        for ex in _registry().values()
        if notebook is None or ex.notebook == str(notebook)
    ]
    return pd.DataFrame(rows, columns=["id", "notebook", "title", "kind"])


# Predicates for common misconceptions, for use in ``Hint(when=...)``.
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
