"""Solution cells that stay folded, whatever the learner runs.

Two cell magics, registered when :mod:`lbpkit` is imported in IPython/Jupyter:

``%%solution NN.slug``
    Runs the cell body (the solution, which ends with ``check("NN.slug", ...)``) in a copy of
    the notebook's namespace, so it changes no variable of the learner's, and shows **one closed**
    ``<details>`` element: "Solution to NN.slug — click to open or close". Opened, it holds the solution
    code and everything the code printed or displayed, including the green "Checks passed".
    Run All, Restart-and-Run-All and Shift+Enter therefore show no solution result. If the
    solution's own check does not pass (or it never calls it), the cell raises, so nbval — and
    ``make test`` — fail on a wrong solution.

``%%after_answering NN.slug``
    For a result that follows an exercise: runs the body in the notebook's namespace as usual,
    and shows its outputs as in any cell once the result is *open* (:func:`result_open`):

    - for a prediction exercise (``Exercise(predict=True)``, "predict, then run"), once the
      learner has answered it in this session, right or wrong: predict, then see;
    - for any other exercise (a calculation, whose result would print the answer), only once the
      learner has answered it correctly, or has had all its hints: ``TRIES_TO_OPEN`` (3) wrong
      tries, the third after the method hint (the second) has been shown.

    Until then the outputs are folded into a closed element whose one line says what it is, when
    it opens and how to peek (:func:`_result_summary`: "Result for NN.slug, hidden so that it does
    not give the answer away. It appears here when you run this cell again after answering ...
    To see it now anyway, click this line."). The stored (executed) notebook shows them folded,
    because the build does not answer the exercises. In a student edition (``make student``,
    marked by the file ``.lbpkit-student-edition`` at the kit's root) a result that is not open
    is withheld, not folded: the cell runs, and says what opens it.

The folded HTML is plain ``<details>``/``<summary>``, which JupyterLab (also for untrusted,
stored outputs), nbconvert's HTML, the kit's offline site and GitHub's notebook preview all
render closed; it holds no widget, so nothing depends on a widget manager. Its text/plain form
says only that a folded solution is there. Output is deterministic (figures are embedded as PNG;
the nbval sanitizer replaces their bytes).
"""

from __future__ import annotations

import ast
import base64
import html
import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["solution_html", "register_magics", "answered", "result_open", "forget_answers", "record_check", "SolutionFailed",
           "TRIES_TO_OPEN"]

# Wrong tries after which the result of a calculation exercise opens: its hints escalate in two
# steps (a nudge, then the method), so the third wrong try comes after the learner has had them all.
TRIES_TO_OPEN = 3

# Exercises the learner answered (a check with something other than the ... placeholder) in
# this kernel, outside solution cells; those answered correctly; and the wrong tries of each.
_ANSWERED: set[str] = set()
_PASSED: set[str] = set()
_WRONG: dict[str, int] = {}
# The last Feedback of each exercise checked inside a running solution cell.
_SOLUTION_FEEDBACK: dict[str, Any] = {}
_IN_SOLUTION = [0]


class SolutionFailed(AssertionError):
    """A solution cell whose own check does not pass (so `make test` fails on it)."""


def record_check(feedback: Any) -> None:
    """Called by :func:`lbpkit.exercises.check` with every Feedback it returns."""
    if _IN_SOLUTION[0]:
        _SOLUTION_FEEDBACK[feedback.exercise_id] = feedback
    elif feedback.answered:
        _ANSWERED.add(feedback.exercise_id)
        if feedback.passed:
            _PASSED.add(feedback.exercise_id)
        elif feedback.level != "form":  # an answer of the wrong form ("give a number") is no try
            _WRONG[feedback.exercise_id] = _WRONG.get(feedback.exercise_id, 0) + 1


def answered(exercise_id: str) -> bool:
    """True once the learner has checked an answer to ``exercise_id`` in this kernel."""
    return exercise_id in _ANSWERED


def forget_answers(exercise_id: str | None = None) -> None:
    """Forget the answers recorded for one exercise (or all): their after-answering results close again."""
    for exercise in [exercise_id] if exercise_id is not None else list(_ANSWERED | set(_WRONG)):
        _ANSWERED.discard(exercise)
        _PASSED.discard(exercise)
        _WRONG.pop(exercise, None)


def _is_prediction(exercise_id: str) -> bool:
    return bool(_EXERCISE_LOOKUP is not None and getattr(_EXERCISE_LOOKUP(exercise_id), "predict", False))


