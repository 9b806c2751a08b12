"""Absolute risk and risk difference from a ratio and a baseline risk.

A case-crossover study compares each person's exposure just before an event with the same
person's exposure at other times at risk. Its odds ratio therefore estimates an *incidence rate
ratio* for the hazard period (Maclure 1991), not an odds ratio of a risk. The natural way to turn
it into an absolute risk is the rate-ratio reading: the exposure multiplies the baseline flare
rate ``r0`` for the period, so with a constant rate the risk over the period goes from
``1 - exp(-r0)`` to ``1 - exp(-ratio * r0)``. The odds reading (``odds1 = ratio * odds0``) treats
the ratio as an odds ratio of the period's risk; it is kept as a sensitivity analysis. For rare
events the two agree closely.

The interval of a risk difference here comes from the ratio's confidence interval only: the
baseline risk is treated as known, which it is not, so a plot against the baseline
(:func:`risk_difference_plot`) shows how much the answer depends on it.

References
----------
Maclure M. The case-crossover design: a method for studying transient effects on the risk of
acute events. Am J Epidemiol 1991;133(2):144-153. doi:10.1093/oxfordjournals.aje.a115853

Examples
--------
>>> from lbpkit.flares.absolute_risk import absolute_risk
>>> round(absolute_risk(0.01, 2.0), 5), round(absolute_risk(0.01, 2.0, reading="odds"), 5)
(0.0199, 0.0198)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["READINGS", "absolute_risk", "risk_difference", "risk_difference_plot"]

READINGS: dict[str, str] = {
    "rate": "the ratio multiplies the baseline event rate: risk = 1 - (1 - baseline) ** ratio",
    "odds": "the ratio multiplies the baseline odds: odds = ratio * baseline / (1 - baseline)",
}


def _risks(value, name: str) -> np.ndarray:
    array = np.asarray(value, dtype=float)
    if np.any(np.isnan(array)) or np.any((array < 0) | (array >= 1)):
        raise ValueError(f"{name} must hold proportions in [0, 1) (a risk of 20% is 0.2), got {value!r}.")
    return array


def _ratios(value, name: str) -> np.ndarray:
    array = np.asarray(value, dtype=float)
    if np.any(np.isnan(array)) or np.any(array <= 0):
        raise ValueError(f"{name} must hold ratios above 0 (no missing values), got {value!r}.")
    return array


def _reading(reading: str) -> str:
    if reading not in READINGS:
        raise ValueError(f"reading must be one of {sorted(READINGS)}, not {reading!r}.")
    return reading


def absolute_risk(baseline_risk, ratio, *, reading: str = "rate"):
    """Risk in the exposed condition implied by a baseline risk and a ratio.

    Parameters
    ----------
    baseline_risk : float or array-like
        Risk over the period (a proportion, 0-1, not a percent) in the reference condition.
    ratio : float or array-like
        The ratio of the comparison; a case-crossover OR is read as a rate ratio.
    reading : {"rate", "odds"}
        ``"rate"`` (default): the ratio multiplies the event rate, ``1 - (1 - p0) ** ratio``
        (constant rate over the period). ``"odds"``: the ratio multiplies the odds,
        ``ratio * odds0 / (1 + ratio * odds0)``. See :data:`READINGS`.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        The risk, broadcast over the inputs (a Series keeps its index).

    Examples
    --------
    >>> round(absolute_risk(0.2, 2.0, reading="odds"), 4)
    0.3333
    >>> round(absolute_risk(0.2, 2.0), 4)  # 1 - 0.8 ** 2
    0.36
    """
    risk = _risks(baseline_risk, "baseline_risk")
    ratios = _ratios(ratio, "ratio")
    if _reading(reading) == "rate":
        out = -np.expm1(ratios * np.log1p(-risk))
    else:
        odds = ratios * risk / (1 - risk)
        out = odds / (1 + odds)
    for like in (baseline_risk, ratio):
        if isinstance(like, pd.Series) and np.shape(out) == (len(like),):
            return pd.Series(out, index=like.index)
    return float(out) if np.ndim(out) == 0 else out


def risk_difference(
    baseline_risk,
    ratio: float,
    *,
    ci_lower: float | None = None,
    ci_upper: float | None = None,
    reading: str = "rate",
    per: float = 1000,
) -> pd.DataFrame:
    """Extra events per ``per`` periods implied by a ratio, with an interval from its CI.

    Parameters
    ----------
    baseline_risk : float or array-like
        One or more baseline risks over the period (proportions).
    ratio : float
        The ratio (e.g. an OR rescaled to the exposure contrast of interest).
    ci_lower, ci_upper : float, optional
        Confidence limits of the ratio; the difference's limits are the differences at these
        limits (the difference is monotone in the ratio). The baseline is treated as known.
    reading : {"rate", "odds"}
        How the ratio acts on the baseline; see :func:`absolute_risk`.
    per : float
        Express the difference as extra events per this many periods (1000 = per 1000 days when
        the period is a day; 100 = percentage points).

    Returns
    -------
    pandas.DataFrame
        One row per baseline: ``baseline_risk``, ``risk``, ``difference``, ``difference_lower``,
        ``difference_upper`` (NaN without limits), ``reading``; ``.attrs["per"]`` records ``per``.

    Examples
    --------
    >>> from lbpkit.flares.absolute_risk import risk_difference
    >>> rd = risk_difference(0.01, 2.0, ci_lower=1.5, ci_upper=3.0, per=1000)
    >>> rd[["difference", "difference_lower", "difference_upper"]].round(2).iloc[0].tolist()
    [9.9, 4.96, 19.7]
    """
    if isinstance(per, bool) or not isinstance(per, (int, float)) or per <= 0:
        raise ValueError(f"per must be a positive number of periods (e.g. 1000), not {per!r}.")
    if (ci_lower is None) != (ci_upper is None):
        raise ValueError("Give both ci_lower and ci_upper, or neither.")
    risk = np.atleast_1d(_risks(baseline_risk, "baseline_risk"))
    if np.ndim(ratio) != 0:
        raise TypeError("ratio must be one number; call risk_difference once per ratio.")
    limits = [np.nan, np.nan]
    if ci_lower is not None:
        low, high = float(_ratios(ci_lower, "ci_lower")), float(_ratios(ci_upper, "ci_upper"))
        if not low <= float(ratio) <= high:
            raise ValueError(f"ratio {ratio} must lie inside its CI ({ci_lower}, {ci_upper}); were the limits swapped?")
        limits = [per * (absolute_risk(risk, value, reading=reading) - risk) for value in (low, high)]
    exposed = absolute_risk(risk, float(_ratios(ratio, "ratio")), reading=reading)
    table = pd.DataFrame({
        "baseline_risk": risk,
        "risk": exposed,
        "difference": per * (exposed - risk),
        "difference_lower": limits[0],
        "difference_upper": limits[1],
        "reading": reading,
    })
    table.attrs = {"per": per, "note": "Interval from the ratio's CI only; the baseline risk is treated as known."}
    return table


def risk_difference_plot(
    ratio: float,
    *,
    ci_lower: float,
    ci_upper: float,
    baselines: dict[str, float] | None = None,
    max_risk: float = 0.1,
    per: float = 1000,
    title: str,
    ax=None,
):
    """Plot the risk difference (rate reading, odds reading dashed) and its band against the baseline.

    Parameters
    ----------
    ratio, ci_lower, ci_upper : float
        The ratio for the exposure contrast and its confidence limits.
    baselines : dict of str to float, optional
        Named baseline risks to mark with vertical lines (their source belongs in the title or
        caption).
    max_risk : float
        Right end of the baseline axis (a proportion).
    per : float
        Extra events per this many periods on the y axis.
    title : str
        Plot title; say where the ratio and baselines come from.
    ax : matplotlib Axes, optional
        Axes to draw on; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from lbpkit.flares.absolute_risk import risk_difference_plot
    >>> ax = risk_difference_plot(1.2, ci_lower=1.1, ci_upper=1.3, title="example")
    >>> ax.get_xlabel()
    'Baseline risk over the period (%)'
    """
    import matplotlib.pyplot as plt

    if not 0 < max_risk < 1:
        raise ValueError(f"max_risk must be a proportion between 0 and 1, not {max_risk!r}.")
    grid = np.linspace(max_risk / 200, max_risk, 200)
    rate = risk_difference(grid, ratio, ci_lower=ci_lower, ci_upper=ci_upper, per=per)
    odds = risk_difference(grid, ratio, reading="odds", per=per)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4), layout="constrained")
    ax.fill_between(100 * grid, rate["difference_lower"], rate["difference_upper"], alpha=0.25,
                    label="95% interval (from the ratio's CI)")
    ax.plot(100 * grid, rate["difference"], label="rate-ratio reading")
    ax.plot(100 * grid, odds["difference"], linestyle="--", label="odds reading (sensitivity)")
    for name, value in (baselines or {}).items():
        ax.axvline(100 * value, color="grey", linestyle=":", linewidth=1)
        ax.annotate(" " + name, (100 * value, 1), xycoords=("data", "axes fraction"), rotation=90,
                    va="top", fontsize=8)
    ax.set(xlabel="Baseline risk over the period (%)", ylabel=f"Extra events per {per:g} periods", title=title)
    ax.legend(loc="upper left", fontsize=8)
    return ax
