"""A plain-language line under Python's ``NameError`` in the notebooks.

A learner who types a choice without quotes (``answer = b`` instead of ``answer = "b"``) gets
``NameError: name 'b' is not defined`` before any exercise check can run, so the check cannot
explain it. :func:`register_name_error_hint` asks IPython to show, under the usual traceback, what
the error most likely means: an answer letter that needs quotes, or a name made by a cell further up
that has not been run yet. The traceback itself is kept, so nothing is hidden from anyone who reads
it.

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

__all__ = ["name_error_hint", "register_name_error_hint"]

_ANSWER_CELL = re.compile(r"\bcheck\s*\(")
_NAME = re.compile(r"name '([^']+)' is not defined")


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


def register_name_error_hint(shell: Any | None = None) -> None:
    """Show :func:`name_error_hint` under every ``NameError`` in the running IPython (no-op outside it).

    Parameters
    ----------
    shell : IPython.core.interactiveshell.InteractiveShell, optional
        The shell to register with; the running one by default.
    """
    from lbpkit.exercises.solutions import running_shell

    shell = running_shell(shell, needs="set_custom_exc")
    if shell is None:
        return

    def explain(ip: Any, etype: type, value: BaseException, tb: Any, tb_offset: int | None = None) -> None:
        ip.showtraceback((etype, value, tb), tb_offset=tb_offset)
        match = _NAME.search(str(value))
        if match is None:
            return
        from IPython.display import Markdown, display

        cell = ip.user_ns.get("_ih", [""])[-1] if ip.user_ns.get("_ih") else ""
        display(Markdown("**What this means:** " + name_error_hint(match.group(1), cell)))

    shell.set_custom_exc((NameError,), explain)