def result_open(exercise_id: str) -> bool:
    """True once the result of an ``%%after_answering`` cell for ``exercise_id`` may be shown.

    A prediction exercise (``predict=True``) opens after any answer; any other exercise after a
    right answer or after ``TRIES_TO_OPEN`` wrong tries (answers of the wrong form do not count).

    Examples
    --------
    >>> from lbpkit.exercises import check
    >>> from lbpkit.exercises.solutions import forget_answers, result_open
    >>> forget_answers("00.mean-pain")  # a fresh start, whatever ran before in this kernel
    >>> _ = check("00.mean-pain", 7)  # a calculation: one wrong try does not open its result
    >>> result_open("00.mean-pain")
    False
    >>> _ = check("00.mean-pain", 6.2)
    >>> result_open("00.mean-pain")
    True
    >>> forget_answers("00.mean-pain")  # as if the learner had not answered it
    >>> result_open("00.mean-pain")
    False
    """
    if exercise_id in _PASSED:
        return True
    if _is_prediction(exercise_id):
        return exercise_id in _ANSWERED
    return _WRONG.get(exercise_id, 0) >= TRIES_TO_OPEN


def _what_opens(exercise_id: str) -> str:
    if _is_prediction(exercise_id):
        return f"Answer {exercise_id} first"
    return f"Answer {exercise_id} correctly (or try {TRIES_TO_OPEN} times)"


@contextmanager
def _solution_mode() -> Iterator[None]:
    _IN_SOLUTION[0] += 1
    try:
        yield
    finally:
        _IN_SOLUTION[0] -= 1


class _Sink(io.TextIOBase):
    """Collects printed text into the shared list of outputs, in order with displays."""

    def __init__(self, items: list[tuple[str, Any]]) -> None:
        self.items = items

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if text:
            if self.items and self.items[-1][0] == "stream":
                self.items[-1] = ("stream", self.items[-1][1] + text)
            else:
                self.items.append(("stream", text))
        return len(text)


def _run(shell: Any, code: str, namespace: dict, items: list[tuple[str, Any]] | None) -> None:
    """Execute ``code`` in ``namespace``; display the last expression as a cell would.

    With ``items`` given, what the code prints or displays is collected there instead of shown.
    """
    from IPython.core.displaypub import DisplayPublisher
    from IPython.display import display

    tree = ast.parse(shell.transform_cell(code))
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    saved_stdout, saved_publisher = sys.stdout, shell.display_pub
    if items is not None:

        class _Collect(DisplayPublisher):
            def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs):
                items.append(("display", data))

            def clear_output(self, wait=False):
                items.clear()

        sys.stdout, shell.display_pub = _Sink(items), _Collect(shell=shell)
    try:
        exec(compile(tree, "<solution>", "exec"), namespace)  # noqa: S102 - the notebook's own cell
        if last is not None:
            value = eval(compile(ast.Expression(last.value), "<solution>", "eval"), namespace)  # noqa: S307
            if value is not None:
                display(value)
        if items is not None:
            items.extend(("display", data) for data in _new_figures(namespace))
    finally:
        sys.stdout, shell.display_pub = saved_stdout, saved_publisher


