"""Notebook 05's bias lab: turn each threat to the design up and down; see the replicate means.

For learners of notebook 05; the computation is :func:`lbpkit.labs.run_bias_experiment`.
"""

from __future__ import annotations

from functools import lru_cache

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib import font_manager
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath
from matplotlib.ticker import NullLocator

from lbpkit.widgets.base import CONTROL_WIDTH, LABEL_STYLE, View, explorer, wrap_title
from lbpkit.plots import bias_plot

__all__ = ["bias_lab_table", "bias_lab_figure", "bias_lab_verdict", "bias_lab_explorer"]

_TEXT_PATH = TextToPath()
PLANTED_CHOICES = [("a real trigger (OR 2 or 3, per threat)", "effect"),
                   ("1: no effect (look for false triggers)", "null")]
TABLE_WORDS = {
    "choice": "analysis choice",
    "planted_or": "planted OR",
    "mean_or": "mean OR",
    "bias_percent": "mean bias (%)",
    "bias_lower": "MC 95% interval: from (%)",
    "bias_upper": "to (%)",
    "biased": "biased (interval excludes 0 and |bias| ≥ 5%)",
    "coverage": "share of 95% CIs covering the truth",
    "n_failed": "studies without a finite estimate",
}


def bias_lab_table(summary: pd.DataFrame) -> pd.DataFrame:
    """The bias lab's table in words: a replicated summary of :mod:`lbpkit.labs`, columns renamed.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"choice": ["a"], "planted_or": [2.0], "mean_or": [2.1], "bias_percent": [5.0],
    ...                   "bias_lower": [1.0], "bias_upper": [9.0], "biased": [True], "coverage": [0.9],
    ...                   "n_failed": [0]})
    >>> list(bias_lab_table(t).columns)[:3]
    ['analysis choice', 'planted OR', 'mean OR']
    """
    table = summary[list(TABLE_WORDS)].round({"mean_or": 3, "bias_percent": 1, "bias_lower": 1, "bias_upper": 1, "coverage": 2})
    return table.rename(columns=TABLE_WORDS)


def _listed(rows: pd.DataFrame, *, mark_missed: bool = False) -> str:
    missed = (rows["bias_lower"] > 0) | (rows["bias_upper"] < 0)
    return ", ".join(f"{choice} ({bias:+.1f}%{'; its interval misses the truth' if mark_missed and miss else ''})"
                     for choice, bias, miss in zip(rows["choice"], rows["bias_percent"], missed))


def bias_lab_verdict(summary: pd.DataFrame) -> tuple[str, list[str]]:
    """The bias lab's read-out in words: a verdict for every row, then notes on small deviations.

    Every row is named once: *biased* (at least :data:`lbpkit.labs.BIAS_THRESHOLD_PERCENT` from the
    truth and its Monte Carlo interval excluding it), *not biased* (within that threshold: a
    deviation too small to call a bias here, whatever its interval says), or *not pinned down*
    (at least the threshold away, but the interval includes the truth).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"choice": ["before", "after"], "bias_percent": [4.4, 68.6], "bias_lower": [1.1, 63.9],
    ...                   "bias_upper": [7.8, 73.5], "biased": [False, True]})
    >>> verdict, notes = bias_lab_verdict(t)
    >>> verdict
    'Biased (at least 5% from the truth, and its Monte Carlo interval excludes the truth): after (+68.6%). Not biased (within 5% of the truth): before (+4.4%; its interval misses the truth).'
    """
    from lbpkit.labs import BIAS_THRESHOLD_PERCENT as threshold

    biased = summary[summary["biased"]]
    large = summary["bias_percent"].abs() >= threshold
    unclear = summary[~summary["biased"] & large]
    sound = summary[~summary["biased"] & ~large]
    parts = []
    if len(biased):
        parts.append(f"Biased (at least {threshold:g}% from the truth, and its Monte Carlo interval excludes the truth): "
                     f"{_listed(biased)}.")
    if len(sound):
        lead = ("No analysis choice is biased here: every mean lies within {t:g}% of the truth" if len(sound) == len(summary)
                else "Not biased (within {t:g}% of the truth)").format(t=threshold)
        parts.append(f"{lead}: {_listed(sound, mark_missed=True)}.")
    if len(unclear):
        parts.append(f"Not pinned down (at least {threshold:g}% from the truth, but its interval includes the truth, "
                     f"so this draw cannot tell): {_listed(unclear)}.")
    notes = []
    if ((sound["bias_lower"] > 0) | (sound["bias_upper"] < 0)).any():
        notes.append(f"A row within {threshold:g}% whose interval misses the truth is a few percent off it: chance in "
                     "this draw (press fresh draw: it moves) or a small real bias of the design or the estimator "
                     f"(it stays, still under {threshold:g}%). Either way it is too small to call a bias here.")
    return " ".join(parts), notes


