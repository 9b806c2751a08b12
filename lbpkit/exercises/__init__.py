"""Exercise checks: ``check(exercise_id, answer)``, the precision rules, and each notebook's exercise bank.

For learners (who call :func:`check` in a notebook) and instructors (who add exercises):

- :mod:`~lbpkit.exercises.checker`: :func:`check`, the :class:`Exercise` and :class:`Hint` records
  and how an answer is judged
- :mod:`~lbpkit.exercises.precision`: how precise an answer must be (decimals, significant figures)
- :mod:`lbpkit.exercises.bank`: one module per notebook (``bank/nb03.py``...), each with a list
  ``EXERCISES``

This wing sits at the top of the package: an exercise may compute its expected answer with any
other part of ``lbpkit``; nothing else imports it except ``lbpkit/__init__.py`` (for ``check``).
"""

from lbpkit.exercises.checker import (
    NOT_ANSWERED,
    Exercise,
    Feedback,
    Hint,
    check,
    get_exercise,
    has_wrong_sign,
    is_reciprocal,
    list_exercises,
    looks_like_percent_for_proportion,
    looks_like_proportion_for_percent,
    matches,
    reset_attempts,
)
from lbpkit.exercises.precision import Precision, decimals, number_forms, significant

__all__ = [
    "Exercise",
    "Hint",
    "Feedback",
    "Precision",
    "significant",
    "decimals",
    "number_forms",
    "check",
    "reset_attempts",
    "list_exercises",
    "get_exercise",
    "NOT_ANSWERED",
    "matches",
    "looks_like_proportion_for_percent",
    "looks_like_percent_for_proportion",
    "has_wrong_sign",
    "is_reciprocal",
]