def _new_figures(namespace: dict) -> list[dict]:
    """Open matplotlib figures as PNG data (then closed), so a folded plot stays inside the fold."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None:
        return []
    found = []
    for number in pyplot.get_fignums():
        figure = pyplot.figure(number)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
        pyplot.close(figure)
        found.append({"image/png": base64.b64encode(buffer.getvalue()).decode("ascii"), "text/plain": "<Figure>"})
    return found


def _as_html(items: list[tuple[str, Any]]) -> str:
    parts = []
    for kind, data in items:
        if kind == "stream":
            parts.append(f'<pre class="lbpkit-fold-stream">{html.escape(data)}</pre>')
        elif "text/html" in data:
            parts.append(f"<div>{data['text/html']}</div>")
        elif "image/png" in data:
            parts.append(f'<div><img alt="figure" src="data:image/png;base64,{data["image/png"]}"/></div>')
        elif "text/plain" in data:
            parts.append(f"<pre>{html.escape(data['text/plain'])}</pre>")
    return "\n".join(parts)


_SUMMARY_STYLE = "cursor:pointer;padding:4px 8px;background:#eef2f7;border:1px solid #c9d3df;border-radius:4px"


def _fold(kind: str, exercise_id: str, summary: str, body: str) -> dict[str, str]:
    markup = (
        f'<details class="lbpkit-{kind}" data-exercise="{html.escape(exercise_id)}">'
        f'<summary style="{_SUMMARY_STYLE}">{summary}</summary>\n'
        f'<div style="border-left:3px solid #c9d3df;padding:4px 10px;margin-top:4px">\n{body}\n</div></details>'
    )
    return {"text/html": markup, "text/plain": html.unescape(_strip_tags(summary)) + " (folded)"}


def _strip_tags(text: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", text)


def solution_html(exercise_id: str, code: str, items: list[tuple[str, Any]]) -> dict[str, str]:
    """The closed fold of a solution: its code and what it printed or displayed.

    Examples
    --------
    >>> bundle = solution_html("00.mean-pain", "x = 1", [("stream", "1\\n")])
    >>> bundle["text/html"].startswith('<details class="lbpkit-solution"'), " open" in bundle["text/html"].split(">")[0]
    (True, False)
    >>> bundle["text/plain"]
    'Solution to 00.mean-pain — click to open or close (folded)'
    """
    summary = f"<b>Solution to {html.escape(exercise_id)}</b> — click to open or close"
    body = (f'<pre class="lbpkit-solution-code" style="background:#f6f8fa;padding:6px">'
            f"{html.escape(code.strip())}</pre>\n{_as_html(items)}")
    return _fold("solution", exercise_id, summary, body)


# The exercise registry is lbpkit.exercises.checker's, which imports this module; it hands its
# look-up in here (set_exercise_lookup) instead of this module importing it back.
_EXERCISE_LOOKUP: Any = None


def set_exercise_lookup(lookup: Any) -> None:
    """Called once by :mod:`lbpkit.exercises.checker` with its ``get_exercise``."""
    global _EXERCISE_LOOKUP
    _EXERCISE_LOOKUP = lookup


def _known_exercise(exercise_id: str) -> None:
    if _EXERCISE_LOOKUP is not None:
        _EXERCISE_LOOKUP(exercise_id)


def run_solution(shell: Any, exercise_id: str, code: str) -> dict[str, str]:
    """Run a solution in a copy of the namespace; raise :class:`SolutionFailed` unless its check passes."""
    _known_exercise(exercise_id)  # a clear error for an unknown id
    items: list[tuple[str, Any]] = []
    _SOLUTION_FEEDBACK.pop(exercise_id, None)
    with _solution_mode():
        _run(shell, code, dict(shell.user_ns), items)
    feedback = _SOLUTION_FEEDBACK.pop(exercise_id, None)
    if feedback is None:
        raise SolutionFailed(f"The solution cell of {exercise_id} never calls check({exercise_id!r}, ...).")
    if not feedback.passed:
        raise SolutionFailed(f"The solution of {exercise_id} fails its own check: {feedback.message}")
    return solution_html(exercise_id, code, items)


def run_after_answering(shell: Any, exercise_id: str, code: str) -> dict[str, str] | None:
    """Run an after-answering cell; fold its outputs (withhold them in a student edition) unless open."""
    _known_exercise(exercise_id)
    if result_open(exercise_id):
        _run(shell, code, shell.user_ns, None)
        return None
    items: list[tuple[str, Any]] = []
    _run(shell, code, shell.user_ns, items)
    if _student_edition():
        message = f"{_what_opens(exercise_id)} to see this result, then run this cell again."
        return {"text/html": f"<i>{html.escape(message)}</i>", "text/plain": message}
    summary = _result_summary(exercise_id)
    return _fold("after-answering", exercise_id, summary, _as_html(items))


def _result_summary(exercise_id: str) -> str:
    """The one line a learner sees on a closed result: what it is, when it opens, how to peek.

    Examples
    --------
    >>> from lbpkit.exercises.checker import get_exercise  # registers the bank's exercises
    >>> print(_strip_tags(_result_summary("00.mean-pain")))
    Result for 00.mean-pain, hidden so that it does not give the answer away. It appears here when you run this cell again after answering 00.mean-pain correctly (or after 3 wrong tries). To see it now anyway, click this line.
    """
    name = html.escape(exercise_id)
    if _is_prediction(exercise_id):
        when = f"after answering {name} (right or wrong)"
    else:
        when = f"after answering {name} correctly (or after {TRIES_TO_OPEN} wrong tries)"
    return (f"<b>Result for {name}</b>, hidden so that it does not give the answer away. It appears here when "
            f"you run this cell again {when}. To see it now anyway, click this line.")


def _student_edition() -> bool:
    """True in a kit copy written by ``make student`` (tools/build_student_edition.py marks it)."""
    return (Path(__file__).resolve().parents[2] / ".lbpkit-student-edition").is_file()


class _Raw:
    """Displays exactly the given MIME bundle."""

    def __init__(self, bundle: dict[str, str]) -> None:
        self.bundle = bundle

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.bundle


def running_shell(shell: Any | None = None, *, needs: str) -> Any | None:
    """``shell``, or the running IPython, if it has the method ``needs``; None outside IPython."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython is a dependency of the notebooks
            return None
        shell = get_ipython()
    return shell if shell is not None and hasattr(shell, needs) else None


def register_magics(shell: Any | None = None) -> None:
    """Register ``%%solution`` and ``%%after_answering`` in the running IPython (no-op outside it)."""
    shell = running_shell(shell, needs="register_magic_function")
    if shell is None:
        return
    from IPython.display import display

    def solution(line: str, cell: str) -> None:
        display(_Raw(run_solution(shell, line.strip(), cell)))

    def after_answering(line: str, cell: str) -> None:
        bundle = run_after_answering(shell, line.strip(), cell)
        if bundle is not None:
            display(_Raw(bundle))

    shell.register_magic_function(solution, magic_kind="cell", magic_name="solution")
    shell.register_magic_function(after_answering, magic_kind="cell", magic_name="after_answering")


def load_ipython_extension(shell: Any) -> None:  # `%load_ext lbpkit.exercises.solutions`
    register_magics(shell)
