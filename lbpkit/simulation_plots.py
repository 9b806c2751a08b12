"""Plots of many simulated studies: their sampling distribution and CI coverage.

For learners of Part II (notebooks 03–05), whose lessons hold over many replicates, not one draw:
the Monte Carlo runs of :func:`lbpkit.monte_carlo` and the replicated experiments of
:mod:`lbpkit.labs` are shown with these. Importable from :mod:`lbpkit.plots` (and ``lbpkit``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from lbpkit.plot_style import HAZARD_COLOUR, REFERENT_COLOUR, _new_axes, _plain_log_ticks, _require_columns, _require_title

__all__ = ["sampling_distribution_plot", "ci_coverage_plot"]


def sampling_distribution_plot(
    estimates: pd.DataFrame | pd.Series | Sequence[float],
    *,
    title: str,
    truth: float | None = None,
    column: str = "odds_ratio",
    log: bool = True,
    bins: int = 30,
    xlabel: str = "Estimated odds ratio (log scale)",
    ax: Axes | None = None,
) -> Axes:
    """Histogram of estimates from many simulated studies, with the true value and their median.

    Parameters
    ----------
    estimates : DataFrame, Series or sequence of float
        One estimate per simulated study; from a DataFrame the ``column`` is used.
    title : str
        The figure title (say "synthetic" and the settings).
    truth : float, optional
        The planted value, drawn as a red line.
    column : str
        Column of ``estimates`` to plot when it is a DataFrame.
    log : bool
        Bin and draw on a log scale (for ratios).
    bins : int
        Number of bins.
    xlabel : str
        The x-axis label.
    ax : matplotlib.axes.Axes, optional
        Draw on this Axes.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import numpy as np
    >>> from lbpkit.plots import sampling_distribution_plot
    >>> values = np.exp(np.random.default_rng(1).normal(np.log(2), 0.2, 200))
    >>> ax = sampling_distribution_plot(values, truth=2.0, title="200 synthetic studies")
    >>> ax.get_xscale()
    'log'
    """
    _require_title(title)
    if isinstance(estimates, pd.DataFrame):
        _require_columns(estimates, [column], "estimates")
        values = estimates[column]
    else:
        values = pd.Series(np.asarray(estimates, dtype=float))
    values = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    values = values[np.isfinite(values)]
    if values.size == 0:
        raise ValueError("estimates holds no finite values: there is nothing to plot.")
    if log and (values <= 0).any():
        raise ValueError("A log scale needs positive estimates; pass log=False for log odds ratios or differences.")
    ax = _new_axes(ax, (6.5, 3.6))
    if log:
        edges = np.geomspace(values.min() * 0.98, values.max() * 1.02, bins + 1)
        ax.set_xscale("log")
    else:
        span = values.max() - values.min() or 1.0
        edges = np.linspace(values.min() - 0.02 * span, values.max() + 0.02 * span, bins + 1)
    ax.hist(values, bins=edges, color=REFERENT_COLOUR, alpha=0.7, edgecolor="white")
    if log:
        _plain_log_ticks(ax)
    centre = float(np.exp(np.median(np.log(values)))) if log else float(np.median(values))
    ax.axvline(centre, color="black", linestyle=":", label=f"median estimate = {centre:.3g}")
    if truth is not None:
        ax.axvline(truth, color=HAZARD_COLOUR, linewidth=2, label=f"truth = {truth:.3g}")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("Number of simulated studies")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # a count: no "2.5 studies" with few studies
    ax.set_title(title)
    ax.legend(loc="best", fontsize="small")
    return ax


def ci_coverage_plot(
    estimates: pd.DataFrame,
    *,
    truth: float,
    title: str,
    estimate: str = "odds_ratio",
    lower: str = "ci_lower",
    upper: str = "ci_upper",
    max_studies: int = 60,
    xlabel: str = "Odds ratio with 95% CI (log scale)",
    ax: Axes | None = None,
) -> Axes:
    """Draw the confidence intervals of the first simulated studies; misses are highlighted.

    Parameters
    ----------
    estimates : pandas.DataFrame
        One row per simulated study with the estimate and its interval.
    truth : float
        The planted value; an interval "covers" when ``lower <= truth <= upper``.
    title : str
        The figure title.
    estimate, lower, upper : str
        Column names.
    max_studies : int
        How many studies to draw (the first ones, in table order).
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
    >>> from lbpkit.plots import ci_coverage_plot
    >>> t = pd.DataFrame({"odds_ratio": [2.0, 3.5], "ci_lower": [1.5, 2.6], "ci_upper": [2.7, 4.7]})
    >>> ax = ci_coverage_plot(t, truth=2.0, title="Two synthetic studies")
    >>> ax.get_legend_handles_labels()[1]
    ['covers the truth', 'misses the truth', 'truth = 2']
    """
    _require_title(title)
    _require_columns(estimates, [estimate, lower, upper], "estimates")
    shown = estimates.head(int(max_studies))
    low = shown[lower].to_numpy(dtype=float)
    high = shown[upper].to_numpy(dtype=float)
    point = shown[estimate].to_numpy(dtype=float)
    covers = (low <= truth) & (truth <= high)
    ax = _new_axes(ax, (6.5, 4.2))
    y = np.arange(len(shown))
    for mask, colour, name in ((covers, REFERENT_COLOUR, "covers the truth"), (~covers, HAZARD_COLOUR, "misses the truth")):
        ax.hlines(y[mask], low[mask], high[mask], color=colour, label=name)
        ax.plot(point[mask], y[mask], "o", color=colour, markersize=3)
    ax.axvline(truth, color="black", linewidth=1.5, label=f"truth = {truth:.3g}")
    ax.set_xscale("log")
    _plain_log_ticks(ax)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("Simulated study")
    ax.set_title(title)
    ax.legend(loc="best", fontsize="small")
    return ax