def _interval_frame(summary: pd.DataFrame) -> pd.DataFrame:
    """Replicate mean OR with its Monte Carlo 95% interval on the OR scale, for :func:`bias_plot`."""
    return pd.DataFrame({"choice": summary["choice"], "odds_ratio": summary["mean_or"],
                         "ci_lower": summary["mean_or_lower"], "ci_upper": summary["mean_or_upper"]})


ROW_LABEL_CHARACTERS = 40  # row labels longer than this are broken into lines
FIGURE_WIDTH = 9.5  # inches


@lru_cache(maxsize=512)
def _text_width(text: str, size: float) -> float:
    """Width in inches of the widest line of ``text`` at font ``size`` (points), without drawing."""
    prop = FontProperties(size=size)
    return max(_TEXT_PATH.get_text_width_height_descent(line, prop, ismath=False)[0] for line in text.split("\n")) / 72


def _wrap_to(text: str, width_inches: float, size: float) -> str:
    """``text`` broken into lines no wider than ``width_inches`` at font ``size``."""
    if _text_width(text, size) <= width_inches:
        return text
    per_character = _text_width(text, size) / len(text)
    characters = max(int(width_inches / per_character), 10)
    while characters > 10 and _text_width(wrap_title(text, characters), size) > width_inches:
        characters -= 5
    return wrap_title(text, characters)


def bias_lab_figure(summary: pd.DataFrame, *, title: str | None = None) -> plt.Figure:
    """Draw a replicated bias-lab summary: per analysis choice, the mean OR and its MC interval.

    ``summary`` is a table from :func:`lbpkit.labs.run_bias_experiment`; the planted odds ratio
    is drawn as the reference line. Long row labels, the title and the x label are broken into
    lines, and the margins are set from the measured widths of the texts (so nothing is cut at
    the figure's edge, without the extra draw that ``tight_layout`` costs: the widget redraws
    this figure on every change).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"choice": ["a", "b"], "planted_or": [2.0, 2.0], "mean_or": [2.0, 1.2],
    ...                   "mean_or_lower": [1.9, 1.1], "mean_or_upper": [2.1, 1.3], "n_replicates": [100, 100]})
    >>> fig = bias_lab_figure(t, title="Synthetic example")
    >>> [text.get_text() for text in fig.axes[0].texts]
    ['bias +0%', 'bias -40%']
    """
    truth = float(summary["planted_or"].iloc[0])
    n = int(summary["n_replicates"].iloc[0])
    frame = _interval_frame(summary)
    frame["choice"] = [wrap_title(str(c), ROW_LABEL_CHARACTERS) for c in frame["choice"]]
    tick_size, title_size = (font_manager.FontProperties(size=plt.rcParams[k]).get_size_in_points()
                             for k in ("ytick.labelsize", "figure.titlesize"))
    left = (max(_text_width(c, tick_size) for c in frame["choice"]) + 0.3) / FIGURE_WIDTH
    heading = _wrap_to(title or f"Mean over {n} synthetic studies per analysis choice; planted OR {truth:g}",
                       FIGURE_WIDTH - 0.4, title_size)
    xlabel = _wrap_to(f"Mean estimated OR over {n} studies, with its Monte Carlo 95% interval (log scale)",
                      FIGURE_WIDTH * (0.98 - left) - 0.1, tick_size)
    head_lines, label_lines = heading.count("\n") + 1, xlabel.count("\n") + 1
    top_inches = 0.15 + 0.22 * head_lines + 0.25  # the title's lines, then the legend above the axes
    bottom_inches = 0.3 + 0.2 * label_lines  # tick labels, then the x label's lines
    height = 0.6 * len(frame) + 0.3 + top_inches + bottom_inches
    fig, ax = plt.subplots(figsize=(FIGURE_WIDTH, height))
    bias_plot(frame, truth=truth, ax=ax, xlabel=xlabel, title=heading)
    ax.set_title("")
    fig.suptitle(heading, y=1 - 0.1 / height, va="top")  # centred on the figure, not on the narrower axes
    ax.xaxis.set_minor_locator(NullLocator())  # the labelled 1-2-5 ticks suffice; minor ticks cost drawing time
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), fontsize="small", frameon=False, borderaxespad=0.1)
    fig.subplots_adjust(left=left, right=0.98, top=1 - top_inches / height, bottom=bottom_inches / height)
    return fig


