"""Exercise checks: ``check(exercise_id, answer)``, the precision rules, and each notebook's exercise bank.

For learners (who call :func:`check` in a notebook) and instructors (who add exercises):

- :mod:`~lbpkit.exercises.checker`: :func:`check`, the :class:`Exercise` and :class:`Hint` records
  and how an answer is judged
- :mod:`~lbpkit.exercises.judging`: how an answer is judged (form, tolerance, "close", the
  misconceptions and common slips such as :func:`is_reciprocal` that hints test for)
- :mod:`~lbpkit.exercises.precision`: how precise an answer must be (decimals, significant figures)
- :mod:`~lbpkit.exercises.solutions`: the ``%%solution`` and ``%%after_answering`` cell magics that keep
  solutions folded until the learner opens them, and the results after an exercise folded until the
  exercise is answered (a prediction) or answered correctly or tried three times (a calculation)
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
    answer_forms,
    check,
    get_exercise,
    has_wrong_sign,
    is_reciprocal,
    list_exercises,
    looks_like_percent_for_proportion,
    looks_like_proportion_for_percent,
    matches,
    misconceptions,
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
    "answer_forms",
    "misconceptions",
    "matches",
    "looks_like_proportion_for_percent",
    "looks_like_percent_for_proportion",
    "has_wrong_sign",
    "is_reciprocal",
]
