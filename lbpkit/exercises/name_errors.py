"""A plain-language line under Python's ``NameError`` in the notebooks.

A learner who types a choice without quotes (``answer = b`` instead of ``answer = "b"``) gets
``NameError: name 'b' is not defined`` before any exercise check can run, so the check cannot
explain it. :func:`register_name_error_hint` asks IPython to show, under the usual traceback, what
the error most likely means: an answer letter that needs quotes, or a name made by a cell further up
that has not been run yet. The traceback itself is kept, so nothing is hidden from anyone who reads
it. The same hook explains the ``TypeError`` of a square written with a calculator's ``^``
(``(b - c) ^ 2 / (b + c)``): in Python ``^`` is not a power.

Examples
--------
>>> name_error_hint("b", 'answer = b\\ncheck("02.age-modification", answer)')
'Python read `b` as the name of a variable, and nothing has that name. If `b` is your answer (one of the lettered options), put it in quotes: `"b"`.'
>>> name_error_hint("triggers", "figure(triggers, 'x')")[:46]
'Python does not know `triggers` yet. It is mad'
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["name_error_hint", "caret_error_hint", "register_name_error_hint"]

_ANSWER_CELL = re.compile(r"\bcheck\s*\(")
_NAME = re.compile(r"name '([^']+)' is not defined")
_CARET = re.compile(r"unsupported operand type\(s\) for \^")


def name_error_hint(name: str, cell: str) -> str:
    """The plain-language explanation shown under ``NameError: name '<name>' is not defined``.

    Parameters
    ----------
    name : str
        The undefined name, as Python reports it.
    cell : str
        The source of the cell that raised the error.

    Returns
    -------
    str
        One or two sentences (Markdown backticks for code).

    Examples
    --------
    >>> name_error_hint("a", "check('05.which-unbiased', a)").startswith("Python read `a`")
    True
    """
    if len(name) <= 2 and name.isalpha() and _ANSWER_CELL.search(cell):
        return (f"Python read `{name}` as the name of a variable, and nothing has that name. "
                f'If `{name}` is your answer (one of the lettered options), put it in quotes: `"{name}"`.')
    return (f"Python does not know `{name}` yet. It is made by a cell further up that has not run in "
            "this session (for example after a kernel restart): run the cells above this one "
            "(Run menu, Run All Above Selected Cell), then this cell again.")


def caret_error_hint(message: str) -> str | None:
    """The explanation shown under a ``TypeError`` raised by ``^`` used as a power, else None.

    Examples
    --------
    >>> caret_error_hint("unsupported operand type(s) for ^: 'int' and 'float'")[:33]
    'In Python `^` is not a power: wri'
    >>> caret_error_hint("unsupported operand type(s) for +: 'int' and 'str'") is None
    True
    """
    if not _CARET.search(message):
        return None
    return ("In Python `^` is not a power: write a square as `** 2`, for example `(b - c) ** 2 / (b + c)` "
            "with your own names for b and c.")


def register_name_error_hint(shell: Any | None = None) -> None:
    """Show :func:`name_error_hint` under every ``NameError`` in the running IPython (no-op outside it).

    Parameters
    ----------
    shell : IPython.core.interactiveshell.InteractiveShell, optional
        The shell to register with; the running one by default.
    """
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython is a dependency of the notebooks
            return
        shell = get_ipython()
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return

    def explain(ip: Any, etype: type, value: BaseException, tb: Any, tb_offset: int | None = None) -> None:
        ip.showtraceback((etype, value, tb), tb_offset=tb_offset)
        from IPython.display import Markdown, display

        if issubclass(etype, TypeError):
            hint = caret_error_hint(str(value))
            if hint is not None:
                display(Markdown("**What this means:** " + hint))
            return
        match = _NAME.search(str(value))
        if match is None:
            return
        cell = ip.user_ns.get("_ih", [""])[-1] if ip.user_ns.get("_ih") else ""
        display(Markdown("**What this means:** " + name_error_hint(match.group(1), cell)))

    shell.set_custom_exc((NameError, TypeError), explain)
