"""An answer stored under a changed name: ``Mean_pain = 6.2`` above ``check("00.mean-pain", mean_pain)``.

For :func:`lbpkit.check` and :mod:`lbpkit.exercises.friendly_errors`. Python tells ``Mean_pain``
from ``mean_pain``, so the check reads the old name: a ``NameError`` on a fresh kernel, or, worse,
an earlier try still held by the old name, judged in silence (round-8 trial of 00). Both say so.
This module imports nothing from the checker, so the checker and the error hints can both use it.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["renamed_answer_hint", "renamed_answer_in_running_cell"]

_ASSIGNED = re.compile(r"^[ \t]*([A-Za-z_]\w*)[ \t]*=(?!=)", re.MULTILINE)


def _renamed(name: str, cell: str) -> str | None:
    """The name the cell assigns in place of ``name`` (``Mean_pain`` for ``mean_pain``: same letters, other capitals
    or underscores), if the cell does not assign ``name`` itself; else None."""
    assigned = _ASSIGNED.findall(cell)
    if name in assigned:
        return None
    same = [other for other in assigned if other.lower().replace("_", "") == name.lower().replace("_", "")]
    return same[0] if same else None


def _renamed_message(typed: str, name: str) -> str:
    return (f"Your cell stores the answer under `{typed}`, but the check reads `{name}`: Python tells capital and "
            f"small letters (and `_`) apart. Keep the name as the cell had it, `{name} = ...`, and run the cell again.")


def renamed_answer_hint(exercise_id: str, cell: str) -> str | None:
    """What to say when an answer cell stores its answer under a changed name but checks the old one.

    The old name may still hold an earlier answer, which the check would judge in silence (round-8 trial of 00:
    ``Mean_pain = 6.2`` after a wrong try got the hint for that try).

    Examples
    --------
    >>> renamed_answer_hint("00.mean-pain", 'Mean_pain = 6.2\\ncheck("00.mean-pain", mean_pain)')[:40]
    'Your cell stores the answer under `Mean_'
    >>> renamed_answer_hint("00.mean-pain", 'mean_pain = 6.2\\ncheck("00.mean-pain", mean_pain)') is None
    True
    """
    checked = re.search(rf"""\bcheck\s*\(\s*["']{re.escape(exercise_id)}["']\s*,\s*([A-Za-z_]\w*)\s*\)""", cell)
    typed = _renamed(checked.group(1), cell) if checked else None
    return _renamed_message(typed, checked.group(1)) if typed else None


def renamed_answer_in_running_cell(exercise_id: str, answer: Any) -> str | None:
    """:func:`renamed_answer_hint` for the cell the running IPython executes now, when ``answer`` is the value of
    the name that cell checks (so a check called from elsewhere is not judged by the last cell); None outside IPython."""
    from lbpkit.exercises.solutions import running_shell

    shell = running_shell(needs="user_ns")
    history = shell.user_ns.get("_ih") if shell is not None else None
    hint = renamed_answer_hint(exercise_id, history[-1]) if history else None
    checked = re.search(r"reads `(\w+)`", hint) if hint else None
    return hint if checked and shell.user_ns.get(checked.group(1), object()) is answer else None
