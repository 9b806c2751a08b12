"""Plots of the kit: forest plots, window timelines, sampling distributions and bias plots.

Every function draws on a matplotlib ``Axes`` (a new one unless ``ax=`` is given), returns that
``Axes``, and needs a ``title`` so that each figure says what it shows and where its numbers come
from ("synthetic" or a citation). Ratio axes are logarithmic because an odds ratio of 2 and one of
0.5 are equally far from 1.

For every learner and instructor who draws a figure of the kit. The forest plot, the window
timeline, the bias plot and the referent calendar are defined here; the plots of many simulated
studies (sampling distribution, CI coverage) in :mod:`lbpkit.simulation_plots`, importable from here; the shared conventions
(colours, log-axis ticks, the title rule) in :mod:`lbpkit.plot_style`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from lbpkit.plot_style import (
    EXPOSED_COLOUR,
    HAZARD_COLOUR,
    REFERENT_COLOUR,
    _new_axes,
    _plain_log_ticks,
    _require_columns,
    _require_title,
)
NO_DIARY_COLOUR = "#e6e6e6"  # hours before a diary began (window_timeline)
# The plots of simulated studies are defined in lbpkit.simulation_plots and belong to this module's API.
from lbpkit.simulation_plots import ci_coverage_plot, sampling_distribution_plot

__all__ = [
    "forest_plot",
    "window_timeline",
    "sampling_distribution_plot",
    "ci_coverage_plot",
    "bias_plot",
    "referent_calendar",
]

def forest_plot(
    table: pd.DataFrame,
    *,
    title: str,
    estimate: str = "odds_ratio",
    lower: str = "ci_lower",
    upper: str = "ci_upper",
    label: str | None = None,
    group: str | None = None,
    null: float = 1.0,
    reference: float | None = None,
    reference_label: str = "truth",
    xlabel: str = "Odds ratio (log scale)",
    log: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """Draw one point with its interval per row of ``table``, top to bottom in table order.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per estimate; columns ``estimate``, ``lower`` and ``upper`` (the interval
        may be missing, then only the point is drawn).
    title : str
        The figure title; say where the numbers come from.
    estimate, lower, upper : str
        Column names of the point estimate and the interval limits.
    label : str, optional
        Column with the row labels; the index is used when omitted.
    group : str, optional
        Column that colours the points (e.g. ``"published"`` vs ``"synthetic twin"``); a legend
        is drawn.
    null : float
        Where "no association" lies (1 for ratios, 0 for differences); drawn as a dashed line.
    reference : float, optional
        A second vertical line, e.g. the true (planted) odds ratio of a simulation.
    reference_label : str
        Legend text of the reference line.
    xlabel : str
        The x-axis label (say the unit, e.g. "per hour").
    log : bool
        Use a logarithmic x axis (for ratios).
    ax : matplotlib.axes.Axes, optional
        Draw on this Axes instead of a new figure.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from lbpkit.plots import forest_plot
    >>> table = pd.DataFrame({"odds_ratio": [2.0, 0.8], "ci_lower": [1.2, 0.5],
    ...                       "ci_upper": [3.3, 1.3]}, index=["lifting", "sitting"])
    >>> ax = forest_plot(table, title="Two made-up odds ratios (synthetic)")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['lifting', 'sitting']
    """
    _require_title(title)
    needed = [estimate, lower, upper] + [c for c in (label, group) if c is not None]
    _require_columns(table, needed)
    if len(table) == 0:
        raise ValueError("table has no rows: there is nothing to plot.")
    point = pd.to_numeric(table[estimate], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    low = pd.to_numeric(table[lower], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    high = pd.to_numeric(table[upper], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    if log and (np.nanmin(np.concatenate([point, low, high])) <= 0):
        raise ValueError(f"A log axis needs positive values in {estimate!r}, {lower!r} and {upper!r}; pass log=False for differences.")
    labels = [str(v) for v in (table[label] if label is not None else table.index)]
    ax = _new_axes(ax, (6.5, 0.45 * len(table) + 1.6))
    y = np.arange(len(table))[::-1]
    groups = table[group].astype(str).to_numpy() if group is not None else np.array([""] * len(table))
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for index, name in enumerate(dict.fromkeys(groups)):
        rows = groups == name
        err = np.vstack([point[rows] - low[rows], high[rows] - point[rows]])
        ax.errorbar(point[rows], y[rows], xerr=np.nan_to_num(err), fmt="s", color=colours[index % len(colours)],
                    capsize=3, label=name if group is not None else None)
    ax.axvline(null, color="black", linestyle="--", linewidth=1)
    if reference is not None:
        ax.axvline(reference, color=HAZARD_COLOUR, linewidth=1.5, label=f"{reference_label} = {reference:.3g}")
    if log:
        ax.set_xscale("log")
        _plain_log_ticks(ax)
    ax.set_yticks(y, labels)
    ax.set_ylim(-0.7, len(table) - 0.3)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    if group is not None or reference is not None:
        ax.legend(loc="best", fontsize="small")
    return ax


def window_timeline(
    windows: pd.DataFrame,
    *,
    title: str,
    exposure: pd.DataFrame | None = None,
    person: str = "person",
    time: str = "hours_before",
    exposed: str = "exposed",
    horizon: float | None = None,
    xlabel: str = "Hours before the flare (0 = onset)",
    ax: Axes | None = None,
) -> Axes:
    """Draw hazard and referent windows on a time axis, over example exposure diaries.

    Time runs from the left (long before onset) to the right (onset at 0); times are given as
    hours *before* onset, so a window ``start=0, end=2`` is the 2 hours just before onset.

    Parameters
    ----------
    windows : pandas.DataFrame
        One row per window with columns ``window`` (a label), ``kind`` (``"hazard"`` or
        ``"referent"``), ``start`` and ``end`` (hours before onset, ``start < end``).
    title : str
        The figure title; say where the data come from.
    exposure : pandas.DataFrame, optional
        Diaries to draw under the windows: one row per person-hour with columns ``person``,
        ``time`` (hours before onset, the start of the hour) and ``exposed`` (0/1); exposed
        hours are drawn as dark blocks. A person's diary starts at his or her earliest row: the
        hours before it are drawn grey and hatched ("no diary"), so a window there is visibly empty.
    person, time, exposed : str
        Column names in ``exposure``.
    horizon : float, optional
        How far back the axis goes; by default just past the earliest window or diary hour.
    xlabel : str
        The x-axis label.
    ax : matplotlib.axes.Axes, optional
        Draw on this Axes.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from lbpkit.plots import window_timeline
    >>> w = pd.DataFrame({"window": ["hazard", "referent 1"], "kind": ["hazard", "referent"],
    ...                   "start": [0, 24], "end": [2, 26]})
    >>> ax = window_timeline(w, title="Steffens et al. 2015 windows")
    >>> len(ax.patches)
    2
    """
    _require_title(title)
    _require_columns(windows, ["window", "kind", "start", "end"], "windows")
    bad_kind = sorted(set(windows["kind"]) - {"hazard", "referent"})
    if bad_kind:
        raise ValueError(f"windows['kind'] must be 'hazard' or 'referent', found {bad_kind}.")
    if (windows["start"] >= windows["end"]).any():
        raise ValueError("Each window needs start < end (hours before onset, e.g. start=0, end=2).")
    people: list = []
    if exposure is not None:
        _require_columns(exposure, [person, time, exposed], "exposure")
        people = list(dict.fromkeys(exposure[person]))
    far = max(float(windows["end"].max()), float(exposure[time].max()) + 1 if exposure is not None else 0.0)
    horizon = float(horizon) if horizon is not None else far * 1.05 + 1
    n_rows = max(len(people), 1)
    ax = _new_axes(ax, (8, 0.35 * n_rows + 1.8))
    for row in windows.itertuples(index=False):
        colour = HAZARD_COLOUR if row.kind == "hazard" else REFERENT_COLOUR
        ax.axvspan(-row.end, -row.start, color=colour, alpha=0.25, linewidth=0)
        ax.text(-(row.start + row.end) / 2, n_rows + 0.15, str(row.window), ha="center", va="bottom",
                fontsize="small", color=colour, rotation=0)
    if exposure is not None:
        for index, who in enumerate(people):
            diary = exposure[(exposure[person] == who) & (exposure[exposed] == 1)]
            spans = [(-(t + 1), 1.0) for t in diary[time].to_numpy(dtype=float)]
            ax.broken_barh(spans, (n_rows - index - 0.8, 0.6), color=EXPOSED_COLOUR)
            diary_start = float(exposure.loc[exposure[person] == who, time].max()) + 1
            if diary_start < horizon:  # hours before the diary began: nothing is known there
                ax.add_patch(Rectangle((-horizon, n_rows - index - 0.8), horizon - diary_start, 0.6,
                                       facecolor=NO_DIARY_COLOUR, edgecolor="0.6", hatch="///", linewidth=0))
                if horizon - diary_start >= 0.15 * horizon:
                    ax.text(-(horizon + diary_start) / 2, n_rows - index - 0.5, "no diary", ha="center",
                            va="center", fontsize="x-small", color="0.3")
        ax.set_yticks(np.arange(n_rows) + 0.5, [str(p) for p in people][::-1] if people else [])
        ax.set_ylabel("Diary (person)")
    else:
        ax.set_yticks([])
    ax.axvline(0, color="black", linewidth=2)
    ax.text(0, 0.05, " onset", ha="left", va="bottom", fontsize="small")
    ax.set_xlim(-horizon, max(horizon * 0.04, 1))
    ax.set_ylim(0, n_rows + 0.8)
    ticks = ax.get_xticks()
    ax.set_xticks(ticks, [f"{abs(t):g}" for t in ticks])
    ax.set_xlim(-horizon, max(horizon * 0.04, 1))
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    return ax


def bias_plot(
    table: pd.DataFrame,
    *,
    truth: float,
    title: str,
    label: str = "choice",
    estimate: str = "odds_ratio",
    lower: str = "ci_lower",
    upper: str = "ci_upper",
    xlabel: str = "Estimated odds ratio (log scale)",
    ax: Axes | None = None,
) -> Axes:
    """Forest plot of the estimates under each analysis choice, against the planted odds ratio.

    Each row is annotated with its relative bias, ``estimate / truth - 1`` in percent.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per analysis choice with columns ``label``, ``estimate``, ``lower``, ``upper``.
    truth : float
        The planted odds ratio.
    title : str
        The figure title.
    label, estimate, lower, upper : str
        Column names.
    xlabel : str
        The x-axis label.
    ax : matplotlib.axes.Axes, optional
        Draw on this Axes.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from lbpkit.plots import bias_plot
    >>> t = pd.DataFrame({"choice": ["right", "wrong"], "odds_ratio": [2.1, 1.4],
    ...                   "ci_lower": [1.7, 1.1], "ci_upper": [2.6, 1.8]})
    >>> ax = bias_plot(t, truth=2.0, title="Synthetic example")
    >>> [t.get_text() for t in ax.texts]
    ['bias +5%', 'bias -30%']
    """
    _require_columns(table, [label, estimate, lower, upper])
    if not truth > 0:
        raise ValueError(f"truth must be a positive odds ratio, got {truth!r}.")
    ax = forest_plot(table, title=title, estimate=estimate, lower=lower, upper=upper, label=label,
                     reference=truth, reference_label="planted OR", xlabel=xlabel, ax=ax)
    y = np.arange(len(table))[::-1]
    upper_values = table[upper].to_numpy(dtype=float, na_value=np.nan)
    points = table[estimate].to_numpy(dtype=float, na_value=np.nan)
    for position, point, high in zip(y, points, upper_values):
        anchor = high if np.isfinite(high) else point
        # rounded to a whole percent first, so that -0.4% reads "+0%", not "-0%"
        text = f"bias {round(100 * (point / truth - 1)):+d}%" if np.isfinite(point) else "no estimate"
        ax.annotate(text, (anchor, position), xytext=(6, 0),
                    textcoords="offset points", va="center", fontsize="small")
    low_values = table[lower].to_numpy(dtype=float, na_value=np.nan)
    left = np.nanmin(np.concatenate([low_values, points, [truth]]))
    right = np.nanmax(np.concatenate([upper_values, points, [truth]]))
    ax.set_xlim(left / 1.25, right * 1.9)
    return ax


def referent_calendar(
    *,
    title: str,
    onset_days: tuple[int, ...] = (3, 17),
    days: int = 28,
    ax: Axes | None = None,
) -> Axes:
    """Draw which days each referent scheme compares with the hazard day, for a few onsets.

    One row per scheme and onset, on a calendar of ``days`` study days (day 1 first). The hazard
    day is red, referent days blue; a referent outside the study month is dropped (cut at the
    study's edges, as in :mod:`lbpkit.labs.referents`) and drawn as a grey cross. The schemes are those of notebook 05:
    unidirectional (1 and 2 weeks before), bidirectional (1 week before and after, cut at the
    edges) and time-stratified (the other same weekdays of the study month).

    Parameters
    ----------
    title : str
        The figure title.
    onset_days : tuple of int
        The hazard days to show, each within ``1..days``.
    days : int
        The length of the study month in days (a multiple of 7).
    ax : matplotlib.axes.Axes, optional
        Draw on this Axes.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from lbpkit.plots import referent_calendar
    >>> ax = referent_calendar(title="Referent days (schematic)", onset_days=(3, 17))
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]
    ['time-stratified: hazard day 17', 'time-stratified: hazard day 3']
    """
    _require_title(title)
    if days <= 0 or days % 7:
        raise ValueError(f"days must be a positive multiple of 7 (whole weeks), got {days!r}.")
    bad = [d for d in onset_days if not 1 <= d <= days]
    if not onset_days or bad:
        raise ValueError(f"onset_days must be days 1..{days} of the study, got {list(onset_days)!r}.")
    schemes = {  # name -> the referent days of an onset day
        "unidirectional": lambda d: [d - 14, d - 7],
        "bidirectional, cut at the edges": lambda d: [d - 7, d + 7],
        "time-stratified": lambda d: [r for r in range(1 + (d - 1) % 7, days + 1, 7) if r != d],
    }
    rows = [(name, d, pick(d)) for name, pick in schemes.items() for d in onset_days]
    ax = _new_axes(ax, (9, 0.42 * len(rows) + 1.6))
    ax.axvspan(0.5, days + 0.5, color="#ececec", zorder=0, label="the study month")
    for y, (_, onset, referents) in enumerate(rows[::-1]):
        kept = [r for r in referents if 1 <= r <= days]
        dropped = [r for r in referents if r not in kept]
        ax.scatter([onset], [y], marker="s", s=90, color=HAZARD_COLOUR, zorder=3,
                   label="hazard day (just before the flare)" if y == 0 else None)
        ax.scatter(kept, [y] * len(kept), marker="s", s=90, color=REFERENT_COLOUR, zorder=3,
                   label="referent day" if y == 0 else None)
        ax.scatter(dropped, [y] * len(dropped), marker="x", s=60, color="grey", zorder=3,
                   label="referent dropped: outside the study" if dropped and not any(
                       t.get_label().startswith("referent dropped") for t in ax.collections) else None)
    ax.set_yticks(range(len(rows)), [f"{name}: hazard day {d}" for name, d, _ in rows[::-1]])
    for week in range(0, days + 1, 7):
        ax.axvline(week + 0.5, color="white", linewidth=2, zorder=1)
    ax.set_xlim(-13.5, days + 1)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.set_xticks([1, 8, 15, 22], ["day 1", "day 8", "day 15", "day 22"])
    ax.text(-6.5, -0.6, "before the\nstudy month", ha="center", va="bottom", fontsize="small", color="grey")
    ax.set_xlabel("Calendar day (white lines: week boundaries)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.28), ncol=2, fontsize="small", frameon=False)
    ax.set_title(title)
    return ax
