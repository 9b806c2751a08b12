"""What every explorer of :mod:`lbpkit.widgets` shares: wiring, failure messages, display, sweeps.

An explorer is an ``ipywidgets.VBox`` built by :func:`explorer` around an ``update`` function
that reads the controls and returns a :class:`View` (the computed state, a one-line summary in
words that names the current settings, a figure and an optional table). Every update is caught:
when it fails, the output area is cleared (so no stale figure is left standing) and says in
plain words what happened and what to change. :func:`control_settings` and :func:`sweep` drive
every control to its minimum, middle and maximum, for the tests and for
``benchmarks/bench_widgets.py``.
"""

from __future__ import annotations

import html
import io
import itertools
import textwrap
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

__all__ = ["SettingError", "View", "explorer", "control_settings", "sweep", "format_number", "wrap_title", "LABEL_STYLE"]

LABEL_STYLE = {"description_width": "300px"}  # room for labels that say what a control means
CONTROL_WIDTH = "640px"


class SettingError(ValueError):
    """A setting the explorer cannot compute, with what happened and what to change, in words."""

    def __init__(self, what: str, change: str) -> None:
        super().__init__(f"{what} {change}")
        self.what, self.change = what, change


@dataclass
class View:
    """One update's result: ``state`` (kept as ``box.state``), the summary shown above the figure."""

    state: object
    summary: str
    figure: plt.Figure | None = None
    table: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)


def problem_message(error: BaseException) -> str:
    """Plain words for a failed update: what happened and what to change."""
    if isinstance(error, SettingError):
        return f"This setting cannot be shown. {error.what} What to change: {error.change}"
    if isinstance(error, ValueError):
        return (f"This setting cannot be shown: {error} What to change: move the control you just "
                "moved back towards its previous value.")
    return (f"Something unexpected went wrong ({type(error).__name__}: {error}). The figure was cleared "
            "so that it cannot mislead. What to change: move the control you just moved back to its "
            "previous value; if the problem stays, restart the kernel and run the notebook again.")


def _in_kernel() -> bool:
    from IPython import get_ipython

    return get_ipython() is not None