def null_note(summary: pd.DataFrame) -> str:
    """The read-out's note for a planted OR of 1: a biased mean above 1 is a false trigger, below 1 a
    false protective effect (each named for the rows it applies to).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"choice": ["uni", "cut"], "bias_percent": [-38.0, 7.0], "biased": [True, True]})
    >>> null_note(t)
    'The truth is 1 (no effect): a biased mean below 1 is a false protective effect (uni), one above 1 a false trigger (cut).'
    """
    biased = summary[summary["biased"]]
    below = ", ".join(biased.loc[biased["bias_percent"] < 0, "choice"])
    above = ", ".join(biased.loc[biased["bias_percent"] > 0, "choice"])
    parts = ([f"a biased mean below 1 is a false protective effect ({below})"] if below else []) + (
        [f"{'one' if below else 'a biased mean'} above 1 {'' if below else 'is '}a false trigger ({above})"] if above else [])
    return "The truth is 1 (no effect): " + ", ".join(parts) + "."


def bias_lab_explorer(*, threat: str = "time_trend", strength: float | None = None, seed: int = 5,
                      planted: str = "effect"):
    """A dropdown of threats, a slider for the chosen threat's strength, the planted OR, a fresh draw.

    Each update runs :func:`lbpkit.labs.run_bias_experiment` with the threat's suggested number of
    replicates and draws, per analysis choice, the mean estimate over those simulated studies with
    its Monte Carlo 95% interval against the planted odds ratio. ``planted="null"`` plants an OR of
    1, where a biased mean above 1 is a false trigger and one below 1 a false protective effect. The "fresh draw" button reruns with the next
    seed. Returns an ``ipywidgets.VBox`` with ``.controls`` (``threat``, ``strength``,
    ``planted``, ``fresh_draw``), ``.seed`` and ``.state`` (the latest summary table); see
    :func:`lbpkit.widgets.base.explorer`. A change of threat shows that threat's own ``strength`` slider,
    at its default, in place of the last one (``.controls["strength"]`` is always the one shown).
    """
    import ipywidgets as widgets

    from lbpkit import labs  # imported here: the widgets of notebooks 03 and 04 do not need it

    THRESHOLD = labs.BIAS_THRESHOLD_PERCENT  # noqa: N806 - the kit's constant, named as in lbpkit.labs

    if threat not in labs.THREATS:
        raise ValueError(f"Unknown threat {threat!r}; choose one of {list(labs.THREATS)}.")
    if planted not in dict((v, k) for k, v in PLANTED_CHOICES):
        raise ValueError(f"`planted` must be 'effect' or 'null', got {planted!r}.")
    spec = labs.THREATS[threat]
    layout = widgets.Layout(width=CONTROL_WIDTH)

    def strength_slider(threat_spec, value: float):
        return widgets.FloatSlider(value=value, min=threat_spec.minimum, max=threat_spec.maximum, step=threat_spec.step,
                                   description=threat_spec.strength_label, style=LABEL_STYLE, layout=layout,
                                   continuous_update=False)

    controls = {
        "threat": widgets.Dropdown(options=[(t.label, key) for key, t in labs.THREATS.items()], value=threat,
                                   description="threat to the design", style=LABEL_STYLE,
                                   layout=widgets.Layout(width="820px")),  # room for the longest threat
        "strength": None,  # set just below: the slider of the threat shown
        "planted": widgets.Dropdown(options=PLANTED_CHOICES, value=planted, description="planted (true) odds ratio",
                                    style=LABEL_STYLE, layout=layout),
        "fresh_draw": widgets.Button(description="fresh draw: new simulated studies",
                                     layout=widgets.Layout(width="300px")),
    }
    # One slider per threat, built here so that a threat change only swaps them: the browser's slider
    # keeps the range it was drawn with for its Home/End keys (a round-4 trial found End on the
    # confounder slider stopping at 1.5, the time trend's maximum), so changing the min and max of
    # one slider is not enough; a slider put back on screen is drawn afresh, with its own range.
    sliders = {key: strength_slider(t, t.default) for key, t in labs.THREATS.items()}
    if strength is not None:
        sliders[threat].value = strength
    controls["strength"] = sliders[threat]
    about = widgets.HTML()
    current = {"seed": int(seed)}

    def describe() -> None:
        new = labs.THREATS[controls["threat"].value]
        about.value = (f"<i>{new.description}</i> " + (new.no_threat_note or f"No threat at {new.strength_label} = {new.no_threat:g}.")
                       + f" A row is flagged <b>biased</b> when its mean is at least {THRESHOLD:g}% from the planted OR "
                       "and its Monte Carlo interval excludes it; a smaller deviation (such as a sound estimator's "
                       "small-sample bias of a percent or two) is not flagged.")

    def on_threat() -> None:
        key = controls["threat"].value
        slider = sliders[key]
        slider.value = labs.THREATS[key].default  # each threat starts at its default (quietly: no recomputation)
        controls["strength"] = slider
        slot.children = (slider,)  # only the slot's view is redrawn; the figure and the other controls stay
        describe()

    def update() -> View:
        key, value = controls["threat"].value, float(controls["strength"].value)
        spec = labs.THREATS[key]
        planted_or = 1.0 if controls["planted"].value == "null" else None
        summary = labs.run_bias_experiment(key, value, seed=current["seed"], replicates=spec.replicates,
                                           planted_or=planted_or)
        truth = float(summary["planted_or"].iloc[0])
        n = int(summary["n_replicates"].iloc[0])
        fig = bias_lab_figure(summary, title=f"{spec.label}: {spec.strength_label} = {value:.3g}; "
                                             f"planted OR {truth:g} (synthetic, {n} studies per choice)")
        text = (f"{spec.label}, {spec.strength_label} = {value:.3g}; planted odds ratio {truth:g}; "
                f"each row is the mean over {n} simulated studies (simulation seed {current['seed']}: "
                "press fresh draw for new random studies). ")
        verdict, notes = bias_lab_verdict(summary)
        text += verdict
        failed = int(summary["n_failed"].sum())
        if failed:
            notes.append(f"{failed} simulated studies had no finite estimate and are left out of the means.")
        if truth == 1.0 and summary["biased"].any():
            notes.append(null_note(summary))
        return View(summary, text, fig, bias_lab_table(summary), notes)

    describe()
    box = explorer(controls, update, extra=[about], dependents={"threat": on_threat})
    for slider in sliders.values():
        if slider is not controls["strength"]:  # explorer() observes the one shown at the start
            slider.observe(box.refresh, names="value")
    # The slider sits in a box of its own: swapping the box's child redraws only it (a change of the
    # explorer's own children would redraw every control after it, and the figure).
    slot = widgets.VBox([controls["strength"]])
    box.children = tuple(slot if child is controls["strength"] else child for child in box.children)

    def fresh(_button) -> None:
        current["seed"] += 1
        box.refresh()

    controls["fresh_draw"].on_click(fresh)
    box.seed = lambda: current["seed"]
    return box