def render_png(fig: plt.Figure) -> bytes:
    """The figure as PNG bytes, drawn once (the inline backend's ``bbox_inches="tight"`` draws twice)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


# Outside a kernel nothing is displayed; set this to True to render the PNG and the table anyway (benchmarks).
RENDER_OUTSIDE_KERNEL = False


def _display(output, view: View | None, message: str, *, problem: bool) -> None:
    from IPython.display import HTML, Image, clear_output, display

    colour = "#b00020" if problem else "#222"
    text = f'<div style="color:{colour}; max-width:60em">{html.escape(message)}</div>'
    png = render_png(view.figure) if view is not None and view.figure is not None else None
    with output:
        clear_output(wait=True)
        display(HTML(text))
        if png is not None:
            display(Image(data=png, format="png"))
        if view is not None and view.table is not None:
            display(view.table)


def show(output, view: View | None, message: str, *, problem: bool = False) -> None:
    """Replace what ``output`` shows; outside a kernel (tests, scripts) only close the figure."""
    if _in_kernel():
        _display(output, view, message, problem=problem)
    elif RENDER_OUTSIDE_KERNEL and view is not None:  # the work a kernel does for the front end
        if view.figure is not None:
            render_png(view.figure)
        if view.table is not None:
            view.table._repr_html_()
    if view is not None and view.figure is not None:
        plt.close(view.figure)


def explorer(controls: dict, update: Callable[[], View], *, intro: str = "", extra: list | None = None,
             prepare: Callable[[], None] | None = None, dependents: dict[str, Callable[[], None]] | None = None):
    """Wire ``controls`` to ``update`` and return the explorer's ``VBox``.

    The box has ``.controls``, ``.output``, ``.state`` (latest successful state, ``None`` after a
    failure), ``.message`` (the words the output area shows now), ``.problem`` (``True`` when that
    is a failure message), ``.n_updates`` (recomputations tried), ``.seconds`` and ``.cpu_seconds``
    (the last one's wall-clock and CPU time) and ``.hold()`` (a context manager that defers recomputation while several controls
    are changed together; one recomputation follows). ``prepare``, if given, runs first in each
    update and may adjust controls (e.g. a range that depends on another control) without
    triggering further updates. ``dependents`` maps a control's name to a function that adjusts
    other controls (e.g. a slider's range) as soon as that control changes, also without
    triggering updates of its own.
    """
    import ipywidgets as widgets

    output = widgets.Output()
    status = widgets.HTML()  # says "updating…" while a recomputation runs, so a slow one is visible
    children = ([widgets.HTML(intro)] if intro else []) + list(controls.values()) + list(extra or [])
    box = widgets.VBox(children + [status, output])
    box.controls, box.output = controls, output
    box.state, box.message, box.problem = None, "", False
    box.n_updates, box.seconds, box.cpu_seconds = 0, 0.0, 0.0
    held = {"depth": 0, "pending": False, "silent": False}

    def refresh(_change=None) -> None:
        if held["silent"]:
            return
        if held["depth"]:
            held["pending"] = True
            return
        start, cpu_start = time.perf_counter(), time.process_time()
        box.n_updates += 1
        status.value = "<i>updating…</i>"
        try:
            if prepare is not None:
                quietly(prepare)
            view = update()
        except Exception as error:  # noqa: BLE001 - every failure must be shown, none may escape
            box.state, box.problem = None, True
            box.message = problem_message(error)
            show(output, None, box.message, problem=True)
        else:
            box.state, box.problem = view.state, False
            box.message = " ".join([view.summary, *view.notes])
            show(output, view, box.message)
        status.value = ""
        box.seconds, box.cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start

    class _Hold:
        def __enter__(self):
            held["depth"] += 1

        def __exit__(self, *exc):
            held["depth"] -= 1
            if not held["depth"] and held["pending"]:
                held["pending"] = False
                refresh()

    def quietly(adjust: Callable[[], None]) -> None:
        was, held["silent"] = held["silent"], True
        try:
            adjust()
        finally:
            held["silent"] = was

    box.hold = _Hold
    box.refresh = refresh
    for name, adjust in (dependents or {}).items():  # registered first: they run before the update
        controls[name].observe(lambda _change, adjust=adjust: quietly(adjust), names="value")
    for control in controls.values():
        if not isinstance(control, widgets.Button):
            control.observe(refresh, names="value")
    refresh()
    return box


def control_settings(control) -> list:
    """The values a sweep sets a control to: minimum, middle and maximum (or every option)."""
    import ipywidgets as widgets

    if isinstance(control, (widgets.Dropdown, widgets.ToggleButtons, widgets.RadioButtons)):
        return [value for _, value in control.options] if control.options and isinstance(control.options[0], tuple) else list(control.options)
    if isinstance(control, widgets.Checkbox):
        return [False, True]
    if isinstance(control, widgets.FloatLogSlider):
        exponents = [control.min, (control.min + control.max) / 2, control.max]
        steps = [round((e - control.min) / control.step) * control.step + control.min for e in exponents]
        return [float(control.base ** e) for e in steps]
    if hasattr(control, "min") and hasattr(control, "max"):
        low, high = control.min, control.max
        step = getattr(control, "step", 1) or 1
        middle = low + round((high - low) / 2 / step) * step
        if isinstance(control, widgets.IntSlider):
            middle = int(middle)
        return [low, middle, high]
    raise TypeError(f"no sweep values for {type(control).__name__}")


def _set(box, name: str, value) -> None:
    control = box.controls[name]
    if control.value == value:
        box.refresh()  # same value: recompute anyway, so that every setting is timed
    else:
        control.value = value


def sweep(box, *, pairs: bool = True) -> Iterator[dict]:
    """Drive every control of ``box`` to its minimum, middle and maximum, one at a time, then the
    four extreme corners of every pair of controls; yield one record per setting.

    Each record has ``setting`` (the control values, read back after the update), ``seconds``,
    ``message``, ``problem`` and ``values_asked`` (what the sweep set). Ranges are read when a
    setting is made, so a control whose range depends on another is swept over its current range.
    Buttons are pressed once per setting of the other controls.
    """
    import ipywidgets as widgets

    names = [n for n, c in box.controls.items() if not isinstance(c, widgets.Button)]
    buttons = [n for n, c in box.controls.items() if isinstance(c, widgets.Button)]
    start = {n: box.controls[n].value for n in names}

    def record(asked: dict) -> dict:
        return {"setting": {n: box.controls[n].value for n in names}, "values_asked": asked,
                "seconds": box.seconds, "cpu_seconds": box.cpu_seconds, "message": box.message, "problem": box.problem, "state": box.state}

    def reset() -> None:
        with box.hold():
            for n in names:
                if box.controls[n].value != start[n]:
                    _clamped_set(box.controls[n], start[n])

    for name in names:
        for value in control_settings(box.controls[name]):
            _set(box, name, value)
            yield record({name: value})
        reset()
    if pairs:
        for first, second in itertools.combinations(names, 2):
            for a_end, b_end in itertools.product((0, -1), repeat=2):
                before = box.n_updates
                with box.hold():
                    a = control_settings(box.controls[first])[a_end]
                    _clamped_set(box.controls[first], a)
                    b = control_settings(box.controls[second])[b_end]
                    _clamped_set(box.controls[second], b)
                if box.n_updates == before:  # nothing changed: recompute anyway, to time it
                    box.refresh()
                yield record({first: a, second: b})
            reset()
    for name in buttons:
        before = box.n_updates
        box.controls[name].click()
        yield {**record({name: "pressed"}), "recomputed": box.n_updates == before + 1}


def _clamped_set(control, value) -> None:
    import ipywidgets as widgets

    if hasattr(control, "min") and hasattr(control, "max") and not isinstance(value, (str, bool)):
        low, high = control.min, control.max
        if isinstance(control, widgets.FloatLogSlider):  # its min and max are exponents
            low, high = control.base ** low, control.base ** high
        value = min(max(value, low), high)
    control.value = value


def wrap_title(text: str, width: int = 80) -> str:
    """A long figure title broken into lines, so that it is never cut off at the figure's edge."""
    return textwrap.fill(text, width=width, break_long_words=False)


def format_number(value: float) -> str:
    """A short, readable number for summaries and titles."""
    return f"{value:.3g}" if np.isfinite(value) else "undefined"
